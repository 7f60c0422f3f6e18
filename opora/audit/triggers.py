"""The database's own guard of the audit table: it refuses UPDATE, DELETE and TRUNCATE.

There is no session-level switch. On PostgreSQL the row trigger refuses UPDATE and DELETE
unconditionally and the statement trigger refuses TRUNCATE; both are ``ENABLE ALWAYS``, so
``SET session_replication_role = replica`` does not silence them either. The only exception is
decided when the schema is migrated, not by the connection: the test suite (test settings with
``OPORA_AUDIT_ALLOW_PURGE`` *and* Django's test database) gets a schema in which the table can be
emptied between tests — by TRUNCATE on PostgreSQL (pytest-django's flush), by DELETE on SQLite
when the connection's ``opora_audit_purge()`` (registered in ``opora.audit.apps`` from the test
settings) says so. A production database never has either.

What remains outside the database's reach: a role that owns the table or is a superuser can
drop or disable triggers (DDL). Production should connect with a role that owns nothing.
"""

from django.conf import settings
from django.db.backends.base.creation import TEST_DATABASE_PREFIX

MESSAGE = "audit records are append-only"


def purge_allowed(connection) -> bool:
    """True only when migrating Django's test database under the test settings."""
    if not getattr(settings, "OPORA_AUDIT_ALLOW_PURGE", False):
        return False
    return _is_test_database(connection)


def _is_test_database(connection) -> bool:
    """Whether the connection points at a database Django's test runner created."""
    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    if test_name and name == str(test_name):
        return True
    if connection.vendor == "sqlite" and connection.creation.is_in_memory_db(name):
        return True
    return name.startswith(TEST_DATABASE_PREFIX)


def install_statements(vendor: str, *, allow_purge: bool) -> list[str]:
    if vendor == "sqlite":
        when = "WHEN opora_audit_purge() IS NOT 1" if allow_purge else ""
        return [
            f"""CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_auditevent
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
            f"""CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_auditevent {when}
                BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;""",
        ]
    if vendor == "postgresql":
        truncate = "RETURN NULL;" if allow_purge else f"RAISE EXCEPTION '{MESSAGE}';"
        return [
            f"""CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger AS $$
                BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql;""",
            f"""CREATE OR REPLACE FUNCTION audit_event_no_truncate() RETURNS trigger AS $$
                BEGIN {truncate} END; $$ LANGUAGE plpgsql;""",
            """CREATE TRIGGER audit_event_no_change BEFORE UPDATE OR DELETE ON audit_auditevent
               FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();""",
            """CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
               FOR EACH STATEMENT EXECUTE FUNCTION audit_event_no_truncate();""",
            "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_change;",
            "ALTER TABLE audit_auditevent ENABLE ALWAYS TRIGGER audit_event_no_truncate;",
        ]
    return []


def drop_statements(vendor: str) -> list[str]:
    if vendor == "sqlite":
        return ["DROP TRIGGER IF EXISTS audit_event_no_update;", "DROP TRIGGER IF EXISTS audit_event_no_delete;"]
    if vendor == "postgresql":
        return [
            "DROP TRIGGER IF EXISTS audit_event_no_change ON audit_auditevent;",
            "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent;",
            "DROP FUNCTION IF EXISTS audit_event_no_truncate();",
            "DROP FUNCTION IF EXISTS audit_event_append_only();",
        ]
    return []
