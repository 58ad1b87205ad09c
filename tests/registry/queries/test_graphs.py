"""registry.queries.graphs: parts run as one statement give what the ORM gives, composed once per set of arguments."""

import datetime as dt

import pytest
from django.db.models import Count, Max, Q, Sum

from registry.db.replicas import read_alias
from registry.models import Custody
from registry.queries.graphs import ComposedPerArguments, one_row
from tests.factories import CustodyFactory

pytestmark = pytest.mark.django_db

AGGREGATES = {
    "periods": Count("pk"),
    "released": Count("pk", filter=Q(released_on__isnull=False)),
    "latest": Max("detained_on"),
    "total_id": Sum("id"),
}


def custody_since(since: dt.date) -> dict:
    return {"custody": one_row(Custody.objects.filter(detained_on__gte=since), **AGGREGATES)}


def test_one_row_is_what_aggregate_gives_over_rows_and_over_none():
    CustodyFactory(detained_on=dt.date(2021, 3, 1))
    CustodyFactory(detained_on=dt.date(2022, 5, 9), released_on=dt.date(2023, 1, 2), release_reason="served")
    statement = ComposedPerArguments(custody_since)

    for since in (dt.date(2020, 1, 1), dt.date(2022, 1, 1), dt.date(2030, 1, 1)):
        [row] = statement.fetch(since, using=read_alias())["custody"]
        expected = Custody.objects.filter(detained_on__gte=since).aggregate(**AGGREGATES)
        expected["latest"] = expected["latest"] and expected["latest"].isoformat()  # JSON carries dates as text
        assert row == expected

    assert row == {"periods": 0, "released": 0, "latest": None, "total_id": None}


def test_a_statement_is_composed_once_per_arguments_and_runs_as_one_query(django_assert_num_queries):
    built = []

    def parts(since: dt.date) -> dict:
        built.append(since)
        return custody_since(since)

    statement = ComposedPerArguments(parts)
    CustodyFactory(detained_on=dt.date(2021, 3, 1))
    with django_assert_num_queries(1):
        assert statement.fetch(dt.date(2021, 1, 1), using=read_alias())["custody"][0]["periods"] == 1
    CustodyFactory(detained_on=dt.date(2022, 3, 1))
    # The statement is kept, never its answer: a second run reads the rows written since.
    assert statement.fetch(dt.date(2021, 1, 1), using=read_alias())["custody"][0]["periods"] == 2
    assert statement.fetch(dt.date(2022, 1, 1), using=read_alias())["custody"][0]["periods"] == 1

    assert built == [dt.date(2021, 1, 1), dt.date(2022, 1, 1)]
