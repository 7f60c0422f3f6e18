"""The "Reports" tab of the case page: reports to the court, OSPOD and the school."""

from opora import access
from opora.audit.services import audit_log


def tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def tab_load(request, case) -> dict:
    from opora.reports.selectors import reports_of

    audit_log(action="reports.case_view", request=request, obj=case)
    return {"reports": reports_of(case), "can_edit": access.can_edit_case(request.membership, case)}
