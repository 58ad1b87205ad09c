"""`manage.py restore PATH`: load a backup folder into an empty database and MEDIA_ROOT, checksums checked first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.db.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup folder made by `manage.py backup` into an empty database (README: Production, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            manifest = restore(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Restored the backup of {manifest['created_at']} (data version {manifest['data_version']}). "
            "Run `manage.py migrate` if this code is newer than the backup."
        )
