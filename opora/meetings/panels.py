"""What the meetings app adds to the case page (a tab for the team) and to the school view
(the minutes of meetings the signed-in school staff attended)."""

from opora import access
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


def upcoming_panel(request):
    """Overview panel: the next meetings of the user (case managers, coordinators, facilitators)."""
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_run_meetings(membership):
        return None
    meetings = list(selectors.upcoming_for(membership)[:5])
    return {"meetings": meetings}
