from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opora.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Writes the database (pg_dump or SQLite's online backup) and every uploaded file into one "
        "timestamped archive in OPORA_BACKUP_DIR (or --dir) and prints its path."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, help="folder for the archive (default: OPORA_BACKUP_DIR)")

    def handle(self, *args, dir=None, **options):
        try:
            path = create_backup(dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(str(path))
