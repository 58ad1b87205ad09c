"""Pardons: named people listed; staff record, confirm and undo through pardons.services; others may not."""

import datetime as dt

import pytest

from pardons import services
from pardons.models import Pardon
from registry.models import Status
from tests.factories import CustodyFactory, PardonDecreeFactory, PardonFactory, SourceFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/pardons/"


@pytest.fixture
def decree():
    return PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))


@pytest.fixture
def held():
    return CustodyFactory().prisoner


def test_it_lists_pardons_of_named_people_only(api_client, decree, three_people):
    for person in three_people.values():
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=person)

    rows = api_client.get(URL).json()["results"]

    assert [r["display_name"] for r in rows] == ["Fictional Public Person"]
    assert api_client.get(f"{URL}{Pardon.objects.get(prisoner=three_people['private']).pk}/").status_code == 404


def test_staff_record_a_confirmed_pardon_that_ends_custody(staff_client, decree, held):
    source = SourceFactory()
    response = staff_client.post(
        URL, {"decree": decree.pk, "prisoner": held.pk, "released_on": "2024-09-17", "sources": [source.pk]}
    )

    assert response.status_code == 201, response.json()
    held.refresh_from_db()
    assert held.status == Status.RELEASED
    assert held.custody_periods.get().release_reason == "pardon"
    assert response.json()["released_on"] == "2024-09-17"


def test_recording_the_same_person_twice_is_a_400_naming_the_field(staff_client, decree, held):
    services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=held)

    response = staff_client.post(URL, {"decree": decree.pk, "prisoner": held.pk})

    assert response.status_code == 400
    assert "prisoner" in response.json()["errors"]


def test_a_confirmed_pardon_of_someone_not_held_is_a_400_and_changes_nothing(staff_client, decree):
    free = PardonFactory.build().prisoner
    free.save()

    response = staff_client.post(URL, {"decree": decree.pk, "prisoner": free.pk, "sources": [SourceFactory().pk]})

    assert response.status_code == 400
    assert "prisoner" in response.json()["errors"]
    assert not Pardon.objects.exists()


def test_a_confirmed_pardon_without_a_source_is_a_400_naming_sources_and_changes_nothing(staff_client, decree, held):
    response = staff_client.post(URL, {"decree": decree.pk, "prisoner": held.pk})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["sources"]
    assert not Pardon.objects.exists() and held.custody_periods.get().is_open


def test_confirming_needs_a_source_and_can_give_it(staff_client, decree, held):
    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported")
    confirm = f"{URL}{pardon.pk}/confirm/"

    refused = staff_client.post(confirm, {})
    source = SourceFactory()
    confirmed = staff_client.post(confirm, {"sources": [source.pk]}, format="json")

    assert refused.status_code == 400 and "sources" in refused.json()["errors"]
    assert confirmed.status_code == 200, confirmed.json()
    assert list(Pardon.objects.get().sources.all()) == [source]


def test_staff_confirm_a_reported_pardon(staff_client, decree, held):
    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported", sources=[SourceFactory()])

    response = staff_client.post(f"{URL}{pardon.pk}/confirm/", {"released_on": "2024-09"})

    assert response.status_code == 200, response.json()
    assert (response.json()["released_on"], response.json()["confirmation"]) == ("2024-09", "confirmed")
    held.refresh_from_db()
    assert held.status == Status.RELEASED


def test_staff_undo_a_pardon_and_the_custody_is_open_again(staff_client, decree, held):
    pardon = services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=held)

    response = staff_client.delete(f"{URL}{pardon.pk}/")

    assert response.status_code == 204
    held.refresh_from_db()
    assert held.status == Status.IN_CUSTODY
    assert held.custody_periods.get().released_on is None


@pytest.mark.parametrize("client_name", ["api_client", "journalist_client"])
def test_readers_may_not_record_confirm_or_undo_pardons(request, client_name, decree, held):
    client = request.getfixturevalue(client_name)
    expected = 401 if client_name == "api_client" else 403
    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported")

    assert client.post(URL, {"decree": decree.pk, "prisoner": held.pk}).status_code == expected
    assert client.post(f"{URL}{pardon.pk}/confirm/").status_code == expected
    assert client.delete(f"{URL}{pardon.pk}/").status_code == expected
    pardon.refresh_from_db()
    assert pardon.confirmation == "reported"


def test_staff_need_the_matching_permission_for_each_write(api_client, decree, held):
    from tests.factories import api_token

    api_client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token(username='s', is_staff=True, permissions=['add_pardon'])}"
    )
    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported")

    assert api_client.delete(f"{URL}{pardon.pk}/").status_code == 403
    assert api_client.post(f"{URL}{pardon.pk}/confirm/").status_code == 403
    assert Pardon.objects.filter(pk=pardon.pk).exists()


def test_it_streams_pardons_of_named_people_as_csv(api_client, decree, three_people):
    for person in three_people.values():
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=person)

    text = b"".join(api_client.get("/api/v1/pardons.csv").streaming_content).decode()

    assert "Fictional Public Person" in text
    assert "Anonymous" not in text and "Private" not in text


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, decree, django_assert_num_queries):
    for _ in range(5):
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=CustodyFactory().prisoner)
    with django_assert_num_queries(3):  # freshness check + the page + its sources
        api_client.get(URL, {"page_size": 1})
    with django_assert_num_queries(3):
        assert len(api_client.get(URL, {"page_size": 5}).json()["results"]) == 5


def test_staff_correct_a_reported_pardons_notes_and_date_keeping_the_rest(staff_client, decree, held):
    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported", sources=[SourceFactory()])

    response = staff_client.patch(f"{URL}{pardon.pk}/", {"notes": "Fictional: reported by a relative."}, format="json")
    dated = staff_client.patch(f"{URL}{pardon.pk}/", {"released_on": "2024-10"}, format="json")

    assert response.status_code == dated.status_code == 200, response.json()
    pardon.refresh_from_db()
    assert pardon.notes == "Fictional: reported by a relative."
    assert (pardon.released_on, pardon.released_on_precision, pardon.confirmation) == (
        dt.date(2024, 10, 1),
        "month",
        "reported",
    )
    assert pardon.history.first().history_user.username == "staff"


def test_correcting_a_pardon_that_ended_custody_refuses_what_the_admin_refuses(staff_client, decree, held):
    pardon = services.record_pardon(decree=decree, prisoner=held, sources=[SourceFactory()])

    response = staff_client.patch(f"{URL}{pardon.pk}/", {"confirmation": "reported"}, format="json")

    assert response.status_code == 400
    assert "confirmation" in response.json()["errors"]
    pardon.refresh_from_db()
    assert pardon.confirmation == "confirmed"


def test_a_pardon_correction_needs_the_change_permission(api_client, decree, held):
    from tests.factories import api_token

    pardon = services.record_pardon(decree=decree, prisoner=held, confirmation="reported", sources=[SourceFactory()])
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token(username='adder', is_staff=True, permissions=['add_pardon'])}"
    )

    assert api_client.patch(f"{URL}{pardon.pk}/", {"notes": "x"}, format="json").status_code == 403
    assert api_client.put(f"{URL}{pardon.pk}/", {"notes": "x"}, format="json").status_code == 405
