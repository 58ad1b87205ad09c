"""Keyset ("cursor") pagination for public lists: no COUNT and no OFFSET, so page 500 costs what page 1 costs.

A page is the rows after the last row of the previous one, in a total order (the sort keys end with
the primary key). The cursor in the URL is the last row's key values, base64-encoded JSON; a tampered
or stale cursor falls back to the first page rather than failing.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from dataclasses import dataclass

from django.db.models import Q, QuerySet


@dataclass(frozen=True)
class SortKey:
    """One column of a total order: a field or annotation name and its direction."""

    field: str
    descending: bool = False


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
    if any(not isinstance(v, str | int | float | dt.date) for v in decoded):
        return None
    return decoded


def _after(keys: list[SortKey], values: list) -> Q:
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


def keyset_page(queryset: QuerySet, keys: list[SortKey], cursor: str | None, per_page: int) -> KeysetPage:
    """One page of `queryset` ordered by `keys` (the last key must be unique, e.g. pk). One query."""
    ordering = [f"-{k.field}" if k.descending else k.field for k in keys]
    queryset = queryset.order_by(*ordering)
    values = decode_cursor(cursor, len(keys)) if cursor else None
    if values is not None:
        queryset = queryset.filter(_after(keys, values))
    rows = list(queryset[: per_page + 1])
    next_cursor = None
    if len(rows) > per_page:
        rows = rows[:per_page]
        last = rows[-1]
        next_cursor = encode_cursor([getattr(last, k.field) for k in keys])
    return KeysetPage(rows=rows, next_cursor=next_cursor, is_first=values is None)
