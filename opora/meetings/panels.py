"""What the meetings app adds to the case page (a tab for the team) and to the school view
(the minutes of meetings the signed-in school staff attended)."""

from django.utils.translation import gettext as _

from opora import access
from opora.meetings import selectors


def case_tab(request, case):
    """The "Meetings" tab; its meetings are loaded only when the tab is shown."""
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    level = getattr(case, "access_level", None) or access.case_access_level(membership, case)
    if level != access.CASE_TEAM:
        return None
    return {
        "template": "meetings/_case_tab.html",
        "title": _("Meetings"),
        "case": case,
        "load": lambda: {"meetings": list(selectors.meetings_of_case(case)[:10]), "can_plan": not case.is_closed},
    }


def school_panel(request, case):
    membership = getattr(request, "membership", None)
    if membership is None:
        return None
    meetings = list(selectors.attended_by(membership, case)[:10])
    if not meetings:
        return None
    return {
        "template": "meetings/_school_panel.html",
        "title": _("Minutes of meetings you attended"),
        "meetings": meetings,
    }


def upcoming_panel(request):
    """Overview panel: the next meetings of the user (case managers, coordinators, facilitators)."""
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_run_meetings(membership):
        return None
    meetings = list(selectors.upcoming_for(membership)[:5])
    return {"template": "meetings/_upcoming_panel.html", "meetings": meetings}
