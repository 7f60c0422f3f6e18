"""The case manager's overview panel: the open cases (their overdue tasks are on My day,
``opora.day``)."""

from opora import access
from opora.cases.models import Case
from opora.cases.workflow import OPEN_STATES


def my_cases_panel(request):
    membership = request.membership
    if not access.has_own_caseload(membership):
        return None
    mine = Case.objects.filter(organisation_id=membership.organisation_id, lead=membership, state__in=OPEN_STATES)
    return {
        "open_count": mine.count(),
        "not_attending": mine.filter(state="not_attending").count(),
    }
