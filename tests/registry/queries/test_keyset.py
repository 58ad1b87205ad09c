"""Keyset pagination: cursors round-trip, tampered ones are refused, pages never repeat or skip rows."""

import datetime as dt

import pytest

from registry.models import Prisoner
from registry.models.people import RECOGNISED_KEY
from registry.queries.keyset import SortKey, decode_cursor, encode_cursor, fitting, keyset_page
from tests.factories import PrisonerFactory


def test_a_cursor_round_trips_dates_datetimes_strings_and_numbers():
    values = ["Name", 3, dt.date(2021, 5, 1), dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC)]
    assert decode_cursor(encode_cursor(values), 4) == values


@pytest.mark.parametrize("cursor", ["", "%%%", encode_cursor([1]), "eyJhIjoxfQ", encode_cursor([{"x": 1}, 2])])
def test_a_cursor_that_is_not_ours_is_refused(cursor):
    assert decode_cursor(cursor, 2) is None


@pytest.mark.parametrize(
    ("values", "fits"),
    [
        (["Name", dt.datetime(2024, 1, 2, tzinfo=dt.UTC), 7], True),
        (["Name", dt.datetime(2024, 1, 2), 7], False),  # a naive time: which zone?
        (["Name", dt.date(2024, 1, 2), 7], False),
        (["Name", dt.datetime(2024, 1, 2, tzinfo=dt.UTC), "7"], False),
        ([7, dt.datetime(2024, 1, 2, tzinfo=dt.UTC), 7], False),
        (["Name", dt.datetime(2024, 1, 2, tzinfo=dt.UTC), 2**70], False),
    ],
)
def test_values_fit_the_keys_only_as_the_fields_hold_them(values, fits):
    keys = [SortKey("display_name"), SortKey("updated_at", True), SortKey("pk")]

    assert (fitting(Prisoner.objects.all(), keys, values) is not None) is fits


@pytest.mark.django_db
def test_pages_cover_every_row_once_in_order_with_ties_and_nulls():
    for i in range(23):
        PrisonerFactory(display_name=f"Same {i % 3}", recognised_on=dt.date(2022, 1, 1) if i % 2 else None)
    queryset = Prisoner.objects.annotate(recognised_key=RECOGNISED_KEY)
    keys = [SortKey("recognised_key", True), SortKey("display_name"), SortKey("pk")]
    seen, cursor = [], None
    while True:
        page = keyset_page(queryset, keys, cursor, 5)
        seen += [p.pk for p in page.rows]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    expected = list(queryset.order_by("-recognised_key", "display_name", "pk").values_list("pk", flat=True))
    assert seen == expected
