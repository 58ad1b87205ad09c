"""How PostgreSQL moves the versions registry.db.freshness reads: which write moves which version, and the
statement triggers that do it on every versioned table (installed after each `migrate` and restore), with the check
that they are all there.

The data version moves on any write. A person's own version moves on a write to their rows, or to a shared row
their pages show (a source they cite, a facility they were held in); row 0 on a write to what every person's
pages share. Rows -2, -3 and -4 (counts, risks, filtered) move on the writes that change what the answers kept under
them read, below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.apps import apps
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections

from registry.db.freshness import (
    BUMP_UNLESS_REHEARSAL,
    COUNTS_ROW,
    FILTERED_ROW,
    FUNCTION,
    REHEARSAL,
    RISKS_ROW,
    SEQUENCE,
    SHARED_ROW,
    TRIGGER,
    bump_sql,
    upsert_sql,
)

APPS = ("registry", "pardons")

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

PERSON_FUNCTION = "registry_bump_person_versions"
SHARED_FUNCTION = "registry_bump_shared_version"
SCOPE_TRIGGER = "registry_scoped_version"
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


def _is_citation(table: str) -> bool:
    """Whether `table` links records to the sources they cite (a `sources` many-to-many's table)."""
    source, link = apps.get_model("registry", "Source"), model_of(table)
    return link._meta.auto_created and any(
        f.is_relation and f.related_model is source for f in link._meta.concrete_fields
    )


def _citing_people(source_id: str) -> str:
    """SQL: the ids of the people whose rows cite the source `source_id` (one row per citation)."""
    arms = []
    for table in versioned_tables():
        scope = person_scope(model_of(table), alias="l") if _is_citation(table) else None
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
    upsert = upsert_sql(rows=f"SELECT id, nextval('{SEQUENCE}'), clock_timestamp() FROM (%s) ids WHERE id IS NOT NULL")
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
    shared = bump_sql("moved::bigint")
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
COUNTED_TALLIES = (
    "registry_peopletally", "registry_articletally", "registry_heldtally", "registry_heldover60tally",
    "registry_releasetally", "registry_releasemonthtally", "pardons_decreetally", "pardons_pardonedperson",
)  # fmt: skip
COUNTS_FUNCTION = "registry_bump_counts_version"
COUNTS_TRIGGER = "registry_counts_version"
_BUMP_COUNTS = bump_sql(COUNTS_ROW)


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
RISKS_TABLES = ("registry_custody", "registry_vulnerability", "registry_contact")
RISKS_FUNCTION = "registry_bump_risks_on_visibility"
RISKS_TRIGGER = "registry_risks_version"
_BUMP_RISKS = bump_sql(RISKS_ROW)


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
UNFILTERED_TABLES = {
    "registry_source", "registry_attachment", "registry_event", "registry_vulnerability", "registry_reportedfigure",
    "registry_release", "registry_releasefile", "registry_publicationrequest", "registry_merge",
    "pardons_breakdownitem",
}  # fmt: skip
UNFILTERED_COLUMNS = (
    "created_at", "updated_at", "display_name", "sort_name_be", "sort_name_ru", "photo",
    "occupation", "occupation_be", "occupation_ru", "biography", "biography_be", "biography_ru",
)  # fmt: skip
FILTERED_COMPARED_ROWS = 100
FILTERED_FUNCTION = "registry_bump_filtered_on_change"
FILTERED_TRIGGER = "registry_filtered_version"
_BUMP_FILTERED = bump_sql(FILTERED_ROW)


def filtered_tables(tables: Iterable[str]) -> list[str]:
    """Of `tables`, those whose writes move the filtered version: all but UNFILTERED_TABLES and citations (the
    link tables of records to the sources they cite)."""
    return [t for t in tables if t not in UNFILTERED_TABLES and not _is_citation(t)]


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
    # A person's row moves it unless only unfiltered columns changed (EXCEPT, hashed, as the risks' trigger). Whole
    # rows as JSON cost about 0.1 ms each: a statement over more people moves it without looking (20,000: 2 s).
    minus = "".join(f" - '{column}'" for column in UNFILTERED_COLUMNS)
    cursor.execute(
        f"CREATE OR REPLACE FUNCTION {FILTERED_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN IF NOT {_NOT_REHEARSAL} THEN RETURN NULL; END IF; "
        f"IF (SELECT count(*) FROM new_rows) > {FILTERED_COMPARED_ROWS} THEN {_BUMP_FILTERED}; "
        f"ELSIF EXISTS (SELECT to_jsonb(n){minus} FROM new_rows n EXCEPT SELECT to_jsonb(o){minus} FROM old_rows o) "
        f"THEN {_BUMP_FILTERED}; END IF; RETURN NULL; END $$"
    )
    cursor.execute(
        f"CREATE OR REPLACE TRIGGER {FILTERED_TRIGGER}_update AFTER UPDATE ON {quote('registry_prisoner')} "
        "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        f"FOR EACH STATEMENT EXECUTE FUNCTION {FILTERED_FUNCTION}()"
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create (or replace) the bump functions and the triggers of every versioned table. Idempotent."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in versioned_tables() if t in existing]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {BUMP_UNLESS_REHEARSAL} RETURN NULL; END $$"
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
