"""Opora's PostgreSQL backend (opora/core/postgresql_backend): the statements marked
``plan_once`` are prepared on the connection, planned once; every other statement is sent as
text and planned at each execution, as with Django's backend."""

import copy

import pytest
from django.conf import settings
from django.db import connection

from opora.core.orm import CompiledQuery

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("the PostgreSQL backend")
    assert settings.DATABASES["default"]["ENGINE"] == "opora.core.postgresql_backend"
    assert connection.prepares


def _prepared() -> list[str]:
    """The statements prepared on this connection (psycopg prepares them by the protocol)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        return [row[0] for row in cursor.fetchall()]


def test_a_lookup_marked_plan_once_is_prepared_and_gives_the_same_rows(postgresql, world):
    from opora.cases.models import Case

    marked = CompiledQuery(lambda case: Case.objects.filter(pk=case).values_list("number"), "case", plan_once=True)
    other = CompiledQuery(lambda case: Case.objects.filter(pk=case).values_list("state"), "case")
    before = _prepared()
    for _ in range(3):  # prepared at the first execution, then executed as prepared
        assert marked(case=world.case.pk) == [(world.case.number,)]
        assert marked(case=-1) == []
        assert other(case=world.case.pk) == [(world.case.state,)]
    new = [s for s in _prepared() if s not in before]
    assert len(new) == 1
    assert '"cases_case"."number"' in new[0] and '"cases_case"."state"' not in new[0]


def test_the_case_page_prepares_its_lookups_and_not_the_list(postgresql, client, world):
    from opora.core.testing.auth import login

    login(client, world.members["case_manager"])
    assert client.get(f"/cases/{world.case.pk}/").status_code == 200
    prepared = _prepared()  # the test client's requests run on this test's connection
    for table in ("django_session", "accounts_membership", "cases_case", "consents_consent", "cases_request"):
        assert any(f'FROM "{table}"' in statement for statement in prepared), table
    assert any('INSERT INTO "audit_auditevent"' in statement for statement in prepared)
    # A list finds its page's ids with the count, a search its matches' ids: planned at each
    # request (the organisation, the filters and the words decide the plan). The rows of the
    # page are then read by their ids: that statement is prepared.
    assert client.get("/cases/").status_code == 200
    assert client.get("/cases/?state=active").status_code == 200
    response = client.get("/cases/", {"q": world.case.student.last_name})
    assert world.case.number in response.content.decode()
    # (Compared with all the statements prepared on the connection: an earlier test on it may
    # have prepared the rows' statement already.)
    new = [statement for statement in _prepared() if statement not in prepared]
    assert len(new) <= 1
    after = _prepared()
    rows = [s for s in after if 'FROM "cases_case"' in s and '"cases_case"."id" IN ($' in s]
    assert rows
    assert not any("LIKE" in statement or "_capped_count" in statement for statement in after)


def test_without_server_side_binding_it_is_djangos_backend():
    from django.db.backends.postgresql import base as django_base

    from opora.core.postgresql_backend import base

    if not django_base.is_psycopg3:
        pytest.skip("psycopg 3")
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict.update(NAME="opora", ENGINE="opora.core.postgresql_backend", HOST="127.0.0.1")
    settings_dict["OPTIONS"] = {"server_side_binding": False}
    plain = base.DatabaseWrapper(settings_dict)
    assert not plain.prepares
    assert plain.get_connection_params()["cursor_factory"] is django_base.Cursor
    settings_dict["OPTIONS"] = {"server_side_binding": True}
    preparing = base.DatabaseWrapper(settings_dict)
    params = preparing.get_connection_params()
    assert params["cursor_factory"] is base.PreparingCursor
    assert params["prepare_threshold"] is not None  # None would turn preparing off in psycopg


def test_the_statements_kept_are_bounded(monkeypatch):
    from opora.core.postgresql_backend import base

    if not base.base.is_psycopg3:
        pytest.skip("psycopg 3")
    monkeypatch.setattr(base, "PLANNED_ONCE", set())
    settings_dict = copy.deepcopy(connection.settings_dict)
    settings_dict.update(NAME="opora", ENGINE="opora.core.postgresql_backend")
    settings_dict["OPTIONS"] = {"server_side_binding": True}
    wrapper = base.DatabaseWrapper(settings_dict)
    for i in range(base.PLANNED_ONCE_KEPT + 10):
        wrapper.plan_once(f"SELECT {i}")
    assert len(base.PLANNED_ONCE) == base.PLANNED_ONCE_KEPT
