"""How long someone has been held and when their sentence ends: the one rule for the profile and the API.

Pure functions over plain values, so the site (over model instances) and the API (over the documents
PostgreSQL builds, registry.api.prisoner_documents) compute the same numbers.

Expected release = the detention that began the current custody + the latest sentence's length. Time
held before the verdict counts towards the sentence day for day (Belarusian courts credit pre-trial
detention this way for imprisonment); it is as precise as the detention date is known. It cannot be
computed — and is 'not known' — for someone not held now, a life sentence, a sentence of unknown length,
an unknown detention date, or a latest verdict older than the current detention (an earlier case).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

from registry.dates import PartialDate, Precision

T = TypeVar("T")


@dataclass(frozen=True)
class Period:
    detained_on: dt.date | None
    detained_on_precision: str
    released_on: dt.date | None


@dataclass(frozen=True)
class Sentence:
    verdict_on: dt.date | None
    months: int | None
    life: bool


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def latest(convictions: Iterable[T]) -> T | None:
    """The latest verdict (a dated one over an undated one), of Sentences or Convictions in their stored
    order; a tie goes to the last given."""
    ordered = list(convictions)
    if not ordered:
        return None
    return max(reversed(ordered), key=lambda c: (c.verdict_on is not None, c.verdict_on or dt.date.min))


def expected_release(periods: Iterable[Period], sentences: Iterable[Sentence]) -> PartialDate | None:
    held = next((p for p in periods if p.released_on is None), None)
    sentence = latest(sentences)
    if held is None or held.detained_on is None or sentence is None or sentence.life or not sentence.months:
        return None
    if sentence.verdict_on is not None and sentence.verdict_on < held.detained_on:
        return None
    return PartialDate(add_months(held.detained_on, sentence.months), held.detained_on_precision)


@dataclass(frozen=True)
class DaysHeld:
    days: int
    approximate: bool  # a detention known only to the month or year, or a period without a date


def days_in_custody(periods: Iterable[Period], today: dt.date) -> DaysHeld | None:
    """Days behind bars over every custody period with a known start; None if no start is known."""
    days, approximate, counted = 0, False, False
    for period in periods:
        if period.detained_on is None:
            approximate = True
            continue
        counted = True
        days += max(((period.released_on or today) - period.detained_on).days, 0)
        approximate = approximate or period.detained_on_precision != Precision.DAY
    return DaysHeld(days, approximate) if counted else None
