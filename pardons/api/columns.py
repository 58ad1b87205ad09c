"""The flat (CSV) columns of the decree and pardon lists, for the API's downloads and `export_dataset`."""

from __future__ import annotations

from pardons.models import Confirmation, DecreeKind
from registry.api.columns import PARTIAL_DATE, Column, choices
from registry.dates import format_partial_iso


def _partial(field: str):
    return lambda obj: format_partial_iso(getattr(obj, field), getattr(obj, f"{field}_precision")) or None


def _breakdown(decree) -> str:
    return "; ".join(f"{item.category}={item.count}" for item in decree.breakdown.all())


DECREE_COLUMNS: list[Column] = [
    Column("id", "Stable identifier; the same as in /api/v1/decrees/{id}/.", lambda d: d.pk, "integer"),
    Column(
        "kind", "pardon or amnesty.", lambda d: d.kind, constraints={"required": True, **choices(DecreeKind.values)}
    ),
    Column("title", "Short description.", lambda d: d.title),
    Column(
        "announced_on",
        "Announcement date as precise as known (YYYY, YYYY-MM, YYYY-MM-DD).",
        _partial("announced_on"),
        constraints={"required": True, **PARTIAL_DATE},
    ),
    Column("signed_on", "Signing date, if known (partial date).", _partial("signed_on"), constraints=PARTIAL_DATE),
    Column("decree_number", "Decree number, if published.", lambda d: d.decree_number),
    Column("issuing_authority", "Who issued it.", lambda d: d.issuing_authority),
    Column(
        "announced_total",
        "People the announcement said were pardoned; empty if not said.",
        lambda d: d.announced_total,
        "integer",
        {"minimum": 0},
    ),
    Column(
        "breakdown",
        "Announced breakdown, 'category=count' separated by '; '.",
        _breakdown,
        constraints={"pattern": r"[a-z_0-9]+=\d+(; [a-z_0-9]+=\d+)*"},
    ),
    Column("names_disclosed", "Whether the authorities published the names.", lambda d: d.names_disclosed, "boolean"),
    Column(
        "series",
        "Series name (e.g. 'Pardons since summer 2024').",
        lambda d: d.series.name_en if d.series else "",
    ),
    Column(
        "series_ordinal",
        "Place in the series by announcement date (computed).",
        lambda d: d.series_ordinal,
        "integer",
        {"minimum": 1},
    ),
    Column(
        "reported_series_ordinal",
        "Place in the series as a source reported it.",
        lambda d: d.reported_series_ordinal,
        "integer",
        {"minimum": 1},
    ),
    Column(
        "identified_count",
        "People identified by the registry (named or not).",
        lambda d: d.identified_count,
        "integer",
        {"minimum": 0},
    ),
    Column(
        "names_withheld",
        "Identified people who may not be named.",
        lambda d: d.identification().withheld,
        "integer",
        {"minimum": 0},
    ),
    Column("is_synthetic", "True for fictitious demo records.", lambda d: d.is_synthetic, "boolean"),
]

PARDON_COLUMNS: list[Column] = [
    Column("id", "Stable identifier.", lambda p: p.pk, "integer"),
    Column("decree", "Decree id.", lambda p: p.decree_id, "integer", {"required": True}),
    Column("prisoner", "Prisoner id (named people only).", lambda p: p.prisoner_id, "integer", {"required": True}),
    Column("display_name", "The person's name.", lambda p: p.prisoner.display_name),
    Column(
        "released_on",
        "Actual release date as precise as known.",
        _partial("released_on"),
        constraints=PARTIAL_DATE,
    ),
    Column(
        "confirmation",
        "confirmed or reported.",
        lambda p: p.confirmation,
        constraints={"required": True, **choices(Confirmation.values)},
    ),
]
