"""Sources: listed only when cited by something public, so a report about a hidden person stays hidden."""

import pytest

from tests.factories import ConvictionFactory, PardonDecreeFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/sources/"


def titles(response) -> list[str]:
    return sorted(row["title"] for row in response.json()["results"])


def test_it_lists_sources_cited_by_a_named_person_but_not_by_hidden_ones(api_client, three_people):
    assert titles(api_client.get(URL)) == ["Report about the public person"]


def test_it_hides_a_source_cited_only_by_a_hidden_persons_conviction(api_client, three_people):
    source = SourceFactory(title="Verdict report")
    ConvictionFactory(prisoner=three_people["private"]).sources.add(source)

    assert api_client.get(f"{URL}{source.pk}/").status_code == 404
    assert "Verdict report" not in titles(api_client.get(URL))


def test_it_lists_sources_cited_by_a_decree(api_client):
    PardonDecreeFactory().sources.add(SourceFactory(title="Announcement"))

    assert titles(api_client.get(URL)) == ["Announcement"]


def test_it_streams_the_same_sources_as_csv(api_client, three_people):
    response = api_client.get("/api/v1/sources.csv")
    text = b"".join(response.streaming_content).decode()

    assert "Report about the public person" in text
    assert "anonymous" not in text
    assert "private" not in text


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, django_assert_num_queries):
    for _ in range(5):
        PardonDecreeFactory().sources.add(SourceFactory())
    with django_assert_num_queries(3):  # freshness check + the page + the page's public evidence files
        api_client.get(URL, {"page_size": 1})
    with django_assert_num_queries(3):
        assert len(api_client.get(URL, {"page_size": 5}).json()["results"]) == 5
