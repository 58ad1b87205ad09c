"""Constraint errors read like form errors: a plain message under the field, never an internal name."""

import datetime as dt

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from registry.db import constraints
from registry.models import Custody, ReleaseReason
from tests.factories import PrisonerFactory


def our_constraints():
    for app in ("registry", "pardons"):
        for model in apps.get_app_config(app).get_models():
            for constraint in model._meta.constraints:
                yield model, constraint


@pytest.mark.parametrize(("model", "constraint"), list(our_constraints()), ids=lambda value: getattr(value, "name", ""))
def test_every_constraint_has_a_readable_message_or_is_a_plain_unique_together(model, constraint):
    if isinstance(constraint, constraints.Check | constraints.Unique | constraints.Exclusion):
        message = constraint.get_violation_error_message()
        assert constraint.name not in message and "%(name)s" not in constraint.violation_error_message
        field_names = {field.name for field in model._meta.get_fields()}
        assert constraint.field is None or constraint.field in field_names
    else:
        # Django words these itself ("Pardon with this Decree and Prisoner already exists.").
        assert isinstance(constraint, models.UniqueConstraint)
        assert constraint.fields and constraint.condition is None


@pytest.mark.django_db
def test_a_release_before_the_detention_is_reported_under_the_release_date():
    custody = Custody(
        prisoner=PrisonerFactory(),
        detained_on=dt.date(2021, 5, 1),
        released_on=dt.date(2021, 4, 1),
        release_reason=ReleaseReason.SENTENCE_SERVED,
    )

    with pytest.raises(ValidationError) as raised:
        custody.full_clean()

    assert raised.value.message_dict["released_on"] == ["The release cannot be before the detention."]
    assert "__all__" not in raised.value.message_dict


@pytest.mark.django_db
def test_a_month_only_date_not_on_the_first_is_reported_under_that_date():
    custody = Custody(prisoner=PrisonerFactory(), detained_on=dt.date(2021, 5, 7), detained_on_precision="month")

    with pytest.raises(ValidationError) as raised:
        custody.full_clean()

    assert list(raised.value.message_dict) == ["detained_on"]
    assert "1st day" in raised.value.message_dict["detained_on"][0]


@pytest.mark.django_db
def test_overlapping_periods_are_named_as_such_without_the_constraint_name():
    person = PrisonerFactory()
    Custody.objects.create(
        prisoner=person, detained_on=dt.date(2020, 1, 1), released_on=dt.date(2021, 1, 1), release_reason="served"
    )
    overlapping = Custody(
        prisoner=person, detained_on=dt.date(2020, 6, 1), released_on=dt.date(2020, 7, 1), release_reason="served"
    )

    with pytest.raises(ValidationError) as raised:
        overlapping.full_clean()

    assert raised.value.messages == ["This period overlaps another custody period of the same person."]


@pytest.mark.django_db
def test_a_write_the_database_refuses_in_a_race_maps_back_to_the_same_field_and_message():
    person = PrisonerFactory()
    Custody.objects.create(prisoner=person, detained_on=dt.date(2020, 1, 1))

    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        Custody.objects.create(prisoner=person, detained_on=dt.date(2022, 1, 1))  # a second open period

    problem = constraints.problem_from(raised.value)
    assert problem.message_dict == {
        "released_on": ["This person already has a custody period without a release date; only one can be open."]
    }


def test_an_integrity_error_that_names_no_constraint_is_not_explained():
    assert constraints.problem_from(IntegrityError("something else")) is None


def test_a_constraint_without_a_message_is_refused_when_the_model_is_written():
    with pytest.raises(TypeError, match="message"):
        constraints.Check(name="x", condition=models.Q(id=1))
