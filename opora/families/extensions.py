"""What the families app adds to the case page: the "Family and siblings" tab (case team only)."""

from opora import access
from opora.audit.services import audit_log


def family_tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.can_see_case_family(membership, case)


def family_tab_load(request, case) -> dict:
    from opora.families.selectors import family_of_case_panel

    audit_log(action="families.case_tab_view", request=request, obj=case, data={"family": case.family_id})
    return {
        **family_of_case_panel(request.membership, case),
        "can_edit": access.can_edit_case(request.membership, case),
    }
