"""The one helper every service and view calls to leave an audit record."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from opora.audit.models import AuditEvent
from opora.core.orm import CompiledInsert

# The record's INSERT, its SQL built once per connection (every case read writes one).
_INSERT = CompiledInsert(
    AuditEvent,
    (
        "at",
        "action",
        "actor_id",
        "actor_email",
        "organisation_id",
        "role",
        "object_type",
        "object_id",
        "case_id",
        "ip_address",
        "data",
    ),
    plan_once=True,
)


def client_ip(request) -> str | None:
    if request is None:
        return None
    # REMOTE_ADDR is set by the WSGI server; a reverse proxy in front must set it correctly.
    return request.META.get("REMOTE_ADDR") or None


def audit_log(
    *,
    action: str,
    actor=None,
    request=None,
    membership=None,
    obj: Any = None,
    object_type: str = "",
    object_id: Any = "",
    case_id: int | None = None,
    organisation=None,
    actor_email: str = "",
    data: dict | None = None,
) -> AuditEvent:
    """Append one audit record.

    `membership` (or `request.membership`) supplies the organisation and role; `obj` supplies
    the object type and id, and its case if it has one (`case_id` attribute or itself a case).
    """
    if request is not None:
        via = getattr(request, "opora_api", "")
        if via:
            # Made through the REST API (opora/api): the same record, marked with how it came.
            data = {**(data or {}), "via": "api", "api_auth": via}
        if actor is None and getattr(request, "user", None) is not None and request.user.is_authenticated:
            actor = request.user
        if membership is None:
            membership = getattr(request, "membership", None)
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or obj.pk
        if case_id is None:
            if obj._meta.label_lower == "cases.case":
                case_id = obj.pk
            else:
                case_id = getattr(obj, "case_id", None)
    if membership is not None and organisation is None:
        organisation = membership.organisation
    if organisation is None and obj is not None:
        organisation = getattr(obj, "organisation", None) if hasattr(obj, "organisation_id") else None
    return _INSERT(
        at=timezone.now(),
        action=action,
        actor_id=actor.pk if actor is not None else None,
        actor_email=actor_email or (actor.email if actor is not None else ""),
        organisation_id=organisation.pk if organisation is not None else None,
        role=membership.role if membership is not None else "",
        object_type=object_type,
        object_id=str(object_id) if object_id not in (None, "") else "",
        case_id=case_id,
        ip_address=client_ip(request),
        data=data or {},
    )
