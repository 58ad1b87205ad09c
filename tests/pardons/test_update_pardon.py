"""Editing a recorded pardon: confirming it ends the custody through the one workflow; a pardon that has
ended a custody period keeps its date and confirmation."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pardons import services
from registry.models import Status
from tests.factories import CustodyFactory, PardonDecreeFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reported():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    return services.record_pardon(
        sources=[SourceFactory()],
        decree=PardonDecreeFactory(announced_on=dt.date(2024, 9, 16)),
        prisoner=custody.prisoner,
        confirmation="reported",
    )


def test_confirming_a_reported_pardon_ends_the_custody_on_its_release_date(reported):
    pardon = services.update_pardon(
        pardon=reported, released_on=dt.date(2024, 9, 17), confirmation="confirmed", notes="Seen at home."
    )

    custody = pardon.closed_custody
    assert (custody.released_on, custody.release_reason) == (dt.date(2024, 9, 17), "pardon")
    assert (pardon.confirmation, pardon.notes) == ("confirmed", "Seen at home.")
    pardon.prisoner.refresh_from_db()
    assert pardon.prisoner.status == Status.RELEASED


def test_editing_notes_and_sources_of_a_reported_pardon_changes_no_custody(reported):
    source = SourceFactory()

    pardon = services.update_pardon(
        pardon=reported, released_on=None, confirmation="reported", notes="Unconfirmed report.", sources=[source]
    )

    assert (pardon.closed_custody, pardon.notes, list(pardon.sources.all())) == (None, "Unconfirmed report.", [source])
    pardon.prisoner.refresh_from_db()
    assert pardon.prisoner.status == Status.IN_CUSTODY


def test_a_pardon_that_ended_a_custody_period_keeps_its_date_and_confirmation(reported):
    confirmed = services.update_pardon(pardon=reported, released_on=dt.date(2024, 9, 17), confirmation="confirmed")

    with pytest.raises(ValidationError) as raised:
        services.update_pardon(pardon=confirmed, released_on=dt.date(2024, 10, 1), confirmation="reported")

    assert set(raised.value.message_dict) == {"released_on", "confirmation"}
    confirmed.refresh_from_db()
    assert (confirmed.released_on, confirmed.confirmation) == (dt.date(2024, 9, 17), "confirmed")


def test_confirming_without_an_open_custody_period_is_refused_and_changes_nothing(reported):
    from registry import services as custody_services

    custody_services.release(prisoner=reported.prisoner, released_on=dt.date(2024, 1, 1), reason="served")

    with pytest.raises(ValidationError) as raised:
        services.update_pardon(pardon=reported, released_on=None, confirmation="confirmed", notes="changed")

    assert "prisoner" in raised.value.message_dict
    reported.refresh_from_db()
    assert (reported.confirmation, reported.notes) == ("reported", "")
