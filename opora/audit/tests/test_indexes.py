"""The audit table is written on every case read: it keeps only the indexes its reads use."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

COMPOSITE = {("actor_id", "at"), ("case_id", "at"), ("object_type", "object_id"), ("organisation_id", "at")}


def _indexes() -> set[tuple[str, ...]]:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "audit_auditevent")
    return {tuple(c["columns"]) for c in constraints.values() if c["index"] and not c["primary_key"]}


def _triggers() -> set[str]:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass AND NOT tgisinternal"
            )
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_auditevent'")
        return {row[0] for row in cursor.fetchall()}


def test_only_the_composite_indexes_are_left():
    assert _indexes() == COMPOSITE


def test_the_migration_drops_the_single_column_indexes_and_keeps_the_triggers():
    triggers = _triggers()
    assert triggers  # the append-only triggers
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0003_append_only_without_session_switch")])
    try:
        before = _indexes()
        assert {("at",), ("action",), ("actor_id",), ("organisation_id",)} <= before
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate([("audit", "0004_fewer_indexes")])
        assert _indexes() == COMPOSITE
        assert _triggers() == triggers
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
