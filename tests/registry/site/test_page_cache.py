"""Public pages (registry.site.page_cache.public_page) only read: a write to one is refused, whoever sends it."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import PardonDecreeFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [None, "Viewer", "Editor", "Reviewer"])
def test_every_public_page_answers_a_write_with_method_not_allowed(settings, role_user, role):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=False)  # past CSRF, to reach the page itself
    if role:
        client.force_login(role_user(role))
    person, decree = make_person("Publicus Written"), PardonDecreeFactory()
    pages = [
        reverse("home"),
        reverse("prisoner_list"),
        reverse("prisoner_detail", args=[person.pk]),
        reverse("letter_kit", args=[person.pk]),
        reverse("prisoner_feed", args=[person.pk]),
        reverse("decree_detail", args=[decree.pk]),
        reverse("statistics"),
        reverse("upcoming_calendar"),
    ]
    for url in pages:
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(url)
            assert response.status_code == 405, (url, method, response.status_code)
            assert response["Allow"] == "GET, HEAD"
        assert client.head(url).status_code in (200, 404), url
