"""Imprecise dates: a date stored with how precisely it is known.

"Detained in May 2021" is stored as 2021-05-01 with precision "month" and shown as "May 2021";
never with an invented day. A check constraint (see `partial_date_constraint`) makes the database
refuse a month-precise date that is not the first of its month, so the stored day is never a guess.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from django.db import models
from django.db.models import F, Q
from django.utils import formats
from django.utils.translation import get_language, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from registry.db.constraints import Check


class Precision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    YEAR = "year", _("year")


_PATTERN = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    date: dt.date
    precision: str = Precision.DAY

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse "2021", "2021-05" or "2021-05-14"; raise ValueError naming the problem."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date like 2021, 2021-05 or 2021-05-14")
        year, month, day = (int(g) if g else None for g in match.groups())
        try:
            if month is None:
                return cls(dt.date(year, 1, 1), Precision.YEAR)
            if day is None:
                return cls(dt.date(year, month, 1), Precision.MONTH)
            return cls(dt.date(year, month, day), Precision.DAY)
        except ValueError:  # Python's own words ("month must be in 1..12") would reach readers of the error
            raise ValueError(f"{text!r} is not a date that exists (a month is 1 to 12, a day 1 to 28–31)") from None

    def iso(self) -> str:
        return format_partial_iso(self.date, self.precision)

    def last_day(self) -> dt.date:
        """The last day the date may be: itself, or the end of its month or year."""
        if self.precision == Precision.YEAR:
            return self.date.replace(month=12, day=31)
        if self.precision == Precision.MONTH:
            return self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        return self.date

    def __str__(self) -> str:
        return format_partial(self.date, self.precision)


def format_partial_iso(value: dt.date | None, precision: str) -> str:
    """ "2021", "2021-05" or "2021-05-14": the machine form, as precise as known."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return f"{value.year:04d}"
    if precision == Precision.MONTH:
        return f"{value.year:04d}-{value.month:02d}"
    return value.isoformat()


def format_partial(value: dt.date | None, precision: str) -> str:
    """The human form in the active language, as precise as known."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return str(value.year)
    if precision == Precision.MONTH:
        return _localized(value, "YEAR_MONTH_FORMAT", get_language())
    return _localized(value, "DATE_FORMAT", get_language())


@lru_cache(maxsize=4096)
def _localized(value: dt.date, name: str, language: str | None) -> str:
    """A date in a format of the active language (`language`, the cache key): a profile or decree page shows dozens,
    many the same, and formatting one cost ~30 µs."""
    return formats.date_format(value, name)


# "In September 2024": Belarusian and Russian put the month in the locative (у верасні, в сентябре), a form no
# date format letter gives.
IN_MONTH = [
    pgettext_lazy("when, after a verb", "in January %(year)s"),
    pgettext_lazy("when, after a verb", "in February %(year)s"),
    pgettext_lazy("when, after a verb", "in March %(year)s"),
    pgettext_lazy("when, after a verb", "in April %(year)s"),
    pgettext_lazy("when, after a verb", "in May %(year)s"),
    pgettext_lazy("when, after a verb", "in June %(year)s"),
    pgettext_lazy("when, after a verb", "in July %(year)s"),
    pgettext_lazy("when, after a verb", "in August %(year)s"),
    pgettext_lazy("when, after a verb", "in September %(year)s"),
    pgettext_lazy("when, after a verb", "in October %(year)s"),
    pgettext_lazy("when, after a verb", "in November %(year)s"),
    pgettext_lazy("when, after a verb", "in December %(year)s"),
]


def format_partial_when(value: dt.date | None, precision: str) -> str:
    """When something happened, to follow a verb ("announced …"): "Sept. 16, 2024", "in September 2024",
    "in 2024" — in the active language, as precise as known."""
    if value is None:
        return ""
    if precision == Precision.YEAR:
        return pgettext("when, after a verb", "in %(year)s") % {"year": value.year}
    if precision == Precision.MONTH:
        return str(IN_MONTH[value.month - 1]) % {"year": value.year}
    return _localized(value, "DATE_FORMAT", get_language())


def normalise(value: dt.date, precision: str) -> dt.date:
    """The stored form: the first day of the known period."""
    if precision == Precision.YEAR:
        return value.replace(month=1, day=1)
    if precision == Precision.MONTH:
        return value.replace(day=1)
    return value


def partial_date_constraint(model_name: str, field: str) -> models.CheckConstraint:
    """The stored day is the first of the known period: no day is ever invented."""
    precision = f"{field}_precision"
    return Check(
        name=f"{model_name}_{field}_matches_precision",
        field=field,
        message="A date known only to the month is stored as its 1st day, one known only to the year as 1 January.",
        condition=Q(**{f"{field}__isnull": True})
        | Q(**{precision: Precision.DAY})
        | Q(**{precision: Precision.MONTH, f"{field}__day": 1})
        | Q(**{precision: Precision.YEAR, f"{field}__day": 1, f"{field}__month": 1}),
    )


def known_until(field: str) -> models.Case:
    """The last day a partial date may be (the day itself, or the end of its month or year), in SQL.

    To order imprecise dates without pretending they are the first day of their period: a decree known
    only as "2024" is not placed before the decrees of July–November 2024 it may well have followed.
    """
    day = F(field)

    def plus(interval: str) -> models.Func:
        return models.Func(
            day, template=f"(%(expressions)s + interval '{interval}')::date", output_field=models.DateField()
        )

    return models.Case(
        models.When(**{f"{field}_precision": Precision.YEAR}, then=plus("1 year - 1 day")),
        models.When(**{f"{field}_precision": Precision.MONTH}, then=plus("1 month - 1 day")),
        default=day,
        output_field=models.DateField(),
    )
