"""Statistics endpoints: exactly registry.queries.statistics' numbers, as of any date, private people never counted."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import services
from registry.models import Contact, Prisoner
from registry.queries import statistics
from tests.factories import CustodyFactory, PardonDecreeFactory, SourceFactory

pytestmark = pytest.mark.django_db
BASE = "/api/v1/statistics/"


def json_dates(value):
    """registry.queries.statistics' values as JSON would carry them (dates as ISO strings)."""
    if isinstance(value, dict):
        return {key: json_dates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_dates(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def figures(body: dict) -> dict:
    """An answer without its `citation` (tested on its own)."""
    return {key: value for key, value in body.items() if key != "citation"}


def test_the_headline_is_exactly_what_the_home_page_shows(api_client, three_people):
    body = api_client.get(f"{BASE}headline/").json()

    assert figures(body) == json_dates(statistics.headline())
    assert body["held"] == 2  # the public and the anonymous person; not the private one


def test_the_headline_can_be_asked_as_of_a_past_date(api_client, three_people):
    services.release(prisoner=three_people["public"], released_on=dt.date(2023, 3, 1), reason="pardon")

    then = api_client.get(f"{BASE}headline/", {"on": "2022-01-01"}).json()
    now = api_client.get(f"{BASE}headline/").json()

    assert figures(then) == json_dates(statistics.headline(dt.date(2022, 1, 1)))
    assert then["citation"]["as_of"] == "2022-01-01"
    assert "as of 2022-01-01" in then["citation"]["text"]
    assert (then["held"], now["held"]) == (2, 1)
    assert now["released_since_2020"]["pardon"] == 1


def test_held_on_a_date_counts_anonymous_but_not_private_people(api_client, three_people):
    body = api_client.get(f"{BASE}held/", {"on": "2022-06-01"}).json()

    assert figures(body) == {"on": "2022-06-01", "held": 2}
    assert api_client.get(f"{BASE}held/", {"on": "2020-06-01"}).json()["held"] == 0


def test_held_over_time_gives_one_number_per_month(api_client, three_people):
    body = api_client.get(f"{BASE}held-over-time/", {"start": "2021-05-01", "end": "2021-07-31"}).json()

    assert body == [
        {"month": "2021-05-01", "held": 0},
        {"month": "2021-06-01", "held": 2},
        {"month": "2021-07-01", "held": 2},
    ]


def test_releases_by_month_and_by_reason_match_the_statistics_module(api_client, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1  # who is counted at all; the threshold: tests/registry/test_small_cells.py
    for day in (1, 2):
        custody = CustodyFactory(prisoner__visibility="anonymous")
        services.release(prisoner=custody.prisoner, released_on=dt.date(2024, 9, day), reason="pardon")
    private = CustodyFactory(prisoner__visibility="private").prisoner
    services.release(prisoner=private, released_on=dt.date(2024, 9, 3), reason="pardon")

    by_month = api_client.get(f"{BASE}releases-by-month/", {"start": "2024-01-01"}).json()
    by_reason = api_client.get(f"{BASE}releases-by-reason/", {"since": "2024-01-01", "until": "2024-12-31"}).json()

    assert by_month == [{"month": "2024-09-01", "reason": "pardon", "count": 2}]
    assert by_reason["releases"] == statistics.releases_by_reason(dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert by_reason["releases"]["pardon"] == 2


def test_deaths_in_custody_are_counted_since_a_date(api_client):
    custody = CustodyFactory()
    services.record_death(prisoner=custody.prisoner, died_on=dt.date(2023, 2, 1))

    assert api_client.get(f"{BASE}deaths-in-custody/").json()["deaths_in_custody"] == 1
    assert api_client.get(f"{BASE}deaths-in-custody/", {"since": "2024-01-01"}).json()["deaths_in_custody"] == 0


def test_pardons_since_and_per_decree_give_announced_and_identified(api_client, three_people):
    from pardons import services as pardon_services

    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20)
    for person in three_people.values():
        pardon_services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=person)

    since = api_client.get(f"{BASE}pardons-since/", {"since": "2024-07-01"}).json()
    per_decree = api_client.get(f"{BASE}pardons-per-decree/").json()

    assert figures(since) == {"since": "2024-07-01", "decrees": 1, "people_announced": 20, "people_identified": 2}
    assert per_decree == [
        {
            "decree": decree.pk,
            "announced_on": "2024-09-16",
            "announced_on_precision": "day",
            "announced_total": 20,
            "identified": 2,
        }
    ]
    assert api_client.get(f"{BASE}pardons-per-decree/", {"until": "2024-01-01"}).json() == []


@pytest.mark.parametrize(
    ("endpoint", "query"),
    [
        ("headline/", {"on": "not-a-date"}),
        ("held/", {"on": "0001-01-01"}),
        ("held-over-time/", {"start": "1900-01-01", "end": "2100-01-01"}),
        ("held-over-time/", {"start": "1900-01-01", "end": "2099-12-31"}),  # 2,400 months: over the limit
        ("releases-by-reason/", {"since": "2024-01-01", "until": "2100-01-01"}),
    ],
)
def test_it_refuses_impossible_dates_with_a_message(api_client, endpoint, query):
    response = api_client.get(BASE + endpoint, query)

    assert response.status_code == 400
    assert response.json()["message"]
    assert response.json()["errors"]


@pytest.mark.parametrize(
    ("endpoint", "query", "field"),
    [
        ("held-over-time/", {"start": "2024-01-01", "end": "2023-01-01"}, "end"),
        ("held-over-time/", {"end": "2019-06-01"}, "end"),  # before the default start, 2020-01-01
        ("releases-by-month/", {"start": "2024-01-01", "end": "2023-12-31"}, "end"),
        ("releases-by-reason/", {"since": "2024-01-02", "until": "2024-01-01"}, "until"),
        ("deaths-in-custody/", {"since": "2024-01-02", "until": "2024-01-01"}, "until"),
        ("pardons-since/", {"since": "2024-01-02", "until": "2024-01-01"}, "until"),
    ],
)
def test_a_range_that_ends_before_it_starts_is_refused_not_answered_empty(api_client, endpoint, query, field):
    response = api_client.get(BASE + endpoint, query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_a_range_of_one_day_is_a_range(api_client, three_people):
    response = api_client.get(f"{BASE}releases-by-reason/", {"since": "2024-01-01", "until": "2024-01-01"})

    assert response.status_code == 200


STATISTICS_URLS = [
    ("headline/", {}),
    ("held-over-time/", {"start": "2010-01-01", "end": "2029-12-31"}),
    ("releases-by-month/", {}),
    ("pardons-per-decree/", {}),
    ("facets/", {}),
]


def queries_per_statistic(api_client) -> dict[str, int]:
    """Each statistic's query count, read afresh (the response cache off), checking every answer is a 200."""
    counts = {}
    for path, params in STATISTICS_URLS:
        with CaptureQueriesContext(connection) as queries:
            response = api_client.get(f"{BASE}{path}", params)
        assert response.status_code == 200, (path, response.content)
        counts[path] = len(queries)
    return counts


def test_each_statistic_runs_a_fixed_number_of_queries_whatever_the_rows(api_client, three_people, settings):
    settings.DERIVED_CACHE_ENTRIES = 0
    few = queries_per_statistic(api_client)
    for _ in range(5):
        custody = CustodyFactory(prisoner__visibility="public")
        services.release(prisoner=custody.prisoner, released_on=dt.date(2024, 9, 16), reason="pardon")
        PardonDecreeFactory()

    many = queries_per_statistic(api_client)

    assert many == few
    assert few["held-over-time/"] <= 3  # one aggregate for every month, not a query per month


def test_every_statistic_says_how_to_cite_it(api_client, three_people):
    for name in ("headline", "held", "held-over-time", "releases-by-month", "releases-by-reason",
                 "deaths-in-custody", "pardons-since", "pardons-per-decree"):  # fmt: skip
        response = api_client.get(f"{BASE}{name}/")

        assert response.status_code == 200, name
        assert response["Link"] == f'<http://testserver{BASE}{name}/>; rel="cite-as"', name
        body = response.json()
        if isinstance(body, dict):
            citation = body["citation"]
            assert citation["url"] == f"http://testserver{BASE}{name}/"
            assert citation["licence"] == "CC BY 4.0"
            assert citation["bibtex"].startswith("@misc{registry-")
            assert citation["csl"]["URL"] == citation["url"]


def test_a_statistic_can_be_asked_as_of_a_release(api_client, three_people):
    from registry.open_data.releases import publish_release

    release = publish_release()
    services.release(prisoner=three_people["public"], released_on=dt.date(2026, 11, 1), reason="pardon")

    then = api_client.get(f"{BASE}headline/", {"release": release.number}).json()
    now = api_client.get(f"{BASE}headline/").json()

    assert (then["held"], now["held"]) == (2, 1)
    assert figures(then) == release.statistics["headline"]
    assert then["citation"]["release"] == release.number
    per_decree = api_client.get(f"{BASE}pardons-per-decree/", {"release": release.number})
    assert per_decree.json() == release.statistics["pardons_per_decree"]


def test_an_unknown_release_is_404_and_a_release_with_a_date_is_400(api_client, db):
    assert api_client.get(f"{BASE}headline/", {"release": 99}).status_code == 404
    both = api_client.get(f"{BASE}headline/", {"release": 1, "on": "2024-01-01"})
    assert both.status_code == 400
    assert "on" in both.json()["errors"] if "errors" in both.json() else "on" in both.json()


@pytest.mark.parametrize("path", ["held/", "held-over-time/", "releases-by-reason/", "pardons-per-decree/"])
def test_a_statistic_from_the_tallies_answers_304_through_an_edit_that_changes_no_count_but_not_a_release(
    api_client, three_people, path
):
    etag = api_client.get(f"{BASE}{path}")["ETag"]

    Prisoner.objects.filter(pk=three_people["public"].pk).update(biography="A fictional biography.")

    assert api_client.get(f"{BASE}{path}", HTTP_IF_NONE_MATCH=etag).status_code == 304
    services.release(prisoner=three_people["public"], released_on=dt.date(2024, 1, 2), reason="served")
    assert api_client.get(f"{BASE}{path}", HTTP_IF_NONE_MATCH=etag).status_code == 200


@pytest.mark.parametrize("path", ["at-risk/", "without-contact/"])
def test_a_statistic_of_who_is_held_answers_304_through_an_edit_that_changes_none_of_it_but_not_a_letter(
    api_client, three_people, path
):
    etag = api_client.get(f"{BASE}{path}")["ETag"]

    Prisoner.objects.filter(pk=three_people["public"].pk).update(biography="A fictional biography.")

    assert api_client.get(f"{BASE}{path}", HTTP_IF_NONE_MATCH=etag).status_code == 304
    Contact.objects.create(prisoner=three_people["public"], kind="letter", occurred_on=dt.date(2024, 1, 1))
    assert api_client.get(f"{BASE}{path}", HTTP_IF_NONE_MATCH=etag).status_code == 200
