""" "All present" on the meeting page; a held meeting the family attended is contact; held
meetings and the tasks agreed there appear in the case timeline."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from opora.audit.models import AuditEvent
from opora.cases.models import Case
from opora.cases.tests.factories import ClosePersonFactory
from opora.meetings import services
from opora.meetings.models import Meeting, Participant
from opora.meetings.tests.factories import PRAGUE, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def test_all_present_marks_every_participant_in_one_action(world, login):
    meeting = MeetingFactory(case=world.case)
    people = [ParticipantFactory(meeting=meeting, name=f"P{n}") for n in range(4)]
    people[0].attendance = Participant.Attendance.ABSENT
    people[0].save()
    client = login(Client(), world.members["case_manager"])
    page = client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()
    assert reverse("meetings:all_present", args=[meeting.pk]) in page
    response = client.post(reverse("meetings:all_present", args=[meeting.pk]))
    assert response.status_code == 302 and response["Location"].endswith("#attendance")
    assert set(meeting.participants.values_list("attendance", flat=True)) == {"present"}
    assert AuditEvent.objects.filter(action="meetings.attendance_all_present", object_id=str(meeting.pk)).count() == 1


def test_all_present_is_refused_on_final_minutes_and_outside_the_team(world, login):
    meeting = MeetingFactory(case=world.case, minutes_state=Meeting.MinutesState.FINAL)
    ParticipantFactory(meeting=meeting)
    assert (
        login(Client(), world.members["case_manager"])
        .post(reverse("meetings:all_present", args=[meeting.pk]))
        .status_code
        == 403
    )
    other = MeetingFactory(case=world.case)
    ParticipantFactory(meeting=other)
    for persona in ("case_manager_other", "other_org"):
        assert (
            login(Client(), world.members[persona]).post(reverse("meetings:all_present", args=[other.pk])).status_code
            == 404
        )
    assert not other.participants.filter(attendance="present").exists()


def test_a_held_meeting_the_mother_attended_is_contact_but_one_without_the_family_is_not(world):
    case = world.case
    Case.objects.filter(pk=case.pk).update(last_contact_on=datetime.date(2026, 5, 1))
    lead = world.members["case_manager"]
    # Held at 00:30 local on 20 August (22:30 UTC the day before): contact on 20 August.
    without_family = MeetingFactory(case=case, start=datetime.datetime(2026, 8, 10, 9, 0, tzinfo=PRAGUE))
    ParticipantFactory(meeting=without_family, role=Participant.Role.OSPOD, attendance="present")
    services.meeting_mark_held(meeting=without_family, by=lead)
    case.refresh_from_db()
    assert case.last_contact_on == datetime.date(2026, 5, 1)

    mother = ClosePersonFactory(student=case.student, name="Hana Dvořáková")
    meeting = MeetingFactory(case=case, start=datetime.datetime(2026, 8, 20, 0, 30, tzinfo=PRAGUE))
    ParticipantFactory(meeting=meeting, close_person=mother, name=mother.name, attendance="present")
    services.meeting_mark_held(meeting=meeting, by=lead)
    case.refresh_from_db()
    assert case.last_contact_on == datetime.date(2026, 8, 20)
    # An older held meeting never moves the last contact back.
    old = MeetingFactory(case=case, start=datetime.datetime(2026, 7, 1, 9, 0, tzinfo=PRAGUE))
    ParticipantFactory(meeting=old, is_student=True, name="Jaroslav", attendance="present")
    services.meeting_mark_held(meeting=old, by=lead)
    case.refresh_from_db()
    assert case.last_contact_on == datetime.date(2026, 8, 20)


def test_held_meetings_and_their_tasks_appear_in_the_timeline(world, login):
    lead = world.members["case_manager"]
    meeting = MeetingFactory(case=world.case, start=datetime.datetime(2026, 9, 1, 9, 0, tzinfo=PRAGUE))
    ParticipantFactory(meeting=meeting, is_student=True, name="Jaroslav Dvořák", attendance="present")
    services.minutes_task_save(meeting=meeting, title="Objednat k psychologovi", responsible_label="matka", by=lead)
    services.meeting_mark_held(meeting=meeting, by=lead)
    planned = MeetingFactory(case=world.case, purpose="Ještě nebylo")
    body = login(Client(), lead).get(reverse("cases:detail", args=[world.case.pk]) + "?tab=timeline").content
    body = body.decode()
    assert reverse("meetings:detail", args=[meeting.pk]) in body
    assert "Jaroslav Dvořák" in body and "Objednat k psychologovi" in body
    assert reverse("meetings:detail", args=[planned.pk]) not in body


def test_the_migration_counts_meetings_held_before_as_contact(world):
    """Installations with meetings held before this change: the family's presence counts."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("opora.meetings.migrations.0006_held_meetings_count_as_contact")
    Case.objects.filter(pk=world.case.pk).update(last_contact_on=datetime.date(2026, 1, 5))
    held = MeetingFactory(
        case=world.case, status=Meeting.Status.HELD, start=datetime.datetime(2026, 3, 2, 0, 15, tzinfo=PRAGUE)
    )
    ParticipantFactory(meeting=held, is_student=True, name="Jaroslav", attendance="present")
    other = MeetingFactory(case=world.case_of_other_org, status=Meeting.Status.HELD)
    ParticipantFactory(meeting=other, role=Participant.Role.OSPOD, attendance="present")  # no family: no contact
    before_other = Case.objects.get(pk=world.case_of_other_org.pk).last_contact_on
    migration.forwards(apps, None)
    assert Case.objects.get(pk=world.case.pk).last_contact_on == datetime.date(2026, 3, 2)
    assert Case.objects.get(pk=world.case_of_other_org.pk).last_contact_on == before_other
