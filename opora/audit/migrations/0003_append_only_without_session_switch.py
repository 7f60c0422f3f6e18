"""The append-only triggers lose their session switch (issue 9).

0002 let any PostgreSQL connection disable them with ``SET opora.audit_purge = 'on'``. Now
UPDATE, DELETE and TRUNCATE are refused whatever the session sets; only a test database migrated
under the test settings can be emptied between tests (see ``opora.audit.triggers``).
"""

import importlib

from django.db import migrations

from opora.audit import triggers


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    for sql in triggers.drop_statements(connection.vendor):
        schema_editor.execute(sql)
    for sql in triggers.install_statements(connection.vendor, allow_purge=triggers.purge_allowed(connection)):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    for sql in triggers.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(sql)
    previous = importlib.import_module("opora.audit.migrations.0002_append_only_triggers")
    previous.forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(forwards, backwards)]
