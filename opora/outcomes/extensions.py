"""What the outcomes app adds to other pages: the case tab (attendance chart, outcome,
follow-ups), the attendance badge in the case header, the overview panel of attendance
signals, and the follow-ups created when a case closes."""

from django.urls import reverse

from opora import access
from opora.audit.services import audit_log
from opora.cases.extensions import ClosureHook
from opora.core.links import id_url
from opora.day.rules import Reads, as_of_today
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


def _sees_attendance_badge(request, case) -> bool:
    membership = getattr(request, "membership", None)
    if membership is None or not access.can_work_on_cases(membership):
        return False
    return access.can_record_outcomes(membership, case)


def attendance_badge_prepare(request, case) -> list:
    return [selectors.case_latest_call(case)] if _sees_attendance_badge(request, case) else []


def attendance_badge(request, case):
    if not _sees_attendance_badge(request, case):
        return None
    membership = request.membership
    signals = _with_links(selectors.attendance_signals(membership, case), case)
    if not signals:
        return None
    return {"signals": signals}


def _sees_the_signals_panel(membership) -> bool:
    # A coordinator; a case manager's signals are in My day.
    return access.can_work_on_cases(membership) and not access.has_own_caseload(membership)


def signals_prepare(request):
    membership = access.member_allowed(request, _sees_the_signals_panel)
    return None if membership is None else [selectors.signals_call(membership)]


def signals_panel(request):
    """The organisation's attendance signals, for a coordinator. A case manager's are the
    attendance sections of My day (the same cases, family cases counted once): not twice."""
    membership = access.member_allowed(request, _sees_the_signals_panel)
    if membership is None:
        return None
    signals = selectors.attendance_signals(membership)
    if not signals:
        return None
    return {"signals": signals}


def _on_closure(*, case, by, request=None):
    services.follow_ups_at_closure(case=case, by=by, request=request)


CLOSURE_HOOK = ClosureHook("outcomes_follow_ups", _on_closure)


# --- My day (opora.day.rules) ------------------------------------------------------------------


def _students_over_threshold(membership, *, case_ids):
    from opora.cases.models import Case

    return selectors.students_over_threshold(membership, Case.objects.filter(pk__in=case_ids))


# The students over the threshold by a query compiled once (DayContext.rows); their cases, when
# there are some, as usual.
STUDENTS_OVER_THRESHOLD = Reads("attendance", _students_over_threshold, first=False, when=access.can_work_on_cases)


def _attendance_signals(ctx):
    if not access.can_work_on_cases(ctx.membership):
        return []
    above = ctx.read(STUDENTS_OVER_THRESHOLD)
    return selectors.attendance_signals_of_cases(ctx.membership, ctx.cases, above)


def _signal_items(ctx, kind, rule):
    from opora.day.rules import Item

    signals = ctx.shared("outcomes.attendance_signals", lambda: _attendance_signals(ctx))
    for signal in signals:
        if signal.kind != kind:
            continue
        if kind == selectors.OSPOD:
            url = id_url("consents:legal_duty", signal.case_id)
        else:
            url = id_url("meetings:create", signal.case_id) + "?kind=educational_commission"
        yield Item(
            rule,
            url,
            signal.student,
            signal.case_id,
            signal.case_number,
            signal.month,
            ref=f"attendance:{signal.case_id}:{signal.month:%Y-%m}:{kind}",
        )


def day_attendance_commission(ctx):
    """Over the commission threshold (10 unexcused hours) in the latest month: plan a commission."""
    return list(_signal_items(ctx, selectors.COMMISSION, "attendance_commission"))


def day_attendance_ospod(ctx):
    """Over the OSPOD threshold (25 unexcused hours) in the latest month: the report to OSPOD."""
    return list(_signal_items(ctx, selectors.OSPOD, "attendance_ospod"))


def _follow_ups_due(membership, *, case_ids, today):
    from opora.day.rules import CASE_COLUMNS
    from opora.outcomes.models import FollowUp

    return (
        access.day_follow_ups_for(membership)
        .filter(
            when__in=[FollowUp.When.SIX_MONTHS, FollowUp.When.TWELVE_MONTHS], done_on__isnull=True, due_on__lte=today
        )
        .select_related("case__student")
        .only("when", "due_on", *CASE_COLUMNS)
        .order_by("due_on", "pk")
    )


FOLLOW_UPS_DUE = Reads("follow_ups", _follow_ups_due, as_of_today, of_caseload=False)


def day_follow_ups_due(ctx):
    """Follow-ups 6 and 12 months after closure whose date has come, on the assignee's day."""
    from opora.day.rules import Item

    # Of closed cases (not of the caseload): the assignee's, by the policy.
    for f in ctx.read(FOLLOW_UPS_DUE):
        yield Item(
            "follow_ups",
            id_url("cases:detail", f.case_id) + "?tab=outcomes",
            f"{f.case.student} · {f.get_when_display()}",
            f.case_id,
            f.case.number,
            f.due_on,
            overdue=f.due_on < ctx.today,
            ref=f"follow_up:{f.pk}",
        )
