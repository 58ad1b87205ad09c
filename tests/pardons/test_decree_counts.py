"""Announced vs identified and a decree's place in its series, computed on the model and QuerySet."""

import datetime as dt

import pytest

from pardons import services
from pardons.models import PardonDecree
from registry.dates import PartialDate
from tests.factories import (
    ChargeFactory,
    CustodyFactory,
    DecreeSeriesFactory,
    PardonDecreeFactory,
    PrisonerFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def pardon(decree, **prisoner_fields):
    custody = CustodyFactory(prisoner=PrisonerFactory(**prisoner_fields))
    return services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner)


def test_identification_counts_anonymous_people_but_not_private_ones():
    decree = PardonDecreeFactory(announced_total=20)
    pardon(decree, visibility="public")
    pardon(decree, visibility="anonymous")
    pardon(decree, visibility="private")

    summary = decree.identification()

    assert (summary.identified, summary.not_counted, summary.over_identified) == (2, 1, False)
    assert str(summary) == "identified 2 of announced 20"


def test_identified_breakdown_is_derived_for_women_and_extremist_articles_only():
    decree = PardonDecreeFactory(announced_total=20)
    for category, count in [("women", 11), ("chronically_ill", 14), ("extremist", 20)]:
        decree.breakdown.create(category=category, count=count)
    woman = pardon(decree, sex="female")
    ChargeFactory(conviction__prisoner=woman.prisoner, article__is_extremism_related=True)
    pardon(decree, sex="male")

    lines = {line.label: line.identified for line in decree.identification().breakdown}

    assert lines == {"11 women": 1, "14 with chronic illnesses": None, "20 convicted of 'extremist' crimes": 1}


def test_over_identification_is_flagged():
    decree = PardonDecreeFactory(announced_total=1)
    pardon(decree)
    pardon(decree)

    assert decree.identification().over_identified is True


def test_series_ordinal_and_running_totals_follow_announcement_order():
    series = DecreeSeriesFactory()
    later = PardonDecreeFactory(series=series, announced_on=dt.date(2024, 9, 1), announced_total=5)
    first = PardonDecreeFactory(series=series, announced_on=dt.date(2024, 7, 10), announced_total=None)
    second = PardonDecreeFactory(series=series, announced_on=dt.date(2024, 8, 1), announced_total=7)
    PardonDecreeFactory(announced_on=dt.date(2024, 7, 1), announced_total=99)  # outside the series
    pardon(first)
    pardon(later)

    rows = {
        row.pk: (row.series_ordinal, row.series_announced_total, row.series_identified_total)
        for row in PardonDecree.objects.filter(series=series).with_series_ordinal().with_series_totals()
    }
    position = later.series_position()

    assert rows == {first.pk: (1, 0, 1), second.pk: (2, 7, 1), later.pk: (3, 12, 2)}
    assert (position.ordinal, position.announced_total, position.identified_total) == (3, 12, 2)
    assert str(position).startswith("3rd in the series")
    assert PardonDecreeFactory().series_position() is None


def test_a_decree_known_only_to_the_year_is_placed_after_the_dated_decrees_of_that_year_and_marked_approximate():
    from pardons.models import PardonDecree
    from tests.factories import DecreeSeriesFactory

    series = DecreeSeriesFactory()
    dated = [
        PardonDecreeFactory(series=series, announced_on=dt.date(2024, month, 3), announced_total=10)
        for month in (7, 8, 9, 10, 11)
    ]
    year_only = PardonDecreeFactory(
        series=series, announced_on=dt.date(2024, 1, 1), announced_on_precision="year", reported_series_ordinal=6
    )
    after = PardonDecreeFactory(series=series, announced_on=dt.date(2025, 2, 1), announced_total=5)

    rows = {
        d.pk: (d.series_ordinal, d.series_ordinal_approximate)
        for d in PardonDecree.objects.with_series_ordinal().with_series_totals()
    }

    assert rows[year_only.pk] == (6, True)
    assert rows[dated[0].pk] == (1, True)  # "2024" may have come before it
    assert rows[after.pk] == (7, False)  # every 2024 decree certainly came before
    totals = PardonDecree.objects.with_series_totals().get(pk=after.pk)
    assert totals.series_announced_total == 5 * 10 + 20 + 5


@pytest.mark.parametrize(
    ("announced", "precision", "until"),
    [
        ("2024-09-16", "day", "2024-09-16"),
        ("2024-02-01", "month", "2024-02-29"),
        ("2023-02-01", "month", "2023-02-28"),
        ("2024-12-01", "month", "2024-12-31"),
        ("2024-01-01", "year", "2024-12-31"),
    ],
)
def test_a_decrees_last_possible_day_is_kept_by_postgresql_as_the_python_rule_computes_it(announced, precision, until):
    decree = PardonDecreeFactory(announced_on=dt.date.fromisoformat(announced), announced_on_precision=precision)
    stored = PardonDecree.objects.values_list("announced_until", flat=True).get(pk=decree.pk)
    assert stored == PartialDate(decree.announced_on, precision).last_day() == dt.date.fromisoformat(until)

    PardonDecree.objects.filter(pk=decree.pk).update(announced_on=dt.date(2025, 1, 1), announced_on_precision="year")
    assert PardonDecree.objects.values_list("announced_until", flat=True).get(pk=decree.pk) == dt.date(2025, 12, 31)


def test_the_first_few_decrees_get_the_same_counts_as_when_every_decree_is_counted():
    decrees = [PardonDecreeFactory(announced_on=dt.date(2024, month, 1), announced_total=9) for month in (1, 2, 3)]
    for i, decree in enumerate(decrees):
        for _ in range(i + 1):
            pardon(decree, sex="female", visibility="anonymous" if i == 1 else "public")

    first = list(PardonDecree.objects.newest_first().first_with_identified_counts(2))
    every = list(PardonDecree.objects.newest_first().with_identified_counts())[:2]

    assert first == every == decrees[:0:-1]
    assert [vars(d.identification()) for d in first] == [vars(d.identification()) for d in every]
    assert [d.identified_women for d in first] == [3, 2]
