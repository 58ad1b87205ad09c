"""The data version and the caches keyed by it: every write invalidates, nothing hidden survives in a cache."""

import datetime as dt
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from registry import services
from registry.db import freshness, version_triggers
from registry.models import Prisoner
from tests.factories import CustodyFactory, PrisonerFactory, PrisonerNameFactory, RegionFactory

pytestmark = pytest.mark.django_db
LIST = "/api/v1/prisoners/"
VERSION_QUERY = "SELECT version, changed_at FROM registry_dataversion WHERE id = 1"


def test_every_table_of_the_registry_and_pardons_carries_the_version_trigger():
    tables = version_triggers.versioned_tables()

    assert {"registry_prisoner", "registry_charge", "pardons_pardon", "registry_custody_sources"} <= set(tables)
    assert not any(t.startswith("registry_historical") or t == "registry_dataversion" for t in tables)
    assert version_triggers.tables_without_trigger() == []


def test_the_database_check_names_a_table_that_lost_its_trigger():
    assert version_triggers.check_triggers(databases=["default"]) == []

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {version_triggers.TRIGGER} ON registry_event")
    errors = version_triggers.check_triggers(databases=["default"])

    assert [e.id for e in errors] == ["registry.W001"]
    assert "registry_event" in errors[0].msg


@pytest.mark.parametrize(
    ("table", "trigger"),
    [
        ("registry_heldtally", f"{version_triggers.COUNTS_TRIGGER}_insert"),
        ("registry_contact", version_triggers.RISKS_TRIGGER),
        ("registry_prisoner", f"{version_triggers.RISKS_TRIGGER}_update"),
        ("registry_placement", version_triggers.FILTERED_TRIGGER),
        ("registry_prisoner", f"{version_triggers.FILTERED_TRIGGER}_update"),
    ],
)
def test_the_database_check_names_a_table_that_lost_the_trigger_of_a_kept_figures_version(table, trigger):
    assert version_triggers.tables_without_derived_triggers() == []

    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {trigger} ON {table}")
    errors = version_triggers.check_triggers(databases=["default"])

    assert [e.id for e in errors] == ["registry.W001"]
    assert table in errors[0].msg


def test_a_write_through_the_orm_bumps_the_version_and_a_read_does_not():
    before = freshness.current()
    assert freshness.current() == before

    PrisonerFactory()

    after = freshness.current()
    assert after.number != before.number
    assert after.changed_at is not None


def test_raw_sql_bumps_the_version_too():
    prisoner = PrisonerFactory()
    before = freshness.current()

    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_prisoner SET occupation = 'Fictional' WHERE id = %s", [prisoner.pk])

    assert freshness.current().number != before.number


def test_a_repeated_read_is_served_from_the_cache_with_only_the_version_query(api_client, django_assert_num_queries):
    PrisonerNameFactory()
    first = api_client.get(LIST)

    with django_assert_num_queries(1):
        again = api_client.get(LIST)

    assert again.status_code == 200
    assert again.json() == first.json()
    assert again["ETag"] == first["ETag"]
    assert again["Content-Type"] == first["Content-Type"]


def test_a_response_larger_than_the_limit_even_compressed_is_not_kept(api_client, settings, django_assert_num_queries):
    settings.DERIVED_CACHE_MAX_BYTES = 100
    PrisonerNameFactory()
    api_client.get(LIST)

    with django_assert_num_queries(2):  # computed again: the version, the page with its documents
        api_client.get(LIST)


def test_a_response_over_the_limit_is_kept_compressed_and_served_as_it_was(
    api_client, settings, django_assert_num_queries
):
    for _ in range(3):
        PrisonerNameFactory()
    first = api_client.get(LIST)
    caches[freshness.CACHE].clear()
    settings.DERIVED_CACHE_MAX_BYTES = len(first.content) - 1  # compresses to well under it: JSON repeats itself
    api_client.get(LIST)

    with django_assert_num_queries(1):  # the version only: the page from the cache
        again = api_client.get(LIST)

    assert again.content == first.content
    assert again["ETag"] == first["ETag"] and again["Content-Type"] == first["Content-Type"]


def test_a_release_shows_at_once_after_the_list_was_cached(api_client):
    custody = CustodyFactory()
    assert api_client.get(LIST).json()["results"][0]["status"] == "in_custody"

    services.release(prisoner=custody.prisoner, released_on=dt.date(2024, 7, 3), reason="served")

    assert api_client.get(LIST).json()["results"][0]["status"] == "released"


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_person_hidden_after_their_page_was_cached_is_gone_from_every_cached_answer(api_client, visibility):
    prisoner = PrisonerFactory(display_name="Fictional Hidden Later")
    assert api_client.get(f"{LIST}{prisoner.pk}/").status_code == 200
    assert "Fictional Hidden Later" in api_client.get(LIST).content.decode()

    Prisoner.objects.filter(pk=prisoner.pk).update(visibility=visibility)

    assert api_client.get(f"{LIST}{prisoner.pk}/").status_code == 404
    assert "Fictional Hidden Later" not in api_client.get(LIST).content.decode()


def test_staff_requests_neither_read_nor_fill_the_cache(client, staff_user, django_assert_max_num_queries):
    PrisonerNameFactory()
    client.force_login(staff_user)
    client.get(LIST)

    with django_assert_max_num_queries(100) as captured:
        client.get(LIST)

    assert any("registry_prisoner" in q["sql"] for q in captured.captured_queries)
    assert freshness.caches[freshness.CACHE]._cache == {}


def test_throttling_still_applies_to_cached_answers(api_client, settings):
    settings.API_ANON_RATE = "2/minute"
    PrisonerFactory()

    statuses = [api_client.get(LIST).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_with_no_cache_entries_every_read_is_computed(api_client, settings, django_assert_num_queries):
    settings.DERIVED_CACHE_ENTRIES = 0
    PrisonerNameFactory()
    api_client.get(LIST)

    with django_assert_num_queries(2):  # the version, the page of people with their documents
        api_client.get(LIST)


def test_the_site_list_facets_follow_a_change(client):
    custody = CustodyFactory(prisoner__display_name="Fictional Facet Person")
    in_custody = {"status": "in_custody"}
    assert client.get("/prisoners/", in_custody).context["total"] == 1

    services.release(prisoner=custody.prisoner, released_on=dt.date(2024, 7, 3), reason="served")

    assert client.get("/prisoners/", in_custody).context["total"] == 0
    assert client.get("/prisoners/", {"status": "released"}).context["total"] == 1


# ---- public pages (registry.site.page_cache.public_page) ----


def test_a_repeated_page_is_served_from_the_cache_with_only_the_version_query(client, django_assert_num_queries):
    person = PrisonerNameFactory().prisoner
    first = client.get(f"/prisoners/{person.pk}/")

    with django_assert_num_queries(1):
        again = client.get(f"/prisoners/{person.pk}/")

    assert again.status_code == 200
    assert again.content.split(b"csrfmiddlewaretoken")[1:] != first.content.split(b"csrfmiddlewaretoken")[1:]
    assert again.content.replace(_token(again), b"") == first.content.replace(_token(first), b"")


def _token(response) -> bytes:
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', response.content).group(1)


def test_the_language_switch_works_from_a_cached_page():
    from django.test import Client

    reader = Client(enforce_csrf_checks=True)
    PrisonerFactory()
    reader.get("/prisoners/")
    cached = reader.get("/prisoners/")

    switched = reader.post(
        "/i18n/setlang/", {"language": "be", "next": "/prisoners/", "csrfmiddlewaretoken": _token(cached).decode()}
    )

    assert switched.status_code == 302
    assert reader.get("/prisoners/").content.decode().startswith("<!doctype html>")
    assert 'lang="be"' in reader.get("/prisoners/").content.decode()


@pytest.mark.parametrize("path", ["/prisoners/{pk}/", "/api/v1/prisoners/{pk}/", "/api/v1/prisoners/"])
def test_each_scheme_and_host_the_site_is_served_under_has_its_own_kept_answer(client, settings, path):
    settings.ALLOWED_HOSTS = ["testserver", "mirror.example.org"]
    url = path.format(pk=PrisonerNameFactory().prisoner.pk)
    client.get(url)  # kept for http://testserver

    answers = [
        client.get(url, HTTP_HOST="mirror.example.org").content.decode(),
        client.get(url, HTTP_HOST="mirror.example.org", secure=True).content.decode(),
    ]

    assert "http://mirror.example.org/" in answers[0] and "testserver" not in answers[0]
    assert "https://mirror.example.org/" in answers[1] and "http://mirror" not in answers[1]


def test_each_language_has_its_own_cached_page(client):
    PrisonerFactory()
    english = client.get("/prisoners/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    russian = client.get("/prisoners/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert 'lang="en"' in english and 'lang="ru"' in russian
    assert 'lang="en"' in client.get("/prisoners/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_page_cached_before_a_person_was_hidden_is_not_served_after(client, visibility):
    prisoner = PrisonerFactory(display_name="Fictional Hidden Page")
    assert client.get(f"/prisoners/{prisoner.pk}/").status_code == 200
    assert "Fictional Hidden Page" in client.get("/prisoners/").content.decode()

    Prisoner.objects.filter(pk=prisoner.pk).update(visibility=visibility)

    assert client.get(f"/prisoners/{prisoner.pk}/").status_code == 404
    assert "Fictional Hidden Page" not in client.get("/prisoners/").content.decode()


def test_signed_in_staff_always_get_a_fresh_page(client, staff_user, django_assert_max_num_queries):
    PrisonerFactory()
    client.force_login(staff_user)
    client.get("/prisoners/")

    with django_assert_max_num_queries(100) as captured:
        client.get("/prisoners/")

    assert any("registry_prisoner" in q["sql"] for q in captured.captured_queries)


@pytest.mark.parametrize(
    "path", ["/prisoners/?region=fictional-north&status=in_custody", "/prisoners/?q=Fictional", "/api/v1/prisoners/"]
)
def test_a_reading_request_reads_the_data_version_once_however_many_parts_it_keeps(client, path):
    RegionFactory(slug="fictional-north")
    PrisonerFactory(display_name="Fictional Once")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, {"region": "fictional-north"} if path.startswith("/api/") else {})

    assert response.status_code == 200
    assert [q["sql"] for q in queries.captured_queries].count(VERSION_QUERY) == 1


@pytest.mark.parametrize(("method", "same"), [("GET", True), ("HEAD", True), ("POST", False)])
def test_within_a_reading_request_the_version_is_read_once_and_a_write_request_reads_it_afresh(rf, method, same):
    seen = []

    def view(request):
        seen.append(freshness.current())
        freshness.claim_write()  # as another writer's commit would, between two parts of the answer
        seen.append(freshness.current())
        return HttpResponse()

    freshness.OneVersionPerRequest(view)(rf.generic(method, "/"))

    assert (seen[0] == seen[1]) is same
    assert freshness.current() != seen[0]  # outside a request, read every time
