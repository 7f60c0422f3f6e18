from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opora.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restores an archive made by `backup` into the configured database, which must be empty "
        "(create it, do not migrate it), and into the configured file storage."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)

    def handle(self, *args, archive, **options):
        try:
            manifest = restore_backup(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Restored the {manifest['engine']} database and {len(manifest['files'])} files "
            f"from the backup of {manifest['created']}."
        )
