"""A name search's first page, with the people's stored documents, in one statement prepared once per connection
for each shape of query (registry.api.people).

search_prisoners tries its answers in turn, fetching each one's people before the next: a crowd for one word,
then the people holding the query's words whole, then with typos, then one surname with typos. Through
django-filter and the cursor paginator, a first page took two to five queries, each built and compiled by the ORM
and planned by PostgreSQL, which cost more than running them. Here every answer is a page of the
same querysets (search.ranked_crowd, whole_word_matches, similar_matches, surname_matches, in the paginator's
order), each run only if those before it found nobody, all in one statement. It is compiled once per process and
prepared once per connection for each shape of query: the number of its keys, word sets and words, and which words
are given names; only the words and keys are sent. The answer is search_prisoners' first page, byte for byte
(tests/registry/queries/test_searches.py).
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Callable
from functools import lru_cache

from django.db import connections
from django.db.models import QuerySet

from registry import search
from registry.models import Prisoner
from registry.queries.documents import with_stored_documents
from registry.queries.prepared import Prepared, written_in

# Readers' searches take few shapes; a connection keeps the statements of the 32 it met last.
PREPARED = Prepared(kept=32)
_COLUMNS = ("id", "updated_at", "display_name")


def first_page(query: str, *, ordering: tuple[str, ...], limit: int, using: str) -> list[Prisoner]:
    """The first `limit` people of the search `query` in `ordering` (its first term `-rank_key`), each with
    `rank_key` and `stored_document` as search_prisoners and with_stored_documents give them."""
    matched = search.searched(query)
    if matched is None:
        return []
    values: list[str] = []

    def taken_out(value: str) -> None:
        values.append(value)

    shape = _mapped(matched, taken_out)  # the strings out, in order, None in their places
    tuning = (search.CROWD, search.FUZZY_CANDIDATES, search.SIMILAR_WORDS)
    statement = _statement(shape, tuning, tuple(ordering), limit)
    with connections[using].cursor() as cursor:
        PREPARED.execute(cursor, statement.name, ["text"] * statement.parameters, statement.sql, values)
        rows = cursor.fetchall()
    people = []
    for *columns, rank_key, document in rows:
        person = Prisoner.from_db(using, _COLUMNS, columns)
        person.rank_key, person.stored_document = rank_key, document
        people.append(person)
    return people


def _mapped(value, leaf: Callable[[str | None], object]):
    """`value` (a search.Searched, the tuples and named tuples in it) with each string or its place (None) replaced
    by `leaf(it)`, always in the same order, so that the strings taken out of one query line up with the
    parameters of a statement built from its shape."""
    if value is None or isinstance(value, str):
        return leaf(value)
    if isinstance(value, bool):
        return value
    if isinstance(value, tuple):
        items = tuple(_mapped(item, leaf) for item in value)
        return type(value)(*items) if hasattr(value, "_fields") else items
    raise TypeError(f"a search's shape holds no {type(value).__name__}")


class _Statement:
    def __init__(self, sql: str, parameters: int):
        self.sql, self.parameters = sql, parameters
        self.name = "registry_search_" + hashlib.sha256(sql.encode()).hexdigest()[:16]


@lru_cache(maxsize=256)
def _statement(shape: search.Searched, tuning: tuple, ordering: tuple[str, ...], limit: int) -> _Statement:
    """The first page's statement for a query of this shape, its words and keys as $1, $2…: built from the shape
    with a marker in each string's place, compiled, and each marker's quoted literal replaced by its parameter.
    Each answer is a CTE that runs only if those before it found nobody (a one-time filter on them)."""
    numbers = itertools.count(1)
    marked = _mapped(shape, lambda _place: _Marker(next(numbers)))
    published = Prisoner.objects.published()

    def page(ranked: QuerySet[Prisoner]) -> str:
        rows = with_stored_documents(ranked).order_by(*ordering).values_list(*_COLUMNS, "rank_key", "stored_document")
        return _compiled(rows[:limit])

    ctes, answers = [], []
    if marked.one_word:
        holding = search.word_holders(published, marked.typed[0])
        ctes.append(
            f"crowd AS MATERIALIZED (SELECT count(*) > {search.CROWD} AS held "
            f"FROM ({_compiled(search.crowd_sample(holding))}) sample)"
        )
        answers.append((page(search.ranked_crowd(holding)), "(SELECT held FROM crowd)"))
    for answer in (search.whole_word_matches, search.similar_matches, search.surname_matches):
        if answer is not search.surname_matches or marked.surnames:
            answers.append((page(search.ranked(answer(published, marked), marked)), "TRUE"))
    for number, (sql, condition) in enumerate(answers):
        before = "".join(f" AND NOT EXISTS (SELECT FROM answer_{earlier})" for earlier in range(number))
        ctes.append(f"answer_{number} AS MATERIALIZED (SELECT * FROM ({sql}) found WHERE {condition}{before})")
    union = " UNION ALL ".join(f"SELECT * FROM answer_{number}" for number in range(len(answers)))
    order = ", ".join(f"{term.lstrip('-')} {'DESC' if term.startswith('-') else 'ASC'}" for term in ordering)
    sql = f"WITH {', '.join(ctes)} SELECT * FROM ({union}) page ORDER BY {order}"

    parameters = range(1, next(numbers))
    for number in parameters:
        quoted = f"'{_Marker(number)}'"
        if quoted not in sql:
            raise AssertionError(f"parameter {number} is not written in a search's statement")
        sql = sql.replace(quoted, f"${number}::text")
    return _Statement(sql, len(parameters))


def _compiled(queryset: QuerySet) -> str:
    """The queryset's SQL with its parameters written in (the markers as quoted literals)."""
    return written_in(*queryset.query.sql_with_params())


class _Marker(str):
    """A parameter's place while the ORM compiles the statement: a literal no word or key can be (keys are folded
    to a-z, 0-9 and spaces)."""

    def __new__(cls, number: int):
        return super().__new__(cls, f"Registry-Parameter-{number}")
