"""Recording a confirmed pardon ends the person's custody; undoing it restores the custody exactly."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pardons import services
from pardons.models import Pardon, PardonDecree
from registry.models import Custody, Status
from tests.factories import CustodyFactory, PardonDecreeFactory, PrisonerFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_a_confirmed_pardon_closes_the_open_custody_with_reason_pardon():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    pardon = services.record_pardon(
        sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner, released_on=dt.date(2024, 9, 18)
    )
    custody.refresh_from_db()
    custody.prisoner.refresh_from_db()
    assert (custody.released_on, custody.release_reason) == (dt.date(2024, 9, 18), "pardon")
    assert pardon.closed_custody == custody
    assert custody.prisoner.status == Status.RELEASED


def test_without_a_release_date_the_decree_date_is_used_at_its_precision():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 1, 1), announced_on_precision="year")
    services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner)
    custody.refresh_from_db()
    assert (custody.released_on, custody.released_on_precision) == (dt.date(2024, 1, 1), "year")


def test_undoing_a_pardon_restores_the_custody_exactly():
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    before = Custody.objects.filter(pk=custody.pk).values("released_on", "release_reason", "detained_on").get()
    pardon = services.record_pardon(sources=[SourceFactory()], decree=PardonDecreeFactory(), prisoner=custody.prisoner)
    services.undo_pardon(pardon=pardon)
    after = Custody.objects.filter(pk=custody.pk).values("released_on", "release_reason", "detained_on").get()
    custody.prisoner.refresh_from_db()
    assert after == before
    assert custody.prisoner.status == Status.IN_CUSTODY
    assert not Pardon.objects.exists()


def test_a_reported_pardon_leaves_custody_open_until_confirmed():
    custody = CustodyFactory()
    pardon = services.record_pardon(
        sources=[SourceFactory()], decree=PardonDecreeFactory(), prisoner=custody.prisoner, confirmation="reported"
    )
    custody.refresh_from_db()
    assert custody.released_on is None
    services.confirm_pardon(pardon=pardon, released_on=dt.date(2024, 9, 20))
    custody.refresh_from_db()
    assert custody.release_reason == "pardon"


def test_a_person_with_no_open_custody_cannot_be_released_again_and_nothing_is_saved():
    prisoner = PrisonerFactory()
    decree = PardonDecreeFactory()
    with pytest.raises(ValidationError) as error:
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=prisoner)
    assert "prisoner" in error.value.message_dict
    assert not Pardon.objects.exists()


def test_the_same_person_cannot_be_recorded_twice_on_one_decree():
    custody = CustodyFactory()
    decree = PardonDecreeFactory()
    services.record_pardon(decree=decree, prisoner=custody.prisoner, confirmation="reported")
    with pytest.raises(ValidationError):
        services.record_pardon(decree=decree, prisoner=custody.prisoner, confirmation="reported")


def test_identified_counts_include_anonymous_people_and_exclude_private_ones():
    decree = PardonDecreeFactory(announced_total=20)
    for visibility in ["public", "public", "anonymous", "private"]:
        custody = CustodyFactory(prisoner=PrisonerFactory(visibility=visibility, sex="female"))
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner)
    annotated = PardonDecree.objects.with_identified_counts().get(pk=decree.pk)
    assert annotated.identified_count == 3
    assert annotated.identified_women == 3


def test_the_series_ordinal_is_computed_by_announcement_date():
    from tests.factories import DecreeSeriesFactory

    series = DecreeSeriesFactory()
    later = PardonDecreeFactory(series=series, announced_on=dt.date(2024, 11, 1))
    earlier = PardonDecreeFactory(series=series, announced_on=dt.date(2024, 7, 3))
    ordinals = dict(PardonDecree.objects.with_series_ordinal().values_list("pk", "series_ordinal"))
    assert ordinals[earlier.pk] == 1
    assert ordinals[later.pk] == 2
