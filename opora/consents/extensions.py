"""What the consents app adds to the case page: the "Consents and sharing" tab, the consent
status badge in the header and the school view's panel with reports addressed to the school."""

from opora import access
from opora.audit.services import audit_log
from opora.consents.models import ConsentStatus

BADGE_CLASS = {
    ConsentStatus.VALID: "ok",
    ConsentStatus.EXPIRING: "warn",
    ConsentStatus.EXPIRED: "danger",
    ConsentStatus.WITHDRAWN: "danger",
    ConsentStatus.NONE: "",
}


def consents_tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.can_manage_consents(membership, case)


def consents_tab_load(request, case) -> dict:
    from opora.consents.selectors import case_consents_context

    audit_log(action="consents.case_view", request=request, obj=case)
    return case_consents_context(request.membership, case)


def _sees_consent_badge(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.case_access_level(membership, case) == access.CASE_TEAM


def consent_badge_prepare(request, case) -> list:
    from opora.consents.selectors import consent_status_call

    return [consent_status_call(case)] if _sees_consent_badge(request, case) else []


def consent_badge(request, case):
    if not _sees_consent_badge(request, case):
        return None
    from opora.consents.selectors import consent_status_of

    status = consent_status_of(case)
    return {
        "status_label": ConsentStatus(status).label,
        "status": status,
        "badge_class": BADGE_CLASS[status],
    }


def school_reports_panel(request, case):
    membership = getattr(request, "membership", None)
    if membership is None or access.case_access_level(membership, case) is None:
        return None
    reports = list(access.school_reports_for(membership).filter(case=case, sent_at__isnull=False).order_by("-sent_at"))
    if not reports:
        return None
    audit_log(action="consents.school_reports_view", request=request, obj=case)
    return {"reports": reports}
