"""What the outcomes app adds to other pages: the case tab (attendance chart, outcome,
follow-ups), the attendance badge in the case header, the overview panel of attendance
signals, and the follow-ups created when a case closes."""

from django.urls import reverse

from opora import access
from opora.audit.services import audit_log
from opora.cases.extensions import ClosureHook
from opora.outcomes import charts, selectors, services


def outcomes_tab_visible(request, case) -> bool:
    membership = getattr(request, "membership", None)
    return membership is not None and access.can_record_outcomes(membership, case)


def outcomes_tab_load(request, case) -> dict:
    from opora.outcomes.forms import AttendanceMonthForm, CaseOutcomeForm

    audit_log(action="outcomes.case_view", request=request, obj=case, case_id=case.pk)
    commission, ospod = selectors.thresholds_of(case.organisation_id)
    months = selectors.attendance_of(case)
    outcome = selectors.outcome_of(case)
    return {
        "months": months,
        "chart": charts.attendance_chart(months, commission=commission, ospod=ospod),
        "commission": commission,
        "ospod": ospod,
        "outcome": outcome,
        "outcome_form": CaseOutcomeForm(instance=outcome),
        "attendance_form": AttendanceMonthForm(),
        "follow_ups": selectors.follow_ups_of(case),
        "signals": _with_links(selectors.attendance_signals(request.membership, case), case),
    }


def _with_links(signals, case):
    shown = []
    for signal in signals:
        if signal.kind == selectors.OSPOD:
            link = reverse("consents:legal_duty", args=[case.pk])
        else:
            link = reverse("meetings:create", args=[case.pk]) + "?kind=educational_commission"
        shown.append({"signal": signal, "link": link})
    return shown


def attendance_badge(request, case):
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_record_outcomes(membership, case):
        return None
    signals = _with_links(selectors.attendance_signals(membership, case), case)
    if not signals:
        return None
    return {"signals": signals}


def signals_panel(request):
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_work_on_cases(membership):
        return None
    signals = selectors.attendance_signals(membership)
    if not signals:
        return None
    return {"signals": signals}


def _on_closure(*, case, by, request=None):
    services.follow_ups_at_closure(case=case, by=by, request=request)


CLOSURE_HOOK = ClosureHook("outcomes_follow_ups", _on_closure)
