"""The reviewed table of given names: every form folds into its own group, and only there."""

from registry.given_names import GROUPS
from registry.search import given_name_forms, normalise_name


def test_no_form_belongs_to_two_groups():
    assert given_name_forms()  # builds the table; raises if a form's skeleton is claimed by two groups


def test_every_written_form_of_a_group_gives_its_first_forms_key():
    for group in GROUPS:
        canonical = normalise_name(group[0])[0]
        for written in group:
            assert canonical in normalise_name(written), (written, canonical)


def test_two_different_names_stay_different():
    assert normalise_name("Сяргей") != normalise_name("Віктар")
    assert normalise_name("Aliaksandr") != normalise_name("Aliaksandra")
