"""A name search's first page, with the people's stored documents, in one statement prepared once per connection
for each shape of query (registry.api.people).

Through django-filter, search_prisoners and the cursor paginator, the first page of a search took two or three
queries (whether a one-word search is a crowd; the ids of the people who hold the query's words whole; those
people ranked, with their documents), each built and compiled by the ORM and planned by PostgreSQL: about twice the
time PostgreSQL spent running them. Here they are one statement (search.whole_word_matches, or for one word, when
more than search.CROWD hold it, search.ranked_crowd; in the paginator's order), compiled once per process and
prepared once per connection for each shape: the number of word sets and of words in each, of keys, and the page's
length. Only the words and keys are sent. A search nobody holds whole (typos: search_prisoners' later answers)
answers None, and the caller takes the general path, which answers the same.
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
    if not typed:
        return None
    conditions = search.exact_conditions(typed + corrected)
    one_word = search.may_be_crowd(typed, corrected)
    shape = (tuple(map(len, conditions)), len(typed), len(corrected), one_word and search.CROWD, tuple(ordering), limit)
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
    sizes, typed_count, corrected_count, crowd, ordering, limit = shape
    markers = iter(_Marker(number) for number in range(1, sum(sizes) + typed_count + corrected_count + 1))
    conditions = [[next(markers) for _ in range(size)] for size in sizes]
    typed = [next(markers) for _ in range(typed_count)]
    corrected = [next(markers) for _ in range(corrected_count)]
    published = Prisoner.objects.published()
    sql = _page(search.whole_word_matches(published, typed, corrected, conditions), ordering, limit)
    if crowd:
        # One word: its holders ranked from their stored words if they are a crowd, else as above. Only one side
        # runs: each is gated by a one-time filter on the count.
        holding = search.word_holders(published, typed[0])
        sample = _compiled(search.crowd_sample(holding))
        by_words = _page(search.ranked_crowd(holding), ordering, limit)
        order = ", ".join(f"{term.lstrip('-')} {'DESC' if term.startswith('-') else 'ASC'}" for term in ordering)
        sql = (
            f"WITH crowd AS MATERIALIZED (SELECT count(*) > {crowd} AS held FROM ({sample}) sample) "
            f"SELECT * FROM (SELECT * FROM ({by_words}) by_words WHERE (SELECT held FROM crowd) "
            f"UNION ALL SELECT * FROM ({sql}) whole WHERE NOT (SELECT held FROM crowd)) page ORDER BY {order}"
        )
    every = [*(m for words in conditions for m in words), *typed, *corrected]
    for marker in every:
        quoted = f"'{marker}'"
        if quoted not in sql:
            raise AssertionError(f"{marker} is not written in a search's statement")
        sql = sql.replace(quoted, f"${marker.number}::text")
    return _Statement(sql, len(every))


def _page(ranked, ordering: tuple[str, ...], limit: int) -> str:
    return _compiled(
        with_stored_documents(ranked).order_by(*ordering).values_list(*_COLUMNS, "rank_key", "stored_document")[:limit]
    )


def _compiled(queryset) -> str:
    """The queryset's SQL with its parameters written in (the markers as quoted literals)."""
    return connections[DEFAULT_DB_ALIAS].ops.compose_sql(*queryset.query.sql_with_params())


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
