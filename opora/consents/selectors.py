"""Reads of the consents app, filtered through opora.access."""

from django.db.models import Q

from opora import access
from opora.consents.models import Consent, Disclosure, case_consent_status


def consents_of(case):
    return list(Consent.objects.filter(case=case).prefetch_related("actors").select_related("withdrawn_by__user"))


def consent_status_of(case, on=None) -> str:
    return case_consent_status(Consent.objects.filter(case=case), on)


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
