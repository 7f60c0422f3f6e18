"""THE authorisation module: who may see or do what. One place; views and selectors call it.

Conventions
-----------
* A request acts through one *membership* (user + organisation + role), chosen at sign-in.
* Anonymous visitors are sent to sign-in; a signed-in user without the right role gets 403.
* Objects of another organisation are answered with 404, never 403: their existence is not
  disclosed.
* Each domain adds its rules here as named ``can_*`` predicates and ``*_for`` query helpers,
  so the whole policy can be read top to bottom in this file.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect

from opora.accounts.models import Membership, Role

# Groups of roles, named by what they may do.
CASE_WORKERS = (Role.CASE_MANAGER, Role.COORDINATOR)
STAFF_OF_SERVICE = (Role.CASE_MANAGER, Role.COORDINATOR, Role.FACILITATOR)
ALL_ROLES = tuple(Role.values)


def otp_required() -> bool:
    return bool(getattr(settings, "OPORA_REQUIRE_2FA", True))


def is_verified(user) -> bool:
    """True when the user passed the second factor, or the second factor is not required and
    the user has no device (a user who enrolled a device always has to use it)."""
    if not user.is_authenticated:
        return False
    if user.is_verified():
        return True
    if otp_required():
        return False
    from django_otp import user_has_device

    return not user_has_device(user, confirmed=True)


def memberships_of(user) -> list[Membership]:
    return list(
        Membership.objects.active()
        .filter(user=user, organisation__isnull=False)
        .select_related("organisation", "school")
        .order_by("organisation__name", "role")
    )


def member_required(*roles: str):
    """View decorator: a verified, signed-in user acting through a membership with one of
    `roles` (all roles when none are given). Sets nothing new: the middleware already put
    the membership on ``request.membership``."""

    allowed: Iterable[str] = roles or ALL_ROLES

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not is_verified(user):
                return redirect("accounts:otp")
            membership = getattr(request, "membership", None)
            if membership is None:
                if memberships_of(user):
                    return redirect("accounts:choose_organisation")
                raise PermissionDenied
            if membership.role not in allowed:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.opora_roles = tuple(allowed)
        return wrapper

    return decorator


def in_organisation(membership: Membership, obj) -> bool:
    return obj is not None and getattr(obj, "organisation_id", None) == membership.organisation_id


def get_in_organisation(membership: Membership, queryset, **lookup):
    """Fetch one object of the membership's organisation, or raise 404 (never 403)."""
    obj = queryset.filter(organisation_id=membership.organisation_id, **lookup).first()
    if obj is None:
        raise Http404
    return obj


# --- Users and settings -------------------------------------------------------------------


def can_manage_users(membership: Membership) -> bool:
    """Admins manage users and settings of their organisation (but read no case content)."""
    return membership.role == Role.ADMIN


def can_read_audit_log(membership: Membership) -> bool:
    return membership.role in (Role.COORDINATOR, Role.ADMIN)
