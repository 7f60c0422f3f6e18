from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.core.concurrency import take_stamp
from opora.core.forms import apply_validation_error
from opora.progress import selectors, services
from opora.progress.forms import IndicatorForm, ObservationForm, ReturnPlanForm, VisitForm


def _save(request, form, write, *, done, title, case, back):
    """Validate, write through the service (its errors go on the form), then redirect."""
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            write(stamp=take_stamp(data), data=data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(back)
    return render(request, "progress/form.html", {"form": form, "title": title, "case": case, "back": back})


def _tab(case, tab):
    return f"{reverse('cases:detail', args=[case.pk])}?tab={tab}"


@access.member_required(access.can_work_on_cases)
def indicator_create(request, goal_pk):
    goal = access.fetch_case_item(request, selectors.GOALS, goal_pk, edit=True, action="progress.goal_view")
    form = IndicatorForm(request.POST or None)

    def write(stamp, data):
        services.indicator_create(goal=goal, by=request.membership, request=request, **data)

    return _save(
        request,
        form,
        write,
        done=_("The indicator has been saved."),
        title=_("New indicator"),
        case=goal.case,
        back=_tab(goal.case, "indicators"),
    )


@access.member_required(access.can_work_on_cases)
def indicator_edit(request, pk):
    indicator = access.fetch_case_item(request, selectors.INDICATORS, pk, edit=True, action="progress.indicator_view")
    form = IndicatorForm(request.POST or None, instance=indicator)

    def write(stamp, data):
        services.indicator_update(indicator=indicator, stamp=stamp, by=request.membership, request=request, **data)

    return _save(
        request,
        form,
        write,
        done=_("The indicator has been saved."),
        title=_("Edit indicator"),
        case=indicator.case,
        back=_tab(indicator.case, "indicators"),
    )


@access.member_required(access.can_work_on_cases)
def observation_create(request, pk):
    indicator = access.fetch_case_item(request, selectors.INDICATORS, pk, edit=True, action="progress.indicator_view")
    form = ObservationForm(request.POST or None, indicator=indicator, initial={"observed_on": timezone.localdate()})

    def write(stamp, data):
        services.observation_record(indicator=indicator, by=request.membership, request=request, **data)

    title = _("Observation: %(indicator)s") % {"indicator": indicator.name}
    return _save(
        request,
        form,
        write,
        done=_("The observation has been recorded."),
        title=title,
        case=indicator.case,
        back=_tab(indicator.case, "indicators"),
    )


@access.member_required(access.can_work_on_cases)
def return_plan_edit(request, pk):
    case = access.fetch_case_for_edit(request, pk, section="return_plan_form")
    plan = selectors.return_plan_of(case)
    form = ReturnPlanForm(request.POST or None, instance=plan, initial=selectors.return_plan_initial(case, plan))

    def write(stamp, data):
        services.return_plan_save(case=case, stamp=stamp, by=request.membership, request=request, **data)

    return _save(
        request,
        form,
        write,
        done=_("The return readiness has been saved."),
        title=_("Return readiness"),
        case=case,
        back=_tab(case, "return"),
    )


@access.member_required(access.can_work_on_cases)
def visit_create(request, pk):
    case = access.fetch_case_for_edit(request, pk, section="visit_form")
    form = VisitForm(request.POST or None)

    def write(stamp, data):
        services.visit_create(case=case, by=request.membership, request=request, **data)

    return _save(
        request,
        form,
        write,
        done=_("The visit has been saved."),
        title=_("New visit"),
        case=case,
        back=_tab(case, "return"),
    )


@access.member_required(access.can_work_on_cases)
def visit_edit(request, pk):
    visit = access.fetch_case_item(request, selectors.VISITS, pk, edit=True, action="progress.visit_view")
    form = VisitForm(request.POST or None, instance=visit)

    def write(stamp, data):
        services.visit_update(visit=visit, stamp=stamp, by=request.membership, request=request, **data)

    return _save(
        request,
        form,
        write,
        done=_("The visit has been saved."),
        title=_("Edit visit"),
        case=visit.case,
        back=_tab(visit.case, "return"),
    )
