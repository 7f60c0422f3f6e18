"""The meeting lifecycle (opora.meetings.workflow): planned → held, planned → cancelled with a
reason, and nothing out of a cancelled or a held meeting."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from opora.audit.models import AuditEvent
from opora.meetings import services, workflow
from opora.meetings.models import Meeting, Participant
from opora.meetings.tests.factories import MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

Status = Meeting.Status


@pytest.fixture
def meeting(world):
    m = MeetingFactory(case=world.case, facilitator=world.members["facilitator"])
    ParticipantFactory(meeting=m, attendance=Participant.Attendance.PRESENT)
    return m


def test_the_steps_of_each_status_are_declared_in_one_place():
    assert {s.name for s in workflow.allowed_steps(Status.PLANNED)} == {"hold", "cancel"}
    assert {s.name for s in workflow.allowed_steps(Status.PROPOSED)} == {"hold", "cancel", "confirm_date"}
    assert workflow.allowed_steps(Status.HELD) == []
    assert workflow.allowed_steps(Status.CANCELLED) == []


def test_a_planned_meeting_is_cancelled_with_its_reason_and_the_cancel_is_audited(world, meeting):
    cm = world.members["case_manager"]
    services.meeting_cancel(meeting=meeting, reason="  Matka onemocněla. ", by=cm)
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED and meeting.cancellation_reason == "Matka onemocněla."
    assert AuditEvent.objects.filter(action="meetings.cancel", object_id=str(meeting.pk)).exists()


def test_a_meeting_is_not_cancelled_without_a_reason(world, meeting):
    with pytest.raises(ValidationError) as exc:
        services.meeting_cancel(meeting=meeting, reason="  ", by=world.members["case_manager"])
    assert "reason" in exc.value.message_dict
    meeting.refresh_from_db()
    assert meeting.status == Status.PLANNED


def test_a_cancelled_meeting_cannot_be_marked_held_nor_its_minutes_finalised(world, meeting):
    cm = world.members["case_manager"]
    services.meeting_cancel(meeting=meeting, reason="Škola zavřena.", by=cm)
    assert workflow.step_problem(meeting, "hold") == str(workflow._STATUS_REASONS[Status.CANCELLED])
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, by=cm)
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED


def test_a_held_meeting_cannot_be_cancelled(world, meeting):
    cm = world.members["case_manager"]
    services.meeting_mark_held(meeting=meeting, by=cm)
    with pytest.raises(ValidationError):
        services.meeting_cancel(meeting=meeting, reason="Omyl.", by=cm)
    meeting.refresh_from_db()
    assert meeting.status == Status.HELD and meeting.cancellation_reason == ""


def test_holding_needs_the_attendance(world):
    bare = MeetingFactory(case=world.case)
    assert workflow.step_problem(bare, "hold") is not None
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=bare, by=world.members["case_manager"])


def test_the_page_cancels_the_meeting_and_then_offers_neither_cancel_nor_held(world, meeting, login):
    client = login(Client(), world.members["case_manager"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:cancel", args=[meeting.pk]) in page
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Matka onemocněla."})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert "Matka onemocněla." in page
    assert reverse("meetings:cancel", args=[meeting.pk]) not in page
    assert reverse("meetings:mark_held", args=[meeting.pk]) not in page
    # Posting "held" by hand to a cancelled meeting changes nothing.
    client.post(reverse("meetings:mark_held", args=[meeting.pk]))
    meeting.refresh_from_db()
    assert meeting.status == Status.CANCELLED


def test_a_cancel_without_a_reason_through_the_page_changes_nothing(world, meeting, login):
    client = login(Client(), world.members["case_manager"])
    client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": ""})
    meeting.refresh_from_db()
    assert meeting.status == Status.PLANNED


def test_a_school_worker_cannot_cancel_the_meeting(world, meeting, login):
    client = login(Client(), world.members["school_staff"])
    response = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Nechceme."})
    assert response.status_code in (403, 404)
    meeting.refresh_from_db()
    assert meeting.status == Status.PLANNED


def test_a_cancelled_meeting_is_read_only_for_everyone(world, meeting, login):
    """Cancelled is final: its agenda, attendance, participants, tasks and invitations no longer
    change (403), and its page offers no form to change them."""
    from opora.cases.models import Task

    client = login(Client(), world.members["case_manager"])
    cancel = client.post(reverse("meetings:cancel", args=[meeting.pk]), {"reason": "Matka onemocněla."})
    assert cancel.status_code == 302
    p = meeting.participants.get()

    def counts():
        return meeting.agenda.count(), meeting.participants.count(), Task.objects.filter(case=world.case).count()

    before = counts()
    attempts = [
        ("meetings:agenda_add", [meeting.pk], {"title": "Nový bod", "minutes": "10"}),
        ("meetings:attendance", [meeting.pk, p.pk], {"attendance": "absent"}),
        ("meetings:participants", [meeting.pk], {"is_student": "on", "role": "child"}),
        ("meetings:task_add", [meeting.pk], {"title": "Úkol", "responsible_label": "škola", "due_date": "2026-12-20"}),
        ("meetings:invitation_handed_over", [meeting.pk, p.pk], {}),
        ("meetings:edit", [meeting.pk], {"place": "Jinde"}),
    ]
    for name, args, data in attempts:
        assert client.post(reverse(name, args=args), data).status_code == 403, name
    meeting.refresh_from_db()
    p.refresh_from_db()
    assert p.attendance == Participant.Attendance.PRESENT and meeting.place != "Jinde"
    assert counts() == before
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:agenda_add", args=[meeting.pk]) not in page
    assert reverse("meetings:attendance", args=[meeting.pk, p.pk]) not in page
