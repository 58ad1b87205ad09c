"""Facilities: addresses for letters and how many publicly counted people are held there now."""

import csv
import io

import pytest

from tests.factories import FacilityFactory, PlacementFactory, RegionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/facilities/"


@pytest.mark.parametrize(("anonymous", "held"), [(0, 1), (1, 1), (4, 1), (5, 6)])
def test_it_counts_anonymous_people_held_there_now_only_when_none_or_enough_and_private_ones_never(
    api_client, anonymous, held
):
    facility = FacilityFactory()
    for visibility in ["public", "private"] + ["anonymous"] * anonymous:
        PlacementFactory(facility=facility, custody__prisoner__visibility=visibility)

    body = api_client.get(f"{URL}{facility.pk}/").json()
    exported = b"".join(api_client.get("/api/v1/facilities.csv").streaming_content).decode("utf-8-sig")

    assert body["held_count"] == held
    assert [row["held_count"] for row in csv.DictReader(io.StringIO(exported))] == [str(held)]
    assert body["postal_address"] == facility.postal_address


def test_it_filters_by_kind(api_client):
    FacilityFactory(kind="sizo", name_en="Fictional SIZO")
    FacilityFactory(kind="colony")

    rows = api_client.get(URL, {"kind": "sizo"}).json()["results"]

    assert [row["name_en"] for row in rows] == ["Fictional SIZO"]


def test_it_filters_by_region_and_refuses_a_region_that_does_not_exist(api_client):
    brest, grodno = RegionFactory(slug="fictional-brest"), RegionFactory(slug="fictional-grodno")
    FacilityFactory(region=brest, name_en="Fictional Brest SIZO")
    FacilityFactory(region=grodno, name_en="Fictional Grodno colony")
    FacilityFactory(region=None)

    rows = api_client.get(URL, {"region": "fictional-brest"}).json()["results"]
    both = api_client.get(f"{URL}?region=fictional-brest&region=fictional-grodno").json()["results"]
    nowhere = api_client.get(URL, {"region": "nowhere"})

    assert [row["name_en"] for row in rows] == ["Fictional Brest SIZO"]
    assert len(both) == 2
    assert nowhere.status_code == 400
    assert "nowhere" in str(nowhere.json())


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, django_assert_num_queries):
    for _ in range(5):
        PlacementFactory()
    with django_assert_num_queries(2):  # freshness check + the page
        api_client.get(URL, {"page_size": 1})
    with django_assert_num_queries(2):
        assert len(api_client.get(URL, {"page_size": 5}).json()["results"]) == 5


def test_it_streams_facilities_as_csv(api_client):
    FacilityFactory(name_en="Fictional Colony X")

    response = api_client.get("/api/v1/facilities.csv")

    assert response["Content-Type"].startswith("text/csv")
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("id,kind,number,name_en")
    assert "Fictional Colony X" in lines[1]
