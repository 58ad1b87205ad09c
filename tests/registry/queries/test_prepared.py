"""registry.queries.prepared: a statement is prepared once per connection, a connection keeps only the latest of
each registry's statements, and registries do not drop each other's."""

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext

from registry.queries.prepared import GENERIC, Prepared, written_in

pytestmark = pytest.mark.django_db


def run(prepared: Prepared, name: str, value: int) -> int:
    with connection.cursor() as cursor:
        prepared.execute(cursor, name, ["int"], "SELECT $1 + 1", [value])
        return cursor.fetchone()[0]


def held() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pg_prepared_statements WHERE name LIKE 'registry_test_%%'")
        return {name for (name,) in cursor.fetchall()}


@pytest.fixture(autouse=True)
def none_held():
    yield
    with connection.cursor() as cursor:
        for name in held():
            cursor.execute(f"DEALLOCATE {name}")


def test_a_statement_is_prepared_once_then_only_executed():
    prepared = Prepared(kept=4)
    with CaptureQueriesContext(connection) as asked:
        assert run(prepared, "registry_test_a", 1) == 2
        assert run(prepared, "registry_test_a", 41) == 42

    statements = [query["sql"].removeprefix(GENERIC).split()[0] for query in asked.captured_queries]
    assert statements == ["PREPARE", "EXECUTE", "EXECUTE"]


def test_a_connection_keeps_the_latest_statements_and_drops_the_one_used_longest_ago():
    prepared = Prepared(kept=2)
    for name in ("registry_test_a", "registry_test_b", "registry_test_a", "registry_test_c"):
        run(prepared, name, 1)

    assert held() == {"registry_test_a", "registry_test_c"}
    assert run(prepared, "registry_test_b", 1) == 2  # prepared again after it was dropped


def test_one_registry_does_not_drop_another_ones_statements():
    graphs, searches = Prepared(kept=1), Prepared(kept=1)
    run(graphs, "registry_test_graph", 1)
    for name in ("registry_test_a", "registry_test_b", "registry_test_c"):
        run(searches, name, 1)

    assert held() == {"registry_test_graph", "registry_test_c"}
    assert run(graphs, "registry_test_graph", 2) == 3


def test_values_are_written_in_as_literals_postgresql_reads_back():
    sql = written_in("SELECT %s::text, %s::int", ["it's", 7])

    with connection.cursor() as cursor:
        cursor.execute(sql)
        assert cursor.fetchone() == ("it's", 7)


def test_a_statement_runs_its_generic_plan_from_the_first_execution():
    # Planning a name search's statement again per execution cost more than the plan saved (README, Name search).
    prepared = Prepared(kept=4)
    for value in range(7):
        run(prepared, "registry_test_a", value)

    with connection.cursor() as cursor:
        cursor.execute("SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = 'registry_test_a'")
        assert cursor.fetchone() == (7, 0)


def test_the_connection_plans_everything_else_as_before():
    run(Prepared(kept=4), "registry_test_a", 1)

    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)


def test_a_statement_that_fails_leaves_the_connection_planning_as_before():
    prepared = Prepared(kept=4)
    with pytest.raises(DataError), transaction.atomic():
        run(prepared, "registry_test_a", 2**31 - 1)  # int overflow in $1 + 1

    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("auto",)
