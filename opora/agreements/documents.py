"""The agreement as a document: the same content for the PDF and the DOCX, in the UI language."""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from opora.core.docx import render_docx
from opora.core.pdf import render_pdf


def _date(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def agreement_document(agreement) -> dict:
    case = agreement.case
    facts = [
        (_("Case"), case.number),
        (_("Version"), str(agreement.number)),
        (_("Status"), agreement.get_status_display()),
        (_("For the family"), agreement.family_parties),
        (_("For the service"), case.organisation.name),
    ]
    if agreement.with_ospod:
        facts.append((_("For OSPOD"), agreement.ospod_party))
    facts.append((_("Review on"), _date(agreement.review_on)))
    if agreement.signed_on:
        facts.append(
            (
                _("Signed"),
                f"{agreement.signed_by}, {_date(agreement.signed_on)} ({agreement.get_signature_mode_display()})",
            )
        )
    if agreement.refused_on:
        facts.append((_("Not accepted"), f"{_date(agreement.refused_on)}: {agreement.refusal_note}"))
    sections = [
        (_("Goals"), agreement.goals),
        (_("What the family promises"), agreement.family_promises),
        (_("What the service promises"), agreement.service_promises),
    ]
    if agreement.with_ospod:
        sections.append((_("What OSPOD promises"), agreement.ospod_promises))
    sections.append((_("How information is shared"), agreement.information_sharing))
    return {
        "title": _("Cooperation agreement"),
        "facts": facts,
        "sections": sections,
        "signatures": [_("For the family"), _("For the service")] + ([_("For OSPOD")] if agreement.with_ospod else []),
    }


def agreement_pdf(agreement) -> bytes:
    return render_pdf("agreements/pdf.html", {"doc": agreement_document(agreement)})


def agreement_docx(agreement) -> bytes:
    doc = agreement_document(agreement)
    footer = "\n".join(f"{label}: ____________________" for label in doc["signatures"])
    return render_docx(title=doc["title"], facts=doc["facts"], sections=doc["sections"], footer=footer)
