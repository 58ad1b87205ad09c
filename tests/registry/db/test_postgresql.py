"""registry.db.postgresql: a request reuses a quiet connection without a round trip, and a connection the server
dropped is replaced before the request uses it; a test database is dropped even while a session holds it."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import connection, connections

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_connection():
    """A second connection to the test database, outside the test's transaction, as a worker holds one."""
    wrapper = connections.create_connection("default")
    wrapper.ensure_connection()
    yield wrapper
    wrapper.close()


@pytest.fixture
def checks(own_connection, monkeypatch):
    """How many times Django's own health check (`SELECT 1`) runs."""
    counted = []
    original = type(own_connection).is_usable

    def counting(self):
        counted.append(self)
        return original(self)

    monkeypatch.setattr(type(own_connection), "is_usable", counting)
    return counted


def backend_pid(wrapper) -> int:
    with wrapper.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def next_request(wrapper) -> int:
    """What Django does at the start of a request (close_old_connections), then the request's first query."""
    wrapper.close_if_unusable_or_obsolete()
    return backend_pid(wrapper)


def test_the_settings_use_the_registry_backend_with_health_checks():
    assert connection.settings_dict["ENGINE"] == "registry.db.postgresql"
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True


def test_a_quiet_connection_is_reused_without_a_health_check_query(own_connection, checks):
    pid = backend_pid(own_connection)

    assert next_request(own_connection) == pid
    assert checks == []


def test_a_connection_the_server_dropped_is_replaced_before_the_request_uses_it(own_connection, checks):
    pid = backend_pid(own_connection)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's farewell (a FATAL message, then the end of the stream) reaches the socket.
    poller = select.poll()
    poller.register(own_connection.connection.fileno(), select.POLLIN)
    deadline = time.monotonic() + 10
    while not poller.poll(100):
        assert time.monotonic() < deadline, "the server never closed the connection"

    assert next_request(own_connection) != pid
    assert len(checks) == 1


def test_a_test_database_is_dropped_even_while_another_session_is_connected_to_it():
    name = "test_registry_dropped_while_held"
    with connection.creation._nodb_cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {name}")
        cursor.execute(f"CREATE DATABASE {name}")
    params = {**connection.get_connection_params(), "dbname": name}
    params.pop("cursor_factory", None)
    held = psycopg.connect(**params)  # as a server a test started may still hold one at the end of the run
    try:
        connection.creation._destroy_test_db(name, verbosity=0)

        with connection.creation._nodb_cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone()[0] == 0
    finally:
        held.close()
