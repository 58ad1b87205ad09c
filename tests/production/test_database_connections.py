"""Workers keep their PostgreSQL connections between requests (DB_CONN_MAX_AGE) and still answer when the server
drops them — a restart, a failover, an idle timeout: the health check (registry.db.postgresql) notices the
server's farewell and reconnects before the request's first query."""

from __future__ import annotations

import time

import pytest
import requests
from django.db import connection

from tests.production.conftest import THROUGH_THE_PROXY
from tests.servers import gunicorn, production_environment
from tests.site_data import make_person

pytestmark = pytest.mark.django_db(transaction=True)


# The app's connections: every other session on the test database.
OTHERS = "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"


def others_connected() -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pid {OTHERS}")
        return [pid for (pid,) in cursor.fetchall()]


def drop_the_apps_connections() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT pg_terminate_backend(pid) {OTHERS}")
    deadline = time.monotonic() + 30
    while others_connected():
        assert time.monotonic() < deadline, "PostgreSQL did not end the app's connections"
        time.sleep(0.05)


def test_requests_after_the_server_dropped_every_connection_are_answered(tmp_path, static_root):
    person = make_person("Fiktyuny Perapadlyuchany")
    paths = [f"/api/v1/prisoners/{person.pk}/", f"/prisoners/{person.pk}/", "/prisoners/"]
    env = production_environment(STATIC_ROOT=str(static_root), DB_CONN_MAX_AGE="60")

    with gunicorn(env, tmp_path / "app.log", workers=2) as base:

        def statuses() -> list[int]:
            # `?n=` makes each URL new to the response caches, so every request reads the database.
            return [
                requests.get(f"{base}{path}?n={n}", headers=THROUGH_THE_PROXY, timeout=30).status_code
                for n in range(4)
                for path in paths
            ]

        before = statuses()
        kept = others_connected()
        drop_the_apps_connections()
        after = statuses()

    assert before == [200] * 12
    assert kept, "the workers kept no connection between requests"
    assert after == [200] * 12
