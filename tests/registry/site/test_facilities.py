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


def held_here(client, facility) -> int:
    response = client.get(reverse("facility_list"))
    return next(f for f in response.context["facilities"] if f.pk == facility.pk).held_count


def test_the_list_counts_one_anonymous_person_nowhere_and_private_people_never(client, facility):
    # Where a person whose name is withheld is held is what a count of one would tell (the small-cell rule).
    assert held_here(client, facility) == 1
    assert "Fictional Colony No. 9" in client.get(reverse("facility_list")).content.decode()


def test_the_list_counts_anonymous_people_once_there_are_enough_of_them(client, facility):
    for i in range(4):
        make_person(f"Anonymus {i}", visibility="anonymous", facility=facility)
    assert held_here(client, facility) == 6


def test_the_detail_shows_the_address_and_named_people_only(client, facility):
    response = client.get(reverse("facility_detail", args=[facility.pk]))
    content = response.content.decode()
    assert "Fictional Street 9, 000009" in content
    assert "Publicus Heldovich" in content
    assert "Anonymus" not in content and "Privatus" not in content
    assert response.context["people"] == {"held": 1, "named": 1, "withheld": 0}
    assert "withheld" not in content


def test_the_detail_says_how_many_names_are_withheld_once_there_are_enough_of_them(client, facility):
    for i in range(4):
        make_person(f"Anonymus {i}", visibility="anonymous", facility=facility)
    response = client.get(reverse("facility_detail", args=[facility.pk]))
    assert response.context["people"] == {"held": 6, "named": 1, "withheld": 5}
    assert "5 names withheld" in response.content.decode()


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
