"""The stored status always says what the custody records say, whichever workflow changed them."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from registry import services
from registry.models import Custody, Status
from tests.factories import CustodyFactory, FacilityFactory, PrisonerFactory

pytestmark = pytest.mark.django_db


def test_a_person_without_custody_records_has_status_unknown():
    prisoner = PrisonerFactory()
    assert prisoner.derive_status() == Status.UNKNOWN


def test_recording_a_detention_puts_the_person_in_custody():
    prisoner = PrisonerFactory()
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2021, 5, 1), precision="month")
    prisoner.refresh_from_db()
    assert prisoner.status == Status.IN_CUSTODY


def test_house_arrest_is_restricted_freedom_not_custody():
    prisoner = PrisonerFactory()
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2021, 5, 1), kind="house_arrest")
    prisoner.refresh_from_db()
    assert prisoner.status == Status.RESTRICTED


def test_a_release_updates_the_status_in_the_same_transaction():
    custody = CustodyFactory()
    services.release(prisoner=custody.prisoner, released_on=dt.date(2023, 2, 3), reason="served")
    custody.prisoner.refresh_from_db()
    assert custody.prisoner.status == Status.RELEASED


def test_a_death_in_custody_is_recorded_as_such():
    custody = CustodyFactory()
    services.record_death(prisoner=custody.prisoner, died_on=dt.date(2023, 2, 3))
    custody.refresh_from_db()
    custody.prisoner.refresh_from_db()
    assert custody.release_reason == "died"
    assert custody.prisoner.status == Status.DIED


def test_a_person_who_died_in_custody_cannot_be_detained_again_and_nothing_changes():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    services.record_death(prisoner=custody.prisoner, died_on=dt.date(2023, 2, 3))

    with pytest.raises(ValidationError, match="no period can begin on or after it"):
        services.record_detention(prisoner=custody.prisoner, detained_on=dt.date(2024, 1, 1))

    custody.prisoner.refresh_from_db()
    assert custody.prisoner.custody_periods.count() == 1
    assert custody.prisoner.status == Status.DIED


def test_undoing_a_release_puts_the_person_back_in_custody_exactly():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    services.release(prisoner=custody.prisoner, released_on=dt.date(2023, 2, 3), reason="parole")
    services.reopen_custody(custody=custody)
    custody.refresh_from_db()
    custody.prisoner.refresh_from_db()
    assert (custody.released_on, custody.release_reason) == (None, "")
    assert custody.prisoner.status == Status.IN_CUSTODY


def test_a_person_with_no_open_custody_cannot_be_released_and_nothing_changes():
    prisoner = PrisonerFactory()
    with pytest.raises(ValidationError) as error:
        services.release(prisoner=prisoner, released_on=dt.date(2023, 1, 1), reason="served")
    assert "no open custody" in str(error.value)
    assert not Custody.objects.filter(prisoner=prisoner).exists()


def test_a_release_before_the_detention_is_a_clear_error():
    custody = CustodyFactory(detained_on=dt.date(2022, 5, 1))
    with pytest.raises(ValidationError) as error:
        services.release(prisoner=custody.prisoner, released_on=dt.date(2022, 1, 1), reason="served")
    assert "released_on" in error.value.message_dict
    custody.refresh_from_db()
    assert custody.released_on is None


def test_a_second_detention_while_held_is_refused():
    custody = CustodyFactory()
    with pytest.raises(ValidationError):
        services.record_detention(prisoner=custody.prisoner, detained_on=dt.date(2024, 1, 1))


def test_a_transfer_ends_the_current_placement_and_starts_a_new_one():
    prisoner = PrisonerFactory()
    first, second = FacilityFactory(), FacilityFactory()
    custody = services.record_detention(prisoner=prisoner, detained_on=dt.date(2021, 5, 14), facility=first)
    services.transfer(prisoner=prisoner, facility=second, on=dt.date(2022, 1, 10))
    placements = list(custody.placements.order_by("arrived_on"))
    assert [p.facility for p in placements] == [first, second]
    assert placements[0].left_on == dt.date(2022, 1, 10)
    assert placements[1].left_on is None


def test_status_after_several_periods_follows_the_latest_one():
    prisoner = PrisonerFactory()
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2020, 8, 10))
    services.release(prisoner=prisoner, released_on=dt.date(2020, 8, 25), reason="served")
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2021, 3, 1))
    prisoner.refresh_from_db()
    assert prisoner.status == Status.IN_CUSTODY
