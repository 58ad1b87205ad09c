"""Write the whole public dataset to a folder: CSV and JSON per list, statistics, and a README of the columns.

The same rows, columns and visibility rule as the API's downloads: named people only, people whose names
are withheld only inside counts, private records nowhere. All files come from one database snapshot.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from pardons.api import columns as pardons_exports
from pardons.api import decrees as decrees_api
from pardons.api import pardons as pardons_api
from pardons.api.serializers import DecreeSerializer, PardonSerializer
from registry import csv_safe
from registry.api import articles, facilities, people, sources
from registry.api import columns as exports
from registry.api.columns import csv_values
from registry.api.serializers import ArticleSerializer, FacilitySerializer, PrisonerSerializer, SourceSerializer
from registry.models import Prisoner
from registry.queries import statistics


def without_url(serializer_class):
    """The API serializer minus its `url` (a link needs a request; the dataset is files)."""

    class Meta(serializer_class.Meta):
        fields = [name for name in serializer_class.Meta.fields if name != "url"]

    return type(f"Dataset{serializer_class.__name__}", (serializer_class,), {"Meta": Meta})


def tables():
    """(name, queryset, CSV columns, JSON serializer, what a row is) for every public list."""
    return [
        ("prisoners", people.prisoner_queryset().order_by("pk"), exports.PRISONER_COLUMNS,
         without_url(PrisonerSerializer), "one named person"),
        ("decrees", decrees_api.decree_queryset().order_by("announced_on", "pk"), pardons_exports.DECREE_COLUMNS,
         without_url(DecreeSerializer), "one announced pardon or amnesty"),
        ("pardons", pardons_api.pardon_queryset().order_by("pk"), pardons_exports.PARDON_COLUMNS,
         PardonSerializer, "one named person released under one decree"),
        ("facilities", facilities.facility_queryset().order_by("pk"), exports.FACILITY_COLUMNS,
         FacilitySerializer, "one place of detention"),
        ("articles", articles.article_queryset().order_by("pk"), exports.ARTICLE_COLUMNS,
         ArticleSerializer, "one criminal code article"),
        ("sources", sources.source_queryset().order_by("pk"), exports.SOURCE_COLUMNS,
         SourceSerializer, "one publication cited by a public record"),
    ]  # fmt: skip


class Command(BaseCommand):
    help = "Write the public dataset (CSV + JSON + README of the columns) into a folder."

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", type=Path, help="Folder to write into (created if missing).")

    def handle(self, *args, directory: Path, **options) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        outermost = not connection.in_atomic_block
        with transaction.atomic():
            if outermost:
                # One snapshot for every file, so the CSVs, JSON and statistics agree with each other.
                with connection.cursor() as cursor:
                    cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            exported_at = timezone.now()
            counts = {}
            for name, queryset, columns, serializer, _row in tables():
                counts[name] = self.write_table(directory, name, queryset, columns, serializer)
            self.write_json(directory / "statistics.json", self.statistics())
        (directory / "README.md").write_text(readme(exported_at, counts), encoding="utf-8")
        summary = ", ".join(f"{count} {name}" for name, count in counts.items())
        self.stdout.write(self.style.SUCCESS(f"Wrote {summary} to {directory}"))

    def write_table(self, directory: Path, name: str, queryset, columns, serializer) -> int:
        count = 0
        with (
            open(directory / f"{name}.csv", "w", encoding="utf-8", newline="") as csv_file,
            open(directory / f"{name}.json", "w", encoding="utf-8") as json_file,
        ):
            writer = csv_safe.Writer(csv_file)
            writer.writerow([column for column, _description, _get in columns])
            json_file.write("[")
            # chunk_size: rows stream from a server-side cursor with their prefetches, whatever the size.
            for row in queryset.iterator(chunk_size=500):
                writer.writerow(csv_values(row, columns))
                record = json.dumps(serializer(row).data, cls=DjangoJSONEncoder, ensure_ascii=False)
                json_file.write(("," if count else "") + "\n" + record)
                count += 1
            json_file.write("\n]\n")
        return count

    def statistics(self) -> dict:
        return {
            "headline": statistics.headline(),
            "pardons_per_decree": statistics.pardons_per_decree(),
            "releases_by_month": statistics.releases_by_month(),
            "facets": statistics.facets(Prisoner.objects.counted()),
        }

    def write_json(self, path: Path, data) -> None:
        path.write_text(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def readme(exported_at, counts: dict[str, int]) -> str:
    lines = [
        "# Political prisoner registry — public dataset",
        "",
        f"Exported {exported_at.isoformat(timespec='seconds')} from one consistent database snapshot.",
        "",
        "Who is in it: people the registry may name. People whose names are withheld (at their families' "
        "request) are counted in `statistics.json` and in decrees' `identified_count` / `names_withheld`, never "
        "listed. Unverified or withdrawn records are not included anywhere.",
        "",
        "Dates known only to the year or month are written as `2021` or `2021-05`, never with an invented day; "
        "JSON has a `*_precision` field beside each such date. Files are UTF-8. Each list is a CSV (flat columns, "
        "below) and a JSON array (the full records, as in the API at /api/v1/). Ids are stable and the same as in "
        "the API. Records with `is_synthetic` true are fictitious demo data.",
        "",
        "`statistics.json` holds the site's headline numbers (`headline`, as of the export), announced vs "
        "identified per decree, releases per month and reason, and counts by status, region, sex and article.",
        "",
        f"Licence: {settings.DATA_LICENCE} ({settings.DATA_LICENCE_URL}). Credit the registry and say when you "
        "took the data (the export time above); a person's record can change or be withdrawn after it.",
        "",
    ]
    for name, _queryset, columns, _serializer, row in tables():
        lines += [
            f"## {name}.csv / {name}.json — {counts[name]} rows, each {row}",
            "",
            "| column | meaning |",
            "| --- | --- |",
        ]
        lines += [f"| `{column}` | {description} |" for column, description, _get in columns]
        lines.append("")
    return "\n".join(lines)
