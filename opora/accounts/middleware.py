from django.apps import apps
from django.contrib.auth import SESSION_KEY as USER_SESSION_KEY
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import middleware as otp_middleware
from django_otp.models import Device

from opora.access import is_verified, memberships_of
from opora.accounts.models import Membership
from opora.core.navigation import header_counts
from opora.core.orm import CompiledQuery, prefetched

SESSION_KEY = "opora_membership_id"
# When the signed-in session was last written (POSIX seconds): it is written again, and its
# expiry moved, at most once every SESSION_TOUCH_SECONDS while it is used.
SESSION_TOUCHED_KEY = "opora_touched"
SESSION_TOUCH_SECONDS = 60

# Paths a signed-in but not yet verified user may reach (second factor, sign-out, language,
# the invitation link — its view sends an unverified account to the second factor itself).
_OPEN_PREFIXES = (
    "/static/",
    "/i18n/",
    "/accounts/otp/",
    "/accounts/logout/",
    "/accounts/login/",
    "/accounts/invitation/",
)


def _membership_of_user(membership, user):
    """The active membership `membership` of `user`, with its organisation and school: one row by
    its key, without ORDER BY (an ordered query hashes every selected column), with the header's
    numbers as subqueries (no query of their own on every page)."""
    return (
        Membership.objects.active()
        .select_related("organisation", "school")
        .filter(pk=membership, user_id=user)
        .annotate(**{count.key: count.expression() for count in header_counts})
        .order_by()[:1]
    )


# Built and compiled once per connection: every signed-in request runs it.
_MEMBERSHIP_OF_USER = CompiledQuery(_membership_of_user, "membership", "user", plan_once=True)


def _device_query(device_cls) -> CompiledQuery:
    query = _DEVICE_QUERIES.get(device_cls)
    if query is None:
        query = _DEVICE_QUERIES[device_cls] = CompiledQuery(
            lambda device: device_cls.objects.filter(id=device).order_by("pk")[:1], "device", plan_once=True
        )
    return query


_DEVICE_QUERIES: dict = {}


class OTPMiddleware(otp_middleware.OTPMiddleware):
    """django-otp's middleware, with the session's second-factor device read by a query built and
    compiled once per connection (every signed-in request reads it). What it accepts is
    django-otp's: the device of the persistent id in the session (``Device.from_persistent_id``),
    then ``_finalize_device`` (the user's own, confirmed device, else none)."""

    def __call__(self, request):
        """The session's device and membership are read together (one round trip to PostgreSQL,
        ``orm.prefetched``) when the user's device and the membership middleware ask for them: both
        are keyed by the session alone. What each of them accepts is decided as before."""
        session = getattr(request, "session", None)
        if self._is_async or session is None:
            return super().__call__(request)
        persistent_id = session.get(otp_middleware.DEVICE_ID_SESSION_KEY)
        membership_id, user_id = session.get(SESSION_KEY), session.get(USER_SESSION_KEY)
        calls = [self._device_call(persistent_id) if persistent_id else None]
        if type(membership_id) is int and isinstance(user_id, str) and user_id.isdigit():
            calls.append(_MEMBERSHIP_OF_USER.call(membership=membership_id, user=int(user_id)))
        with prefetched(calls):
            return super().__call__(request)

    def _device_call(self, persistent_id: str):
        persistent_id = self._normalize_persistent_id(persistent_id)
        try:
            model_label, device_id = persistent_id.rsplit("/", 1)
            device_cls = apps.get_model(*model_label.split("."))
            device_id = int(device_id)
        except (ValueError, LookupError, TypeError):
            return None
        if not issubclass(device_cls, Device):
            return None
        return _device_query(device_cls).call(device=device_id)

    def _device_from_persistent_id(self, persistent_id: str):
        call = self._device_call(persistent_id)
        rows = call.rows() if call is not None else []
        return rows[0] if rows else None


class MembershipMiddleware:
    """Puts the membership the user acts through on ``request.membership`` and keeps
    unverified users (no second factor yet) away from everything but the 2FA step."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        user = request.user
        if user.is_authenticated:
            if not is_verified(user) and not request.path.startswith(_OPEN_PREFIXES):
                return redirect(reverse("accounts:otp"))
            request.membership = self._membership(request)
        return self.get_response(request)

    @staticmethod
    def _membership(request):
        membership_id = request.session.get(SESSION_KEY)
        if membership_id is not None:
            # The session holds the id as an integer (anything else is not ours: chosen again).
            rows = (
                _MEMBERSHIP_OF_USER(membership=membership_id, user=request.user.pk)
                if type(membership_id) is int
                else []
            )
            if rows:
                membership = rows[0]
                # The user is already loaded by the authentication middleware: no join for it.
                membership.user = getattr(request.user, "_wrapped", request.user)
                return membership
            request.session.pop(SESSION_KEY, None)
        memberships = memberships_of(request.user)
        if len(memberships) == 1:
            request.session[SESSION_KEY] = memberships[0].pk
            return memberships[0]
        return None


class SessionActivityMiddleware:
    """Sign-out after inactivity without a session write on every request.

    The session's expiry (``SESSION_COOKIE_AGE`` after its last save) is the idle timeout. Instead
    of ``SESSION_SAVE_EVERY_REQUEST`` (an UPDATE per request), a signed-in session is saved when
    something in it changed or when its last save is at least a minute old, so it expires between
    SESSION_COOKIE_AGE minus a minute and SESSION_COOKIE_AGE after the last request — never later.
    Placed right after SessionMiddleware, so its response half runs before the session is saved."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and USER_SESSION_KEY in session:
            now = int(timezone.now().timestamp())
            if session.modified or now - session.get(SESSION_TOUCHED_KEY, 0) >= SESSION_TOUCH_SECONDS:
                session[SESSION_TOUCHED_KEY] = now
        return response
