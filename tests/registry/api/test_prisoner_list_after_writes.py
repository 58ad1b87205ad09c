"""A kept API list page after a write (registry.api.people, CachedReadMixin's recheck): served again only when the
page's people, their versions and its links are unchanged; otherwise computed afresh — never stale."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry.db import freshness
from registry.queries.prepared import GENERIC
from tests.factories import EventFactory
from tests.kept_answers import WRITES, people

pytestmark = pytest.mark.django_db
LIST = "/api/v1/prisoners/"


def urls(api_client) -> list[str]:
    """The first two pages of two lists, a filtered list and a name search."""
    first = f"{LIST}?page_size=2"
    second = api_client.get(first).json()["next"]
    return [first, second, f"{LIST}?page_size=2&ordering=-updated_at", f"{LIST}?status=in_custody", f"{LIST}?q=testavy"]


def asked_at_two_versions(api_client, asked: list[str]) -> None:
    """Each URL answered, then answered again after a write that changes nothing shown: a first answer notes only
    that it was asked, the second what it is made of."""
    for url in asked:
        api_client.get(url)
    freshness.claim_write()  # the data version moves, nothing else
    for url in asked:
        api_client.get(url)


def computed_afresh(api_client, settings, url: str) -> dict:
    entries, settings.DERIVED_CACHE_ENTRIES = settings.DERIVED_CACHE_ENTRIES, 0
    try:
        return api_client.get(url).json()
    finally:
        settings.DERIVED_CACHE_ENTRIES = entries


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_after_a_write_every_kept_page_equals_one_computed_afresh(api_client, settings, write):
    named = people()
    asked = urls(api_client)
    asked_at_two_versions(api_client, asked)

    write(named)

    for url in asked:
        assert api_client.get(url).json() == computed_afresh(api_client, settings, url), url


def test_a_kept_page_is_served_after_a_write_about_someone_not_on_it(api_client, django_assert_num_queries):
    named = people()
    url = f"{LIST}?page_size=2"
    asked_at_two_versions(api_client, [url])
    first = api_client.get(url)

    EventFactory(prisoner=named["Ema"])

    with django_assert_num_queries(2):  # the data version; the page's people and versions — no documents
        again = api_client.get(url)
    assert again.content == first.content
    assert again["ETag"] != first["ETag"]  # a new data version: conditional requests still revalidate
    with django_assert_num_queries(1):  # kept under the new version too
        api_client.get(url)


def test_a_kept_page_is_computed_again_after_a_write_about_someone_on_it(api_client, django_assert_num_queries):
    named = people()
    url = f"{LIST}?page_size=2"
    asked_at_two_versions(api_client, [url])

    EventFactory(prisoner=named["Adam"], description="Fictional event written after the page was kept.")

    with django_assert_num_queries(3):  # the data version; the page's people and versions; their documents
        again = api_client.get(url)
    assert "Fictional event written after the page was kept." in again.content.decode()


def test_a_name_search_is_computed_again_after_any_write(api_client, django_assert_max_num_queries):
    named = people()
    url = f"{LIST}?q=testavy+ema"
    asked_at_two_versions(api_client, [url])

    EventFactory(prisoner=named["Adam"])

    with django_assert_max_num_queries(20) as captured:
        api_client.get(url)
    # The documents read again: by the filter set's queries, or by the first page's prepared statement.
    run = [query["sql"].removeprefix(GENERIC) for query in captured.captured_queries]
    read = [sql for sql in run if sql.startswith("EXECUTE registry_search_")]
    assert read or any("registry_persondocument" in query["sql"] for query in captured.captured_queries)


def test_a_first_answer_reads_no_versions_and_the_next_at_a_later_version_does(api_client):
    people()
    url = f"{LIST}?page_size=2"

    with CaptureQueriesContext(connection) as first:
        api_client.get(url)
    freshness.claim_write()  # the data version moves, nothing else
    with CaptureQueriesContext(connection) as second:
        api_client.get(url)

    assert "registry_personversion v" not in first.captured_queries[-1]["sql"]
    assert "registry_personversion v" in second.captured_queries[-1]["sql"]


def test_a_client_holding_an_unchanged_page_is_answered_not_modified_after_a_write(api_client):
    named = people()
    url = f"{LIST}?page_size=2"
    asked_at_two_versions(api_client, [url])
    held = api_client.get(url)

    EventFactory(prisoner=named["Ema"])  # not on the page
    unchanged = api_client.get(url, HTTP_IF_NONE_MATCH=held["ETag"])
    EventFactory(prisoner=named["Adam"])  # on the page
    changed = api_client.get(url, HTTP_IF_NONE_MATCH=unchanged["ETag"])

    assert unchanged.status_code == 304 and unchanged["ETag"] != held["ETag"]
    assert changed.status_code == 200 and changed["ETag"] != unchanged["ETag"]


def test_a_version_number_issued_again_after_a_restore_does_not_pass_for_the_old_one(api_client):
    named = people()
    url = f"{LIST}?page_size=2"
    asked_at_two_versions(api_client, [url])
    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM registry_personversion WHERE prisoner_id = %s", [named["Adam"].pk])
        (number,) = cursor.fetchone()

    EventFactory(prisoner=named["Adam"], description="Fictional event after a restore.")
    with connection.cursor() as cursor:  # as after a restore: the same number again, at another moment
        cursor.execute(
            "UPDATE registry_personversion SET version = %s WHERE prisoner_id = %s", [number, named["Adam"].pk]
        )

    assert "Fictional event after a restore." in api_client.get(url).content.decode()
