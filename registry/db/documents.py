"""Each person's API document, and the rows of their profile page, kept ready in PostgreSQL: built on write, read by
id, never stale.

`DOCUMENT` below is the document PostgreSQL assembles for one person `p` (json_build_object / json_agg over the
foreign-key indexes); registry.api.prisoner_documents adds the three fields whose format is DRF's or today's.
Building it costs a ~20-subquery query (planning included, ~5 ms); reading it from `registry_persondocument`
costs one indexed fetch.

How a stored document stays current, on every write path (admin, services, imports, raw SQL, COPY):
- Every table the document reads has statement triggers. A write to a person's own rows (names, custody,
  convictions, pardons…, `PEOPLE`), or to a decree, source or facility (`people_of`),
  rebuilds the documents of the people it touched in the same statement (up to `BUILT_IN_STATEMENT` people; more,
  as from a bulk import, only marks them to build: document NULL).
- A change to a row that many documents share (a region's name, an article's, `SHARED`) moves
  the documents' epoch (registry_personversion row -1): a document built under another epoch is not served. Only
  updates and deletes move it; a new shared row is in nobody's document until a person's row links it.
- Readers serve a document only if it was built by this code's `DOCUMENT` (`fingerprint()`) under the current epoch, and
  build the others, storing them back only if no write marked the row since they looked (compare-and-set on
  `stamp`), so a reader's older snapshot can never overwrite a writer's newer document.
- The trigger marks the rows first, which waits for a concurrent writer of the same person to commit; the build
  that follows is a new statement with a new snapshot, so it sees that writer's changes.

The profile page's rows (`page`: what registry.queries.profile reads, as JSON) are built and kept with the document,
by the same triggers and rules; the layer that draws the page hands its SQL over (`store_page`, from the app's
ready()), and the fingerprint `fingerprint()` names both.

A test makes random writes through every table and path and compares every served document and page with a fresh
build (tests/registry/db/test_documents.py); another fails when either reads a table without a trigger.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction

from registry.db.freshness import bump_sql
from registry.db.replicas import read_alias
from registry.db.version_triggers import (
    EDIT_LOCK_COLUMN,
    SHOWN_TO_LINKING_PEOPLE,
    TRANSITIONS,
    changed_beyond,
    changed_beyond_edit_lock,
)


def _partial(column: str) -> str:
    """A partial date as registry.dates.format_partial_iso writes it: '2021', '2021-05' or '2021-05-14'."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"WHEN {column}_precision = 'year' THEN to_char({column}, 'YYYY') "
        f"WHEN {column}_precision = 'month' THEN to_char({column}, 'YYYY-MM') "
        f"ELSE to_char({column}, 'YYYY-MM-DD') END"
    )


def _list(select: str) -> str:
    """A JSON array from a subquery selecting json_agg(...), [] when there are no rows."""
    return f"COALESCE(({select}), '[]'::json)"


# Orderings follow each model's Meta.ordering, as the serializer's related managers do.
SOURCE_ORDER = "s.published_on DESC, s.title, s.id"


def _source_ids(through: str, column: str, owner: str) -> str:
    return _list(
        f"SELECT json_agg(s.id ORDER BY {SOURCE_ORDER}) FROM registry_source s "
        f"JOIN {through} t ON t.source_id = s.id WHERE t.{column} = {owner}"
    )


_NAMES = _list("""
    SELECT json_agg(json_build_object(
        'full_name', n.full_name, 'first_name', n.first_name, 'patronymic', n.patronymic,
        'last_name', n.last_name, 'language', n.language, 'kind', n.kind
    ) ORDER BY n.language, n.kind, n.id)
    FROM registry_prisonername n WHERE n.prisoner_id = p.id
""")

_REGION = """(
    SELECT json_build_object('slug', r.slug, 'country', r.country, 'name_en', r.name_en,
                             'name_be', r.name_be, 'name_ru', r.name_ru)
    FROM registry_region r WHERE r.id = p.region_id
)"""

_CHARGES = _list("""
    SELECT json_agg(json_build_object(
        'article', json_build_object(
            'id', a.id, 'code', cc.short_name, 'country', cc.country, 'number', a.number,
            'label', cc.short_name || ' art. ' || a.number,
            'title_en', a.title_en, 'title_be', a.title_be, 'title_ru', a.title_ru,
            'is_extremism_related', a.is_extremism_related
        ),
        'part', ch.part
    ) ORDER BY cc.country, cc.short_name, a.number, ch.part)
    FROM registry_charge ch
    JOIN registry_article a ON a.id = ch.article_id
    JOIN registry_criminalcode cc ON cc.id = a.code_id
    WHERE ch.conviction_id = c.id
""")

_CONVICTIONS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', c.id, 'case_number', c.case_number, 'court', c.court, 'judge', c.judge,
        'prosecutor', c.prosecutor, 'verdict_on', {_partial("c.verdict_on")},
        'verdict_on_precision', c.verdict_on_precision, 'charges', {_CHARGES},
        'sentence_kind', c.sentence_kind, 'sentence_months', c.sentence_months,
        'life_sentence', c.life_sentence, 'regime', c.regime, 'appeal_on', {_partial("c.appeal_on")},
        'appeal_on_precision', c.appeal_on_precision, 'appeal_outcome', c.appeal_outcome,
        'sources', {_source_ids("registry_conviction_sources", "conviction_id", "c.id")}
    ) ORDER BY c.verdict_on, c.id)
    FROM registry_conviction c WHERE c.prisoner_id = p.id
""")

_PLACEMENTS = _list(f"""
    SELECT json_agg(json_build_object(
        'facility', json_build_object('id', f.id, 'kind', f.kind, 'number', f.number,
                                      'name_en', f.name_en, 'city', f.city),
        'arrived_on', {_partial("pl.arrived_on")}, 'arrived_on_precision', pl.arrived_on_precision,
        'left_on', {_partial("pl.left_on")}, 'left_on_precision', pl.left_on_precision
    ) ORDER BY pl.arrived_on, pl.id)
    FROM registry_placement pl JOIN registry_facility f ON f.id = pl.facility_id
    WHERE pl.custody_id = cu.id
""")

_CUSTODY = _list(f"""
    SELECT json_agg(json_build_object(
        'id', cu.id, 'kind', cu.kind, 'detained_on', {_partial("cu.detained_on")},
        'detained_on_precision', cu.detained_on_precision, 'released_on', {_partial("cu.released_on")},
        'released_on_precision', cu.released_on_precision, 'release_reason', cu.release_reason,
        'ended_by_decree', (SELECT pd.decree_id FROM pardons_pardon pd WHERE pd.closed_custody_id = cu.id),
        'placements', {_PLACEMENTS},
        'sources', {_source_ids("registry_custody_sources", "custody_id", "cu.id")}
    ) ORDER BY cu.detained_on, cu.id)
    FROM registry_custody cu WHERE cu.prisoner_id = p.id
""")

_PARDONS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', pa.id, 'decree', pa.decree_id, 'released_on', {_partial("pa.released_on")},
        'released_on_precision', pa.released_on_precision, 'confirmation', pa.confirmation,
        'sources', {_source_ids("pardons_pardon_sources", "pardon_id", "pa.id")}
    ) ORDER BY d.announced_on DESC, d.id DESC)
    FROM pardons_pardon pa JOIN pardons_pardondecree d ON d.id = pa.decree_id
    WHERE pa.prisoner_id = p.id
""")

_EVENTS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', e.id, 'kind', e.kind, 'occurred_on', {_partial("e.occurred_on")},
        'occurred_on_precision', e.occurred_on_precision, 'description', e.description,
        'description_be', e.description_be, 'description_ru', e.description_ru,
        'sources', {_source_ids("registry_event_sources", "event_id", "e.id")}
    ) ORDER BY e.occurred_on, e.id)
    FROM registry_event e WHERE e.prisoner_id = p.id
""")

_RECOGNITIONS = _list(f"""
    SELECT json_agg(json_build_object(
        'organisation', r.organisation, 'recognised_on', {_partial("r.recognised_on")},
        'recognised_on_precision', r.recognised_on_precision, 'criteria', to_json(r.criteria),
        'statement_url', r.statement_url
    ) ORDER BY r.recognised_on NULLS LAST, r.organisation, r.id)
    FROM registry_recognition r WHERE r.prisoner_id = p.id
""")

_SOURCES = _list(f"""
    SELECT json_agg(json_build_object(
        'id', s.id, 'title', s.title, 'url', s.url, 'publisher', s.publisher,
        'published_on', to_char(s.published_on, 'YYYY-MM-DD'), 'archived_url', s.archived_url,
        'excerpt', s.excerpt, 'is_synthetic', s.is_synthetic
    ) ORDER BY {SOURCE_ORDER})
    FROM registry_source s JOIN registry_prisoner_sources t ON t.source_id = s.id
    WHERE t.prisoner_id = p.id
""")

# PrisonerQuerySet.can_write_now in SQL (PlacementQuerySet.current, a facility with an address, the contact log's
# latest word not "no contact"); the equality tests hold the two together.
_CAN_WRITE_NOW = """(p.letters = 'open' AND EXISTS (
    SELECT 1 FROM registry_placement pl
    JOIN registry_custody cu ON cu.id = pl.custody_id
    JOIN registry_facility f ON f.id = pl.facility_id
    WHERE cu.prisoner_id = p.id AND cu.released_on IS NULL AND pl.left_on IS NULL AND f.postal_address <> ''
) AND COALESCE((
    SELECT ct.kind FROM registry_contact ct WHERE ct.prisoner_id = p.id ORDER BY ct.occurred_on DESC, ct.id DESC LIMIT 1
), '') <> 'no_contact')"""

# What the custody summary is computed from (registry.models.terms), full dates: [[detained_on, its precision,
# released_on] per custody period, [verdict_on, sentence_months, life_sentence] per conviction], in the order of
# `custody_periods` and `convictions`. Python reads this much of a document, not all of it.
_PERIOD_TERMS = _list("""
    SELECT json_agg(json_build_array(cu.detained_on, cu.detained_on_precision, cu.released_on)
                    ORDER BY cu.detained_on, cu.id)
    FROM registry_custody cu WHERE cu.prisoner_id = p.id
""")
_SENTENCE_TERMS = _list("""
    SELECT json_agg(json_build_array(c.verdict_on, c.sentence_months, c.life_sentence) ORDER BY c.verdict_on, c.id)
    FROM registry_conviction c WHERE c.prisoner_id = p.id
""")
_TERMS = f"json_build_array({_PERIOD_TERMS}, {_SENTENCE_TERMS})"

# `url` and `updated_at` are placeholders here, and `custody_summary` holds `_TERMS` (keeping the key order);
# registry.api.prisoner_documents writes them into the text, the summary by the profile page's own rule.
DOCUMENT = f"""json_build_object(
        'id', p.id, 'url', NULL, 'display_name', p.display_name, 'names', {_NAMES}, 'sex', p.sex,
        'birth_date', {_partial("p.birth_date")}, 'birth_date_precision', p.birth_date_precision,
        'region', {_REGION}, 'occupation', p.occupation, 'occupation_be', p.occupation_be,
        'occupation_ru', p.occupation_ru, 'biography', p.biography, 'biography_be', p.biography_be,
        'biography_ru', p.biography_ru,
        'recognised_on', {_partial("p.recognised_on")}, 'recognised_on_precision', p.recognised_on_precision,
        'recognised_by', p.recognised_by, 'recognitions', {_RECOGNITIONS}, 'status', p.status,
        'convictions', {_CONVICTIONS},
        'custody_periods', {_CUSTODY}, 'pardons', {_PARDONS}, 'events', {_EVENTS}, 'sources', {_SOURCES},
        'custody_summary', {_TERMS}, 'verification', p.verification, 'letters', p.letters,
        'can_write_now', {_CAN_WRITE_NOW},
        'is_synthetic', p.is_synthetic, 'updated_at', NULL
    )"""


# PostgreSQL writes json with a space around each colon and after each comma; the API sends a stored document as it
# is (registry.api.prisoner_documents), so it is stored compact, as DRF writes JSON: every run of whitespace outside
# a string dropped (strings matched whole, escapes included). ~0.5 ms a document, on write.
STORED = rf"""regexp_replace({DOCUMENT}::text, '("[^"\\]*(?:\\.[^"\\]*)*")|\s+', '\1', 'g')"""

EPOCH_ROW = -1
# The current epoch: a stored document is served only if built under it (and by this code: `fingerprint()`).
EPOCH_SQL = f"COALESCE((SELECT e.version FROM registry_personversion e WHERE e.prisoner_id = {EPOCH_ROW}), 0)"

_page_sql: Callable[[], str] | None = None


def store_page(sql: Callable[[], str]) -> None:
    """Build and keep the profile page's rows with every document: `sql()` is their SQL over the person `p` (one
    JSON text), called when first needed (composing it takes a database connection)."""
    global _page_sql
    _page_sql = sql
    _built.cache_clear()


@functools.cache
def _built() -> tuple[str, str, str]:
    page = _page_sql() if _page_sql else "NULL"
    if "%" in page:
        raise ValueError("the page's SQL is run with parameters: it cannot hold a literal %")
    build = f"SELECT p.id, {EPOCH_SQL}, {STORED}, ({page}) FROM registry_prisoner p WHERE p.id = ANY(%s)"
    return page, hashlib.sha256(f"{STORED}|{page}".encode()).hexdigest()[:16], build


def page_sql() -> str:
    """The profile page's rows over the person `p`, as stored (`store_page`; NULL without it)."""
    return _built()[0]


def fingerprint() -> str:
    """Which code built a stored row: rows built by another version of `STORED` or of the page's SQL are rebuilt,
    never served."""
    return _built()[1]


def build_sql() -> str:
    """Each person's (id, epoch, document, page) built now, of the people in the one parameter."""
    return _built()[2]


# Which people a written row's document belongs to, over transition rows %1$s: a SELECT of ids. Every table
# `DOCUMENT` reads is here, in SHARED or shown only to the people linking it (`people_of`; a test holds them to the
# SQL).
PEOPLE = {
    "registry_prisoner": "SELECT r.id FROM %1$s r",
    "registry_prisonername": "SELECT r.prisoner_id FROM %1$s r",
    "registry_recognition": "SELECT r.prisoner_id FROM %1$s r",
    "registry_conviction": "SELECT r.prisoner_id FROM %1$s r",
    "registry_charge": "SELECT c.prisoner_id FROM %1$s r JOIN registry_conviction c ON c.id = r.conviction_id",
    "registry_conviction_sources": (
        "SELECT c.prisoner_id FROM %1$s r JOIN registry_conviction c ON c.id = r.conviction_id"
    ),
    "registry_custody": "SELECT r.prisoner_id FROM %1$s r",
    "registry_placement": "SELECT c.prisoner_id FROM %1$s r JOIN registry_custody c ON c.id = r.custody_id",
    "registry_custody_sources": "SELECT c.prisoner_id FROM %1$s r JOIN registry_custody c ON c.id = r.custody_id",
    # A pardon shows in its person's document, and its decree in the document of the custody it closed.
    "pardons_pardon": (
        "SELECT r.prisoner_id FROM %1$s r UNION ALL "
        "SELECT c.prisoner_id FROM %1$s r JOIN registry_custody c ON c.id = r.closed_custody_id"
    ),
    "pardons_pardon_sources": "SELECT p.prisoner_id FROM %1$s r JOIN pardons_pardon p ON p.id = r.pardon_id",
    "registry_event": "SELECT r.prisoner_id FROM %1$s r",
    "registry_event_sources": "SELECT e.prisoner_id FROM %1$s r JOIN registry_event e ON e.id = r.event_id",
    "registry_prisoner_sources": "SELECT r.prisoner_id FROM %1$s r",
    "registry_contact": "SELECT r.prisoner_id FROM %1$s r",
}
SHARED = {"registry_region", "registry_criminalcode", "registry_article"}
# A person's columns that triggers keep from their other rows (a name's sort keys, the charges' article numbers) and
# the document does not read: the write to that other row already rebuilt the document, so the person's update that
# follows it moves only these and rebuilds nothing.
KEPT_FROM_OTHER_ROWS = ("sort_name_be", "sort_name_ru", "article_numbers")
# And the person's own columns it does not read: `updated_at` is filled in when served. The admin saves the person's
# form beside every edited name, custody period or charge; unchanged, that save rebuilds nothing.
NOT_READ = (*KEPT_FROM_OTHER_ROWS, EDIT_LOCK_COLUMN)


def people_of(table: str) -> str:
    """Which people's documents a write to `table` (one `DOCUMENT` reads, not SHARED) changes, over transition rows
    %1$s: a SELECT of ids. A decree, a source or a facility shows only in the documents of the people it pardoned,
    who cite it or were placed there, as their versions are scoped (version_triggers.SHOWN_TO_LINKING_PEOPLE)."""
    if table in SHOWN_TO_LINKING_PEOPLE:
        return f"SELECT c.id FROM %1$s r JOIN LATERAL ({SHOWN_TO_LINKING_PEOPLE[table]('r')}) c ON true"
    return PEOPLE[table]


# A statement touching more people (a bulk import, the generator) only marks them; readers or `refresh` build them.
BUILT_IN_STATEMENT = 200

# Rows of registry_personversion beside the epoch: when a statement last left documents marked but unbuilt, and
# up to which of these moves (and the epoch's) `refresh` has built everything.
UNBUILT_ROW, REFRESHED_ROW = -5, -6
# Set by `refresh` in its own transactions: the batches it marks, it builds.
REFRESHING = "registry.refreshing_documents"
# pg_try_advisory_lock's key: one `refresh_left` at a time, whichever host runs it.
REFRESH_LOCK = 0x7265_6672_6573_68

STAMPS = "registry_document_stamp_seq"
BUILD = "registry_build_documents"
REBUILD = "registry_rebuild_documents"
ON_WRITE = "registry_documents_on_write"
ON_SHARED = "registry_documents_on_shared_write"
ON_TRUNCATE = "registry_documents_on_truncate"
TRIGGER = "registry_document"


def tables_read() -> set[str]:
    """The tables `DOCUMENT` and the page read, from their SQL (the page's, as the ORM writes it, names them quoted)."""
    document = set(re.findall(r"\b((?:registry|pardons)_[a-z_]+)\s+[a-z]{1,2}\b", DOCUMENT))
    return document | set(re.findall(r'"((?:registry|pardons)_[a-z_]+)"', page_sql())) | {"registry_prisoner"}


def _functions() -> str:
    body = build_sql().replace("ANY(%s)", "ANY(people)")
    bump_epoch, left_unbuilt = bump_sql(EPOCH_ROW), bump_sql(UNBUILT_ROW)
    return f"""
        CREATE SEQUENCE IF NOT EXISTS {STAMPS};
        DROP FUNCTION IF EXISTS {BUILD}(bigint[]);  -- its columns may have changed
        -- Planned once per session: planning its ~45 subqueries for each write cost more than running them.
        CREATE FUNCTION {BUILD}(people bigint[])
        RETURNS TABLE (built_id bigint, built_epoch bigint, built_document text, built_page text)
        LANGUAGE plpgsql STABLE SET plan_cache_mode = force_generic_plan
        AS $f$ BEGIN RETURN QUERY {body}; END $f$;

        CREATE OR REPLACE FUNCTION {REBUILD}(people bigint[]) RETURNS void LANGUAGE plpgsql AS $f$
        BEGIN
            -- Marking takes each row's lock first (waiting for a concurrent writer of the same person to commit)
            INSERT INTO registry_persondocument AS d (prisoner_id, stamp, epoch, format, document)
            SELECT id, nextval('{STAMPS}'), 0, '', NULL FROM unnest(people) id ORDER BY id
            ON CONFLICT (prisoner_id) DO UPDATE SET stamp = EXCLUDED.stamp, document = NULL, page = NULL;
            DELETE FROM registry_persondocument d WHERE d.prisoner_id = ANY(people)
            AND NOT EXISTS (SELECT 1 FROM registry_prisoner p WHERE p.id = d.prisoner_id);
            -- … so this build, a new statement with a new snapshot, sees what that writer committed.
            IF cardinality(people) <= {BUILT_IN_STATEMENT} THEN
                UPDATE registry_persondocument d SET epoch = b.built_epoch, format = '{fingerprint()}',
                    document = b.built_document, page = b.built_page
                FROM {BUILD}(people) b WHERE d.prisoner_id = b.built_id;
            ELSIF current_setting('{REFRESHING}', true) IS DISTINCT FROM 'on' THEN
                {left_unbuilt};  -- for `refresh_left` to build
            END IF;
        END $f$;

        CREATE OR REPLACE FUNCTION {ON_WRITE}() RETURNS trigger LANGUAGE plpgsql AS $f$
        DECLARE people bigint[];
        BEGIN
            EXECUTE format('SELECT array_agg(DISTINCT id) FROM (' || TG_ARGV[0] || ') ids(id) WHERE id IS NOT NULL',
                CASE WHEN TG_OP = 'DELETE' THEN 'old_rows' ELSE 'new_rows' END) INTO people;
            IF TG_OP = 'UPDATE' THEN
                EXECUTE format('SELECT array_agg(DISTINCT id) FROM (SELECT unnest($1) UNION ' || TG_ARGV[0]
                    || ') ids(id) WHERE id IS NOT NULL', 'old_rows') INTO people USING people;
            END IF;
            IF people IS NOT NULL THEN PERFORM {REBUILD}(people); END IF;
            RETURN NULL;
        END $f$;

        CREATE OR REPLACE FUNCTION {ON_SHARED}() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN {bump_epoch}; RETURN NULL; END $f$;

        CREATE OR REPLACE FUNCTION {ON_TRUNCATE}() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN DELETE FROM registry_persondocument; {bump_epoch}; RETURN NULL; END $f$;
    """


def install(using: str = DEFAULT_DB_ALIAS) -> None:
    """Create (or replace) the build functions and the triggers of every table the document reads. Idempotent."""
    connection = connections[using]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(_functions())
        for table in sorted(tables_read()):
            quoted = quote(table)
            for suffix in ("insert", "update", "delete", "shared", "truncate"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {TRIGGER}_{suffix} ON {quoted}")
            cursor.execute(
                f"CREATE TRIGGER {TRIGGER}_truncate AFTER TRUNCATE ON {quoted} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {ON_TRUNCATE}()"
            )
            if table in SHARED:
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER}_shared AFTER UPDATE OR DELETE ON {quoted} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {ON_SHARED}()"
                )
                continue
            for event, referencing in TRANSITIONS:
                people = people_of(table)
                if event == "UPDATE" and table in SHOWN_TO_LINKING_PEOPLE:
                    # A linked row saved with only its edit lock moved is in no document differently.
                    people = people.replace("%1$s", f"(SELECT * FROM %1$s w WHERE {changed_beyond_edit_lock('w')})")
                if event == "UPDATE" and table == "registry_prisoner":
                    changed = changed_beyond("w", NOT_READ)
                    people = people.replace("%1$s", f"(SELECT * FROM %1$s w WHERE {changed})")
                people = "'" + people.replace("'", "''") + "'"
                cursor.execute(
                    f"CREATE TRIGGER {TRIGGER}_{event.lower()} AFTER {event} ON {quoted} REFERENCING {referencing} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {ON_WRITE}({people})"
                )


def install_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: the functions and triggers, then every document a migration left missing or out of date."""
    if sender.label == "pardons":  # the last of the two apps: both apps' tables exist
        install(using)
        refresh(using=using)


def tables_without_trigger(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Tables the document reads that lack their document trigger (after a restore, say)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [f"{TRIGGER}_truncate"],
        )
        have = {row[0] for row in cursor.fetchall()}
    return sorted(tables_read() - have)


def ready(ids: list[int], using: str | None = None) -> dict[int, str]:
    """The documents (JSON text) of these people: stored ones when current, the rest built now (and kept).

    Ids of people who do not exist are left out. Visibility is the caller's: pass only people it may show.
    """
    return _ready(ids, using, "document")


def ready_pages(ids: list[int], using: str | None = None) -> dict[int, str]:
    """The profile page's rows (JSON text) of these people, as `ready` gives their documents."""
    return _ready(ids, using, "page")


def _ready(ids: list[int], using: str | None, column: str) -> dict[int, str]:
    if not ids:
        return {}
    alias = using or read_alias()
    with connections[alias].cursor() as cursor:
        cursor.execute(
            f"SELECT d.prisoner_id, d.stamp, CASE WHEN d.format = %s AND d.epoch = {EPOCH_SQL} THEN d.{column} END "
            "FROM registry_persondocument d WHERE d.prisoner_id = ANY(%s)",
            [fingerprint(), list(ids)],
        )
        stored = {pk: (stamp, text) for pk, stamp, text in cursor.fetchall()}
        found = {pk: text for pk, (_, text) in stored.items() if text is not None}
        missing = [pk for pk in ids if pk not in found]
        if not missing:
            return found
        # Through the build function: its plan is made once per session, where the statement's took ~20 ms a read.
        cursor.execute(f"SELECT * FROM {BUILD}(%s::bigint[])", [missing])
        built = cursor.fetchall()
    found.update((pk, document if column == "document" else page) for pk, _, document, page in built)
    if alias == DEFAULT_DB_ALIAS:
        _keep(built, {pk: stored.get(pk, (None, None))[0] for pk in missing})
    return found


def _keep(built: list[tuple[int, int, str, str]], stamps: dict[int, int | None]) -> None:
    """Store documents and pages a reader built, unless a writer marked their row since the reader looked (its
    stamp moved); never waiting long for a writer's lock: keeping them is only a saving."""
    changed = [(*row, stamps[row[0]]) for row in built if stamps[row[0]] is not None]
    new = [row for row in built if stamps[row[0]] is None]
    try:
        with transaction.atomic(using=DEFAULT_DB_ALIAS), connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # Local to the (sub)transaction; put back after, in case a caller's transaction goes on.
            cursor.execute("SELECT current_setting('lock_timeout'), set_config('lock_timeout', '100ms', true)")
            before = cursor.fetchone()[0]
            if changed:
                cursor.executemany(
                    "UPDATE registry_persondocument SET epoch = %s, format = %s, document = %s, page = %s "
                    "WHERE prisoner_id = %s AND stamp = %s",
                    [(epoch, fingerprint(), document, page, pk, stamp) for pk, epoch, document, page, stamp in changed],
                )
            if new:
                cursor.executemany(
                    "INSERT INTO registry_persondocument (prisoner_id, stamp, epoch, format, document, page) "
                    f"VALUES (%s, nextval('{STAMPS}'), %s, %s, %s, %s) ON CONFLICT (prisoner_id) DO NOTHING",
                    [(pk, epoch, fingerprint(), document, page) for pk, epoch, document, page in new],
                )
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])
    except DatabaseError:
        pass  # a writer holds the row: it is building the document itself


def refresh(*, batch: int = 500, using: str = DEFAULT_DB_ALIAS) -> int:
    """Build every document that is missing, marked or out of date (after a bulk write, a shared edit, a new
    `DOCUMENT`); returns how many. Each batch is its own transaction, through the triggers' own function; small
    enough that a staff edit of one of its people, which waits for its rows, waits well under a second."""
    connection = connections[using]
    with connection.cursor() as cursor:
        left = _left(cursor)[0]  # read first: what is left after this moment, the next refresh builds
    done, after = 0, 0
    while True:
        with transaction.atomic(using=using), connection.cursor() as cursor:
            cursor.execute(
                "SELECT p.id FROM registry_prisoner p LEFT JOIN registry_persondocument d ON d.prisoner_id = p.id "
                f"WHERE p.id > %s AND (d.document IS NULL OR d.format <> %s OR d.epoch <> {EPOCH_SQL}) "
                "ORDER BY p.id LIMIT %s",
                [after, fingerprint(), batch],
            )
            people = [row[0] for row in cursor.fetchall()]
            if not people:
                cursor.execute(
                    f"INSERT INTO registry_personversion AS v (prisoner_id, version, changed_at) "
                    f"VALUES ({REFRESHED_ROW}, %s, clock_timestamp()) ON CONFLICT (prisoner_id) DO UPDATE "
                    "SET version = GREATEST(v.version, EXCLUDED.version), changed_at = EXCLUDED.changed_at",
                    [left],
                )
                return done
            # A batch above the triggers' limit is only marked by REBUILD: built here, not left to the next refresh.
            cursor.execute("SELECT set_config(%s, 'on', true)", [REFRESHING])
            cursor.execute(f"SELECT {REBUILD}(%s::bigint[])", [people])
            cursor.execute("SELECT set_config(%s, '', true)", [REFRESHING])
            cursor.execute(
                "UPDATE registry_persondocument d SET epoch = b.built_epoch, format = %s, document = b.built_document, "
                f"page = b.built_page FROM {BUILD}(%s::bigint[]) b WHERE d.prisoner_id = b.built_id "
                "AND d.document IS NULL",
                [fingerprint(), people],
            )
        done += len(people)
        after = people[-1]


# The latest move that left documents to build (the epoch's or a bulk statement's) and when it was made, and the
# move `refresh` last caught up with.
_LEFT_SQL = (
    f"SELECT COALESCE(max(version) FILTER (WHERE prisoner_id IN ({EPOCH_ROW}, {UNBUILT_ROW})), 0), "
    f"max(changed_at) FILTER (WHERE prisoner_id IN ({EPOCH_ROW}, {UNBUILT_ROW})), "
    f"COALESCE(max(version) FILTER (WHERE prisoner_id = {REFRESHED_ROW}), 0) "
    f"FROM registry_personversion WHERE prisoner_id IN ({EPOCH_ROW}, {UNBUILT_ROW}, {REFRESHED_ROW})"
)


def _left(cursor) -> tuple[int, dt.datetime | None]:
    """The latest move that left documents to build and when it was made; (0, None) once `refresh` caught up."""
    cursor.execute(_LEFT_SQL)
    left, made_at, refreshed = cursor.fetchone()
    return (left, made_at) if left > refreshed else (0, None)


def left_since(using: str = DEFAULT_DB_ALIAS) -> dt.datetime | None:
    """When the latest write that left documents to build was made, if no refresh has caught up with it (/readyz
    shows it: long ago means the refresh timer is not running)."""
    with connections[using].cursor() as cursor:
        return _left(cursor)[1]


def refresh_left(*, using: str = DEFAULT_DB_ALIAS) -> int | None:
    """`refresh`, if a write has left documents to build since the last one caught up (a shared edit moved the epoch,
    a statement about more than BUILT_IN_STATEMENT people only marked them); otherwise one query (and its lock).
    Returns how many it built, or None while another refresh_left runs. The registry's timer runs it (`manage.py
    refresh_documents`), so readers find documents ready minutes after such a write instead of building each one."""
    connection = connections[using]
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFRESH_LOCK])
        if not cursor.fetchone()[0]:
            return None
        try:
            return refresh(using=using) if _left(cursor)[0] else 0
        finally:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFRESH_LOCK])
