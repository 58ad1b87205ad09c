"""Facet counts for a filtered set: anonymous people counted, private people never, names never searched."""

import pytest

from registry.models import Article, Prisoner, Source
from tests.factories import ChargeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/statistics/facets/"


@pytest.fixture
def count_even_one_anonymous_person(settings):
    # These tests are about who is counted at all; the small-cell threshold is tested in test_small_cells.
    settings.STATISTICS_MIN_ANONYMOUS = 1


def test_it_counts_anonymous_people_but_not_private_ones(api_client, three_people, count_even_one_anonymous_person):
    body = api_client.get(URL).json()

    assert body["status"] == {"in_custody": 2}
    assert body["sex"] == {"female": 2}
    assert sorted(body["article"]) == ["900", "910"]  # the private person's article 920 is absent


def test_it_applies_the_prisoner_filters(api_client, three_people, count_even_one_anonymous_person):
    body = api_client.get(URL, {"article": "910"}).json()

    assert body["status"] == {"in_custody": 1}


def test_a_name_search_never_counts_people_whose_names_are_withheld(api_client, three_people):
    assert api_client.get(URL, {"q": "anonymous"}).json()["status"] == {}
    assert api_client.get(URL, {"q": "Выдуманая"}).json()["status"] == {"in_custody": 1}


def test_it_refuses_a_bad_filter_with_a_message(api_client):
    response = api_client.get(URL, {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_filters_the_tallies_hold_are_counted_from_them_in_two_queries(
    api_client, three_people, django_assert_num_queries
):
    # The counts' version (for the response and the facet cache the site's list pages share), then every facet
    # over the tallies in one statement, each row's named and withheld people (the small-cell rule) apart.
    with django_assert_num_queries(2) as captured:
        api_client.get(URL, {"status": "in_custody", "sex": "female"})
    facets = captured.captured_queries[-1]["sql"]
    assert facets.count('FROM "registry_peopletally"') == 3 and facets.count('FROM "registry_articletally"') == 1
    assert not any('FROM "registry_prisoner"' in query["sql"] for query in captured.captured_queries)


def test_other_filters_count_the_set_itself_in_two_queries(api_client, three_people, django_assert_num_queries):
    # The filtered version (for the response and the facet cache the site's list pages share:
    # freshness.filtered_current), then every facet from one reading of the set, each row's named and withheld people
    # (the small-cell rule) apart.
    with django_assert_num_queries(2) as captured:
        api_client.get(URL, {"article": "910"})
    assert not any("tally" in query["sql"] for query in captured.captured_queries)
    assert captured.captured_queries[-1]["sql"].count('FROM "registry_prisoner"') == 1


def test_a_repeated_request_is_answered_from_the_cache_with_one_query(
    api_client, three_people, django_assert_num_queries
):
    first = api_client.get(URL)
    with django_assert_num_queries(1):
        again = api_client.get(URL)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]


def test_an_answer_outlives_an_edit_no_filter_reads_and_changes_with_one_they_read(
    api_client, three_people, count_even_one_anonymous_person
):
    first = api_client.get(URL, {"article": "910"})
    Source.objects.update(title="A corrected fictional report")
    Prisoner.objects.filter(pk=three_people["public"].pk).update(biography="Fictional biography.")

    assert api_client.get(URL, {"article": "910"}, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304

    ChargeFactory(conviction__prisoner=three_people["public"], article=Article.objects.get(number="910"))
    after = api_client.get(URL, {"article": "910"}, HTTP_IF_NONE_MATCH=first["ETag"])

    assert after.status_code == 200
    assert first.json()["status"] == {"in_custody": 1}
    assert after.json()["status"] == {"in_custody": 2}
