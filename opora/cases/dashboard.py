"""The case manager's overview panel: the open cases (their overdue tasks are on My day,
``opora.day``)."""

from django.db.models import Count, Q

from opora import access
from opora.cases.models import Case
from opora.cases.workflow import OPEN_STATES, State


def my_cases_panel(request):
    membership = request.membership
    if not access.has_own_caseload(membership):
        return None
    mine = Case.objects.filter(organisation_id=membership.organisation_id, lead=membership, state__in=OPEN_STATES)
    # Both numbers in one query.
    return mine.aggregate(open_count=Count("pk"), not_attending=Count("pk", filter=Q(state=State.NOT_ATTENDING)))
