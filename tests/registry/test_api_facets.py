"""Facet counts for a filtered set: anonymous people counted, private people never, names never searched."""

import pytest

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics/facets/"


def test_it_counts_anonymous_people_but_not_private_ones(api_client, three_people):
    body = api_client.get(URL).json()

    assert body["status"] == {"in_custody": 2}
    assert body["sex"] == {"female": 2}
    assert sorted(body["article"]) == ["900", "910"]  # the private person's article 920 is absent


def test_it_applies_the_prisoner_filters(api_client, three_people):
    body = api_client.get(URL, {"article": "910"}).json()

    assert body["status"] == {"in_custody": 1}


def test_a_name_search_never_counts_people_whose_names_are_withheld(api_client, three_people):
    assert api_client.get(URL, {"q": "anonymous"}).json()["status"] == {}
    assert api_client.get(URL, {"q": "Выдуманая"}).json()["status"] == {"in_custody": 1}


def test_it_refuses_a_bad_filter_with_a_message(api_client):
    response = api_client.get(URL, {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_it_runs_four_queries_plus_the_freshness_check(api_client, three_people, django_assert_num_queries):
    with django_assert_num_queries(5):
        api_client.get(URL)
