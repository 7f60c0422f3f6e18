from django.core.management.base import BaseCommand
from django.utils import timezone

from opora.core import privacy


class Command(BaseCommand):
    help = "Deletes working data kept only for a while (abandoned uploads, old API idempotency keys); idempotent."

    def handle(self, *args, **options):
        now = timezone.now()
        for purge in privacy.transient:
            self.stdout.write(f"{purge.key}: {purge.load(now)} deleted")
