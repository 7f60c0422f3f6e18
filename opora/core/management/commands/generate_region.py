from django.core.management.base import BaseCommand, CommandError

from opora.core import region


class Command(BaseCommand):
    help = (
        "Fills an empty database with a region's data for scale tests: 200 organisations, 3,000 schools, "
        "100,000 cases with families, activities, tasks, meetings, consents and audit records (scaled by --cases)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, default=region.FULL, help="Number of cases (default 100000).")
        parser.add_argument(
            "--scale", type=float, default=None, help="Size relative to the full region (1.0 = 100,000 cases)."
        )
        parser.add_argument(
            "--organisations", type=int, default=None, help="Number of organisations (default: 200 scaled)."
        )
        parser.add_argument("--seed", type=int, default=15)

    def handle(self, *args, cases, scale, organisations, seed, **options):
        from opora.accounts.models import Organisation

        if scale is not None:
            cases = max(1, round(region.FULL * scale))
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if Organisation.objects.filter(slug__startswith="region-").exists():
            raise CommandError("Regional data is already present; generate it into an empty database.")
        summary = region.generate(cases=cases, organisations=organisations, seed=seed, out=self.stdout.write)
        total = sum(summary["counts"].values())
        self.stdout.write(self.style.SUCCESS(f"{total:,} rows in {summary['seconds']:.0f} s."))
        self.stdout.write(
            f"Sign in (organisation {summary['organisation']}, {summary['largest_organisation_cases']:,} cases; "
            f"set OPORA_REQUIRE_2FA=false to skip the second factor), password {summary['password']}:"
        )
        for email, role in summary["sign_ins"]:
            self.stdout.write(f"  {email:<36} {role}")
