from django.shortcuts import redirect
from django.urls import reverse

from opora.access import is_verified, memberships_of
from opora.accounts.models import Membership

SESSION_KEY = "opora_membership_id"

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
        if membership_id:
            membership = (
                Membership.objects.active()
                .select_related("organisation", "school", "user")
                .filter(pk=membership_id, user=request.user)
                .first()
            )
            if membership is not None:
                return membership
            request.session.pop(SESSION_KEY, None)
        memberships = memberships_of(request.user)
        if len(memberships) == 1:
            request.session[SESSION_KEY] = memberships[0].pk
            return memberships[0]
        return None
