"""Issue 11 fixes: the default length of a case conference and local wall-clock arithmetic."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from opora.meetings import services
from opora.meetings.models import Kind, Meeting, Participant
from opora.meetings.tests.factories import PRAGUE, ParticipantFactory

pytestmark = pytest.mark.django_db


def _client(login, membership):
    return login(Client(), membership)


def test_the_new_meeting_form_leaves_the_duration_empty_as_its_hint_says(world, login):
    client = _client(login, world.members["case_manager"])
    html = client.get(reverse("meetings:create", args=[world.case.pk])).content.decode()
    field = html.split('name="duration_minutes"')[1].split(">")[0]
    assert "value=" not in field


def test_a_case_conference_created_with_90_minutes_gets_an_agenda_of_90_minutes_and_no_warning(world, login):
    client = _client(login, world.members["case_manager"])
    response = client.post(
        reverse("meetings:create", args=[world.case.pk]),
        {
            "kind": "case_conference",
            "start": "2026-12-10T09:00",
            "duration_minutes": "90",
            "place": "Skleněnka",
            "use_template": "on",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(case=world.case, kind="case_conference")
    assert meeting.duration_minutes == 90
    assert meeting.agenda.count() == 6
    assert sum(i.minutes for i in meeting.agenda.all()) <= 90
    page = client.get(reverse("meetings:detail", args=[meeting.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "longer than the planned duration" not in page


def test_an_agenda_is_fitted_in_proportion_and_never_below_five_minutes():
    items = services.agenda_template(Kind.CASE_CONFERENCE, 1)
    for duration in (30, 45, 90, 120):
        fitted = services.fit_agenda(items, duration)
        assert [t for t, _ in fitted] == [t for t, _ in items]
        assert all(m >= 5 for _, m in fitted)
        assert sum(m for _, m in fitted) <= max(duration, 5 * len(items))
    assert services.fit_agenda(items, 180) == items


def _held_conference(world, start):
    cm = world.members["case_manager"]
    meeting = services.meeting_create(case=world.case, kind=Kind.CASE_CONFERENCE, start=start, place="OSPOD", by=cm)
    ParticipantFactory(meeting=meeting, attendance=Participant.Attendance.PRESENT)
    meeting = Meeting.objects.get(pk=meeting.pk)  # as the page loads it: the start in UTC
    return services.meeting_mark_held(meeting=meeting, by=cm)


def test_a_conference_on_20_august_at_9_proposes_the_next_on_29_october_at_9_local_time(world):
    # Summer time (CEST, UTC+2) → winter time (CET, UTC+1) on 25 October 2026.
    proposed = _held_conference(world, datetime.datetime(2026, 8, 20, 9, 0, tzinfo=PRAGUE))
    local = proposed.start.astimezone(PRAGUE)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 10, 29), 9, 0)


def test_a_conference_in_february_proposes_the_next_in_spring_at_the_same_local_time(world):
    # Winter time → summer time on 29 March 2026.
    proposed = _held_conference(world, datetime.datetime(2026, 2, 5, 9, 0, tzinfo=PRAGUE))
    local = proposed.start.astimezone(PRAGUE)
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 4, 16), 9, 0)
    # The confirmation window is local too: 8 weeks later at 09:00 is accepted across the change.
    services.meeting_confirm_date(
        meeting=Meeting.objects.get(pk=proposed.pk),
        start=datetime.datetime(2026, 4, 2, 9, 0, tzinfo=PRAGUE),
        by=world.members["case_manager"],
    )


def test_add_local_keeps_the_wall_clock_and_resolves_the_spring_gap():
    from django.utils import timezone

    from opora.core.dates import add_local

    with timezone.override(PRAGUE):
        autumn = add_local(datetime.datetime(2026, 10, 20, 9, 0, tzinfo=PRAGUE), datetime.timedelta(weeks=1))
        assert autumn.astimezone(PRAGUE).hour == 9 and autumn.utcoffset() == datetime.timedelta(hours=1)
        spring = add_local(datetime.datetime(2026, 3, 28, 2, 30, tzinfo=PRAGUE), datetime.timedelta(days=1))
        # 29 March 02:30 does not exist in Prague: it is 03:30 summer time.
        assert spring.astimezone(PRAGUE).replace(tzinfo=None) == datetime.datetime(2026, 3, 29, 3, 30)


@pytest.mark.parametrize(("language", "name"), [("en", "minutes-{}.pdf"), ("cs", "z%C3%A1pis-{}.pdf")])
def test_the_minutes_download_is_named_in_the_users_language(world, login, language, name):
    client = _client(login, world.members["case_manager"])
    response = client.get(reverse("meetings:minutes_pdf", args=[world.meeting.pk]), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    assert name.format(world.meeting.pk) in response["Content-Disposition"]
