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

# Each statement runs by its generic plan, planned once: planning a name search's again per execution cost more than
# the plan saved (README, Name search). Only while it runs: planned generically, the SQL functions a bulk write's
# triggers call scanned whole tables for every row.
GENERIC = "SET plan_cache_mode = force_generic_plan; "


class Prepared:
    def __init__(self, kept: int):
        self.kept = kept
        # Per raw connection, the names of the statements prepared on it, the least recently used first.
        self._on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def execute(self, cursor, name: str, types: Sequence[str], sql: str, values: Sequence) -> None:
        """EXECUTE the statement `name` (`sql`, its parameters of these `types`) with `values` on the cursor's
        connection, preparing it there first if it is not yet, by its generic plan (`GENERIC`), its rows left to
        fetch. One query (two or more the first time: DEALLOCATE of the statement used longest ago, PREPARE)."""
        raw = cursor.connection
        names = self._on.setdefault(raw, OrderedDict())
        if name in names:
            names.move_to_end(name)
        else:
            while len(names) >= self.kept:
                cursor.execute(f"DEALLOCATE {names.popitem(last=False)[0]}")
            cursor.execute(f"PREPARE {name}({', '.join(types)}) AS {sql}")
            names[name] = True
        cursor.execute(f"{GENERIC}EXECUTE {name}({', '.join(['%s'] * len(values))}); RESET plan_cache_mode", values)
        cursor.nextset()  # past SET, to the statement's rows


def written_in(sql: str, params: Sequence) -> str:
    """`sql` with its `params` written in as literals, as PostgreSQL would bind them."""
    return connections[DEFAULT_DB_ALIAS].ops.compose_sql(sql, params)
