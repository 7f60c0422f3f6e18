"""Accent-insensitive name search: a normalised name on Student (backfilled here), trigram
indexes on PostgreSQL for it and the case number (no-ops on SQLite), and list-order indexes
for the filtered case lists."""

import unicodedata

from django.db import migrations, models


def _normalise(text):
    # A copy of opora.cases.models.normalise_name as of this migration (migrations do not
    # import model code that may change later).
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def backfill(apps, schema_editor):
    Student = apps.get_model("cases", "Student")
    batch = []
    for student in Student.objects.only("id", "first_name", "last_name").iterator(chunk_size=2000):
        student.search_name = _normalise(f"{student.first_name} {student.last_name}")
        batch.append(student)
        if len(batch) >= 2000:
            Student.objects.bulk_update(batch, ["search_name"])
            batch = []
    if batch:
        Student.objects.bulk_update(batch, ["search_name"])


TRIGRAM_INDEXES = [
    # Within one organisation (btree_gin lets the organisation lead the trigram index).
    "CREATE INDEX IF NOT EXISTS student_search_name_trgm ON cases_student"
    " USING gin (organisation_id, search_name gin_trgm_ops)",
    # Django's icontains compares UPPER(number): the index is on that expression.
    "CREATE INDEX IF NOT EXISTS case_number_trgm ON cases_case USING gin (organisation_id, UPPER(number) gin_trgm_ops)",
]


def trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gin")
    for sql in TRIGRAM_INDEXES:
        schema_editor.execute(sql)


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS student_search_name_trgm")
    schema_editor.execute("DROP INDEX IF EXISTS case_number_trgm")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
        ("cases", "0005_versioned_records"),
        ("schools", "0003_pipeline_contacts_locality"),
    ]

    operations = [
        migrations.AddField(
            model_name="student",
            name="search_name",
            field=models.CharField(blank=True, default="", editable=False, max_length=201),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.RunPython(trigram_indexes, drop_trigram_indexes),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["organisation", "state", "-opened_at", "-id"], name="case_org_state_opened_idx"),
        ),
        migrations.AddIndex(
            model_name="case",
            index=models.Index(fields=["lead", "-opened_at", "-id"], name="case_lead_opened_idx"),
        ),
    ]
