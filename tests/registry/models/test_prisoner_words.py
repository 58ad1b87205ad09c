"""PrisonerWord: each person's words ranked as a search for the word alone ranks them, kept by PostgreSQL whatever
writes the keys."""

import random

import pytest

from registry.models import Prisoner, PrisonerSearchKey, PrisonerWord
from registry.search import search_prisoners
from tests.factories import PrisonerFactory, PrisonerNameFactory
from tests.name_writes import random_name_writes, truncate_the_keys

pytestmark = pytest.mark.django_db


def stored() -> set[tuple[int, str, int]]:
    return set(PrisonerWord.objects.values_list("prisoner_id", "word", "rank_key"))


def searched() -> set[tuple[int, str, int]]:
    """Every word of the keys with each person holding it whole and the rank a search for that word gives them."""
    holders: dict[str, set[int]] = {}
    for pk, key in PrisonerSearchKey.objects.values_list("prisoner_id", "key"):
        for word in key.split():
            holders.setdefault(word, set()).add(pk)
    return {
        (pk, word, rank_key)
        for word, people in holders.items()
        for pk, rank_key in search_prisoners(Prisoner.objects.all(), word).values_list("pk", "rank_key")
        if pk in people
    }


def test_a_person_has_each_word_of_their_keys_once_ranked_as_a_search_for_it_ranks_them():
    person = PrisonerFactory(display_name="Ivan Testavy")
    PrisonerNameFactory(prisoner=person, full_name="Іван Прыкладны", language="be")

    assert {word for _pk, word, _rank in stored()} == {"ivan", "testavi", "prikladni"}
    assert stored() == searched()


def test_the_word_that_is_the_whole_name_ranks_higher_than_one_among_others():
    alone = PrisonerFactory(display_name="Uzorny")
    among = PrisonerFactory(display_name="Hanna Uzorny")

    ranks = dict(PrisonerWord.objects.filter(word="uzorni").values_list("prisoner_id", "rank_key"))

    assert ranks[alone.pk] > ranks[among.pk]


def test_a_removed_name_takes_its_words_and_a_deleted_person_all_of_theirs():
    person = PrisonerFactory(display_name="Hanna Uzorny")
    name = PrisonerNameFactory(prisoner=person, full_name="Ганна Выдуманая", language="be")
    assert "vidumanaia" in {word for _pk, word, _rank in stored()}

    name.delete()
    assert {word for _pk, word, _rank in stored()} == {"hana", "uzorni"}
    person.delete()
    assert stored() == set()


def test_a_key_rewritten_in_place_is_ranked_again():
    person = PrisonerFactory(display_name="Hanna Uzorny")

    person.search_keys.update(key="hana vidumani")

    assert {word for _pk, word, _rank in stored()} == {"hana", "vidumani"}
    assert stored() == searched()


def test_emptying_the_keys_empties_the_words():
    PrisonerFactory(display_name="Hanna Uzorny")

    truncate_the_keys()

    assert stored() == set()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_words_equal_what_search_ranks_after_random_writes(seed):
    for _ in random_name_writes(random.Random(seed), 40):
        assert stored() == searched()
