"""The public dataset written to a folder: CSV and JSON per list, statistics, a README of the columns and a
Frictionless `datapackage.json` — all generated from the column definitions the API's CSV downloads use.

The same rows, columns and visibility rule as the API: named people only, people whose names are withheld
only inside counts, private records nowhere. Every file comes from one database snapshot.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from pardons.api import columns as pardons_exports
from pardons.api import decrees as decrees_api
from pardons.api import pardons as pardons_api
from pardons.api.serializers import DecreeSerializer, PardonSerializer
from registry import csv_safe
from registry.api import articles, facilities, people, prisoner_documents, sources
from registry.api import columns as exports
from registry.api.columns import Column, csv_values
from registry.api.serializers import ArticleSerializer, FacilitySerializer, PrisonerSerializer, SourceSerializer
from registry.models import Prisoner
from registry.queries import statistics

TITLE = "Political Prisoner Registry — public dataset"


def without_url(serializer_class):
    """The API serializer minus its `url` (a link needs a request; the dataset is files)."""

    class Meta(serializer_class.Meta):
        fields = [name for name in serializer_class.Meta.fields if name != "url"]

    return type(f"Dataset{serializer_class.__name__}", (serializer_class,), {"Meta": Meta})


@dataclass(frozen=True)
class Table:
    name: str
    queryset: object
    columns: list[Column]
    serializer: type
    row: str  # what one row is, for the README and the data package
    # ("people" or "sources", column): a row names that person or source, so a release drops the row once they
    # stop being public (registry.open_data.releases).
    withdrawn_by: tuple[str, str] | None = None
    foreign_keys: tuple[tuple[str, str], ...] = ()  # (column, table whose `id` it refers to)
    # A batch's JSON records built by PostgreSQL (the same as the serializer's: tests/registry/api hold them
    # equal), for a table too big to serialise row by row.
    documents: Callable[[list], list[dict]] | None = None


def tables() -> list[Table]:
    """Every public list, in the order the README and the data package describe them."""
    return [
        Table("prisoners", people.prisoner_queryset().order_by("pk"), exports.PRISONER_COLUMNS,
              without_url(PrisonerSerializer), "one named person", withdrawn_by=("people", "id"),
              documents=lambda batch: prisoner_documents.documents(batch, None)),
        Table("decrees", decrees_api.decree_queryset().order_by("announced_on", "pk"),
              pardons_exports.DECREE_COLUMNS, without_url(DecreeSerializer), "one announced pardon or amnesty"),
        Table("pardons", pardons_api.pardon_queryset().order_by("pk"), pardons_exports.PARDON_COLUMNS,
              PardonSerializer, "one named person released under one decree", withdrawn_by=("people", "prisoner"),
              foreign_keys=(("decree", "decrees"), ("prisoner", "prisoners"))),
        Table("facilities", facilities.facility_queryset().order_by("pk"), exports.FACILITY_COLUMNS,
              FacilitySerializer, "one place of detention"),
        Table("articles", articles.article_queryset().order_by("pk"), exports.ARTICLE_COLUMNS,
              ArticleSerializer, "one criminal code article"),
        Table("sources", sources.source_queryset().order_by("pk"), exports.SOURCE_COLUMNS,
              SourceSerializer, "one publication cited by a public record", withdrawn_by=("sources", "id")),
    ]  # fmt: skip


def current_statistics() -> dict:
    """The statistics a dataset carries: the site's headline, per decree, per month, and the facets."""
    return {
        "headline": statistics.headline(),
        "pardons_per_decree": statistics.pardons_per_decree(),
        "releases_by_month": statistics.releases_by_month(),
        "facets": statistics.facets(Prisoner.objects.counted(), chosen={}),
        "at_risk": statistics.at_risk(statistics.today()),
        "without_contact": statistics.without_contact(statistics.today()),
    }


@dataclass
class Dataset:
    directory: Path
    exported_at: dt.datetime
    counts: dict[str, int]
    statistics: dict

    def summary(self) -> str:
        return ", ".join(f"{count} {name}" for name, count in self.counts.items())


def write_dataset(directory: Path, *, title: str = TITLE, version: str = "") -> Dataset:
    """Write every file of the public dataset into `directory` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # One snapshot for every file, so the CSVs, JSON and statistics agree with each other.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        exported_at = timezone.now()
        counts = {table.name: write_table(directory, table) for table in tables()}
        numbers = json.loads(json.dumps(current_statistics(), cls=DjangoJSONEncoder))
        write_json(directory / "statistics.json", numbers)
    dataset = Dataset(directory, exported_at, counts, numbers)
    (directory / "README.md").write_text(readme(dataset, title=title, version=version), encoding="utf-8")
    write_json(directory / "datapackage.json", datapackage(dataset, title=title, version=version))
    return dataset


BATCH = 500


def _batches(rows: Iterable, size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def write_table(directory: Path, table: Table) -> int:
    count = 0
    with (
        open(directory / f"{table.name}.csv", "w", encoding="utf-8", newline="") as csv_file,
        open(directory / f"{table.name}.json", "w", encoding="utf-8") as json_file,
    ):
        writer = csv_safe.Writer(csv_file)
        writer.writerow([column.name for column in table.columns])
        json_file.write("[")
        # chunk_size: rows stream from a server-side cursor with their prefetches, whatever the size.
        for batch in _batches(table.queryset.iterator(chunk_size=BATCH), BATCH):
            records = table.documents(list(batch)) if table.documents else [table.serializer(r).data for r in batch]
            for row, record in zip(batch, records, strict=True):
                writer.writerow(csv_values(row, table.columns))
                text = json.dumps(record, cls=DjangoJSONEncoder, ensure_ascii=False)
                json_file.write(("," if count else "") + "\n" + text)
                count += 1
        json_file.write("\n]\n")
    return count


def write_json(path: Path, data) -> None:
    path.write_text(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def file_digest(path: Path) -> tuple[str, int]:
    """(SHA-256 hex, size in bytes) of a file, read in blocks."""
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest(), path.stat().st_size


def datapackage(dataset: Dataset, *, title: str, version: str) -> dict:
    """A Frictionless Data Package (v1 spec) describing every file: each CSV's columns with types and
    constraints, its primary and foreign keys, and every file's size and SHA-256."""
    resources = []
    for table in tables():
        path = dataset.directory / f"{table.name}.csv"
        sha256, size = file_digest(path)
        schema = {
            "fields": [field(column) for column in table.columns],
            "missingValues": [""],
            "primaryKey": ["id"],
        }
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": [column], "reference": {"resource": target, "fields": ["id"]}}
                for column, target in table.foreign_keys
            ]
        resources.append({
            "name": table.name,
            "path": path.name,
            "title": f"{table.name} ({dataset.counts[table.name]} rows)",
            "description": f"Each row is {table.row}. The same records in full: {table.name}.json.",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": size,
            "hash": f"sha256:{sha256}",
            "dialect": {"delimiter": ",", "quoteChar": '"', "header": True},
            "schema": schema,
        })  # fmt: skip
    for name, description in [
        *[(f"{t.name}.json", f"The {t.name} as a JSON array of the API's documents.") for t in tables()],
        ("statistics.json", "The headline numbers, announced vs identified per decree, releases per month, facets."),
    ]:
        sha256, size = file_digest(dataset.directory / name)
        resources.append({
            "name": name.replace(".", "-"),
            "path": name,
            "description": description,
            "format": "json",
            "mediatype": "application/json",
            "encoding": "utf-8",
            "bytes": size,
            "hash": f"sha256:{sha256}",
        })  # fmt: skip
    package = {
        "profile": "data-package",
        "name": "political-prisoner-registry",
        "title": title,
        "description": "People the registry may name, pardon decrees, facilities, articles and sources, with the "
        "site's statistics. See README.md for who is and is not in it.",
        "created": dataset.exported_at.isoformat(timespec="seconds"),
        "licenses": [{"title": settings.DATA_LICENCE, "path": settings.DATA_LICENCE_URL}],
        "resources": resources,
    }
    if version:
        package["version"] = version
    return package


def field(column: Column) -> dict:
    descriptor = {"name": column.name, "type": column.type, "description": column.description}
    if column.constraints:
        descriptor["constraints"] = dict(column.constraints)
    if column.type == "boolean":
        descriptor |= {"trueValues": ["True"], "falseValues": ["False"]}
    return descriptor


def readme(dataset: Dataset, *, title: str, version: str) -> str:
    lines = [
        f"# {title}",
        "",
        *([f"Release {version}.", ""] if version else []),
        f"Exported {dataset.exported_at.isoformat(timespec='seconds')} from one consistent database snapshot.",
        "",
        "Who is in it: people the registry may name. People whose names are withheld (at their families' "
        "request) are counted in `statistics.json` and in decrees' `identified_count` / `names_withheld`, never "
        f"listed (its counts by status, region, sex and article, of releases and deaths by reason or by month and "
        f"reason, and of people held without contact or over 60 take them only in a row or cell holding none or "
        f"at least {settings.STATISTICS_MIN_ANONYMOUS}). Records not yet verified (one source so far) are "
        "included, marked "
        "`verification` `reported`; withdrawn records (people since made anonymous or private) are not included "
        "anywhere.",
        "",
        "Dates known only to the year or month are written as `2021` or `2021-05`, never with an invented day; "
        "JSON has a `*_precision` field beside each such date. Files are UTF-8. Each list is a CSV (flat columns, "
        "below) and a JSON array (the full records, as in the API at /api/v1/). Ids are stable and the same as in "
        "the API. Records with `is_synthetic` true are fictitious demo data.",
        "",
        "`statistics.json` holds the site's headline numbers (`headline`, as of the export), announced vs "
        "identified per decree, releases per month and reason, and counts by status, region, sex and article.",
        "",
        "`datapackage.json` describes every file and column (types, formats, enumerations, keys, sizes and "
        "SHA-256 checksums) as a Frictionless Data Package: `frictionless validate datapackage.json` checks them.",
        "",
        f"Licence: {settings.DATA_LICENCE} ({settings.DATA_LICENCE_URL}). Credit the registry and say when you "
        "took the data (the export time above); a person's record can change or be withdrawn after it.",
        "",
    ]
    for table in tables():
        lines += [
            f"## {table.name}.csv / {table.name}.json — {dataset.counts[table.name]} rows, each {table.row}",
            "",
            "| column | type | meaning |",
            "| --- | --- | --- |",
        ]
        lines += [f"| `{column.name}` | {column.type} | {column.description} |" for column in table.columns]
        lines.append("")
    return "\n".join(lines)
