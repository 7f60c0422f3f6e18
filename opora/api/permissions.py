from rest_framework.permissions import BasePermission

from opora import access


class IsVerifiedMember(BasePermission):
    """API calls need the same thing as pages: a verified user acting through a membership."""

    def has_permission(self, request, view):
        user = request.user
        return bool(
            user and user.is_authenticated and access.is_verified(user) and getattr(request, "membership", None)
        )
