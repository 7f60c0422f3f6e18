"""Subject access and retention (§6): this app's sections and anonymiser, the ZIP builder and
the anonymisation of expired cases (each app registers its own parts in opora.core.privacy)."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opora.core import privacy
from opora.core.privacy import ANONYMISED, SubjectAccessChoices, is_past_retention


def _d(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


# --- Subject access sections ------------------------------------------------------------------


def consents_section(student, choices=None):
    from opora.consents.models import Consent

    return [
        {
            "case": c.case.number,
            "given_by": c.given_by_kind,
            "name": c.given_by_name,
            "student_agrees": c.student_agrees,
            "categories": c.categories,
            "to_school": c.to_school,
            "actors": [a.name for a in c.actors.all()],
            "named_recipients": c.named_list,
            "purpose": c.purpose,
            "given_on": _d(c.given_on),
            "valid_until": _d(c.valid_until),
            "withdrawn_on": _d(c.withdrawn_on),
        }
        for c in Consent.objects.filter(case__student=student).select_related("case").prefetch_related("actors")
    ]


def disclosures_section(student, choices=None):
    from opora.consents.models import Disclosure

    return [
        {
            "case": d.case.number,
            "category": d.category,
            "document": d.document,
            "recipient": d.recipient_label,
            "basis": d.basis,
            "justification": d.justification,
            "court_request": d.request_reference,
            "when": _d(d.disclosed_at),
            "by": d.by.user.full_name,
        }
        for d in Disclosure.objects.filter(case__student=student).select_related("case", "by__user")
    ]


def reports_section(student, choices=None):
    from opora.consents.models import SchoolReport

    return [
        {"case": r.case.number, "school": r.school.name, "title": r.title, "text": r.text, "sent_at": _d(r.sent_at)}
        for r in SchoolReport.objects.filter(case__student=student).select_related("case", "school")
    ]


def subject_access_data(student, choices: SubjectAccessChoices | None = None) -> dict:
    choices = choices or SubjectAccessChoices()
    return {section.key: section.load(student, choices) for section in privacy.subject_access}


def subject_access_zip(student, choices: SubjectAccessChoices | None = None) -> bytes:
    """A ZIP with everything the organisation holds about `student`: data.json and a readable
    index.html, assembled from every app's registered sections. Restricted notes go out only
    as `choices` releases them, and are marked in both files."""
    data = subject_access_data(student, choices)
    payload = {"generated_at": timezone.now().isoformat(), "organisation": student.organisation.name, **data}
    html = render_to_string(
        "consents/subject_access.html",
        {
            "student": student,
            "sections": [(name, _node(value)) for name, value in data.items()],
            "now": timezone.now(),
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        archive.writestr("index.html", html)
    return buffer.getvalue()


def _node(value) -> dict:
    """A section as a tree the HTML page renders recursively: tables for dicts (a restricted
    note's table is marked), lists of them, and plain values."""
    if isinstance(value, dict):
        return {
            "kind": "dict",
            "restricted": value.get("restricted") is True,
            "items": [(key, _node(item)) for key, item in value.items()],
        }
    if isinstance(value, list | tuple):
        return {"kind": "list", "items": [_node(item) for item in value]}
    return {"kind": "value", "value": value}


# --- Retention --------------------------------------------------------------------------------


def anonymise_consents(case):
    """Consents keep categories and dates; the register keeps category, kind of recipient,
    basis and time, with named free-text recipients and justifications removed."""
    from opora.consents.models import RecipientKind

    for consent in case.consents.all():
        if consent.signed_form:
            consent.signed_form.delete(save=False)
        consent.given_by_name = ANONYMISED
        consent.named_recipients = ANONYMISED if consent.named_recipients else ""
        consent.purpose = ANONYMISED
        consent.signed_form = ""
        consent.signed_form_name = ""
        consent.save(update_fields=["given_by_name", "named_recipients", "purpose", "signed_form", "signed_form_name"])
    for disclosure in case.disclosures.all():
        if (
            disclosure.recipient_kind
            in (RecipientKind.NAMED, RecipientKind.ACTOR, RecipientKind.STUDENT, RecipientKind.CLOSE_PERSON)
            and not disclosure.recipient_institution_id
        ):
            disclosure.recipient_label = ANONYMISED
        disclosure.document = ""
        disclosure.justification = ANONYMISED if disclosure.justification else ""
        disclosure.save(update_fields=["recipient_label", "document", "justification"])
    for report in case.school_reports.all():
        report.title = ANONYMISED
        report.text = ANONYMISED
        report.save(update_fields=["title", "text"])


def expired_cases(today=None):
    from opora.cases.models import Case
    from opora.cases.workflow import State

    candidates = (
        Case.objects.filter(state=State.CLOSED, closed_at__isnull=False, anonymised__isnull=True)
        .select_related("organisation", "student")
        .order_by("pk")
    )
    return [c for c in candidates if is_past_retention(c, today)]


def case_anonymise(case) -> bool:
    """Run every registered anonymiser on one case and mark it; a marked case is skipped.
    Returns whether this call did the work. Two runs at once (two app servers' timers) do it
    once: the case row is locked first, so the second waits and then finds the mark."""
    from opora.audit.services import audit_log
    from opora.cases.models import Case
    from opora.consents.models import AnonymisedCase

    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).values_list("pk", flat=True).first()
        if AnonymisedCase.objects.filter(case=case).exists():
            return False
        for anonymiser in privacy.retention:
            anonymiser.load(case)
        AnonymisedCase.objects.create(case=case)
        audit_log(action="consents.case_anonymise", obj=case, organisation=case.organisation)
        return True


def anonymise_expired_cases(today=None) -> int:
    """Anonymise every expired case; returns how many this run anonymised."""
    return sum(case_anonymise(case) for case in expired_cases(today))
