"""Attack 7 of issue 9 on the directory: two people edit the same entry; the second must not
silently overwrite the first."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.core.testing.auth import login
from opora.core.testing.edits import form_as_sent, open_form
from opora.network.models import Institution

pytestmark = pytest.mark.django_db


def test_a_stale_edit_of_a_directory_entry_is_refused(world):
    first = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["case_manager"])
    second = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["coordinator"])
    url = reverse("network:edit", args=[world.institution.pk])
    mine, theirs = open_form(first, url), open_form(second, url)

    assert first.post(url, {**mine, "phone": "+420 222 333 444", "need_list": ["family"]}).status_code == 302
    response = second.post(url, {**theirs, "capacity": "Čeká se 3 týdny"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Meanwhile someone else changed: areas of need, phone. Their changes are in the form below now, "
        "together with yours; check it and save again."
    ]
    entry = Institution.objects.get(pk=world.institution.pk)
    assert entry.phone == "+420 222 333 444" and entry.capacity != "Čeká se 3 týdny"
    assert "Čeká se 3 týdny" in response.content.decode()
    # Saved again as it came back: the first one's phone and areas are not put back.
    assert second.post(url, form_as_sent(response.context["form"])).status_code == 302
    entry = Institution.objects.get(pk=world.institution.pk)
    assert (entry.phone, entry.capacity) == ("+420 222 333 444", "Čeká se 3 týdny")
    assert entry.need_codes == ["family"]
