"""The keys a Belarusian or Russian list is ordered by by name follow the person's names on every write path
(PostgreSQL keeps them: migration 0049)."""

import pytest

from registry.models import Prisoner, PrisonerName
from tests.factories import PrisonerFactory, PrisonerNameFactory

pytestmark = pytest.mark.django_db


def keys(person: Prisoner) -> tuple[str, str]:
    person.refresh_from_db(fields=["sort_name_be", "sort_name_ru"])
    return person.sort_name_be, person.sort_name_ru


def test_a_person_without_names_in_cyrillic_is_ordered_by_the_display_name_folded():
    assert keys(PrisonerFactory(display_name="Fictional Person")) == ("fictional person", "fictional person")


def test_the_keys_follow_primary_names_added_corrected_and_removed():
    person = PrisonerFactory(display_name="Fictional Person")
    name = PrisonerNameFactory(prisoner=person, full_name="Выдуманы Чалавек", language="be")
    PrisonerNameFactory(prisoner=person, full_name="Выдуманный Человек", language="ru")
    PrisonerNameFactory(prisoner=person, full_name="Іншы Варыянт", language="be", kind="alias")

    added = keys(person)
    name.full_name = "Выдуманы Чалавечак"
    name.save()
    corrected = keys(person)
    name.delete()

    assert added == ("выдуманы чалавек", "выдуманный человек")
    assert corrected[0] == "выдуманы чалавечак"
    assert keys(person) == ("fictional person", "выдуманный человек")


def test_a_display_name_changed_moves_only_the_languages_without_a_name_of_their_own():
    person = PrisonerFactory(display_name="Fictional Person")
    PrisonerNameFactory(prisoner=person, full_name="Выдуманы Чалавек", language="be")

    Prisoner.objects.filter(pk=person.pk).update(display_name="Fictional Renamed")

    assert keys(person) == ("выдуманы чалавек", "fictional renamed")


def test_names_moved_to_another_person_in_one_statement_move_both_peoples_keys():
    kept, other = PrisonerFactory(display_name="Fictional Kept"), PrisonerFactory(display_name="Fictional Other")
    PrisonerNameFactory(prisoner=other, full_name="Выдуманы Іншы", language="be")

    PrisonerName.objects.filter(prisoner=other).update(prisoner=kept)

    assert keys(kept)[0] == "выдуманы иншы"
    assert keys(other)[0] == "fictional other"


def test_the_letters_the_code_points_misplace_are_folded_into_the_alphabets_order():
    people = {}
    for be in ["Яўген", "Ёсіф", "Ежы", "Жанна", "Ігар", "Зміцер", "Уладзімір", "Ўладзь", "Фёдар"]:
        people[be] = PrisonerFactory(display_name="Fictional")
        PrisonerNameFactory(prisoner=people[be], full_name=be, language="be")

    ordered = Prisoner.objects.filter(pk__in=[p.pk for p in people.values()]).order_by("sort_name_be", "pk")

    assert [person.name_in("be") for person in ordered.prefetch_related("names")] == [
        "Ежы", "Ёсіф", "Жанна", "Зміцер", "Ігар", "Уладзімір", "Ўладзь", "Фёдар", "Яўген"
    ]  # fmt: skip
