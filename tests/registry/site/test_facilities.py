"""Facility list and detail: kind, address for letters, how many are held now (counted), no names leaked."""

import pytest
from django.urls import reverse

from tests.factories import FacilityFactory
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility():
    facility = FacilityFactory(name_en="Fictional Colony No. 9", postal_address="Fictional Street 9, 000009")
    make_person("Publicus Heldovich", facility=facility)
    make_person("Anonymus Secretus", visibility="anonymous", facility=facility)
    make_person("Privatus Hiddenus", visibility="private", facility=facility)
    return facility


def test_the_list_counts_anonymous_but_not_private_people(client, facility):
    response = client.get(reverse("facility_list"))
    row = next(f for f in response.context["facilities"] if f.pk == facility.pk)
    assert row.held_count == 2
    assert "Fictional Colony No. 9" in response.content.decode()


def test_the_detail_shows_the_address_and_named_people_only(client, facility):
    response = client.get(reverse("facility_detail", args=[facility.pk]))
    content = response.content.decode()
    assert "Fictional Street 9, 000009" in content
    assert "Publicus Heldovich" in content
    assert "Anonymus" not in content and "Privatus" not in content
    assert response.context["people"] == {"held": 2, "named": 1, "withheld": 1}
    assert "1 name withheld" in content


def test_an_unknown_facility_is_404(client):
    assert client.get(reverse("facility_detail", args=[999999])).status_code == 404


def test_pages_make_the_same_number_of_queries_whatever_the_rows(client, facility):
    list_few = count_queries(client, reverse("facility_list"))
    detail_few = count_queries(client, reverse("facility_detail", args=[facility.pk]))
    for i in range(10):
        make_person(f"Heldus {i}", facility=facility)
        FacilityFactory()
    assert count_queries(client, reverse("facility_list")) == list_few
    assert count_queries(client, reverse("facility_detail", args=[facility.pk])) == detail_few


def test_the_list_shows_the_address_for_letters(client, facility):
    assert "Fictional Street 9, 000009" in client.get(reverse("facility_list")).content.decode()
