"""Cooperation agreements: versions, signing in the app or on paper, refusal, documents."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opora.agreements import documents, services
from opora.agreements.models import Agreement
from opora.cases.tests.factories import CaseFactory
from opora.core.pdf import html_to_pdf

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
CONTENT = {
    "family_parties": "Jana Dvořáková (matka)",
    "with_ospod": True,
    "ospod_party": "Mgr. Petr Malý, OSPOD Praha 9",
    "goals": "Návrat Petra z dětského domova do rodiny.",
    "family_promises": "Pravidelné návštěvy v domově.",
    "service_promises": "Setkání jednou za dva týdny.",
    "ospod_promises": "Vyhodnocení podmínek návratu každé tři měsíce.",
    "information_sharing": "Informace sdílíme jen se stranami dohody.",
    "review_on": TODAY + datetime.timedelta(days=90),
}


@pytest.fixture
def case():
    return CaseFactory()


def test_a_three_party_agreement_is_signed_in_the_app(case):
    agreement = services.agreement_create(case=case, by=case.lead, **CONTENT)
    assert agreement.status == "draft" and agreement.number == 1
    services.agreement_sign(agreement=agreement, signed_by="J. Dvořáková, P. Malý", signed_on=TODAY, by=case.lead)
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signature_mode, agreement.decided_by) == ("signed", "app", case.lead)
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=agreement, stamp=None, by=case.lead, goals="jiné")


def test_ospod_as_a_party_needs_its_representative(case):
    with pytest.raises(ValidationError):
        services.agreement_create(case=case, by=case.lead, **{**CONTENT, "ospod_party": ""})


def test_refusal_is_recorded_with_its_note_and_renegotiation_keeps_the_old_version(case):
    first = services.agreement_create(case=case, by=case.lead, **CONTENT)
    with pytest.raises(ValidationError):
        services.agreement_refuse(agreement=first, note="", by=case.lead)
    services.agreement_refuse(agreement=first, note="Matka nesouhlasí s účastí OSPOD.", by=case.lead)
    first.refresh_from_db()
    assert first.status == "refused" and "OSPOD" in first.refusal_note
    second = services.agreement_renegotiate(agreement=first, by=case.lead)
    assert (second.number, second.previous_id, second.goals) == (2, first.pk, CONTENT["goals"])
    services.agreement_update(
        agreement=second, stamp=None, by=case.lead, with_ospod=False, ospod_party="", ospod_promises=""
    )
    pdf = SimpleUploadedFile("dohoda.pdf", html_to_pdf("<p>Podepsaná dohoda</p>"), "application/pdf")
    services.agreement_sign(agreement=second, signed_by="Jana Dvořáková", scan=pdf, by=case.lead)
    second.refresh_from_db()
    assert second.signature_mode == "paper" and second.scan
    first.refresh_from_db()
    assert first.status == "refused" and first.goals == CONTENT["goals"]  # still readable as it was
    third = services.agreement_renegotiate(agreement=second, by=case.lead)
    services.agreement_sign(agreement=third, signed_by="Jana Dvořáková", by=case.lead)
    second.refresh_from_db()
    assert second.status == "superseded"
    with pytest.raises(ValidationError):
        services.agreement_renegotiate(agreement=second, by=case.lead)


def test_a_second_first_version_and_outsiders_are_refused(case):
    services.agreement_create(case=case, by=case.lead, **CONTENT)
    with pytest.raises(ValidationError):
        services.agreement_create(case=case, by=case.lead, **CONTENT)
    other = CaseFactory()
    with pytest.raises(PermissionDenied):
        services.agreement_create(case=other, by=case.lead, **CONTENT)


def test_pdf_and_docx_in_czech(case):
    from docx import Document

    agreement = services.agreement_create(case=case, by=case.lead, **CONTENT)
    assert documents.agreement_pdf(agreement).startswith(b"%PDF")
    text = "\n".join(p.text for p in Document(io.BytesIO(documents.agreement_docx(agreement))).paragraphs)
    assert "Dohoda o spolupráci" in text and "Co slibuje rodina" in text and "Návrat Petra" in text


def test_signing_over_http_and_an_attack_from_another_organisation(client, login, world):
    agreement = world.agreement_draft
    login(client, world.members["case_manager"])
    response = client.post(
        reverse("agreements:sign", args=[agreement.pk]),
        {"signed_by": "Jana Dvořáková", "signed_on": TODAY.isoformat(), "edit_stamp": _stamp(agreement)},
    )
    assert response.status_code == 302
    assert Agreement.objects.get(pk=agreement.pk).status == "signed"
    assert Agreement.objects.get(pk=world.agreement_signed.pk).status == "superseded"
    login(client, world.members["other_org"])
    assert client.get(reverse("agreements:pdf", args=[agreement.pk])).status_code == 404
    assert client.post(reverse("agreements:refuse", args=[agreement.pk]), {"note": "nechce"}).status_code == 404


def _stamp(obj):
    from opora.core.concurrency import make_stamp

    return make_stamp(obj)
