"""Statements prepared once per connection and run with EXECUTE, and SQL with its values written in.

Building and planning the registry's larger reads cost more than running them, so they are compiled once per
process and prepared once per database connection (registry.queries.graphs, registry.queries.searches). Each
`Prepared` keeps its own statements: a connection holds at most `kept` of them, the least recently used
deallocated first, since every plan PostgreSQL keeps holds memory of the server's (README, Name search).
"""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Sequence

from django.db import DEFAULT_DB_ALIAS, connections


class Prepared:
    def __init__(self, kept: int):
        self.kept = kept
        # Per raw connection, the names of the statements prepared on it, the least recently used first.
        self._on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def execute(self, cursor, name: str, types: Sequence[str], sql: str, values: Sequence) -> None:
        """EXECUTE the statement `name` (`sql`, its parameters of these `types`) with `values` on the cursor's
        connection, preparing it there first if it is not yet. One query (two or more the first time: DEALLOCATE
        of the statement used longest ago, PREPARE, EXECUTE)."""
        raw = cursor.connection
        names = self._on.setdefault(raw, OrderedDict())
        if name in names:
            names.move_to_end(name)
        else:
            while len(names) >= self.kept:
                cursor.execute(f"DEALLOCATE {names.popitem(last=False)[0]}")
            cursor.execute(f"PREPARE {name}({', '.join(types)}) AS {sql}")
            names[name] = True
        cursor.execute(f"EXECUTE {name}({', '.join(['%s'] * len(values))})", values)


def written_in(sql: str, params: Sequence) -> str:
    """`sql` with its `params` written in as literals, as PostgreSQL would bind them."""
    return connections[DEFAULT_DB_ALIAS].ops.compose_sql(sql, params)
