"""Reads of the API app."""

from opora.accounts.models import Membership
from opora.api.models import ApiToken


def tokens_of(membership):
    return ApiToken.objects.filter(membership=membership).order_by("-created_at", "-id")


def token_for_authentication(prefix: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("membership__user", "membership__organisation", "membership__school")
        .filter(prefix=prefix, membership__in=Membership.objects.active().filter(organisation__isnull=False))
        .first()
    )


def idempotent_object(record):
    """The object the first request with an Idempotency-Key created (to answer a retry)."""
    from django.apps import apps

    model = apps.get_model(record.object_type)
    return model._base_manager.filter(pk=record.object_id).first()


# --- Records of a case the policy already let the caller open (opora.access.fetch_case) -------


def goals_of(case):
    from opora.cases.models import Goal

    return Goal.objects.filter(case=case)


def tasks_of(case, *, status=""):
    from opora.cases.models import Task

    qs = Task.objects.filter(case=case)
    return qs.filter(status=status) if status else qs


def consents_of(case):
    from opora.consents.models import Consent

    return Consent.objects.filter(case=case).prefetch_related("actors")


def meetings_for(membership):
    from opora import access

    return access.meetings_for(membership).select_related("case")
