from django.core.management.base import BaseCommand

from opora.consents.privacy import anonymise_expired_cases


class Command(BaseCommand):
    help = "Anonymises closed cases whose organisation's retention period has passed (idempotent)."

    def handle(self, *args, **options):
        count = anonymise_expired_cases()
        self.stdout.write(f"Anonymised cases: {count}")
