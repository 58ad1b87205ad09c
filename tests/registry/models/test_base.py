"""Building blocks shared by the models: choice labels read from a dict built once per field."""

from django.utils import translation

from registry.models import Prisoner, PrisonerName


def test_a_choice_label_follows_the_active_language_after_it_was_read_in_another():
    person = Prisoner(status="in_custody", sex="female")

    with translation.override("en"):
        english = person.get_status_display(), person.get_sex_display()
    with translation.override("be"):
        belarusian = person.get_status_display(), person.get_sex_display()

    assert english == ("in custody", "female")
    assert belarusian == ("за кратамі", "жанчына")


def test_a_value_outside_the_choices_is_shown_as_it_is():
    assert Prisoner(status="no such status").get_status_display() == "no such status"
    assert PrisonerName(language="xx").get_language_display() == "xx"
