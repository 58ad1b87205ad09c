"""A person's status and verification as each language says them of them."""

import pytest
from django.utils import translation

from registry.models import Prisoner

SAID = {
    # language: (released, of a woman), (died in custody, of a woman)
    "en": (("released", "released"), ("died in custody", "died in custody")),
    "be": (("вызвалены", "вызваленая"), ("памёр у зняволенні", "памерла ў зняволенні")),
    "ru": (("освобождён", "освобождена"), ("умер в заключении", "умерла в заключении")),
}


@pytest.mark.parametrize("language", SAID)
def test_a_released_or_dead_womans_status_agrees_with_her_where_the_language_says_so(language):
    (released, released_woman), (died, died_woman) = SAID[language]
    with translation.override(language):
        assert Prisoner(status="released", sex="female").status_label() == released_woman
        assert Prisoner(status="died", sex="female").status_label() == died_woman
        assert Prisoner(status="released", sex="male").status_label() == released
        assert Prisoner(status="died", sex="").status_label() == died


@pytest.mark.parametrize("language", SAID)
def test_the_other_statuses_read_the_same_whoever_they_are_said_of(language):
    with translation.override(language):
        for status in ("in_custody", "restricted", "unknown"):
            woman, man = Prisoner(status=status, sex="female"), Prisoner(status=status, sex="male")
            assert woman.status_label() == man.status_label() == man.get_status_display()


@pytest.mark.parametrize(
    ("language", "of_a_man", "of_a_woman"),
    [
        ("en", "recognised as a political prisoner", "recognised as a political prisoner"),
        ("be", "прызнаны палітвязнем", "прызнаная палітвязынкай"),
        ("ru", "признан политзаключённым", "признана политзаключённой"),
    ],
)
def test_a_recognised_womans_verification_agrees_with_her_and_the_others_read_the_same(language, of_a_man, of_a_woman):
    with translation.override(language):
        assert Prisoner(verification="recognised", sex="female").verification_label() == of_a_woman
        assert Prisoner(verification="recognised", sex="male").verification_label() == of_a_man
        for verification in ("reported", "verified"):
            woman, man = Prisoner(verification=verification, sex="female"), Prisoner(verification=verification)
            assert woman.verification_label() == man.verification_label() == man.get_verification_display()
