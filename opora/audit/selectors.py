"""Reads of the audit log. Who may read it is decided by opora.access."""

from opora.audit.models import AuditEvent


def organisation_log(membership, *, action: str = ""):
    """The organisation's events, newest first; `action` filters by its beginning ("cases.")."""
    events = AuditEvent.objects.filter(organisation_id=membership.organisation_id)
    if action:
        events = events.filter(action__startswith=action)
    return events.select_related("actor")


def case_log(case):
    """Every event about one case (case ids are unique across organisations; the case itself
    was fetched through the policy)."""
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor")
