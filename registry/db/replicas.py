"""Read replicas: anonymous readers are served from a streaming standby, everything else from the primary.

With DATABASE_REPLICA_URLS set, each replica is a database alias (`replica_1`, …). `ReadFromReplica`
pins each anonymous GET/HEAD request to one replica that answers (chosen at random); staff sessions,
API tokens and every other method use the primary. `PrimaryOrPinnedReplica` (the router) sends all of a
request's reads to its pinned alias and every write to the primary.

The data version that keys the caches (registry/db/freshness.py) is read through the same alias as the
data it describes, so a lagging replica makes an answer older but never files it under a newer key.
A replica that cannot be reached is left alone for REPLICA_RETRY_SECONDS and its readers go to the primary.
"""

from __future__ import annotations

import contextvars
import logging
import random
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponse

log = logging.getLogger(__name__)
PREFIX = "replica_"
_pinned: contextvars.ContextVar[str | None] = contextvars.ContextVar("registry_read_alias", default=None)
_down_until: dict[str, float] = {}


def aliases() -> list[str]:
    return [alias for alias in settings.DATABASES if alias.startswith(PREFIX)]


def read_alias() -> str:
    """The alias this request reads from (the primary outside a pinned request)."""
    return _pinned.get() or DEFAULT_DB_ALIAS


class PrimaryOrPinnedReplica:
    """The database router (settings.DATABASE_ROUTERS)."""

    def db_for_read(self, model, **hints) -> str | None:
        return _pinned.get()

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # one database, copied

    def allow_migrate(self, db: str, app_label: str, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


class ReadFromReplica:
    """Middleware: pin an anonymous reader's GET or HEAD to a replica for the whole request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _pinned.set(_choose(request))
        try:
            return self.get_response(request)
        finally:
            _pinned.reset(token)


def _choose(request: HttpRequest) -> str | None:
    replicas = aliases()
    if not replicas or request.method not in ("GET", "HEAD"):
        return None
    if "HTTP_AUTHORIZATION" in request.META or request.user.is_authenticated:
        return None  # staff and token holders read what they (or their colleagues) just wrote
    now = time.monotonic()
    for alias in random.sample(replicas, len(replicas)):
        if _down_until.get(alias, 0) > now:
            continue
        try:
            # A connection kept from an earlier request is checked first (no round trip while its socket is
            # quiet, registry.db.postgresql): a replica that stopped since then is skipped here, not met by a query.
            connections[alias].close_if_health_check_failed()
            connections[alias].ensure_connection()
            return alias
        except DatabaseError as exc:
            log.warning("replica %s unreachable (%s); reading from the primary", alias, type(exc).__name__)
            _down_until[alias] = now + settings.REPLICA_RETRY_SECONDS
            connections[alias].close()
    return None


def state(alias: str) -> dict:
    """For /readyz: whether a replica answers and how far behind the primary's last commit it is."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(
                "SELECT pg_is_in_recovery(), extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8"
            )
            standby, lag = cursor.fetchone()
    except DatabaseError:
        return {"status": "unreachable"}
    return {"status": "ok" if standby else "not a standby", "seconds_since_last_replayed_commit": lag}
