"""Django's PostgreSQL backend, with a health check that costs no round trip while the connection is quiet (and a
test database dropped even while a server a test started still holds a connection).

With CONN_HEALTH_CHECKS Django sends `SELECT 1` at the start of every request that reads the database, so that a
connection the server dropped (a restart, a failover, an idle timeout) is replaced before the request uses it.
A server that drops a connection says so on its socket first (a FATAL message, then the end of the stream), so a
quiet socket is a connection as usable as the last request left it, and the check is skipped; anything waiting on
the socket runs Django's own check. The round trip saved is part of every request's time (README "Benchmark").
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base, creation


class DatabaseCreation(creation.DatabaseCreation):
    def _destroy_test_db(self, test_database_name, verbosity):
        # At the end of a test run a server a test started (gunicorn, a replica) or the live server's thread may
        # still hold a connection; DROP DATABASE would then refuse (a full run ended so, after 1,339 passed).
        self.connection.close_pool()
        with self._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE {self.connection.ops.quote_name(test_database_name)} WITH (FORCE)")


class DatabaseWrapper(base.DatabaseWrapper):
    creation_class = DatabaseCreation

    def close_if_health_check_failed(self) -> None:
        if self.health_check_enabled and not self.health_check_done and self._quiet():
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _quiet(self) -> bool:
        """Whether the server has sent nothing since the connection was last used (never true for a broken or
        closed connection)."""
        connection = self.connection
        if connection is None or connection.closed or connection.broken:
            return False
        poller = select.poll()
        poller.register(connection.fileno(), select.POLLIN | select.POLLERR | select.POLLHUP)
        return not poller.poll(0)
