"""When cached answers go stale: a data version that PostgreSQL bumps on every write, and caches keyed by it.

Every table of the registry and pardons apps carries a statement-level trigger that, before any INSERT,
UPDATE, DELETE or TRUNCATE, sets the single `DataVersion` row to a fresh number from a sequence. The
row changes inside the writing transaction, so readers see the new number exactly when they can see the
new data: an answer cached under a number can never be older than that number's data. No write path
can forget to invalidate (admin, services, API, imports, raw SQL and COPY all fire the trigger), and a
test (tests/registry/test_freshness.py) fails if a model's table lacks it.

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

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

from registry.db.replicas import read_alias

T = TypeVar("T")
APPS = ("registry", "pardons")
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
_BUMP_UNLESS_REHEARSAL = f"IF coalesce(current_setting('{REHEARSAL}', true), '') <> 'on' THEN {_BUMP}; END IF;"


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
        cursor.execute(f"DO $$ BEGIN {_BUMP_UNLESS_REHEARSAL} END $$")


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
        bump_counts(using)

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


# The version rows themselves, and staff work state the public never sees (an import's progress is written
# once per row, a reader's report arrives at any time: neither may empty every cache).
NOT_VERSIONED = {
    "registry_dataversion", "registry_personversion", "registry_importjob", "registry_correction",
    # Counts PostgreSQL derives inside the same statement as the write that already moved the versions.
    "registry_peopletally", "registry_articletally", "registry_heldtally", "registry_releasetally",
    "registry_heldover60tally", "registry_releasemonthtally", "registry_withoutcontacttally",
    "pardons_decreetally", "pardons_pardonedperson",
    # Documents built in the statement that moved the person's version, or by readers (registry.db.documents).
    "registry_persondocument",
    # The search keys' vocabulary and each person's ranked words, written in the statement that wrote the keys.
    "registry_searchword", "registry_prisonerword",
}  # fmt: skip


def versioned_tables() -> list[str]:
    """The tables whose writes change what the registry shows: every model of both apps but history and
    NOT_VERSIONED (history rows are only written beside a change of a real table)."""
    tables = []
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model.__name__.startswith("Historical") or model._meta.db_table in NOT_VERSIONED:
                continue
            if model._meta.managed or model._meta.auto_created:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


# --- Per-person versions (registry.models.PersonVersion) -----------------------------------------------------

SHARED_ROW = 0  # PersonVersion.SHARED: what every person's pages share
PERSON_FUNCTION = "registry_bump_person_versions"
SHARED_FUNCTION = "registry_bump_shared_version"
SCOPE_TRIGGER = "registry_scoped_version"
_UPSERT = (
    "INSERT INTO registry_personversion AS v (prisoner_id, version, changed_at) {rows} "
    "ON CONFLICT (prisoner_id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at"
)


def _bump(row: str | int) -> str:
    """SQL moving one PersonVersion row (`row`: its id, or an expression giving it)."""
    return _UPSERT.format(rows=f"VALUES ({row}, nextval('{SEQUENCE}'), clock_timestamp())")


# Each write event with the transition tables a statement trigger reads (new_rows, old_rows).
TRANSITIONS = (
    ("INSERT", "NEW TABLE AS new_rows"),
    ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    ("DELETE", "OLD TABLE AS old_rows"),
)
_NOT_REHEARSAL = f"coalesce(current_setting('{REHEARSAL}', true), '') <> 'on'"


# Shared tables (rows not each about one person) by what a write to them moves: row 0, which every person's pages
# are kept under, or only row -2, the counts' version (`COUNTS_ROW`: list choices, facets, statistics).
# New rows no person's page shows until a row about that person links them (a region, article or code named by
# someone's row, whose write moves that person's version): an insert moves no one's version, only the counts' (they
# list every region and article). Correcting or deleting one moves everyone's: so many people share one that moving
# their versions one by one would cost more (an article of 56,000 of 100,000 people: 2 s, and 44% kept).
NEW_ROWS_SHOWN_ONLY_WHEN_LINKED = {
    "registry_region", "registry_article", "registry_criminalcode", "pardons_decreeseries",
}  # fmt: skip
# Tables no person's page reads at all (a decree's announced breakdown and sources, figures reported by others, open
# data releases): no write to them moves row 0 (tests/registry/db/test_person_versions.py holds the person-scoped
# statements to that).
NOT_ON_PERSON_PAGES = {
    "pardons_breakdownitem", "pardons_pardondecree_sources", "registry_reportedfigure",
    "registry_reportedfigure_sources", "registry_release", "registry_releasefile",
}  # fmt: skip
# Counted answers list every region, article, facility and decree (the list's choices, the decree charts), and
# read the tables no person's page reads, so what moves no row 0 there moves the counts' version.


# The column only the admin's edit lock reads (registry.staff.locking). Staff identify people on a decree's page, and
# the admin saves the decree each time so that two of them cannot overwrite each other's identifications (and a
# source saved unchanged moves only it); no person's page, document or count shows the column, so an update of a
# linked shared row moving only it moves no one's version and rebuilds nothing.
EDIT_LOCK_COLUMN = "updated_at"


def changed_beyond(row: str, columns: tuple[str, ...]) -> str:
    """SQL for an UPDATE statement trigger: whether transition row `row` (new or old) changed in another column
    than `columns`."""
    minus = "".join(f" - '{column}'" for column in columns)
    return (
        f"EXISTS (SELECT FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE n.id = {row}.id "
        f"AND to_jsonb(n){minus} IS DISTINCT FROM to_jsonb(o){minus})"
    )


def changed_beyond_edit_lock(row: str) -> str:
    """Whether transition row `row` changed in another column than the edit lock's."""
    return changed_beyond(row, (EDIT_LOCK_COLUMN,))


def _pardoned_by(row: str) -> str:
    return f"SELECT prisoner_id AS id FROM pardons_pardon WHERE decree_id = {row}.id"


def _held_at(row: str) -> str:
    return (
        "SELECT c.prisoner_id AS id FROM registry_placement pl JOIN registry_custody c ON c.id = pl.custody_id "
        f"WHERE pl.facility_id = {row}.id"
    )


# Shared rows shown only on the pages of the people whose rows link them, as a SELECT of those people's ids for a
# written row: a write to one moves their versions, not everyone's. A source (its title, publisher, date, address)
# and its evidence files show wherever the source is cited, and nothing counted lists them; a decree on the pages of
# the people it pardoned (staff save its page each time they identify someone on it); a facility (its name, postal
# address for letters) on the pages of the people ever placed there (a tenth of everyone at most: at 100,000 people,
# 10,505 moved in 0.4 s). A new one is linked by no one yet. Sources are the shared rows staff add and correct most.
SHOWN_TO_LINKING_PEOPLE = {
    "registry_source": lambda row: _citing_people(f"{row}.id"),
    "registry_attachment": lambda row: _citing_people(f"{row}.source_id"),
    "pardons_pardondecree": _pardoned_by,
    "registry_facility": _held_at,
}
# Of those, the ones counted answers read (the decree charts, the list's facility choices): any write to them moves
# the counts' version too (an update, unless it moved only the edit lock).
COUNTED_TOO = {"pardons_pardondecree", "registry_facility"}
COUNTS_ON_CHANGE = "registry_bump_counts_on_change"


def shared_rows(table: str) -> tuple[int, int]:
    """The PersonVersion row a write to shared `table` moves: (on INSERT, on UPDATE, DELETE or TRUNCATE)."""
    if table in NOT_ON_PERSON_PAGES:
        return COUNTS_ROW, COUNTS_ROW
    if table in NEW_ROWS_SHOWN_ONLY_WHEN_LINKED:
        return COUNTS_ROW, SHARED_ROW
    return SHARED_ROW, SHARED_ROW


def person_scope(model, alias: str = "r", *, update: bool = False) -> tuple[str, str] | None:
    """How a row of `model` names its person, over transition rows `alias` (of an UPDATE: `update`): (id
    expression, join) — or None when its rows are not each about one person (then a write to it changes what every
    person's pages may show)."""
    prisoner = apps.get_model("registry", "Prisoner")

    def direct(candidate) -> str | None:
        if candidate is prisoner:
            return "id"
        for f in candidate._meta.concrete_fields:
            if f.is_relation and f.related_model is prisoner and not f.null:
                return f.column
        return None

    linking = SHOWN_TO_LINKING_PEOPLE.get(model._meta.db_table)
    if linking:
        changed = changed_beyond_edit_lock(alias) if update else "true"
        return "c.id", f"JOIN LATERAL ({linking(alias)}) c ON {changed}"
    column = direct(model)
    if column:
        return f"{alias}.{column}", ""
    for f in model._meta.concrete_fields:
        parent_column = direct(f.related_model) if f.is_relation and not f.null and f.related_model else None
        if parent_column:
            table = f.related_model._meta.db_table
            return f"p.{parent_column}", f"JOIN {table} p ON p.{f.target_field.column} = {alias}.{f.column}"
    return None


def _citing_people(source_id: str) -> str:
    """SQL: the ids of the people whose rows cite the source `source_id` (one row per citation)."""
    source = apps.get_model("registry", "Source")
    arms = []
    for table in versioned_tables():
        link = model_of(table)
        cites = link._meta.auto_created and any(
            f.is_relation and f.related_model is source for f in link._meta.concrete_fields
        )
        scope = person_scope(link, alias="l") if cites else None
        if scope:
            person, join = scope
            arms.append(f"SELECT {person} AS id FROM {table} l {join} WHERE l.source_id = {source_id}")
    return " UNION ALL ".join(arms)


def model_of(table: str):
    """The model (or many-to-many link) of a versioned table."""
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model._meta.db_table == table:
                return model
    return None


def _install_scope_triggers(cursor, tables: list[str], quote: Callable[[str], str]) -> None:
    ids = "SELECT DISTINCT %s AS id FROM %s r %s"  # person expression, transition table, join
    upsert = _UPSERT.format(
        rows=f"SELECT id, nextval('{SEQUENCE}'), clock_timestamp() FROM (%s) ids WHERE id IS NOT NULL"
    )
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {PERSON_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {_NOT_REHEARSAL} THEN "
        f"EXECUTE format({_literal(upsert)}, format({_literal(ids)}, TG_ARGV[0], "
        "CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END, TG_ARGV[1])); "
        f"IF TG_OP = 'UPDATE' THEN EXECUTE format({_literal(upsert)}, format({_literal(ids)}, TG_ARGV[0], "
        "'old_rows', TG_ARGV[1])); END IF; "
        "END IF; RETURN NULL; END $$"
    )
    # The row to move, per event, in the trigger's arguments (`shared_rows`: on INSERT, otherwise).
    shared = _bump("moved::bigint")
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {SHARED_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "DECLARE moved text := CASE WHEN TG_OP = 'INSERT' THEN TG_ARGV[0] ELSE TG_ARGV[1] END; "
        f"BEGIN IF {_NOT_REHEARSAL} THEN {shared}; END IF; RETURN NULL; END $$"
    )
    # A counted shared row's update moves the counts' version unless it moved only the edit lock.
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {COUNTS_ON_CHANGE}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {_NOT_REHEARSAL} AND EXISTS (SELECT FROM new_rows r WHERE {changed_beyond_edit_lock('r')}) "
        f"THEN {_BUMP_COUNTS}; END IF; RETURN NULL; END $$"
    )
    for table in tables:
        quoted = quote(table)
        scope = person_scope(model_of(table))
        for suffix in ("shared", "insert", "update", "delete", "truncate", "counted", "counted_update"):
            cursor.execute(f"DROP TRIGGER IF EXISTS {SCOPE_TRIGGER}_{suffix} ON {quoted}")
        if scope is None:
            moved = ", ".join(_literal(str(row)) for row in shared_rows(table))
            cursor.execute(
                f"CREATE TRIGGER {SCOPE_TRIGGER}_shared AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quoted} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {SHARED_FUNCTION}({moved})"
            )
            continue
        for event, referencing in TRANSITIONS:
            person, join = person_scope(model_of(table), update=event == "UPDATE")
            cursor.execute(
                f"CREATE TRIGGER {SCOPE_TRIGGER}_{event.lower()} AFTER {event} ON {quoted} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {PERSON_FUNCTION}({_literal(person)}, {_literal(join)})"
            )
        # Emptying a person's table wholesale: everyone's pages may change.
        cursor.execute(
            f"CREATE TRIGGER {SCOPE_TRIGGER}_truncate AFTER TRUNCATE ON {quoted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {SHARED_FUNCTION}('{SHARED_ROW}', '{SHARED_ROW}')"
        )
        if table in COUNTED_TOO:
            cursor.execute(
                f"CREATE TRIGGER {SCOPE_TRIGGER}_counted AFTER INSERT OR DELETE ON {quoted} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {SHARED_FUNCTION}('{COUNTS_ROW}', '{COUNTS_ROW}')"
            )
            cursor.execute(
                f"CREATE TRIGGER {SCOPE_TRIGGER}_counted_update AFTER UPDATE ON {quoted} "
                f"REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS_ON_CHANGE}()"
            )


# Row -2: the version of the counts PostgreSQL keeps on write (registry.models.tallies, pardons' DecreeTally and
# PardonedPerson), moved only by a statement that changes a tally row, and by a write to a shared table that moves
# no row 0 (`shared_rows`: a new region or decree). Most edits (names, notes, sources, events) change none, so what
# is counted from the tallies alone — the list filters, facets and most statistics — kept under it and row 0
# (a region renamed, a decree corrected), outlives them (`counts_current`).
COUNTS_ROW = -2
COUNTED_TALLIES = (
    "registry_peopletally", "registry_articletally", "registry_heldtally", "registry_heldover60tally",
    "registry_releasetally", "registry_releasemonthtally", "pardons_decreetally", "pardons_pardonedperson",
)  # fmt: skip
COUNTS_FUNCTION = "registry_bump_counts_version"
COUNTS_TRIGGER = "registry_counts_version"
_BUMP_COUNTS = _bump(COUNTS_ROW)


def _install_counts_triggers(cursor, quote: Callable[[str], str]) -> None:
    # The tally triggers upsert with HAVING sum(n) <> 0: a statement may change no row, and then moves nothing.
    # (A TRUNCATE has no transition table: its branch never reads one.)
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {COUNTS_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT {_NOT_REHEARSAL} THEN RETURN NULL; END IF; "
        f"IF TG_OP = 'TRUNCATE' THEN {_BUMP_COUNTS}; ELSIF EXISTS (SELECT FROM changed_rows) THEN {_BUMP_COUNTS}; "
        "END IF; RETURN NULL; END $$"
    )
    for table in COUNTED_TALLIES:
        quoted = quote(table)
        for event in ("INSERT", "UPDATE", "DELETE"):
            changed = "OLD TABLE AS changed_rows" if event == "DELETE" else "NEW TABLE AS changed_rows"
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {COUNTS_TRIGGER}_{event.lower()} AFTER {event} ON {quoted} "
                f"REFERENCING {changed} FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS_FUNCTION}()"
            )
        cursor.execute(
            f"CREATE OR REPLACE TRIGGER {COUNTS_TRIGGER}_truncate AFTER TRUNCATE ON {quoted} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {COUNTS_FUNCTION}()"
        )


# Row -3: the version of what at risk and without contact read besides the tallies — who is held, by their custody
# periods and visibility, and their vulnerabilities and signs of life. A statement may swap two people in and out of
# custody and change no tally row, so the counts' version cannot vouch for it; any write to those rows moves it,
# and a change of someone's visibility. Names, biographies, events and sources do not (`risks_current`).
RISKS_ROW = -3
RISKS_TABLES = ("registry_custody", "registry_vulnerability", "registry_contact")
RISKS_FUNCTION = "registry_bump_risks_on_visibility"
RISKS_TRIGGER = "registry_risks_version"
_BUMP_RISKS = _bump(RISKS_ROW)


def _install_risks_triggers(cursor, quote: Callable[[str], str]) -> None:
    every_write = f"{SHARED_FUNCTION}('{RISKS_ROW}', '{RISKS_ROW}')"
    for table in RISKS_TABLES:
        cursor.execute(
            f"CREATE OR REPLACE TRIGGER {RISKS_TRIGGER} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {quote(table)} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {every_write}"
        )
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {RISKS_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        # EXCEPT (hashed) rather than a join of the two transition tables, which PostgreSQL plans as a nested loop
        # without statistics: 58 s for an update of 20,000 people, where nobody's visibility changed.
        f"BEGIN IF {_NOT_REHEARSAL} AND EXISTS (SELECT id, visibility FROM new_rows "
        f"EXCEPT SELECT id, visibility FROM old_rows) THEN {_BUMP_RISKS}; END IF; RETURN NULL; END $$"
    )
    prisoner = quote("registry_prisoner")
    cursor.execute(
        f"CREATE OR REPLACE TRIGGER {RISKS_TRIGGER}_update AFTER UPDATE ON {prisoner} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {RISKS_FUNCTION}()"
    )
    cursor.execute(
        f"CREATE OR REPLACE TRIGGER {RISKS_TRIGGER} AFTER DELETE OR TRUNCATE ON {prisoner} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {every_write}"
    )


# Row -4: the version of what the list's filters read when they scan the people (a name, an article, a facility,
# dates: their facets and totals, `PrisonerFilter.scanned_version`). Any write moves it but one to what no filter,
# facet or choice reads: sources, their files and who cites them, events, vulnerabilities, figures others reported,
# releases, a decree's announced breakdown, staff work state, and a person's biography, occupation, photo or names as
# shown (a name is searched through the search keys, whose writes move it). Those are most of the staff's edits.
FILTERED_ROW = -4
UNFILTERED_TABLES = {
    "registry_source", "registry_attachment", "registry_event", "registry_vulnerability", "registry_reportedfigure",
    "registry_release", "registry_releasefile", "registry_publicationrequest", "registry_merge",
    "pardons_breakdownitem",
}  # fmt: skip
UNFILTERED_COLUMNS = (
    "created_at", "updated_at", "display_name", "sort_name_be", "sort_name_ru", "photo",
    "occupation", "occupation_be", "occupation_ru", "biography", "biography_be", "biography_ru",
)  # fmt: skip
FILTERED_FUNCTION = "registry_bump_filtered_on_change"
FILTERED_TRIGGER = "registry_filtered_version"
_BUMP_FILTERED = _bump(FILTERED_ROW)


def filtered_tables(tables: Iterable[str]) -> list[str]:
    """Of `tables`, those whose writes move the filtered version: all but UNFILTERED_TABLES and citations (the
    link tables of records to the sources they cite)."""
    source = apps.get_model("registry", "Source")

    def cites(table: str) -> bool:
        link = model_of(table)
        return link._meta.auto_created and any(f.related_model is source for f in link._meta.concrete_fields)

    return [t for t in tables if t not in UNFILTERED_TABLES and not cites(t)]


def _install_filtered_triggers(cursor, tables: list[str], quote: Callable[[str], str]) -> None:
    every_write = f"{SHARED_FUNCTION}('{FILTERED_ROW}', '{FILTERED_ROW}')"
    filtered = set(filtered_tables(tables))
    for table in tables:
        cursor.execute(f"DROP TRIGGER IF EXISTS {FILTERED_TRIGGER} ON {quote(table)}")
        if table in filtered:
            events = (
                "INSERT OR DELETE OR TRUNCATE"
                if table == "registry_prisoner"
                else "INSERT OR UPDATE OR DELETE OR TRUNCATE"
            )
            cursor.execute(
                f"CREATE TRIGGER {FILTERED_TRIGGER} AFTER {events} ON {quote(table)} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {every_write}"
            )
    # A person's row moves it unless only unfiltered columns changed (EXCEPT, hashed, as the risks' trigger).
    minus = "".join(f" - '{column}'" for column in UNFILTERED_COLUMNS)
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {FILTERED_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF {_NOT_REHEARSAL} AND EXISTS (SELECT to_jsonb(n){minus} FROM new_rows n "
        f"EXCEPT SELECT to_jsonb(o){minus} FROM old_rows o) THEN {_BUMP_FILTERED}; END IF; RETURN NULL; END $$"
    )
    cursor.execute(
        f"CREATE OR REPLACE TRIGGER {FILTERED_TRIGGER}_update AFTER UPDATE ON {quote('registry_prisoner')} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FILTERED_FUNCTION}()"
    )


def bump_counts(using: str = DEFAULT_DB_ALIAS) -> None:
    """Move the counts', the risks' and the filtered versions now (an import's apply, whose writes ran as a
    rehearsal: `lock_at_commit`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(_BUMP_COUNTS)
        cursor.execute(_BUMP_RISKS)
        cursor.execute(_BUMP_FILTERED)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


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


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create (or replace) the bump functions and the triggers of every versioned table. Idempotent."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in versioned_tables() if t in existing]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_BUMP_UNLESS_REHEARSAL} RETURN NULL; END $$"
        )
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {connection.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
        _install_scope_triggers(cursor, tables, connection.ops.quote_name)
        if set(COUNTED_TALLIES) <= existing:
            _install_counts_triggers(cursor, connection.ops.quote_name)
        if {"registry_prisoner", *RISKS_TABLES} <= existing:
            _install_risks_triggers(cursor, connection.ops.quote_name)
        if "registry_prisoner" in existing:
            _install_filtered_triggers(cursor, tables, connection.ops.quote_name)
    return tables


def install_triggers_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: every table a migration created gets its trigger, so a new model cannot be forgotten."""
    if sender.label == "pardons":  # the last of the two apps: both apps' tables exist
        install_triggers(using)


def tables_without_trigger(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Versioned tables that lack the data-version trigger or the per-person one (for the test that guards the
    rule, and `manage.py check`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname = %s FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname IN (%s, %s, %s)",
            [TRIGGER, TRIGGER, f"{SCOPE_TRIGGER}_shared", f"{SCOPE_TRIGGER}_insert"],
        )
        have: dict[str, set[bool]] = {}
        for table, is_data_version in cursor.fetchall():
            have.setdefault(table, set()).add(is_data_version)
    return [t for t in versioned_tables() if have.get(t) != {True, False}]


def tables_without_derived_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables that lack a trigger moving the counts' version (the tallies), the risks' (who is held and their
    rows) or the filtered one: figures kept under those would outlive writes to them."""
    expected = {(table, f"{COUNTS_TRIGGER}_insert") for table in COUNTED_TALLIES}
    expected |= {(table, RISKS_TRIGGER) for table in (*RISKS_TABLES, "registry_prisoner")}
    expected.add(("registry_prisoner", f"{RISKS_TRIGGER}_update"))
    expected |= {(table, FILTERED_TRIGGER) for table in filtered_tables(versioned_tables())}
    expected.add(("registry_prisoner", f"{FILTERED_TRIGGER}_update"))
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
            "WHERE t.tgname = ANY(%s)",
            [sorted({name for _table, name in expected})],
        )
        found = set(cursor.fetchall())
    return sorted({table for table, name in expected - found})


@checks.register(checks.Tags.database)
def check_triggers(app_configs=None, databases=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --database default`: every existing versioned table has its trigger (e.g. after a restore).

    A warning, not an error: `migrate` runs database checks before it migrates, and it is what installs them.
    """
    warnings = []
    for alias in databases or ():
        existing = set(connections[alias].introspection.table_names())
        missing = [t for t in tables_without_trigger(alias) + tables_without_derived_triggers(alias) if t in existing]
        if missing:
            warnings.append(
                checks.Warning(
                    f"Tables without the data-version trigger: {', '.join(missing)}. Cached answers could outlive "
                    "changes to them.",
                    hint="Run `manage.py migrate` (it reinstalls the triggers).",
                    id="registry.W001",
                )
            )
    return warnings
