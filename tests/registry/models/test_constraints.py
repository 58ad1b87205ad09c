"""The database itself refuses records that break the registry's invariants."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from registry.models import Custody, Placement, PrisonerName
from tests.factories import (
    BreakdownItemFactory,
    ConvictionFactory,
    CustodyFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PardonFactory,
    PrisonerFactory,
    PrisonerNameFactory,
)

pytestmark = pytest.mark.django_db


def refused(make) -> bool:
    try:
        with transaction.atomic():
            make()
    except IntegrityError:
        return True
    return False


def test_a_release_before_the_detention_is_refused():
    custody = CustodyFactory(detained_on=dt.date(2022, 5, 1))
    custody.released_on, custody.release_reason = dt.date(2022, 4, 30), "served"
    assert refused(custody.save)


def test_a_release_needs_a_reason_and_a_reason_needs_a_release():
    custody = CustodyFactory()
    custody.released_on = dt.date(2023, 1, 1)
    assert refused(custody.save)
    custody.refresh_from_db()
    custody.release_reason = "served"
    assert refused(custody.save)


def test_a_person_cannot_have_two_open_custody_periods():
    custody = CustodyFactory(detained_on=dt.date(2021, 1, 1))
    assert refused(lambda: Custody.objects.create(prisoner=custody.prisoner, detained_on=dt.date(2030, 1, 1)))


def test_custody_periods_of_one_person_cannot_overlap():
    prisoner = PrisonerFactory()
    Custody.objects.create(
        prisoner=prisoner, detained_on=dt.date(2021, 1, 1), released_on=dt.date(2022, 1, 1), release_reason="served"
    )
    overlapping = Custody(
        prisoner=prisoner, detained_on=dt.date(2021, 6, 1), released_on=dt.date(2021, 9, 1), release_reason="served"
    )
    assert refused(overlapping.save)
    adjacent = Custody(prisoner=prisoner, detained_on=dt.date(2022, 1, 1))
    assert not refused(adjacent.save)


def died(prisoner, detained_on: dt.date, died_on: dt.date) -> Custody:
    return Custody(prisoner=prisoner, detained_on=detained_on, released_on=died_on, release_reason="died")


def test_no_custody_period_can_begin_on_or_after_a_death_in_custody():
    prisoner = PrisonerFactory()
    died(prisoner, dt.date(2021, 1, 1), dt.date(2021, 3, 1)).save()

    assert refused(lambda: Custody.objects.create(prisoner=prisoner, detained_on=dt.date(2023, 1, 1)))
    assert refused(lambda: Custody.objects.create(prisoner=prisoner, detained_on=dt.date(2021, 3, 1)))
    assert refused(lambda: Custody.objects.create(prisoner=prisoner, detained_on=None))
    earlier = Custody(
        prisoner=prisoner, detained_on=dt.date(2020, 1, 1), released_on=dt.date(2020, 6, 1), release_reason="served"
    )
    assert not refused(earlier.save)


def test_a_death_in_custody_cannot_come_before_another_period():
    later = CustodyFactory(detained_on=dt.date(2023, 1, 1))

    assert refused(died(later.prisoner, dt.date(2021, 1, 1), dt.date(2021, 3, 1)).save)


def test_a_month_precise_date_must_be_stored_as_the_first_of_the_month():
    custody = CustodyFactory.build(prisoner=PrisonerFactory(), detained_on=dt.date(2021, 5, 14))
    custody.detained_on_precision = "month"
    assert refused(custody.save)
    custody.detained_on = dt.date(2021, 5, 1)
    assert not refused(custody.save)


def test_a_year_precise_birth_date_must_be_the_first_of_january():
    assert refused(lambda: PrisonerFactory(birth_date=dt.date(1962, 3, 1), birth_date_precision="year"))
    assert not refused(lambda: PrisonerFactory(birth_date=dt.date(1962, 1, 1), birth_date_precision="year"))


def test_a_breakdown_count_cannot_be_negative():
    assert refused(lambda: BreakdownItemFactory(count=-1))


def test_a_breakdown_category_appears_once_per_decree_except_other():
    decree = PardonDecreeFactory()
    BreakdownItemFactory(decree=decree, category="women", count=11)
    assert refused(lambda: BreakdownItemFactory(decree=decree, category="women", count=3))
    BreakdownItemFactory(decree=decree, category="other", label="fathers of large families", count=2)
    assert not refused(lambda: BreakdownItemFactory(decree=decree, category="other", label="journalists", count=1))


def test_an_other_breakdown_line_needs_its_label():
    assert refused(lambda: BreakdownItemFactory(category="other", label="", count=2))


def test_a_person_is_pardoned_at_most_once_per_decree():
    pardon = PardonFactory()
    assert refused(lambda: PardonFactory(decree=pardon.decree, prisoner=pardon.prisoner))


def test_a_life_sentence_has_no_length_in_months():
    assert refused(lambda: ConvictionFactory(life_sentence=True, sentence_months=120))
    assert not refused(lambda: ConvictionFactory(life_sentence=True, sentence_months=None))


def test_a_person_has_one_primary_name_per_language():
    name = PrisonerNameFactory(language="ru", full_name="Тестов Примеров")
    assert refused(lambda: PrisonerName.objects.create(prisoner=name.prisoner, language="ru", full_name="Другое Имя"))
    assert not refused(
        lambda: PrisonerName.objects.create(prisoner=name.prisoner, language="ru", full_name="Другое", kind="alias")
    )


def test_a_person_has_one_current_placement_per_custody():
    custody = CustodyFactory()
    Placement.objects.create(custody=custody, facility=FacilityFactory(), arrived_on=dt.date(2021, 6, 1))
    assert refused(
        lambda: Placement.objects.create(custody=custody, facility=FacilityFactory(), arrived_on=dt.date(2021, 9, 1))
    )


def test_a_decree_cannot_be_signed_after_it_was_announced():
    assert refused(lambda: PardonDecreeFactory(announced_on=dt.date(2024, 9, 1), signed_on=dt.date(2024, 9, 2)))
