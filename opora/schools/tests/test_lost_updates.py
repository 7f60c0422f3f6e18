"""Attack 7 of issue 9 on schools: two people edit the same school; the second must not
silently overwrite the first."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.core.testing.auth import login
from opora.core.testing.edits import open_form
from opora.schools.models import School

pytestmark = pytest.mark.django_db


def test_a_stale_edit_of_a_school_is_refused(world):
    first = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["case_manager"])
    second = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["coordinator"])
    url = reverse("schools:edit", args=[world.school.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, {**mine, "address": "Náměstí 1, Praha"}).status_code == 302
    response = second.post(url, {**theirs, "next_follow_up": "2027-01-15"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Meanwhile someone else changed: address. Their changes are in the form below now, together with yours; "
        "check it and save again."
    ]
    school = School.objects.get(pk=world.school.pk)
    assert school.address == "Náměstí 1, Praha" and str(school.next_follow_up) != "2027-01-15"
    assert 'value="2027-01-15"' in response.content.decode()
