"""Two people edit the same record at once (a report, an agreement, a visit): the second save is
refused with what changed, and the first is kept."""

import pytest
from django.test import Client
from django.urls import reverse

from opora.agreements.models import Agreement
from opora.core.testing.auth import login
from opora.core.testing.edits import open_form
from opora.progress.models import Visit
from opora.reports.models import CaseReport

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name,obj,field,mine,theirs,model",
    [
        ("reports:edit", "case_report_draft", "recommendation", "Návrat domů.", "Zůstat v domově.", CaseReport),
        ("agreements:edit", "agreement_draft", "goals", "Návrat do léta.", "Návrat do zimy.", Agreement),
        ("progress:visit_edit", "visit", "note", "Proběhla v klidu.", "Matka nepřišla.", Visit),
    ],
)
def test_a_stale_edit_is_refused_and_the_first_save_kept(world, url_name, obj, field, mine, theirs, model):
    first = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["case_manager"])
    second = login(Client(HTTP_ACCEPT_LANGUAGE="en"), world.members["coordinator"])
    pk = getattr(world, obj).pk
    url = reverse(url_name, args=[pk])
    a, b = open_form(first, url), open_form(second, url)
    assert first.post(url, {**a, field: mine}).status_code == 302
    response = second.post(url, {**b, field: theirs})
    assert response.status_code == 200
    # Both changed the same field: the second one's input stays in the form, named as such.
    assert "Meanwhile someone else also changed what you changed" in " ".join(
        response.context["form"].non_field_errors()
    )
    assert getattr(model.objects.get(pk=pk), field) == mine
