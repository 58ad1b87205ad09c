"""Verification: readers see how sure the registry is about a record, can filter on it, and the headline says how
many of the people it counts are not yet verified."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from registry.models import Prisoner, Recognition
from registry.queries import statistics
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def person(name: str, verification: str, *, recognised_by: str = "", **fields) -> Prisoner:
    made = make_person(name, detained_on=dt.date(2021, 5, 1))
    if recognised_by:
        Recognition.objects.create(prisoner=made, organisation=recognised_by)
    Prisoner.objects.filter(pk=made.pk).update(verification=verification, **fields)
    return Prisoner.objects.get(pk=made.pk)


def test_the_profile_and_the_list_label_a_record_not_yet_verified(client):
    reported = person("Fiktyuny Paviedamleny", "reported")
    verified = person("Fiktyuny Spravierany", "verified")

    profile = client.get(f"/prisoners/{reported.pk}/").content.decode()
    other = client.get(f"/prisoners/{verified.pk}/").content.decode()
    listing = client.get("/prisoners/", {"verification": "reported"}).content.decode()

    assert "Reported, not yet verified" in profile and "not yet verified" not in other
    assert "Fiktyuny Paviedamleny" in listing and "Fiktyuny Spravierany" not in listing


def test_the_api_gives_and_filters_verification():
    from rest_framework.test import APIClient

    api = APIClient()
    reported = person("Fiktyuny Paviedamleny", "reported")
    person("Fiktyuny Pryznany", "recognised", recognised_by="Fictional Rights Group")

    found = api.get("/api/v1/prisoners/", {"verification": "reported"}).json()["results"]
    document = api.get(f"/api/v1/prisoners/{reported.pk}/").json()

    assert [p["id"] for p in found] == [reported.pk]
    assert document["verification"] == "reported"
    header = b"".join(api.get("/api/v1/prisoners.csv").streaming_content).decode().splitlines()[0]
    assert "verification" in header.split(",")


@pytest.mark.parametrize(("withheld", "not_yet_verified"), [(1, 1), (4, 1), (5, 6)])
def test_the_headline_says_how_many_held_are_not_yet_verified_counting_withheld_names_only_if_enough(
    withheld, not_yet_verified
):
    person("Fiktyuny Adzin", "reported")
    person("Fiktyuny Dva", "verified")
    for i in range(withheld):
        person(f"Fiktyuny Try {i}", "reported", visibility="anonymous")

    numbers = statistics.headline(dt.date(2025, 1, 1))

    # The list the figure links to shows the one named person: a withheld person or two must not be told apart.
    assert (numbers["held"], numbers["held_not_yet_verified"]) == (2 + withheld, not_yet_verified)


def test_recognised_needs_a_recognition_by_the_time_the_transaction_commits():
    made = make_person("Fiktyuny Bez Pryznannia")
    made.verification = "recognised"
    with pytest.raises(IntegrityError, match="has no recognition"), transaction.atomic():
        made.save()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # what COMMIT does

    with transaction.atomic():
        made.save()  # the person first, then the recognition, as the admin saves them: fine at commit
        Recognition.objects.create(prisoner=made, organisation="Fictional Rights Group")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError, match="has no recognition"), transaction.atomic():
        made.recognitions.all().delete()
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
