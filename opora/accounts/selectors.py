"""Reads about accounts and their second factor."""

from django_otp.plugins.otp_totp.models import TOTPDevice

from opora.accounts.models import Membership, User


def confirmed_totp(user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator, if they have one."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def account_by_email(email: str) -> User | None:
    return User.objects.filter(email=email).first()


def recovery_codes_left(device) -> int:
    return device.token_set.count()


def memberships_of_organisation(membership):
    """Every membership (pending invitations included) of the admin's organisation."""
    return (
        Membership.objects.filter(organisation_id=membership.organisation_id)
        .select_related("user", "school")
        .order_by("user__full_name", "role")
    )
