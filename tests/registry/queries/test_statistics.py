"""registry.queries.statistics: the headline in one query, equal to the figures it is made of."""

import datetime as dt

import pytest

from pardons.models import Pardon
from registry import services
from registry.queries import statistics
from tests.factories import PardonDecreeFactory, PardonFactory, PrisonerFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db

DECREE_DAYS = (dt.date(2024, 1, 10), dt.date(2024, 6, 10), dt.date(2025, 6, 10))


@pytest.fixture
def people_released_and_pardoned(settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20)
    PardonDecreeFactory(announced_on=dt.date(2025, 6, 1))  # after two of the days asked: identified counted apart
    make_person("Publicus Heldovich")
    make_person("Anonymus Heldovich", visibility="anonymous")
    make_person("Pardonus Releasovich", decree=decree)
    released = make_person("Servedus Releasovich")
    services.release(prisoner=released, released_on=dt.date(2025, 2, 3), reason="served")
    return decree


@pytest.mark.parametrize("on", [dt.date(2024, 9, 30), dt.date(2025, 3, 31), None])
def test_the_headline_is_its_figures_each_asked_alone(people_released_and_pardoned, on):
    day = on or statistics.today()
    year_before, series = day - dt.timedelta(days=365), statistics.series_since()

    headline = statistics.headline(on)

    assert headline == {
        "as_of": day,
        "held": statistics.held_on(day),
        "held_not_yet_verified": headline["held_not_yet_verified"],
        "released_since_2020": statistics.releases_by_reason(statistics.SINCE_2020, day),
        "deaths_in_custody_since_2020": statistics.deaths_in_custody(statistics.SINCE_2020, day),
        "pardons_last_12_months": statistics.pardons_since(year_before, day),
        "pardons_since": statistics.pardons_since(series, day),
    }
    assert headline["pardons_since"]["people_identified"] == (1 if day >= dt.date(2024, 9, 16) else 0)


def test_the_headline_is_one_query_whatever_the_rows(people_released_and_pardoned, settings, django_assert_num_queries):
    settings.DERIVED_CACHE_ENTRIES = 0
    with django_assert_num_queries(1):
        few = statistics.headline()
    make_person("Novus Heldovich")
    PardonDecreeFactory(announced_on=dt.date(2025, 1, 10))

    with django_assert_num_queries(1):
        many = statistics.headline()

    assert many["held"] == few["held"] + 1
    assert many["pardons_since"]["decrees"] == few["pardons_since"]["decrees"] + 1


@pytest.mark.parametrize("asked", ["headline", "pardons_since"])
def test_people_identified_as_of_a_day_before_a_later_decree_follow_a_pardon_moved_between_people(asked):
    # With a decree dated after the day asked, people identified are counted from the pardons themselves, and that
    # count is kept under the counts' version with the rest. A pardon moved from one person to another on the same
    # decree leaves each decree one person and both people their last decree; the count since January 2024 goes
    # from one to two all the same, and the answer kept before must not hide it.
    january, june, next_year = (PardonDecreeFactory(announced_on=day) for day in DECREE_DAYS)
    first, second = PrisonerFactory(visibility="public", sex="male"), PrisonerFactory(visibility="public", sex="male")
    PardonFactory(decree=january, prisoner=first)
    moved = PardonFactory(decree=june, prisoner=first)
    PardonFactory(decree=next_year, prisoner=first)
    PardonFactory(decree=next_year, prisoner=second)

    def identified() -> int:
        if asked == "headline":
            return statistics.headline(dt.date(2024, 12, 31))["pardons_last_12_months"]["people_identified"]
        return statistics.pardons_since(dt.date(2024, 1, 1), dt.date(2024, 12, 31))["people_identified"]

    assert identified() == 1
    Pardon.objects.filter(pk=moved.pk).update(prisoner=second)

    assert identified() == 2
