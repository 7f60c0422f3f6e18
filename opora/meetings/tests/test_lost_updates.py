"""Attack 7 of issue 9 on meetings: two people edit the same meeting or write the minutes of
the same agenda item; the second must not silently overwrite the first."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from opora.core.concurrency import read_stamp
from opora.core.testing.edits import open_form
from opora.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def _client(login, membership):
    return login(Client(HTTP_ACCEPT_LANGUAGE="en"), membership)


def test_two_minute_takers_of_one_item_do_not_overwrite_each_other(world, login):
    first = _client(login, world.members["case_manager"])
    second = _client(login, world.members["facilitator"])
    item = world.agenda_item
    page = second.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    # The stamp the page carries (signed with a timestamp: taken from the page, not recomputed).
    read = re.search(r'name="edit_stamp" value="([^"]+)"', page).group(1)
    assert read_stamp(read, instance=item).version == item.version

    url = reverse("meetings:record", args=[world.meeting.pk, item.pk])
    response = first.post(
        url, {"notes": "Matka slíbila docházku.", "decisions": "", "edit_stamp": read}, HTTP_HX_REQUEST="true"
    )
    # Saved: the item says so, and the page's live region announces it (data-announce, opora.js).
    assert response.status_code == 200 and "data-announce=" in response.content.decode()

    response = second.post(
        url, {"notes": "Škola nabídla doučování.", "decisions": "", "edit_stamp": read}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 422  # swapped in by htmx (templates/base.html) with the reason
    assert "Meanwhile someone else also changed what you changed: what was said." in html
    assert "Škola nabídla doučování." in html  # the second one's text is kept in the item
    item.refresh_from_db()
    assert item.notes == "Matka slíbila docházku."

    # Their conscious second save (with the stamp the item came back with) goes through.
    fresh = re.search(r'name="edit_stamp" value="([^"]+)"', html).group(1)
    assert fresh != read
    second.post(url, {"notes": "Obojí.", "decisions": "", "edit_stamp": fresh}, HTTP_HX_REQUEST="true")
    assert AgendaItem.objects.get(pk=item.pk).notes == "Obojí."


def test_a_minute_taker_refused_as_stale_gets_the_others_text_where_they_wrote_nothing(world, login):
    """The first writes what was said, the second (reading the same version) the decisions: the
    second is refused, and the item comes back with the first one's text and their own
    decisions, so that saving it again loses neither."""
    first = _client(login, world.members["case_manager"])
    second = _client(login, world.members["facilitator"])
    item = world.agenda_item
    page = second.get(reverse("meetings:detail", args=[world.meeting.pk])).content.decode()
    read = re.search(r'name="edit_stamp" value="([^"]+)"', page).group(1)
    url = reverse("meetings:record", args=[world.meeting.pk, item.pk])
    before = {"notes": item.notes, "decisions": item.decisions, "edit_stamp": read}
    assert first.post(url, {**before, "notes": "Matka slíbila docházku."}, HTTP_HX_REQUEST="true").status_code == 200

    response = second.post(url, {**before, "decisions": "Doučování od října."}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 422
    assert "Meanwhile someone else changed: what was said. Their changes are in the form below now" in html
    assert ">Matka slíbila docházku.</textarea>" in html and ">Doučování od října.</textarea>" in html

    fresh = re.search(r'name="edit_stamp" value="([^"]+)"', html).group(1)
    again = {"notes": "Matka slíbila docházku.", "decisions": "Doučování od října.", "edit_stamp": fresh}
    assert second.post(url, again, HTTP_HX_REQUEST="true").status_code == 200
    item.refresh_from_db()
    assert (item.notes, item.decisions) == ("Matka slíbila docházku.", "Doučování od října.")


def test_a_stale_edit_of_the_meeting_is_refused(world, login):
    first = _client(login, world.members["case_manager"])
    second = _client(login, world.members["facilitator"])
    url = reverse("meetings:edit", args=[world.meeting.pk])
    mine, theirs = open_form(first, url), open_form(second, url)
    assert 'type="hidden" name="edit_stamp"' in first.get(url).content.decode()
    assert first.post(url, {**mine, "place": "Jídelna školy"}).status_code == 302
    response = second.post(url, {**theirs, "place": "Sborovna", "purpose": "Domluvit doučování"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Meanwhile someone else also changed what you changed: place. Your input is kept below; check it and "
        "save again."
    ]
    assert Meeting.objects.get(pk=world.meeting.pk).place == "Jídelna školy"
