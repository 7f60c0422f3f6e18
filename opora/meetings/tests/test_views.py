import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone

from opora.cases.models import Task
from opora.core.concurrency import make_stamp
from opora.core.testing.factories import MembershipFactory
from opora.core.testing.files import pdf_upload
from opora.meetings.models import Meeting, Participant
from opora.meetings.tests.factories import AgendaItemFactory, MeetingFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


def _client(login, membership):
    return login(Client(), membership)


def test_school_staff_of_the_referring_school_who_were_not_present_see_nothing(world, login):
    meeting = MeetingFactory(case=world.case)
    ParticipantFactory(
        meeting=meeting, membership=world.members["school_staff"], attendance=Participant.Attendance.ABSENT
    )
    client = _client(login, world.members["school_staff"])
    for name in ("meetings:detail", "meetings:minutes_pdf", "meetings:signatures"):
        assert client.get(reverse(name, args=[meeting.pk])).status_code == 404  # not theirs: no oracle


def test_a_present_participant_reads_the_minutes_but_gets_no_editing_controls(world, login):
    client = _client(login, world.members["school_staff"])
    response = client.get(reverse("meetings:detail", args=[world.meeting.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Pohled rodiny" in body
    assert reverse("meetings:task_add", args=[world.meeting.pk]) not in body
    assert reverse("meetings:confirm_minutes", args=[world.meeting.pk]) in body
    # …and the signatures page shows only their own row.
    response = client.get(reverse("meetings:signatures", args=[world.meeting.pk]))
    assert world.parent.name not in response.content.decode()


def test_a_facilitator_sees_only_the_meetings_they_facilitate(world, login):
    other = MeetingFactory(case=world.case, facilitator=MembershipFactory(organisation=world.org, role="facilitator"))
    client = _client(login, world.members["facilitator"])
    assert client.get(reverse("meetings:detail", args=[world.meeting.pk])).status_code == 200
    assert client.get(reverse("meetings:detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("meetings:case_meetings", args=[world.case.pk])).status_code == 403


def test_final_minutes_refuse_changes_through_the_pages(world, login):
    Meeting.objects.filter(pk=world.meeting.pk).update(minutes_state="final")
    client = _client(login, world.members["case_manager"])
    url = reverse("meetings:record", args=[world.meeting.pk, world.agenda_item.pk])
    assert client.post(url, {"notes": "přepsáno"}).status_code == 403
    world.agenda_item.refresh_from_db()
    assert world.agenda_item.notes == ""
    page = client.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    assert reverse("meetings:amend", args=[world.meeting.pk]) in page


def test_a_task_is_added_without_javascript_and_with_htmx(world, login):
    client = _client(login, world.members["facilitator"])
    url = reverse("meetings:task_add", args=[world.meeting.pk])
    data = {"title": "Doprovodit matku na úřad", "responsible": f"l:{world.parent.pk}", "due_date": "2026-12-15"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, {**data, "title": "Zajistit ošacení"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Zajistit ošacení" in response.content.decode() and "<html" not in response.content.decode()
    tasks = Task.objects.filter(meeting_link__meeting=world.meeting)
    assert sorted(tasks.values_list("title", flat=True)) == ["Doprovodit matku na úřad", "Zajistit ošacení"]
    assert tasks.first().responsible_label == world.parent.name


def test_a_bad_task_re_renders_with_a_message_and_changes_nothing(world, login):
    client = _client(login, world.members["case_manager"])
    before = Task.objects.count()
    response = client.post(reverse("meetings:task_add", args=[world.meeting.pk]), {"title": "", "due_date": "zítra"})
    assert response.status_code == 422
    assert Task.objects.count() == before


def test_an_over_long_agenda_item_is_refused_on_the_page(world, login):
    client = _client(login, world.members["case_manager"])
    response = client.post(reverse("meetings:agenda_add", args=[world.meeting.pk]), {"title": "Vše", "minutes": 200})
    assert response.status_code == 422
    assert world.meeting.agenda.count() == 1


def test_creating_a_case_conference_from_the_form_uses_its_defaults(world, login):
    client = _client(login, world.members["case_manager"])
    response = client.post(
        reverse("meetings:create", args=[world.case.pk]),
        {"kind": "case_conference", "start": "2026-12-10T09:00", "place": "Skleněnka", "use_template": "on"},
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(case=world.case, kind="case_conference")
    assert meeting.duration_minutes == 180 and meeting.agenda.count() == 6
    assert meeting.start.isoformat().startswith("2026-12-10T08:00")  # stored in UTC, entered in Prague time


def test_the_meeting_page_query_count_does_not_grow_with_its_size(world, login, django_assert_max_num_queries):
    meeting = world.meeting
    for i in range(8):
        AgendaItemFactory(meeting=meeting, title=f"Bod {i}", minutes=5)
        ParticipantFactory(meeting=meeting, name=f"Účastník {i}", attendance="present")
    client = _client(login, world.members["case_manager"])
    for i in range(6):
        client.post(
            reverse("meetings:task_add", args=[meeting.pk]),
            {"title": f"Úkol {i}", "responsible_label": "škola", "due_date": "2026-12-20"},
        )
    with django_assert_max_num_queries(16):  # measured: 14, the same for 2 or 10 items/people/tasks
        response = client.get(reverse("meetings:detail", args=[meeting.pk]))
    assert response.status_code == 200 and "Úkol 5" in response.content.decode()
    with django_assert_max_num_queries(15):  # measured: 13
        assert client.get(reverse("meetings:signatures", args=[meeting.pk])).status_code == 200
    # The participants page runs the consent check for each participant from an institution
    # (here one: the school staff of the world); the family needs none. Measured: 19, the
    # audit record of the read (written by the policy's fetch) included.
    with django_assert_max_num_queries(19):
        assert client.get(reverse("meetings:participants", args=[meeting.pk])).status_code == 200


def test_the_upcoming_list_shows_the_users_meetings_only(world, login, django_assert_max_num_queries):
    for _ in range(10):
        MeetingFactory(case=world.case, facilitator=world.members["facilitator"])
    MeetingFactory(case=world.case, place="Jinde, bez facilitátorky")
    client = _client(login, world.members["facilitator"])
    with django_assert_max_num_queries(12):  # measured: 10
        response = client.get(reverse("meetings:upcoming"))
    body = response.content.decode()
    assert body.count(reverse("meetings:detail", args=[world.meeting.pk])) == 1
    assert "Jinde, bez facilitátorky" not in body


def test_the_case_tab_is_for_the_team_and_the_school_panel_for_who_attended(world, rf):
    from opora.meetings import panels

    request = rf.get("/", {"tab": "meetings"})
    request.membership = world.members["case_manager"]
    from opora.cases.extensions import case_tabs

    tab = case_tabs.get("meetings")
    assert tab.template == "meetings/_case_tab.html" and tab.visible(request, world.case)
    assert [m.pk for m in tab.load(request, world.case)["meetings"]] == [world.meeting.pk]
    request.membership = world.members["school_staff"]
    assert not tab.visible(request, world.case)
    assert [m.pk for m in panels.school_panel(request, world.case)["meetings"]] == [world.meeting.pk]
    request.membership = world.members["school_staff_other"]
    assert panels.school_panel(request, world.case) is None


def test_participants_are_added_from_facts_and_a_bad_form_changes_nothing(world, login):
    client = _client(login, world.members["case_manager"])
    url = reverse("meetings:participants", args=[world.meeting.pk])
    before = world.meeting.participants.count()
    # A typed name and role alone are no participant: who they are must be a fact.
    response = client.post(url, {"role": "parent", "name": "Ředitelka Nováková"})
    assert response.status_code == 200 and "Vyberte, kdo je účastník" in response.content.decode()
    assert world.meeting.participants.count() == before
    assert client.post(url, {"actor": world.actor.pk, "role": "social_service"}).status_code == 302
    added = world.meeting.participants.get(actor=world.actor)
    assert added.institution == world.actor.name
    assert client.post(url, {"membership": world.members["school_staff"].pk, "role": "school"}).status_code == 200
    assert world.meeting.participants.count() == before + 1  # already a participant: refused


def test_a_paper_signature_scan_is_uploaded_and_downloaded_by_the_team_only(world, login):
    client = _client(login, world.members["case_manager"])
    scan = pdf_upload("podpis.pdf")
    url = reverse("meetings:sign", args=[world.meeting.pk, world.parent.pk])
    assert client.post(url, {"kind": "paper", "scan": scan}).status_code == 302
    download = reverse("meetings:signature_scan", args=[world.meeting.pk, world.parent.pk])
    response = client.get(download)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert _client(login, world.members["school_staff"]).get(download).status_code == 403


def test_editing_the_meeting_keeps_the_duration_when_left_empty(world, login):
    client = _client(login, world.members["facilitator"])
    response = client.post(
        reverse("meetings:edit", args=[world.meeting.pk]),
        {
            "kind": "school_case_meeting",
            "start": "2026-12-03T15:00",
            "place": "Jídelna školy",
            "duration_minutes": "",
            "edit_stamp": make_stamp(world.meeting),
        },
    )
    assert response.status_code == 302
    world.meeting.refresh_from_db()
    assert world.meeting.place == "Jídelna školy" and world.meeting.duration_minutes == 90


def test_the_case_page_shows_the_meetings_tab_and_the_school_view_the_attended_minutes(world, login):
    case_url = reverse("cases:detail", args=[world.case.pk])
    page = _client(login, world.members["case_manager"]).get(case_url, {"tab": "meetings"}).content.decode()
    assert reverse("meetings:detail", args=[world.meeting.pk]) in page
    assert reverse("meetings:create", args=[world.case.pk]) in page
    school = _client(login, world.members["school_staff"]).get(case_url).content.decode()
    assert reverse("meetings:detail", args=[world.meeting.pk]) in school


def test_the_overview_lists_the_facilitators_next_meetings(world, login):
    page = _client(login, world.members["facilitator"]).get(reverse("core:home")).content.decode()
    assert 'data-testid="meetings-panel"' in page
    assert reverse("meetings:detail", args=[world.meeting.pk]) in page
    school = _client(login, world.members["school_staff"]).get(reverse("core:home")).content.decode()
    assert 'data-testid="meetings-panel"' not in school


def test_the_case_manager_confirms_a_proposed_date_only_within_the_window(world, login):
    from opora.meetings import services

    world.meeting.participants.update(attendance="present")
    nxt = services.meeting_mark_held(meeting=world.meeting, by=world.members["case_manager"])
    client = _client(login, world.members["case_manager"])
    url = reverse("meetings:confirm_date", args=[nxt.pk])
    response = client.post(url, {"start": "2027-03-01T14:00"})
    assert response.status_code == 200 and "Další setkání série by se mělo konat" in response.content.decode()
    nxt.refresh_from_db()
    assert nxt.status == "proposed"
    assert client.post(url, {"start": "2027-01-05T15:00"}).status_code == 302
    nxt.refresh_from_db()
    assert nxt.status == "planned" and nxt.start.isoformat().startswith("2027-01-05T14:00")


def test_the_meeting_page_names_its_people_and_the_previous_meeting_in_one_query(world, login):
    """The convener, facilitator and minute-taker (with their accounts) are read in one query
    for the three, not joined into the meeting's own query; the previous meeting's date is a
    column of that query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from opora.accounts.models import Role

    org = world.members["case_manager"].organisation
    facilitator = MembershipFactory(organisation=org, role=Role.FACILITATOR, user__full_name="Fanda Facilitátor")
    scribe = MembershipFactory(organisation=org, role=Role.CASE_MANAGER, user__full_name="Zora Zapisovatelka")
    first = world.meeting
    second = MeetingFactory(case=world.case, previous=first, start=first.start + datetime.timedelta(weeks=4))
    client = _client(login, world.members["case_manager"])
    url = reverse("meetings:detail", args=[second.pk])

    def page():
        client.get(url)  # the session settled, as in use
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        return response.content.decode(), len(queries.captured_queries)

    _, without_people = page()
    people = {"convener": world.members["case_manager"], "facilitator": facilitator, "minute_taker": scribe}
    Meeting.objects.filter(pk=second.pk).update(**people)
    body, with_people = page()
    assert world.members["case_manager"].user.full_name in body
    assert "Fanda Facilitátor" in body and "Zora Zapisovatelka" in body
    assert formats.date_format(timezone.localtime(first.start), "SHORT_DATE_FORMAT") in body
    assert f'href="{reverse("meetings:detail", args=[first.pk])}"' in body
    assert with_people == without_people + 1  # one query for the three, nothing per person
