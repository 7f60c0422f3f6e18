"""Attack 9: the audit table's triggers cannot be switched off by a connection.

On the old schema any PostgreSQL connection could run ``SET opora.audit_purge = 'on'`` and then
delete (or truncate) audit records. Now no session setting changes what the triggers refuse; the
schema a production database gets (``allow_purge=False``) is installed inside the test's own
transaction where the test database's permissive TRUNCATE/DELETE would otherwise hide it."""

import contextlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import override_settings

from opora.audit import triggers
from opora.audit.models import AuditEvent
from opora.audit.services import audit_log

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="session settings (SET) and TRUNCATE triggers exist on PostgreSQL only"
)
sqlite_only = pytest.mark.skipif(connection.vendor != "sqlite", reason="checks the SQLite variant of the triggers")


@contextlib.contextmanager
def production_triggers():
    """The triggers exactly as a production database gets them, rolled back afterwards."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks block the DDL
            for sql in triggers.drop_statements(connection.vendor):
                cursor.execute(sql)
            for sql in triggers.install_statements(connection.vendor, allow_purge=False):
                cursor.execute(sql)
        yield
        transaction.set_rollback(True)


def _refused(sql, params=()):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def _try(sql):
    """Run a session switch an attacker would try; one the server refuses is no bypass either."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    except DatabaseError:
        pass


@postgresql_only
@pytest.mark.parametrize(
    "switch",
    [
        "SET opora.audit_purge = 'on'",  # the switch of the old schema
        "SET session_replication_role = replica",  # silences ordinary triggers (superuser)
    ],
)
def test_a_postgresql_session_switch_does_not_let_update_or_delete_through(switch):
    event = audit_log(action="case.view", object_type="cases.case", object_id=1)
    _try(switch)
    _refused("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
    _refused("DELETE FROM audit_auditevent")
    with connection.cursor() as cursor:
        cursor.execute("RESET ALL")
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


@postgresql_only
def test_a_production_postgresql_database_refuses_truncate_whatever_the_session_sets():
    event = audit_log(action="case.view", object_type="cases.case", object_id=1)
    with production_triggers():
        _try("SET opora.audit_purge = 'on'")
        _try("SET session_replication_role = replica")
        _refused("TRUNCATE audit_auditevent")
        _refused("TRUNCATE audit_auditevent CASCADE")
        _refused("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
        with connection.cursor() as cursor:
            cursor.execute("RESET ALL")
    assert AuditEvent.objects.filter(pk=event.pk).exists()


@sqlite_only
def test_sqlite_refuses_update_and_a_production_database_refuses_delete():
    event = audit_log(action="case.view", object_type="cases.case", object_id=1)
    _refused("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    with production_triggers():
        # The old switch, re-registered by code on the connection, changes nothing now.
        connection.connection.create_function("opora_audit_purge", 0, lambda: 1)
        _refused("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        _refused("DELETE FROM audit_auditevent")
        _refused("UPDATE audit_auditevent SET action = 'tampered' WHERE id = %s", [event.pk])
    assert AuditEvent.objects.get(pk=event.pk).action == "case.view"


def test_only_the_test_settings_on_the_test_database_get_the_permissive_schema():
    assert triggers.purge_allowed(connection)  # the test suite itself
    with override_settings(OPORA_AUDIT_ALLOW_PURGE=False):
        assert not triggers.purge_allowed(connection)
    production = connection.copy()
    production.settings_dict = {**connection.settings_dict, "NAME": "opora"}
    assert not triggers.purge_allowed(production)
    for vendor in ("sqlite", "postgresql"):
        strict = " ".join(triggers.install_statements(vendor, allow_purge=False))
        assert "opora_audit_purge" not in strict and "current_setting" not in strict and "RETURN NULL" not in strict
