"""`manage.py backup PATH`: the database (PostgreSQL custom format) and media files, with a checksummed manifest."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from registry.db.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and media files into a new folder PATH (README: Production, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        try:
            manifest = backup(path=path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        sizes = ", ".join(f"{name} {info['bytes']:,} bytes" for name, info in manifest["files"].items())
        self.stdout.write(f"Backup of data version {manifest['data_version']} written to {path}: {sizes}.")
