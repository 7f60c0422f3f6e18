"""Backups: the database and the uploaded files in one timestamped archive, and back.

An archive (`opora-backup-YYYYMMDD-HHMMSS.tar.gz`, mode 0600: it holds personal data) has
  manifest.json      – format, time, database engine, every file with its SHA-256
  database.sqlite3   – SQLite: a consistent copy made with SQLite's online backup API
  database.pgdump    – PostgreSQL: `pg_dump --format=custom` (one consistent snapshot)
  files/<name>       – every uploaded file, read through the storage (local folder or S3)

Restore goes into an EMPTY database (no tables: do not migrate first) of the same engine and
into the storage of the settings in force; it checks every file against the manifest. The
audit table's append-only triggers do not stand in the way: the SQLite copy is made page by
page and pg_restore creates the triggers after loading the rows.
"""

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connections
from django.utils import timezone

FORMAT = 1
SKIP_PREFIXES = ("health/",)  # the health probe's transient files


class BackupError(Exception):
    """A backup or restore that cannot be done; the message says why (no personal data)."""


# --- helpers ---------------------------------------------------------------------------------


def _vendor(db: dict) -> str:
    engine = db["ENGINE"]
    if "sqlite" in engine:
        return "sqlite"
    if "postgres" in engine:
        return "postgresql"
    raise BackupError(f"Unsupported database engine: {engine}")


def pg_tool(name: str) -> str:
    """pg_dump / pg_restore: OPORA_PG_BIN_DIR, else the newest /usr/lib/postgresql/*/bin, else PATH."""
    folders = [getattr(settings, "OPORA_PG_BIN_DIR", "") or ""]
    folders += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), key=_version_key, reverse=True)
    for folder in folders:
        if folder and (Path(folder) / name).is_file():
            return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} was not found; install the PostgreSQL client (apt-get install postgresql-client).")
    return found


def _version_key(path: str):
    try:
        return int(Path(path).parent.name)
    except ValueError:
        return 0


def _pg_env(db: dict) -> dict:
    """Connection parameters for libpq tools, the password in the environment (not in argv)."""
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    env["PGDATABASE"] = db["NAME"]
    options = db.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = options["sslmode"]
    return env


def _run(args: list[str], env: dict) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True)  # noqa: S603 (fixed tool, our paths)
    if result.returncode != 0:
        raise BackupError(f"{Path(args[0]).name} failed: {result.stderr.strip()[-2000:]}")


def stored_files(storage=None) -> list[str]:
    """Every file name in the storage, recursively, sorted."""
    storage = storage or default_storage
    names: list[str] = []

    def walk(prefix: str) -> None:
        try:
            dirs, files = storage.listdir(prefix)
        except FileNotFoundError:
            return
        for name in files:
            full = f"{prefix}{name}"
            if not full.startswith(SKIP_PREFIXES):
                names.append(full)
        for name in dirs:
            walk(f"{prefix}{name}/")

    walk("")
    return sorted(names)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


# --- backup ----------------------------------------------------------------------------------


def backup_folder() -> Path:
    return Path(settings.OPORA_BACKUP_DIR)


def create_backup(folder: Path | None = None, using: str = "default") -> Path:
    """Write one archive into `folder` (default OPORA_BACKUP_DIR) and return its path."""
    folder = Path(folder or backup_folder())
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    connection = connections[using]
    db = connection.settings_dict
    vendor = _vendor(db)
    stamp = timezone.now().astimezone().strftime("%Y%m%d-%H%M%S")
    target = folder / f"opora-backup-{stamp}.tar.gz"
    counter = 1
    while target.exists():
        counter += 1
        target = folder / f"opora-backup-{stamp}-{counter}.tar.gz"

    with tempfile.TemporaryDirectory(prefix="opora-backup-") as work:
        work = Path(work)
        if vendor == "sqlite":
            db_name = "database.sqlite3"
            if connection.in_atomic_block:
                # SQLite's backup would wait forever for this connection's own open transaction.
                raise BackupError("A SQLite backup cannot run inside a transaction.")
            connection.ensure_connection()
            destination = sqlite3.connect(work / db_name)
            try:
                connection.connection.backup(destination)
            finally:
                destination.close()
        else:
            db_name = "database.pgdump"
            _run(
                [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={work / db_name}"],
                _pg_env(db),
            )

        files = {}
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "engine": vendor,
            "database": db_name,
            "files": files,
        }
        partial = target.with_suffix(".partial")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(work / db_name, arcname=db_name)
                for name in stored_files():
                    with default_storage.open(name, "rb") as handle:
                        files[name] = _sha256(handle)
                        size = handle.tell()
                        handle.seek(0)
                        info = tarfile.TarInfo(f"files/{name}")
                        info.size = size
                        info.mode = 0o600
                        info.mtime = int(datetime.now().timestamp())
                        tar.addfile(info, handle)
                data = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo("manifest.json")
                info.size = len(data)
                info.mode = 0o600
                info.mtime = int(datetime.now().timestamp())
                tar.addfile(info, io.BytesIO(data))
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return target


# --- restore ---------------------------------------------------------------------------------


def _database_is_empty(db: dict) -> bool:
    if _vendor(db) == "sqlite":
        conn = _sqlite_connect(db)
        try:
            return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(**_pg_connect_kwargs(db)) as conn:
        count = conn.execute(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
        ).fetchone()[0]
    return count == 0


def _sqlite_connect(db: dict) -> sqlite3.Connection:
    name = str(db["NAME"])
    if name.startswith("file:"):  # a URI, e.g. the test suite's shared in-memory database
        return sqlite3.connect(name, uri=True)
    Path(name).parent.mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(name)


def _pg_connect_kwargs(db: dict) -> dict:
    kwargs = {"dbname": db["NAME"]}
    for key, name in (("HOST", "host"), ("PORT", "port"), ("USER", "user"), ("PASSWORD", "password")):
        if db.get(key):
            kwargs[name] = db[key]
    return kwargs


def _safe_member(member: tarfile.TarInfo) -> bool:
    parts = Path(member.name).parts
    return member.isfile() and not member.name.startswith("/") and ".." not in parts


def read_manifest(archive: Path) -> dict:
    with tarfile.open(archive, "r:gz") as tar:
        try:
            return json.load(tar.extractfile("manifest.json"))
        except KeyError:
            raise BackupError("This is not an Opora backup (no manifest.json).") from None


def restore_backup(archive: Path, db: dict | None = None, storage=None) -> dict:
    """Restore `archive` into the empty database `db` (default: the settings' default database)
    and into `storage` (default: the configured one). Returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"No such archive: {archive}")
    manifest = read_manifest(archive)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    db = db or connections["default"].settings_dict
    storage = storage or default_storage
    vendor = _vendor(db)
    if manifest["engine"] != vendor:
        raise BackupError(f"The backup is of a {manifest['engine']} database; the target is {vendor}.")
    if not _database_is_empty(db):
        raise BackupError(
            "The target database is not empty. Restore only into a new, empty database (do not migrate it)."
        )
    for name, digest in manifest["files"].items():
        if storage.exists(name):
            with storage.open(name, "rb") as handle:
                if _sha256(handle) != digest:
                    raise BackupError(f"A different file already exists in the storage: {name}")

    with tempfile.TemporaryDirectory(prefix="opora-restore-") as work, tarfile.open(archive, "r:gz") as tar:
        work = Path(work)
        member = tar.getmember(manifest["database"])
        if not _safe_member(member):
            raise BackupError("The archive's database entry is not a plain file.")
        dump = work / "database"
        with tar.extractfile(member) as source, open(dump, "wb") as out:
            shutil.copyfileobj(source, out)

        if vendor == "sqlite":
            for connection in connections.all():
                if connection.settings_dict.get("NAME") == db["NAME"]:
                    connection.close()
            source_db = sqlite3.connect(dump)
            target_db = _sqlite_connect(db)
            try:
                source_db.backup(target_db)
            finally:
                source_db.close()
                target_db.close()
        else:
            _run(
                [
                    pg_tool("pg_restore"),
                    "--no-owner",
                    "--no-privileges",
                    "--exit-on-error",
                    "--single-transaction",
                    f"--dbname={db['NAME']}",
                    str(dump),
                ],
                _pg_env(db),
            )

        for name, digest in manifest["files"].items():
            member = tar.getmember(f"files/{name}")
            if not _safe_member(member):
                raise BackupError(f"The archive's entry for {name} is not a plain file.")
            if storage.exists(name):
                continue  # same content, checked above
            with tar.extractfile(member) as source:
                if _sha256(source) != digest:
                    raise BackupError(f"The archive's copy of {name} is damaged (checksum differs).")
            with tar.extractfile(member) as source:
                saved = storage.save(name, File(source, name=name))
            if saved != name:
                raise BackupError(f"The storage renamed {name} to {saved}.")
    return manifest


# --- fingerprints (used by the tests and by `restore --verify`) -----------------------------


def database_fingerprint(cursor, vendor: str) -> dict[str, tuple[int, str]]:
    """{table: (row count, SHA-256 of its rows)} with every value cast to text in SQL, so that
    two databases of the same engine compare equal whatever the driver's type converters do."""
    columns: dict[str, list[str]] = {}
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        for (table,) in cursor.fetchall():
            cursor.execute(f'PRAGMA table_info("{table}")')
            columns[table] = [f'CAST("{row[1]}" AS TEXT)' for row in cursor.fetchall()]
    else:
        cursor.execute(
            "SELECT c.table_name, c.column_name FROM information_schema.columns c "
            "JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
            "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
            "ORDER BY c.table_name, c.ordinal_position"
        )
        for table, column in cursor.fetchall():
            columns.setdefault(table, []).append(f'"{column}"::text')
    result = {}
    for table in sorted(columns):
        select = ", ".join(columns[table])
        # Table and column names come from the database's own catalogue.
        cursor.execute(f'SELECT {select} FROM "{table}"')  # noqa: S608
        rows = sorted(json.dumps(list(row)) for row in cursor.fetchall())
        digest = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        result[table] = (len(rows), digest)
    return result


def storage_fingerprint(storage=None) -> dict[str, str]:
    storage = storage or default_storage
    result = {}
    for name in stored_files(storage):
        with storage.open(name, "rb") as handle:
            result[name] = _sha256(handle)
    return result
