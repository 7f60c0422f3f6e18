"""The API asks the one policy (opora.access): a capability per view, the token's scope for writes."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from opora.api.models import ApiToken


class ActsThroughMembership(permissions.BasePermission):
    """Authenticated through a membership; a write needs a read-write token; the view's
    `capability` (an opora.access predicate) must hold for the membership."""

    message = _("Your role may not use this part of the API.")

    def has_permission(self, request, view):
        membership = getattr(request._request, "membership", None)
        if not request.user or not request.user.is_authenticated or membership is None:
            return False
        if request.method not in permissions.SAFE_METHODS:
            token = request.auth
            if not isinstance(token, ApiToken) or not token.can_write:
                self.message = _("This token may only read. Create a read-write token to make changes.")
                return False
        capability = getattr(view, "capability", None)
        return capability is None or capability(membership)
