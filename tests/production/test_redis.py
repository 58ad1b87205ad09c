"""With REDIS_URL: throttle counters and cached answers shared by every worker of two app servers, never stale,
and the registry still answering (uncached) while Redis is down."""

from __future__ import annotations

import contextlib

import pytest
import redis
import requests

from tests.factories import ArticleFactory
from tests.production.conftest import THROUGH_THE_PROXY
from tests.servers import gunicorn, production_environment, redis_server
from tests.site_data import make_person

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory, static_root, django_db_setup, django_db_blocker):
    """Two app servers of two workers each on one Redis; yields (their base URLs, the Redis URL)."""
    folder = tmp_path_factory.mktemp("redis")
    with django_db_blocker.unblock(), redis_server(folder / "redis") as url:
        env = production_environment(REDIS_URL=url, API_ANON_RATE="10/minute", STATIC_ROOT=str(static_root))
        with contextlib.ExitStack() as stack:
            bases = [stack.enter_context(gunicorn(env, folder / f"app{i}.log")) for i in (1, 2)]
            yield bases, url


def get(base: str, path: str, client: str = "203.0.113.10"):
    # Through nginx both servers see the site's own host name (proxy_set_header Host), not their own ports:
    # answers are kept per absolute URL.
    headers = {**THROUGH_THE_PROXY, "X-Forwarded-For": client, "Host": "registry.test"}
    return requests.get(base + path, headers=headers, allow_redirects=False, timeout=30)


def test_the_api_throttle_holds_across_every_worker_of_both_servers(two_servers):
    (first, second), _ = two_servers

    statuses = [get(base, "/api/v1/articles/", client="203.0.113.77").status_code for base in [first, second] * 20]

    assert statuses.count(200) == 10
    assert statuses.count(429) == 30


def test_an_answer_computed_by_one_server_is_served_by_the_other(two_servers):
    (first, second), url = two_servers
    ArticleFactory(number="999-9")
    stats = redis.Redis.from_url(url)
    get(first, "/api/v1/articles/?ordering=number", client="203.0.113.1")
    hits_before = stats.info("stats")["keyspace_hits"]

    answer = get(second, "/api/v1/articles/?ordering=number", client="203.0.113.2")

    assert answer.status_code == 200
    assert "999-9" in answer.text
    assert stats.info("stats")["keyspace_hits"] > hits_before
    assert any(b":derived:" in key for key in stats.keys("*"))


def test_a_withdrawn_person_is_gone_from_both_servers_on_the_next_request(two_servers):
    (first, second), _ = two_servers
    person = make_person("Fiktyuny Adklikany")
    path = f"/api/v1/prisoners/{person.pk}/"
    before = [get(base, path, client=f"203.0.113.{i}").status_code for i, base in enumerate([first, second])]

    person.visibility = "private"
    person.save()

    after = [get(base, path, client=f"203.0.113.{i}").status_code for i, base in enumerate([first, second])]

    assert before == [200, 200]
    assert after == [404, 404]


def test_while_redis_is_down_the_registry_answers_uncached(tmp_path, static_root):
    # Nothing listens on the discard port.
    env = production_environment(REDIS_URL="redis://127.0.0.1:9/0", STATIC_ROOT=str(static_root))
    make_person("Fiktyuny Bez Kesha")

    with gunicorn(env, tmp_path / "app.log", workers=1) as base:
        statuses = [get(base, path).status_code for path in ("/", "/prisoners/", "/api/v1/prisoners/", "/statistics/")]

    assert statuses == [200, 200, 200, 200]
