"""What load balancers and uptime checks ask: `/healthz` (the process answers) and `/readyz` (it can serve).

`/readyz` answers 503 unless PostgreSQL is reachable and every migration is applied (a server started
before `migrate` finished must not get traffic). Redis and the read replicas are reported but do not
fail it: without them the registry still answers (uncached, or from the primary); nor does
`documents_left_since`, the time of a write that left stored documents for the refresh timer to build (readers build
them meanwhile; an hour old means the timer is not running). Never cached.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse

from registry.db import documents, freshness, replicas

_migrated: set[str] = set()  # aliases found fully migrated (migrations are not un-applied under a running app)


def healthz(request: HttpRequest) -> JsonResponse:
    return _answer({"status": "ok"}, 200)


def readyz(request: HttpRequest) -> JsonResponse:
    body: dict = {"status": "ok"}
    try:
        version = freshness.current(DEFAULT_DB_ALIAS)
        body["database"] = "ok"
        body["data_version"] = version.number
        body["data_changed_at"] = version.changed_at.isoformat() if version.changed_at else None
        left = documents.left_since(DEFAULT_DB_ALIAS)
        body["documents_left_since"] = left.isoformat() if left else None
        if not _all_migrations_applied():
            body["status"] = body["database"] = "migrations pending"
    except DatabaseError:
        body["status"] = body["database"] = "unreachable"
    if settings.REDIS_URL:
        body["redis"] = "ok" if _redis_answers() else "unreachable"
    if replicas.aliases():
        body["replicas"] = {alias: replicas.state(alias) for alias in replicas.aliases()}
    return _answer(body, 200 if body["status"] == "ok" else 503)


def _all_migrations_applied() -> bool:
    if DEFAULT_DB_ALIAS not in _migrated:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            return False
        _migrated.add(DEFAULT_DB_ALIAS)
    return True


def _redis_answers() -> bool:
    try:
        return bool(caches["default"]._cache.get_client(write=True).ping())
    except Exception:  # any failure to answer is "unreachable"; the reason is in the log
        return False


def _answer(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    response["Cache-Control"] = "no-store"
    return response
