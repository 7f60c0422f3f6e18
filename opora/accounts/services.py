"""Writes about users, memberships and sign-in. Each one leaves an audit record."""

from django.conf import settings
from django.contrib.auth import update_session_auth_hash
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opora.accounts.models import Membership, User, normalise_email
from opora.audit.services import audit_log

INVITATION_SALT = "opora.accounts.invitation"
RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODE_COUNT = 10


# --- Organisation ---------------------------------------------------------------------------


@transaction.atomic
def organisation_set_retention(*, organisation, years: int):
    """Store the organisation's retention period. The consents app decides who may set it, checks
    the range and audits the change (`opora.consents.services.retention_set`)."""
    organisation.retention_years = years
    organisation.full_clean()
    organisation.save(update_fields=["retention_years"])
    return organisation


# --- Invitations ------------------------------------------------------------------------------


def invitation_token(membership: Membership) -> str:
    """A signed, timestamped token naming the pending membership and the invited address."""
    return signing.dumps({"m": membership.pk, "e": membership.invited_email}, salt=INVITATION_SALT)


def invitation_from_token(token: str) -> Membership | None:
    """The pending membership the token names, or None when the token is forged, expired or
    the invitation was accepted or withdrawn meanwhile."""
    max_age = settings.OPORA_INVITATION_MAX_AGE_DAYS * 24 * 60 * 60
    try:
        payload = signing.loads(token, salt=INVITATION_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is a subclass
        return None
    if not isinstance(payload, dict):
        return None
    return (
        Membership.objects.pending()
        .select_related("organisation", "school")
        .filter(pk=payload.get("m"), invited_email=payload.get("e") or "")
        .first()
    )


def _invitation_url(membership: Membership, request=None) -> str:
    path = reverse("accounts:invitation_accept", args=[invitation_token(membership)])
    return request.build_absolute_uri(path) if request is not None else path


@transaction.atomic
def membership_invite(*, by: Membership, request=None, full_name, email, role, school=None, job_title=""):
    """Invite a person into the admin's organisation. Nothing about an existing account with
    this address is looked at or disclosed: the membership stays pending (tied to no account)
    until the holder of the address accepts the link. Inviting the same address to the same
    role again refreshes the pending invitation and sends a new link."""
    email = normalise_email(email)
    membership = (
        Membership.objects.pending()
        .select_for_update()
        .filter(organisation=by.organisation, invited_email=email, role=role)
        .first()
    )
    if membership is None:
        membership = Membership(organisation=by.organisation, invited_email=email, role=role)
    membership.invited_name = full_name.strip()
    membership.school = school
    membership.job_title = job_title or ""
    membership.invited_by = by
    membership.invited_at = timezone.now()
    membership.is_active = True
    membership.full_clean(validate_unique=False, validate_constraints=False)
    membership.save()
    _send_invitation(membership, request=request)
    audit_log(action="user.invite", request=request, membership=by, obj=membership, data={"role": role, "email": email})
    return membership


def _send_invitation(membership: Membership, request=None):
    context = {
        "name": membership.invited_name,
        "organisation": membership.organisation.name,
        "role": membership.get_role_display(),
        "url": _invitation_url(membership, request),
        "days": settings.OPORA_INVITATION_MAX_AGE_DAYS,
    }
    EmailMessage(
        subject=_("Invitation to Opora from %(organisation)s") % {"organisation": membership.organisation.name},
        body=render_to_string("accounts/email/invitation.txt", context),
        to=[membership.invited_email],
    ).send()


@transaction.atomic
def invitation_accept(*, membership: Membership, user: User, request=None) -> Membership:
    """Tie a pending membership to the account of the invited address (the caller checked
    that `user` is that account, signed in, or was just created by the holder of the link)."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if not membership.is_pending:
        raise ValidationError(_("This invitation has already been accepted."))
    if normalise_email(user.email) != membership.invited_email:
        raise ValidationError(_("This invitation is for another e-mail address."))
    membership.user = user
    membership.accepted_at = timezone.now()
    try:
        with transaction.atomic():
            membership.save(update_fields=["user", "accepted_at"])
    except IntegrityError:
        raise ValidationError(_("You are already a member of this organisation in this role.")) from None
    audit_log(
        action="user.invitation_accepted",
        actor=user,
        request=request,
        membership=membership,
        obj=membership,
        data={"role": membership.role},
    )
    return membership


@transaction.atomic
def account_create_from_invitation(*, membership: Membership, full_name: str, password: str, request=None) -> User:
    """A new address accepts: its account is created with the name and password the person
    chose (the password validators ran in the form) and the membership is tied to it."""
    if User.objects.filter(email=membership.invited_email).exists():
        raise ValidationError(_("An account with this e-mail address exists. Sign in to accept the invitation."))
    user = User.objects.create_user(email=membership.invited_email, password=password, full_name=full_name.strip())
    audit_log(action="user.create", actor=user, request=request, obj=user, organisation=membership.organisation)
    invitation_accept(membership=membership, user=user, request=request)
    return user


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


# --- Second factor ----------------------------------------------------------------------------

RESET_BY_ADMIN = "admin"
RESET_BY_SELF = "self"
RESET_BY_SUPERUSER = "superuser"


@transaction.atomic
def user_reset_two_factor(*, user: User, by: Membership | None = None, request=None, reset_by=RESET_BY_ADMIN):
    """Remove the person's authenticator so they set up a new one, and tell them by e-mail.

    * by an admin (the caller checked ``access.can_reset_two_factor``) or a superuser: the
      authenticator and the recovery codes go, every session ends; the next sign-in enrols anew;
    * by the person themselves (signed in with their second factor, e.g. a recovery code): only
      the authenticator goes; their other sessions end, this one stays and enrols a new one.
    """
    TOTPDevice.objects.filter(user=user).delete()
    if reset_by != RESET_BY_SELF:
        StaticDevice.objects.filter(user=user).delete()
    user.rotate_session_salt()
    user.save(update_fields=["session_salt"])
    if reset_by == RESET_BY_SELF and request is not None and request.user == user:
        update_session_auth_hash(request, user)
    audit_log(action="user.reset_2fa", request=request, membership=by, obj=user, data={"by": reset_by})
    organisation = by.organisation.name if by is not None and reset_by == RESET_BY_ADMIN else ""
    _notify_second_factor_change(user, reset_by, organisation)


def _notify_second_factor_change(user: User, change: str, organisation: str = ""):
    context = {"name": user.full_name, "change": change, "organisation": organisation, "when": timezone.now()}
    EmailMessage(
        subject=_("The two-factor sign-in of your Opora account has changed"),
        body=render_to_string("accounts/email/second_factor_changed.txt", context),
        to=[user.email],
    ).send()


def totp_device_for_enrolment(user: User) -> TOTPDevice:
    """The user's unconfirmed device, created on first need (one per user)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Opora", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, request=None) -> list[str]:
    """Confirm the enrolled authenticator and give the person fresh recovery codes."""
    TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_log(action="user.2fa_enrolled", request=request, obj=device.user)
    return recovery_codes_generate(user=device.user, request=request, notify=False)


def recovery_device_for_session(user: User) -> StaticDevice:
    """The device that keeps a self-reset session verified until the new authenticator is set
    up: the person's recovery device (created if they have none)."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    return device


def recovery_device(user: User) -> StaticDevice | None:
    return StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True).first()


@transaction.atomic
def recovery_codes_generate(*, user: User, request=None, notify=True) -> list[str]:
    """Replace the person's recovery codes with new ones (each works once). The codes are
    returned to be shown once; a regeneration is announced by e-mail."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    device.throttle_reset()
    audit_log(action="user.recovery_codes_generated", request=request, obj=user)
    if notify:
        _notify_second_factor_change(user, "recovery_codes")
    return codes


def recovery_code_used(*, user: User, request=None):
    """Record that the person signed in with one of their recovery codes."""
    audit_log(action="user.recovery_code_used", request=request, obj=user)


def otp_verify(*, device, token: str, request=None, kind: str = "totp") -> str | None:
    """Check a code of the second factor. Returns None when it is right, else the message to
    show. Every refused code is audited; while django-otp's throttling makes the device wait
    after wrong codes, even the right code is refused (and audited as throttled)."""
    user = device.user
    allowed, info = device.verify_is_allowed()
    if not allowed:
        locked_until = (info or {}).get("locked_until")
        wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1) if locked_until else 1
        audit_log(
            action="user.otp_failed",
            actor=user,
            request=request,
            obj=user,
            data={"device": kind, "reason": "throttled", "failures": (info or {}).get("failure_count")},
        )
        return _("Too many wrong codes in a row. Wait %(seconds)s seconds and enter a current code again.") % {
            "seconds": wait
        }
    if device.verify_token(token):
        return None
    device.refresh_from_db(fields=["throttling_failure_count"])
    audit_log(
        action="user.otp_failed",
        actor=user,
        request=request,
        obj=user,
        data={"device": kind, "reason": "wrong_code", "failures": device.throttling_failure_count},
    )
    if kind == "recovery":
        return _("The recovery code is not valid or has already been used.")
    return _("The code is not valid. Enter the current code from your app.")
