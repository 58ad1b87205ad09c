"""No lost updates: the second of two overlapping admin edits is refused, not silently applied."""

import pytest
from django.urls import reverse

from registry.db import freshness
from registry.models import Prisoner
from tests.admin_forms import errors, form_data, inline_prefix
from tests.factories import PardonDecreeFactory, PrisonerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_staff(client, staff_user, django_user_model):
    from django.test import Client

    other = django_user_model.objects.create_superuser("second-staff", "second@example.org", "x-not-a-real-pass")
    first, second = client, Client()
    first.force_login(staff_user)
    second.force_login(other)
    return first, second


def test_the_second_of_two_overlapping_prisoner_edits_is_refused(two_staff, staff_user):
    first, second = two_staff
    prisoner = PrisonerFactory(occupation="teacher", biography="Original.")
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))  # both opened the same version
    first_data["occupation"] = "engineer"
    second_data["biography"] = "Rewritten from an old copy."

    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    assert response.status_code == 200
    message = " ".join(errors(response))
    assert f"changed by {staff_user.username}" in message
    assert "your changes were not saved" in message
    assert reverse("admin:registry_prisoner_history", args=[prisoner.pk]) in message
    prisoner.refresh_from_db()
    assert (prisoner.occupation, prisoner.biography) == ("engineer", "Original.")


def test_saving_after_reloading_the_page_works(two_staff):
    first, second = two_staff
    prisoner = PrisonerFactory(occupation="teacher")
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    first_data = form_data(first.get(url))
    first_data["occupation"] = "engineer"
    first.post(url, first_data)

    reloaded = form_data(second.get(url))
    reloaded["biography"] = "Added after seeing the engineer change."
    response = second.post(url, reloaded)

    assert response.status_code == 302, errors(response)
    prisoner.refresh_from_db()
    assert (prisoner.occupation, prisoner.biography) == ("engineer", "Added after seeing the engineer change.")


def test_a_change_form_without_its_edit_token_is_refused(two_staff):
    first, _ = two_staff
    prisoner = PrisonerFactory(occupation="teacher")
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    data = form_data(first.get(url))
    data.pop("edit_token")
    data["occupation"] = "engineer"

    assert first.post(url, data).status_code == 200
    assert Prisoner.objects.get(pk=prisoner.pk).occupation == "teacher"


def test_the_second_of_two_overlapping_decree_edits_is_refused(two_staff):
    first, second = two_staff
    decree = PardonDecreeFactory(announced_total=20, conditions="")
    url = reverse("admin:pardons_pardondecree_change", args=[decree.pk])
    first_data = form_data(first.get(url))
    second_data = form_data(second.get(url))
    first_data["announced_total"] = "21"
    second_data["conditions"] = "Asked for clemency."

    assert first.post(url, first_data).status_code == 302
    response = second.post(url, second_data)

    assert response.status_code == 200
    assert any("your changes were not saved" in message for message in errors(response))
    decree.refresh_from_db()
    assert (decree.announced_total, decree.conditions) == (21, "")


def test_other_timestamped_records_are_protected_too(two_staff):
    from tests.factories import FacilityFactory

    first, second = two_staff
    facility = FacilityFactory(city="Fictional Town")
    url = reverse("admin:registry_facility_change", args=[facility.pk])
    first_data, second_data = form_data(first.get(url)), form_data(second.get(url))
    first_data["city"] = "Another Fictional Town"
    second_data["postal_address"] = "Overwritten address"

    assert first.post(url, first_data).status_code == 302
    assert second.post(url, second_data).status_code == 200
    facility.refresh_from_db()
    assert facility.city == "Another Fictional Town"
    assert facility.postal_address != "Overwritten address"


def test_a_page_saved_with_nothing_changed_writes_nothing(two_staff):
    from tests.factories import CustodyFactory

    first, _ = two_staff
    prisoner = PrisonerFactory(occupation="teacher")
    custody = CustodyFactory(prisoner=prisoner)
    decree = PardonDecreeFactory(announced_total=20)
    pages = ((prisoner, "registry_prisoner"), (custody, "registry_custody"), (decree, "pardons_pardondecree"))
    for record, name in pages:
        url = reverse(f"admin:{name}_change", args=[record.pk])
        stamp, versions = type(record).objects.get(pk=record.pk).updated_at, record.history.count()
        before = freshness.person_current(prisoner.pk).key

        response = first.post(url, form_data(first.get(url)), follow=True)

        assert response.status_code == 200, errors(response)
        page = response.content.decode()
        assert "Nothing was changed, so nothing was saved." in page and "changed successfully" not in page
        assert (type(record).objects.get(pk=record.pk).updated_at, record.history.count()) == (stamp, versions)
        assert freshness.person_current(prisoner.pk).key == before, name
    feed = first.get(f"/prisoners/{prisoner.pk}/feed.atom").content.decode()
    assert "Profile updated." not in feed


def test_the_second_of_two_overlapping_identifications_on_a_decrees_page_is_refused(two_staff):
    from tests.factories import CustodyFactory, SourceFactory

    first, second = two_staff
    decree = PardonDecreeFactory(announced_total=20)
    url = reverse("admin:pardons_pardondecree_change", args=[decree.pk])
    pages = [first.get(url), second.get(url)]  # both opened the same version
    people = [CustodyFactory().prisoner, CustodyFactory().prisoner]
    posts = []
    for page, person in zip(pages, people, strict=True):
        data, prefix = form_data(page), inline_prefix(page, "pardon")
        data.update({f"{prefix}-0-prisoner": str(person.pk), f"{prefix}-0-released_on": "2024-09-17",
                     f"{prefix}-0-released_on_precision": "day", f"{prefix}-0-confirmation": "confirmed",
                     f"{prefix}-0-sources": [str(SourceFactory().pk)]})  # fmt: skip
        posts.append(data)

    assert first.post(url, posts[0]).status_code == 302  # only an inline changed: the decree's token moves
    response = second.post(url, posts[1])

    assert response.status_code == 200
    assert any("your changes were not saved" in message for message in errors(response))
    assert [p.prisoner_id for p in decree.pardons.all()] == [people[0].pk]


def test_a_record_saved_only_for_its_inlines_says_in_its_history_what_changed_on_its_page(two_staff):
    from tests.factories import CustodyFactory, SourceFactory

    first, _ = two_staff
    decree = PardonDecreeFactory(announced_total=20)
    url = reverse("admin:pardons_pardondecree_change", args=[decree.pk])
    page, person = first.get(url), CustodyFactory().prisoner
    data, prefix = form_data(page), inline_prefix(page, "pardon")
    data.update({f"{prefix}-0-prisoner": str(person.pk), f"{prefix}-0-released_on": "2024-09-17",
                 f"{prefix}-0-released_on_precision": "day", f"{prefix}-0-confirmation": "confirmed",
                 f"{prefix}-0-sources": [str(SourceFactory().pk)]})  # fmt: skip
    rows = decree.history.count()

    assert first.post(url, data).status_code == 302

    assert decree.history.count() == rows + 1
    assert decree.history.first().history_change_reason.startswith("Added pardon “")
