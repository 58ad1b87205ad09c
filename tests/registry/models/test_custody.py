"""Where a person is held now: one rule, asked in SQL (Placement.objects.current) and over prefetched rows."""

import datetime as dt

import pytest

from registry import services
from registry.models import Placement, Prisoner
from tests.factories import CustodyFactory, FacilityFactory, PlacementFactory

pytestmark = pytest.mark.django_db


def held_now_everywhere(prisoner: Prisoner, facility) -> tuple:
    """The answer of each way the code asks 'held there now?'."""
    loaded = Prisoner.objects.prefetch_related("custody_periods__placements").get(pk=prisoner.pk)
    placement = loaded.current_placement()
    return (
        Placement.objects.current().filter(custody__prisoner=prisoner, facility=facility).exists(),
        Prisoner.objects.held_in(facility).filter(pk=prisoner.pk).exists(),
        placement is not None and placement.facility_id == facility.pk,
    )


def test_a_person_in_an_open_custody_period_is_held_in_their_current_placement():
    placement = PlacementFactory(custody=CustodyFactory(detained_on=dt.date(2021, 5, 14)))

    assert held_now_everywhere(placement.custody.prisoner, placement.facility) == (True, True, True)


def test_a_released_person_is_held_nowhere_though_their_last_placement_was_never_closed():
    placement = PlacementFactory(custody=CustodyFactory(detained_on=dt.date(2021, 5, 14)))
    prisoner = placement.custody.prisoner
    services.release(prisoner=prisoner, released_on=dt.date(2024, 9, 16), reason="pardon")

    assert held_now_everywhere(prisoner, placement.facility) == (False, False, False)
    assert placement.custody.latest_placement() == placement  # what the staff CSV still names


def test_after_a_transfer_only_the_new_facility_holds_the_person():
    placement = PlacementFactory(custody=CustodyFactory(detained_on=dt.date(2021, 5, 14)), arrived_on=None)
    prisoner, first, second = placement.custody.prisoner, placement.facility, FacilityFactory()
    services.transfer(prisoner=prisoner, facility=second, on=dt.date(2022, 1, 10))

    assert held_now_everywhere(prisoner, first) == (False, False, False)
    assert held_now_everywhere(prisoner, second) == (True, True, True)
