import base64

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.audit.services import audit_log
from opora.core.files import download_response, file_response
from opora.core.forms import apply_validation_error
from opora.core.pdf import render_pdf
from opora.network.forms import NeedsForm
from opora.network.models import Need
from opora.network.selectors import options_for_needs
from opora.schools import anonymiser, selectors, services, workflow
from opora.schools.forms import (
    CaseStudyForm,
    CaseStudyReviseForm,
    ContactForm,
    EvaluationForm,
    ImportForm,
    LocalityMeetingForm,
    LocalityNeedForm,
    PeriodForm,
    SchoolForm,
    ThemeForm,
    TransitionForm,
)
from opora.schools.workflow import Stage

# --- Schools ------------------------------------------------------------------------------------


@access.member_required(access.can_work_with_schools)
def school_list(request):
    q = request.GET.get("q", "").strip()
    stage = request.GET.get("stage", "")
    stage = stage if stage in Stage.values else ""
    schools = selectors.schools_list(request.membership, q=q, stage=stage)
    page = Paginator(schools, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "schools/school_list.html",
        {
            "page": page,
            "q": q,
            "stage": stage,
            "stages": Stage.choices,
            "can_import": access.can_move_pipeline(request.membership),
        },
    )


@access.member_required(access.is_school_member)
def my_school(request):
    return redirect("schools:detail", pk=request.membership.school_id)


@access.member_required(access.can_open_schools)
def school_detail(request, pk):
    school = access.fetch_school(request, pk)
    period_form = PeriodForm(request.GET or None)
    date_from, date_to = services.default_period()
    if period_form.is_valid():
        date_from = period_form.cleaned_data["date_from"] or date_from
        date_to = period_form.cleaned_data["date_to"] or date_to
    context = selectors.school_page(school, date_from=date_from, date_to=date_to)
    context.update(date_from=date_from, date_to=date_to, period_form=period_form)
    if school.view_level == "school":
        return render(request, "schools/school_for_staff.html", context)
    context.update(
        can_move=access.can_move_pipeline(request.membership),
        contact_form=ContactForm(),
        evaluation_form=EvaluationForm(initial={"held_on": timezone.localdate()}),
        theme_form=ThemeForm(initial={"period_start": date_from, "period_end": date_to}),
    )
    return render(request, "schools/school_detail.html", context)


@access.member_required(access.can_work_with_schools)
def school_create(request):
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            school = services.school_create(by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The school has been added."))
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form})


@access.member_required(access.can_work_with_schools)
def school_edit(request, pk):
    school = access.fetch_school(request, pk, service_only=True)
    form = SchoolForm(request.POST or None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_update(school=school, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The school has been saved."))
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/school_form.html", {"form": form, "school": school})


@access.member_required(access.can_work_with_schools)
def contact_add(request, pk):
    school = access.fetch_school(request, pk, service_only=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.contact_add(school=school, by=request.membership, request=request, **form.cleaned_data)
        messages.success(request, _("The contact has been added."))
        return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/contact_form.html", {"form": form, "school": school})


@access.member_required(access.can_work_with_schools)
@require_POST
def contact_delete(request, pk, contact_pk):
    school = access.fetch_school(request, pk, service_only=True)
    contact = selectors.contact_of(school, contact_pk)
    if contact is None:
        raise Http404
    services.contact_delete(contact=contact, by=request.membership, request=request)
    messages.success(request, _("The contact has been removed."))
    return redirect("schools:detail", pk=school.pk)


# --- Pipeline ---------------------------------------------------------------------------------


@access.member_required(access.can_work_with_schools)
def board(request):
    columns = selectors.board(request.membership)
    return render(
        request,
        "schools/board.html",
        {"columns": columns, "can_move": access.can_move_pipeline(request.membership), "today": timezone.localdate()},
    )


@access.member_required(access.can_work_with_schools)
def funnel(request):
    form = PeriodForm(request.GET or None)
    today = timezone.localdate()
    date_from, date_to = today.replace(month=1, day=1), today
    if form.is_valid():
        date_from = form.cleaned_data["date_from"] or date_from
        date_to = form.cleaned_data["date_to"] or date_to
    rows = selectors.funnel(request.membership, date_from=date_from, date_to=date_to)
    return render(
        request, "schools/funnel.html", {"rows": rows, "form": form, "date_from": date_from, "date_to": date_to}
    )


@access.member_required(access.can_move_pipeline)
def transition(request, pk):
    school = access.fetch_school(request, pk, service_only=True)
    initial = {"to_stage": request.GET.get("to")} if request.GET.get("to") in Stage.values else None
    form = TransitionForm(request.POST or None, request.FILES or None, school=school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.school_transition(school=school, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("%(school)s moved to “%(stage)s”.")
                % {"school": school.name, "stage": Stage(form.cleaned_data["to_stage"]).label},
            )
            if request.POST.get("back") == "board":
                return redirect("schools:board")
            return redirect("schools:detail", pk=school.pk)
    target = form.data.get("to_stage") or (initial or {}).get("to_stage") or ""
    return render(
        request,
        "schools/transition_form.html",
        {
            "form": form,
            "school": school,
            "target": target,
            "needs_future": sorted(workflow.NEEDS_FUTURE_CONTACT),
            "back": request.GET.get("back") or request.POST.get("back", ""),
        },
    )


@access.member_required(access.can_work_with_schools)
def contract(request, pk):
    school = access.fetch_school(request, pk, service_only=True)
    if not school.contract_file:
        raise Http404
    audit_log(action="schools.contract_download", request=request, obj=school)
    return file_response(school.contract_file, school.contract_file_name or "smlouva.pdf")


@access.member_required(access.can_move_pipeline)
def school_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    preview = None
    data_b64 = ""
    if request.method == "POST":
        if request.POST.get("confirm") and request.POST.get("data"):
            try:
                data = base64.b64decode(request.POST["data"], validate=True)
            except ValueError:
                data = b""
            try:
                created = services.import_schools(by=request.membership, data=data, request=request)
            except ValidationError:
                preview = services.import_preview(organisation=request.membership.organisation, data=data)
                messages.error(request, _("The file has errors; nothing was imported."))
                form = ImportForm()
            else:
                messages.success(request, _("Imported schools: %(count)s.") % {"count": len(created)})
                return redirect("schools:list")
        elif form.is_valid():
            data = form.cleaned_data["file"].read()
            preview = services.import_preview(organisation=request.membership.organisation, data=data)
            data_b64 = base64.b64encode(data).decode() if preview.ok else ""
    return render(request, "schools/import.html", {"form": form, "preview": preview, "data_b64": data_b64})


# --- Standing work ---------------------------------------------------------------------------


def _detail_post(request, pk, form_class, service, success):
    school = access.fetch_school(request, pk, service_only=True)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service(school=school, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("schools:detail", pk=school.pk)
    return render(request, "schools/simple_form.html", {"form": form, "school": school, "title": form_class.title})


EvaluationForm.title = _("Evaluation meeting")
ThemeForm.title = _("Theme raised by students")


@access.member_required(access.can_work_with_schools)
def evaluation_add(request, pk):
    return _detail_post(
        request, pk, EvaluationForm, services.evaluation_add, _("The evaluation meeting has been recorded.")
    )


@access.member_required(access.can_work_with_schools)
def theme_add(request, pk):
    return _detail_post(request, pk, ThemeForm, services.theme_add, _("The theme has been recorded."))


@access.member_required(access.can_work_with_schools)
def options(request, pk):
    """The network of options for a school the service cannot help (printable page or PDF)."""
    school = access.fetch_school(request, pk, service_only=True)
    form = NeedsForm(request.GET or None)
    found = None
    needs = []
    if form.is_valid():
        needs = form.cleaned_data["needs"]
        found = options_for_needs(request.membership, needs)
    context = {
        "school": school,
        "form": form,
        "institutions": found,
        "need_labels": [Need(n).label for n in needs],
        "query": request.GET.urlencode(),
        "today": timezone.localdate(),
    }
    if request.GET.get("format") == "pdf" and found is not None:
        audit_log(action="schools.options_pdf", request=request, obj=school)
        pdf = render_pdf("schools/options_pdf.html", context, request=request)
        name = _("network-of-options-%(school)s.pdf") % {"school": slugify(school.name, allow_unicode=True)}
        return download_response(pdf, filename=name, content_type="application/pdf")
    return render(request, "schools/options.html", context)


# --- Locality ---------------------------------------------------------------------------------


@access.member_required(access.can_work_with_schools)
def locality(request):
    membership = request.membership
    form = LocalityNeedForm(request.POST or None, schools=access.schools_for(membership))
    if request.method == "POST" and form.is_valid():
        services.locality_need_add(by=membership, request=request, **form.cleaned_data)
        messages.success(request, _("The need has been recorded."))
        return redirect("schools:locality")
    area = request.GET.get("area", "").strip()
    page = Paginator(selectors.locality_needs(membership, area=area), 30).get_page(request.GET.get("page"))
    return render(request, "schools/locality.html", {"form": form, "page": page, "area": area})


@access.member_required(access.can_work_with_schools)
def meeting_list(request):
    form = LocalityMeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.locality_meeting_add(by=request.membership, request=request, **form.cleaned_data)
        messages.success(request, _("The meeting has been recorded."))
        return redirect("schools:meeting", pk=meeting.pk)
    page = Paginator(selectors.locality_meetings(request.membership), 30).get_page(request.GET.get("page"))
    return render(request, "schools/meeting_list.html", {"form": form, "page": page})


@access.member_required(access.can_work_with_schools)
def meeting_detail(request, pk):
    meeting = access.fetch_locality_meeting(request, pk)
    studies = [
        s for s in meeting.case_studies.select_related("case") if access.can_see_case_study(request.membership, s)
    ]
    return render(request, "schools/meeting_detail.html", {"meeting": meeting, "studies": studies})


@access.member_required(access.can_work_with_schools)
def case_study_create(request, pk):
    meeting = access.fetch_locality_meeting(request, pk)
    cases = access.cases_for(request.membership).select_related("student")
    form = CaseStudyForm(request.POST or None, cases=cases)
    if request.method == "POST" and form.is_valid():
        study = services.case_study_create(meeting=meeting, by=request.membership, request=request, **form.cleaned_data)
        return redirect("schools:case_study", pk=study.pk)
    return render(request, "schools/case_study_form.html", {"form": form, "meeting": meeting})


@access.member_required(access.can_work_with_schools)
def case_study_detail(request, pk):
    study = access.fetch_case_study(request, pk)
    form = CaseStudyReviseForm(request.POST or None, instance=study)
    if request.method == "POST" and not study.is_confirmed and form.is_valid():
        try:
            services.case_study_revise(study=study, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The case study has been updated."))
            return redirect("schools:case_study", pk=study.pk)
    suspects = anonymiser.suspects(study.anonymised_text)
    return render(
        request,
        "schools/case_study.html",
        {
            "study": study,
            "form": form,
            "suspects": suspects,
            "segments": anonymiser.segments(study.anonymised_text, suspects),
        },
    )


@access.member_required(access.can_work_with_schools)
@require_POST
def case_study_confirm(request, pk):
    study = access.fetch_case_study(request, pk)
    if request.POST.get("checked") != "1":
        messages.error(request, _("Confirm that you checked every highlighted word."))
        return redirect("schools:case_study", pk=study.pk)
    try:
        services.case_study_confirm(study=study, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The case study is confirmed and can be exported."))
    return redirect("schools:case_study", pk=study.pk)


@access.member_required(access.can_work_with_schools)
def case_study_export(request, pk, fmt):
    if fmt not in ("txt", "pdf"):
        raise Http404
    study = access.fetch_case_study(request, pk)
    if not study.is_confirmed:
        raise PermissionDenied
    audit_log(action="schools.case_study_export", request=request, obj=study, data={"format": fmt})
    name = _("case-study-%(title)s") % {"title": slugify(study.title, allow_unicode=True) or study.pk}
    if fmt == "pdf":
        pdf = render_pdf("schools/case_study_pdf.html", {"study": study}, request=request)
        return download_response(pdf, filename=f"{name}.pdf", content_type="application/pdf")
    text = f"{study.title}\n\n{study.anonymised_text}\n"
    return download_response(text, filename=f"{name}.txt", content_type="text/plain; charset=utf-8")
