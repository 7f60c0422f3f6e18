import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from opora import access
from opora.accounts.models import Role
from opora.audit.models import AuditEvent
from opora.audit.services import audit_log
from opora.cases.models import Student
from opora.consents import selectors, services
from opora.consents.checks import CourtRequest
from opora.consents.forms import (
    ConsentForm,
    CourtRequestForm,
    DisclosureFilterForm,
    LegalDutyForm,
    RetentionForm,
    SchoolReportForm,
)
from opora.consents.models import Consent, SchoolReport
from opora.consents.privacy import subject_access_zip
from opora.core.files import file_response
from opora.core.forms import apply_validation_error


def _audit_form_view(request, case, form_name):
    if request.method == "GET":
        audit_log(action="consents.form_view", request=request, obj=case, data={"form": form_name})


def _consent(request, pk) -> Consent:
    consent = (
        Consent.objects.select_related("case")
        .filter(pk=pk, case__organisation_id=request.membership.organisation_id)
        .first()
    )
    if consent is None:
        raise Http404
    if not access.can_manage_consents(request.membership, consent.case):
        raise PermissionDenied
    return consent


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def case_consents(request, pk):
    """The case's "Consents and sharing" page: consents, reports to the school, disclosures."""
    case = access.get_case(request.membership, pk, team_only=True)
    audit_log(action="consents.case_view", request=request, obj=case)
    context = consents_context(request, case)
    return render(request, "consents/case.html", {"case": case, **context})


def consents_context(request, case):
    consents = selectors.consents_of(case)
    from opora.consents.models import case_consent_status

    return {
        "consents": consents,
        "status": case_consent_status(consents),
        "reports": list(selectors.reports_of_case_for(request.membership, case)),
        "disclosures": list(selectors.disclosures_of(case)[:50]),
        "can_legal_duty": access.can_disclose_on_legal_duty(request.membership, case),
        "can_read_audit": access.can_read_case_audit(request.membership, case),
    }


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def consent_create(request, pk):
    case = access.get_case(request.membership, pk, team_only=True)
    _audit_form_view(request, case, "consent")
    form = ConsentForm(
        request.POST or None,
        request.FILES or None,
        case=case,
        initial={"given_on": timezone.localdate(), "given_by_kind": "guardian"},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.consent_record(
                case=case,
                given_by_kind=data["given_by_kind"],
                given_by_name=data["given_by_name"],
                student_agrees=data["student_agrees"],
                categories=data["categories"],
                to_school=data.get("to_school", False),
                actors=data["actors"],
                named_recipients=data["named_recipients"],
                purpose=data["purpose"],
                given_on=data["given_on"],
                valid_until=data["valid_until"],
                signed_form=data["signed_form"],
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The consent has been recorded."))
            return redirect("consents:case", pk=case.pk)
    return render(request, "consents/consent_form.html", {"case": case, "form": form})


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
@require_POST
def consent_withdraw(request, pk):
    consent = _consent(request, pk)
    try:
        services.consent_withdraw(consent=consent, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The consent has been withdrawn. From today nothing more is shared on it."))
    return redirect("consents:case", pk=consent.case_id)


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def consent_form_download(request, pk):
    consent = _consent(request, pk)
    if not consent.signed_form:
        raise Http404
    audit_log(action="consents.consent_form_download", request=request, obj=consent)
    return file_response(consent.signed_form, consent.signed_form_name or "souhlas.pdf")


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def report_create(request, pk):
    case = access.get_case(request.membership, pk, team_only=True)
    if case.school_id is None:
        raise Http404
    _audit_form_view(request, case, "report")
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


def _report(request, pk) -> SchoolReport:
    report = (
        SchoolReport.objects.select_related("case", "school", "written_by__user")
        .filter(pk=pk, case__organisation_id=request.membership.organisation_id)
        .first()
    )
    if report is None:
        raise Http404
    if not access.school_reports_for(request.membership).filter(pk=report.pk).exists():
        raise PermissionDenied
    return report


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR, Role.SCHOOL_STAFF)
def report_detail(request, pk):
    report = _report(request, pk)
    audit_log(action="consents.report_view", request=request, obj=report)
    team = access.can_manage_consents(request.membership, report.case)
    return render(request, "consents/report.html", {"report": report, "case": report.case, "team": team})


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
@require_POST
def report_send(request, pk):
    report = _report(request, pk)
    if not access.can_manage_consents(request.membership, report.case):
        raise PermissionDenied
    try:
        services.school_report_send(report=report, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, _("The report was not sent: %(reason)s") % {"reason": " ".join(exc.messages)})
    else:
        messages.success(request, _("The report has been sent to the school and recorded in the disclosure register."))
    return redirect("consents:report", pk=report.pk)


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def legal_duty_disclosure(request, pk):
    case = access.get_case(request.membership, pk, team_only=True)
    if not access.can_disclose_on_legal_duty(request.membership, case):
        raise PermissionDenied
    _audit_form_view(request, case, "legal_duty")
    form = LegalDutyForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disclosure_record(
                case=case,
                category=data["category"],
                recipient=data["institution"],
                document=data["document"],
                legal_duty=data["justification"],
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The disclosure on legal duty has been recorded."))
            return redirect("consents:case", pk=case.pk)
    return render(request, "consents/legal_duty_form.html", {"case": case, "form": form})


@access.member_required(Role.CASE_MANAGER, Role.COORDINATOR)
def court_request_disclosure(request, pk):
    """A disclosure to a court on its written request: to an institution of kind "court" only,
    with the request's reference and date (never recorded as suspected endangerment)."""
    case = access.get_case(request.membership, pk, team_only=True)
    if not access.can_disclose_on_court_request(request.membership, case):
        raise PermissionDenied
    _audit_form_view(request, case, "court_request")
    form = CourtRequestForm(request.POST or None, organisation=request.membership.organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.disclosure_record(
                case=case,
                category=data["category"],
                recipient=data["institution"],
                document=data["document"],
                court_request=CourtRequest(reference=data["request_reference"], date=data["request_date"]),
                by=request.membership,
                request=request,
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("The disclosure to the court has been recorded."))
            return redirect("consents:case", pk=case.pk)
    return render(request, "consents/court_request_form.html", {"case": case, "form": form})


@access.member_required(Role.COORDINATOR)
def disclosure_register(request):
    form = DisclosureFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.disclosure_register(
        request.membership, case_number=filters.get("case", ""), recipient=filters.get("recipient", "")
    )
    audit_log(action="consents.register_view", request=request, object_type="consents.disclosure")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(request, "consents/register.html", {"form": form, "page": page})


def _case_audit_events(case):
    # Case ids are unique across organisations; the case itself was access-checked.
    return AuditEvent.objects.filter(case_id=case.pk).select_related("actor")


@access.member_required(Role.COORDINATOR)
def case_audit(request, pk):
    case = access.get_case(request.membership, pk)
    if not access.can_read_case_audit(request.membership, case):
        raise PermissionDenied
    audit_log(action="consents.case_audit_view", request=request, obj=case)
    page = Paginator(_case_audit_events(case), 50).get_page(request.GET.get("page"))
    return render(request, "consents/case_audit.html", {"case": case, "page": page})


@access.member_required(Role.COORDINATOR)
def case_audit_csv(request, pk):
    case = access.get_case(request.membership, pk)
    if not access.can_read_case_audit(request.membership, case):
        raise PermissionDenied
    audit_log(action="consents.case_audit_export", request=request, obj=case)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{case.number}.csv"'
    response["Cache-Control"] = "private, no-store"
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Time"), _("User"), _("Role"), _("Action"), _("Object type"), _("Object"), _("Address")])
    for e in _case_audit_events(case).iterator():
        writer.writerow(
            [e.at.isoformat(), e.actor_email, e.role, e.action, e.object_type, e.object_id, e.ip_address or ""]
        )
    return response


@access.member_required(Role.COORDINATOR)
def subject_access(request, pk):
    """Everything the organisation holds about a student, as a ZIP (HTML + JSON)."""
    if not access.can_request_subject_access(request.membership):
        raise PermissionDenied
    student = access.get_in_organisation(request.membership, Student.objects.all(), pk=pk)
    if request.method != "POST":
        for case in student.cases.all():
            audit_log(action="consents.subject_access_confirm", request=request, obj=case)
        return render(request, "consents/subject_access_confirm.html", {"student": student})
    for case in student.cases.all():
        audit_log(action="consents.subject_access", request=request, obj=case)
    audit_log(action="consents.subject_access", request=request, obj=student)
    response = HttpResponse(subject_access_zip(student), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="osobni-udaje-{student.pk}.zip"'
    response["Cache-Control"] = "private, no-store"
    return response


@access.member_required(Role.COORDINATOR, Role.ADMIN)
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


@access.member_required(Role.EXTERNAL)
def my_tasks(request):
    """An external actor's own tasks — nothing else of the cases."""
    tasks = access.tasks_for_external(request.membership).select_related("case").order_by("due_date", "pk")
    audit_log(action="consents.my_tasks_view", request=request, object_type="cases.task")
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "consents/my_tasks.html", {"page": page})


@access.member_required(Role.SCHOOL_STAFF)
def school_reports(request):
    """School staff: the reports the service sent to their school — nothing else of the cases."""
    reports = access.school_reports_for(request.membership).select_related("case").order_by("-sent_at", "-pk")
    audit_log(action="consents.school_reports_list", request=request, object_type="consents.schoolreport")
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(request, "consents/school_reports.html", {"page": page})
