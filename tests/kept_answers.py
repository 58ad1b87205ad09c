"""Five fictitious people and writes of every kind that a kept answer must notice, or survive: the API's kept list
pages (tests/registry/api/test_prisoner_list_after_writes.py) and the site list's kept rows and filters
(tests/registry/site/test_prisoner_list_after_writes.py) are each compared, after every write, with an answer
computed with the caches off."""

from __future__ import annotations

import datetime as dt

from registry import services
from registry.models import Facility, Prisoner, Region
from tests.factories import CustodyFactory, EventFactory, PlacementFactory, PrisonerFactory, RegionFactory


def people() -> dict[str, Prisoner]:
    """Testavy Adam … Ema in one region (named in English and Belarusian); Bela held in a facility."""
    region = RegionFactory(name_en="Fictional Region", name_be="Выдуманая вобласць")
    named = {}
    for name in ("Testavy Adam", "Testavy Bela", "Testavy Cira", "Testavy Dora", "Testavy Ema"):
        named[name.split()[1]] = PrisonerFactory(display_name=name, region=region)
    custody = CustodyFactory(prisoner=named["Bela"], detained_on=dt.date(2022, 3, 1))
    PlacementFactory(custody=custody)
    return named


WRITES = {
    "an event about someone on the first page": lambda p: EventFactory(prisoner=p["Adam"]),
    "an event about someone on no page asked": lambda p: EventFactory(prisoner=p["Ema"]),
    "a rename on the first page": lambda p: Prisoner.objects.filter(pk=p["Adam"].pk).update(
        display_name="Testavy Abel"
    ),
    "a rename that moves someone onto the first page": lambda p: Prisoner.objects.filter(pk=p["Ema"].pk).update(
        display_name="Testavy Aaron"
    ),
    "a new person who sorts first": lambda p: PrisonerFactory(display_name="Testavy Aa"),
    "someone on the first page hidden": lambda p: Prisoner.objects.filter(pk=p["Bela"].pk).update(visibility="private"),
    "someone on the first page made anonymous": lambda p: Prisoner.objects.filter(pk=p["Adam"].pk).update(
        visibility="anonymous"
    ),
    "the one after the second page hidden": lambda p: Prisoner.objects.filter(pk=p["Ema"].pk).update(
        visibility="anonymous"
    ),
    "someone deleted": lambda p: Prisoner.objects.filter(pk=p["Cira"].pk).delete(),
    "a release (status)": lambda p: services.release(
        prisoner=p["Bela"], released_on=dt.date(2024, 1, 2), reason="served"
    ),
    "a facility renamed (shared by every page)": lambda p: Facility.objects.update(name_en="Renamed Fictional Colony"),
    "a region renamed (shared by every page)": lambda p: Region.objects.update(
        name_en="Renamed Fictional Region", name_be="Перайменаваная вобласць"
    ),
    "a new region (a choice of the list's filters)": lambda p: RegionFactory(
        name_en="Another Fictional Region", name_be="Іншая выдуманая вобласць"
    ),
    "someone's sex recorded (a count of the list's filters)": lambda p: Prisoner.objects.filter(pk=p["Cira"].pk).update(
        sex="female"
    ),
}
