"""Overview panels: consents that run out soon (case team), reports from the service (school
staff), and an external actor's open tasks."""

import datetime

from django.utils import timezone

from opora import access
from opora.cases.workflow import OPEN_STATES
from opora.consents.models import EXPIRING_DAYS, Consent

# The panel's query, compiled once per connection and shape of the membership (access.compiled_for).
_EXPIRING_QUERIES: dict = {}


def _expiring(membership, start, end):
    return (
        Consent.objects.filter(
            case__in=access.cases_for(membership).filter(state__in=OPEN_STATES),
            withdrawn_on__isnull=True,
            valid_until__gte=start,
            valid_until__lte=end,
        )
        .select_related("case__student")
        # What a line shows: the date, the case's number and the student's name.
        .only("valid_until", "case__number", "case__student__first_name", "case__student__last_name")
        .order_by("valid_until", "pk")[:10]
    )


def _expiring_call(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_work_on_cases(membership) or access.has_own_caseload(membership):
        return None
    today = timezone.localdate()
    end = today + datetime.timedelta(days=EXPIRING_DAYS)
    return access.compiled_call(_EXPIRING_QUERIES, "expiring", _expiring, membership, start=today, end=end)


def expiring_prepare(request):
    return [_expiring_call(request)]


def expiring_consents(request):
    """The organisation's consents that run out soon, for a coordinator. A case manager's are
    the "Consents expiring" section of My day (the same cases, the same days): not twice."""
    call = _expiring_call(request)
    consents = call.rows() if call is not None else []
    if not consents:
        return None
    return {"consents": consents}


def school_reports(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.is_school_member(membership):
        return None
    reports = list(access.school_reports_for(membership).select_related("case").order_by("-sent_at", "-pk")[:5])
    if not reports:
        return None
    return {"reports": reports}


def external_tasks(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.has_external_tasks(membership):
        return None
    from opora.cases.models import Task

    tasks = list(
        access.tasks_for_external(membership)
        .filter(status=Task.Status.OPEN)
        .select_related("case")
        .order_by("due_date", "pk")[:10]
    )
    if not tasks:
        return None
    return {"tasks": tasks}
