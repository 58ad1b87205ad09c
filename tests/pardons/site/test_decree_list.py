"""The decree list: announced vs identified (anonymous counted, private not), series ordinal beside the
source's, a fixed number of queries."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.factories import DecreeSeriesFactory, PardonDecreeFactory
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


def test_it_shows_identified_of_announced_counting_anonymous_but_not_private(client):
    decree = PardonDecreeFactory(announced_total=20)
    make_person("Publicus", decree=decree)
    make_person("Anonymus", visibility="anonymous", decree=decree)
    make_person("Privatus", visibility="private", decree=decree)
    response = client.get(reverse("decree_list"))
    row = next(iter(response.context["page"]))
    assert row.identified_count == 2
    content = response.content.decode()
    assert "Privatus" not in content and "Anonymus" not in content


def test_it_shows_the_series_ordinal_and_the_reported_one_when_they_differ(client):
    series = DecreeSeriesFactory()
    PardonDecreeFactory(series=series, announced_on=dt.date(2024, 7, 3))
    PardonDecreeFactory(series=series, announced_on=dt.date(2024, 9, 16), reported_series_ordinal=8)
    content = client.get(reverse("decree_list")).content.decode()
    assert "no. 2 of “Pardons since July 2024”" in content
    assert "source says no. 8" in content


@pytest.mark.parametrize(
    ("language", "said"),
    [("be", "№ 1 у серыі «Памілаванні з лета 2024 года»"), ("ru", "№ 1 в серии «Помилования с лета 2024 года»")],
)
def test_the_series_ordinal_says_it_is_a_number_in_a_series(client, language, said):
    series = DecreeSeriesFactory(name_be="Памілаванні з лета 2024 года", name_ru="Помилования с лета 2024 года")
    PardonDecreeFactory(series=series)

    content = client.get(reverse("decree_list"), {"lang": language}).content.decode()

    assert said in content


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client):
    series = DecreeSeriesFactory()
    PardonDecreeFactory(series=series)
    few = count_queries(client, reverse("decree_list"))
    for i in range(15):
        decree = PardonDecreeFactory(series=series, announced_on=dt.date(2025, 1, 1 + i))
        make_person(f"Pardonatus {i}", decree=decree)
    assert count_queries(client, reverse("decree_list")) == few
