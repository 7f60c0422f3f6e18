"""A backup of a populated database restored into an empty one is identical: every table's row
count and checksum, and every uploaded file's checksum (SQLite and PostgreSQL)."""

import io
import os
import sqlite3
import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from opora.audit.services import audit_log
from opora.cases.models import Attachment, Case
from opora.cases.tests.factories import AttachmentFactory
from opora.core.backup import (
    BackupError,
    database_fingerprint,
    read_manifest,
    restore_backup,
    storage_fingerprint,
)
from opora.core.testing.world import build_world


@pytest.fixture
def empty_target(transactional_db, tmp_path):
    """A new, empty database of the same engine as the test database; yields (settings, cursor factory)."""
    if connection.vendor == "sqlite":
        db = {**connection.settings_dict, "NAME": str(tmp_path / "restored.sqlite3")}

        def open_cursor():
            return sqlite3.connect(db["NAME"]).cursor()

        yield db, open_cursor
        return
    import psycopg

    name = f"opora_restore_{uuid.uuid4().hex[:12]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    db = {**connection.settings_dict, "NAME": name}
    opened = []

    def open_cursor():
        kwargs = {"dbname": name, "host": db["HOST"], "port": db["PORT"], "user": db["USER"]}
        conn = psycopg.connect(**{k: v for k, v in kwargs.items() if v}, password=db.get("PASSWORD") or None)
        conn.autocommit = True
        opened.append(conn)
        return conn.cursor()

    yield db, open_cursor
    for conn in opened:
        conn.close()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def _populate():
    world = build_world()
    # Uploaded files of several kinds and folders, binary content included.
    for index in range(3):
        AttachmentFactory(
            case=world.case,
            original_name=f"scan-{index}.pdf",
            file=ContentFile(b"%PDF-1.4\n" + os.urandom(20_000 + index), name=f"scan-{index}.pdf"),
        )
    for index in range(5):
        audit_log(action="case.view", membership=world.members["case_manager"], obj=world.case, data={"n": index})
    return world


def test_backup_restored_into_an_empty_database_is_identical(empty_target, tmp_path, settings):
    _populate()
    assert Case.objects.count() >= 2 and Attachment.objects.count() >= 4
    with connection.cursor() as cursor:
        before = database_fingerprint(cursor, connection.vendor)
    files_before = storage_fingerprint()
    assert len(files_before) >= 4
    assert before["cases_case"][0] >= 2 and before["accounts_membership"][0] >= 10
    assert before["audit_auditevent"][0] >= 5

    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    archive = Path(out.getvalue().strip())
    assert archive.name.startswith("opora-backup-") and archive.name.endswith(".tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: owner only
    manifest = read_manifest(archive)
    assert manifest["engine"] == connection.vendor
    assert manifest["files"] == files_before

    # Restore into a new database and an empty upload folder.
    db, open_cursor = empty_target
    settings.MEDIA_ROOT = str(tmp_path / "restored-media")
    restore_backup(archive, db=db)

    after = database_fingerprint(open_cursor(), connection.vendor)
    assert after == before
    assert storage_fingerprint() == files_before

    # The restored audit table is still append-only.
    cursor = open_cursor()
    with pytest.raises(Exception, match="append-only"):
        cursor.execute("UPDATE audit_auditevent SET action = 'forged'")

    # A second restore into the now populated database is refused and changes nothing.
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive, db=db)
    assert database_fingerprint(open_cursor(), connection.vendor) == before


def test_restore_refuses_a_database_that_is_not_empty(transactional_db, tmp_path):
    _populate()
    archive = Path(tmp_path / "b")
    out = io.StringIO()
    call_command("backup", "--dir", str(archive), stdout=out)
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", out.getvalue().strip())


def test_restore_refuses_something_that_is_not_a_backup(transactional_db, tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as tar:
        data = b"hello"
        info = tarfile.TarInfo("readme.txt")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="not an Opora backup"):
        call_command("restore", str(bogus))
