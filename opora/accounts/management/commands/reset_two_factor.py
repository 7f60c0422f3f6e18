"""The system administrator resets a person's second factor (also of a person who works in
several organisations, which no organisation admin may do). The person is told by e-mail."""

from django.core.management.base import BaseCommand, CommandError

from opora.accounts import services
from opora.accounts.models import User, normalise_email


class Command(BaseCommand):
    help = "Reset the two-factor sign-in (authenticator and recovery codes) of the account with this e-mail."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email=normalise_email(email)).first()
        if user is None:
            raise CommandError(f"No account has the e-mail address {email!r}.")
        services.user_reset_two_factor(user=user, reset_by=services.RESET_BY_SUPERUSER)
        self.stdout.write(f"Two-factor sign-in of {user.email} has been reset; the person was told by e-mail.")
