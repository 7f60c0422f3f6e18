"""The case tabs of the progress app: indicators with trends, and return readiness."""

from opora import access
from opora.audit.services import audit_log


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
