import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from opora.accounts.models import Organisation
from opora.core import demo


class Command(BaseCommand):
    help = "Creates the demo organisations, people, schools and cases (once), and prints the demo sign-ins."

    def add_arguments(self, parser):
        parser.add_argument("--quiet", action="store_true", help="Do not print the sign-ins.")

    def handle(self, *args, quiet=False, **options):
        if Organisation.objects.filter(slug="cesta-spolu").exists():
            self.stdout.write("Demo data already present.")
        else:
            with transaction.atomic():
                ctx = demo.DemoContext()
                demo.seed_foundation(ctx)
                for app in demo.DEMO_APPS:
                    try:
                        module = importlib.import_module(f"opora.{app}.demo")
                    except ModuleNotFoundError as exc:
                        if exc.name != f"opora.{app}.demo":
                            raise
                        continue
                    module.seed(ctx)
            self.stdout.write(self.style.SUCCESS("Demo data created."))
        if not quiet:
            self._print_sign_ins()

    def _print_sign_ins(self):
        from opora.accounts.models import Membership

        rows = (
            Membership.objects.filter(user__email__contains="demo.")
            .select_related("user", "organisation", "school")
            .order_by("organisation__name", "role", "user__email")
        )
        self.stdout.write("")
        self.stdout.write("Opora demo at http://127.0.0.1:8000 (two-factor sign-in optional in the demo)")
        self.stdout.write(f"Password for every demo account: {demo.DEMO_PASSWORD}")
        for m in rows:
            school = f" ({m.school.name})" if m.school else ""
            self.stdout.write(f"  {m.user.email:<42} {m.get_role_display():<20} {m.organisation.name}{school}")
        self.stdout.write("")
