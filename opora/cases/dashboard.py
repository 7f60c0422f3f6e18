"""The case manager's overview panel: the open cases (their overdue tasks are on My day,
``opora.day``)."""

from django.db.models import Count, Q

from opora import access
from opora.cases.models import Case
from opora.cases.workflow import OPEN_STATES, State
from opora.core.orm import CompiledQuery


def my_cases_prepare(request):
    membership = request.membership
    if not access.has_own_caseload(membership):
        return None
    return [_MY_OPEN_CASES.call(organisation=membership.organisation_id, membership=membership.pk)]


def my_cases_panel(request):
    membership = request.membership
    if not access.has_own_caseload(membership):
        return None
    found = _MY_OPEN_CASES(organisation=membership.organisation_id, membership=membership.pk)
    return found[0] if found else {"open_count": 0, "not_attending": 0}


def _my_open_cases(organisation, membership):
    # Both numbers in one query (one group: the membership's organisation).
    return (
        Case.objects.filter(organisation_id=organisation, lead_id=membership, state__in=OPEN_STATES)
        .order_by()
        .values("organisation_id")
        .annotate(open_count=Count("pk"), not_attending=Count("pk", filter=Q(state=State.NOT_ATTENDING)))
        .values("open_count", "not_attending")
    )


# On every case manager's landing page: compiled once per connection.
_MY_OPEN_CASES = CompiledQuery(_my_open_cases, "organisation", "membership")
