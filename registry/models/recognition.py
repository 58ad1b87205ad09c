"""Recognitions: a human-rights organisation recognised a person as a political prisoner — when, on which
criteria, with a link to its statement. Public for public people (profile, API); one person may be recognised
by several organisations, and by one again after a new arrest.

Prisoner.recognised_on / recognised_by are derived from these rows by PostgreSQL (migration 0026: the earliest
date, every organisation in date order), for lists, filters and the CSVs; and a person whose verification is
"recognised" must have at least one, checked at commit so a form can save the person and the recognition together.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, partial_date_constraint
from registry.db.constraints import Check
from registry.models.base import TimeStampedModel
from registry.models.visibility import PersonRecordQuerySet


class Criterion(models.TextChoices):
    """The definition of a political prisoner in PACE Resolution 1900 (2012), which the Belarusian human-rights
    organisations' 2012 guidelines build on: deprivation of liberty is political if one of these holds."""

    FUNDAMENTAL_RIGHT = "a", _("a: it violates a fundamental right (thought, expression, assembly, association…)")
    PURELY_POLITICAL = "b", _("b: it was imposed for purely political reasons, unconnected with any offence")
    DISPROPORTIONATE = "c", _("c: for political motives, its length or conditions are out of proportion")
    DISCRIMINATORY = "d", _("d: for political motives, it is imposed in a discriminatory manner")
    UNFAIR_PROCEEDINGS = "e", _("e: it results from clearly unfair proceedings, connected with political motives")


class RecognitionQuerySet(PersonRecordQuerySet):
    person_lookup = "prisoner"


class Recognition(TimeStampedModel):
    prisoner = models.ForeignKey("registry.Prisoner", on_delete=models.CASCADE, related_name="recognitions")
    organisation = models.CharField(max_length=200, help_text="Who recognised the person, e.g. Viasna.")
    recognised_on = models.DateField(null=True, blank=True, help_text="The day of the statement, if known.")
    recognised_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    criteria = ArrayField(
        models.CharField(max_length=1, choices=Criterion.choices),
        default=list,
        blank=True,
        help_text="Which criteria of the definition the statement names.",
    )
    statement_url = models.URLField(max_length=500, blank=True, help_text="A link to the statement.")
    history = HistoricalRecords()

    objects = RecognitionQuerySet.as_manager()

    class Meta:
        ordering = [models.F("recognised_on").asc(nulls_last=True), "organisation", "pk"]
        constraints = [
            partial_date_constraint("recognition", "recognised_on"),
            Check(
                name="recognition_organisation_not_blank",
                field="organisation",
                message="Say which organisation recognised the person.",
                condition=~Q(organisation=""),
            ),
            Check(
                name="recognition_known_criteria",
                field="criteria",
                message="Criteria are letters a to e of the definition.",
                condition=Q(criteria__contained_by=Criterion.values),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.recognised_on_display}".strip()

    @property
    def recognised_on_display(self) -> str:
        return format_partial(self.recognised_on, self.recognised_on_precision)

    def criteria_explained(self) -> list[tuple[str, str]]:
        """(letter, what it means in the reader's language) for each criterion the statement names."""
        return [(code, Criterion(code).label) for code in self.criteria]
