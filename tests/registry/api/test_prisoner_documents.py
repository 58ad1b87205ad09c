"""The SQL-built prisoner documents are exactly what PrisonerSerializer gives, for every kind of record."""

import datetime as dt

import pytest
from django.core.management import call_command
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory

from pardons import services as pardon_services
from registry import services
from registry.api import prisoner_documents as prisoner_json
from registry.api.people import prisoner_queryset
from registry.api.serializers import PrisonerSerializer
from registry.db import freshness
from registry.models import Prisoner
from registry.queries.documents import read_document
from tests.factories import (
    ArticleFactory,
    ChargeFactory,
    ConvictionFactory,
    CriminalCodeFactory,
    CustodyFactory,
    EventFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PlacementFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def both_ways(people=None):
    """(what the DRF serializer gives, what prisoner_json gives) for the published people, in the API's order."""
    request = APIRequestFactory().get("/api/v1/prisoners/", HTTP_HOST="testserver")
    context = {"request": Request(request)}
    published = people if people is not None else Prisoner.objects.published()
    via_drf = PrisonerSerializer(prisoner_queryset().filter(pk__in=published), many=True, context=context).data
    instances = list(Prisoner.objects.filter(pk__in=published).order_by("display_name", "pk"))
    via_sql = prisoner_json.documents(instances, context)
    return [dict(d) for d in via_drf], via_sql


def a_person_with_every_kind_of_record() -> Prisoner:
    region = RegionFactory()
    person = PrisonerFactory(
        display_name="Fictional Everything",
        region=region,
        sex="female",
        birth_date=dt.date(1970, 1, 1),
        birth_date_precision="year",
        recognised_on=dt.date(2021, 6, 1),
        recognised_on_precision="month",
        recognised_by="Viasna",
        occupation="Fictional teacher",
        biography="Fictional biography with “quotes”, a backslash \\ and Кірыліца.",
    )
    for language, kind, full in [
        ("be", "primary", "Выдуманая Усёўна"),
        ("ru", "primary", "Выдуманная Всёвна"),
        ("en", "primary", "Vydumanaja Usiouna"),
        ("en", "variant", "Vydumanaya Usyouna"),
        ("be-latn", "primary", "Vydumanaja Usioŭna"),
    ]:
        PrisonerNameFactory(prisoner=person, language=language, kind=kind, full_name=full, last_name=full.split()[0])
    undated, older, newer = (
        SourceFactory(title="Same title", published_on=None),
        SourceFactory(title="Same title", published_on=dt.date(2022, 1, 5)),
        SourceFactory(title="Another", published_on=dt.date(2024, 3, 9)),
    )
    twin = SourceFactory(title="Same title", published_on=dt.date(2022, 1, 5))
    person.sources.set([older, newer, undated, twin])
    other_code = CriminalCodeFactory(country="RU", short_name="CC RF")
    conviction = ConvictionFactory(
        prisoner=person, verdict_on=dt.date(2022, 2, 1), verdict_on_precision="month", appeal_on=dt.date(2022, 5, 17)
    )
    conviction.sources.set([newer, older])
    ChargeFactory(conviction=conviction, article=ArticleFactory(number="361-1"), part="")
    ChargeFactory(conviction=conviction, article=ArticleFactory(number="342"), part="2")
    ChargeFactory(conviction=conviction, article=ArticleFactory(number="342", code=other_code), part="1")
    ConvictionFactory(prisoner=person, verdict_on=None, life_sentence=True, sentence_months=None, regime="")
    first = CustodyFactory(prisoner=person, detained_on=dt.date(2020, 8, 10))
    PlacementFactory(custody=first, arrived_on=dt.date(2020, 8, 10), left_on=dt.date(2021, 1, 1))
    PlacementFactory(custody=first, arrived_on=dt.date(2021, 1, 1), facility=FacilityFactory(number=""))
    first.sources.set([undated])
    services.release(prisoner=person, released_on=dt.date(2022, 1, 1), precision="year", reason="served")
    CustodyFactory(prisoner=person, detained_on=dt.date(2023, 3, 1))
    person.refresh_status()
    later, earlier = PardonDecreeFactory(announced_on=dt.date(2025, 1, 1)), PardonDecreeFactory()
    pardon_services.record_pardon(decree=earlier, prisoner=person, released_on=dt.date(2024, 9, 16), sources=[older])
    pardon_services.record_pardon(decree=later, prisoner=person, confirmation="reported")
    EventFactory(prisoner=person, occurred_on=None).sources.set([newer])
    EventFactory(prisoner=person, occurred_on=dt.date(2022, 1, 1), occurred_on_precision="year")
    return person


def test_a_person_with_every_kind_of_record_is_represented_exactly_as_the_serializer_does():
    a_person_with_every_kind_of_record()

    via_drf, via_sql = both_ways()

    assert len(via_sql) == 1
    document = via_sql[0]
    assert document["pardons"] and document["events"] and document["sources"]
    assert document["convictions"][0]["charges"] and document["custody_periods"][0]["placements"]
    assert document["custody_periods"][0]["ended_by_decree"] is None  # released "served", then re-detained
    assert via_sql == via_drf
    assert list(document) == list(via_drf[0])  # the same key order, so the same bytes


def test_a_person_with_no_records_at_all_has_empty_lists_and_nulls():
    PrisonerFactory(display_name="Fictional Bare")

    via_drf, via_sql = both_ways()

    assert via_sql == via_drf
    assert via_sql[0]["region"] is None and via_sql[0]["birth_date"] is None and via_sql[0]["names"] == []


def test_the_whole_demo_dataset_is_represented_exactly_as_the_serializer_does():
    call_command("load_demo", verbosity=0)

    via_drf, via_sql = both_ways()

    assert len(via_sql) > 100
    assert via_sql == via_drf


def test_the_api_list_and_detail_serve_the_documents(api_client):
    person = a_person_with_every_kind_of_record()
    via_drf, _ = both_ways()

    listed = api_client.get("/api/v1/prisoners/", HTTP_HOST="testserver").json()["results"]
    detail = api_client.get(f"/api/v1/prisoners/{person.pk}/", HTTP_HOST="testserver").json()

    assert listed == via_drf
    assert detail == via_drf[0]


def test_a_detail_reads_a_current_document_with_the_person_and_builds_one_out_of_date(
    api_client, django_assert_num_queries
):
    region = RegionFactory(name_en="Testava Region")
    person = PrisonerFactory(region=region)
    url = f"/api/v1/prisoners/{person.pk}/"
    read_document(person.pk)  # prepares the statement on this connection

    with django_assert_num_queries(1):  # the person with their stored document and their version
        before = api_client.get(url).json()
    region.name_en = "Renamed Region"
    region.save()  # a shared row: every document built before it is out of date
    after = api_client.get(url).json()

    assert before["region"]["name_en"] == "Testava Region"
    assert after["region"]["name_en"] == "Renamed Region"


def test_a_list_page_reads_current_documents_with_its_people_and_builds_ones_out_of_date(
    api_client, django_assert_num_queries
):
    region = RegionFactory(name_en="Testava Region")
    PrisonerFactory.create_batch(3, region=region)
    api_client.get("/api/v1/prisoners/")  # builds and keeps the three documents

    with django_assert_num_queries(2):  # the data version; the page with its stored documents
        before = api_client.get("/api/v1/prisoners/", {"ordering": "id"}).json()["results"]
    region.name_en = "Renamed Region"
    region.save()  # a shared row: every document built before it is out of date
    after = api_client.get("/api/v1/prisoners/", {"ordering": "id"}).json()["results"]

    assert [person["region"]["name_en"] for person in before] == ["Testava Region"] * 3
    assert [person["region"]["name_en"] for person in after] == ["Renamed Region"] * 3


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_detail_of_a_hidden_person_is_the_same_404_as_an_unknown_id(api_client, visibility):
    hidden = PrisonerFactory(visibility=visibility)

    answer = api_client.get(f"/api/v1/prisoners/{hidden.pk}/")
    unknown = api_client.get("/api/v1/prisoners/999999999/")

    assert answer.status_code == unknown.status_code == 404
    assert answer.json() == unknown.json()
    assert read_document(hidden.pk).person is None


def test_a_documents_url_names_the_scheme_and_host_each_request_was_made_under(api_client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "registry.example.org"]
    person = PrisonerFactory()
    path = f"/api/v1/prisoners/{person.pk}/"

    asked = [
        api_client.get(path, HTTP_HOST="testserver").json()["url"],
        api_client.get(path, HTTP_HOST="registry.example.org").json()["url"],
        api_client.get(path, HTTP_HOST="registry.example.org", secure=True).json()["url"],
        api_client.get("/api/v1/prisoners/", HTTP_HOST="testserver").json()["results"][0]["url"],
    ]

    assert asked == [
        f"http://testserver{path}",
        f"http://registry.example.org{path}",
        f"https://registry.example.org{path}",
        f"http://testserver{path}",
    ]


def test_a_persons_document_is_made_from_the_stored_one_on_each_read_not_kept_as_a_response(api_client, monkeypatch):
    person = PrisonerFactory()
    kept = []
    keep_response = freshness.keep_response

    def keeping(key, *args, **kwargs):
        kept.append(key)
        return keep_response(key, *args, **kwargs)

    monkeypatch.setattr(freshness, "keep_response", keeping)
    first = api_client.get(f"/api/v1/prisoners/{person.pk}/")
    second = api_client.get(f"/api/v1/prisoners/{person.pk}/")
    api_client.get("/api/v1/prisoners/")

    assert first.json() == second.json()
    assert first["ETag"] == second["ETag"]
    assert len(kept) == 1  # the list's answer only
