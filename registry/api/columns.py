"""The flat (CSV) columns of each public list: one definition for the API's CSV downloads and the
`export_dataset` command, whose README is written from the descriptions here.

Each column is (name, description, getter). Getters read only what the views prefetch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, NamedTuple

from django.http import StreamingHttpResponse

from registry import csv_safe
from registry.dates import format_partial_iso
from registry.models import Prisoner
from registry.models.custody import FacilityKind, ReleaseReason
from registry.models.people import Sex, Status, Verification


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


PARTIAL_DATE = {"pattern": r"\d{4}(-\d{2}(-\d{2})?)?"}  # YYYY, YYYY-MM or YYYY-MM-DD: never an invented day


class Column(NamedTuple):
    """One CSV column: its name, what it means, how to read it from a row, and its Frictionless Table Schema
    type and constraints (the data package is generated from these)."""

    name: str
    description: str
    get: Callable[[Any], Any]
    type: str = "string"
    constraints: Mapping[str, Any] | None = None


def choices(values: Iterable[str]) -> dict:
    """An enumeration constraint from a model's choices; an empty cell means unknown, not a value."""
    return {"enum": [value for value in values if value]}


def csv_values(row: Any, columns: list[Column]) -> list:
    """One CSV line's values; unknown is an empty cell."""
    return ["" if (value := column.get(row)) is None else value for column in columns]


def csv_rows(rows: Iterable[Any], columns: list[Column], *, bom: bool = False) -> Iterator[str]:
    writer = csv_safe.Writer(_Echo())
    yield (csv_safe.BOM if bom else "") + writer.writerow([column.name for column in columns])
    for row in rows:
        yield writer.writerow(csv_values(row, columns))


def stream_csv(
    rows: Iterable[Any], columns: list[Column], filename: str, *, bom: bool = False
) -> StreamingHttpResponse:
    """A CSV download written row by row as the database cursor advances (UTF-8, header row first; with a
    byte-order mark for Excel when `bom`)."""
    response = StreamingHttpResponse(csv_rows(rows, columns, bom=bom), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _partial(field: str):
    return lambda obj: format_partial_iso(getattr(obj, field), getattr(obj, f"{field}_precision")) or None


def _of_latest(getter):
    def get(prisoner: Prisoner):
        custody = prisoner.latest_custody()
        return getter(custody) if custody is not None else None

    return get


def _name(language: str):
    def get(prisoner: Prisoner) -> str:
        return next((n.full_name for n in prisoner.names.all() if n.language == language and n.kind == "primary"), "")

    return get


def _facility_now(prisoner: Prisoner) -> str:
    placement = prisoner.current_placement()
    return placement.facility.name_en if placement else ""


def _longest_sentence(prisoner: Prisoner) -> str | int | None:
    convictions = list(prisoner.convictions.all())
    if any(c.life_sentence for c in convictions):
        return "life"
    months = [c.sentence_months for c in convictions if c.sentence_months]
    return max(months) if months else None


PRISONER_COLUMNS: list[Column] = [
    Column("id", "Stable identifier; the same as in /api/v1/prisoners/{id}/.", lambda p: p.pk, "integer"),
    Column("display_name", "Name as usually written in English.", lambda p: p.display_name),
    Column("name_be", "Primary name in Belarusian (Cyrillic), if recorded.", _name("be")),
    Column("name_ru", "Primary name in Russian (Cyrillic), if recorded.", _name("ru")),
    Column("sex", "female, male, or empty when not recorded.", lambda p: p.sex, constraints=choices(Sex.values)),
    Column(
        "birth_date",
        "Birth date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.",
        _partial("birth_date"),
        constraints=PARTIAL_DATE,
    ),
    Column("region", "Region slug (see regions in the JSON export).", lambda p: p.region.slug if p.region else ""),
    Column("occupation", "Occupation.", lambda p: p.occupation),
    Column(
        "status",
        "in_custody, restricted, released, died or unknown (derived from custody).",
        lambda p: p.status,
        constraints={"required": True, **choices(Status.values)},
    ),
    Column(
        "recognised_on",
        "Recognised as a political prisoner on (partial date).",
        _partial("recognised_on"),
        constraints=PARTIAL_DATE,
    ),
    Column("recognised_by", "Who recognised the person as a political prisoner.", lambda p: p.recognised_by),
    Column(
        "verification",
        "reported (one source so far, not yet verified), verified (two independent sources) or recognised.",
        lambda p: p.verification,
        constraints={"required": True, **choices(Verification.values)},
    ),
    Column(
        "detained_on",
        "Start of the latest custody period (partial date).",
        _of_latest(_partial("detained_on")),
        constraints=PARTIAL_DATE,
    ),
    Column(
        "released_on",
        "End of the latest custody period (partial date); empty while held.",
        _of_latest(_partial("released_on")),
        constraints=PARTIAL_DATE,
    ),
    Column(
        "release_reason",
        "Why the latest custody period ended (pardon, served, died, …).",
        _of_latest(lambda c: c.release_reason),
        constraints=choices(ReleaseReason.values),
    ),
    Column("facility_now", "Facility where the person is held now (English name).", _facility_now),
    Column(
        "articles",
        "Criminal code articles of all convictions, e.g. 'CC BY art. 342 part 1', separated by '; '.",
        lambda p: "; ".join(p.charge_labels()),
    ),
    Column(
        "longest_sentence_months",
        "Longest sentence in months, or 'life'.",
        _longest_sentence,
        constraints={"pattern": r"\d+|life"},
    ),
    Column(
        "pardon_decrees",
        "Ids of decrees that pardoned the person, separated by '; '.",
        lambda p: "; ".join(str(x.decree_id) for x in p.pardons.all()),
        constraints={"pattern": r"\d+(; \d+)*"},
    ),
    Column("is_synthetic", "True for fictitious demo records.", lambda p: p.is_synthetic, "boolean"),
    Column("updated_at", "When the record last changed (ISO 8601).", lambda p: p.updated_at.isoformat(), "datetime"),
]

FACILITY_COLUMNS: list[Column] = [
    Column("id", "Stable identifier.", lambda f: f.pk, "integer"),
    Column(
        "kind",
        "temporary, sizo, colony, prison, settlement, open, medical or other.",
        lambda f: f.kind,
        constraints=choices(FacilityKind.values),
    ),
    Column("number", "Facility number, e.g. '9'.", lambda f: f.number),
    Column("name_en", "Name in English.", lambda f: f.name_en),
    Column("name_be", "Name in Belarusian.", lambda f: f.name_be),
    Column("name_ru", "Name in Russian.", lambda f: f.name_ru),
    Column("city", "City.", lambda f: f.city),
    Column("region", "Region slug.", lambda f: f.region.slug if f.region else ""),
    Column("postal_address", "Address for letters.", lambda f: f.postal_address),
    Column("latitude", "Latitude (WGS 84).", lambda f: f.latitude, "number"),
    Column("longitude", "Longitude (WGS 84).", lambda f: f.longitude, "number"),
    Column(
        "held_count",
        "People held there now: named, and anonymous when none or at least STATISTICS_MIN_ANONYMOUS are.",
        lambda f: f.held_count,
        "integer",
        {"minimum": 0},
    ),
    Column("is_synthetic", "True for fictitious demo records.", lambda f: f.is_synthetic, "boolean"),
]

ARTICLE_COLUMNS: list[Column] = [
    Column("id", "Stable identifier.", lambda a: a.pk, "integer"),
    Column("code", "Criminal code short name, e.g. 'CC BY'.", lambda a: a.code.short_name),
    Column(
        "country", "ISO 3166-1 alpha-2 country code.", lambda a: a.code.country, constraints={"pattern": "[A-Z]{2}"}
    ),
    Column("number", "Article number, e.g. '342' or '361-1'.", lambda a: a.number),
    Column("title_en", "Title in English.", lambda a: a.title_en),
    Column("title_be", "Title in Belarusian.", lambda a: a.title_be),
    Column("title_ru", "Title in Russian.", lambda a: a.title_ru),
    Column(
        "is_extremism_related",
        "Counted as an 'extremist' crime by the authorities.",
        lambda a: a.is_extremism_related,
        "boolean",
    ),
]

SOURCE_COLUMNS: list[Column] = [
    Column("id", "Stable identifier; record JSON cites sources by this id.", lambda s: s.pk, "integer"),
    Column("title", "Title of the publication.", lambda s: s.title),
    Column("url", "Where it can be read.", lambda s: s.url, constraints={"pattern": "https?://.+"}),
    Column("publisher", "Publisher.", lambda s: s.publisher),
    Column("published_on", "Publication date (YYYY-MM-DD).", lambda s: s.published_on, "date"),
    Column("archived_url", "Copy in a web archive.", lambda s: s.archived_url),
    Column("is_synthetic", "True for fictitious demo records.", lambda s: s.is_synthetic, "boolean"),
]
