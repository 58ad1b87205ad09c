"""PATCH /api/v1/decrees/{id}/: staff correct a decree through the same service and checks as entering one."""

import datetime as dt

import pytest
from django.utils.http import http_date

from pardons.models import PardonDecree
from tests.factories import BreakdownItemFactory, PardonDecreeFactory, SourceFactory, api_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def decree():
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20, title="20 pardoned")
    BreakdownItemFactory(decree=decree, category="women", count=11)
    return decree


def url(decree) -> str:
    return f"/api/v1/decrees/{decree.pk}/"


def test_staff_correct_fields_and_replace_the_breakdown_with_history(staff_client, decree):
    source = SourceFactory()
    response = staff_client.patch(
        url(decree),
        {"announced_total": 21, "breakdown": [{"category": "women", "count": 12}], "sources": [source.pk]},
        format="json",
    )

    assert response.status_code == 200, response.json()
    decree.refresh_from_db()
    assert (decree.announced_total, decree.title) == (21, "20 pardoned")  # what was not sent stays
    assert list(decree.breakdown.values_list("category", "count")) == [("women", 12)]
    assert list(decree.sources.all()) == [source]
    assert response.json()["announced_total"] == 21
    assert decree.history.first().history_user.username == "staff"


def test_an_invalid_correction_is_a_400_per_field_and_per_line_and_changes_nothing(staff_client, decree):
    response = staff_client.patch(
        url(decree),
        {"announced_total": -1, "breakdown": [{"category": "women", "count": 3}, {"category": "women", "count": 4}]},
        format="json",
    )

    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "announced_total" in errors
    assert "breakdown" in errors
    decree.refresh_from_db()
    assert decree.announced_total == 20
    assert list(decree.breakdown.values_list("count", flat=True)) == [11]


def test_a_bad_value_in_a_corrected_breakdown_line_is_a_400_naming_the_line(staff_client, settings, decree):
    settings.DEBUG = False

    response = staff_client.patch(
        url(decree), {"breakdown": [{"category": "women", "count": 99999999999}]}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]["breakdown"]["0"]) == ["count"]
    assert list(decree.breakdown.values_list("count", flat=True)) == [11]


@pytest.mark.parametrize(
    "changes", [{"breakdown": [{"category": "women", "count": 21}]}, {"announced_total": 10}], ids=["line", "total"]
)
def test_a_correction_leaving_a_line_over_the_announced_total_is_a_400_and_changes_nothing(
    staff_client, decree, changes
):
    response = staff_client.patch(url(decree), changes, format="json")

    assert response.status_code == 400
    assert "More than the announced total" in str(response.json()["errors"]["breakdown"])
    decree.refresh_from_db()
    assert decree.announced_total == 20
    assert list(decree.breakdown.values_list("count", flat=True)) == [11]


def test_a_correction_from_a_stale_copy_is_a_412_and_changes_nothing(staff_client, decree):
    read_at = http_date((decree.updated_at - dt.timedelta(minutes=5)).timestamp())

    response = staff_client.patch(url(decree), {"announced_total": 25}, format="json", HTTP_IF_UNMODIFIED_SINCE=read_at)
    fresh = staff_client.patch(
        url(decree),
        {"announced_total": 25},
        format="json",
        HTTP_IF_UNMODIFIED_SINCE=http_date(decree.updated_at.timestamp()),
    )

    assert response.status_code == 412
    assert "reload it" in response.json()["message"]
    assert fresh.status_code == 200
    assert PardonDecree.objects.get(pk=decree.pk).announced_total == 25


@pytest.mark.parametrize("who", ["anonymous", "journalist", "staff without the permission"])
def test_only_staff_with_the_permission_may_correct_a_decree(api_client, decree, who):
    if who != "anonymous":
        token = api_token(username="someone", is_staff=who != "journalist", permissions=["add_pardondecree"])
        api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")

    response = api_client.patch(url(decree), {"announced_total": 99}, format="json")

    assert response.status_code == (401 if who == "anonymous" else 403)
    assert PardonDecree.objects.get(pk=decree.pk).announced_total == 20


def test_methods_a_decree_does_not_support_are_405_with_allow(staff_client, decree):
    put = staff_client.put(url(decree), {"announced_total": 1}, format="json")
    delete = staff_client.delete(url(decree))

    assert put.status_code == delete.status_code == 405
    assert "PATCH" in put["Allow"] and "PUT" not in put["Allow"]


@pytest.mark.parametrize(("role", "allowed"), [("Viewer", False), ("Editor", True), ("Reviewer", True)])
def test_each_staff_role_may_correct_a_decree_only_if_it_edits_records(api_client, role_user, decree, role, allowed):
    from knox.models import AuthToken

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {AuthToken.objects.create(user=role_user(role))[1]}")

    response = api_client.patch(url(decree), {"announced_total": 22}, format="json")

    assert response.status_code == (200 if allowed else 403)
    assert PardonDecree.objects.get(pk=decree.pk).announced_total == (22 if allowed else 20)
