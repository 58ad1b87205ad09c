"""CSV that is safe to open in a spreadsheet: every CSV the registry writes goes through here.

OWASP's rule against formula injection: a text cell beginning with =, +, -, @, tab or carriage return
is written with a leading single quote, so a spreadsheet shows it as text instead of running it. Numbers
and dates the registry computes are not text a person typed and are written as they are (-1 stays a
number). A text that itself begins with a quote gets one more, so `unescape` — which the importer
applies to every cell — gives back exactly what was exported.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"
# `?bom=1` on a CSV download: UTF-8 with a byte-order mark, which Excel on Windows needs to read Cyrillic
# as UTF-8 (without it, it guesses the local code page). Other programs ignore it or read it as UTF-8.
BOM = "\ufeff"
BOM_PARAMETER = "bom"


def wants_bom(params) -> bool | None:
    """Whether `?bom=` asks for the mark: True, False (absent or false), None for a value that is no boolean."""
    return {"": False, "false": False, "0": False, "true": True, "1": True}.get(params.get(BOM_PARAMETER, "").lower())


def escape(value: Any) -> Any:
    if isinstance(value, str) and value.startswith((*FORMULA_STARTS, QUOTE)):
        return QUOTE + value
    return value


def unescape(value: str | None) -> str | None:
    if value and value.startswith(QUOTE) and value[1:].startswith((*FORMULA_STARTS, QUOTE)):
        return value[1:]
    return value


class Writer:
    """csv.writer with every cell escaped."""

    def __init__(self, out, **options) -> None:
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([escape(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


class DictWriter(csv.DictWriter):
    """csv.DictWriter with every cell escaped."""

    def writerow(self, rowdict: dict):
        return super().writerow({key: escape(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts: Iterable[dict]) -> None:
        for rowdict in rowdicts:
            self.writerow(rowdict)
