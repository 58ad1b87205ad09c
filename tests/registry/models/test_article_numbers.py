"""Prisoner.article_numbers: kept from the charges by PostgreSQL, whatever writes them."""

import pytest
from django.db import connection

from registry.models import Charge, Prisoner
from registry.queries import statistics
from tests.factories import ArticleFactory, ChargeFactory, ConvictionFactory, CriminalCodeFactory, PrisonerFactory

pytestmark = pytest.mark.django_db


def numbers(person: Prisoner) -> list[str]:
    return Prisoner.objects.get(pk=person.pk).article_numbers


def test_charges_added_and_removed_show_in_the_numbers_sorted_and_once():
    conviction = ConvictionFactory()
    person = conviction.prisoner
    first = ChargeFactory(conviction=conviction, article=ArticleFactory(number="361-1"))
    ChargeFactory(conviction=conviction, article=ArticleFactory(number="342"))
    ChargeFactory(
        conviction=ConvictionFactory(prisoner=person),
        article=ArticleFactory(number="342", code=CriminalCodeFactory(country="RU", short_name="CC RF")),
    )

    assert numbers(person) == ["342", "361-1"]
    # The facet counts people: charged under 342 in two codes is one person under "342".
    counts = statistics.facets_for(Prisoner.objects.filter(pk=person.pk), ["article"])
    assert counts["article"] == {"342": 1, "361-1": 1}

    first.delete()
    assert numbers(person) == ["342"]


def test_deleting_a_case_removes_its_numbers():
    charge = ChargeFactory(article=ArticleFactory(number="130"))

    charge.conviction.delete()

    assert numbers(charge.conviction.prisoner) == []


def test_a_case_moved_to_another_person_moves_its_numbers():
    charge = ChargeFactory(article=ArticleFactory(number="130"))
    before, after = charge.conviction.prisoner, PrisonerFactory()

    charge.conviction.prisoner = after
    charge.conviction.save()

    assert numbers(before) == [] and numbers(after) == ["130"]


def test_a_renumbered_article_renumbers_everyone_charged_under_it():
    charge = ChargeFactory(article=ArticleFactory(number="130"))

    charge.article.number = "130-1"
    charge.article.save()

    assert numbers(charge.conviction.prisoner) == ["130-1"]


def test_a_save_of_a_stale_person_cannot_overwrite_the_numbers():
    conviction = ConvictionFactory()
    stale = Prisoner.objects.get(pk=conviction.prisoner_id)
    ChargeFactory(conviction=conviction, article=ArticleFactory(number="342"))

    stale.occupation = "Fictional clerk"
    stale.save()  # writes article_numbers=[] from the stale instance

    assert numbers(stale) == ["342"]


def test_raw_sql_and_bulk_writes_are_kept_too():
    conviction = ConvictionFactory()
    article = ArticleFactory(number="293")

    Charge.objects.bulk_create([Charge(conviction=conviction, article=article, part="1")])
    assert numbers(conviction.prisoner) == ["293"]

    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM registry_charge WHERE conviction_id = %s", [conviction.pk])
    assert numbers(conviction.prisoner) == []
