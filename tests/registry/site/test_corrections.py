"""Readers' reports: stored as a staff queue, no personal data asked, CSRF-protected, rate-limited, and a
hidden person's form is the same 404 as an unknown id."""

import pytest
from django.test import Client
from django.urls import reverse

from registry.models import Correction
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_limits():
    from django.core.cache import cache

    cache.clear()


def test_a_reader_reports_an_inaccuracy_on_a_profile_and_it_waits_in_the_staff_queue(client):
    person = make_person("Fictional Reported")
    url = reverse("report_inaccuracy", args=[person.pk])

    response = client.post(url, {"message": "The detention date is a year off.", "evidence_url": "example.org/x"})

    assert response.status_code == 200 and "Thank you" in response.content.decode()
    correction = Correction.objects.get()
    assert (correction.kind, correction.prisoner, correction.state) == ("inaccuracy", person, "new")
    assert correction.evidence_url == "https://example.org/x"
    assert {field.name for field in Correction._meta.fields}.isdisjoint({"name", "email", "phone", "ip"})


def test_the_profile_links_to_the_form_and_says_when_it_was_last_updated(client):
    person = make_person("Fictional Linked")

    page = client.get(reverse("prisoner_detail", args=[person.pk])).content.decode()

    assert reverse("report_inaccuracy", args=[person.pk]) in page
    assert "Last updated" in page


def test_an_empty_search_leads_to_reporting_a_missing_person_with_the_name_filled_in(client):
    page = client.get(reverse("prisoner_list"), {"q": "Nobody Atallovich"}).content.decode()
    form = client.get(reverse("report_missing"), {"q": "Nobody Atallovich"})

    assert f"{reverse('report_missing')}?q=Nobody%20Atallovich" in page
    assert form.context["form"].initial["message"] == "Nobody Atallovich"
    assert "If you are in Belarus" in form.content.decode()


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_hidden_persons_form_is_the_same_404_as_an_unknown_id(client, visibility):
    person = make_person("Fictional Hidden", visibility=visibility)

    hidden = client.post(reverse("report_inaccuracy", args=[person.pk]), {"message": "x"})
    unknown = client.post(reverse("report_inaccuracy", args=[person.pk + 1000]), {"message": "x"})

    assert hidden.status_code == unknown.status_code == 404
    assert not Correction.objects.exists()


def test_a_report_without_a_csrf_token_is_refused():
    strict = Client(enforce_csrf_checks=True)

    response = strict.post(reverse("report_missing"), {"message": "Someone is missing."})

    assert response.status_code == 403
    assert not Correction.objects.exists()


def test_an_empty_or_bad_report_is_a_400_with_the_problem_beside_its_field(client):
    response = client.post(reverse("report_missing"), {"message": "", "evidence_url": "not a link"})

    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"message", "evidence_url"}
    assert not Correction.objects.exists()


def test_reports_from_one_address_are_limited_per_hour_and_the_extra_ones_keep_nothing(client, settings):
    settings.REPORTS_PER_HOUR = 3
    url = reverse("report_missing")

    statuses = [client.post(url, {"message": f"Missing person {n}"}).status_code for n in range(5)]
    other_address = client.post(url, {"message": "From elsewhere"}, REMOTE_ADDR="10.9.9.9")

    assert statuses == [200, 200, 200, 429, 429]
    assert other_address.status_code == 200
    assert Correction.objects.count() == 4


def test_a_reader_who_mistypes_keeps_the_hours_reports_and_a_flood_of_refused_ones_still_meets_a_limit(
    client, settings
):
    settings.REPORTS_PER_HOUR = 2
    url = reverse("report_missing")

    slips = [client.post(url, {"message": ""}).status_code for _ in range(3)]
    sent = [client.post(url, {"message": f"Missing person {n}"}).status_code for n in range(2)]
    flood = [client.post(url, {"message": "", "evidence_url": "not a link"}).status_code for _ in range(8)]

    assert (slips, sent) == ([400, 400, 400], [200, 200])
    assert flood[:7] == [400] * 7 and flood[7] == 429  # refused ones count apart, up to five times as many
    assert Correction.objects.count() == 2


def test_staff_work_through_the_queue_and_are_named_as_handling_it(client, staff_user):
    correction = Correction.objects.create(kind="missing", message="Fictional Missing Person, detained 2023")
    client.force_login(staff_user)
    url = reverse("admin:registry_correction_change", args=[correction.pk])

    response = client.post(url, {"state": "done", "staff_notes": "Added after checking two sources."})

    assert response.status_code == 302
    correction.refresh_from_db()
    assert (correction.state, correction.handled_by, correction.message) == (
        "done",
        staff_user,
        "Fictional Missing Person, detained 2023",
    )


def test_a_bad_link_is_reported_in_belarusians_official_orthography(client):
    person = make_person("Fictional Mislinked")
    url = reverse("report_inaccuracy", args=[person.pk])

    response = client.post(f"{url}?lang=be", {"message": "The date is wrong.", "evidence_url": "not a link"})

    assert response.status_code == 400
    assert "Увядзіце правільную спасылку." in response.content.decode()
