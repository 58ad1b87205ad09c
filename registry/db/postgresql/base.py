"""Django's PostgreSQL backend, with a health check that costs no round trip while the connection is quiet.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` at the start of every request that reads the database, so that a
connection the server dropped (a restart, a failover, an idle timeout) is replaced before the request uses it.
A server that drops a connection says so on its socket first (a FATAL message, then the end of the stream), so a
quiet socket is a connection as usable as the last request left it, and the check is skipped; anything waiting on
the socket runs Django's own check. The round trip saved is part of every request's time (README "Benchmark").
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
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
