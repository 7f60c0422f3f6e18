"""Every write of the reports app: write, submit, approve (four eyes), hand over, family copy."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.accounts.models import Role
from opora.audit.services import audit_log
from opora.cases.services import case_record_school_report
from opora.consents.checks import CourtRequest, Recipient
from opora.consents.models import Category
from opora.consents.services import disclosure_check, disclosure_record
from opora.core.concurrency import save_versioned
from opora.reports import workflow
from opora.reports.models import (
    BASES,
    BASIS_CONSENT,
    BASIS_COURT_REQUEST,
    BASIS_LEGAL_DUTY,
    CaseReport,
    HandOver,
    RecipientKind,
)

TEXT_FIELDS = (
    "title",
    "period_from",
    "period_to",
    "goals_text",
    "cooperation",
    "meetings_text",
    "family_view",
    "recommendation",
)


def _validate(report):
    if report.period_from and report.period_to and report.period_from > report.period_to:
        raise ValidationError({"period_to": _("The period cannot end before it starts.")})
    case = report.case
    if report.recipient_kind == RecipientKind.SCHOOL:
        if case.school_id is None:
            raise ValidationError(_("The case has no school to report to."))
        report.institution = None
        return
    inst = report.institution
    if inst is None or inst.organisation_id != case.organisation_id or inst.kind != report.recipient_kind:
        raise ValidationError({"institution": _("Choose an institution of the right kind from the network directory.")})


@transaction.atomic
def report_create(*, case, recipient_kind, institution=None, by, request=None, **texts) -> CaseReport:
    if not access.can_edit_case(by, case):
        raise PermissionDenied
    report = CaseReport(
        case=case,
        recipient_kind=recipient_kind,
        institution=institution,
        written_by=by,
        **{k: texts[k] for k in TEXT_FIELDS if k in texts},
    )
    _validate(report)
    report.full_clean()
    report.save()
    audit_log(action="reports.create", request=request, membership=by, obj=report)
    return report


@transaction.atomic
def report_update(*, report: CaseReport, stamp, by, request=None, **data) -> CaseReport:
    if not access.can_edit_case(by, report.case):
        raise PermissionDenied
    if report.status != workflow.Status.DRAFT:
        raise ValidationError(_("Only a draft can be changed; a coordinator may return it for changes."))
    for name in (*TEXT_FIELDS, "institution"):
        if name in data:
            setattr(report, name, data[name])
    _validate(report)
    report.full_clean()
    save_versioned(report, stamp=stamp, fields=(*TEXT_FIELDS, "institution"))
    audit_log(action="reports.update", request=request, membership=by, obj=report)
    return report


@transaction.atomic
def report_step(*, report: CaseReport, step: str, by, request=None) -> CaseReport:
    """submit / approve / return, by the lifecycle's guards (four eyes on approve)."""
    report = CaseReport.objects.select_for_update().select_related("case").get(pk=report.pk)
    if access.case_access_level(by, report.case) != access.CASE_TEAM:
        raise PermissionDenied
    facts = workflow.Facts(
        is_author=report.written_by_id == by.pk,
        is_coordinator=by.role == Role.COORDINATOR,
        is_team=access.can_edit_case(by, report.case),
    )
    reasons = workflow.refusals(step, report.status, facts)
    if step == "approve" and not reasons and not access.can_approve_case_report(by, report):
        reasons = [_("Only a coordinator who did not write the report may approve it.")]
    if reasons:
        raise ValidationError(reasons)
    report.status = workflow.STEPS[step].target
    fields = ["status"]
    if step == "approve":
        report.approved_by, report.approved_at = by, timezone.now()
        fields += ["approved_by", "approved_at"]
    if step == "return":
        report.approved_by, report.approved_at = None, None
        fields += ["approved_by", "approved_at"]
    report.save(update_fields=fields)
    audit_log(action=f"reports.{step}", request=request, membership=by, obj=report)
    return report


def _recipient(report):
    if report.recipient_kind == RecipientKind.SCHOOL:
        return Recipient.for_school(report.case.school)
    return Recipient.for_institution(report.institution)


def _document_label(report):
    return _("Report: %(title)s") % {"title": report.title}


def report_hand_over(
    *,
    report: CaseReport,
    channel,
    basis=BASIS_CONSENT,
    justification="",
    request_reference="",
    request_date=None,
    by,
    request=None,
) -> HandOver:
    """Hand an approved report to its recipient: the sharing decision of the policy on the
    claimed basis (refused: SharingRefused, nothing recorded but the audited refusal), then the
    disclosure and the hand-over, all or nothing."""
    if not access.can_hand_over_case_report(by, report.case):
        raise PermissionDenied
    report.refresh_from_db(fields=["status"])
    if report.status != workflow.Status.APPROVED:
        raise ValidationError(_("Only an approved report can be handed over."))
    if basis not in BASES[report.recipient_kind]:
        raise ValidationError({"basis": _("This basis does not apply to this recipient.")})
    basis_args = {}
    if basis == BASIS_LEGAL_DUTY:
        basis_args["legal_duty"] = justification or ""
    if basis == BASIS_COURT_REQUEST:
        basis_args["court_request"] = CourtRequest(reference=request_reference or "", date=request_date)
    recipient = _recipient(report)
    disclosure_check(
        case=report.case, category=Category.REPORTS, recipient=recipient, by=by, request=request, **basis_args
    )
    with transaction.atomic():
        disclosure = disclosure_record(
            case=report.case,
            category=Category.REPORTS,
            recipient=recipient,
            document=_document_label(report),
            by=by,
            request=request,
            **basis_args,
        )
        handover = HandOver.objects.create(
            report=report, channel=channel, disclosure=disclosure, by=by, at=disclosure.disclosed_at
        )
        audit_log(
            action="reports.hand_over",
            request=request,
            membership=by,
            obj=report,
            data={"channel": channel, "basis": disclosure.basis},
        )
        if report.recipient_kind == RecipientKind.SCHOOL:
            case_record_school_report(
                case=report.case, on=timezone.localdate(disclosure.disclosed_at), by=by, request=request
            )
    return handover


def report_family_copy(*, report: CaseReport, person, channel, by, request=None) -> HandOver:
    """The family's own copy on their request (the student or a legal guardian of the case),
    recorded in the disclosure register with the basis "own copy"."""
    if not access.can_hand_over_case_report(by, report.case):
        raise PermissionDenied
    report.refresh_from_db(fields=["status"])
    if report.status != workflow.Status.APPROVED:
        raise ValidationError(_("Only an approved report can be handed over."))
    recipient = Recipient.of(person)
    disclosure_check(
        case=report.case, category=Category.REPORTS, recipient=recipient, own_copy=True, by=by, request=request
    )
    with transaction.atomic():
        disclosure = disclosure_record(
            case=report.case,
            category=Category.REPORTS,
            recipient=recipient,
            document=_document_label(report),
            own_copy=True,
            by=by,
            request=request,
        )
        handover = HandOver.objects.create(
            report=report, channel=channel, disclosure=disclosure, family_copy=True, by=by, at=disclosure.disclosed_at
        )
        audit_log(action="reports.family_copy", request=request, membership=by, obj=report, data={"channel": channel})
    return handover
