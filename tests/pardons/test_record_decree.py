"""Recording a decree: the decree, its announced breakdown and sources in one step, all or nothing."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from pardons import services
from pardons.models import BreakdownItem, PardonDecree, breakdown_problems
from tests.factories import SourceFactory

pytestmark = pytest.mark.django_db


def new_decree(**fields) -> PardonDecree:
    return PardonDecree(announced_on=dt.date(2024, 9, 16), announced_total=20, **fields)


def test_it_records_a_count_only_decree_with_its_breakdown_and_sources():
    source = SourceFactory()

    decree = services.record_decree(
        decree=new_decree(conditions="All expressed remorse."),
        breakdown=[{"category": "women", "count": 11}, {"category": "chronically_ill", "count": 14}],
        sources=[source],
    )

    decree.refresh_from_db()
    assert decree.announced_total == 20
    assert sorted(decree.breakdown.values_list("category", "count")) == [("chronically_ill", 14), ("women", 11)]
    assert list(decree.sources.all()) == [source]


def test_it_names_every_problem_of_the_decree_and_of_each_line_and_saves_nothing():
    bad = new_decree(signed_on=dt.date(2025, 1, 1))  # signed after it was announced

    with pytest.raises(ValidationError) as raised:
        services.record_decree(
            decree=bad,
            breakdown=[
                {"category": "women", "count": 1},
                {"category": "women", "count": 2},
                {"category": "other", "count": 3},
            ],
        )

    problems = raised.value.message_dict
    assert problems["signed_on"] == ["A decree cannot be signed after it was announced."]
    assert any(text.startswith("line 2, category:") for text in problems["breakdown"])
    assert "line 3, label: An 'other' line needs the announcement's wording as its label." in problems["breakdown"]
    assert not PardonDecree.objects.exists() and not BreakdownItem.objects.exists()


def test_breakdown_problems_are_given_line_by_line_in_order():
    problems = breakdown_problems(
        [{"category": "women", "count": 11}, {"category": "men", "count": -1}, {"category": "women", "count": 2}]
    )

    assert problems[0] == {}
    assert "count" in problems[1]
    assert "already a line of this decree" in problems[2]["category"][0]


def test_other_categories_may_repeat_with_their_own_labels():
    lines = [
        {"category": "other", "label": "journalists", "count": 2},
        {"category": "other", "label": "students", "count": 3},
    ]

    assert breakdown_problems(lines) == [{}, {}]
    assert services.record_decree(decree=new_decree(), breakdown=lines).breakdown.count() == 2


def test_a_line_counting_more_people_than_the_announced_total_is_refused_and_nothing_saved():
    with pytest.raises(ValidationError) as raised:
        services.record_decree(decree=new_decree(), breakdown=[{"category": "chronically_ill", "count": 25}])

    assert raised.value.message_dict["breakdown"] == [
        "line 1, count: More than the announced total (20): a line counts some of the people announced."
    ]
    assert not PardonDecree.objects.exists()


def test_a_total_corrected_below_a_stored_line_is_refused_and_nothing_changes():
    decree = services.record_decree(decree=new_decree(), breakdown=[{"category": "women", "count": 11}])

    with pytest.raises(ValidationError, match="More than the announced total"):
        services.correct_decree(decree=decree, changes={"announced_total": 10})

    decree.refresh_from_db()
    assert decree.announced_total == 20


def test_a_decree_without_an_announced_total_takes_any_count():
    assert breakdown_problems([{"category": "women", "count": 500}], announced_total=None) == [{}]
