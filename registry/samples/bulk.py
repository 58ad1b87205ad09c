"""Many rows written and removed at once in raw SQL, for generated data: COPY per table, ids reserved from the
tables' own sequences, deletes that follow CASCADE themselves, and foreign keys checked once at the end."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.apps import apps
from django.db import connection, models
from django.utils import timezone


@dataclass
class CopyTable:
    """Rows for one table, written with COPY. Columns are the model's; unset ones take the field default."""

    model: type[models.Model]
    with_pk: bool = False
    rows: list[list] = field(default_factory=list)

    def __post_init__(self) -> None:
        now = timezone.now()
        fields = [
            f
            for f in self.model._meta.concrete_fields
            if (self.with_pk or not f.primary_key) and not f.generated  # PostgreSQL computes generated columns
        ]
        self.columns = [f.column for f in fields]
        self.index = {}
        self.defaults = []
        for i, f in enumerate(fields):
            self.index[f.name] = self.index[f.attname] = i
            if isinstance(f, models.DateTimeField) and (f.auto_now or f.auto_now_add):
                self.defaults.append(now)
            else:
                self.defaults.append(f.get_default())

    def add(self, **values) -> None:
        row = self.defaults.copy()
        for name, value in values.items():
            row[self.index[name]] = value
        self.rows.append(row)

    def copy(self, cursor) -> int:
        table = connection.ops.quote_name(self.model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in self.rows:
                copy.write_row(row)
        return len(self.rows)


def referencing(model: type[models.Model]) -> Iterable[models.ForeignKey]:
    for candidate in apps.get_models(include_auto_created=True):
        if candidate._meta.proxy or not candidate._meta.managed:
            continue
        for f in candidate._meta.local_fields:
            if f.is_relation and f.remote_field and f.remote_field.model is model:
                yield f


def delete_with_dependants(cursor, model: type[models.Model], where: str) -> None:
    """Delete the rows `where` selects and, first, what CASCADE hangs off them (raw SQL, no signals).

    PROTECT is left to the database: if a real record still points at a synthetic one, PostgreSQL
    refuses when the foreign keys are checked and the whole run rolls back. DO_NOTHING relations
    (history tables) are left as they are.
    """
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    for fk in referencing(model):
        target = qn(fk.target_field.column)
        selected = f"{qn(fk.column)} IN (SELECT {target} FROM {table} WHERE {where})"
        if fk.remote_field.on_delete is models.CASCADE:
            delete_with_dependants(cursor, fk.model, selected)
        elif fk.remote_field.on_delete is models.SET_NULL:
            cursor.execute(f"UPDATE {qn(fk.model._meta.db_table)} SET {qn(fk.column)} = NULL WHERE {selected}")
    cursor.execute(f"DELETE FROM {table} WHERE {where}")


def reserve_ids(cursor, model: type[models.Model], count: int) -> list[int]:
    """Primary keys from the table's own sequence, so later ordinary inserts never collide."""
    if count == 0:
        return []
    cursor.execute(
        "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
        [model._meta.db_table, model._meta.pk.column, count],
    )
    return [row[0] for row in cursor.fetchall()]


def tables_of(models_: Sequence[type[models.Model]]) -> list[str]:
    """The models' tables and their many-to-many tables."""
    tables = [m._meta.db_table for m in models_]
    return tables + [f.remote_field.through._meta.db_table for m in models_ for f in m._meta.local_many_to_many]


@contextlib.contextmanager
def foreign_keys_checked_once(touched: Sequence[type[models.Model]]):
    """Drop the foreign keys into and out of these tables, and add them back (validated) at the end.

    Millions of rows would otherwise queue one deferred check each, checked row by row at commit;
    adding a constraint back checks all rows in one join (PostgreSQL's advice for bulk loads). Inside
    the caller's transaction: a dangling reference fails the run and nothing changes. The tables are
    locked for the duration, which a generator of demo and benchmark data can afford.
    """
    tables = tables_of(touched)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
            WHERE contype = 'f' AND (conrelid::regclass::text = ANY(%s) OR confrelid::regclass::text = ANY(%s))
            ORDER BY 1, 2
            """,
            [tables, tables],
        )
        constraints = cursor.fetchall()
        qn = connection.ops.quote_name
        # Pending deferred checks (e.g. of the reference data just loaded) would forbid ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, _ in constraints:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {qn(name)}")
        # Deferred again while rows come and go (a recognised person and their recognitions are checked together).
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table, name, definition in constraints:
            cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {qn(name)} {definition}")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are initially deferred
