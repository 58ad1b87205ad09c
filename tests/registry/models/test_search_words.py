"""SearchWord: the vocabulary of the search keys, kept by PostgreSQL whatever writes the keys."""

import random

import pytest

from registry.models import PrisonerSearchKey, SearchWord
from tests.factories import PrisonerFactory, PrisonerNameFactory
from tests.name_writes import random_name_writes, truncate_the_keys

pytestmark = pytest.mark.django_db


def vocabulary() -> set[str]:
    return set(SearchWord.objects.values_list("word", flat=True))


def words_of_the_keys() -> set[str]:
    return {word for key in PrisonerSearchKey.objects.values_list("key", flat=True) for word in key.split()}


def test_a_new_name_adds_its_words_and_a_removed_one_leaves_none_behind():
    person = PrisonerFactory(display_name="Ivan Testavy")
    name = PrisonerNameFactory(prisoner=person, full_name="Іван Прыкладны", language="be")

    assert vocabulary() == {"ivan", "testavi", "prikladni"} == words_of_the_keys()  # the keys' folded words

    name.delete()
    assert "prikladni" not in vocabulary()
    person.delete()
    assert vocabulary() == set()


def test_a_word_stays_while_any_key_holds_it():
    kept = PrisonerFactory(display_name="Hanna Uzorny")
    gone = PrisonerFactory(display_name="Volha Uzorny")

    gone.delete()

    assert vocabulary() == {"hana", "uzorni"} == words_of_the_keys()
    assert kept.search_keys.exists()


def test_a_key_rewritten_in_place_swaps_its_words():
    person = PrisonerFactory(display_name="Hanna Uzorny")

    person.search_keys.update(key="hana vidumani")

    assert vocabulary() == {"hana", "vidumani"}


def test_emptying_the_keys_empties_the_vocabulary():
    PrisonerFactory(display_name="Hanna Uzorny")

    truncate_the_keys()

    assert vocabulary() == set()


@pytest.mark.parametrize("seed", [1, 2])
def test_the_vocabulary_equals_the_words_of_the_keys_after_random_writes(seed):
    for _ in random_name_writes(random.Random(seed), 60):
        assert vocabulary() == words_of_the_keys()
