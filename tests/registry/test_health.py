"""/healthz (the process answers) and /readyz (it can serve): for load balancers, never cached, DEBUG off."""

import datetime as dt

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.urls import reverse

from registry import health
from registry.db import documents, freshness
from tests.factories import PrisonerFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _production_like(settings):
    settings.DEBUG = False
    health._migrated.clear()


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("healthz"))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_answers_ok_with_the_data_version_when_migrated(client):
    RegionFactory()  # a write: the version moves

    response = client.get(reverse("readyz"))

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    body = response.json()
    assert (body["status"], body["database"]) == ("ok", "ok")
    assert body["data_version"] == freshness.current().number > 0
    assert "redis" not in body and "replicas" not in body


def test_readyz_shows_when_a_write_left_documents_to_build_until_a_refresh_builds_them(client):
    region = RegionFactory()
    PrisonerFactory(region=region)
    documents.refresh_left()
    assert client.get(reverse("readyz")).json()["documents_left_since"] is None

    region.name_en = "Fictional Region Renamed"
    region.save()
    response = client.get(reverse("readyz"))

    assert response.status_code == 200 and response.json()["status"] == "ok"  # readers build them meanwhile
    since = dt.datetime.fromisoformat(response.json()["documents_left_since"])
    assert abs(dt.datetime.now(dt.UTC) - since) < dt.timedelta(minutes=5)
    documents.refresh_left()
    assert client.get(reverse("readyz")).json()["documents_left_since"] is None


def test_readyz_is_503_while_a_migration_is_pending(client):
    latest = MigrationRecorder.Migration.objects.filter(app="registry").latest("id")
    latest.delete()  # rolled back with the test

    response = client.get(reverse("readyz"))

    assert response.status_code == 503
    assert response.json()["status"] == "migrations pending"
