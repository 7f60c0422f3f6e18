"""Who calls the API: a personal token (``Authorization: Bearer opora_…``), or — for reading
only — the signed-in, 2FA-verified session of the web app. Either way the request acts through
one membership, put on ``request.membership`` as the web app's middleware does, and every audit
record it writes is marked as made through the API."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from opora import access
from opora.api import selectors, services


def _mark(request, membership, via: str, token=None) -> None:
    django_request = getattr(request, "_request", request)
    django_request.membership = membership
    django_request.opora_api = via
    django_request.api_token = token


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from None
        parts = services.split_token(raw)
        token = selectors.token_for_authentication(parts[0]) if parts else None
        if token is None or not services.secret_matches(token, parts[1]):
            raise exceptions.AuthenticationFailed(_("The token is not valid."))
        if token.revoked_at is not None or token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("The token has expired or was revoked."))
        services.token_touch(token)
        membership = token.membership
        _mark(request, membership, f"token:{token.prefix}", token)
        return membership.user, token

    def authenticate_header(self, request):
        return self.keyword


class VerifiedSessionAuthentication(authentication.SessionAuthentication):
    """The web app's session, for safe (reading) methods only and only past the second factor;
    writes need a read-write token."""

    def authenticate(self, request):
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            return None
        django_request = request._request
        user = getattr(django_request, "user", None)
        if user is None or not user.is_authenticated or not access.is_verified(user):
            return None
        membership = getattr(django_request, "membership", None)
        if membership is None:
            return None
        _mark(request, membership, "session")
        return user, None
