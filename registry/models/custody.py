"""Custody periods, the facilities people are held in, and transfers between them.

A custody period is one deprivation (or restriction) of liberty. The database refuses a release
before the detention, two open periods for one person, overlapping periods, and any period after a death.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import Case, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, partial_date_constraint
from registry.db.constraints import Check, Exclusion, Unique
from registry.models.base import LocalizedNameMixin, Region, SourcedModel, TimeStampedModel
from registry.models.visibility import PersonRecordQuerySet, count_under_small_cell_rule


class DateRange(Func):
    function = "daterange"
    output_field = models.Field()  # only used inside the exclusion constraint


class FacilityKind(models.TextChoices):
    TEMPORARY = "temporary", _("temporary detention centre (IVS / TsIP)")
    SIZO = "sizo", _("pre-trial detention centre (SIZO)")
    COLONY = "colony", _("penal colony")
    PRISON = "prison", _("prison")
    SETTLEMENT = "settlement", _("colony-settlement")
    OPEN = "open", _("open-type correctional institution")
    MEDICAL = "medical", _("medical or psychiatric institution")
    OTHER = "other", _("other")


class FacilityQuerySet(models.QuerySet):
    def with_held_count(self) -> FacilityQuerySet:
        """Annotate how many publicly counted people are held there now (one query, no per-row count): the named,
        and the anonymous under the small-cell rule, since where a person is held is what a count of one tells.

        A correlated count over current placements only: joining every placement ever made and
        counting distinct rows is slow at 100,000 people.
        """
        current = (
            Placement.objects.current()
            .counted()
            .filter(facility=OuterRef("pk"))
            .order_by()
            .values("facility")
            .annotate(n=count_under_small_cell_rule(PlacementQuerySet.person_lookup))
            .values("n")
        )
        return self.annotate(held_count=Coalesce(Subquery(current), 0))


class Facility(LocalizedNameMixin, TimeStampedModel):
    kind = models.CharField(max_length=10, choices=FacilityKind.choices)
    number = models.CharField(max_length=20, blank=True, help_text="e.g. '9' for Penal colony No. 9.")
    name_en = models.CharField("name (English)", max_length=200)
    name_be = models.CharField("name (Belarusian)", max_length=200, blank=True)
    name_ru = models.CharField("name (Russian)", max_length=200, blank=True)
    city = models.CharField(max_length=100, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="facilities")
    postal_address = models.TextField(
        blank=True, help_text="The address to write letters to, exactly as it must appear on the envelope."
    )
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    is_synthetic = models.BooleanField(default=False, help_text="Fictitious demo facility; never real.")
    history = HistoricalRecords()

    objects = FacilityQuerySet.as_manager()

    class Meta:
        ordering = ["name_en"]
        verbose_name_plural = "facilities"
        constraints = [
            Check(
                name="facility_latitude_range",
                field="latitude",
                message="Latitude must be between -90 and 90.",
                condition=Q(latitude__isnull=True) | Q(latitude__gte=-90, latitude__lte=90),
            ),
            Check(
                name="facility_longitude_range",
                field="longitude",
                message="Longitude must be between -180 and 180.",
                condition=Q(longitude__isnull=True) | Q(longitude__gte=-180, longitude__lte=180),
            ),
        ]

    def __str__(self) -> str:
        return self.name_en


class CustodyKind(models.TextChoices):
    DETENTION = "detention", _("detention / imprisonment")
    HOUSE_ARREST = "house_arrest", _("house arrest")
    RESTRICTED_FREEDOM = "restricted", _("restricted freedom")


class ReleaseReason(models.TextChoices):
    # "release reason": a noun in Belarusian and Russian where a participle would agree with the person.
    NOT_RELEASED = "", _("not released")
    SENTENCE_SERVED = "served", _("sentence served")
    PARDON = "pardon", _("pardon")
    AMNESTY = "amnesty", _("amnesty")
    PAROLE = "parole", _("parole")
    ACQUITTED = "acquitted", pgettext_lazy("release reason", "acquitted")
    SENTENCE_CHANGED = "changed", _("sentence changed")
    DEPORTED = "deported", pgettext_lazy("release reason", "deported / forced exile")
    DIED = "died", pgettext_lazy("release reason", "died in custody")
    UNKNOWN = "unknown", _("unknown")


def covers(on: dt.date) -> Q:
    """The condition on a custody period that the person was held on that date (an unknown start counts
    as before it; the release day is no longer held)."""
    return (Q(detained_on__isnull=True) | Q(detained_on__lte=on)) & (
        Q(released_on__isnull=True) | Q(released_on__gt=on)
    )


class CustodyQuerySet(PersonRecordQuerySet):
    def open(self) -> CustodyQuerySet:
        return self.filter(released_on__isnull=True)

    def detention(self) -> CustodyQuerySet:
        return self.filter(kind=CustodyKind.DETENTION)

    def covering(self, on: dt.date) -> CustodyQuerySet:
        """Periods during which the person was held on that date (see `covers`)."""
        return self.filter(covers(on))


class Custody(SourcedModel):
    """One period of deprivation or restriction of liberty. Change it through registry.services."""

    # Named, not imported: a person's status is derived from these periods (people.py reads this module).
    prisoner = models.ForeignKey("registry.Prisoner", on_delete=models.CASCADE, related_name="custody_periods")
    kind = models.CharField(max_length=12, choices=CustodyKind.choices, default=CustodyKind.DETENTION)
    detained_on = models.DateField(null=True, blank=True, help_text="Leave empty if not known at all.")
    detained_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    released_on = models.DateField(null=True, blank=True, help_text="Empty while the person is held.")
    released_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    release_reason = models.CharField(
        max_length=10, choices=ReleaseReason.choices, blank=True, default=ReleaseReason.NOT_RELEASED
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = CustodyQuerySet.as_manager()

    class Meta:
        ordering = ["prisoner", "detained_on", "pk"]
        verbose_name_plural = "custody periods"
        constraints = [
            partial_date_constraint("custody", "detained_on"),
            partial_date_constraint("custody", "released_on"),
            Check(
                name="custody_release_not_before_detention",
                field="released_on",
                message="The release cannot be before the detention.",
                condition=Q(released_on__isnull=True)
                | Q(detained_on__isnull=True)
                | Q(released_on__gte=models.F("detained_on")),
            ),
            Check(
                name="custody_release_date_and_reason_together",
                field="release_reason",
                message="A release date and a release reason go together: enter both or neither.",
                condition=Q(released_on__isnull=True, release_reason="")
                | (Q(released_on__isnull=False) & ~Q(release_reason="")),
            ),
            Unique(
                fields=["prisoner"],
                condition=Q(released_on__isnull=True),
                name="custody_one_open_per_prisoner",
                field="released_on",
                message="This person already has a custody period without a release date; only one can be open.",
            ),
            Unique(
                fields=["prisoner"],
                condition=Q(release_reason=ReleaseReason.DIED),
                name="custody_one_death_per_prisoner",
                field="release_reason",
                message="This person already has a custody period that ended in their death.",
            ),
            Exclusion(
                name="custody_periods_do_not_overlap",
                message="This period overlaps another custody period of the same person.",
                expressions=[
                    ("prisoner", RangeOperators.EQUAL),
                    (DateRange("detained_on", "released_on", models.Value("[)")), RangeOperators.OVERLAPS),
                ],
            ),
            # A death ends the last period: a death is compared (<>) only with the person's other periods, its days
            # from the death on with the day each began. A period of unknown start overlaps the death's above.
            Exclusion(
                name="custody_nothing_after_death",
                message="A death in custody ends the person's last custody period: no period can begin on or after "
                "it. Check the dates, or the release reason.",
                expressions=[
                    ("prisoner", RangeOperators.EQUAL),
                    (Case(When(release_reason=ReleaseReason.DIED, then=Value(1)), default=Value(0)), "<>"),
                    (
                        Case(
                            When(
                                release_reason=ReleaseReason.DIED,
                                then=DateRange("released_on", Value(None, models.DateField()), Value("[)")),
                            ),
                            # Unknown start: empty when it ended, every day when still open (a dead person is not held).
                            When(detained_on__isnull=True, then=DateRange("released_on", "released_on", Value("[)"))),
                            default=DateRange("detained_on", "detained_on", Value("[]")),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner}: {self.detained_on_display or '?'} – {self.released_on_display or 'now'}"

    @property
    def is_open(self) -> bool:
        return self.released_on is None

    @property
    def detained_on_display(self) -> str:
        return format_partial(self.detained_on, self.detained_on_precision)

    @property
    def released_on_display(self) -> str:
        return format_partial(self.released_on, self.released_on_precision)

    def current_placement(self) -> Placement | None:
        """Where the person is held now in this period (prefetched placements; see PlacementQuerySet.current)."""
        if not self.is_open:
            return None
        return next((p for p in self.placements.all() if p.left_on is None), None)

    def latest_placement(self) -> Placement | None:
        """The current placement, else the one left last (prefetched placements)."""
        placements = list(self.placements.all())
        return max(placements, key=lambda p: (p.left_on is None, p.left_on, p.pk)) if placements else None


class PlacementQuerySet(PersonRecordQuerySet):
    person_lookup = "custody__prisoner"

    def current(self) -> PlacementQuerySet:
        """Where people are held now: the placement not yet left, of a custody period not yet ended.

        The same rule for one person in Python, over prefetched rows: `Custody.current_placement`.
        """
        return self.filter(left_on__isnull=True, custody__released_on__isnull=True)


class Placement(TimeStampedModel):
    """Where a person was held during part of a custody period; a new row for each transfer."""

    custody = models.ForeignKey(Custody, on_delete=models.CASCADE, related_name="placements")
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="placements")
    arrived_on = models.DateField(null=True, blank=True)
    arrived_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    left_on = models.DateField(null=True, blank=True, help_text="Empty while the person is held there.")
    left_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    history = HistoricalRecords()

    objects = PlacementQuerySet.as_manager()

    class Meta:
        ordering = ["custody", "arrived_on", "pk"]
        constraints = [
            partial_date_constraint("placement", "arrived_on"),
            partial_date_constraint("placement", "left_on"),
            Check(
                name="placement_leaves_after_arriving",
                field="left_on",
                message="The departure cannot be before the arrival.",
                condition=Q(left_on__isnull=True) | Q(arrived_on__isnull=True) | Q(left_on__gte=models.F("arrived_on")),
            ),
            Unique(
                fields=["custody"],
                condition=Q(left_on__isnull=True),
                name="placement_one_current_per_custody",
                field="left_on",
                message="This custody period already has a current placement; enter when one of them ended.",
            ),
            Exclusion(
                name="placements_do_not_overlap",
                message="This placement overlaps another placement in the same custody period.",
                expressions=[
                    ("custody", RangeOperators.EQUAL),
                    (DateRange("arrived_on", "left_on", models.Value("[)")), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility} from {self.arrived_on_display or '?'}"

    @property
    def arrived_on_display(self) -> str:
        return format_partial(self.arrived_on, self.arrived_on_precision)
