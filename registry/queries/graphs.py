"""Related rows for a page in one prepared statement, as model instances wired the way prefetch_related wires them.

Prefetching takes a query per relation, each compiled by the ORM and wired by its prefetch machinery; for a
profile or a page of list rows that was most of the time. A `PreparedGraph` names its parts as ORM querysets
filtered by `PARAMETER` (the statement's one parameter, $1), compiles them once per process into one
statement that returns each part as JSON, prepares it once per connection (registry.queries.prepared), and runs it
(registry.queries.profile, registry.queries.rows, registry.queries.documents). The helpers below turn the JSON
rows into instances and wire them, so templates and model methods read the relations with no query (the profile);
the list rows need no instances and read the rows as they are. `ComposedPerArguments` runs parts built from plain
arguments the same way, composed once per set of arguments (registry.queries.statistics).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable
from decimal import Decimal
from functools import cache, cached_property, lru_cache

import orjson
from django.db import connections
from django.db.models import BigIntegerField, Model, QuerySet, Value
from django.db.models.expressions import RawSQL

from registry.queries.prepared import Prepared, written_in

# The statement's parameter, for a queryset's filter: `filter(prisoner_id=PARAMETER)`.
PARAMETER = RawSQL("$1", (), output_field=BigIntegerField())
# Its elements, when it is an array of ids: `filter(prisoner_id__in=EACH)`.
EACH = RawSQL("SELECT unnest($1::bigint[])", (), output_field=BigIntegerField())


def may_be_id(value: int) -> bool:
    """Whether `value` can be a row's id: a statement's bigint parameter refuses anything else, and no row has
    it, so callers answer "nobody" without asking."""
    return 0 < value < 2**63


class PreparedGraph:
    def __init__(self, name: str, parameter_type: str, parts: Callable[[], dict[str, QuerySet]]):
        self.name, self.parameter_type, self.parts = name, parameter_type, parts
        self._prepared = Prepared(kept=1)

    @cached_property
    def statement(self) -> str:
        """`composed(parts)`, the parameter as $1."""
        return composed(self.parts())

    def fetch(self, value, using: str) -> dict[str, list[dict]]:
        """Each part's rows (dicts by column name) for the parameter `value`. One query (two the first time
        on a connection: PREPARE, then EXECUTE)."""
        with connections[using].cursor() as cursor:
            self._prepared.execute(cursor, self.name, [self.parameter_type], self.statement, [value])
            return orjson.loads(cursor.fetchone()[0])


def composed(parts: dict[str, QuerySet]) -> str:
    """One SELECT of every part as a JSON array of its rows (dicts by column name), constants written in."""
    pieces, params = [], []
    for name, queryset in parts.items():
        sql, part_params = queryset.query.sql_with_params()
        # json_agg over an ordered subquery keeps its order (the subquery is read as it is sorted).
        pieces.append(f"'{name}', (SELECT coalesce(json_agg(t), '[]') FROM ({sql}) t)")
        params += part_params
    select = f"SELECT json_build_object({', '.join(pieces)})::text"
    return written_in(select, params)


def run(statement: str, using: str) -> dict[str, list[dict]]:
    with connections[using].cursor() as cursor:
        cursor.execute(statement)
        return orjson.loads(cursor.fetchone()[0])


class ComposedPerArguments:
    """Parts built from plain arguments (dates, a tuple of them), run as one statement whose SQL is composed once
    per process for each set of arguments seen lately: building and compiling the ORM's queries cost more than
    running them (the statistics, which PostgreSQL answers from small tallies). The SQL is kept, never an answer."""

    def __init__(self, parts: Callable[..., dict[str, QuerySet]], kept: int = 32):
        self.statement = lru_cache(maxsize=kept)(lambda *arguments: composed(parts(*arguments)))

    def fetch(self, *arguments: Hashable, using: str) -> dict[str, list[dict]]:
        """Each part's rows for these arguments. One query."""
        return run(self.statement(*arguments), using)


def one_row(queryset: QuerySet, **aggregates) -> QuerySet:
    """`queryset.aggregate(**aggregates)` as a query of its one row, to be a part beside others: grouped by a
    constant, which Django leaves out of GROUP BY, so the aggregates run over every row, as aggregate() runs them."""
    return queryset.order_by().values(_one=Value(1)).annotate(**aggregates).values(*aggregates)


def _decimal(places: int):
    step = Decimal(1).scaleb(-places)
    return lambda value: Decimal(str(value)).quantize(step)


@cache
def _columns(model: type[Model]) -> tuple[list[str], list[tuple[str, object]]]:
    """The model's attribute names, and per column the JSON key and how to read its value (None: as it is)."""
    readers = {"DateField": dt.date.fromisoformat, "DateTimeField": dt.datetime.fromisoformat}
    attnames, columns = [], []
    for field in model._meta.concrete_fields:
        kind = field.get_internal_type()
        read = _decimal(field.decimal_places) if kind == "DecimalField" else readers.get(kind)
        attnames.append(field.attname)
        columns.append((field.column, read))
    return attnames, columns


def _read(row: dict, columns: list[tuple[str, object]]) -> list:
    values = []
    for key, read in columns:
        value = row[key]
        values.append(value if read is None or value is None else read(value))
    return values


def instances(model: type[Model], rows: list[dict], using: str) -> list:
    """Model instances of JSON rows, as if loaded by the ORM from `using`."""
    attnames, columns = _columns(model)
    return [model.from_db(using, attnames, _read(row, columns)) for row in rows]


def by_id(model: type[Model], rows: list[dict], using: str) -> dict[int, Model]:
    return {instance.pk: instance for instance in instances(model, rows, using)}


def set_related(instance: Model, name: str, value) -> None:
    """`instance.name` (a foreign key) is `value`, with no query, as select_related leaves it."""
    type(instance)._meta.get_field(name).set_cached_value(instance, value)


def set_prefetched(instance: Model, name: str, rows: list) -> None:
    """`instance.name.all()` are `rows`, with no query, as prefetch_related leaves them."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache, queryset._prefetch_done = rows, True
    cache_name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def _grouped(parents: list, rows: list, parent_column: str) -> list[list]:
    """For each parent, in order, the rows whose `parent_column` is its id (in their order)."""
    by_parent: dict[int, list] = {parent.pk: [] for parent in parents}
    for row in rows:
        by_parent[getattr(row, parent_column)].append(row)
    return [by_parent[parent.pk] for parent in parents]


def children(parents: list, name: str, rows: list, parent_column: str, parent_field: str, *, to_attr=False) -> None:
    """Each parent's `name` are the rows whose `parent_column` is its id (each row points back to it): its
    related manager's `.all()`, or with `to_attr` a plain list attribute (as Prefetch(to_attr=...) leaves it)."""
    for parent, found in zip(parents, _grouped(parents, rows, parent_column), strict=True):
        for child in found:
            set_related(child, parent_field, parent)
        if to_attr:
            setattr(parent, name, found)
        else:
            set_prefetched(parent, name, found)
