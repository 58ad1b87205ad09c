"""The prisoners list and detail: named people only, full records, filters, cursor pages, fixed queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import search, services
from registry.models import Prisoner
from tests.factories import (
    ChargeFactory,
    CustodyFactory,
    EventFactory,
    PlacementFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/prisoners/"


def names(response) -> list[str]:
    return [row["display_name"] for row in response.json()["results"]]


def test_it_lists_only_named_people(api_client, three_people):
    assert names(api_client.get(URL)) == ["Fictional Public Person"]


def test_it_answers_an_anonymous_or_private_id_exactly_like_a_missing_one(api_client, three_people):
    missing = api_client.get(f"{URL}999999/")
    for visibility in ("anonymous", "private"):
        response = api_client.get(f"{URL}{three_people[visibility].pk}/")
        assert response.status_code == 404
        assert response.json() == missing.json() == {"message": "Not found."}


def test_it_never_finds_anonymous_or_private_people_by_name(api_client, three_people):
    assert names(api_client.get(URL, {"q": "Выдуманая"})) == ["Fictional Public Person"]
    for query in ("Выдуманая anonymous Асоба", "Выдуманая private Асоба", "Fictional Private Person", "anonymous"):
        assert set(names(api_client.get(URL, {"q": query}))) <= {"Fictional Public Person"}


def test_it_shows_the_whole_record_of_a_named_person(api_client):
    prisoner = PrisonerFactory(birth_date=dt.date(1962, 1, 1), birth_date_precision="year")
    PrisonerNameFactory(prisoner=prisoner, full_name="Тэст Тэставы")
    placement = PlacementFactory(custody__prisoner=prisoner, custody__detained_on=dt.date(2021, 5, 1))
    placement.custody.detained_on_precision = "month"
    placement.custody.save()
    charge = ChargeFactory(conviction__prisoner=prisoner, article__number="342", part="1")
    EventFactory(prisoner=prisoner, kind="hunger_strike")

    body = api_client.get(f"{URL}{prisoner.pk}/").json()

    assert body["birth_date"] == "1962"
    assert body["birth_date_precision"] == "year"
    assert body["status"] == "in_custody"
    assert body["names"][0]["full_name"] == "Тэст Тэставы"
    custody = body["custody_periods"][0]
    assert (custody["detained_on"], custody["detained_on_precision"]) == ("2021-05", "month")
    assert custody["released_on"] is None
    assert custody["placements"][0]["facility"]["id"] == placement.facility_id
    assert body["convictions"][0]["charges"] == [
        {
            "article": {
                "id": charge.article_id,
                "code": "CC BY",
                "country": "BY",
                "number": "342",
                "label": "CC BY art. 342",
                "title_en": charge.article.title_en,
                "title_be": "",
                "title_ru": "",
                "is_extremism_related": False,
            },
            "part": "1",
        }
    ]
    assert body["events"][0]["kind"] == "hunger_strike"


def test_it_shows_which_decree_ended_a_custody_period(api_client):
    from pardons import services as pardon_services
    from tests.factories import PardonDecreeFactory

    custody = CustodyFactory()
    decree = PardonDecreeFactory()
    pardon_services.record_pardon(
        sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner, released_on=dt.date(2024, 9, 16)
    )

    body = api_client.get(f"{URL}{custody.prisoner_id}/").json()

    assert body["status"] == "released"
    assert body["custody_periods"][0]["ended_by_decree"] == decree.pk
    assert body["custody_periods"][0]["release_reason"] == "pardon"
    assert body["pardons"][0]["decree"] == decree.pk


def test_it_filters_by_status_region_sex_and_article(api_client):
    region = RegionFactory(slug="fictional-region")
    held = CustodyFactory(prisoner__region=region, prisoner__sex="male").prisoner
    released = CustodyFactory(prisoner__sex="female").prisoner
    services.release(prisoner=released, released_on=dt.date(2023, 1, 1), reason="served")
    ChargeFactory(conviction__prisoner=held, article__number="361-1")

    assert names(api_client.get(URL, {"status": "released"})) == [released.display_name]
    assert names(api_client.get(URL, {"region": "fictional-region"})) == [held.display_name]
    assert names(api_client.get(URL, {"sex": "female"})) == [released.display_name]
    assert names(api_client.get(URL, {"article": "361-1"})) == [held.display_name]
    assert names(api_client.get(URL, {"released_after": "2022-12-31"})) == [released.display_name]


def test_it_filters_by_several_regions_at_once(api_client):
    north, south = RegionFactory(slug="fictional-north"), RegionFactory(slug="fictional-south")
    up, down = PrisonerFactory(region=north), PrisonerFactory(region=south)
    PrisonerFactory(region=RegionFactory(slug="fictional-elsewhere"))

    found = names(api_client.get(URL, {"region": ["fictional-north", "fictional-south", ""]}))

    assert sorted(found) == sorted([up.display_name, down.display_name])


@pytest.mark.parametrize(
    ("region", "index"), [("fictional-region", "prisoner_region_name_order"), ("", "prisoner_name_order")]
)
def test_a_filtered_page_is_read_from_a_name_order_index_alone(api_client, region, index):
    held = CustodyFactory(
        prisoner__region=RegionFactory(slug="fictional-region"), prisoner__sex="male", detained_on=dt.date(2021, 5, 1)
    ).prisoner
    ChargeFactory(conviction__prisoner=held, article__number="342")
    filters = {"status": "in_custody", "region": region, "sex": "male", "verification": "reported"}
    filters |= {"article": "342", "detained_year": "2021"}
    with CaptureQueriesContext(connection) as queries:
        assert names(api_client.get(URL, filters)) == [held.display_name]
    page_sql = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "registry_prisoner"'))
    with connection.cursor() as cursor:
        # Few rows here: the planner is told not to scan or sort, so it must find a path through an index.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + page_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    # The region is compared by id: no join to the regions, whose slug would hide from the planner how many match.
    assert "registry_region" not in page_sql
    # With a region, only its people are walked (the index's first column is the region).
    assert f"Index Only Scan using {index} on registry_prisoner" in plan, plan


def test_the_people_table_is_vacuumed_often_enough_for_the_index_walk_to_skip_it():
    # An index-only scan skips only the pages VACUUM has marked all-visible since they were written.
    with connection.cursor() as cursor:
        cursor.execute("SELECT reloptions FROM pg_class WHERE relname = 'registry_prisoner'")
        options = dict(option.split("=") for option in cursor.fetchone()[0])

    assert float(options["autovacuum_vacuum_scale_factor"]) <= 0.02
    assert float(options["autovacuum_vacuum_insert_scale_factor"]) <= 0.02


def test_it_lists_only_what_changed_since_a_moment(api_client):
    old = PrisonerFactory()
    moment = old.updated_at + dt.timedelta(microseconds=1)
    new = PrisonerFactory()

    response = api_client.get(URL, {"updated_since": moment.isoformat()})

    assert names(response) == [new.display_name]


def test_it_refuses_a_bad_filter_value_with_a_message_per_field(api_client):
    response = api_client.get(URL, {"status": "nonsense", "detained_after": "yesterday"})

    assert response.status_code == 400
    body = response.json()
    assert body["message"]
    assert set(body["errors"]) == {"status", "detained_after"}


def test_it_orders_by_an_explicit_field_and_pages_with_a_cursor(api_client):
    for letter in "CAB":
        PrisonerFactory(display_name=f"Fictional {letter}")

    first = api_client.get(URL, {"ordering": "-display_name", "page_size": 2}).json()
    second = api_client.get(first["next"]).json()

    assert [p["display_name"] for p in first["results"]] == ["Fictional C", "Fictional B"]
    assert [p["display_name"] for p in second["results"]] == ["Fictional A"]
    assert "count" not in first
    assert second["next"] is None


@pytest.mark.parametrize("ordering", ["-updated_at", "display_name", "created_at"])
def test_following_next_through_people_who_tie_on_the_ordering_shows_each_once(api_client, settings, ordering):
    settings.DERIVED_CACHE_ENTRIES = 0  # each page from the database, in whatever order it gives ties
    everyone = sorted(PrisonerFactory(display_name="Fictional Same Name").pk for _ in range(9))
    same = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    Prisoner.objects.update(updated_at=same, created_at=same)

    seen, url = [], f"{URL}?page_size=2&ordering={ordering}"
    while url:
        page = api_client.get(url).json()
        seen += [person["id"] for person in page["results"]]
        url = page["next"]

    assert sorted(seen) == everyone


@pytest.mark.parametrize("ordering", ["-updated_at", "display_name"])
def test_following_previous_back_from_the_last_page_through_ties_shows_each_once_in_order(
    api_client, settings, ordering
):
    settings.DERIVED_CACHE_ENTRIES = 0
    for _ in range(9):
        PrisonerFactory(display_name="Fictional Same Name")
    same = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    Prisoner.objects.update(updated_at=same)
    forward, url, last = [], f"{URL}?page_size=2&ordering={ordering}", None
    while url:
        last = api_client.get(url).json()
        forward += [person["id"] for person in last["results"]]
        url = last["next"]

    backward, url = [], last["previous"]
    while url:
        page = api_client.get(url).json()
        backward = [person["id"] for person in page["results"]] + backward
        url = page["previous"]

    assert backward == forward[: -len(last["results"])]


def test_a_tie_group_larger_than_any_offset_still_pages_to_its_end(api_client, settings):
    settings.DERIVED_CACHE_ENTRIES = 0
    people = [Prisoner(display_name=f"Fictional Bulk {i}", visibility="public", is_synthetic=True) for i in range(1600)]
    Prisoner.objects.bulk_create(people)
    Prisoner.objects.update(updated_at=dt.datetime(2024, 1, 1, tzinfo=dt.UTC))

    seen, url = [], f"{URL}?page_size=500&ordering=-updated_at"
    for _ in range(8):  # four pages hold everyone; an offset that stops growing would page forever
        page = api_client.get(url).json()
        seen += [person["id"] for person in page["results"]]
        url = page["next"]
        if not url:
            break

    assert url is None
    assert len(seen) == len(set(seen)) == 1600


def test_a_page_past_the_end_links_back_to_the_last_page(api_client):
    people = [PrisonerFactory(display_name=f"Fictional {letter}") for letter in "ABCDE"]
    second = api_client.get(api_client.get(URL, {"page_size": 2}).json()["next"]).json()
    Prisoner.objects.filter(pk__in=[p.pk for p in people[2:]]).delete()

    emptied = api_client.get(second["next"]).json()
    back = api_client.get(emptied["previous"]).json()

    assert emptied["results"] == [] and emptied["next"] is None
    assert [p["display_name"] for p in back["results"]] == ["Fictional A", "Fictional B"]
    assert back["previous"] is None and back["next"] is None


def test_it_refuses_a_page_size_over_the_limit(api_client, settings):
    settings.API_MAX_PAGE_SIZE = 10

    response = api_client.get(URL, {"page_size": 11})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]


def _full_person() -> None:
    prisoner = PlacementFactory().custody.prisoner
    PrisonerNameFactory(prisoner=prisoner)
    ChargeFactory(conviction__prisoner=prisoner)
    EventFactory(prisoner=prisoner)


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, django_assert_num_queries):
    for _ in range(8):
        _full_person()
    with CaptureQueriesContext(connection) as one_row:
        assert len(api_client.get(URL, {"page_size": 1}).json()["results"]) == 1

    with django_assert_num_queries(len(one_row)):
        assert len(api_client.get(URL, {"page_size": 8}).json()["results"]) == 8


def test_it_refuses_a_changed_since_moment_outside_the_registrys_era(api_client):
    # Found by schemathesis: year 11 with a local-time offset PostgreSQL cannot store.
    response = api_client.get(URL, {"updated_since": "0011-05-01T00:45:08+01:50"})

    assert response.status_code == 400
    assert "updated_since" in response.json()["errors"]


def paged_forward_and_back(api_client, url: str) -> tuple[list[int], list[int]]:
    """The ids of every page from `url` on, following `next` links, and then back, following `previous` links."""
    forward, last = [], None
    while url:
        last = api_client.get(url).json()
        forward += [p["id"] for p in last["results"]]
        url = last["next"]
    backward, url = [p["id"] for p in last["results"]], last["previous"]
    while url:
        page = api_client.get(url).json()
        backward = [p["id"] for p in page["results"]] + backward
        url = page["previous"]
    return forward, backward


def test_paging_a_name_search_forward_and_back_shows_every_match_once_in_rank_order(api_client, settings):
    settings.DERIVED_CACHE_ENTRIES = 0
    for _ in range(7):
        PrisonerFactory(display_name="Fiktyuny Same")  # tie on the rank and on the name: the id settles it
    PrisonerFactory(display_name="Fiktyuny Same Longer")
    PrisonerFactory(display_name="Aaa Fiktyuny Same Longest")
    whole = [p["id"] for p in api_client.get(URL, {"q": "Fiktyuny Same", "page_size": 100}).json()["results"]]

    forward, backward = paged_forward_and_back(api_client, f"{URL}?q=Fiktyuny+Same&page_size=2")

    assert len(whole) == 9
    assert forward == backward == whole


def test_paging_a_crowd_forward_and_back_shows_every_one_of_them_once_in_rank_order(api_client, settings, monkeypatch):
    settings.DERIVED_CACHE_ENTRIES = 0
    monkeypatch.setattr(search, "CROWD", 3)  # a one-word query that more people hold whole is walked from their words
    for given in ["", "Ivan ", "Hanna ", "Volha ", "Aliaksandra ", "Siarhei "] * 2:
        PrisonerFactory(display_name=f"{given}Fiktyuny")  # ties on the rank and on the name: the id settles them
    whole = [p["id"] for p in api_client.get(URL, {"q": "Fiktyuny", "page_size": 100}).json()["results"]]

    forward, backward = paged_forward_and_back(api_client, f"{URL}?q=Fiktyuny&page_size=5")

    monkeypatch.setattr(search, "CROWD", 10_000)
    ranked = [p["id"] for p in api_client.get(URL, {"q": "Fiktyuny", "page_size": 100}).json()["results"]]
    assert len(whole) == 12
    assert forward == backward == whole == ranked


def test_a_name_search_lists_the_best_match_first_on_every_page(api_client):
    # Both hold every word; by name order the longer name would come first, by match quality the exact one.
    PrisonerFactory(display_name="Aaa Fiktyuny Ranking")
    PrisonerFactory(display_name="Zzz Fiktyuny")  # not every word: not found while others hold them all
    exact = PrisonerFactory(display_name="Fiktyuny Ranking")

    first_page = api_client.get(URL, {"q": "Fiktyuny Ranking", "page_size": 1}).json()
    second_page = api_client.get(first_page["next"]).json()
    whole = names(api_client.get(URL, {"q": "Fiktyuny Ranking"}))
    by_name = names(api_client.get(URL, {"q": "Fiktyuny Ranking", "ordering": "display_name"}))

    assert whole == [exact.display_name, "Aaa Fiktyuny Ranking"]
    assert [p["display_name"] for p in first_page["results"] + second_page["results"]] == whole
    assert by_name == ["Aaa Fiktyuny Ranking", exact.display_name]
