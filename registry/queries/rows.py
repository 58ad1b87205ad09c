"""What a row of a prisoner list shows besides the person: their names, and where they are held now.

For a whole page in one prepared statement (registry.queries.graphs) instead of three prefetch queries.
The site's lists, the home page's latest changes and a facility's preview read it.
"""

from __future__ import annotations

from registry.models import Custody, Facility, Placement, Prisoner, PrisonerName
from registry.queries.graphs import EACH, PreparedGraph, by_id, children, grouped, instances, set_related


def _parts() -> dict:
    current = Placement.objects.current().filter(custody__prisoner_id__in=EACH)
    return {
        "names": PrisonerName.objects.filter(prisoner_id__in=EACH),
        "custody": Custody.objects.open().filter(prisoner_id__in=EACH),
        "placements": current,
        "facilities": Facility.objects.filter(pk__in=current.values("facility_id")),
    }


ROWS = PreparedGraph("registry_list_rows", "bigint[]", _parts)


def load_list_relations(people: list[Prisoner]) -> list[Prisoner]:
    """`people` (loaded with their region: select_related) with what their rows show: `names`, their
    `open_custody` periods, and in each the placements where they are held now (`current`, with the
    facility). One query (PreparedGraph.fetch), none for an empty list."""
    if not people:
        return people
    using = people[0]._state.db
    found = ROWS.fetch([person.pk for person in people], using)
    children(people, "names", instances(PrisonerName, found["names"], using), "prisoner_id", "prisoner")
    custody = instances(Custody, found["custody"], using)
    facilities = by_id(Facility, found["facilities"], using)
    placements = instances(Placement, found["placements"], using)
    for placement in placements:
        set_related(placement, "facility", facilities[placement.facility_id])
    for person, periods in zip(people, grouped(people, custody, "prisoner_id"), strict=True):
        person.open_custody = periods
        for period in periods:
            set_related(period, "prisoner", person)
    for period, current in zip(custody, grouped(custody, placements, "custody_id"), strict=True):
        period.current = current
        for placement in current:
            set_related(placement, "custody", period)
    return people
