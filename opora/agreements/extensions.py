"""The "Agreement" tab of the case page: every version of the cooperation agreement."""

from opora import access
from opora.audit.services import audit_log


def tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def tab_load(request, case) -> dict:
    from opora.agreements.selectors import agreements_of

    audit_log(action="agreements.case_view", request=request, obj=case)
    versions = agreements_of(case)
    return {
        "versions": versions,
        "current": versions[0] if versions else None,
        "can_edit": access.can_edit_case(request.membership, case),
    }
