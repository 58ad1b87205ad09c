"""The visibility rule: written once, reused by every QuerySet that reaches people, and by the sources they cite."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from pardons.models import Pardon
from registry.models import Conviction, Custody, Event, Placement, Prisoner, Source
from registry.models.base import citing_models
from tests.factories import ChargeFactory, PardonFactory, PlacementFactory, SourceFactory

pytestmark = pytest.mark.django_db

# A lookup or condition on a person's visibility, as a copy of the rule would write it.
RULE = re.compile(r"__visibility|visibility__|(filter|exclude|Q)\(\s*visibility")


def test_the_visibility_rule_is_written_in_one_module():
    root = Path(settings.BASE_DIR)
    copies = [
        f"{path.relative_to(root)}:{number}"
        for package in ("registry", "pardons")
        for path in (root / package).rglob("*.py")
        if "migrations" not in path.parts and path.name != "visibility.py"
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if RULE.search(line)
    ]

    assert copies == []


@pytest.mark.parametrize("model", [Prisoner, Conviction, Custody, Event, Placement, Pardon], ids=lambda m: m.__name__)
def test_records_are_as_visible_as_their_person(model, three_people):
    for person in three_people.values():
        custody = person.custody_periods.get()
        PlacementFactory(custody=custody)
        PardonFactory(prisoner=person)
    person_of = {
        Prisoner: lambda row: row,
        Placement: lambda row: row.custody.prisoner,
    }.get(model, lambda row: row.prisoner)

    published = {person_of(row).visibility for row in model.objects.published()}
    counted = {person_of(row).visibility for row in model.objects.counted()}

    assert published == {"public"}
    assert counted == {"public", "anonymous"}


def test_every_model_that_cites_sources_says_how_it_is_seen():
    undeclared = [
        model.__name__
        for model in citing_models()
        if not hasattr(model._default_manager.get_queryset(), "person_lookup")
    ]

    assert undeclared == []
    assert {m.__name__ for m in citing_models()} >= {"Prisoner", "Custody", "Pardon", "PardonDecree", "ReportedFigure"}


def test_a_source_cited_only_about_hidden_people_is_not_cited_publicly(three_people):
    about_anonymous = SourceFactory(title="Only about the anonymous person")
    ChargeFactory(conviction__prisoner=three_people["anonymous"]).conviction.sources.add(about_anonymous)
    decree_source = SourceFactory(title="About a decree")
    PardonFactory(prisoner=three_people["private"]).decree.sources.add(decree_source)

    cited = set(Source.objects.cited_publicly().values_list("title", flat=True))

    assert "Report about the public person" in cited and "About a decree" in cited
    assert "Only about the anonymous person" not in cited
    assert "Report about the anonymous person" not in cited and "Report about the private person" not in cited
