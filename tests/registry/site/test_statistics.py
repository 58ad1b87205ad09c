"""The statistics page and its CSV downloads: numbers from registry.queries.statistics, anonymous counted,
private never, a table and a CSV behind every chart, a fixed number of queries."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from registry import services
from registry.queries import statistics
from registry.site.statistics import CHARTS
from tests.factories import ArticleFactory, PardonDecreeFactory, RegionFactory
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def data():
    region = RegionFactory(slug="test-oblast", name_en="Test Oblast")
    article = ArticleFactory(number="342")
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20)
    make_person("Publicus", region=region, article=article, decree=decree, sex="female")
    make_person("Anonymus", visibility="anonymous", region=region, article=article, decree=decree)
    make_person("Privatus", visibility="private", region=region, article=article, decree=decree)
    return decree


def read_csv(client, chart: str) -> list[list[str]]:
    response = client.get(reverse("statistics_csv", args=[chart]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_every_chart_has_a_table_and_a_csv_link(client, data):
    content = client.get(reverse("statistics")).content.decode()
    for chart in CHARTS:
        assert reverse("statistics_csv", args=[chart]) in content
    assert content.count("<table") >= len(CHARTS)
    assert "<svg" in content


def test_counts_include_anonymous_and_exclude_private_people(client, data, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1  # who is counted at all; the threshold: tests/registry/test_small_cells.py
    rows = dict((r[0], r[1]) for r in read_csv(client, "region")[1:])
    assert rows["Test Oblast"] == "2"
    article_rows = read_csv(client, "article")
    assert article_rows[1][1] == "2"
    decree_rows = read_csv(client, "pardons-per-decree")
    assert decree_rows[1] == ["2024-09-16", "20", "2"]


def test_the_held_chart_matches_the_statistics_module(client, data):
    rows = read_csv(client, "held")
    today = statistics.today()
    expected = statistics.held_over_time(statistics.SINCE_2020, today)
    assert [int(r[1]) for r in rows[1:]] == [r["held"] for r in expected]
    assert rows[0] == ["Month", "Held"]


def test_releases_per_month_show_months_without_releases_as_zero(client, data, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1  # who is counted at all; the threshold: tests/registry/test_small_cells.py
    rows = read_csv(client, "releases-by-month")
    months = [r[0] for r in rows[1:]]
    assert months[0] == "2020-01" and "2024-09" in months and "2024-08" in months
    by_month = {r[0]: r[1:] for r in rows[1:]}
    assert by_month["2024-09"] == ["2"]  # the two counted pardons
    assert by_month["2024-08"] == ["0"]


def test_an_unknown_chart_is_404(client):
    assert client.get(reverse("statistics_csv", args=["nonsense"])).status_code == 404


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client, data):
    few = count_queries(client, reverse("statistics"))
    for i in range(10):
        make_person(f"Person {i}", region=RegionFactory(), article=ArticleFactory())
        PardonDecreeFactory(announced_on=dt.date(2025, 1, 1 + i))
    assert count_queries(client, reverse("statistics")) == few


@pytest.mark.parametrize("language", ["en", "be", "ru"])
def test_chart_coordinates_are_plain_numbers_in_every_language(client, data, language):
    # be/ru write decimals with a comma; SVG rejects y="94,059" and the chart is blank.
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    content = client.get(reverse("statistics")).content.decode()
    svg_numbers = re.findall(r'<rect [^>]*?\b(?:x|y|width|height)="([^"]*)"', content)

    assert f'<html lang="{language}"' in content
    assert len(svg_numbers) > 10
    assert [n for n in svg_numbers if not re.fullmatch(r"-?\d+(\.\d+)?", n)] == []


def test_each_chart_offers_its_csv_for_excel_with_a_byte_order_mark(client, data):
    content = client.get(reverse("statistics")).content.decode()
    url = reverse("statistics_csv", args=["region"])

    for_excel = client.get(url, {"bom": "1"}).content
    plain = client.get(url).content

    assert f'href="{url}?bom=1"' in content
    assert for_excel == b"\xef\xbb\xbf" + plain


@pytest.mark.parametrize(
    ("language", "groups"),
    [("be", ["вызваленыя", "памерлі ў зняволенні"]), ("ru", ["освобождены", "умерли в заключении"])],
)
def test_the_status_table_labels_its_rows_as_groups_of_people(client, data, language, groups):
    died = make_person("Fictional Died", sex="female")
    services.release(prisoner=died, released_on=dt.date(2024, 2, 1), reason="died")

    content = client.get(reverse("statistics"), {"lang": language}).content.decode()

    for group in groups:
        assert f'<th scope="row">{group}</th>' in content
