"""Subject access and retention (§6): sections and anonymisers for the core case models and
this app, the ZIP builder and the anonymisation of expired cases."""

from __future__ import annotations

import datetime
import io
import json
import zipfile

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from opora.core.privacy import (
    register_retention,
    register_subject_access,
    retention_anonymisers,
    subject_access_sections,
)

ANONYMISED = "Anonymizováno"


def _d(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


# --- Subject access sections ------------------------------------------------------------------


@register_subject_access("student", order=0)
def student_section(student):
    return {
        "first_name": student.first_name,
        "last_name": student.last_name,
        "date_of_birth": _d(student.date_of_birth),
        "school": student.school.name if student.school else None,
        "class": student.school_class,
        "phone": student.phone,
        "email": student.email,
        "address": student.address,
        "created_at": _d(student.created_at),
    }


@register_subject_access("cases", order=10)
def cases_section(student):
    return [
        {
            "number": c.number,
            "state": c.state,
            "school": c.school.name if c.school else None,
            "lead": c.lead.user.full_name,
            "opened_at": _d(c.opened_at),
            "closed_at": _d(c.closed_at),
        }
        for c in student.cases.select_related("school", "lead__user")
    ]


@register_subject_access("tasks", order=20)
def tasks_section(student):
    from opora.cases.models import Task

    return [
        {
            "case": t.case.number,
            "task": t.title,
            "responsible": t.responsible_label or (t.responsible_actor.name if t.responsible_actor else ""),
            "due_date": _d(t.due_date),
            "status": t.status,
            "note": t.note,
        }
        for t in Task.objects.filter(case__student=student).select_related("case", "responsible_actor")
    ]


@register_subject_access("network_actors", order=30)
def actors_section(student):
    from opora.cases.models import NetworkActor

    return [
        {
            "case": a.case.number,
            "name": a.name,
            "contact_person": a.contact_person,
            "role": a.role,
            "support_kind": a.support_kind,
            "since": _d(a.since),
            "until": _d(a.until),
        }
        for a in NetworkActor.objects.filter(case__student=student).select_related("case")
    ]


@register_subject_access("consents", order=60)
def consents_section(student):
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


@register_subject_access("disclosures", order=61)
def disclosures_section(student):
    from opora.consents.models import Disclosure

    return [
        {
            "case": d.case.number,
            "category": d.category,
            "document": d.document,
            "recipient": d.recipient_label,
            "basis": d.basis,
            "justification": d.justification,
            "when": _d(d.disclosed_at),
            "by": d.by.user.full_name,
        }
        for d in Disclosure.objects.filter(case__student=student).select_related("case", "by__user")
    ]


@register_subject_access("school_reports", order=62)
def reports_section(student):
    from opora.consents.models import SchoolReport

    return [
        {"case": r.case.number, "school": r.school.name, "title": r.title, "text": r.text, "sent_at": _d(r.sent_at)}
        for r in SchoolReport.objects.filter(case__student=student).select_related("case", "school")
    ]


def subject_access_data(student) -> dict:
    return {name: func(student) for _, name, func in subject_access_sections}


def subject_access_zip(student) -> bytes:
    """A ZIP with everything the organisation holds about `student`: data.json and a readable
    index.html, assembled from every app's registered sections."""
    data = subject_access_data(student)
    payload = {"generated_at": timezone.now().isoformat(), "organisation": student.organisation.name, **data}
    html = render_to_string(
        "consents/subject_access.html",
        {
            "student": student,
            "sections": [(name, _pretty(value)) for name, value in data.items()],
            "now": timezone.now(),
        },
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        archive.writestr("index.html", html)
    return buffer.getvalue()


def _pretty(value):
    """Turn a section into rows of (key, value) lists for the HTML page."""
    if isinstance(value, dict):
        return [list(value.items())]
    if isinstance(value, list):
        return [list(item.items()) if isinstance(item, dict) else [("", item)] for item in value]
    return [[("", value)]]


# --- Retention --------------------------------------------------------------------------------


@register_retention(order=10)
def anonymise_case_core(case):
    """Tasks and network actors: free text and contacts go; dates and statuses stay."""
    for task in case.tasks.all():
        task.title = ANONYMISED
        task.note = ""
        task.responsible_label = ""
        task.save(update_fields=["title", "note", "responsible_label"])
    for actor in case.actors.all():
        actor.name = actor.institution.name if actor.institution_id else ANONYMISED
        actor.contact_person = ""
        actor.email = ""
        actor.phone = ""
        actor.save(update_fields=["name", "contact_person", "email", "phone"])


@register_retention(order=90)
def anonymise_student(case):
    """The student's names and contacts; the birth year stays for statistics. Only when no
    other case of the student is still kept."""
    student = case.student
    others = student.cases.exclude(pk=case.pk).filter(anonymised__isnull=True)
    if any(not is_past_retention(other) for other in others):
        return
    student.first_name = ANONYMISED
    student.last_name = f"#{student.pk}"
    if student.date_of_birth:
        student.date_of_birth = student.date_of_birth.replace(month=1, day=1)
    student.phone = ""
    student.email = ""
    student.address = ""
    student.save(update_fields=["first_name", "last_name", "date_of_birth", "phone", "email", "address"])


@register_retention(order=60)
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
            disclosure.recipient_kind in (RecipientKind.NAMED, RecipientKind.ACTOR)
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


def retention_cutoff(case) -> datetime.date | None:
    if case.closed_at is None:
        return None
    years = case.organisation.retention_years
    try:
        return case.closed_at.replace(year=case.closed_at.year + years)
    except ValueError:  # 29 February
        return case.closed_at.replace(year=case.closed_at.year + years, day=28)


def is_past_retention(case, today=None) -> bool:
    today = today or timezone.localdate()
    cutoff = retention_cutoff(case)
    return case.is_closed and cutoff is not None and cutoff <= today


def expired_cases(today=None):
    from opora.cases.models import Case
    from opora.cases.workflow import State

    candidates = (
        Case.objects.filter(state=State.CLOSED, closed_at__isnull=False, anonymised__isnull=True)
        .select_related("organisation", "student")
        .order_by("pk")
    )
    return [c for c in candidates if is_past_retention(c, today)]


def case_anonymise(case) -> None:
    """Run every registered anonymiser on one case and mark it; a marked case is skipped."""
    from opora.audit.services import audit_log
    from opora.consents.models import AnonymisedCase

    with transaction.atomic():
        if AnonymisedCase.objects.filter(case=case).exists():
            return
        for _order, func in retention_anonymisers:
            func(case)
        AnonymisedCase.objects.create(case=case)
        audit_log(action="consents.case_anonymise", obj=case, organisation=case.organisation)


def anonymise_expired_cases(today=None) -> int:
    cases = expired_cases(today)
    for case in cases:
        case_anonymise(case)
    return len(cases)
