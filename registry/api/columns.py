"""The flat (CSV) columns of each public list: one definition for the API's CSV downloads and the
`export_dataset` command, whose README is written from the descriptions here.

Each column is (name, description, getter). Getters read only what the views prefetch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.http import StreamingHttpResponse

from registry import csv_safe
from registry.dates import format_partial_iso
from registry.models import Prisoner


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


Column = tuple[str, str, Callable[[Any], Any]]


def csv_values(row: Any, columns: list[Column]) -> list:
    """One CSV line's values; unknown is an empty cell."""
    return ["" if (value := get(row)) is None else value for _name, _description, get in columns]


def csv_rows(rows: Iterable[Any], columns: list[Column], *, bom: bool = False) -> Iterator[str]:
    writer = csv_safe.Writer(_Echo())
    yield (csv_safe.BOM if bom else "") + writer.writerow([name for name, _description, _get in columns])
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
    ("id", "Stable identifier; the same as in /api/v1/prisoners/{id}/.", lambda p: p.pk),
    ("display_name", "Name as usually written in English.", lambda p: p.display_name),
    ("name_be", "Primary name in Belarusian (Cyrillic), if recorded.", _name("be")),
    ("name_ru", "Primary name in Russian (Cyrillic), if recorded.", _name("ru")),
    ("sex", "female, male, or empty when not recorded.", lambda p: p.sex),
    ("birth_date", "Birth date as precise as known: YYYY, YYYY-MM or YYYY-MM-DD.", _partial("birth_date")),
    ("region", "Region slug (see regions in the JSON export).", lambda p: p.region.slug if p.region else ""),
    ("occupation", "Occupation.", lambda p: p.occupation),
    ("status", "in_custody, restricted, released, died or unknown (derived from custody).", lambda p: p.status),
    ("recognised_on", "Recognised as a political prisoner on (partial date).", _partial("recognised_on")),
    ("recognised_by", "Who recognised the person as a political prisoner.", lambda p: p.recognised_by),
    ("detained_on", "Start of the latest custody period (partial date).", _of_latest(_partial("detained_on"))),
    (
        "released_on",
        "End of the latest custody period (partial date); empty while held.",
        _of_latest(_partial("released_on")),
    ),
    (
        "release_reason",
        "Why the latest custody period ended (pardon, served, died, …).",
        _of_latest(lambda c: c.release_reason),
    ),
    ("facility_now", "Facility where the person is held now (English name).", _facility_now),
    (
        "articles",
        "Criminal code articles of all convictions, e.g. 'CC BY art. 342 part 1', separated by '; '.",
        lambda p: "; ".join(p.charge_labels()),
    ),
    ("longest_sentence_months", "Longest sentence in months, or 'life'.", _longest_sentence),
    (
        "pardon_decrees",
        "Ids of decrees that pardoned the person, separated by '; '.",
        lambda p: "; ".join(str(x.decree_id) for x in p.pardons.all()),
    ),
    ("is_synthetic", "True for fictitious demo records.", lambda p: p.is_synthetic),
    ("updated_at", "When the record last changed (ISO 8601).", lambda p: p.updated_at.isoformat()),
]

FACILITY_COLUMNS: list[Column] = [
    ("id", "Stable identifier.", lambda f: f.pk),
    ("kind", "temporary, sizo, colony, prison, settlement, open, medical or other.", lambda f: f.kind),
    ("number", "Facility number, e.g. '9'.", lambda f: f.number),
    ("name_en", "Name in English.", lambda f: f.name_en),
    ("name_be", "Name in Belarusian.", lambda f: f.name_be),
    ("name_ru", "Name in Russian.", lambda f: f.name_ru),
    ("city", "City.", lambda f: f.city),
    ("region", "Region slug.", lambda f: f.region.slug if f.region else ""),
    ("postal_address", "Address for letters.", lambda f: f.postal_address),
    ("latitude", "Latitude (WGS 84).", lambda f: f.latitude),
    ("longitude", "Longitude (WGS 84).", lambda f: f.longitude),
    ("held_count", "People counted publicly (named or anonymous) held there now.", lambda f: f.held_count),
    ("is_synthetic", "True for fictitious demo records.", lambda f: f.is_synthetic),
]

ARTICLE_COLUMNS: list[Column] = [
    ("id", "Stable identifier.", lambda a: a.pk),
    ("code", "Criminal code short name, e.g. 'CC BY'.", lambda a: a.code.short_name),
    ("country", "ISO 3166-1 alpha-2 country code.", lambda a: a.code.country),
    ("number", "Article number, e.g. '342' or '361-1'.", lambda a: a.number),
    ("title_en", "Title in English.", lambda a: a.title_en),
    ("title_be", "Title in Belarusian.", lambda a: a.title_be),
    ("title_ru", "Title in Russian.", lambda a: a.title_ru),
    ("is_extremism_related", "Counted as an 'extremist' crime by the authorities.", lambda a: a.is_extremism_related),
]

SOURCE_COLUMNS: list[Column] = [
    ("id", "Stable identifier; record JSON cites sources by this id.", lambda s: s.pk),
    ("title", "Title of the publication.", lambda s: s.title),
    ("url", "Where it can be read.", lambda s: s.url),
    ("publisher", "Publisher.", lambda s: s.publisher),
    ("published_on", "Publication date (YYYY-MM-DD).", lambda s: s.published_on),
    ("archived_url", "Copy in a web archive.", lambda s: s.archived_url),
    ("is_synthetic", "True for fictitious demo records.", lambda s: s.is_synthetic),
]
