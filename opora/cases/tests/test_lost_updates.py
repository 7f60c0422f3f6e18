"""Attack 7 of issue 9: two people save the same record; the second must not silently
overwrite the first. Two users, two clients, through HTTP."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse

from opora.cases.models import Task
from opora.core.testing.auth import login
from opora.core.testing.edits import form_as_sent, open_form

pytestmark = pytest.mark.django_db


def _client(membership, language="cs"):
    return login(Client(HTTP_ACCEPT_LANGUAGE=language), membership)


@pytest.fixture
def two(world):
    """The lead and a second case manager of the case team, each in their own browser."""
    world.case.team.add(world.members["case_manager_other"])
    return _client(world.members["case_manager"], "en"), _client(world.members["case_manager_other"], "en")


def _open(client, url):
    data = open_form(client, url)
    assert data.get("edit_stamp"), "the edit form carries the version it was read at"
    return data


def test_the_second_save_of_a_task_is_refused_and_names_what_changed(world, two):
    first, second = two
    task = world.task
    url = reverse("cases:record_edit", args=[world.case.pk, "task", task.pk])
    mine, theirs = _open(first, url), _open(second, url)

    new_deadline = datetime.date.today() + datetime.timedelta(days=40)
    mine.update(due_date=new_deadline.isoformat(), status="done")
    assert first.post(url, mine).status_code == 302

    theirs["note"] = "Volala matka, termín jí vyhovuje."
    response = second.post(url, theirs)
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == [
        "Meanwhile someone else changed: deadline, status. Their changes are in the form below now, together "
        "with yours; check it and save again."
    ]
    # The first one's change is kept, nothing of the second one's was saved…
    task.refresh_from_db()
    assert (task.due_date, task.status, task.note) == (new_deadline, "done", "")
    # …and the second one's input is in the re-rendered form, with the version refreshed.
    html = response.content.decode()
    assert "Volala matka, termín jí vyhovuje." in html
    kept = response.context["form"]
    assert kept["edit_stamp"].value() != theirs["edit_stamp"]
    assert f'value="{kept["edit_stamp"].value()}"' in html
    # The fields the second one left as read show what the first one saved.
    assert f'value="{new_deadline.isoformat()}"' in html
    assert kept["status"].value() == "done"

    # A conscious second save (the form as it came back) goes through and loses nothing.
    assert second.post(url, form_as_sent(kept)).status_code == 302
    task.refresh_from_db()
    assert (task.due_date, task.status, task.note) == (new_deadline, "done", "Volala matka, termín jí vyhovuje.")


def test_the_message_is_in_czech_by_default(world):
    world.case.team.add(world.members["case_manager_other"])
    first, second = _client(world.members["case_manager"]), _client(world.members["case_manager_other"])
    url = reverse("cases:record_edit", args=[world.case.pk, "task", world.task.pk])
    mine, theirs = _open(first, url), _open(second, url)
    mine["status"] = "cancelled"
    assert first.post(url, mine).status_code == 302
    response = second.post(url, {**theirs, "note": "x"})
    assert "Mezitím někdo jiný změnil: stav." in response.context["form"].non_field_errors()[0]


def test_the_second_save_of_a_student_is_refused_and_names_what_changed(world, two):
    first, second = two
    url = reverse("cases:student_edit", args=[world.case.pk])
    mine, theirs = _open(first, url), _open(second, url)

    mine["school_class"] = "9.C"
    assert first.post(url, mine).status_code == 302
    theirs["phone"] = "+420 777 123 456"
    response = second.post(url, theirs)

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Meanwhile someone else changed: class. Their changes are in the form below now, together with yours; "
        "check it and save again."
    ]
    world.student.refresh_from_db()
    assert world.student.school_class == "9.C" and world.student.phone != "+420 777 123 456"
    html = response.content.decode()
    assert 'value="+420 777 123 456"' in html and 'value="9.C"' in html
    # Saved again as it came back: both changes are kept (the first one's class is not put back).
    assert second.post(url, form_as_sent(response.context["form"])).status_code == 302
    world.student.refresh_from_db()
    assert (world.student.school_class, world.student.phone) == ("9.C", "+420 777 123 456")


def test_an_edit_without_its_read_version_is_refused(world, two):
    first, _second = two
    url = reverse("cases:student_edit", args=[world.case.pk])
    data = _open(first, url)
    data["school_class"] = "1.A"
    for stamp in (
        "",
        "forged",
        _open(first, reverse("cases:record_edit", args=[world.case.pk, "task", world.task.pk]))["edit_stamp"],
    ):
        response = first.post(url, {**data, "edit_stamp": stamp})
        assert response.status_code == 200
        assert "out of date or damaged" in response.content.decode()
    world.student.refresh_from_db()
    assert world.student.school_class != "1.A"


def test_a_stale_inline_status_change_is_refused_and_the_row_says_why(world, two):
    first, second = two
    task = world.task
    plan = second.get(reverse("cases:detail", args=[world.case.pk]) + "?tab=plan").content.decode()
    from opora.core.concurrency import read_stamp

    # The row carries the version it was read at (taken from the page: the stamp is signed
    # with a timestamp, so recomputing it can differ by a second).
    row_stamp = re.search(r'name="edit_stamp" value="([^"]+)"', plan).group(1)
    assert read_stamp(row_stamp, instance=task).version == task.version

    # The first user changes the task's status meanwhile (inline, with the version of their row).
    status_url = reverse("cases:task_status", args=[world.case.pk, task.pk])
    assert (
        first.post(status_url, {"status": "done", "edit_stamp": row_stamp}, HTTP_HX_REQUEST="true").status_code == 200
    )
    task.refresh_from_db()
    assert task.status == "done"

    # The second one's row is stale: the change is refused, the row shows the status as it is now.
    response = second.post(status_url, {"status": "cancelled", "edit_stamp": row_stamp}, HTTP_HX_REQUEST="true")
    assert response.status_code == 422  # htmx swaps 422 (templates/base.html): the row with the reason
    html = response.content.decode()
    assert (
        "Meanwhile someone else changed: status. The status was not changed; check the task and choose again." in html
    )
    assert '<option value="done" selected>' in html
    task.refresh_from_db()
    assert task.status == Task.Status.DONE

    # With the row it was given back, the second one's change goes through.
    fresh = re.search(r'name="edit_stamp" value="([^"]+)"', html).group(1)
    assert fresh != row_stamp
    assert (
        second.post(status_url, {"status": "cancelled", "edit_stamp": fresh}, HTTP_HX_REQUEST="true").status_code == 200
    )
    task.refresh_from_db()
    assert task.status == Task.Status.CANCELLED


def test_an_inline_status_change_without_a_version_is_refused(world, two):
    first, _second = two
    url = reverse("cases:task_status", args=[world.case.pk, world.task.pk])
    response = first.post(url, {"status": "done"}, HTTP_HX_REQUEST="true")
    assert "out of date or damaged" in response.content.decode()
    world.task.refresh_from_db()
    assert world.task.status == "open"
