"""/healthz: answers with the data version in one query, never cached, with DEBUG off."""

import pytest
from django.urls import reverse

from registry.db import freshness
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db


def test_it_answers_ok_with_the_data_version_in_one_query(client, settings, django_assert_num_queries):
    settings.DEBUG = False
    RegionFactory()  # a write: the version moves

    with django_assert_num_queries(1):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["data_version"] == freshness.current().number > 0
