"""What the meetings app adds to the case page (a tab for the team) and to the school view
(the minutes of meetings the signed-in school staff attended)."""

from opora import access
from opora.core.dates import request_now
from opora.meetings import selectors


def case_tab_visible(request, case) -> bool:
    """The "Meetings" tab is the case team's."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return False
    level = getattr(case, "access_level", None) or access.case_access_level(membership, case)
    return level == access.CASE_TEAM


def case_tab_load(request, case) -> dict:
    """The meetings of the tab, loaded only when the tab is shown."""
    return {"meetings": list(selectors.meetings_of_case(case)[:10]), "can_plan": not case.is_closed}


def school_panel(request, case):
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    meetings = list(selectors.attended_by(membership, case)[:10])
    if not meetings:
        return None
    return {"meetings": meetings}


UPCOMING = 5


def upcoming_prepare(request):
    membership = access.member_allowed(request, access.can_run_meetings)
    return None if membership is None else [selectors.next_meetings_call(membership, UPCOMING, request_now(request))]


def upcoming_panel(request):
    """Overview panel: the next meetings of the user (case managers, coordinators, facilitators)."""
    membership = access.member_allowed(request, access.can_run_meetings)
    if membership is None:
        return None
    return {"meetings": selectors.next_meetings(membership, UPCOMING, request_now(request))}


def timeline_entries(case, limit: int) -> list[dict]:
    """The case's held meetings, with who of the family came and the tasks agreed there."""
    from django.urls import reverse
    from django.utils import timezone
    from django.utils.translation import gettext as _

    entries = []
    for meeting in selectors.held_meetings_of_case(case)[:limit]:
        lines = []
        family = [p.name for p in meeting.participants.all() if p.is_present and (p.is_student or p.close_person_id)]
        if family:
            lines.append(_("Present of the family: %(names)s") % {"names": ", ".join(family)})
        for link in meeting.task_links.all():
            lines.append(_("Task agreed: %(title)s") % {"title": link.task.title})
        entries.append(
            {
                "at": meeting.start,
                "date": timezone.localtime(meeting.start).date(),
                "title": _("%(kind)s held") % {"kind": meeting.get_kind_display()},
                "lines": lines,
                "url": reverse("meetings:detail", args=[meeting.pk]),
            }
        )
    return entries
