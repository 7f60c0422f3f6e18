"""The meeting page's compiled reads (selectors.meeting_page_rows) give what its queryset gives:
the meeting of the organisation only, its agenda, participants, tasks, amendments and people."""

import pytest
from django.test.utils import CaptureQueriesContext

from opora.cases.tests.factories import TaskFactory
from opora.meetings import selectors
from opora.meetings.models import Amendment, MeetingTask
from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _fields(obj):
    return {k: v for k, v in vars(obj).items() if not k.startswith("_")}


def _same(found, expected):
    assert [_fields(o) for o in found] == [_fields(o) for o in expected]


def test_the_compiled_meeting_page_is_the_querysets(world, django_assert_num_queries):
    from django.db import connection

    manager = world.members["case_manager"]
    previous = MeetingFactory(case=world.case)
    meeting = MeetingFactory(
        case=world.case, previous=previous, convener=manager, facilitator=world.members["facilitator"]
    )
    items = [AgendaItemFactory(meeting=meeting, order=o, title=f"Bod {o}") for o in (2, 1, 3)]
    for name in ("Zdena", "Adam", "Bára"):
        ParticipantFactory(meeting=meeting, name=name, membership=manager if name == "Adam" else None)
    for i, item in enumerate([items[0], None]):
        task = TaskFactory(case=world.case, title=f"Úkol {i}", responsible_membership=manager if i else None)
        MeetingTask.objects.create(task=task, meeting=meeting, agenda_item=item)
    Amendment.objects.create(meeting=meeting, text="Oprava jména", created_by=manager)
    ParticipantFactory(meeting=previous, name="Jinde")  # another meeting's row is not this page's

    with CaptureQueriesContext(connection) as queries:
        (found,) = selectors.meeting_page_rows(meeting=meeting.pk, organisation=world.org.pk)
    (expected,) = selectors.meeting_page(meeting.pk, people=False).filter(pk=meeting.pk)
    assert len(queries) == 6  # the meeting, four lists, the people
    _same([found], [expected])
    assert found.previous_start == previous.start and found.case.student == expected.case.student
    with django_assert_num_queries(0):
        for name in ("agenda", "participants", "task_links", "amendments"):
            rows = list(getattr(found, name).all())
            _same(rows, list(getattr(expected, name).all()))
            assert all(row.meeting is found for row in rows)
        assert [p.name for p in found.participants.all()] == [p.name for p in expected.participants.all()]
        for link, expected_link in zip(found.task_links.all(), expected.task_links.all(), strict=True):
            _same([link.task], [expected_link.task])
            assert link.agenda_item == expected_link.agenda_item
            responsible = link.task.responsible_membership
            assert (responsible and responsible.user.email) == (
                expected_link.task.responsible_membership and expected_link.task.responsible_membership.user.email
            )
        for field in selectors.PEOPLE:
            person, expected_person = getattr(found, field), getattr(expected, field)
            assert (person and (person.pk, person.user.full_name)) == (
                expected_person and (expected_person.pk, expected_person.user.full_name)
            )
    assert [i.title for i in found.agenda.all()] == ["Bod 1", "Bod 2", "Bod 3"]


def test_another_organisations_meeting_or_none_is_nothing(world):
    meeting = MeetingFactory(case=world.case_of_other_org)
    assert selectors.meeting_page_rows(meeting=meeting.pk, organisation=world.org.pk) == []
    assert selectors.meeting_page_rows(meeting=meeting.pk + 1000, organisation=world.org.pk) == []
    (own,) = selectors.meeting_page_rows(meeting=meeting.pk, organisation=world.case_of_other_org.organisation_id)
    assert own.pk == meeting.pk and list(own.agenda.all()) == []


def test_a_question_about_the_compiled_pages_participants_is_about_this_meeting_only(world):
    """The policy asks ``meeting.participants.filter(…).exists()`` of the fetched meeting: a
    participant of another meeting must not answer it."""
    staff = world.members["school_staff"]
    meeting, elsewhere = MeetingFactory(case=world.case), MeetingFactory(case=world.case)
    ParticipantFactory(meeting=elsewhere, membership=staff, attendance="present")
    (found,) = selectors.meeting_page_rows(meeting=meeting.pk, organisation=world.org.pk)
    assert list(found.participants.all()) == []
    assert not found.participants.filter(membership=staff).exists()
    assert found.participants.count() == 0
