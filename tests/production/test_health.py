"""A server that cannot reach PostgreSQL is alive (/healthz 200) but not ready (/readyz 503), and says why."""

import requests

from tests.servers import gunicorn, production_environment


def test_without_its_database_the_server_is_alive_but_not_ready(tmp_path, static_root):
    env = production_environment(DATABASE_URL="postgresql://nobody@127.0.0.1:9/nothing", STATIC_ROOT=str(static_root))

    with gunicorn(env, tmp_path / "app.log", workers=1) as base:
        alive = requests.get(base + "/healthz", timeout=30)
        ready = requests.get(base + "/readyz", timeout=30)

    assert alive.status_code == 200
    assert ready.status_code == 503
    assert ready.json()["database"] == "unreachable"
    assert ready.headers["Cache-Control"] == "no-store"
