"""Reads of My day beyond the rules: the coordinator's team and the notifications."""

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from opora import access
from opora.cases.models import Task
from opora.cases.selectors import caseloads
from opora.cases.workflow import OPEN_STATES
from opora.day.models import Notification, ReminderSettings


def team_rows(membership) -> list[dict]:
    """Each case manager: open cases against the model (``cases.selectors.caseloads``) and the
    overdue tasks of the cases they lead. Two queries and the caseload's, whatever the team's size."""
    today = timezone.localdate()
    # Only cases whose earliest open deadline has passed (``Case.open_task_due_on``, indexed with
    # the organisation) can have an overdue task: probing the tasks of every open case of the
    # organisation took 26 ms at 100,000 cases.
    late_cases = access.cases_for(membership).filter(state__in=OPEN_STATES, open_task_due_on__lt=today)
    overdue = dict(
        Task.objects.filter(
            case__in=late_cases,
            status=Task.Status.OPEN,
            due_date__lt=today,
        )
        .order_by()
        .values_list("case__lead_id")
        .annotate(n=Count("pk"))
    )
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
