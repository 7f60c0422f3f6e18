"""Families, attendance and statistics through the REST API: the policy's attacks made from
outside with a token, and the attendance push going through the file import's own matching and
all-or-nothing commit (a rerun changes nothing; an Idempotency-Key retry neither)."""

import pytest
from django.test import Client

from opora.accounts.models import Role
from opora.api.models import Scope
from opora.api.tests.auth import make_token
from opora.audit.models import AuditEvent
from opora.cases.tests.factories import CaseFactory, StudentFactory
from opora.core.testing.factories import MembershipFactory
from opora.outcomes.models import AttendanceImport, AttendanceMonth

URL = "/api/v1/attendance/"


def api(membership, scope=Scope.READ_WRITE, **headers):
    return Client(HTTP_AUTHORIZATION=f"Bearer {make_token(membership, scope=scope)[1]}", **headers)


def push(client, rows, **headers):
    return client.post(URL, {"rows": rows}, content_type="application/json", **headers)


@pytest.fixture
def w(world):
    return world


def _row(student, school, period="2026-09", excused=4, unexcused=12, name=None):
    return {
        "name": name or f"{student.last_name} {student.first_name}",
        "birth_date": student.date_of_birth.strftime("%d.%m.%Y"),
        "school": school.name,
        "period": period,
        "excused": excused,
        "unexcused": unexcused,
    }


def _stored(student):
    return list(
        AttendanceMonth.objects.filter(student=student).values_list("month", "excused_hours", "unexcused_hours")
    )


# --- Families ---------------------------------------------------------------------------------


def test_families_are_seen_by_the_team_and_by_nobody_of_a_school_or_another_organisation(w):
    body = api(w.members["case_manager"]).get(f"/api/v1/families/{w.family.pk}/").json()
    assert body["name"] == "Dvořákovi"
    assert [a["name"] for a in body["adults"]] == [w.family_adult.name]
    assert body["children"][0]["student"] == w.student.pk and body["children"][0]["residence"] == "home"
    assert w.case.pk in [c["id"] for c in body["cases"]]
    for persona in ("other_org", "school_staff", "school_staff_other", "case_manager_other"):
        client = api(w.members[persona])
        response = client.get(f"/api/v1/families/{w.family.pk}/")
        assert response.status_code == 404, persona
        assert response["Content-Type"] == "application/problem+json"
        assert w.family.pk not in [f["id"] for f in client.get("/api/v1/families/").json()["results"]], persona
    listed = api(w.members["coordinator"]).get("/api/v1/families/").json()["results"]
    assert w.family.pk in [f["id"] for f in listed]


# --- Attendance: a case's months ---------------------------------------------------------------


def test_a_cases_attendance_is_read_by_its_team_only(w):
    AttendanceMonth.objects.create(student=w.student, month="2026-09-01", excused_hours=2, unexcused_hours=7)
    body = api(w.members["case_manager"]).get(f"/api/v1/cases/{w.case.pk}/attendance/").json()
    assert [(m["month"], m["unexcused_hours"]) for m in body] == [("2026-09-01", 7)]
    for persona in ("other_org", "case_manager_other"):
        assert api(w.members[persona]).get(f"/api/v1/cases/{w.case.pk}/attendance/").status_code == 404
    for persona in ("school_staff", "school_staff_other"):
        assert api(w.members[persona]).get(f"/api/v1/cases/{w.case.pk}/attendance/").status_code == 403


# --- Attendance: the bulk push -----------------------------------------------------------------


def test_a_pushed_batch_is_imported_and_a_rerun_changes_nothing(w):
    client = api(w.members["case_manager"])
    rows = [_row(w.student, w.school), _row(w.student, w.school, period="10/2026", excused=1, unexcused=0)]
    first = push(client, rows)
    assert first.status_code == 200, first.content
    assert {k: first.json()[k] for k in ("new", "changed", "unchanged")} == {"new": 2, "changed": 0, "unchanged": 0}
    stored = _stored(w.student)
    assert [(str(m), e, u) for m, e, u in stored] == [("2026-09-01", 4, 12), ("2026-10-01", 1, 0)]
    again = push(client, rows).json()
    assert (again["new"], again["changed"], again["unchanged"]) == (0, 0, 2)
    assert _stored(w.student) == stored
    # The same audit record as the file import, marked as API.
    event = AuditEvent.objects.filter(action="outcomes.import").latest("pk")
    assert event.data["new"] == 0 and event.data["unchanged"] == 2 and event.data["via"] == "api"
    # A correction changes only what differs.
    changed = push(client, [rows[0], {**rows[1], "unexcused": 5}]).json()
    assert (changed["new"], changed["changed"], changed["unchanged"]) == (0, 1, 1)


def test_a_retry_with_the_same_idempotency_key_answers_the_first_result_and_imports_nothing(w):
    client = api(w.members["case_manager"])
    rows = [_row(w.student, w.school)]
    first = push(client, rows, HTTP_IDEMPOTENCY_KEY="batch-1")
    imports = AttendanceImport.objects.count()
    retry = push(client, rows, HTTP_IDEMPOTENCY_KEY="batch-1")
    assert retry.status_code == 200 and retry["Idempotent-Replayed"] == "true"
    assert retry.json() == first.json() and retry.json()["new"] == 1
    assert AttendanceImport.objects.count() == imports
    assert push(client, [{**rows[0], "excused": 9}], HTTP_IDEMPOTENCY_KEY="batch-1").status_code == 422
    assert _stored(w.student)[0][1] == 4


def test_one_bad_row_refuses_the_batch_with_each_rows_errors_in_the_callers_language(w):
    client = api(w.members["case_manager"])
    rows = [
        _row(w.student, w.school),
        {**_row(w.student, w.school), "period": "září", "birth_date": "včera"},
        _row(w.student, w.school, name="Nikdo Neznámý"),
    ]
    imports = AttendanceImport.objects.count()
    czech = push(client, rows, HTTP_ACCEPT_LANGUAGE="cs")
    assert czech.status_code == 422 and czech["Content-Type"] == "application/problem+json"
    problem = czech.json()
    assert [r["row"] for r in problem["rows"]] == [2, 3]
    assert "Nic nebylo importováno" in problem["detail"]
    assert any("měsíc" in e for e in problem["rows"][0]["errors"])
    english = push(client, rows, HTTP_ACCEPT_LANGUAGE="en").json()
    assert "Nothing was imported" in english["detail"]
    assert english["rows"][1]["errors"] == ["No student of yours matches this name, date of birth and school."]
    assert _stored(w.student) == [] and AttendanceImport.objects.count() == imports


def test_only_the_importers_own_students_and_never_another_organisations(w):
    # The world's student is the case_manager's; another case manager and another organisation
    # get a row error like for a student who does not exist (no existence oracle).
    rows = [_row(w.student, w.school)]
    for persona in ("case_manager_other", "other_org"):
        response = push(api(w.members[persona]), rows, HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 422, persona
        assert response.json()["rows"][0]["errors"], persona
    assert _stored(w.student) == []


def test_school_staff_and_a_read_token_cannot_push(w):
    rows = [_row(w.student, w.school)]
    assert push(api(w.members["school_staff"]), rows).status_code == 403
    read_only = push(api(w.members["case_manager"], scope=Scope.READ), rows)
    assert read_only.status_code == 403 and read_only["Content-Type"] == "application/problem+json"
    assert _stored(w.student) == []


def test_a_malformed_batch_is_400_and_changes_nothing(w):
    client = api(w.members["case_manager"])
    imports = AttendanceImport.objects.count()
    assert client.post(URL, {"rows": "x"}, content_type="application/json").status_code == 400
    assert client.post(URL, [1], content_type="application/json").status_code == 400
    assert push(client, []).status_code == 400
    assert AttendanceImport.objects.count() == imports


# --- Statistics ----------------------------------------------------------------------------------


def test_a_school_user_never_gets_a_statistics_cell_under_three(w):
    school = w.school
    lead = w.members["case_manager"]
    for _ in range(4):
        CaseFactory(
            organisation=w.org, school=school, lead=lead, student=StudentFactory(organisation=w.org, school=school)
        )
    staff = MembershipFactory(organisation=w.org, role=Role.SCHOOL_STAFF, school=school)
    query = "?date_from=2000-01-01&date_to=2100-12-31"
    body = api(staff).get(f"/api/v1/statistics/{query}").json()
    cells = [c for t in body["tables"] for row in t["rows"] for c in row[1:]]
    assert cells and all(c is None or c >= 3 for c in cells)
    assert body["min_cell"] == 3 and any(c is not None for c in cells)
    assert {t["key"] for t in body["tables"]}.isdisjoint({"caseload", "funnel"})
    # The coordinator gets the exact figures (small ones too) and the service's tables.
    coordinator = api(w.members["coordinator"]).get(f"/api/v1/statistics/{query}").json()
    assert coordinator["min_cell"] is None and {"caseload", "funnel"} <= {t["key"] for t in coordinator["tables"]}
    assert any(isinstance(c, int) and 0 < c < 3 for t in coordinator["tables"] for row in t["rows"] for c in row[1:])
    # The school filter cannot widen a school user's scope (as on the page).
    other = api(staff).get(f"/api/v1/statistics/{query}&school={w.school_other.pk}").json()
    assert other["school"] is None and other["tables"] == body["tables"]


def test_statistics_are_403_for_a_role_without_them(w):
    assert api(w.members["case_manager"]).get("/api/v1/statistics/").status_code == 403


# --- Goals' indicators and observations ---------------------------------------------------------


def test_the_team_reads_indicators_with_the_goal_and_records_an_observation_once(w):
    client = api(w.members["case_manager"])
    goals = client.get(f"/api/v1/cases/{w.case.pk}/indicators/").json()
    goal = next(g for g in goals if g["id"] == w.goal.pk)
    row = next(r for r in goal["indicators"] if r["indicator"]["id"] == w.indicator.pk)
    count = row["trend"]["count"]
    assert count == len(row["observations"]) >= 1
    url = f"/api/v1/indicators/{w.indicator.pk}/observations/"
    value = w.indicator.target
    data = {"observed_on": "2026-11-01", "value": value, "note": "ze školy"}
    first = client.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="obs-1")
    assert first.status_code == 201, first.content
    retry = client.post(url, data, content_type="application/json", HTTP_IDEMPOTENCY_KEY="obs-1")
    assert retry.json()["id"] == first.json()["id"]
    assert w.indicator.observations.count() == count + 1
    bad = client.post(url, {"observed_on": "2026-11-02", "value": "mnoho"}, content_type="application/json")
    assert bad.status_code == 400 and w.indicator.observations.count() == count + 1
    for persona in ("other_org", "case_manager_other"):
        attacker = api(w.members[persona])
        assert attacker.get(f"/api/v1/cases/{w.case.pk}/indicators/").status_code == 404, persona
        assert attacker.post(url, data, content_type="application/json").status_code == 404, persona
    assert (
        api(w.members["case_manager"], scope=Scope.READ).post(url, data, content_type="application/json").status_code
        == 403
    )
    assert w.indicator.observations.count() == count + 1


def test_options_on_a_post_only_route_is_not_a_server_error(w):
    client = api(w.members["case_manager"])
    assert client.options(URL, HTTP_IDEMPOTENCY_KEY="x").status_code == 200
    assert client.options(f"/api/v1/indicators/{w.indicator.pk}/observations/").status_code == 200
