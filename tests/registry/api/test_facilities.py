"""Facilities: addresses for letters and how many publicly counted people are held there now."""

import pytest

from tests.factories import FacilityFactory, PlacementFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/facilities/"


def test_it_counts_named_and_anonymous_people_held_there_now_but_not_private_ones(api_client):
    facility = FacilityFactory()
    for visibility in ("public", "anonymous", "private"):
        PlacementFactory(facility=facility, custody__prisoner__visibility=visibility)

    body = api_client.get(f"{URL}{facility.pk}/").json()

    assert body["held_count"] == 2
    assert body["postal_address"] == facility.postal_address


def test_it_filters_by_kind(api_client):
    FacilityFactory(kind="sizo", name_en="Fictional SIZO")
    FacilityFactory(kind="colony")

    rows = api_client.get(URL, {"kind": "sizo"}).json()["results"]

    assert [row["name_en"] for row in rows] == ["Fictional SIZO"]


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
