"""What a row of a prisoner list shows besides the person: their names, and where they are held now.

For a whole page in one prepared statement (registry.queries.graphs) instead of three prefetch queries.
The site's lists, the home page's latest changes and a facility's preview read it.
"""

from __future__ import annotations

from registry.models import Custody, Facility, Placement, Prisoner, PrisonerName, Region
from registry.queries.graphs import EACH, PreparedGraph, by_id, children, instances, set_related


def _parts() -> dict:
    current = Placement.objects.current().filter(custody__prisoner_id__in=EACH)
    return {
        "regions": Region.objects.filter(pk__in=Prisoner.objects.filter(pk__in=EACH).values("region_id")),
        "names": PrisonerName.objects.filter(prisoner_id__in=EACH),
        "custody": Custody.objects.open().filter(prisoner_id__in=EACH),
        "placements": current,
        "facilities": Facility.objects.filter(pk__in=current.values("facility_id")),
    }


ROWS = PreparedGraph("registry_list_rows", "bigint[]", _parts)


def load_list_relations(people: list[Prisoner]) -> list[Prisoner]:
    """`people` with what their rows show: their `region`, `names`, their `open_custody` periods, and in each
    the placements where they are held now (`current`, with the facility). One query (PreparedGraph.fetch),
    none for an empty list."""
    if not people:
        return people
    using = people[0]._state.db
    found = ROWS.fetch([person.pk for person in people], using)
    regions = by_id(Region, found["regions"], using)
    for person in people:
        set_related(person, "region", regions.get(person.region_id))
    children(people, "names", instances(PrisonerName, found["names"], using), "prisoner_id", "prisoner")
    custody = instances(Custody, found["custody"], using)
    facilities = by_id(Facility, found["facilities"], using)
    placements = instances(Placement, found["placements"], using)
    for placement in placements:
        set_related(placement, "facility", facilities[placement.facility_id])
    children(people, "open_custody", custody, "prisoner_id", "prisoner", to_attr=True)
    children(custody, "current", placements, "custody_id", "custody", to_attr=True)
    return people
