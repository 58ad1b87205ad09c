"""What a row of a prisoner list shows: the name in the reader's language, status, region, and for each open
custody period when it began and where the person is held now.

For a page of people in one prepared statement (registry.queries.graphs), as plain values rather than model
instances: a page of fifty built ~260 instances and wired their relations, and its template asked each for its
labels, most of a deep list page's time. The rules stay the models': which periods are open and where someone
is held now are the statement's querysets (`CustodyQuerySet.open`, `PlacementQuerySet.current`), and the
name, place names and dates are written by the functions the models use (`name_in_language`,
`LocalizedNameMixin`, `format_partial`). The site's lists, the home page's latest changes and a facility's
preview show them (includes/prisoner_rows.html).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import get_language

from registry.dates import format_partial
from registry.models import Custody, Facility, Placement, Prisoner, PrisonerName, Region
from registry.models.base import LocalizedNameMixin
from registry.models.people import Verification, name_in_language
from registry.queries.graphs import EACH, PreparedGraph


@dataclass(frozen=True, slots=True)
class HeldNow:
    """An open custody period: when it began, as precisely as known ("" unknown), and the facilities the person
    is held in now (usually one; none while not known)."""

    detained: str
    facilities: list[str]


@dataclass(frozen=True, slots=True)
class ListRow:
    pk: int
    name: str
    status: str
    status_label: str
    unverified: bool
    region: str
    held: list[HeldNow]


class _Place(LocalizedNameMixin):
    """A region's or a facility's names, shown as the model shows them (`localized`)."""

    __slots__ = ("name_be", "name_en", "name_ru")

    def __init__(self, row: dict) -> None:
        self.name_en, self.name_be, self.name_ru = row["name_en"], row["name_be"], row["name_ru"]


def _place_names(queryset: QuerySet) -> QuerySet:
    return queryset.values("id", "name_en", "name_be", "name_ru")


def _parts() -> dict[str, QuerySet]:
    current = Placement.objects.current().filter(custody__prisoner_id__in=EACH)
    custody = Custody.objects.open().filter(prisoner_id__in=EACH)
    names = PrisonerName.objects.filter(prisoner_id__in=EACH)
    return {
        "regions": _place_names(Region.objects.filter(pk__in=Prisoner.objects.filter(pk__in=EACH).values("region_id"))),
        "names": names.values("prisoner_id", "language", "kind", "full_name"),
        "custody": custody.values("id", "prisoner_id", "detained_on", "detained_on_precision"),
        "placements": current.values("custody_id", "facility_id"),
        "facilities": _place_names(Facility.objects.filter(pk__in=current.values("facility_id"))),
    }


ROWS = PreparedGraph("registry_list_rows", "bigint[]", _parts)


def list_rows(people: list[Prisoner]) -> list[ListRow]:
    """The rows of `people` (visibility-checked instances with their own columns loaded), in their order, in the
    active language. One query (PreparedGraph.fetch), none for an empty list."""
    if not people:
        return []
    found = ROWS.fetch([person.pk for person in people], people[0]._state.db)
    language = get_language()
    regions = {row["id"]: _Place(row).localized(language) for row in found["regions"]}
    facilities = {row["id"]: _Place(row).localized(language) for row in found["facilities"]}
    names: dict[int, list[tuple[str, str, str]]] = {}
    for row in found["names"]:
        names.setdefault(row["prisoner_id"], []).append((row["language"], row["kind"], row["full_name"]))
    held_in: dict[int, list[str]] = {}
    for row in found["placements"]:
        held_in.setdefault(row["custody_id"], []).append(facilities[row["facility_id"]])
    held: dict[int, list[HeldNow]] = {}
    for row in found["custody"]:
        detained = dt.date.fromisoformat(row["detained_on"]) if row["detained_on"] else None
        period = HeldNow(format_partial(detained, row["detained_on_precision"]), held_in.get(row["id"], []))
        held.setdefault(row["prisoner_id"], []).append(period)
    return [
        ListRow(
            pk=person.pk,
            name=name_in_language(names.get(person.pk, ()), person.display_name, language),
            status=person.status,
            status_label=person.status_label(),
            unverified=person.verification == Verification.REPORTED,
            region=regions.get(person.region_id, ""),
            held=held.get(person.pk, []),
        )
        for person in people
    ]
