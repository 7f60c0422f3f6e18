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


def _openable(membership, object_type: str, ids: set[str]) -> dict[str, tuple[str, str]]:
    """{id: (label, url)} of the objects of one type the viewer may open (the policy decides)."""
    from django.urls import reverse

    from opora import access

    pks = [int(i) for i in ids if i.isdigit()]
    if membership is None or not pks:
        return {}
    if object_type == "cases.case":
        found = access.cases_for(membership).filter(pk__in=pks).only("pk", "number")
        return {str(c.pk): (c.number, reverse("cases:detail", args=[c.pk])) for c in found}
    if object_type == "meetings.meeting":
        found = access.meetings_for(membership).filter(pk__in=pks).only("pk", "kind", "start")
        return {str(m.pk): (str(m), reverse("meetings:detail", args=[m.pk])) for m in found}
    if object_type == "schools.school":
        found = access.schools_for(membership).filter(pk__in=pks).only("pk", "name")
        return {str(s.pk): (s.name, reverse("schools:detail", args=[s.pk])) for s in found}
    return {}


def described(events, membership) -> list[dict]:
    """The events of one page in words: action, role and object translated; the object linked
    (and named) where the viewer may open it, otherwise its kind and number only."""
    from opora.audit import words

    events = list(events)
    wanted: dict[str, set[str]] = {}
    for e in events:
        if e.object_id:
            wanted.setdefault(e.object_type, set()).add(e.object_id)
    openable = {t: _openable(membership, t, ids) for t, ids in wanted.items()}
    rows = []
    for e in events:
        kind = words.object_type_label(e.object_type)
        name, url = openable.get(e.object_type, {}).get(e.object_id, ("", ""))
        rows.append(
            {
                "event": e,
                "at": e.at,
                "who": e.actor_email,
                "role": words.role_label(e.role),
                "action": words.action_label(e.action),
                "object_kind": kind,
                "object_name": name or (f"#{e.object_id}" if e.object_id else ""),
                "object_url": url,
                "ip_address": e.ip_address,
            }
        )
    return rows


def action_choices() -> list[tuple[str, str]]:
    """(code, words) of every known action, by its words, for the filter of the log."""
    from opora.audit import words

    return sorted(((code, str(label)) for code, label in words.ACTIONS.items()), key=lambda c: c[1])


def case_log_in_words(case):
    """Every event of the case for the CSV export, in words (no links: a file has no viewer)."""
    from opora.audit import words

    for e in case_log(case).iterator():
        yield {
            "at": e.at,
            "who": e.actor_email,
            "role": words.role_label(e.role),
            "action": words.action_label(e.action),
            "kind": words.object_type_label(e.object_type),
            "id": e.object_id,
            "ip": e.ip_address or "",
        }
