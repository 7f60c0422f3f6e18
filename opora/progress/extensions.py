"""The case tabs of the progress app: indicators with trends, and return readiness."""

from opora import access
from opora.audit.services import audit_log
from opora.core.links import id_url
from opora.day.rules import Reads, as_of_today, until_soon


def team_only(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def indicators_tab_load(request, case) -> dict:
    from opora.progress.selectors import goals_with_indicators

    audit_log(action="progress.indicators_view", request=request, obj=case)
    return {"goals": goals_with_indicators(case), "can_edit": access.can_edit_case(request.membership, case)}


def return_tab_load(request, case) -> dict:
    from opora.progress.selectors import return_readiness

    audit_log(action="progress.return_view", request=request, obj=case)
    return {**return_readiness(case), "can_edit": access.can_edit_case(request.membership, case)}


# --- My day (opora.day.rules) ------------------------------------------------------------------


def _return_plans_due(membership, *, case_ids, until):
    from opora.day.rules import CASE_COLUMNS
    from opora.progress.models import ReturnPlan

    return (
        ReturnPlan.objects.filter(case_id__in=case_ids, next_evaluation_on__isnull=False, next_evaluation_on__lte=until)
        .select_related("case__student")
        .only("next_evaluation_on", *CASE_COLUMNS)
        .order_by("next_evaluation_on", "pk")
    )


def _visits_to_record(membership, *, case_ids, today):
    from opora.progress.models import Visit

    return (
        Visit.objects.filter(case_id__in=case_ids, happened__isnull=True, planned_on__lte=today)
        .select_related("case")
        .only("planned_on", "who", "case", "case__number")
        .order_by("planned_on", "pk")
    )


RETURN_PLANS_DUE = Reads("return_evaluations", _return_plans_due, until_soon)
VISITS_TO_RECORD = Reads("visits", _visits_to_record, as_of_today)


def day_return_evaluations(ctx):
    """The next evaluation of a child's return readiness, from a week before it (overdue after)."""
    from opora.day.rules import Item

    for plan in ctx.read(RETURN_PLANS_DUE):
        yield Item(
            "return_evaluations",
            id_url("cases:detail", plan.case_id) + "?tab=return",
            str(plan.case.student),
            plan.case_id,
            plan.case.number,
            plan.next_evaluation_on,
            overdue=plan.next_evaluation_on < ctx.today,
            ref=f"return_plan:{plan.pk}:{plan.next_evaluation_on.isoformat()}",
        )


def day_visits_to_record(ctx):
    """Agreed visits whose day has come (today or passed) and whose outcome nobody recorded."""

    from opora.day.rules import Item

    for visit in ctx.read(VISITS_TO_RECORD):
        yield Item(
            "visits",
            id_url("progress:visit_edit", visit.pk),
            visit.who,
            visit.case_id,
            visit.case.number,
            visit.planned_on,
            overdue=visit.planned_on < ctx.today,
            ref=f"visit:{visit.pk}",
        )
