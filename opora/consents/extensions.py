"""What the consents app adds to the case page: the "Consents and sharing" tab, the consent
status badge in the header and the school view's panel with reports addressed to the school."""

from django.utils.translation import gettext_lazy as _

from opora import access
from opora.audit.services import audit_log
from opora.cases.extensions import register_case_tab, register_header_badge, register_school_panel
from opora.consents.models import ConsentStatus

BADGE_CLASS = {
    ConsentStatus.VALID: "ok",
    ConsentStatus.EXPIRING: "warn",
    ConsentStatus.EXPIRED: "danger",
    ConsentStatus.WITHDRAWN: "danger",
    ConsentStatus.NONE: "",
}


@register_case_tab("consents", order=60)
def consents_tab(request, case):
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_manage_consents(membership, case):
        return None
    from opora.consents.views import consents_context

    def load():
        audit_log(action="consents.case_view", request=request, obj=case)
        return consents_context(request, case)

    return {"template": "consents/_case_tab.html", "title": _("Consents and sharing"), "case": case, "load": load}


@register_header_badge(order=10)
def consent_badge(request, case):
    membership = getattr(request, "membership", None)
    if membership is None or access.case_access_level(membership, case) != access.CASE_TEAM:
        return None
    from opora.consents.selectors import consent_status_of

    status = consent_status_of(case)
    return {
        "template": "consents/_badge.html",
        "title": _("Consent"),
        "status_label": ConsentStatus(status).label,
        "status": status,
        "badge_class": BADGE_CLASS[status],
    }


@register_school_panel(order=20)
def school_reports_panel(request, case):
    membership = getattr(request, "membership", None)
    if membership is None or access.case_access_level(membership, case) is None:
        return None
    reports = list(access.school_reports_for(membership).filter(case=case, sent_at__isnull=False).order_by("-sent_at"))
    if not reports:
        return None
    audit_log(action="consents.school_reports_view", request=request, obj=case)
    return {
        "template": "consents/_school_panel.html",
        "title": _("Reports addressed to the school"),
        "reports": reports,
    }
