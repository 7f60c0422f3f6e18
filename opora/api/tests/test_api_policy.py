"""The policy's attacks repeated through the REST API, and what an integrator relies on:
tokens and scopes, problem details, Idempotency-Key, ETag/If-Match, the audit marked as API."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from opora.api.models import Scope
from opora.api.services import token_revoke
from opora.api.tests.auth import make_token
from opora.audit.models import AuditEvent
from opora.cases.models import Activity, Task
from opora.cases.tests.factories import ActivityFactory, CaseFactory


def api(membership, scope=Scope.READ_WRITE, **headers):
    raw = make_token(membership, scope=scope)[1]
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)


def post(client, url, data, **headers):
    return client.post(url, data, content_type="application/json", **headers)


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type="application/json", **headers)


@pytest.fixture
def w(world):
    return world


def test_another_organisation_gets_404_for_everything_of_our_case(w):
    attacker = api(w.members["other_org"])
    for url in (
        f"/api/v1/cases/{w.case.pk}/",
        f"/api/v1/cases/{w.case.pk}/tasks/",
        f"/api/v1/cases/{w.case.pk}/tasks/{w.task.pk}/",
        f"/api/v1/cases/{w.case.pk}/activities/",
        f"/api/v1/meetings/{w.meeting.pk}/",
        f"/api/v1/institutions/{w.institution.pk}/",
    ):
        response = attacker.get(url)
        assert response.status_code == 404, url
        assert "no-store" in response["Cache-Control"]
        assert response["Content-Type"] == "application/problem+json"
    response = post(attacker, f"/api/v1/cases/{w.case.pk}/tasks/", {"title": "x", "responsible_label": "x"})
    assert response.status_code == 404
    assert not Task.objects.filter(title="x").exists()
    assert w.case.pk not in [c["id"] for c in attacker.get("/api/v1/cases/").json()["results"]]


def test_school_staff_see_only_cases_their_school_referred_and_only_the_school_view(w):
    not_referred = CaseFactory(
        organisation=w.org, school=w.school, lead=w.members["case_manager"], referrer_kind="ospod"
    )
    staff = api(w.members["school_staff"])
    assert staff.get(f"/api/v1/cases/{not_referred.pk}/").status_code == 404
    assert api(w.members["school_staff_other"]).get(f"/api/v1/cases/{w.case.pk}/").status_code == 404
    body = staff.get(f"/api/v1/cases/{w.case.pk}/").json()
    assert body["access_level"] == "school"
    assert "phone" not in str(body) and "lead" not in body
    assert staff.get(f"/api/v1/cases/{w.case.pk}/activities/").status_code == 403
    listed = [c["id"] for c in staff.get("/api/v1/cases/").json()["results"]]
    assert w.case.pk in listed and not_referred.pk not in listed


def test_restricted_notes_are_never_in_any_payload(w):
    secret = "Otec je podezřelý z násilí"
    restricted = ActivityFactory(case=w.case, note=secret, restricted=True)
    for persona in ("coordinator", "case_manager", "school_staff"):
        client = api(w.members[persona])
        for url in (
            f"/api/v1/cases/{w.case.pk}/",
            f"/api/v1/cases/{w.case.pk}/activities/",
            f"/api/v1/cases/{w.case.pk}/activities/{restricted.pk}/",
        ):
            response = client.get(url)
            assert secret not in response.content.decode(), (persona, url)
    shown = api(w.members["coordinator"]).get(f"/api/v1/cases/{w.case.pk}/activities/{restricted.pk}/").json()
    assert shown["restricted"] is True and shown["note"] is None


def test_a_read_token_cannot_write_and_a_revoked_or_expired_token_is_refused(w):
    reader = api(w.members["case_manager"], scope=Scope.READ)
    assert reader.get(f"/api/v1/cases/{w.case.pk}/tasks/").status_code == 200
    response = post(reader, f"/api/v1/cases/{w.case.pk}/tasks/", {"title": "Nový úkol", "responsible_label": "máma"})
    assert response.status_code == 403
    assert not Task.objects.filter(title="Nový úkol").exists()

    token, raw = make_token(w.members["case_manager"])
    client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert client.get("/api/v1/cases/").status_code == 200
    token_revoke(token=token)
    response = client.get("/api/v1/cases/")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"

    token, raw = make_token(w.members["case_manager"])
    type(token).objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw}").get("/api/v1/cases/").status_code == 401
    assert Client(HTTP_AUTHORIZATION=f"Bearer {raw[:-2]}xx").get("/api/v1/cases/").status_code == 401
    assert Client().get("/api/v1/cases/").status_code == 401


def test_a_signed_in_session_may_read_but_not_write(w, login):
    client = login(Client(), w.members["case_manager"])
    assert client.get(f"/api/v1/cases/{w.case.pk}/").status_code == 200
    response = post(client, f"/api/v1/cases/{w.case.pk}/tasks/", {"title": "Ze session", "responsible_label": "x"})
    assert response.status_code in (401, 403)
    assert not Task.objects.filter(title="Ze session").exists()


def test_a_retry_with_the_same_idempotency_key_creates_nothing_new(w):
    client = api(w.members["case_manager"])
    url = f"/api/v1/cases/{w.case.pk}/activities/"
    data = {
        "kind": "call",
        "occurred_on": "2026-01-05",
        "duration_minutes": 20,
        "attendance": "na",
        "note": "Telefonát",
    }
    first = post(client, url, data, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert first.status_code == 201, first.content
    again = post(client, url, data, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Activity.objects.filter(case=w.case, note="Telefonát").count() == 1
    other = post(client, url, {**data, "note": "Jiný"}, HTTP_IDEMPOTENCY_KEY="abc-1")
    assert other.status_code == 422 and other["Content-Type"] == "application/problem+json"
    assert not Activity.objects.filter(note="Jiný").exists()


def test_a_stale_write_is_412_and_a_write_without_if_match_is_428(w):
    client = api(w.members["case_manager"])
    url = f"/api/v1/cases/{w.case.pk}/tasks/{w.task.pk}/"
    read = client.get(url)
    etag = read["ETag"]
    assert patch(client, url, {"title": "Bez If-Match"}).status_code == 428
    assert patch(client, url, {"title": "První"}, HTTP_IF_MATCH=etag).status_code == 200
    stale = patch(client, url, {"title": "Druhý"}, HTTP_IF_MATCH=etag)
    assert stale.status_code == 412 and stale["Content-Type"] == "application/problem+json"
    w.task.refresh_from_db()
    assert w.task.title == "První"
    fresh = client.get(url)["ETag"]
    assert patch(client, url, {"title": "Druhý"}, HTTP_IF_MATCH=fresh).status_code == 200


def test_validation_errors_come_from_the_form_as_problem_details_in_the_callers_language(w):
    client = api(w.members["case_manager"])
    url = f"/api/v1/cases/{w.case.pk}/tasks/"
    czech = post(client, url, {"title": ""}, HTTP_ACCEPT_LANGUAGE="cs")
    english = post(client, url, {"title": ""}, HTTP_ACCEPT_LANGUAGE="en")
    assert czech.status_code == english.status_code == 400
    assert czech["Content-Type"] == "application/problem+json"
    assert "title" in english.json()["errors"]
    assert czech.json()["title"] != english.json()["title"]
    assert english.json()["title"] == "The request is not valid."


def test_api_reads_and_writes_are_audited_as_api(w):
    client = api(w.members["case_manager"])
    client.get(f"/api/v1/cases/{w.case.pk}/")
    post(
        client,
        f"/api/v1/cases/{w.case.pk}/tasks/",
        {"title": "Auditovaný", "responsible_label": "máma", "status": "open"},
    )
    events = AuditEvent.objects.filter(case_id=w.case.pk, action__in=["cases.view", "cases.task_save"])
    assert {e.action for e in events if e.data.get("via") == "api"} == {"cases.view", "cases.task_save"}


def test_rate_limit_per_token(w, monkeypatch):
    from opora.api.throttling import PerTokenThrottle

    monkeypatch.setattr(PerTokenThrottle, "THROTTLE_RATES", {"api_token": "2/minute"})
    client = api(w.members["coordinator"])
    codes = [client.get("/api/v1/schools/").status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert api(w.members["coordinator"]).get("/api/v1/schools/").status_code == 200


def test_a_retried_referral_makes_one_case(w):
    from opora.cases.models import Case

    client = api(w.members["coordinator"])
    data = {
        "first_name": "Eliška",
        "last_name": "Nováková",
        "school": w.school.pk,
        "referred_on": "2026-01-05",
        "lead": w.members["case_manager"].pk,
        "referrer_kind": "school",
    }
    before = Case.objects.count()
    first = post(client, "/api/v1/cases/", data, HTTP_IDEMPOTENCY_KEY="ref-1")
    assert first.status_code == 201, first.content
    assert first.json()["access_level"] == "team" and first["ETag"]
    again = post(client, "/api/v1/cases/", data, HTTP_IDEMPOTENCY_KEY="ref-1")
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    assert Case.objects.count() == before + 1
    # Another token of the same person is another client: its key space is its own.
    assert post(api(w.members["coordinator"]), "/api/v1/cases/", data, HTTP_IDEMPOTENCY_KEY="ref-1").status_code == 201


def test_the_meeting_ics_and_the_docs_are_served_without_a_cdn(w):
    response = api(w.members["case_manager"]).get(f"/api/v1/meetings/{w.meeting.pk}/ics/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    assert b"BEGIN:VEVENT" in response.content
    for url in ("/api/docs/", "/api/redoc/"):
        page = Client().get(url).content.decode()
        assert "https://" not in page and "//cdn" not in page, url
    czech = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="cs").json()
    english = Client().get("/api/schema/?format=json", HTTP_ACCEPT_LANGUAGE="en").json()
    assert czech["openapi"] == "3.1.0"
    assert czech["paths"]["/api/v1/cases/"]["get"]["summary"] == "Případy"
    assert english["paths"]["/api/v1/cases/"]["get"]["summary"] == "Cases"
    assert czech["info"]["description"].startswith("REST API Opory")


def test_the_coordinator_moves_a_school_in_the_pipeline_and_a_refused_step_changes_nothing(w):
    url = f"/api/v1/schools/{w.school.pk}/transitions/"
    assert post(api(w.members["case_manager"]), url, {"to_stage": "offer"}).status_code == 403
    client = api(w.members["coordinator"])
    etag = client.get(f"/api/v1/schools/{w.school.pk}/")["ETag"]
    moved = post(client, url, {"to_stage": "offer", "note": "Nabídka"}, HTTP_IF_MATCH=etag)
    assert moved.status_code == 200, moved.content
    assert moved.json()["stage"] == "offer"
    assert post(client, url, {"to_stage": "active"}, HTTP_IF_MATCH=moved["ETag"]).status_code == 400
    assert post(client, url, {"to_stage": "offer_sent"}, HTTP_IF_MATCH=etag).status_code == 412
    w.school.refresh_from_db()
    assert w.school.stage == "offer"


def test_any_other_path_under_the_api_is_a_problem_document(w):
    client = api(w.members["coordinator"])
    for url in ("/api/v1/nothing/", "/api/v1/cases/%0A%C2%82/", "/api/v1/cases/a%0Ab/activities/"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/problem+json", url


def test_an_invalid_case_filter_is_refused_not_ignored(world, client):
    """A filter the web form refuses (an unknown state, a lead id no database holds) answers 400
    with a problem document; it never widens the list to every case."""
    token = make_token(world.members["coordinator"])[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    for query in ("state=application%2Fpdf", "lead=10288848001883734802432", "no_contact=0"):
        response = client.get(f"/api/v1/cases/?{query}", **auth)
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("application/problem+json")
    assert client.get("/api/v1/cases/?state=open", **auth).status_code == 200
