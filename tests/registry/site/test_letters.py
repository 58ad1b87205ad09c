"""The letter kit, the 'can receive letters now' flag and filter: one rule for the profile, list and API."""

import pytest
from django.urls import reverse

from registry.models import Prisoner
from tests.factories import FacilityFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def colony():
    return FacilityFactory(name_en="Fictional Colony No. 3", postal_address="Fictional Street 3, 000003 Fictional Town")


def writable(colony, **fields):
    person = make_person(
        "Fictional Writable", facility=colony, names={"ru": "Фиктивный Адресат Иванович", "be": "Фіктыўны Адрасат"}
    )
    Prisoner.objects.filter(pk=person.pk).update(letters="open", **fields)
    person.refresh_from_db()
    return person


def test_the_kit_addresses_the_letter_in_russian_with_the_year_of_birth(client, colony):
    import datetime as dt

    person = writable(colony, birth_date=dt.date(1984, 1, 1), birth_date_precision="year")

    profile = client.get(reverse("prisoner_detail", args=[person.pk])).content.decode()
    kit = client.get(reverse("letter_kit", args=[person.pk])).content.decode()

    assert reverse("letter_kit", args=[person.pk]) in profile
    assert "Фиктивный Адресат Иванович, 1984" in kit
    assert "Fictional Street 3" in kit
    assert "Avoid politics" in kit


@pytest.mark.parametrize(
    ("letters", "says"),
    [("family", "Only their family may write."), ("none", "held incommunicado"), ("", "whether letters reach them")],
)
def test_without_a_way_to_write_the_kit_says_why_and_the_profile_has_no_link(client, colony, letters, says):
    person = writable(colony)
    Prisoner.objects.filter(pk=person.pk).update(letters=letters)

    profile = client.get(reverse("prisoner_detail", args=[person.pk])).content.decode()
    kit = client.get(reverse("letter_kit", args=[person.pk])).content.decode()

    assert reverse("letter_kit", args=[person.pk]) not in profile
    assert says in kit and "Address the envelope" not in kit


def test_the_list_and_the_api_filter_on_it_and_the_api_says_it(client, colony):
    person = writable(colony)
    other = make_person("Fictional Unknown Letters", facility=colony)
    no_address = writable(FacilityFactory(postal_address=""))

    listed = client.get(reverse("prisoner_list"), {"can_write": "true"}).context["page"].rows
    api = client.get(reverse("api:prisoner-list"), {"can_write": "true"}).json()["results"]
    detail = client.get(reverse("api:prisoner-detail", args=[other.pk])).json()

    assert [p.pk for p in listed] == [person.pk]
    assert [(r["id"], r["letters"], r["can_write_now"]) for r in api] == [(person.pk, "open", True)]
    assert (detail["letters"], detail["can_write_now"]) == ("", False)
    assert no_address.pk not in [r["id"] for r in api]


@pytest.mark.parametrize("value", ["yes", "maybe", "on"])
def test_the_api_refuses_a_can_write_value_that_is_neither_true_nor_false(client, value):
    response = client.get(reverse("api:prisoner-list"), {"can_write": value})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["can_write"]


def test_the_api_reads_can_write_1_as_true(client, colony):
    person = writable(colony)
    make_person("Fictional Unknown Letters", facility=colony)

    api = client.get(reverse("api:prisoner-list"), {"can_write": "1"}).json()["results"]

    assert [r["id"] for r in api] == [person.pk]


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_hidden_persons_kit_is_the_same_404_as_an_unknown_id(client, colony, visibility):
    person = writable(colony)
    Prisoner.objects.filter(pk=person.pk).update(visibility=visibility)

    assert client.get(reverse("letter_kit", args=[person.pk])).status_code == 404
    assert client.get(reverse("letter_kit", args=[person.pk + 1000])).status_code == 404
