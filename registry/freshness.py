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
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import NamedTuple, TypeVar

from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections

T = TypeVar("T")
APPS = ("registry", "pardons")
TRIGGER = "registry_data_version"
FUNCTION = "registry_bump_data_version"
SEQUENCE = "registry_data_version_seq"
# The response and derived-data caches (settings.CACHES); per process, keyed by the version, so never stale.
CACHE = "derived"

_BUMP = f"""
    INSERT INTO registry_dataversion AS v (id, version, changed_at)
    VALUES (1, nextval('{SEQUENCE}'), clock_timestamp())
    ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, changed_at = EXCLUDED.changed_at
"""


class Version(NamedTuple):
    number: int
    changed_at: dt.datetime | None


def current(using: str = DEFAULT_DB_ALIAS) -> Version:
    """The data version this connection sees now (0 for a database emptied by TRUNCATE), in one query."""
    with connections[using].cursor() as cursor:
        cursor.execute("SELECT version, changed_at FROM registry_dataversion WHERE id = 1")
        row = cursor.fetchone()
    return Version(*row) if row else Version(0, None)


def claim_write(using: str = DEFAULT_DB_ALIAS) -> None:
    """Take the version lock now (and bump it), before row locks that the write will need."""
    with connections[using].cursor() as cursor:
        cursor.execute(_BUMP)


def remember(key: str, compute: Callable[[], T], *, version: Version | None = None) -> T:
    """compute(), or its result from the last call with the same key at the same data version and date.

    For derived numbers that cost a scan (facet counts). The date joins the key because "as of today"
    moves at midnight. Disabled (always computes) when the cache holds no entries (DERIVED_CACHE_ENTRIES=0).
    """
    if not settings.DERIVED_CACHE_ENTRIES:
        return compute()
    version = version or current()
    full_key = f"{key}|{version.number}|{dt.date.today().isoformat()}"
    cache = caches[CACHE]
    found = cache.get(full_key)
    if found is None:
        found = compute()
        cache.set(full_key, found)
    return found


def versioned_tables() -> list[str]:
    """The tables whose writes change what the registry shows: every model of both apps but history and
    the version row itself (history rows are only written beside a change of a real table)."""
    tables = []
    for app_label in APPS:
        for model in apps.get_app_config(app_label).get_models(include_auto_created=True):
            if model.__name__.startswith("Historical") or model._meta.db_table == "registry_dataversion":
                continue
            if model._meta.managed or model._meta.auto_created:
                tables.append(model._meta.db_table)
    return sorted(set(tables))


def install_triggers(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Create (or replace) the bump function and one trigger per versioned table. Idempotent."""
    connection = connections[using]
    existing = set(connection.introspection.table_names())
    tables = [t for t in versioned_tables() if t in existing]
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
        cursor.execute(
            f"CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN {_BUMP}; RETURN NULL; END $$"
        )
        for table in tables:
            cursor.execute(
                f"CREATE OR REPLACE TRIGGER {TRIGGER} BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {connection.ops.quote_name(table)} FOR EACH STATEMENT EXECUTE FUNCTION {FUNCTION}()"
            )
    return tables


def install_triggers_after_migrate(sender, using: str = DEFAULT_DB_ALIAS, **kwargs) -> None:
    """post_migrate: every table a migration created gets its trigger, so a new model cannot be forgotten."""
    if sender.label == "pardons":  # the last of the two apps: both apps' tables exist
        install_triggers(using)


def tables_without_trigger(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Versioned tables that lack the trigger (for the test that guards the rule, and `manage.py check`)."""
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = %s",
            [TRIGGER],
        )
        have = {row[0] for row in cursor.fetchall()}
    return [t for t in versioned_tables() if t not in have]
