"""Issue 11: one scan for several signatures, the signature dated at the meeting, the refusal
note in the minutes."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from opora.core.testing.files import pdf_upload
from opora.meetings import documents, services
from opora.meetings.models import Participant
from opora.meetings.tests.factories import PRAGUE, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

START = datetime.datetime(2026, 10, 8, 14, 0, tzinfo=PRAGUE)


@pytest.fixture
def meeting(world):
    m = MeetingFactory(case=world.case, start=START, facilitator=world.members["facilitator"])
    for name in ("Jana Nováková", "Petr Novák", "Mgr. Eva Malá"):
        ParticipantFactory(meeting=m, name=name, attendance=Participant.Attendance.PRESENT)
    return m


def test_one_scan_is_recorded_once_for_everyone_who_signed_the_sheet(world, login, meeting):
    client = login(Client(), world.members["case_manager"])
    url = reverse("meetings:sign_sheet", args=[meeting.pk])
    page = client.get(url).content.decode()
    assert page.count('type="checkbox"') == 3 and 'value="2026-10-08T14:00"' in page  # the meeting's time
    chosen = list(meeting.participants.all()[:2])
    response = client.post(
        url, {"participants": [p.pk for p in chosen], "scan": pdf_upload("prezencka.pdf"), "signed_at": ""}
    )
    assert response.status_code == 302
    signed = [Participant.objects.get(pk=p.pk) for p in chosen]
    assert {p.signature for p in signed} == {Participant.Signature.PAPER}
    assert signed[0].signature_scan.name and signed[0].signature_scan.name == signed[1].signature_scan.name
    assert all(p.signed_at == START for p in signed)  # the meeting's date and time, not the entry's
    assert Participant.objects.get(name="Mgr. Eva Malá", meeting=meeting).signature == "none"


def test_the_sheet_refuses_a_participant_who_already_signed_and_changes_nothing(world, login, meeting):
    cm = world.members["case_manager"]
    first, second, _third = meeting.participants.all()
    services.signature_record(participant=first, kind=Participant.Signature.REFUSED, note="nechce", by=cm)
    client = login(Client(), cm)
    response = client.post(
        reverse("meetings:sign_sheet", args=[meeting.pk]),
        {"participants": [first.pk, second.pk], "scan": pdf_upload()},
    )
    assert response.status_code == 200
    assert Participant.objects.get(pk=second.pk).signature == "none"


def test_a_single_signature_defaults_to_the_meeting_and_may_be_dated_otherwise(world, login, meeting):
    cm = world.members["case_manager"]
    first, second, _third = meeting.participants.all()
    p = services.signature_record(participant=first, kind=Participant.Signature.PAPER, scan=pdf_upload(), by=cm)
    assert p.signed_at == START
    client = login(Client(), cm)
    form = client.get(reverse("meetings:sign", args=[meeting.pk, second.pk])).content.decode()
    assert 'value="2026-10-08T14:00"' in form
    client.post(
        reverse("meetings:sign", args=[meeting.pk, second.pk]),
        {"kind": "refused", "note": "nesouhlasí s úkolem", "signed_at": "2026-10-09T08:30"},
    )
    assert Participant.objects.get(pk=second.pk).signed_at == datetime.datetime(2026, 10, 9, 8, 30, tzinfo=PRAGUE)


def test_the_minutes_pdf_and_docx_include_the_refusal_note(world, meeting):
    cm = world.members["case_manager"]
    first, *_ = meeting.participants.all()
    services.signature_record(participant=first, kind=Participant.Signature.REFUSED, note="nesouhlasí s úkolem", by=cm)
    with translation.override("cs"):
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(documents.minutes_pdf(meeting))).pages)
        docx = documents.minutes_docx(meeting)
    assert "nesouhlasí s úkolem" in " ".join(text.split())
    from docx import Document

    paragraphs = [p.text for p in Document(io.BytesIO(docx)).paragraphs]
    assert any("nesouhlasí s úkolem" in p for p in paragraphs)
