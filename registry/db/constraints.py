"""Database constraints whose validation errors read like form errors.

Django reports a failed check, exclusion or conditional unique constraint as a non-field error
named after the constraint ("Constraint “custody_release_not_before_detention” is violated."),
so staff, importers and API clients saw internal names and could not tell which value to fix.
These classes take a plain-language `message` (required) and the `field` it is about, and raise
the error under that field. The database guard itself is unchanged: migrations see Django's own
classes with a message, and `field` only matters when a live model validates.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.postgres.constraints import ExclusionConstraint
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DEFAULT_DB_ALIAS, DataError, IntegrityError, models, transaction


class _ErrorOnField:
    django_path: str

    def __init__(self, *args, message: str | None = None, field: str | None = None, **kwargs):
        if message is not None:
            kwargs["violation_error_message"] = message
        if not kwargs.get("violation_error_message"):
            raise TypeError(f"{type(self).__name__} needs a message a person can act on.")
        self.field = field
        super().__init__(*args, **kwargs)

    def clone(self):
        _, args, kwargs = super().deconstruct()
        return type(self)(*args, field=self.field, **kwargs)

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        try:
            super().validate(model, instance, exclude=exclude, using=using)
        except ValidationError as error:
            if self.field is None:
                raise
            raise ValidationError({self.field: error.error_list}) from None

    def deconstruct(self):
        # Migrations record Django's own class: they only recreate the database guard, and the
        # message and field are Python-side (a changed message is an AlterConstraint, no SQL).
        _, args, kwargs = super().deconstruct()
        return self.django_path, args, kwargs


class Check(_ErrorOnField, models.CheckConstraint):
    """A CHECK constraint with a readable message, reported under `field`."""

    django_path = "django.db.models.CheckConstraint"


class Unique(_ErrorOnField, models.UniqueConstraint):
    """A (usually conditional) UNIQUE constraint with a readable message, reported under `field`."""

    django_path = "django.db.models.UniqueConstraint"


class Exclusion(_ErrorOnField, ExclusionConstraint):
    """An EXCLUDE constraint (e.g. periods that must not overlap) with a readable message."""

    django_path = "django.contrib.postgres.constraints.ExclusionConstraint"

    def validate(self, model, instance, exclude=None, using=DEFAULT_DB_ALIAS):
        # A range that ends before it starts cannot even be built (PostgreSQL raises DataError): that
        # is the ordering check's error to report, so it is skipped here, in a savepoint.
        try:
            with transaction.atomic(using=using):
                super().validate(model, instance, exclude=exclude, using=using)
        except DataError:
            return


# Guards kept by PostgreSQL triggers rather than declared on a model (name → field, message).
TRIGGER_GUARDS = {
    "prisoner_recognised_has_recognition": (
        "verification",
        "A person recognised as a political prisoner needs a recognition: who recognised them (and when).",
    ),
}


def problem_from(error: IntegrityError) -> ValidationError | None:
    """The readable problem behind a write the database refused, or None if it was not a constraint.

    Model validation sees these rules first; this catches the race it cannot see (two requests
    saving at once), so the client gets the same field-keyed message instead of a 500.
    """
    name = getattr(getattr(error.__cause__, "diag", None), "constraint_name", None)
    if name in TRIGGER_GUARDS:
        field, message = TRIGGER_GUARDS[name]
        return ValidationError({field: [message]})
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name != name:
                continue
            if isinstance(constraint, _ErrorOnField):
                message = constraint.violation_error_message
                return ValidationError({constraint.field or NON_FIELD_ERRORS: [message]})
            fields = ", ".join(getattr(constraint, "fields", ()))
            return ValidationError({NON_FIELD_ERRORS: [f"Another record already has the same {fields}."]})
    return None
