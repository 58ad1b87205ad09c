"""CSV cells a spreadsheet would run as formulas are written as text, and read back exactly as typed."""

import io

import pytest

from registry import csv_safe

TYPED = ['=HYPERLINK("http://x","click")', "+1", "-2", "@SUM(A1)", "\tx", "\rx", "'quoted", "''twice", "plain", ""]


@pytest.mark.parametrize("text", TYPED)
def test_escape_then_unescape_gives_back_what_was_typed(text):
    assert csv_safe.unescape(csv_safe.escape(text)) == text


@pytest.mark.parametrize("text", ["=1+1", "+1", "-2", "@A1", "\tx", "\rx"])
def test_a_cell_that_would_run_starts_with_a_quote(text):
    assert csv_safe.escape(text) == "'" + text


def test_numbers_the_registry_writes_stay_numbers():
    assert csv_safe.escape(-1) == -1
    assert csv_safe.escape(None) is None


def test_a_hand_written_leading_quote_before_a_letter_is_kept_on_import():
    assert csv_safe.unescape("'hello") == "'hello"


def test_the_writers_escape_every_cell():
    out = io.StringIO()
    csv_safe.Writer(out).writerows([["=1", 2]])
    csv_safe.DictWriter(out, fieldnames=["a"]).writerows([{"a": "@x"}])

    assert out.getvalue() == "'=1,2\r\n'@x\r\n"
