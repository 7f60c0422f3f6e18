import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from opora.meetings import services
from opora.meetings.models import Kind, Meeting, Participant
from opora.meetings.tests.factories import PRAGUE, AgendaItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _start():
    return datetime.datetime(2026, 9, 15, 9, 0, tzinfo=PRAGUE)


def _conference(world, **kw):
    return services.meeting_create(
        case=world.case,
        kind=Kind.CASE_CONFERENCE,
        start=_start(),
        place="Skleněnka, zasedací místnost",
        by=world.members["case_manager"],
        **kw,
    )


def _held(meeting, by):
    ParticipantFactory(meeting=meeting, attendance=Participant.Attendance.PRESENT)
    return services.meeting_mark_held(meeting=meeting, by=by)


def test_a_case_conference_gets_three_hours_the_mapping_purpose_and_a_fitting_agenda(world):
    with translation.override("cs"):
        meeting = _conference(world)
    assert meeting.duration_minutes == 180
    assert meeting.series_position == 1
    assert meeting.purpose.startswith("Zmapování situace")
    assert sum(i.minutes for i in meeting.agenda.all()) <= 180


def test_each_agenda_template_fits_its_default_duration():
    for kind in Kind.values:
        for position in (1, 2, 3):
            for size in ("", "small", "medium", "large"):
                duration = services.meeting_defaults(kind, position, size)["duration"]
                assert sum(m for _, m in services.agenda_template(kind, position, size)) <= duration


def test_holding_a_case_conference_proposes_the_next_ten_weeks_later_with_the_reflection_purpose(world):
    first = _conference(world)
    with translation.override("cs"):
        second = _held(first, world.members["case_manager"])
    assert second.status == Meeting.Status.PROPOSED
    assert second.previous == first
    assert second.series_position == 2
    assert second.start.astimezone(PRAGUE).replace(tzinfo=None) == datetime.datetime(2026, 11, 24, 9, 0)  # local time
    assert second.purpose.startswith("Reflexe")
    # The participants are carried over to be invited again, without attendance.
    assert list(second.participants.values_list("attendance", flat=True)) == ["unknown"]


def test_the_third_case_conference_proposes_no_fourth(world):
    cm = world.members["case_manager"]
    first = _conference(world)
    second = _held(first, cm)
    services.meeting_confirm_date(meeting=second, start=second.start, by=cm)
    third = _held(second, cm)
    assert third.series_position == 3
    services.meeting_confirm_date(meeting=third, start=third.start, by=cm)
    assert _held(third, cm) is None
    assert [m.pk for m in services.meeting_schedule(third)] == [first.pk, second.pk, third.pk]


def test_a_school_meeting_proposes_a_follow_up_about_a_month_later(world):
    meeting = MeetingFactory(case=world.case, kind=Kind.SCHOOL_CASE_MEETING, start=_start())
    nxt = _held(meeting, world.members["case_manager"])
    assert nxt.start - meeting.start == datetime.timedelta(weeks=4)


def test_an_educational_commission_proposes_nothing(world):
    meeting = MeetingFactory(case=world.case, kind=Kind.EDUCATIONAL_COMMISSION, commission_size="small")
    assert _held(meeting, world.members["case_manager"]) is None


def test_the_case_manager_may_move_the_proposed_date_within_the_window_only(world):
    cm = world.members["case_manager"]
    first = _conference(world)
    second = _held(first, cm)
    with pytest.raises(ValidationError, match="8"):
        services.meeting_confirm_date(meeting=second, start=first.start + datetime.timedelta(weeks=5), by=cm)
    with pytest.raises(ValidationError):
        services.meeting_confirm_date(meeting=second, start=first.start + datetime.timedelta(weeks=14), by=cm)
    moved = first.start + datetime.timedelta(weeks=12, days=1)
    services.meeting_confirm_date(meeting=second, start=moved, by=cm)
    second.refresh_from_db()
    assert second.status == Meeting.Status.PLANNED and second.start == moved


def test_a_meeting_cannot_be_held_without_anybody_present(world):
    meeting = MeetingFactory(case=world.case)
    with pytest.raises(ValidationError):
        services.meeting_mark_held(meeting=meeting, by=world.members["case_manager"])


def test_an_agenda_longer_than_the_planned_duration_is_refused(world):
    meeting = MeetingFactory(case=world.case, duration_minutes=60)
    AgendaItemFactory(meeting=meeting, minutes=45)
    with pytest.raises(ValidationError) as exc:
        services.agenda_item_save(meeting=meeting, title="Závěr", minutes=20, by=world.members["case_manager"])
    assert "65" in str(exc.value) and "60" in str(exc.value)
    assert meeting.agenda.count() == 1
    services.agenda_item_save(meeting=meeting, title="Závěr", minutes=15, by=world.members["case_manager"])
    assert services.agenda_problems(meeting)["total"] == 60


def test_an_item_over_45_minutes_is_flagged_but_allowed(world):
    meeting = MeetingFactory(case=world.case, duration_minutes=180)
    item = services.agenda_item_save(
        meeting=meeting, title="Návrhy řešení", minutes=50, by=world.members["case_manager"]
    )
    assert item.is_long
    assert services.agenda_problems(meeting)["long_items"] == [item]


def test_shortening_the_meeting_below_its_agenda_is_refused(world):
    meeting = MeetingFactory(case=world.case, duration_minutes=90)
    AgendaItemFactory(meeting=meeting, minutes=80)
    with pytest.raises(ValidationError):
        services.meeting_update(meeting=meeting, duration_minutes=60, by=world.members["case_manager"])
