from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from opora import access
from opora.cases import extensions, forms, selectors, services, workflow
from opora.cases.models import Activity, Attachment, ClosePerson, Goal, NetworkActor, Request, Task
from opora.cases.workflow import TRANSITIONS
from opora.core.concurrency import STAMP_FIELD
from opora.core.forms import apply_validation_error

# --- Lists -------------------------------------------------------------------------------------


@access.member_required(access.can_open_cases)
def case_list(request):
    membership = request.membership
    form = forms.CaseFilterForm(request.GET or None, membership=membership)
    form.is_valid()  # a field with an error is shown with it and left out; the other filters apply
    filters = getattr(form, "cleaned_data", {})  # none when nothing was asked for
    filters = {
        "state": filters.get("state") or "",
        "school": filters.get("school") or "",
        "overdue": bool(filters.get("overdue")),
        "no_contact_days": filters.get("no_contact"),
        "q": (filters.get("q") or "").strip(),
        "lead": request.GET.get("lead") if (request.GET.get("lead") or "").isdigit() else None,
    }
    page = selectors.case_list_page(membership, filters, request.GET.get("page"))
    today = timezone.localdate()
    for case in page:
        case.no_contact_days = selectors.no_contact_for(case, today=today)
    return render(
        request,
        "cases/case_list.html",
        {
            "page": page,
            "form": form,
            "can_refer": access.can_refer(membership),
            "is_school": access.is_school_member(membership),
            "is_coordinator": access.can_view_caseload(membership),
            "no_contact_limit": selectors.NO_CONTACT_DAYS,
            **forms.quick_record_context(),
        },
    )


@access.member_required(access.can_view_caseload)
def caseload(request):
    ctx = {"rows": selectors.caseloads(request.membership), "families": selectors.family_clients(request.membership)}
    return render(request, "cases/caseload.html", ctx)


# --- Referral --------------------------------------------------------------------------------


@access.member_required(access.can_open_cases)
def refer(request):
    membership = request.membership
    if not access.can_refer(membership):
        raise PermissionDenied
    form = forms.ReferralForm(
        request.POST if request.method == "POST" else None,
        membership=membership,
        initial={"referred_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        if not access.can_refer(membership, form.cleaned_data["school"]):
            raise PermissionDenied
        try:
            case = services.referral_receive(
                data=form.referral_data(), student_data=form.student_data(), by=membership, request=request
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The referral is recorded as case %(number)s.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/refer.html", {"form": form})


# --- The case page ------------------------------------------------------------------------------

TABS = [
    ("overview", gettext_lazy("Overview")),
    ("timeline", gettext_lazy("Timeline")),
    ("assessment", gettext_lazy("Assessment")),
    ("plan", gettext_lazy("Goals and plan")),
    ("network", gettext_lazy("Network")),
    ("family", gettext_lazy("Family")),
    ("attachments", gettext_lazy("Attachments")),
]


CASE_QS = selectors.CASE_QS


def _case(request, pk, section, *, edit=True):
    """The case through the policy (404 unless on the team); with `edit` it must be open."""
    fetch = access.fetch_case_for_edit if edit else access.fetch_case
    return fetch(request, pk, section=section, queryset=CASE_QS)


def _school_view(request, case):
    """The school's limited view: it reads back its own referral only (a case it may see through
    a consent was referred by someone else, whose words are not the school's to read)."""
    referral = getattr(case, "referral", None) if access.referred_by_school(case) else None
    panels = extensions.school_panels_for(request, case)
    return render(request, "cases/school_view.html", {"case": case, "referral": referral, "panels": panels})


@access.member_required(access.can_open_cases)
def case_detail(request, pk):
    """The case page: fetch through the policy, ask the registry and the selectors, render."""
    tab = request.GET.get("tab", "overview")
    tab = tab if tab in [s for s, _ in TABS] + extensions.case_tabs.keys() else "overview"

    def shown(case):
        return "school_view" if case.access_level == access.CASE_SCHOOL else f"tab:{tab}"

    query = selectors.case_page_query(tab)
    case = access.fetch_case(request, pk, section=shown, team_only=False, queryset=CASE_QS, compiled=query)
    if case.access_level == access.CASE_SCHOOL:
        return _school_view(request, case)
    visible = extensions.tabs_for(request, case)
    extra = next((t for t in visible if t.slug == tab), None)
    if tab not in [s for s, _ in TABS] and extra is None:
        tab = "overview"
    ctx = {
        "case": case,
        "referral": getattr(case, "referral", None),
        "tab": tab,
        "tabs": TABS,
        "badges": extensions.badges_for(request, case),
        "transitions": workflow.allowed_transitions(case.state, case.referrer_kind),
        "can_edit": access.can_edit_case(request.membership, case),
        "extra_tab_titles": [(t.slug, t.title) for t in visible],
        "extra_panel": extensions.tab_panel(extra, request, case) if extra else None,
        **selectors.case_page(request.membership, case, tab, version=request.GET.get("version")),
        **forms.quick_record_context(),
    }
    return render(request, "cases/case_detail.html", ctx)


# --- Workflow ----------------------------------------------------------------------------------


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def transition(request, pk, name):
    t = TRANSITIONS.get(name)
    if t is None:
        raise Http404
    case = _case(request, pk, f"transition:{name}", edit=name != "reopen")
    form = forms.TransitionForm(request.POST if request.method == "POST" else None, transition=t)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.case_transition(
                case=case,
                name=name,
                reason=d.get("reason", ""),
                closure_reason=d.get("closure_reason", ""),
                summary=d.get("summary", ""),
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Done: %(step)s.") % {"step": t.label})
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/transition.html", {"case": case, "transition": t, "form": form})


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def intake(request, pk):
    case = _case(request, pk, "intake_form")
    instance = case.intake_check if hasattr(case, "intake_check") else None
    form = forms.IntakeCheckForm(request.POST if request.method == "POST" else None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            services.intake_check_save(case=case, data=data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The intake check is saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/intake.html", {"case": case, "form": form})


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def tracks(request, pk):
    case = _case(request, pk, "settings_form")
    can_change_lead = access.can_change_lead(request.membership, case)
    form = forms.CaseTracksForm(
        request.POST if request.method == "POST" else None, instance=case, can_change_lead=can_change_lead
    )
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            services.case_update_tracks(case=case, data=data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Case settings and parallel tracks")}
    )


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def assessment(request, pk):
    case = _case(request, pk, "assessment_form")
    last = selectors.latest_assessment(case)
    initial = {}
    if last:
        initial = {f: getattr(last, f) for f in forms.AssessmentForm.Meta.fields}
    initial["assessed_on"] = timezone.localdate()
    form = forms.AssessmentForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in forms.AssessmentForm.Meta.fields}
        services.assessment_save(case=case, data=data, by=request.membership, request=request)
        messages.success(request, _("A new version of the assessment is saved."))
        return redirect(reverse("cases:detail", args=[case.pk]) + "?tab=assessment")
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Assessment: needs, wishes and strengths"), "back_tab": "assessment"},
    )


# --- Records of the case: one view for each kind ------------------------------------------------

RECORDS = {
    "family": (ClosePerson, forms.ClosePersonForm, services.close_person_save, "family", gettext_lazy("Close person")),
    "request": (Request, forms.RequestForm, services.request_save, "overview", gettext_lazy("Request")),
    "goal": (Goal, forms.GoalForm, services.goal_save, "plan", gettext_lazy("Goal")),
    "task": (Task, forms.TaskForm, services.task_save, "plan", gettext_lazy("Task of the plan")),
    "actor": (NetworkActor, forms.ActorForm, services.actor_save, "network", gettext_lazy("Actor of the network")),
    "activity": (Activity, forms.ActivityForm, services.activity_save, "timeline", gettext_lazy("Activity")),
}


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def record(request, pk, kind, item=None):
    if kind not in RECORDS:
        raise Http404
    model, form_class, save, back_tab, title = RECORDS[kind]
    case = _case(request, pk, f"{kind}_form" if item is None else f"{kind}_form:{item}")
    instance = None
    if item is not None:
        if model is ClosePerson:
            instance = get_object_or_404(ClosePerson, pk=item, student_id=case.student_id)
        else:
            instance = get_object_or_404(model, pk=item, case_id=case.pk)
    kwargs = {"case": case} if form_class in (forms.GoalForm, forms.TaskForm, forms.ActorForm) else {}
    form = form_class(request.POST if request.method == "POST" else None, instance=instance, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            save(case=case, instance=instance, data=data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect(reverse("cases:detail", args=[case.pk]) + f"?tab={back_tab}")
    template = "cases/form.html"
    return render(request, template, {"case": case, "form": form, "title": title, "back_tab": back_tab})


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def quick_record(request, pk):
    """Record an activity in two interactions (htmx in place, or a plain form without JS)."""
    case = _case(request, pk, "quick_record")
    form = forms.QuickActivityForm(request.POST if request.method == "POST" else None)
    back = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST" and form.is_valid():
        try:
            item = services.activity_save(case=case, data=form.cleaned_data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if request.htmx:  # the confirmation, and the form again for the next record
                context = {"case": case, "item": item, "next": back, **forms.quick_record_context()}
                return render(request, "cases/quick_record.html#quick-done", context)
            messages.success(request, _("Recorded: %(kind)s.") % {"kind": item.get_kind_display()})
            safe = url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()})
            return redirect(back if safe and back else reverse("cases:detail", args=[case.pk]) + "?tab=timeline")
    # Errors answer 422, to htmx too (it swaps 422, see templates/base.html): the fragment in place.
    status = 422 if form.errors else 200
    name = "cases/quick_record.html#quick-form" if request.htmx else "cases/quick_record.html"
    context = {"case": case, "form": form, "next": back, **forms.quick_record_context()}
    return render(request, name, context, status=status)


# --- Attachments --------------------------------------------------------------------------------


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def attachment_add(request, pk):
    case = _case(request, pk, "attachment_form")
    form = forms.AttachmentForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.attachment_add(
                case=case,
                upload=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(reverse("cases:detail", args=[case.pk]) + "?tab=attachments")
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Attach a file"), "back_tab": "attachments", "multipart": True},
    )


@access.member_required(access.can_work_on_cases)
def attachment_download(request, pk, item):
    from opora.core.files import file_response

    case = _case(request, pk, f"attachment:{item}", edit=False)
    attachment = get_object_or_404(Attachment, pk=item, case_id=case.pk)
    return file_response(attachment.file, attachment.original_name)


@access.member_required(access.can_work_on_cases)
@require_http_methods(["GET", "POST"])
def student_edit(request, pk):
    case = _case(request, pk, "student_form")
    form = forms.StudentForm(request.POST if request.method == "POST" else None, instance=case.student)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in form.fields}
        try:
            services.student_update(case=case, data=data, by=request.membership, request=request)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", pk=case.pk)
    return render(request, "cases/form.html", {"case": case, "form": form, "title": _("Student")})


@access.member_required(access.can_work_on_cases)
@require_http_methods(["POST"])
def task_status(request, pk, item):
    """Change a task's status from the plan: an htmx swap of the row, or a plain redirect."""
    case = _case(request, pk, f"task_status:{item}")
    task = get_object_or_404(Task, pk=item, case_id=case.pk)
    error = ""
    try:
        services.task_set_status(
            case=case,
            task=task,
            status=request.POST.get("status", ""),
            stamp=request.POST.get(STAMP_FIELD, ""),
            by=request.membership,
            request=request,
        )
    except ValidationError as exc:
        error = " ".join(exc.messages)
        task = selectors.task_as_stored(task)  # the row shows the task as it is now
    if request.htmx:
        ctx = {"case": case, "t": task, "can_edit": True, "row_error": error, "saved": not error}
        return render(request, "cases/tabs/plan.html#task-row", ctx, status=422 if error else 200)
    if error:
        messages.error(request, error)
    return redirect(reverse("cases:detail", args=[case.pk]) + "?tab=plan")
