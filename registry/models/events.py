"""Events the structured records do not cover, and figures reported by others (with their source)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, partial_date_constraint
from registry.db.constraints import Check
from registry.models.base import LocalizedNameMixin, SourcedModel
from registry.models.people import Prisoner
from registry.models.visibility import PersonRecordQuerySet, PublicRecordQuerySet


class EventKind(models.TextChoices):
    # "event": a noun in Belarusian and Russian where a participle would agree with the person.
    RECOGNISED = "recognised", pgettext_lazy("event", "recognised as a political prisoner")
    INCOMMUNICADO = "incommunicado", _("held incommunicado")
    HUNGER_STRIKE = "hunger_strike", _("hunger strike")
    NO_FAMILY_VISITS = "no_family", pgettext_lazy("event", "denied family visits")
    NO_LAWYER = "no_lawyer", pgettext_lazy("event", "denied a lawyer")
    NO_MEDICAL_CARE = "no_medical", pgettext_lazy("event", "denied medical care")
    NEW_CHARGES = "new_charges", _("new charges")
    PUNISHMENT_CELL = "punishment_cell", pgettext_lazy("event", "placed in a punishment cell")
    HEALTH = "health", _("health deteriorated")
    OTHER = "other", _("other")


class Event(LocalizedNameMixin, SourcedModel):
    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=16, choices=EventKind.choices)
    occurred_on = models.DateField(null=True, blank=True)
    occurred_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    description = models.TextField(blank=True)
    description_be = models.TextField(blank=True, help_text="The description in Belarusian.")
    description_ru = models.TextField(blank=True, help_text="The description in Russian.")
    history = HistoricalRecords()

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["prisoner", "occurred_on", "pk"]
        constraints = [partial_date_constraint("event", "occurred_on")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on_display or 'date unknown'})"

    @property
    def occurred_on_display(self) -> str:
        return format_partial(self.occurred_on, self.occurred_on_precision)


class Qualifier(models.TextChoices):
    EXACTLY = "exactly", _("exactly")
    ABOUT = "about", _("about")
    AT_LEAST = "at_least", _("at least")
    OVER = "over", _("over")


class ReportedFigure(LocalizedNameMixin, SourcedModel):
    """A number someone else published ("over 1,250 still held", per Viasna), shown beside our own count.

    The registry's own figures are always computed from records; these are what others reported,
    kept so a reader can compare, never added into our totals.
    """

    label = models.CharField(max_length=200, help_text="What is counted, e.g. 'political prisoners held'.")
    label_be = models.CharField(max_length=200, blank=True, help_text="The label in Belarusian.")
    label_ru = models.CharField(max_length=200, blank=True, help_text="The label in Russian.")
    metric = models.SlugField(
        max_length=40,
        help_text="A stable key to compare with our own figure: held, released_pardon_series, died_in_custody, …",
    )
    value = models.PositiveIntegerField()
    qualifier = models.CharField(max_length=8, choices=Qualifier.choices, default=Qualifier.EXACTLY)
    reported_by = models.CharField(max_length=200, help_text="Who stated the figure, e.g. Viasna.")
    reported_by_be = models.CharField(max_length=200, blank=True, help_text="Who stated it, in Belarusian.")
    reported_by_ru = models.CharField(max_length=200, blank=True, help_text="Who stated it, in Russian.")
    as_of = models.DateField(null=True, blank=True)
    as_of_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    since = models.DateField(null=True, blank=True, help_text="Start of the period counted, if any.")
    since_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    history = HistoricalRecords()

    objects = PublicRecordQuerySet.as_manager()

    class Meta:
        ordering = ["metric", "-as_of"]
        constraints = [
            partial_date_constraint("reportedfigure", "as_of"),
            partial_date_constraint("reportedfigure", "since"),
            Check(
                name="reportedfigure_label_not_blank",
                field="label",
                message="A reported figure needs a label.",
                condition=~Q(label=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.get_qualifier_display()} {self.value} ({self.reported_by})"

    @property
    def as_of_display(self) -> str:
        return format_partial(self.as_of, self.as_of_precision)
