"""Custody edited in the admin goes through registry.services: the person's stored status follows it."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Custody, Prisoner, Status
from tests.admin_forms import errors, form_data, inline_prefix
from tests.factories import CustodyFactory, PrisonerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def status_of(prisoner: Prisoner) -> str:
    prisoner.refresh_from_db()
    return prisoner.status


def held(prisoner: Prisoner, on: dt.date = dt.date(2021, 5, 14)) -> Custody:
    from registry import services

    return services.record_detention(prisoner=prisoner, detained_on=on)


def test_adding_a_release_on_the_custody_page_makes_the_person_released(staff_client):
    custody = held(PrisonerFactory())
    url = reverse("admin:registry_custody_change", args=[custody.pk])
    data = form_data(staff_client.get(url))
    data.update({"released_on": "2024-09-16", "released_on_precision": "day", "release_reason": "served"})

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    assert status_of(custody.prisoner) == Status.RELEASED


def test_deleting_the_only_custody_period_makes_the_status_unknown(staff_client):
    custody = held(PrisonerFactory())

    response = staff_client.post(reverse("admin:registry_custody_delete", args=[custody.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert not Custody.objects.exists()
    assert status_of(custody.prisoner) == Status.UNKNOWN


def test_deleting_custody_periods_in_bulk_keeps_each_status_true(staff_client):
    first, second = held(PrisonerFactory()), held(PrisonerFactory())
    action = {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"}

    response = staff_client.post(reverse("admin:registry_custody_changelist"), action)

    assert response.status_code == 302
    assert [status_of(first.prisoner), status_of(second.prisoner)] == [Status.UNKNOWN, Status.UNKNOWN]


def test_moving_a_period_to_another_person_updates_both(staff_client):
    custody = held(PrisonerFactory())
    other = PrisonerFactory()
    url = reverse("admin:registry_custody_change", args=[custody.pk])
    data = form_data(staff_client.get(url))
    data["prisoner"] = str(other.pk)

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    assert (status_of(custody.prisoner), status_of(other)) == (Status.UNKNOWN, Status.IN_CUSTODY)


def test_an_open_period_added_in_the_person_inline_makes_them_in_custody(staff_client):
    prisoner = PrisonerFactory()
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    page = staff_client.get(url)
    data = form_data(page)
    prefix = inline_prefix(page, "custody")
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update(
        {
            f"{prefix}-TOTAL_FORMS": str(row + 1),
            f"{prefix}-{row}-kind": "detention",
            f"{prefix}-{row}-detained_on": "2021-05-14",
            f"{prefix}-{row}-detained_on_precision": "day",
            f"{prefix}-{row}-released_on_precision": "day",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    assert status_of(prisoner) == Status.IN_CUSTODY


def test_a_release_entered_in_the_person_inline_makes_them_released(staff_client):
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    custody.prisoner.refresh_status()
    url = reverse("admin:registry_prisoner_change", args=[custody.prisoner.pk])
    page = staff_client.get(url)
    data = form_data(page)
    prefix = inline_prefix(page, "custody")
    data.update(
        {
            f"{prefix}-0-released_on": "2024-09-16",
            f"{prefix}-0-released_on_precision": "day",
            f"{prefix}-0-release_reason": "amnesty",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    assert status_of(custody.prisoner) == Status.RELEASED


def test_a_release_before_the_detention_is_shown_beside_the_release_date_not_as_a_crash(staff_client):
    custody = held(PrisonerFactory())
    url = reverse("admin:registry_custody_change", args=[custody.pk])
    data = form_data(staff_client.get(url))
    data.update({"released_on": "2020-01-01", "released_on_precision": "day", "release_reason": "served"})

    response = staff_client.post(url, data)

    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["released_on"] == ["The release cannot be before the detention."]
    assert not form.non_field_errors()
    assert status_of(custody.prisoner) == Status.IN_CUSTODY


def test_a_death_before_a_later_detention_is_refused_on_the_custody_page(staff_client):
    prisoner = held(PrisonerFactory(), on=dt.date(2023, 1, 1)).prisoner
    url = reverse("admin:registry_custody_add")
    data = form_data(staff_client.get(url))
    data.update(
        {
            "prisoner": prisoner.pk,
            "detained_on": "2021-01-01",
            "detained_on_precision": "day",
            "released_on": "2021-03-01",
            "released_on_precision": "day",
            "release_reason": "died",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert any("no period can begin on or after it" in error for error in errors(response))
    assert prisoner.custody_periods.count() == 1
    assert status_of(prisoner) == Status.IN_CUSTODY


def periods_posted(
    staff_client, prisoner, rows: list[tuple[str, str, str]], *, keep: int = 0, delete: bool = False, **person
):
    """The person's page (the add page when prisoner is None) posted with these custody rows after the first keep."""
    if prisoner is None:
        url = reverse("admin:registry_prisoner_add")
    else:
        url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    page = staff_client.get(url)
    data, prefix = form_data(page) | person, inline_prefix(page, "custody")
    if delete:
        data[f"{prefix}-0-DELETE"] = "on"
    data[f"{prefix}-TOTAL_FORMS"] = str(keep + len(rows))
    for i, (detained, released, reason) in enumerate(rows, start=keep):
        data.update({f"{prefix}-{i}-kind": "detention", f"{prefix}-{i}-detained_on": detained,
                     f"{prefix}-{i}-detained_on_precision": "day", f"{prefix}-{i}-released_on": released,
                     f"{prefix}-{i}-released_on_precision": "day", f"{prefix}-{i}-release_reason": reason})  # fmt: skip
    return staff_client.post(url, data)


def test_a_death_before_a_later_detention_is_refused_in_the_person_inline(staff_client):
    prisoner = held(PrisonerFactory(), on=dt.date(2023, 1, 1)).prisoner

    response = periods_posted(staff_client, prisoner, [("2021-01-01", "2021-03-01", "died")], keep=1)

    assert response.status_code == 200
    assert any("no period can begin on or after it" in error for error in errors(response))
    assert prisoner.custody_periods.count() == 1
    assert status_of(prisoner) == Status.IN_CUSTODY


def test_two_new_periods_that_overlap_each_other_are_an_error_beside_them_not_a_500(staff_client):
    prisoner = PrisonerFactory()

    response = periods_posted(
        staff_client, prisoner, [("2021-01-01", "2021-06-01", "served"), ("2021-03-01", "2021-09-01", "served")]
    )

    assert response.status_code == 200
    assert "This period overlaps another custody period of the same person." in errors(response)
    assert prisoner.custody_periods.count() == 0


def test_a_period_replacing_one_deleted_on_the_same_page_is_saved(staff_client):
    prisoner = held(PrisonerFactory(), on=dt.date(2021, 5, 14)).prisoner

    response = periods_posted(staff_client, prisoner, [("2021-05-10", "", "")], keep=1, delete=True)

    assert response.status_code == 302
    assert [c.detained_on for c in prisoner.custody_periods.all()] == [dt.date(2021, 5, 10)]


def test_a_new_person_with_two_periods_that_overlap_each_other_is_an_error_beside_them_not_a_500(staff_client):
    rows = [("2021-01-01", "2021-06-01", "served"), ("2021-03-01", "2021-09-01", "served")]

    response = periods_posted(staff_client, None, rows, display_name="Fictitious Overlap (synthetic)")

    assert response.status_code == 200
    assert "This period overlaps another custody period of the same person." in errors(response)
    assert not Prisoner.objects.filter(display_name__startswith="Fictitious Overlap").exists()
    assert Custody.objects.count() == 0


def test_a_new_person_with_periods_that_keep_the_rules_is_saved_with_them(staff_client):
    rows = [("2021-01-01", "2021-06-01", "served"), ("2022-03-01", "", "")]

    response = periods_posted(staff_client, None, rows, display_name="Fictitious Two Periods (synthetic)")

    assert response.status_code == 302, errors(response)
    prisoner = Prisoner.objects.get(display_name="Fictitious Two Periods (synthetic)")
    assert [c.detained_on for c in prisoner.custody_periods.order_by("detained_on")] == [
        dt.date(2021, 1, 1),
        dt.date(2022, 3, 1),
    ]
    assert status_of(prisoner) == Status.IN_CUSTODY
