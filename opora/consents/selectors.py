"""Reads of the consents app, filtered through opora.access."""

from django.db.models import Q

from opora import access
from opora.cases.privacy import restricted_notes_of
from opora.consents.models import Consent, Disclosure, case_consent_status
from opora.core.orm import CompiledQuery


def consents_of(case):
    return list(Consent.objects.filter(case=case).prefetch_related("actors").select_related("withdrawn_by__user"))


def _status_rows(case):
    # What Consent.status reads, of each consent of the case.
    return Consent.objects.filter(case_id=case).only("id", "case_id", "given_on", "valid_until", "withdrawn_on")


# The case header's consent badge on every case page: compiled once per connection.
_STATUS_ROWS = CompiledQuery(_status_rows, "case", plan_once=True)


def consent_status_of(case, on=None) -> str:
    return case_consent_status(_STATUS_ROWS(case=case.pk), on)


def consent_status_call(case):
    """The query of ``consent_status_of``, not run yet (the case header's badges run theirs
    together: ``registry.render``)."""
    return _STATUS_ROWS.call(case=case.pk)


def disclosures_of(case):
    return Disclosure.objects.filter(case=case).select_related("by__user", "consent")


def disclosure_register(membership, *, case_number="", recipient=""):
    qs = Disclosure.objects.filter(case__organisation_id=membership.organisation_id).select_related("case", "by__user")
    if case_number:
        qs = qs.filter(case__number__icontains=case_number)
    if recipient:
        qs = qs.filter(Q(recipient_label__icontains=recipient))
    return qs


def reports_of_case_for(membership, case):
    return access.school_reports_for(membership).filter(case=case).select_related("written_by__user", "school")


def case_consents_context(membership, case) -> dict:
    """What the consents page of a case and the case page's "Consents and sharing" tab show."""
    from opora import access
    from opora.consents.models import case_consent_status

    consents = consents_of(case)
    return {
        "consents": consents,
        "status": case_consent_status(consents),
        "reports": list(reports_of_case_for(membership, case)),
        "disclosures": list(disclosures_of(case)[:50]),
        "can_legal_duty": access.can_disclose_on_legal_duty(membership, case),
        "can_read_audit": access.can_read_case_audit(membership),
    }


def restricted_notes_for(membership, student) -> list:
    """The student's restricted notes the membership may see (for a subject access request)."""
    return [n for n in restricted_notes_of(student) if access.can_see_restricted_notes(membership, n.case)]
