"""Dates supporters write or come out for: birthdays this month and expected releases soon.

Public people held now only (a withheld person's birthday would name them). A birthday needs a birth
date known to the day; an expected release is the profile's (registry.models.terms), shown only when
known to the day or month, so nobody is promised a day the records do not give.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch

from registry.dates import Precision
from registry.models import Conviction, Custody, Prisoner

RELEASES_AHEAD_DAYS = 56


@dataclass(frozen=True)
class Upcoming:
    person: Prisoner
    on: dt.date
    precision: str  # of `on`: a birthday is a day; a release is as precise as its detention date


def _held_public(today: dt.date):
    # The statistics' rule of who is held (a detention covering the day): house arrest is not, and a person with no
    # custody period at all is not either (a join on "an open period" let them through).
    return (
        Prisoner.objects.published()
        .held_on(today)
        .prefetch_related(
            "names",
            Prefetch("custody_periods", queryset=Custody.objects.order_by("detained_on", "pk")),
            Prefetch("convictions", queryset=Conviction.objects.order_by("verdict_on", "pk")),
        )
        .order_by("pk")
    )


def birthdays(today: dt.date) -> list[Upcoming]:
    """Birthdays in today's month of public people held now, by day."""
    people = _held_public(today).filter(birth_date__month=today.month, birth_date_precision=Precision.DAY)
    found = []
    for person in people:
        born = person.birth_date
        # Born on 29 February: the 28th in a common year.
        day = 28 if (born.month, born.day) == (2, 29) and not calendar.isleap(today.year) else born.day
        found.append(Upcoming(person, dt.date(today.year, born.month, day), Precision.DAY))
    return sorted(found, key=lambda u: (u.on, u.person.display_name))


def releases(today: dt.date, days: int = RELEASES_AHEAD_DAYS) -> list[Upcoming]:
    """Expected releases from today to `days` ahead (a month-precise one when its month overlaps), by date."""
    until = today + dt.timedelta(days=days)
    found = []
    for person in _held_public(today).filter(convictions__sentence_months__isnull=False).distinct():
        release = person.expected_release()
        if release is None or release.precision == Precision.YEAR:
            continue
        last_day = release.date if release.precision == Precision.DAY else _month_end(release.date)
        if release.date <= until and last_day >= today:
            found.append(Upcoming(person, release.date, release.precision))
    return sorted(found, key=lambda u: (u.on, u.person.display_name))


def _month_end(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
