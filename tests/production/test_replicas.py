"""With DATABASE_REPLICA_URLS: anonymous readers are served by a real streaming standby, staff and API tokens by
the primary; a lagging replica gives older answers, never a stale one under a newer key; a dead one is skipped."""

from __future__ import annotations

import time
import urllib.parse
from pathlib import Path

import psycopg
import pytest
import requests

from tests.production.conftest import THROUGH_THE_PROXY
from tests.servers import gunicorn, production_environment, stop_replica, streaming_replica
from tests.site_data import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def replica(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), streaming_replica() as url:
        yield url


@pytest.fixture(scope="module")
def server(replica, static_root, tmp_path_factory, django_db_blocker):
    with django_db_blocker.unblock():
        env = production_environment(DATABASE_REPLICA_URLS=replica, STATIC_ROOT=str(static_root))
    with gunicorn(env, tmp_path_factory.mktemp("replica") / "app.log") as base:
        yield base


def on_replica(url: str, sql: str):
    with psycopg.connect(url, autocommit=True) as conn:
        return conn.execute(sql).fetchone()


def wait_for_replay(url: str, timeout: float = 60) -> None:
    """Until the standby has replayed everything the primary has written so far (a standby query in the way of
    replay is cancelled after max_standby_streaming_delay, 30 s: the wait outlasts it)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        target = cursor.fetchone()[0]
    deadline = time.monotonic() + timeout
    while not on_replica(url, f"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn")[0]:
        assert time.monotonic() < deadline, f"the replica did not catch up to {target}: {replica_state(url)}"
        time.sleep(0.1)


def replica_state(url: str) -> str:
    """What a standby that lags is doing: its replay position, its sessions and the end of its log."""
    with psycopg.connect(url, autocommit=True) as conn:
        position = conn.execute(
            "SELECT pg_is_wal_replay_paused(), pg_last_wal_receive_lsn(), pg_last_wal_replay_lsn()"
        ).fetchone()
        sessions = conn.execute(
            "SELECT pid, state, wait_event, xact_start, left(query, 100) FROM pg_stat_activity "
            "WHERE backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchall()
    folder = Path(urllib.parse.unquote(urllib.parse.urlsplit(url).netloc.rpartition("@")[2].split(":")[0]))
    log = (folder / "log").read_text(errors="replace").splitlines()[-15:] if (folder / "log").exists() else []
    return f"paused, received, replayed: {position}; sessions: {sessions}; log: {log}"


def read(base: str, path: str, **headers) -> int:
    return requests.get(base + path, headers={**THROUGH_THE_PROXY, **headers}, timeout=30).status_code


def test_the_replica_is_a_streaming_standby(replica):
    assert on_replica(replica, "SELECT pg_is_in_recovery()") == (True,)


def test_anonymous_readers_see_the_replica_and_staff_tokens_the_primary(replica, server, journalist_client):
    on_replica(replica, "SELECT pg_wal_replay_pause()")
    try:
        person = make_person("Fiktyuny Replikavany")  # written to the primary, not yet replayed
        path = f"/api/v1/prisoners/{person.pk}/"
        token = journalist_client._credentials["HTTP_AUTHORIZATION"]

        anonymous, with_token = read(server, path), read(server, path, Authorization=token)
    finally:
        on_replica(replica, "SELECT pg_wal_replay_resume()")

    assert anonymous == 404  # the standby has not seen the person yet
    assert with_token == 200


def test_a_lagging_replica_never_files_an_old_answer_under_a_newer_version(replica, server):
    make_person("Fiktyuny Pershy")
    wait_for_replay(replica)
    on_replica(replica, "SELECT pg_wal_replay_pause()")
    try:
        late = make_person("Fiktyuny Spazneny")  # the primary's version moves; the replica's does not
        during = requests.get(server + "/api/v1/prisoners/", headers=THROUGH_THE_PROXY, timeout=30).text
    finally:
        on_replica(replica, "SELECT pg_wal_replay_resume()")
    wait_for_replay(replica)

    after = requests.get(server + "/api/v1/prisoners/", headers=THROUGH_THE_PROXY, timeout=30).text

    assert "Fiktyuny Pershy" in during
    assert "Fiktyuny Spazneny" not in during
    assert late.display_name in after  # the cached answer was keyed by the replica's own, older version


def test_a_statistic_counted_partly_in_sql_reads_everything_from_the_replica(replica, server):
    import datetime as dt

    from registry.models import Contact

    wait_for_replay(replica)
    on_replica(replica, "SELECT pg_wal_replay_pause()")
    try:
        held = make_person("Fiktyuny Nie Bachany", detained_on=dt.date(2021, 5, 1))  # not yet replayed
        Contact.objects.create(prisoner=held, kind="letter", occurred_on=dt.date.today() - dt.timedelta(days=100))
        answer = requests.get(
            server + "/api/v1/statistics/without-contact/", headers=THROUGH_THE_PROXY, timeout=30
        ).json()
    finally:
        on_replica(replica, "SELECT pg_wal_replay_resume()")

    # The held count comes from the replica's tallies: the sign of life must come from the same snapshot.
    assert (answer["held"], answer["over_30"], answer["unrecorded"]) == (0, 0, 0)


def test_readyz_reports_the_replica_and_its_lag(server):
    body = requests.get(server + "/readyz", timeout=30).json()

    assert body["status"] == "ok"
    assert body["replicas"]["replica_1"]["status"] == "ok"


def test_readers_fall_back_to_the_primary_when_the_replica_cannot_be_reached(tmp_path, static_root):
    person = make_person("Fiktyuny Zapasny")
    env = production_environment(
        DATABASE_REPLICA_URLS="postgresql://nobody@127.0.0.1:9/nothing", STATIC_ROOT=str(static_root)
    )

    with gunicorn(env, tmp_path / "app.log", workers=1) as base:
        statuses = [read(base, f"/api/v1/prisoners/{person.pk}/"), read(base, "/prisoners/")]
        ready = requests.get(base + "/readyz", timeout=30).json()

    assert statuses == [200, 200]
    assert ready["status"] == "ok"
    assert ready["replicas"]["replica_1"]["status"] == "unreachable"


def test_readers_fall_back_to_the_primary_when_the_replica_stops_while_workers_hold_connections(tmp_path, static_root):
    person = make_person("Fiktyuny Pakinuty")
    path = f"/api/v1/prisoners/{person.pk}/"
    with streaming_replica() as url:
        wait_for_replay(url)
        env = production_environment(DATABASE_REPLICA_URLS=url, DB_CONN_MAX_AGE="60", STATIC_ROOT=str(static_root))
        with gunicorn(env, tmp_path / "app.log", workers=1) as base:
            before = read(base, path)  # the worker connects to the replica and keeps the connection
            stop_replica(url)
            after = [read(base, path), read(base, "/prisoners/"), read(base, path)]
            ready = requests.get(base + "/readyz", timeout=30).json()

    assert before == 200
    assert after == [200, 200, 200]
    assert ready["replicas"]["replica_1"]["status"] == "unreachable"
