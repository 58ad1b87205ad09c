"""ETag / Last-Modified on public reads: a client that has the current version gets 304."""

import pytest

from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/prisoners/"


def test_a_read_carries_an_etag_and_last_modified(api_client):
    PrisonerFactory()

    response = api_client.get(URL)

    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")


def test_an_unchanged_list_answers_304_to_its_etag(api_client, django_assert_num_queries):
    PrisonerFactory()
    etag = api_client.get(URL)["ETag"]

    with django_assert_num_queries(1):  # only the freshness check
        response = api_client.get(URL, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag


def test_an_unchanged_list_answers_304_to_if_modified_since(api_client):
    PrisonerFactory()
    last_modified = api_client.get(URL)["Last-Modified"]

    assert api_client.get(URL, HTTP_IF_MODIFIED_SINCE=last_modified).status_code == 304


def test_any_change_gives_a_new_etag(api_client):
    prisoner = PrisonerFactory()
    etag = api_client.get(URL)["ETag"]

    prisoner.occupation = "Fictional changed occupation"
    prisoner.save()

    assert api_client.get(URL, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_hiding_a_person_changes_the_etag(api_client):
    prisoner = PrisonerFactory()
    etag = api_client.get(f"{URL}{prisoner.pk}/")["ETag"]

    prisoner.visibility = "private"
    prisoner.save()

    assert api_client.get(f"{URL}{prisoner.pk}/", HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_different_filters_have_different_etags(api_client):
    assert api_client.get(URL)["ETag"] != api_client.get(URL, {"status": "released"})["ETag"]


def test_statistics_carry_validators_too(api_client):
    etag = api_client.get("/api/v1/statistics/headline/")["ETag"]

    assert api_client.get("/api/v1/statistics/headline/", HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize(
    "path",
    ["", "{pk}/", "?format=csv", "../statistics/headline/", "../decrees/", "../facilities/"],
)
def test_no_shared_cache_may_keep_an_api_answer_first_read_or_kept(api_client, path):
    person = PrisonerFactory()
    url = (URL + path.format(pk=person.pk)).replace("prisoners/../", "")

    first, kept = api_client.get(url), api_client.get(url)  # the second comes from the response cache

    assert first.status_code == kept.status_code == 200, url
    assert first["Cache-Control"] == kept["Cache-Control"] == "private, no-cache", url


def test_an_unchanged_persons_document_answers_304_to_its_etag_with_one_query(api_client, django_assert_num_queries):
    prisoner = PrisonerFactory()
    etag = api_client.get(f"{URL}{prisoner.pk}/")["ETag"]

    with django_assert_num_queries(1):  # the person's version, read with their document
        response = api_client.get(f"{URL}{prisoner.pk}/", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
