"""Write the whole public dataset to a folder: CSV and JSON per list, statistics, a README of the columns and
a Frictionless data package (registry.open_data.dataset)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from registry.open_data.dataset import write_dataset


class Command(BaseCommand):
    help = "Write the public dataset (CSV + JSON + statistics + README + datapackage.json) into a folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="Folder to write into (created if missing).")

    def handle(self, *args, directory: Path, **options) -> None:
        dataset = write_dataset(directory)
        self.stdout.write(self.style.SUCCESS(f"Wrote {dataset.summary()} to {directory}"))
