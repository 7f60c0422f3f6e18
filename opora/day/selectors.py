"""Reads of My day beyond the rules: the coordinator's team and the notifications."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from opora import access
from opora.cases.models import Task
from opora.cases.selectors import caseload_calls, caseloads
from opora.cases.workflow import OPEN_STATES
from opora.day.models import Notification, ReminderSettings


def _overdue_per_lead(membership, today):
    # The tasks are joined to the cases once and counted per lead; the cases are read from the
    # partial index of open cases by deadline (case_org_open_due_idx), the tasks from their
    # (case, status, due date) index alone.
    return (
        access.cases_for(membership)
        .filter(
            state__in=OPEN_STATES,
            open_task_due_on__lt=today,
            tasks__status=Task.Status.OPEN,
            tasks__due_date__lt=today,
        )
        .order_by()
        .values_list("lead_id")
        .annotate(n=Count("*"))
    )


# The team's overdue tasks per lead, compiled once per connection and shape (access.compiled_for).
_OVERDUE_QUERIES: dict = {}


def _overdue_call(membership):
    return access.compiled_call(_OVERDUE_QUERIES, "overdue", _overdue_per_lead, membership, today=timezone.localdate())


def team_calls(membership) -> list:
    """The queries of ``team_rows``, not run yet (the overview runs them with the other panels')."""
    return [_overdue_call(membership), *caseload_calls(membership)]


def team_rows(membership) -> list[dict]:
    """Each case manager: open cases against the model (``cases.selectors.caseloads``) and the
    overdue tasks of the cases they lead. Two queries and the caseload's, whatever the team's size."""
    # Only cases whose earliest open deadline has passed (``Case.open_task_due_on``, indexed with
    # the organisation) can have an overdue task: probing the tasks of every open case of the
    # organisation took 26 ms at 100,000 cases.
    overdue = dict(_overdue_call(membership).rows())
    rows = caseloads(membership)
    for row in rows:
        row["overdue"] = overdue.get(row["membership"].pk, 0)
    return rows


def notifications_of(membership):
    qs = Notification.objects.filter(membership_id=membership.pk).select_related("case")
    return qs.order_by("-created_at", "-pk")


def unread_count(membership) -> int:
    """The header's number: read with the membership by the middleware (``unread_expression``),
    counted here only for a membership loaded otherwise."""
    counted = getattr(membership, "unread_notifications", None)
    if counted is not None:
        return counted
    return Notification.objects.filter(membership_id=membership.pk, read_at__isnull=True).count()


def unread_expression():
    """The unread count as a subquery over a membership row (the header count of My day)."""
    unread = (
        Notification.objects.filter(membership_id=OuterRef("pk"), read_at__isnull=True)
        .order_by()
        .values("membership_id")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(unread), 0)


def settings_of(membership) -> ReminderSettings:
    """The membership's settings (the defaults, unsaved, when it has chosen nothing)."""
    found = ReminderSettings.objects.filter(membership_id=membership.pk).first()
    return found or ReminderSettings(membership=membership)
