from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.audit import selectors as audit_selectors
from opora.audit.services import audit_log
from opora.consents import selectors, services
from opora.consents.checks import CourtRequest
from opora.consents.forms import (
    RELEASE,
    ConsentForm,
    CourtRequestForm,
    DisclosureFilterForm,
    LegalDutyForm,
    RetentionForm,
    SchoolReportForm,
    SubjectAccessForm,
)
from opora.consents.privacy import subject_access_zip
from opora.core.export import csv_writer
from opora.core.files import download_response, file_response
from opora.core.forms import apply_validation_error
from opora.core.privacy import SubjectAccessChoices


@access.member_required(access.can_work_on_cases)
def case_consents(request, pk):
    """The case's "Consents and sharing" page: consents, reports to the school, disclosures."""
    case = access.fetch_case(request, pk, section="consents")
    context = selectors.case_consents_context(request.membership, case)
    return render(request, "consents/case.html", {"case": case, **context})


@access.member_required(access.can_work_on_cases)
def consent_create(request, pk):
    case = access.fetch_case(request, pk, section="consent_form")
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        initial={"given_on": timezone.localdate(), "given_by_kind": "guardian"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(case=case, by=request.membership, request=request, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("consents:case", pk=case.pk)
    return render(request, "consents/consent_form.html", {"case": case, "form": form})


@access.member_required(access.can_work_on_cases)
@require_POST
def consent_withdraw(request, pk):
    consent = access.fetch_consent(request, pk)
    try:
        services.consent_withdraw(consent=consent, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent has been withdrawn. From today nothing more is shared on it."))
    return redirect("consents:case", pk=consent.case_id)


@access.member_required(access.can_work_on_cases)
def consent_form_download(request, pk):
    consent = access.fetch_consent(request, pk)
    if not consent.signed_form:
        raise Http404
    return file_response(consent.signed_form, consent.signed_form_name or "souhlas.pdf")


@access.member_required(access.can_work_on_cases)
def report_create(request, pk):
    case = access.fetch_case(request, pk, section="report_form")
    if case.school_id is None:
        raise Http404
    form = SchoolReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = services.school_report_create(
                case=case, by=request.membership, request=request, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The report has been saved. Check it and send it to the school."))
            return redirect("consents:report", pk=report.pk)
    return render(request, "consents/report_form.html", {"case": case, "form": form})


@access.member_required(access.can_open_cases)
def report_detail(request, pk):
    report = access.fetch_report(request, pk)
    team = access.can_manage_consents(request.membership, report.case)
    return render(request, "consents/report.html", {"report": report, "case": report.case, "team": team})


@access.member_required(access.can_work_on_cases)
@require_POST
def report_send(request, pk):
    report = access.fetch_report(request, pk, team_only=True)
    try:
        services.school_report_send(report=report, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _("The report was not sent: %(reason)s") % {"reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("The report has been sent to the school and recorded in the disclosure register."))
    return redirect("consents:report", pk=report.pk)


def _disclosure_without_consent(request, pk, *, section, allowed, form_class, basis, template, success):
    """The two paths by which information leaves without consent (legal duty, a court's
    request): the same form handling; `basis(data)` gives the service its basis arguments."""
    case = access.fetch_case(request, pk, section=section)
    if not allowed(request.membership, case):
        raise PermissionDenied
    form = form_class(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disclosure_record(
                case=case,
                category=data["category"],
                recipient=data["institution"],
                document=data["document"],
                by=request.membership,
                request=request,
                **basis(data),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("consents:case", pk=case.pk)
    return render(request, template, {"case": case, "form": form})


@access.member_required(access.can_work_on_cases)
def legal_duty_disclosure(request, pk):
    return _disclosure_without_consent(
        request,
        pk,
        section="legal_duty_form",
        allowed=access.can_disclose_on_legal_duty,
        form_class=LegalDutyForm,
        basis=lambda data: {"legal_duty": data["justification"]},
        template="consents/legal_duty_form.html",
        success=_("The disclosure on legal duty has been recorded."),
    )


@access.member_required(access.can_work_on_cases)
def court_request_disclosure(request, pk):
    """A disclosure to a court on its written request: to an institution of kind "court" only,
    with the request's reference and date (never recorded as suspected endangerment)."""
    return _disclosure_without_consent(
        request,
        pk,
        section="court_request_form",
        allowed=access.can_disclose_on_court_request,
        form_class=CourtRequestForm,
        basis=lambda data: {
            "court_request": CourtRequest(reference=data["request_reference"], date=data["request_date"])
        },
        template="consents/court_request_form.html",
        success=_("The disclosure to the court has been recorded."),
    )


@access.member_required(access.can_read_disclosure_register)
def disclosure_register(request):
    form = DisclosureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.disclosure_register(
        request.membership, case_number=filters.get("case", ""), recipient=filters.get("recipient", "")
    )
    audit_log(action="consents.register_view", request=request, object_type="consents.disclosure")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "consents/register.html", {"form": form, "page": page})


@access.member_required(access.can_read_case_audit)
def case_audit(request, pk):
    case = access.fetch_case(request, pk, section="audit_log")
    page = Paginator(audit_selectors.case_log(case), 50).get_page(request.GET.get("page"))
    rows = audit_selectors.described(page.object_list, request.membership)
    return render(request, "consents/case_audit.html", {"case": case, "page": page, "rows": rows})


@access.member_required(access.can_read_case_audit)
def case_audit_csv(request, pk):
    case = access.fetch_case(request, pk, section="audit_log_csv")
    response = download_response("\ufeff", filename=f"audit-{case.number}.csv", content_type="text/csv; charset=utf-8")
    writer = csv_writer(response)
    writer.writerow([_("Time"), _("User"), _("Role"), _("Action"), _("Object type"), _("Object"), _("Address")])
    for e in audit_selectors.case_log_in_words(case):
        writer.writerow([e["at"].isoformat(), e["who"], e["role"], e["action"], e["kind"], e["id"], e["ip"]])
    return response


@access.member_required(access.can_request_subject_access)
def subject_access(request, pk):
    """Everything the organisation holds about a student, as a ZIP (HTML + JSON).

    Restricted notes may hold other people's data: the coordinator decides for each whether it
    goes out (default: withheld), the decisions are audited, and withheld notes are not in the ZIP."""
    student = access.fetch_student(request, pk)
    notes = selectors.restricted_notes_for(request.membership, student)
    form = SubjectAccessForm(request.POST if request.method == "POST" else None, notes=notes)
    if request.method != "POST" or not form.is_valid():
        services.subject_access_confirm(student=student, notes=notes, request=request)
        return render(request, "consents/subject_access_confirm.html", {"student": student, "form": form})
    decisions = form.decisions()
    services.subject_access_release(student=student, decisions=decisions, request=request)
    choices = SubjectAccessChoices(released_notes=frozenset(k for k, v in decisions.items() if v == RELEASE))
    return download_response(
        subject_access_zip(student, choices),
        filename=_("personal-data-%(id)s.zip") % {"id": student.pk},
        content_type="application/zip",
    )


@access.member_required(access.can_set_retention)
def retention_settings(request):
    organisation = request.membership.organisation
    form = RetentionForm(request.POST or None, initial={"retention_years": organisation.retention_years})
    if request.method == "POST" and form.is_valid():
        try:
            services.retention_set(
                organisation=organisation,
                years=form.cleaned_data["retention_years"],
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The retention period has been saved."))
            return redirect("consents:retention")
    return render(request, "consents/retention.html", {"form": form, "organisation": organisation})


@access.member_required(access.has_external_tasks)
def my_tasks(request):
    """An external actor's own tasks — nothing else of the cases."""
    tasks = access.tasks_for_external(request.membership).select_related("case").order_by("due_date", "pk")
    audit_log(action="consents.my_tasks_view", request=request, object_type="cases.task")
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "consents/my_tasks.html", {"page": page})


@access.member_required(access.is_school_member)
def school_reports(request):
    """School staff: the reports the service sent to their school — nothing else of the cases."""
    reports = access.school_reports_for(request.membership).select_related("case").order_by("-sent_at", "-pk")
    audit_log(action="consents.school_reports_list", request=request, object_type="consents.schoolreport")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "consents/school_reports.html", {"page": page})
