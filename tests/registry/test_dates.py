"""Imprecise dates are kept and shown exactly as precisely as they are known."""

import datetime as dt
import re

import pytest
from django.utils import translation

from registry.dates import PartialDate, format_partial, format_partial_iso, normalise


@pytest.mark.parametrize(
    ("text", "stored", "precision"),
    [
        ("1962", dt.date(1962, 1, 1), "year"),
        ("2021-05", dt.date(2021, 5, 1), "month"),
        ("2021-05-14", dt.date(2021, 5, 14), "day"),
    ],
)
def test_a_partial_date_is_parsed_to_its_first_day_and_precision(text, stored, precision):
    parsed = PartialDate.parse(text)
    assert (parsed.date, parsed.precision) == (stored, precision)
    assert parsed.iso() == text


@pytest.mark.parametrize("text", ["May 2021", "2021-13", "2021-02-30", "21-05-14", ""])
def test_a_malformed_date_is_a_clear_error_in_our_words_not_pythons(text):
    with pytest.raises(ValueError, match=f"^{re.escape(repr(text))} is not a date") as raised:
        PartialDate.parse(text)
    assert "must be in" not in str(raised.value)


@pytest.mark.parametrize(
    ("text", "last"), [("2024", "2024-12-31"), ("2024-02", "2024-02-29"), ("2024-02-10", "2024-02-10")]
)
def test_a_partial_dates_last_day_is_the_end_of_its_month_or_year(text, last):
    assert PartialDate.parse(text).last_day() == dt.date.fromisoformat(last)


def test_a_date_known_to_the_month_is_shown_without_a_day():
    with translation.override("en"):
        assert format_partial(dt.date(2021, 5, 1), "month") == "May 2021"
        assert format_partial(dt.date(1962, 1, 1), "year") == "1962"
        assert "14" in format_partial(dt.date(2021, 5, 14), "day")


def test_the_machine_form_is_as_precise_as_known():
    assert format_partial_iso(dt.date(2021, 5, 1), "month") == "2021-05"
    assert format_partial_iso(None, "day") == ""


def test_normalising_drops_the_unknown_part():
    assert normalise(dt.date(2021, 5, 14), "month") == dt.date(2021, 5, 1)
    assert normalise(dt.date(2021, 5, 14), "year") == dt.date(2021, 1, 1)
