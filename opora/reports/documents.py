"""A report as a document: the same content for the PDF and the DOCX, in the UI language."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opora.core.docx import render_docx
from opora.core.pdf import render_pdf


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def report_document(report) -> dict:
    case = report.case
    recipient = (
        report.case.school.name
        if report.recipient_kind == "school" and case.school_id
        else (report.institution.name if report.institution else "—")
    )
    facts = [
        (_("Addressed to"), recipient),
        (_("Case"), case.number),
        (_("Client"), str(case.student)),
        (_("Period"), f"{_date(report.period_from)} – {_date(report.period_to)}"),
        (_("Written by"), report.written_by.user.full_name),
        (_("Approved by"), report.approved_by.user.full_name if report.approved_by else _("not approved yet")),
        (_("Service"), case.organisation.name),
    ]
    sections = [
        (_("Goals and indicator trends"), report.goals_text),
        (_("Cooperation of the family"), report.cooperation),
        (_("Meetings held and who came"), report.meetings_text),
        (_("The family's own view"), report.family_view),
        (_("Recommendation"), report.recommendation),
    ]
    return {
        "title": report.title,
        "facts": facts,
        "sections": sections,
        "footer": _("Confidential: contains personal data of a child; do not pass on."),
    }


def report_pdf(report) -> bytes:
    return render_pdf("reports/pdf.html", {"doc": report_document(report)})


def report_docx(report) -> bytes:
    doc = report_document(report)
    return render_docx(title=doc["title"], facts=doc["facts"], sections=doc["sections"], footer=doc["footer"])
