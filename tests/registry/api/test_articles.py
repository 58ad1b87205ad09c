"""Criminal code articles and regions: reference lists with filters."""

import pytest

from tests.factories import ArticleFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_it_lists_articles_with_their_code(api_client):
    ArticleFactory(number="342", title_en="Fictional title", is_extremism_related=True)
    ArticleFactory(number="130")

    rows = api_client.get("/api/v1/articles/", {"is_extremism_related": "true"}).json()["results"]

    assert [(r["label"], r["title_en"]) for r in rows] == [("CC BY art. 342", "Fictional title")]


def test_it_streams_articles_as_csv(api_client):
    ArticleFactory(number="342")

    text = b"".join(api_client.get("/api/v1/articles.csv", {"number": "342"}).streaming_content).decode()

    assert text.splitlines()[1].split(",")[1:4] == ["CC BY", "BY", "342"]


def test_it_lists_regions_by_slug(api_client):
    RegionFactory(slug="fictional", name_en="Fictional Region")

    assert api_client.get("/api/v1/regions/fictional/").json()["name_en"] == "Fictional Region"


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, django_assert_num_queries):
    for _ in range(5):
        ArticleFactory()
    with django_assert_num_queries(2):  # freshness check + the page (code joined)
        api_client.get("/api/v1/articles/", {"page_size": 1})
    with django_assert_num_queries(2):
        assert len(api_client.get("/api/v1/articles/", {"page_size": 5}).json()["results"]) == 5
