"""When cached answers go stale: a data version that PostgreSQL bumps on every write, and caches keyed by it.

Every table of the registry and pardons apps carries a statement-level trigger that, before any INSERT,
UPDATE, DELETE or TRUNCATE, sets the single `DataVersion` row to a fresh number from a sequence. The
row changes inside the writing transaction, so readers see the new number exactly when they can see the
new data: an answer cached under a number can never be older than that number's data. No write path
can forget to invalidate (admin, services, API, imports, raw SQL and COPY all fire the trigger), and a
test (tests/registry/db/test_freshness.py) fails if a model's table lacks it. Versions finer than that one (a
person's, the counts', ...) are rows of PersonVersion; registry.db.version_triggers installs the triggers that move
each, and says which write moves which.

The row lock makes writers take turns from their first write to their commit. For a staff of tens that
is invisible; code that row-locks with SELECT ... FOR UPDATE before writing calls `claim_write()` first,
so every writer takes the version lock before any other and two writers cannot deadlock on it.

A rehearsal (an import's dry run: real writes, always rolled back) neither bumps nor locks the version —
nothing it writes is ever seen — so it never makes other writers wait (`rehearsal()`), and nothing computed inside
it is kept; an import's apply takes the lock only at its end (`lock_at_commit()`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zlib
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from typing import NamedTuple, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

from registry.db.replicas import read_alias

T = TypeVar("T")
TRIGGER = "registry_data_version"
FUNCTION = "registry_bump_data_version"
SEQUENCE = "registry_data_version_seq"
# The response and derived-data caches (settings.CACHES); per process, keyed by the version, so never stale.
CACHE = "derived"
# What kept answers are made of (keep_check): small entries of their own, never evicting an answer.
CHECKS = "checks"

_BUMP = f"""
    INSERT INTO registry_dataversion AS v (id, version, changed_at)
    VALUES (1, nextval('{SEQUENCE}'), clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
"""


REHEARSAL = "registry.rehearsal"
# The trigger and claim_write bump the version unless the transaction is a rehearsal.
BUMP_UNLESS_REHEARSAL = f"IF coalesce(current_setting('{REHEARSAL}', true), '') <> 'on' THEN {_BUMP}; END IF;"


class Version(NamedTuple):
    number: int
    changed_at: dt.datetime | None

    @property
    def key(self) -> str:
        """What cache keys and ETags name: the number and its timestamp. A restore brings back an older number,
        and later writes issue numbers again, but never with the same timestamp (registry/db/backup.py)."""
        return f"{self.number}@{self.changed_at.timestamp() if self.changed_at else 0}"


def current(using: str | None = None) -> Version:
    """The data version this connection sees now (0 for a database emptied by TRUNCATE), in one query.

    By default read where the request reads its data (a pinned replica or the primary: registry.db.replicas).
    Within a reading request (OneVersionPerRequest), read once per database and then remembered.
    """
    alias = using or read_alias()
    seen = _request_versions.get()
    if seen is not None and alias in seen:
        return seen[alias]
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM registry_dataversion WHERE id = 1")
        row = cursor.fetchone()
    version = Version(*row) if row else Version(0, None)
    if seen is not None:
        seen[alias] = version
    return version


# The versions a reading request has read, per database (None outside such a request).
_request_versions: ContextVar[dict[str, Version | ScopedVersion] | None] = ContextVar(
    "request_data_versions", default=None
)


class OneVersionPerRequest:
    """Middleware: a GET or HEAD reads the data version once per database, not once for each cached part of its
    answer (a list page: the page, its filters, their counts, their choices — five reads of the same row).

    Still never stale: the version is read before the data it names, so a part kept under it holds data at least
    that new, as when each part read it. A request that may write (any other method) reads it afresh each time.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            return self.get_response(request)
        token = _request_versions.set({})
        try:
            return self.get_response(request)
        finally:
            _request_versions.reset(token)


def claim_write(using: str = DEFAULT_DB_ALIAS) -> None:
    """Take the version lock now (and bump it), before row locks that the write will need."""
    with connections[using].cursor() as cursor:
        cursor.execute(f"DO $$ BEGIN {BUMP_UNLESS_REHEARSAL} END $$")


def rehearsal(using: str = DEFAULT_DB_ALIAS) -> None:
    """Mark the current transaction as one that will be rolled back: its writes take no version lock.

    Call inside `transaction.atomic()` and always roll back: committed, its writes would not invalidate caches.
    """
    connection = connections[using]
    if not connection.in_atomic_block:
        raise RuntimeError("rehearsal() needs a transaction that will be rolled back")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT set_config('{REHEARSAL}', 'on', true)")
    # Its reads see writes no version names: nothing computed in it may be kept (`_rehearsing`).
    connection.rehearsal_of = connection.atomic_blocks[0]


def _rehearsing() -> bool:
    """Whether this thread's writing connection is inside a rehearsal (until its outermost transaction ends)."""
    connection = connections[DEFAULT_DB_ALIAS]
    return connection.in_atomic_block and getattr(connection, "rehearsal_of", None) is connection.atomic_blocks[0]


def lock_at_commit(using: str = DEFAULT_DB_ALIAS) -> Callable[[], None]:
    """Let a long transaction write without the version lock; call the returned function just before it commits.

    The version is bumped (and locked) at that moment instead of at the first write, so other staff's saves do
    not wait for the whole transaction (an import's apply of hundreds of people). Readers still see the new
    number exactly with the new data: the bump is in the same transaction. Only for transactions that add
    rows and lock no existing row for update: a writer holding the version lock and waiting for such a row
    would deadlock with it (PostgreSQL would then abort one of the two, and nothing is half-done).
    """
    rehearsal(using)

    def bump() -> None:
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT set_config('{REHEARSAL}', '', true)")
        connections[using].rehearsal_of = None
        claim_write(using)
        bump_derived_versions(using)

    return bump


def _versioned(key: str, version: Version) -> str:
    # The date joins every key because "as of today" moves at midnight.
    return f"{key}|{version.key}|{dt.date.today().isoformat()}"


def remember(key: str, compute: Callable[[], T], *, version: Version | None = None) -> T:
    """compute(), or its result from the last call with the same key at the same data version and date.

    For derived numbers that cost a scan (facet counts). Disabled (always computes) when the cache holds
    no entries (DERIVED_CACHE_ENTRIES=0).
    """
    if not settings.DERIVED_CACHE_ENTRIES:
        return compute()
    return _kept(_versioned(key, version or current()), compute)


def remember_for(key: str, made_of: Hashable, compute: Callable[[], T]) -> T:
    """compute(), or its result from the last call with the same key and `made_of`: everything the result is made
    of, each person's version and what all persons' pages share included (registry.queries.documents.with_versions),
    so a kept result can never be stale, and a write about someone else, which moves only the data version, leaves
    it standing. (An API answer's recheck, CachedReadMixin.remember_made_of, instead reads what it is made of again
    before serving the answer kept at an older version.) Off (always computes) when the cache holds no entries."""
    if not settings.DERIVED_CACHE_ENTRIES:
        return compute()
    return _kept(f"{key}|{hashlib.sha256(repr(made_of).encode()).hexdigest()}", compute)


def _kept(full_key: str, compute: Callable[[], T]) -> T:
    if _rehearsing():
        return compute()
    found = caches[CACHE].get(full_key)
    if found is None:
        found = compute()
        caches[CACHE].set(full_key, found)
    return found


def keep_response(key: str, version: Version, response: HttpResponse, content: bytes | None = None) -> bool:
    """Keep a rendered 200 — its body (or `content`) and the headers its view set — for `kept_response`;
    whether it was kept.

    A body over DERIVED_CACHE_MAX_BYTES is kept compressed (a page that grows with the data, as the statistics
    page's decrees do, would otherwise be built again for every reader once it passed the limit); unpacking it
    costs ~1 ms, so bodies under the limit are kept as they are. Not kept: anything else than a plain 200, a
    response setting cookies, a body over the limit even compressed (a page of hundreds of people is not worth
    the memory), or anything when caching is off.
    """
    if not settings.DERIVED_CACHE_ENTRIES or response.status_code != 200 or response.streaming or response.cookies:
        return False
    if _rehearsing():
        return False
    content = response.content if content is None else content
    compressed = len(content) > settings.DERIVED_CACHE_MAX_BYTES
    if compressed:
        content = zlib.compress(content, 1)
        if len(content) > settings.DERIVED_CACHE_MAX_BYTES:
            return False
    caches[CACHE].set(_versioned(key, version), (content, list(response.items()), compressed))
    return True


def kept_response(key: str, version: Version) -> HttpResponse | None:
    """The response `keep_response` kept under this key at this version and date, rebuilt; else None."""
    if not settings.DERIVED_CACHE_ENTRIES:
        return None
    kept = caches[CACHE].get(_versioned(key, version))
    if kept is None:
        return None
    content, headers, compressed = kept
    response = HttpResponse(zlib.decompress(content) if compressed else content)
    for header, value in headers:
        response[header] = value
    return response


def keep_check(key: str, made_of: Hashable, answer_key: str, version: Version) -> None:
    """Remember what the answer kept under `answer_key` at `version` was made of (`made_of`: what a reader
    can read again cheaply, e.g. a page's people and their versions), for `kept_check`.

    A later request with the same `key` at another data version reads `made_of` again; if it is equal, the
    answer is the same and is served (registry.api.base.CachedReadMixin): a write about someone else does
    not throw away a page it does not change.
    """
    if settings.DERIVED_CACHE_ENTRIES and not _rehearsing():
        caches[CHECKS].set(f"{key}|{dt.date.today().isoformat()}", (made_of, answer_key, version))


def kept_check(key: str) -> tuple[Hashable, str, Version] | None:
    """(made_of, answer key, version) as `keep_check` kept them today under `key`; else None."""
    if not settings.DERIVED_CACHE_ENTRIES:
        return None
    return caches[CHECKS].get(f"{key}|{dt.date.today().isoformat()}")


# --- Per-person and scoped versions (registry.models.PersonVersion) ----------------------------------------------
# Rows of one table, each moved by PostgreSQL's triggers (registry.db.version_triggers says which write moves which):
# a person's own row (their id), and rows for what many answers share.

SHARED_ROW = 0  # PersonVersion.SHARED: what every person's pages share
COUNTS_ROW = -2  # the counts PostgreSQL keeps on write (list filters, facets, statistics)
RISKS_ROW = -3  # who is held, their vulnerabilities and signs of life (at risk, without contact)
FILTERED_ROW = -4  # what the list's filters read when they scan the people
_UPSERT = (
    "INSERT INTO registry_personversion AS v (prisoner_id, version, changed_at) {rows} "
    "ON CONFLICT (prisoner_id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at"
)


def upsert_sql(rows: str) -> str:
    """SQL writing the PersonVersion rows `rows` gives (a SELECT or VALUES of id, version, changed_at)."""
    return _UPSERT.format(rows=rows)


def bump_sql(row: str | int) -> str:
    """SQL moving one PersonVersion row (`row`: its id, or an expression giving it). The version is drawn again once
    the row is locked, so a row's versions follow the order in which their writers commit (registry.db.documents
    compares them by order)."""
    return (
        f"INSERT INTO registry_personversion AS v (prisoner_id, version, changed_at) "
        f"VALUES ({row}, nextval('{SEQUENCE}'), clock_timestamp()) "
        f"ON CONFLICT (prisoner_id) DO UPDATE SET version = nextval('{SEQUENCE}'), changed_at = EXCLUDED.changed_at"
    )


def bump_derived_versions(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the counts', the risks' and the filtered versions now (an import's apply, whose writes ran as a
    rehearsal: `lock_at_commit`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(bump_sql(COUNTS_ROW))
        cursor.execute(bump_sql(RISKS_ROW))
        cursor.execute(bump_sql(FILTERED_ROW))


class ScopedVersion(NamedTuple):
    """A version that changes only with the data one answer shows (one person's pages): as Version, for keys."""

    key: str
    changed_at: dt.datetime | None


def person_current(pk: int, using: str | None = None) -> ScopedVersion:
    """The version of one person's profile and document: their own rows' and what all persons' pages share."""
    with connections[using or read_alias()].cursor() as cursor:
        cursor.execute(
            "SELECT prisoner_id, version, changed_at FROM registry_personversion WHERE prisoner_id IN (%s, %s)",
            [SHARED_ROW, pk],
        )
        return person_version(pk, cursor.fetchall())


def _versions(
    read: Iterable[tuple[int, int, dt.datetime | None]], wanted: Iterable[int]
) -> tuple[list[Version], dt.datetime | None]:
    """The `wanted` PersonVersion rows from those `read` (a missing row is version 0), and when the latest moved."""
    found = {row[0]: Version(row[1], row[2]) for row in read}
    versions = [found.get(row, Version(0, None)) for row in wanted]
    return versions, max((version.changed_at for version in versions if version.changed_at), default=None)


def person_version(pk: int, rows: Iterable[tuple[int, int, dt.datetime | None]]) -> ScopedVersion:
    """`person_current` from the person's PersonVersion row and row 0 as read, for a caller that reads them in its
    own statement (registry.queries.documents)."""
    (own, shared), changed_at = _versions(rows, (pk, SHARED_ROW))
    return ScopedVersion(f"p{pk}-{own.key}-s{shared.key}", changed_at)


def _rows_current(rows: tuple[int, ...], alias: str) -> ScopedVersion:
    """PersonVersion `rows` as one version, read in one query."""
    with connections[alias].cursor() as cursor:
        cursor.execute(
            "SELECT prisoner_id, version, changed_at FROM registry_personversion WHERE prisoner_id = ANY(%s)",
            [list(rows)],
        )
        versions, changed_at = _versions(cursor.fetchall(), rows)
    return ScopedVersion("v" + "-".join(version.key for version in versions), changed_at)


def _once_per_request(name: str, rows: tuple[int, ...], using: str | None) -> ScopedVersion:
    alias = using or read_alias()
    seen = _request_versions.get()
    if seen is None:
        return _rows_current(rows, alias)
    if f"{alias}|{name}" not in seen:
        seen[f"{alias}|{name}"] = _rows_current(rows, alias)
    return seen[f"{alias}|{name}"]


def counts_current(using: str | None = None) -> ScopedVersion:
    """The version of what is counted from the tallies (list filters, facets, statistics): the tallies' row and row 0
    (a region's or article's name, a decree). Once per reading request and database."""
    return _once_per_request("counts", (COUNTS_ROW, SHARED_ROW), using)


def risks_current(using: str | None = None) -> ScopedVersion:
    """The version of at risk and without contact: the risks' row, the counts' (the held totals come from the
    tallies) and row 0, in one query. Once per reading request and database."""
    return _once_per_request("risks", (RISKS_ROW, COUNTS_ROW, SHARED_ROW), using)


def filtered_current(using: str | None = None) -> ScopedVersion:
    """The version of what the list's filters read (`FILTERED_ROW`). Once per reading request and database."""
    return _once_per_request("filtered", (FILTERED_ROW,), using)
