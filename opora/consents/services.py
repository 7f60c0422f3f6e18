"""Every write of the consents app: consents, disclosures, reports to the school, retention."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from opora import access
from opora.accounts.services import organisation_set_retention
from opora.audit.services import audit_log
from opora.cases.services import case_record_school_report
from opora.consents.checks import CourtRequest, Recipient, sharing_decision
from opora.consents.models import Basis, Category, Consent, Disclosure, GiverKind, SchoolReport


class SharingRefused(ValidationError):
    """The sharing check refused a disclosure; the message says why."""


def is_minor(student, on) -> bool:
    """Under 18 on `on`; a student without a date of birth counts as a minor."""
    born = student.date_of_birth
    if born is None or on is None:
        return True
    return (on.year - born.year - ((on.month, on.day) < (born.month, born.day))) < 18


@transaction.atomic
def consent_record(
    *,
    case,
    given_by_kind,
    given_by_name,
    categories,
    purpose,
    given_on,
    valid_until=None,
    student_agrees=False,
    to_school=False,
    actors=(),
    named_recipients="",
    signed_form=None,
    by,
    request=None,
) -> Consent:
    if not access.can_manage_consents(by, case):
        raise PermissionDenied
    actors = list(actors)
    if any(a.case_id != case.pk for a in actors):
        raise ValidationError({"actors": _("Choose network actors of this case.")})
    if not (to_school or actors or named_recipients.strip()):
        raise ValidationError(_("Name at least one recipient of the information."))
    if given_by_kind == GiverKind.STUDENT and is_minor(case.student, given_on):
        raise ValidationError(
            {
                "given_by_kind": _(
                    "For a minor the consent is given by a parent or legal guardian; "
                    "record the student's own agreement with the checkbox."
                )
            }
        )
    consent = Consent(
        case=case,
        given_by_kind=given_by_kind,
        given_by_name=given_by_name,
        student_agrees=student_agrees,
        categories=sorted(set(categories)),
        to_school=to_school,
        named_recipients=named_recipients.strip(),
        purpose=purpose,
        given_on=given_on,
        valid_until=valid_until,
        recorded_by=by,
    )
    if signed_form:
        consent.signed_form = signed_form
        consent.signed_form_name = signed_form.name[:200]
    consent.full_clean()
    consent.save()
    consent.actors.set(actors)
    audit_log(
        action="consents.consent_record",
        request=request,
        membership=by,
        obj=consent,
        data={"categories": consent.categories, "actors": [a.pk for a in actors], "school": to_school},
    )
    return consent


@transaction.atomic
def consent_withdraw(*, consent: Consent, on=None, by, request=None) -> Consent:
    """Withdrawal takes effect at once: from `on` (today) nothing more may be shared."""
    if not access.can_manage_consents(by, consent.case):
        raise PermissionDenied
    if consent.withdrawn_on is not None:
        raise ValidationError(_("The consent has already been withdrawn."))
    consent.withdrawn_on = on or timezone.localdate()
    consent.withdrawn_by = by
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "withdrawn_by"])
    audit_log(action="consents.consent_withdraw", request=request, membership=by, obj=consent)
    return consent


def _refuse_unless_allowed(
    *, case, category, recipient, now, legal_duty, by, request, court_request=None, own_copy=False
):
    decision = sharing_decision(
        case=case,
        category=category,
        recipient=recipient,
        on=timezone.localdate(now),
        legal_duty=legal_duty,
        court_request=court_request,
        own_copy=own_copy,
        by=by,
    )
    if not decision.allowed:
        # Recorded outside any transaction of ours: a refused disclosure stays traceable.
        audit_log(
            action="consents.disclosure_refused",
            request=request,
            membership=by,
            obj=case,
            data={"category": category, "recipient_kind": recipient.kind},
        )
        raise SharingRefused(decision.reason, code="refused")
    return decision


def disclosure_check(*, case, category, recipient, legal_duty="", court_request=None, own_copy=False, by, request=None):
    """The sharing check alone, before a caller opens its own transaction: refused (SharingRefused)
    with the refusal audited outside any transaction, so it stays traceable."""
    from opora.consents.checks import resolve_recipient

    return _refuse_unless_allowed(
        case=case,
        category=category,
        recipient=resolve_recipient(case, Recipient.of(recipient)),
        now=timezone.now(),
        legal_duty=legal_duty,
        court_request=court_request,
        own_copy=own_copy,
        by=by,
        request=request,
    )


def disclosure_record(
    *,
    case,
    category,
    recipient,
    document="",
    legal_duty="",
    court_request: CourtRequest | None = None,
    own_copy: bool = False,
    by,
    request=None,
) -> Disclosure:
    """Record that information left the case team — after the sharing check, which may refuse
    (SharingRefused, a ValidationError carrying the translated reason). A member of the case
    team is no disclosure: callers ask ``sharing_decision(...).within_team`` first."""
    if category not in Category.values:
        raise ValidationError(_("Unknown category of information."))
    if access.case_access_level(by, case) != access.CASE_TEAM:
        raise PermissionDenied
    from opora.consents.checks import resolve_recipient

    recipient = resolve_recipient(case, Recipient.of(recipient))
    now = timezone.now()
    decision = _refuse_unless_allowed(
        case=case,
        category=category,
        recipient=recipient,
        now=now,
        legal_duty=legal_duty,
        court_request=court_request,
        own_copy=own_copy,
        by=by,
        request=request,
    )
    if decision.within_team:
        raise ValueError("a member of the case team: nothing leaves the team, there is no disclosure to record")
    court = decision.basis == Basis.COURT_REQUEST
    with transaction.atomic():
        disclosure = Disclosure(
            case=case,
            category=category,
            document=document[:200],
            recipient_kind=recipient.kind,
            recipient_actor=recipient.actor,
            recipient_school=recipient.school,
            recipient_institution=recipient.directory_institution() if court else recipient.institution,
            recipient_membership=recipient.membership,
            recipient_close_person=recipient.close_person,
            recipient_label=(recipient.label or "—")[:200],
            basis=decision.basis,
            consent=decision.consent,
            justification=legal_duty.strip() if decision.basis == Basis.LEGAL_DUTY else "",
            request_reference=court_request.reference.strip()[:100] if court else "",
            request_date=court_request.date if court else None,
            disclosed_at=now,
            by=by,
        )
        disclosure.full_clean()
        disclosure.save()
        audit_log(
            action="consents.disclosure_record",
            request=request,
            membership=by,
            obj=disclosure,
            data={"category": category, "basis": decision.basis, "recipient_kind": recipient.kind},
        )
    return disclosure


@transaction.atomic
def school_report_create(*, case, title, text, by, request=None) -> SchoolReport:
    if not access.can_manage_consents(by, case):
        raise PermissionDenied
    if case.school_id is None:
        raise ValidationError(_("The case has no referring school."))
    report = SchoolReport(case=case, school_id=case.school_id, title=title, text=text, written_by=by)
    report.full_clean()
    report.save()
    audit_log(action="consents.report_create", request=request, membership=by, obj=report)
    return report


def school_report_send(*, report: SchoolReport, by, request=None) -> SchoolReport:
    """Send a report to the school: the check (category "reports" to the school), a disclosure
    and the case's record of the report (cases app), all or nothing."""
    if report.sent_at is None and access.can_manage_consents(by, report.case):
        _refuse_unless_allowed(
            case=report.case,
            category=Category.REPORTS,
            recipient=Recipient.for_school(report.school),
            now=timezone.now(),
            legal_duty="",
            by=by,
            request=request,
        )
    with transaction.atomic():
        return _school_report_send(report=report, by=by, request=request)


def _school_report_send(*, report, by, request):
    report = SchoolReport.objects.select_for_update().select_related("case", "school").get(pk=report.pk)
    if not access.can_manage_consents(by, report.case):
        raise PermissionDenied
    if report.sent_at is not None:
        raise ValidationError(_("The report has already been sent."))
    disclosure = disclosure_record(
        case=report.case,
        category=Category.REPORTS,
        recipient=Recipient.for_school(report.school),
        document=_("Report: %(title)s") % {"title": report.title},
        by=by,
        request=request,
    )
    report.sent_at = disclosure.disclosed_at
    report.disclosure = disclosure
    report.save(update_fields=["sent_at", "disclosure"])
    audit_log(action="consents.report_send", request=request, membership=by, obj=report)
    case_record_school_report(case=report.case, on=timezone.localdate(report.sent_at), by=by, request=request)
    return report


@transaction.atomic
def retention_set(*, organisation, years: int, by, request=None):
    if not access.can_set_retention(by) or by.organisation_id != organisation.pk:
        raise PermissionDenied
    if years is None or not 1 <= int(years) <= 50:
        raise ValidationError({"retention_years": _("Enter a number of years between 1 and 50.")})
    organisation_set_retention(organisation=organisation, years=int(years))
    audit_log(
        action="consents.retention_set", request=request, membership=by, obj=organisation, data={"years": int(years)}
    )
    return organisation


# --- Subject access -------------------------------------------------------------------------------


@transaction.atomic
def subject_access_confirm(*, student, notes, request) -> None:
    """The confirmation step of a subject access request: which restricted notes were offered."""
    for case in student.cases.all():
        audit_log(
            action="consents.subject_access_confirm",
            request=request,
            obj=case,
            data={"restricted_notes": [n.pk for n in notes if n.case_id == case.pk]},
        )


@transaction.atomic
def subject_access_release(*, student, decisions: dict, request) -> None:
    """A subject access export goes out: the decision on each restricted note and the release
    of every case of the student and of the student are audited."""
    if decisions:
        audit_log(
            action="consents.subject_access_notes",
            request=request,
            obj=student,
            data={"notes": [{"id": note_id, "decision": decision} for note_id, decision in decisions.items()]},
        )
    for case in student.cases.all():
        audit_log(action="consents.subject_access", request=request, obj=case)
    audit_log(action="consents.subject_access", request=request, obj=student)
