"""The htmx fragments of the meeting page for keyboard and screen-reader users: an error comes
back as the same fragment with status 422 (swapped in by htmx, templates/base.html), the result
is announced (data-announce, read into the page's live region by opora.js), and every control
the user may be on keeps its id (htmx gives the focus back by id)."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.meetings.models import Participant

pytestmark = pytest.mark.django_db


def _htmx(login, membership):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true"), membership)


def test_attendance_answers_with_the_row_saved_or_refused_never_with_bare_text(world, login):
    client = _htmx(login, world.members["case_manager"])
    p = world.parent
    url = reverse("meetings:attendance", args=[world.meeting.pk, p.pk])

    refused = client.post(url, {"attendance": "maybe"})
    html = refused.content.decode()
    assert refused.status_code == 422
    assert html.startswith(f'<tr id="participant-{p.pk}"')  # the row, not a bare message replacing it
    assert 'data-announce="Unknown attendance."' in html
    assert f'id="attendance-save-{p.pk}"' in html
    p.refresh_from_db()
    assert p.attendance != "maybe"

    saved = client.post(url, {"attendance": Participant.Attendance.PRESENT})
    html = saved.content.decode()
    assert saved.status_code == 200
    assert f'data-announce="Attendance saved: {p.name}, Present."' in html
    assert f'aria-label="Save the attendance of {p.name}"' in html
    # A radio picked by arrow key must not save: the form is sent on submit only.
    assert 'hx-trigger="change' not in html and "data-save-on-pick" in html


def test_a_refused_task_comes_back_as_422_with_a_focusable_linked_summary(world, login):
    client = _htmx(login, world.members["case_manager"])
    response = client.post(reverse("meetings:task_add", args=[world.meeting.pk]), {"title": ""})
    html = response.content.decode()
    assert response.status_code == 422 and "<html" not in html
    assert "data-error-summary" in html and 'tabindex="-1"' in html
    assert '<a href="#task_title">Task: This field is required.</a>' in html
    assert 'aria-invalid="true"' in html and 'aria-describedby="task_title_error"' in html

    ok = client.post(
        reverse("meetings:task_add", args=[world.meeting.pk]), {"title": "Doučování", "responsible_label": "matka"}
    )
    assert ok.status_code == 200
    assert 'data-announce="The task is in the cooperation plan."' in ok.content.decode()


def test_the_minutes_of_an_item_announce_the_save_and_refuse_a_stale_one_with_422(world, login):
    client = _htmx(login, world.members["case_manager"])
    item = world.agenda_item
    url = reverse("meetings:record", args=[world.meeting.pk, item.pk])
    stale = client.post(url, {"notes": "x", "decisions": "", "edit_stamp": "damaged"})
    assert stale.status_code == 422 and "data-announce=" in stale.content.decode()
    page = client.get(reverse("meetings:detail", args=[world.meeting.pk]), HTTP_HX_REQUEST="").content.decode()
    assert f'id="save-minutes-{item.pk}"' in page
    # Each button says which item or person it is for.
    assert f"Start the timer of item {item.order}. {item.title}" in page
    assert f"Save the minutes of the item {item.order}. {item.title}" in page
