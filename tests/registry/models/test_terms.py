"""Expected release and days in custody: the one rule the profile and the API share."""

import datetime as dt

import pytest

from registry.dates import PartialDate
from registry.models.terms import DaysHeld, Period, Sentence, add_months, days_in_custody, expected_release

HELD_SINCE_MAY_2021 = Period(dt.date(2021, 5, 14), "day", None)


def test_the_sentence_runs_from_the_detention_with_pre_trial_time_credited():
    release = expected_release([HELD_SINCE_MAY_2021], [Sentence(dt.date(2022, 3, 1), 66, False)])

    assert release == PartialDate(dt.date(2026, 11, 14), "day")


def test_a_detention_known_to_the_month_gives_a_release_known_to_the_month():
    held = Period(dt.date(2021, 5, 1), "month", None)

    assert expected_release([held], [Sentence(None, 24, False)]) == PartialDate(dt.date(2023, 5, 1), "month")


def test_the_latest_verdict_counts_when_a_new_sentence_is_recorded():
    sentences = [Sentence(dt.date(2022, 3, 1), 36, False), Sentence(dt.date(2023, 1, 10), 120, False)]

    assert expected_release([HELD_SINCE_MAY_2021], sentences).date == dt.date(2031, 5, 14)


@pytest.mark.parametrize(
    ("periods", "sentences"),
    [
        ([Period(dt.date(2021, 5, 14), "day", dt.date(2023, 1, 1))], [Sentence(None, 24, False)]),  # released
        ([HELD_SINCE_MAY_2021], [Sentence(None, None, True)]),  # life
        ([HELD_SINCE_MAY_2021], [Sentence(None, None, False)]),  # length unknown
        ([HELD_SINCE_MAY_2021], []),  # not sentenced yet
        ([Period(None, "day", None)], [Sentence(None, 24, False)]),  # detention date unknown
        ([HELD_SINCE_MAY_2021], [Sentence(dt.date(2015, 1, 1), 24, False)]),  # an earlier case's verdict
    ],
    ids=["released", "life", "length unknown", "no sentence", "detention unknown", "earlier case"],
)
def test_it_is_not_known_rather_than_guessed(periods, sentences):
    assert expected_release(periods, sentences) is None


def test_months_are_added_to_the_calendar_not_as_thirty_days():
    assert add_months(dt.date(2021, 1, 31), 1) == dt.date(2021, 2, 28)
    assert add_months(dt.date(2020, 11, 15), 14) == dt.date(2022, 1, 15)


def test_days_in_custody_add_every_period_and_say_when_approximate():
    periods = [
        Period(dt.date(2020, 8, 10), "day", dt.date(2020, 8, 20)),
        Period(dt.date(2021, 5, 1), "month", None),
    ]

    assert days_in_custody(periods, dt.date(2021, 5, 31)) == DaysHeld(10 + 30, approximate=True)
    assert days_in_custody(periods[:1], dt.date(2030, 1, 1)) == DaysHeld(10, approximate=False)
    assert days_in_custody([Period(None, "day", None)], dt.date(2030, 1, 1)) is None
