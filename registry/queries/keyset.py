"""Keyset ("cursor") pagination for public lists, the site's and the API's: no COUNT and no OFFSET, so page 500
costs what page 1 costs, and rows that tie on a sort key never repeat or go missing between pages.

A page is the rows after the last row of the previous one (or before the first, going back), in a total order:
the sort keys end with the primary key. A cursor is a row's key values, base64-encoded JSON; one that is not ours,
or whose values do not fit the keys' fields, decodes to None.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
import warnings
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import BooleanField, F, Field, Func, Q, QuerySet, Value


@dataclass(frozen=True)
class SortKey:
    """One column of a total order: a field or annotation name and its direction."""

    field: str
    descending: bool = False

    @classmethod
    def from_ordering(cls, term: str) -> SortKey:
        """`"-updated_at"` → updated_at, descending."""
        return cls(term.lstrip("-"), term.startswith("-"))

    def reversed(self) -> SortKey:
        return SortKey(self.field, not self.descending)


@dataclass
class KeysetPage:
    rows: list
    next_cursor: str | None
    is_first: bool


def _encode_value(value: object) -> object:
    if isinstance(value, dt.datetime):
        return {"dt": value.isoformat()}
    if isinstance(value, dt.date):
        return {"d": value.isoformat()}
    return value


def _decode_value(value: object) -> object:
    if isinstance(value, dict):
        if "dt" in value:
            return dt.datetime.fromisoformat(value["dt"])
        if "d" in value:
            return dt.date.fromisoformat(value["d"])
        raise ValueError("unknown cursor value")
    return value


def encode_cursor(values: list) -> str:
    raw = json.dumps([_encode_value(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, length: int) -> list | None:
    """The key values in a cursor, or None if it is not one of ours."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
        if not isinstance(values, list) or len(values) != length:
            return None
        decoded = [_decode_value(v) for v in values]
    except (ValueError, binascii.Error, TypeError, UnicodeDecodeError):
        return None
    if any(isinstance(v, bool) or not isinstance(v, str | int | float | dt.date) for v in decoded):
        return None
    return decoded


def _field(queryset: QuerySet, name: str) -> Field:
    if name in queryset.query.annotations:
        return queryset.query.annotations[name].output_field
    meta = queryset.model._meta
    return meta.pk if name == "pk" else meta.get_field(name)


def fitting(queryset: QuerySet, keys: list[SortKey], values: list) -> list | None:
    """`values` as the keys' fields hold them, or None if one does not fit (a cursor edited by hand: a date where a
    name goes, an id beyond bigint): filtering by it would fail in the database rather than find a position."""
    fitted = []
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a date where a time goes: Django warns and guesses the time
            for key, value in zip(keys, values, strict=True):
                field = _field(queryset, key.field)
                fitted.append(field.to_python(value))
                field.run_validators(fitted[-1])
    except (ValidationError, FieldDoesNotExist, TypeError, ValueError, OverflowError, RuntimeWarning):
        return None
    if any(value is None or type(value) is not type(given) for value, given in zip(fitted, values, strict=True)):
        return None  # to_python turned a number into a name, or a name into nothing: not a row's values
    if any(isinstance(value, dt.datetime) and value.tzinfo is None for value in fitted):
        return None  # every stored time is aware; comparing with a naive one would guess its zone
    return fitted


class _RowAfter(Func):
    """`(k0, k1, …) > (v0, v1, …)` (`<` going down): PostgreSQL compares rows lexicographically and reads a
    multicolumn index from the position on, where the spelled-out form leaves a long run of rows that tie on the
    first key (20,000 people marked in one statement share an `updated_at`) to be filtered one by one."""

    output_field = BooleanField()

    def __init__(self, keys: list[SortKey], values: list) -> None:
        super().__init__(*(F(key.field) for key in keys), *map(Value, values))
        self.comparison = "<" if keys[0].descending else ">"

    def as_sql(self, compiler, connection, **extra):
        half = len(self.source_expressions) // 2
        compiled = [compiler.compile(expression) for expression in self.source_expressions]
        columns, values = compiled[:half], compiled[half:]
        params = [p for _sql, ps in compiled for p in ps]
        row = ", ".join(sql for sql, _ in columns)
        given = ", ".join(sql for sql, _ in values)
        return f"(({row}) {self.comparison} ({given}))", params


def after(keys: list[SortKey], values: list) -> Q:
    """Rows that come after a row with these key values in the keys' order."""
    if len({key.descending for key in keys}) == 1:
        return Q(_RowAfter(keys, values))
    # Lexicographic "comes after": (k0 > v0) or (k0 = v0 and k1 > v1) or ...
    condition = Q(pk__in=[])
    for i, key in enumerate(keys):
        equal = {keys[j].field: values[j] for j in range(i)}
        lookup = "lt" if key.descending else "gt"
        condition |= Q(**equal, **{f"{key.field}__{lookup}": values[i]})
    # The same rows, plus a bound on the first key alone: an index on the order starts reading at the
    # cursor instead of filtering every row before it.
    first = keys[0]
    return Q(**{f"{first.field}__{'lte' if first.descending else 'gte'}": values[0]}) & condition


def ordering(keys: list[SortKey]) -> list[str]:
    return [f"-{k.field}" if k.descending else k.field for k in keys]


def values_of(row: object, keys: list[SortKey]) -> list:
    """A row's key values, for the cursor that starts after (or before) it."""
    return [getattr(row, key.field) for key in keys]


def keyset_page(queryset: QuerySet, keys: list[SortKey], cursor: str | None, per_page: int) -> KeysetPage:
    """One page of `queryset` ordered by `keys` (the last key must be unique, e.g. pk). One query."""
    queryset = queryset.order_by(*ordering(keys))
    values = decode_cursor(cursor, len(keys)) if cursor else None
    values = values and fitting(queryset, keys, values)
    if values:
        queryset = queryset.filter(after(keys, values))
    rows = list(queryset[: per_page + 1])
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        next_cursor = encode_cursor(values_of(rows[-1], keys))
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=not values)
