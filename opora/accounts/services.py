"""Writes about users, memberships and sign-in. Each one leaves an audit record."""

from django.contrib.auth import update_session_auth_hash
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from opora.accounts.models import Membership, User
from opora.audit.services import audit_log


@transaction.atomic
def user_create(*, by: Membership, request=None, full_name, email, role, school=None, job_title="", password):
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, password=password, full_name=full_name)
    membership = Membership(
        user=user, organisation=by.organisation, role=role, school=school, job_title=job_title or ""
    )
    membership.full_clean()
    membership.save()
    audit_log(action="user.create", request=request, membership=by, obj=membership, data={"role": role})
    return membership


@transaction.atomic
def membership_update(*, membership: Membership, by: Membership, request=None, **fields):
    for name, value in fields.items():
        setattr(membership, name, value)
    membership.full_clean()
    membership.save()
    audit_log(
        action="membership.update", request=request, membership=by, obj=membership, data={"role": membership.role}
    )
    return membership


@transaction.atomic
def user_sign_out_everywhere(*, user: User, request=None, by: Membership | None = None):
    """Invalidate every session of `user` (their own request stays signed in if they did it)."""
    user.rotate_session_salt()
    user.save(update_fields=["session_salt"])
    if request is not None and request.user == user:
        update_session_auth_hash(request, user)
    audit_log(action="user.sign_out_everywhere", request=request, membership=by, obj=user)


@transaction.atomic
def user_reset_two_factor(*, user: User, by: Membership, request=None):
    TOTPDevice.objects.filter(user=user).delete()
    user.rotate_session_salt()
    user.save(update_fields=["session_salt"])
    audit_log(action="user.reset_2fa", request=request, membership=by, obj=user)


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first need (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Opora", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, request=None):
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(action="user.2fa_enrolled", request=request, obj=device.user)
