"""A name search's first page, with the people's stored documents, in one statement prepared once per connection
for each shape of query (registry.api.people).

Through django-filter, search_prisoners and the cursor paginator, the first page of a search took two queries
(the ids of the people who hold the query's words whole, then those people ranked, with their documents), each
built and compiled by the ORM and planned by PostgreSQL: about twice the time PostgreSQL spent running them. Here
the same two queries are one (search.whole_word_matches, in the paginator's order), compiled once per process and
prepared once per connection for each shape: the number of word sets and of words in each, of keys, and the page's
length. Only the words and keys are sent. A search nobody holds whole (typos: search_prisoners' later answers)
and a one-word search (a crowd) answer None, and the caller takes the general path, which answers the same.
"""

from __future__ import annotations

import hashlib
import weakref
from collections import OrderedDict
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connections

from registry import search
from registry.models import Prisoner
from registry.queries.documents import with_stored_documents

# Prepared statements a connection keeps: the shapes readers' searches take are few (a query has at most
# search.MAX_QUERY_KEYS keys of at most search.MAX_QUERY_WORDS words), each plan some memory of the server's.
KEPT_PER_CONNECTION = 64
_COLUMNS = ("id", "updated_at", "display_name")


def first_page(query: str, *, ordering: tuple[str, ...], limit: int, using: str) -> list[Prisoner] | None:
    """The first `limit` people of the search `query` in `ordering` (its first term `-rank_key`), each with
    `rank_key` and `stored_document` as search_prisoners and with_stored_documents give them, if someone holds the
    query's words whole; None when the general path must answer (see the module's docstring)."""
    typed, corrected = search.searched_keys(query)
    if not typed or search.may_be_crowd(typed, corrected):
        return None
    conditions = search.exact_conditions(typed + corrected)
    shape = (tuple(map(len, conditions)), len(typed), len(corrected), tuple(ordering), limit)
    values = [*(word for words in conditions for word in words), *typed, *corrected]
    rows = _execute(_statement(shape), values, using)
    if not rows:
        return None
    people = []
    for *columns, rank_key, document in rows:
        person = Prisoner.from_db(using, _COLUMNS, columns)
        person.rank_key, person.stored_document = rank_key, document
        people.append(person)
    return people


class _Statement:
    def __init__(self, sql: str, parameters: int):
        self.sql, self.parameters = sql, parameters
        self.name = "registry_search_" + hashlib.sha256(sql.encode()).hexdigest()[:16]


@lru_cache(maxsize=256)
def _statement(shape: tuple) -> _Statement:
    """The page's query for a shape, its words and keys as $1, $2…: built with a marker in place of each,
    compiled, and each marker's quoted literal replaced by its parameter."""
    sizes, typed_count, corrected_count, ordering, limit = shape
    markers = iter(_Marker(number) for number in range(1, sum(sizes) + typed_count + corrected_count + 1))
    conditions = [[next(markers) for _ in range(size)] for size in sizes]
    typed = [next(markers) for _ in range(typed_count)]
    corrected = [next(markers) for _ in range(corrected_count)]
    found = search.whole_word_matches(Prisoner.objects.published(), typed, corrected, conditions)
    page = with_stored_documents(found).order_by(*ordering)
    sql, params = page.values_list(*_COLUMNS, "rank_key", "stored_document")[:limit].query.sql_with_params()
    composed = connections[DEFAULT_DB_ALIAS].ops.compose_sql(sql, params)
    every = [*(m for words in conditions for m in words), *typed, *corrected]
    for marker in every:
        quoted = f"'{marker}'"
        if composed.count(quoted) != 1:
            raise AssertionError(f"{marker} is written {composed.count(quoted)} times in a search's statement")
        composed = composed.replace(quoted, f"${marker.number}::text")
    return _Statement(composed, len(every))


class _Marker(str):
    """A parameter's place while the ORM compiles the statement: a literal no word or key can be (keys are folded
    to a-z, 0-9 and spaces)."""

    def __new__(cls, number: int):
        marker = super().__new__(cls, f"Registry-Parameter-{number}")
        marker.number = number
        return marker


# Per raw connection, the statements prepared on it, the least recently used first.
_prepared: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _execute(statement: _Statement, values: list[str], using: str) -> list[tuple]:
    connection = connections[using]
    with connection.cursor() as cursor:
        kept = _prepared.setdefault(connection.connection, OrderedDict())
        if statement.name in kept:
            kept.move_to_end(statement.name)
        else:
            while len(kept) >= KEPT_PER_CONNECTION:
                cursor.execute(f"DEALLOCATE {kept.popitem(last=False)[0]}")
            types = ", ".join(["text"] * statement.parameters)
            cursor.execute(f"PREPARE {statement.name}({types}) AS {statement.sql}")
            kept[statement.name] = True
        cursor.execute(f"EXECUTE {statement.name}({', '.join(['%s'] * len(values))})", values)
        return cursor.fetchall()
