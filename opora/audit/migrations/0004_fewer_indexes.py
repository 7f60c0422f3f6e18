"""The audit table loses its four single-column indexes (time, action, user, organisation).

Each read of the log starts from an organisation, a case, an object or a user, which the
composite indexes of ``AuditEvent.Meta`` serve (their second column is the time); the
single-column ones served no query, and every index is written on every case read: they were
a fifth of the record's INSERT (and on PostgreSQL the action had a second, ``_like`` index).

Only the indexes are dropped. Django's own ``AlterField`` would rebuild the table on SQLite
(copy, drop, rename), which takes the append-only triggers with the old table and copies
millions of rows; the state is changed as ``AlterField`` would, the database by ``DROP INDEX``.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

TABLE = "audit_auditevent"
COLUMNS = ("at", "action", "actor_id", "organisation_id")


def _single_column_indexes(schema_editor) -> list[str]:
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, TABLE)
    return sorted(
        name
        for name, c in constraints.items()
        if c["index"] and not c["primary_key"] and not c["unique"] and c["columns"] in ([col] for col in COLUMNS)
    )


def drop(apps, schema_editor):
    for name in _single_column_indexes(schema_editor):
        schema_editor.execute(f"DROP INDEX {schema_editor.quote_name(name)}")


def create(apps, schema_editor):
    model = apps.get_model("audit", "AuditEvent")
    for column in COLUMNS:
        field = next(f for f in model._meta.local_fields if f.column == column)
        schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_normalise_emails"),
        ("audit", "0003_append_only_without_session_switch"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="auditevent",
                    name="action",
                    field=models.CharField(max_length=60, verbose_name="action"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="actor",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="who",
                    ),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="at",
                    field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="time"),
                ),
                migrations.AlterField(
                    model_name="auditevent",
                    name="organisation",
                    field=models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="accounts.organisation",
                    ),
                ),
            ],
            database_operations=[migrations.RunPython(drop, create)],
        ),
    ]
