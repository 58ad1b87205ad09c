"""The app as production runs it: gunicorn, DEBUG off, collected static files, behind one (simulated) TLS proxy."""

from __future__ import annotations

import pytest

from tests.servers import collect_static, gunicorn, production_environment

# What nginx adds to every request it passes on (deploy/nginx/prisoner-registry.conf).
THROUGH_THE_PROXY = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.10"}


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    """`collectstatic` as the deploy runs it, once per test session."""
    folder = tmp_path_factory.mktemp("static")
    collect_static(folder, production_environment(DATABASE_URL="postgresql://unused@localhost/unused"))
    return folder


@pytest.fixture(scope="module")
def production(tmp_path_factory, static_root, django_db_setup, django_db_blocker):
    """A gunicorn server on the test database; yields (base URL, its MEDIA_ROOT)."""
    folder = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        env = production_environment(STATIC_ROOT=str(static_root), MEDIA_ROOT=str(folder / "media"))
    with gunicorn(env, folder / "gunicorn.log") as base:
        yield base, folder / "media"
