import datetime
import io

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation
from icalendar import Calendar
from pypdf import PdfReader

from opora.cases.models import CaseEvent, Task
from opora.cases.workflow import State
from opora.core.testing.files import pdf_upload
from opora.meetings import documents, services
from opora.meetings.models import Meeting, MeetingTask, Participant
from opora.meetings.tests.factories import PRAGUE, AgendaItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

PRESENT = Participant.Attendance.PRESENT


@pytest.fixture
def meeting(world):
    m = MeetingFactory(case=world.case, facilitator=world.members["facilitator"])
    AgendaItemFactory(
        meeting=m, order=1, title="Pohled rodiny a žáka", minutes=15, notes="Matka popsala potíže s bydlením."
    )
    return m


def _task(meeting, by, **kw):
    kw.setdefault("title", "Kontaktovat bytový odbor")
    kw.setdefault("responsible_label", "Věra Šťastná (matka)")
    kw.setdefault("due_date", datetime.date(2026, 12, 31))
    return services.minutes_task_save(meeting=meeting, by=by, **kw)


def test_a_task_from_the_minutes_becomes_a_task_of_the_case_linked_both_ways(world, meeting):
    task = _task(meeting, world.members["case_manager"])
    assert task.case == world.case
    assert task.meeting_link.meeting == meeting
    assert list(meeting.task_links.values_list("task_id", flat=True)) == [task.pk]


def test_saving_the_same_tasks_twice_creates_no_duplicates(world, meeting):
    cm = world.members["case_manager"]
    before = Task.objects.filter(case=world.case).count()
    for _ in range(2):
        _task(meeting, cm)
        _task(meeting, cm, title="Zajistit doučování z matematiky", responsible_label="ZŠ Na Výsluní")
    assert Task.objects.filter(case=world.case).count() == before + 2
    assert MeetingTask.objects.filter(meeting=meeting).count() == 2


def test_a_repeated_task_updates_the_deadline_and_an_existing_plan_task_is_linked_not_copied(world, meeting):
    cm = world.members["case_manager"]
    first = _task(meeting, cm)
    again = _task(meeting, cm, title="kontaktovat bytový odbor", due_date=datetime.date(2027, 1, 15))
    assert again.pk == first.pk and again.due_date == datetime.date(2027, 1, 15)
    existing = world.task  # already in the plan before the meeting
    updated = _task(meeting, cm, task=existing, title=existing.title, due_date=datetime.date(2027, 2, 1))
    assert updated.pk == existing.pk
    assert Task.objects.filter(title=existing.title, case=world.case).count() == 1
    assert existing.meeting_link.meeting == meeting


def test_a_task_typed_again_in_the_minutes_updates_the_open_plan_task_of_the_same_title(world, meeting):
    cm = world.members["case_manager"]
    existing = world.task  # in the plan before the meeting, not yet linked to any meeting
    typed = _task(meeting, cm, title=existing.title.upper(), due_date=datetime.date(2027, 3, 1))
    assert typed.pk == existing.pk
    same = [t for t in Task.objects.filter(case=world.case) if t.title.casefold() == existing.title.casefold()]
    assert len(same) == 1
    existing.refresh_from_db()
    assert existing.due_date == datetime.date(2027, 3, 1) and existing.meeting_link.meeting == meeting
    # A done task of the plan is history: the same words agreed again make a new task.
    done = Task.objects.create(case=world.case, title="Vyřídit příspěvek na pomůcky", status=Task.Status.DONE)
    again = _task(meeting, cm, title="Vyřídit příspěvek na pomůcky")
    assert again.pk != done.pk and again.status == Task.Status.OPEN


def test_a_task_captured_in_a_meeting_of_a_closed_case_is_refused_and_nothing_is_written(world, meeting):
    cm = world.members["case_manager"]
    Case = type(world.case)
    Case.objects.filter(pk=world.case.pk).update(state=State.CLOSED)
    meeting.refresh_from_db()
    tasks, events = Task.objects.count(), CaseEvent.objects.filter(case=world.case).count()
    with pytest.raises(ValidationError) as exc:
        _task(meeting, cm)
    assert exc.value.code == "closed"
    assert Task.objects.count() == tasks and not MeetingTask.objects.filter(meeting=meeting).exists()
    assert CaseEvent.objects.filter(case=world.case).count() == events


def test_a_task_captured_in_a_meeting_through_the_page_leaves_a_timeline_event(world, meeting, login):
    client = login(Client(), world.members["case_manager"])
    response = client.post(
        reverse("meetings:task_add", args=[meeting.pk]),
        {"title": "Domluvit doučování", "responsible_label": "ZŠ Na Výsluní", "due_date": "2026-12-31"},
    )
    assert response.status_code == 302
    task = Task.objects.get(case=world.case, title="Domluvit doučování")
    assert task.meeting_link.meeting == meeting
    event = CaseEvent.objects.filter(case=world.case, kind=CaseEvent.Kind.PLAN).latest("pk")
    assert "Domluvit doučování" in event.reason


def test_a_task_captured_in_a_meeting_of_a_closed_case_through_the_page_is_refused(world, meeting, login):
    type(world.case).objects.filter(pk=world.case.pk).update(state=State.CLOSED)
    client = login(Client(), world.members["case_manager"])
    response = client.post(
        reverse("meetings:task_add", args=[meeting.pk]),
        {"title": "Domluvit doučování", "responsible_label": "ZŠ Na Výsluní", "due_date": "2026-12-31"},
    )
    assert response.status_code in (404, 422)
    assert not Task.objects.filter(title="Domluvit doučování").exists()


def test_a_task_without_anybody_responsible_is_refused(world, meeting):
    with pytest.raises(ValidationError):
        services.minutes_task_save(meeting=meeting, title="Něco udělat", by=world.members["case_manager"])


def test_minutes_cannot_be_final_while_a_present_participant_has_not_signed(world, meeting):
    cm = world.members["case_manager"]
    mother = ParticipantFactory(meeting=meeting, attendance=PRESENT)
    ParticipantFactory(meeting=meeting, name="Jan Nepřítomný", attendance=Participant.Attendance.ABSENT)
    with pytest.raises(ValidationError, match="Věra Šťastná"):
        services.minutes_finalise(meeting=meeting, by=cm)
    meeting.refresh_from_db()
    assert not meeting.is_final
    # The absent participant does not block: once the mother signed, the minutes are final.
    services.signature_record(participant=mother, kind=Participant.Signature.REFUSED, note="bez udání důvodu", by=cm)
    services.minutes_finalise(meeting=meeting, by=cm)
    meeting.refresh_from_db()
    assert meeting.is_final


def test_minutes_are_final_when_everyone_present_signed_or_refused_and_then_read_only(world, meeting):
    cm = world.members["case_manager"]
    mother = ParticipantFactory(meeting=meeting, attendance=PRESENT)
    father = ParticipantFactory(meeting=meeting, name="Karel Šťastný", attendance=PRESENT)
    scan = pdf_upload("podpis.pdf")
    services.signature_record(participant=mother, kind=Participant.Signature.PAPER, scan=scan, by=cm)
    services.signature_record(participant=father, kind=Participant.Signature.REFUSED, note="nesouhlasí s úkolem", by=cm)
    services.minutes_finalise(meeting=meeting, by=cm)
    meeting.refresh_from_db()
    assert meeting.is_final and meeting.status == Meeting.Status.HELD
    item = meeting.agenda.get()
    with pytest.raises(ValidationError):
        services.agenda_item_record(item=item, notes="přepsáno", decisions="", by=cm)
    with pytest.raises(ValidationError):
        _task(meeting, cm)
    with pytest.raises(ValidationError):
        services.participant_set_attendance(participant=mother, attendance="absent", by=cm)
    item.refresh_from_db()
    assert item.notes == "Matka popsala potíže s bydlením."
    amendment = services.amendment_add(meeting=meeting, text="Oprava: termín úkolu je 15. 1.", by=cm)
    assert amendment.meeting == meeting and list(meeting.amendments.all()) == [amendment]


def test_an_amendment_of_draft_minutes_is_refused(world, meeting):
    with pytest.raises(ValidationError):
        services.amendment_add(meeting=meeting, text="x", by=world.members["case_manager"])


def test_only_the_participant_confirms_the_minutes_in_the_system(world, meeting):
    staff = world.members["school_staff"]
    p = ParticipantFactory(meeting=meeting, membership=staff, attendance=PRESENT)
    with pytest.raises(ValidationError):
        services.signature_record(participant=p, kind=Participant.Signature.SYSTEM, by=world.members["case_manager"])
    services.signature_record(participant=p, kind=Participant.Signature.SYSTEM, by=staff)
    p.refresh_from_db()
    assert p.signature == Participant.Signature.SYSTEM and p.signed_at


def test_a_paper_signature_needs_the_scan_and_an_absent_person_does_not_sign(world, meeting):
    cm = world.members["case_manager"]
    p = ParticipantFactory(meeting=meeting, attendance=PRESENT)
    with pytest.raises(ValidationError):
        services.signature_record(participant=p, kind=Participant.Signature.PAPER, by=cm)
    absent = ParticipantFactory(meeting=meeting, attendance=Participant.Attendance.ABSENT)
    with pytest.raises(ValidationError):
        services.signature_record(participant=absent, kind=Participant.Signature.REFUSED, note="x", by=cm)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_the_minutes_pdf_has_names_with_diacritics_the_task_table_and_deadlines(world, meeting):
    cm = world.members["case_manager"]
    ParticipantFactory(
        meeting=meeting, name="Řehoř Žďárský", institution="OSPOD Praha 9", role="ospod", attendance=PRESENT
    )
    _task(meeting, cm, title="Zajistit doučování z češtiny", responsible_label="Školní poradenské pracoviště")
    with translation.override("cs"):
        text = _pdf_text(documents.minutes_pdf(meeting))
    assert "Řehoř Žďárský" in text
    assert "OSPOD Praha 9" in text
    assert "Zajistit doučování z češtiny" in text
    assert "31. 12. 2026" in text
    assert "Školní poradenské pracoviště" in text
    assert "Jaroslav Dvořák" in text  # the student of the world's case
    assert "mlčenlivostí" in text


def test_the_minutes_docx_has_the_task_and_the_attendance(world, meeting):
    from docx import Document

    ParticipantFactory(meeting=meeting, name="Řehoř Žďárský", attendance=PRESENT)
    _task(meeting, world.members["case_manager"], title="Domluvit vyšetření u pediatričky")
    doc = Document(io.BytesIO(documents.minutes_docx(meeting)))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "Řehoř Žďárský" in cells and "Domluvit vyšetření u pediatričky" in cells


def test_the_ics_parses_and_starts_at_the_prague_time(world, meeting):
    meeting.start = datetime.datetime(2026, 7, 1, 14, 30, tzinfo=PRAGUE)  # summer time (UTC+2)
    cal = Calendar.from_ical(documents.invitation_ics(meeting))
    event = cal.walk("VEVENT")[0]
    start = event.decoded("dtstart")
    assert event["dtstart"].params["TZID"] == "Europe/Prague"
    assert (start.hour, start.minute) == (14, 30)
    assert start.utcoffset() == datetime.timedelta(hours=2)
    assert event.decoded("dtend") - start == datetime.timedelta(minutes=meeting.duration_minutes)
    assert cal.walk("VTIMEZONE")[0]["TZID"] == "Europe/Prague"
    assert str(event["location"]) == meeting.place


def test_an_invitation_is_e_mailed_with_ics_and_pdf_and_recorded_as_a_disclosure(world, meeting):
    from opora.audit.models import AuditEvent

    # The world's consent names w.actor for the category "minutes".
    p = ParticipantFactory(
        meeting=meeting,
        actor=world.actor,
        name="Řehoř Žďárský",
        institution=world.actor.name,
        role="social_service",
        email="sas@example.cz",
    )
    services.invitation_send(participant=p, by=world.members["case_manager"])
    message = mail.outbox[0]
    assert message.to == ["sas@example.cz"]
    assert "Řehoř Žďárský" in message.body
    assert "Místo: ZŠ Na Výsluní" in message.body  # written in Czech
    assert message.subject.startswith("Pozvánka: Případové setkání ve škole")
    assert "3. 12. 2026" in message.body and "14:00" in message.body
    assert "Pohled rodiny a žáka" in message.body
    names = [a[0] for a in message.attachments]
    assert any(n.endswith(".ics") for n in names) and "pozvanka.pdf" in names
    p.refresh_from_db()
    assert p.invitation == Participant.Invitation.SENT and p.invitation_sent_at
    assert AuditEvent.objects.filter(action="meetings.invitation_send", object_id=str(p.pk)).exists()
    disclosure = p.invitation_disclosure
    assert disclosure.category == "minutes" and disclosure.case == world.case
    assert disclosure.recipient_actor == world.actor and disclosure.basis == "consent"


def test_an_invitation_to_an_institution_the_consent_does_not_name_is_refused_with_the_reason(world, meeting):
    from opora.cases.models import ClosePerson
    from opora.consents.models import Disclosure
    from opora.network.tests.factories import InstitutionFactory

    before = Disclosure.objects.count()
    ospod = InstitutionFactory(organisation=world.org, name="OSPOD Praha 9", kind="ospod")
    p = ParticipantFactory(
        meeting=meeting, directory_institution=ospod, name="Bc. Jitka Malá", institution=ospod.name, role="ospod"
    )
    with translation.override("cs"), pytest.raises(ValidationError) as exc:
        services.invitation_send(participant=p, by=world.members["case_manager"])
    assert "OSPOD Praha 9" in str(exc.value)
    assert "souhlas" in str(exc.value).lower()
    assert mail.outbox == [] and Disclosure.objects.count() == before
    p.refresh_from_db()
    assert p.invitation == Participant.Invitation.NOT_SENT and p.invitation_disclosure is None
    # A legal guardian recorded on the case is invited to the student's own meeting without a
    # consent; the disclosure is recorded with its own basis.
    mother = ClosePerson.objects.create(
        student=world.student, name="Hana Dvořáková", relation="matka", legal_guardian=True
    )
    parent = ParticipantFactory(meeting=meeting, close_person=mother, role="parent", email="matka@example.cz")
    services.invitation_send(participant=parent, by=world.members["case_manager"])
    assert len(mail.outbox) == 1
    parent.refresh_from_db()
    assert parent.invitation_disclosure.basis == "own_meeting"
    assert parent.invitation_disclosure.recipient_close_person == mother


def test_school_staff_invited_count_as_their_school_which_the_consent_covers(world, meeting):
    staff = world.members["school_staff"]
    p = ParticipantFactory(meeting=meeting, membership=staff, role="school", email=staff.user.email)
    services.invitation_send(participant=p, by=world.members["case_manager"])
    assert mail.outbox[0].to == [staff.user.email]
    other = world.members["school_staff_other"]
    q = ParticipantFactory(meeting=meeting, membership=other, role="school", email=other.user.email)
    with pytest.raises(ValidationError):
        services.invitation_send(participant=q, by=world.members["case_manager"])
