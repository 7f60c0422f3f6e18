"""Django's PostgreSQL backend, with the statements every request runs planned once.

PostgreSQL plans a statement each time it receives it as text. For the short queries of a page
that is most of the server's work: the case page's query (one case by its id, with its student,
school, lead and counts: ~5 KB of SQL, a dozen joins) took 1.5 ms of the server's CPU to plan
and 0.1 ms to run, and the session, the second factor's device and the membership another
0.5 ms on every signed-in request. A prepared statement is planned once per connection.

Only the statements marked so are prepared (``CompiledQuery(..., plan_once=True)``, the audit
record's ``CompiledInsert``): lookups by a key (a session, a membership, a case, the rows of
one case) whose best plan does not depend on the values. A list's query is not: the same
filter over an organisation of 7,000 cases or of 50 wants another plan, and the generic plan
of a prepared statement made two of the lists slower at 100,000 cases. Everything else is sent
as before and planned at each execution.

This takes psycopg 3 with server-side binding (``OPTIONS["server_side_binding"]``, set by
``config.settings`` unless ``DB_PREPARED_STATEMENTS=0``: a connection pooler in transaction
mode older than PgBouncer 1.21 cannot keep prepared statements). Without it, or with psycopg 2,
this is Django's backend unchanged (``vendor`` is "postgresql").
"""

from django.db.backends.postgresql import base

# The SQL of the statements to prepare, as the compiled queries make them: the same string at
# every execution. Bounded, whatever a worker serves; a statement that does not fit is planned
# at each execution as any other.
PLANNED_ONCE: set[str] = set()
PLANNED_ONCE_KEPT = 256

if base.is_psycopg3:

    class PreparingCursor(base.ServerBindingCursor):
        """Prepares the statements of PLANNED_ONCE (psycopg keeps them per connection) and no
        other: psycopg's own count of executions is not kept for the rest."""

        def execute(self, query, params=None, *, prepare=None, binary=None):
            if prepare is None:
                prepare = query in PLANNED_ONCE
            return super().execute(query, params, prepare=prepare, binary=binary)


class DatabaseWrapper(base.DatabaseWrapper):
    def plan_once(self, sql: str) -> None:
        """Prepare `sql` on every connection that runs it (``CompiledQuery(plan_once=True)``)."""
        if self.prepares and len(PLANNED_ONCE) < PLANNED_ONCE_KEPT:
            PLANNED_ONCE.add(sql)

    @property
    def prepares(self) -> bool:
        return base.is_psycopg3 and self.settings_dict["OPTIONS"].get("server_side_binding") is True

    def get_connection_params(self):
        params = super().get_connection_params()
        if self.prepares:
            params["cursor_factory"] = PreparingCursor
            # psycopg prepares nothing while the threshold is None (Django's default); the cursor
            # above says for each statement whether to prepare it, so the count never decides.
            if params.get("prepare_threshold") is None:
                params["prepare_threshold"] = 2**31 - 1
        return params
