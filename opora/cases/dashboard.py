"""The case manager's overview panel: open cases and overdue tasks."""

from django.utils import timezone

from opora import access
from opora.cases.models import Case, Task
from opora.cases.workflow import OPEN_STATES


def my_cases_panel(request):
    membership = request.membership
    if not access.has_own_caseload(membership):
        return None
    mine = Case.objects.filter(organisation_id=membership.organisation_id, lead=membership, state__in=OPEN_STATES)
    overdue = list(
        Task.objects.filter(case__in=mine, status=Task.Status.OPEN, due_date__lt=timezone.localdate())
        .select_related("case__student")
        .order_by("due_date")[:10]
    )
    return {
        "open_count": mine.count(),
        "not_attending": mine.filter(state="not_attending").count(),
        "overdue": overdue,
    }
