"""Attack 6: restricted notes went unmarked into the subject-access ZIP.

The coordinator now decides per restricted note (third persons' data) whether it goes out; the
default is to withhold it, a withheld note is not in the ZIP at all, a released one is marked
in the HTML and the JSON, and the decisions are audited in one record."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from opora.audit.models import AuditEvent
from opora.cases.tests.factories import ActivityFactory

pytestmark = pytest.mark.django_db

URL = "consents:subject_access"


@pytest.fixture
def notes(world):
    return {
        "plain": ActivityFactory(case=world.case, note="Běžná schůzka s Jaroslavem."),
        "withheld": ActivityFactory(case=world.case, restricted=True, note="Otec pije, sousedka Nováková volala."),
        "released": ActivityFactory(case=world.case, restricted=True, note="Jaroslav mluvil o šikaně ve třídě."),
    }


def _zip(response):
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return archive, json.loads(archive.read("data.json")), archive.read("index.html").decode()


def test_the_coordinator_lists_each_restricted_note_with_withhold_preselected(client, login, world, notes):
    login(client, world.members["coordinator"])
    response = client.get(reverse(URL, args=[world.student.pk]))
    html = response.content.decode()
    for key in ("withheld", "released"):
        field = response.context["form"][f"note_{notes[key].pk}"]
        assert field.value() == "withhold"
        assert notes[key].note in html and f'name="note_{notes[key].pk}"' in html
    assert f'name="note_{notes["plain"].pk}"' not in html


def test_a_withheld_note_is_absent_and_a_released_one_is_present_and_marked(client, login, world, notes):
    login(client, world.members["coordinator"])
    response = client.post(
        reverse(URL, args=[world.student.pk]),
        {f"note_{notes['withheld'].pk}": "withhold", f"note_{notes['released'].pk}": "release"},
    )
    archive, data, html = _zip(response)
    everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "Otec pije" not in everything and "Nováková" not in everything

    activities = {a["id"]: a for a in data["cases"][0]["activities"]}
    assert notes["withheld"].pk not in activities
    assert activities[notes["released"].pk]["restricted"] is True
    assert activities[notes["released"].pk]["note"] == notes["released"].note
    assert "restricted" not in activities[notes["plain"].pk]
    assert notes["plain"].note in html
    # The released note sits in a table marked as restricted, with a caption saying so.
    marked = html.split('<table class="restricted">')
    assert (
        len(marked) == 2 and "Citlivý záznam" in marked[1] and notes["released"].note in marked[1].split("</table>")[0]
    )

    [decision] = AuditEvent.objects.filter(action="consents.subject_access_notes")
    assert decision.object_id == str(world.student.pk)
    assert sorted(decision.data["notes"], key=lambda d: d["id"]) == [
        {"id": notes["withheld"].pk, "decision": "withhold"},
        {"id": notes["released"].pk, "decision": "release"},
    ]


def test_a_note_nobody_decided_on_is_withheld(client, login, world, notes):
    login(client, world.members["coordinator"])
    archive, data, html = _zip(client.post(reverse(URL, args=[world.student.pk])))
    ids = {a["id"] for a in data["cases"][0]["activities"]}
    assert notes["plain"].pk in ids
    assert notes["withheld"].pk not in ids and notes["released"].pk not in ids
    assert "Otec pije" not in html and "šikaně" not in html


def test_a_forged_decision_is_refused_and_nothing_is_exported(client, login, world, notes):
    login(client, world.members["coordinator"])
    response = client.post(reverse(URL, args=[world.student.pk]), {f"note_{notes['released'].pk}": "everything"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert not AuditEvent.objects.filter(
        action__in=["consents.subject_access", "consents.subject_access_notes"]
    ).exists()
