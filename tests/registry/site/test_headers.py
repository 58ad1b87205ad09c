"""Visitor safety: a Content-Security-Policy without 'unsafe-inline', and pages with no inline script
or style and no reference to another host."""

import re

import pytest
from django.urls import reverse

from tests.factories import FacilityFactory, PardonDecreeFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    facility = FacilityFactory()
    decree = PardonDecreeFactory()
    prisoner = make_person("Publicus Heldovich", facility=facility, decree=decree)
    return [
        reverse("home"),
        reverse("prisoner_list"),
        reverse("prisoner_detail", args=[prisoner.pk]),
        reverse("decree_list"),
        reverse("decree_detail", args=[decree.pk]),
        reverse("facility_list"),
        reverse("facility_detail", args=[facility.pk]),
        reverse("statistics"),
    ]


def test_every_page_sends_a_strict_content_security_policy(client, pages):
    for url in pages:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy, url
        assert "style-src 'self'" in policy, url
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, url


def test_no_page_has_inline_scripts_styles_or_foreign_resources(client, pages):
    for url in pages:
        content = client.get(url).content.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)", content), url
        assert "<style" not in content and " style=" not in content, url
        assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", re.sub(r"<a [^>]*>", "", content)), url


def test_no_shared_cache_may_keep_a_page_that_shows_people_first_view_or_kept(client, pages):
    for url in pages:
        first, kept = client.get(url), client.get(url)  # the second comes from the page cache
        assert first["Cache-Control"] == kept["Cache-Control"] == "private, no-cache", url


def test_a_report_form_is_not_stored_by_any_cache(client):
    person = make_person("Publicus Reported")

    response = client.get(reverse("report_inaccuracy", args=[person.pk]))

    assert response["Cache-Control"] == "private, no-store"
