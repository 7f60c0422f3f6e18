from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from opora import access
from opora.core.concurrency import take_stamp
from opora.core.docx import DOCX_TYPE
from opora.core.files import download_response
from opora.core.forms import apply_validation_error
from opora.reports import documents, selectors, services
from opora.reports.forms import FamilyCopyForm, HandOverForm, ReportForm
from opora.reports.models import RecipientKind

STEP_DONE = {
    "submit": gettext_lazy("The report has been submitted for approval."),
    "approve": gettext_lazy("The report has been approved."),
    "return": gettext_lazy("The report has been returned to its author for changes."),
}


def _fetch(request, pk, *, edit=False):
    return access.fetch_case_item(request, selectors.REPORTS, pk, edit=edit, action="reports.view")


def _post_form(request, form, write, *, done, pk):
    """Validate, write through the service (its refusal goes on the form, nothing is saved)."""
    if request.method == "POST" and form.is_valid():
        try:
            saved = write(dict(form.cleaned_data))
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("reports:detail", pk=saved.pk if pk is None else pk)
    return None


@access.member_required(access.can_work_on_cases)
def report_create(request, pk, kind):
    case = access.fetch_case_for_edit(request, pk, section=f"report_form {kind}")
    if kind not in RecipientKind.values or (kind == RecipientKind.SCHOOL and case.school_id is None):
        raise Http404
    institutions = selectors.recipient_institutions(case.organisation, kind)
    initial = selectors.report_initial(case, kind) if request.method != "POST" else None
    form = ReportForm(request.POST or None, initial=initial, kind=kind, institutions=institutions)

    def write(data):
        return services.report_create(case=case, recipient_kind=kind, by=request.membership, request=request, **data)

    done = _("The report has been saved as a draft.")
    response = _post_form(request, form, write, done=done, pk=None)
    return response or render(request, "reports/form.html", {"form": form, "case": case, "kind": kind})


@access.member_required(access.can_work_on_cases)
def report_edit(request, pk):
    report = _fetch(request, pk, edit=True)
    institutions = selectors.recipient_institutions(report.case.organisation, report.recipient_kind)
    form = ReportForm(request.POST or None, instance=report, kind=report.recipient_kind, institutions=institutions)

    def write(data):
        stamp = take_stamp(data)
        return services.report_update(report=report, stamp=stamp, by=request.membership, request=request, **data)

    response = _post_form(request, form, write, done=_("The report has been saved."), pk=report.pk)
    context = {"form": form, "case": report.case, "kind": report.recipient_kind, "report": report}
    return response or render(request, "reports/form.html", context)


@access.member_required(access.can_work_on_cases)
def report_detail(request, pk):
    report = _fetch(request, pk)
    context = {
        "report": report,
        "case": report.case,
        "handovers": selectors.handovers_of(report),
        "can_edit": access.can_edit_case(request.membership, report.case),
        "can_approve": access.can_approve_case_report(request.membership, report),
    }
    return render(request, "reports/detail.html", context)


@access.member_required(access.can_work_on_cases)
@require_POST
def report_step(request, pk, step):
    report = _fetch(request, pk)
    if step not in STEP_DONE:
        raise Http404
    try:
        services.report_step(report=report, step=step, by=request.membership, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, STEP_DONE[step])
    return redirect("reports:detail", pk=report.pk)


@access.member_required(access.can_work_on_cases)
def report_hand_over(request, pk):
    report = _fetch(request, pk)
    form = HandOverForm(request.POST or None, kind=report.recipient_kind)

    def write(data):
        services.report_hand_over(report=report, by=request.membership, request=request, **data)
        return report

    done = _("The report has been handed over and recorded in the disclosure register.")
    response = _post_form(request, form, write, done=done, pk=report.pk)
    context = {"form": form, "report": report, "case": report.case, "title": _("Hand over the report")}
    return response or render(request, "reports/hand_over.html", context)


@access.member_required(access.can_work_on_cases)
def report_family_copy(request, pk):
    report = _fetch(request, pk)
    form = FamilyCopyForm(request.POST or None, people=selectors.family_recipients(report.case))

    def write(data):
        services.report_family_copy(report=report, by=request.membership, request=request, **data)
        return report

    done = _("The family's copy has been recorded in the disclosure register.")
    response = _post_form(request, form, write, done=done, pk=report.pk)
    context = {"form": form, "report": report, "case": report.case, "title": _("The family's own copy")}
    return response or render(request, "reports/hand_over.html", context)


@access.member_required(access.can_work_on_cases)
def report_pdf(request, pk):
    report = _fetch(request, pk)
    return download_response(
        documents.report_pdf(report),
        content_type="application/pdf",
        filename=f"zpráva-{report.case.number}-{report.pk}.pdf",
    )


@access.member_required(access.can_work_on_cases)
def report_docx(request, pk):
    report = _fetch(request, pk)
    return download_response(
        documents.report_docx(report), content_type=DOCX_TYPE, filename=f"zpráva-{report.case.number}-{report.pk}.docx"
    )
