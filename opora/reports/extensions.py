"""The "Reports" tab of the case page: reports to the court, OSPOD and the school."""

from opora import access
from opora.audit.services import audit_log
from opora.core.links import id_url
from opora.day.rules import Reads


def tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def tab_load(request, case) -> dict:
    from opora.reports.selectors import reports_of

    audit_log(action="reports.case_view", request=request, obj=case)
    return {"reports": reports_of(case), "can_edit": access.can_edit_case(request.membership, case)}


# --- My day (opora.day.rules) ------------------------------------------------------------------


def _report_item(rule, report, on):

    from opora.day.rules import Item

    return Item(
        rule,
        id_url("reports:detail", report.pk),
        report.title,
        report.case_id,
        report.case.number,
        on,
        ref=f"case_report:{report.pk}:{report.status}",
    )


def _reports_to_approve(membership, *, case_ids):
    # Not an approver: .none(), which the compiled query answers without SQL.
    return (
        access.case_reports_to_approve_for(membership)
        .select_related("case")
        .only("title", "status", "created_at", "case", "case__number")
        .order_by("created_at", "pk")[:50]
    )


# The organisation's (not the caseload's), the first 50.
REPORTS_TO_APPROVE = Reads("reports_to_approve", _reports_to_approve, first=False, of_caseload=False)


def day_reports_to_approve(ctx):
    """A coordinator's: submitted reports of the organisation written by someone else (four eyes)."""
    return [_report_item("reports_to_approve", r, r.created_at) for r in ctx.read(REPORTS_TO_APPROVE)]


def day_reports_to_hand_over(ctx):
    """The case team's: approved reports not yet handed over to their recipient."""
    reports = ctx.read(REPORTS_TO_HAND_OVER)
    return [_report_item("reports_to_hand_over", r, r.approved_at) for r in reports]


def _reports_to_hand_over(membership, *, case_ids):
    from opora.reports.models import CaseReport, HandOver

    sent = HandOver.objects.filter(family_copy=False).values("report_id")
    return (
        CaseReport.objects.filter(case_id__in=case_ids, status=CaseReport.Status.APPROVED)
        .exclude(pk__in=sent)
        .select_related("case")
        # Only what an item shows: a report's texts and its case's other columns are not read.
        .only("title", "status", "approved_at", "case", "case__number")
        .order_by("approved_at", "pk")
    )


REPORTS_TO_HAND_OVER = Reads("reports_to_hand_over", _reports_to_hand_over)
