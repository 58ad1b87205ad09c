"""Pardon decrees (often announced as bare counts) and the people identified as released by them.

Totals across decrees and a decree's place in its series are computed here, never typed in.
Recording and undoing pardons goes through pardons.services, which keeps custody and status true.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, format_partial_when, known_until, partial_date_constraint
from registry.db.constraints import Check, Unique
from registry.models import Custody, Prisoner, SourcedModel, visibility
from registry.models.base import ChoiceLabelsMixin, LocalizedNameMixin
from registry.models.visibility import PersonRecordQuerySet, PublicRecordQuerySet
from registry.models.vulnerability import may_show_health_count


class DecreeSeries(models.Model):
    """A run of decrees counted together, e.g. 'pardons since July 2024'."""

    name_en = models.CharField("name (English)", max_length=200)
    name_be = models.CharField("name (Belarusian)", max_length=200, blank=True)
    name_ru = models.CharField("name (Russian)", max_length=200, blank=True)
    started_on = models.DateField(help_text="The date the series is counted from.")
    started_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.MONTH)
    history = HistoricalRecords()

    class Meta:
        ordering = ["started_on"]
        verbose_name_plural = "decree series"
        constraints = [partial_date_constraint("decreeseries", "started_on")]

    def __str__(self) -> str:
        return self.name_en


class DecreeKind(models.TextChoices):
    PARDON = "pardon", _("pardon")
    AMNESTY = "amnesty", _("amnesty")


class PardonDecreeQuerySet(PublicRecordQuerySet):
    def with_identified_counts(self) -> PardonDecreeQuerySet:
        """Annotate people identified on each decree: publicly counted (`identified_count`), of them
        named (`identified_named`), every record including private ones (`recorded_count`), and per
        derivable breakdown category (`identified_<line>`, `named_<line>`). `PardonDecree.identification()` reads
        these. Read from DecreeTally, which PostgreSQL keeps on every write.
        """
        # Django drops Meta.ordering from a query with annotations over a join: keep the newest-first order.
        ordered = self if self.query.order_by else self.order_by(*self.model._meta.ordering)
        columns = {"identified_count": "counted", "identified_named": "named", "recorded_count": "recorded"}
        for line in TALLIED_LINES:
            columns |= {f"identified_{line}": f"counted_{line}", f"named_{line}": f"named_{line}"}
        return ordered.annotate(**{name: Coalesce(F(f"tally__{column}"), 0) for name, column in columns.items()})

    def first_with_identified_counts(self, count: int) -> PardonDecreeQuerySet:
        """The first `count` decrees of this ordered set, annotated as `with_identified_counts()`: picked first, so
        the counts join only their pardons (counting every decree to keep five scanned every person)."""
        chosen = list(self.values_list("pk", flat=True)[:count])
        return self.filter(pk__in=chosen).with_identified_counts()

    def newest_first(self) -> PardonDecreeQuerySet:
        """Newest first, in series order (a decree known only as "2024" is not listed below November 2024's)."""
        return self.order_by("-announced_until", "-pk")

    def with_series_totals(self) -> PardonDecreeQuerySet:
        """Annotate running totals of the series up to and including each decree, in series order.

        `series_announced_total`: people announced (decrees without a number add nothing);
        `series_identified_total`: publicly counted people identified on those decrees. Subqueries over the
        whole series, like the ordinal, so a filtered or paginated set keeps them right.
        """
        announced = (
            PardonDecree.objects.filter(_up_to_outer())
            .order_by()
            .values("series")
            .annotate(n=Sum("announced_total"))
            .values("n")
        )
        identified = (
            Pardon.objects.counted()
            .filter(_up_to_outer("decree__"))
            .order_by()
            .values("decree__series")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            series_announced_total=Coalesce(Subquery(announced, output_field=models.IntegerField()), Value(0)),
            series_identified_total=Coalesce(Subquery(identified, output_field=models.IntegerField()), Value(0)),
        )

    def with_series_ordinal(self) -> PardonDecreeQuerySet:
        """Annotate `series_ordinal`: 1 for the first decree of its series, in series order, and
        `series_ordinal_approximate`: True when another decree of the series may have come before or after it
        (their known periods overlap, one of them known only to the month or year).

        Counted in subqueries over the whole series, so the ordinal stays right when this set is
        filtered or paginated (a window function would number only the rows left after the WHERE).
        """
        series = PardonDecree.objects.all()
        earlier = series.filter(_up_to_outer()).order_by().values("series").annotate(n=Count("pk"))
        overlapping = series.filter(
            ~Q(pk=OuterRef("pk")),
            series=OuterRef("series"),
            announced_on__lte=OuterRef("announced_until"),
            announced_until__gte=OuterRef("announced_on"),
        )
        # Two decrees dated to the day are ordered exactly; otherwise overlapping periods leave the order open.
        approximate = Case(
            When(
                announced_on_precision=Precision.DAY,
                then=Exists(overlapping.exclude(announced_on_precision=Precision.DAY)),
            ),
            default=Exists(overlapping),
            output_field=models.BooleanField(),
        )
        return self.annotate(
            series_ordinal=Subquery(earlier.values("n"), output_field=models.IntegerField()),
            series_ordinal_approximate=approximate,
        )


def _up_to_outer(prefix: str = "") -> Q:
    """Decrees (through `prefix`) of the outer decree's series placed before it, or it itself: the series
    order, by `announced_until` and then id."""
    return Q(**{f"{prefix}series": OuterRef("series")}) & (
        Q(**{f"{prefix}announced_until__lt": OuterRef("announced_until")})
        | Q(**{f"{prefix}announced_until": OuterRef("announced_until"), f"{prefix}pk__lte": OuterRef("pk")})
    )


class PardonDecree(LocalizedNameMixin, SourcedModel):
    """One announced pardon or amnesty. Enter it the day it is announced, even as counts only."""

    kind = models.CharField(max_length=7, choices=DecreeKind.choices, default=DecreeKind.PARDON)
    title = models.CharField(max_length=300, blank=True, help_text="A short description, e.g. '20 pardoned'.")
    title_be = models.CharField(max_length=300, blank=True, help_text="The description in Belarusian.")
    title_ru = models.CharField(max_length=300, blank=True, help_text="The description in Russian.")
    announced_on = models.DateField(help_text="When the pardon was made public.")
    announced_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    # The last day the announcement may be (the day, or the end of its month or year), kept by PostgreSQL: the
    # series order and every "since" read it, so a decree known only as "2024" is not placed before July 2024's.
    announced_until = models.GeneratedField(
        expression=known_until("announced_on"), output_field=models.DateField(), db_persist=True
    )
    signed_on = models.DateField(null=True, blank=True, help_text="Leave empty if not known.")
    signed_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    decree_number = models.CharField(max_length=50, blank=True, help_text="Leave empty if not published.")
    issuing_authority = models.CharField(max_length=200, default="President of the Republic of Belarus")
    issuing_authority_be = models.CharField(max_length=200, blank=True, help_text="Who issued it, in Belarusian.")
    issuing_authority_ru = models.CharField(max_length=200, blank=True, help_text="Who issued it, in Russian.")
    announced_total = models.PositiveIntegerField(
        null=True, blank=True, help_text="How many people the announcement said were pardoned. Empty if not said."
    )
    names_disclosed = models.BooleanField(default=False, help_text="Did the authorities publish the names?")
    conditions = models.TextField(
        blank=True, help_text="Stated conditions, e.g. 'all expressed remorse and asked for clemency'."
    )
    conditions_be = models.TextField(blank=True, help_text="The stated conditions in Belarusian.")
    conditions_ru = models.TextField(blank=True, help_text="The stated conditions in Russian.")
    series = models.ForeignKey(
        DecreeSeries,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decrees",
        help_text="The run of decrees this one is counted in (its ordinal is computed).",
    )
    reported_series_ordinal = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        help_text="The ordinal a source gave (e.g. 8 for 'the eighth pardon since summer 2024'), shown beside ours.",
    )
    is_synthetic = models.BooleanField(default=False, help_text="Fictitious demo decree; never real.")
    history = HistoricalRecords(excluded_fields=["announced_until"])  # derived from the dates it keeps

    objects = PardonDecreeQuerySet.as_manager()

    class Meta:
        ordering = ["-announced_on", "-pk"]
        constraints = [
            partial_date_constraint("pardondecree", "announced_on"),
            partial_date_constraint("pardondecree", "signed_on"),
            Check(
                name="decree_signed_not_after_announced",
                field="signed_on",
                message="A decree cannot be signed after it was announced.",
                condition=Q(signed_on__isnull=True) | Q(signed_on__lte=F("announced_on")),
            ),
            Check(
                name="decree_reported_ordinal_positive",
                field="reported_series_ordinal",
                message="The reported position in the series starts at 1.",
                condition=Q(reported_series_ordinal__isnull=True) | Q(reported_series_ordinal__gt=0),
            ),
        ]

    def __str__(self) -> str:
        total = f"{self.announced_total} people" if self.announced_total is not None else "number not announced"
        return f"{self.get_kind_display().capitalize()} of {self.announced_on_display} ({total})"

    @property
    def announced_on_display(self) -> str:
        return format_partial(self.announced_on, self.announced_on_precision)

    @property
    def announced_when(self) -> str:
        """When it was announced, to follow "announced": "in 2024", not "2024" (registry.dates)."""
        return format_partial_when(self.announced_on, self.announced_on_precision)

    @property
    def signed_on_display(self) -> str:
        return format_partial(self.signed_on, self.signed_on_precision)

    def identification(self) -> Identification:
        """Announced vs identified, overall and per derivable breakdown line: the one implementation the
        decree page, the API, the CSV downloads and the admin read.

        Reads the annotations of `PardonDecree.objects.with_identified_counts()` (one query here if this
        instance was loaded without them) and the breakdown (prefetch it for lists).
        """
        counts = (
            self if hasattr(self, "identified_count") else PardonDecree.objects.with_identified_counts().get(pk=self.pk)
        )
        # A line such as "women identified: 1" would tell the sex of a lone anonymous person: lines count
        # anonymous people only when the small-cell rule allows, named people otherwise.
        lines_include_anonymous = visibility.anonymous_may_be_counted(counts.identified_count - counts.identified_named)
        prefix = "identified_" if lines_include_anonymous else "named_"
        of = counts.identified_count if lines_include_anonymous else counts.identified_named
        lines = []
        for item in self.breakdown.all():
            line = DERIVABLE_CATEGORIES.get(item.category)
            identified = getattr(counts, prefix + line) if line else None
            if line in HEALTH_LINES and not may_show_health_count(identified, of):
                lines.append(BreakdownLine(item=item, identified=None, protected=True))
            else:
                lines.append(BreakdownLine(item=item, identified=identified))
        return Identification(
            announced=self.announced_total,
            identified=counts.identified_count,
            named=counts.identified_named,
            not_counted=counts.recorded_count - counts.identified_count,
            breakdown=lines,
            breakdown_includes_withheld=lines_include_anonymous,
        )

    def series_position(self) -> SeriesPosition | None:
        """Where this decree stands in its series, with running totals; None outside a series."""
        if self.series_id is None:
            return None
        rows = (
            PardonDecree.objects.filter(series_id=self.series_id)
            .with_series_ordinal()
            .with_series_totals()
            .values("pk", "series_ordinal", "series_announced_total", "series_identified_total")
        )
        row = next(r for r in rows if r["pk"] == self.pk)
        return SeriesPosition(
            series=self.series,
            ordinal=row["series_ordinal"],
            reported_ordinal=self.reported_series_ordinal,
            announced_total=row["series_announced_total"],
            identified_total=row["series_identified_total"],
        )


# The breakdown lines the registry can count from its records (DERIVABLE_CATEGORIES' values).
TALLIED_LINES = ("women", "men", "extremist", "chronically_ill", "disabled", "parent")


class DecreeTally(models.Model):
    """How many people recorded on a decree are counted, named, and in each derivable line: PostgreSQL recounts a
    decree's row in every statement that changes its pardons, their people's visibility or sex, their charges or
    vulnerabilities, or an article's "extremism" flag (pardons/migrations/0006_decree_tally_triggers.py). A test
    makes random writes and compares every row with a recount (tests/pardons/test_decree_tallies.py).
    Never written by Python; `PardonDecreeQuerySet.with_identified_counts()` reads it.
    """

    decree = models.OneToOneField(
        PardonDecree, primary_key=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="tally"
    )
    recorded = models.IntegerField(help_text="Every pardon recorded, private people included.")
    counted = models.IntegerField(help_text="Publicly counted people (named or anonymous).")
    named = models.IntegerField()
    counted_women = models.IntegerField()
    named_women = models.IntegerField()
    counted_men = models.IntegerField()
    named_men = models.IntegerField()
    counted_extremist = models.IntegerField()
    named_extremist = models.IntegerField()
    counted_chronically_ill = models.IntegerField()
    named_chronically_ill = models.IntegerField()
    counted_disabled = models.IntegerField()
    named_disabled = models.IntegerField()
    counted_parent = models.IntegerField()
    named_parent = models.IntegerField()

    def __str__(self) -> str:
        return f"tally of decree {self.decree_id}"


class PardonedPersonQuerySet(PersonRecordQuerySet):
    person_lookup = ""  # the row carries its person's visibility itself


class PardonedPerson(models.Model):
    """Each person with a pardon on record: the last day any of their decrees may have been announced, and their
    visibility. "People identified on decrees since a date" (a person on two decrees counted once) is then an index
    range here, not a join of every pardon since then to its person. PostgreSQL rewrites a person's row in every
    statement that changes their pardons, a decree's date, or their visibility
    (pardons/migrations/0008_pardoned_person_triggers.py); a test compares it with the join after random writes
    (tests/pardons/test_decree_tallies.py). Never written by Python; `statistics.pardons_since` reads it.
    """

    prisoner_id = models.BigIntegerField(primary_key=True)
    last_day = models.DateField(help_text="The latest `known_until` of the person's decrees' announcement dates.")
    visibility = models.CharField(max_length=10, help_text="The person's, copied by the triggers.")

    objects = PardonedPersonQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["last_day", "visibility"], name="pardoned_person_last_day")]

    def __str__(self) -> str:
        return f"person {self.prisoner_id} pardoned up to {self.last_day}"


@dataclass(frozen=True)
class BreakdownLine:
    item: BreakdownItem
    identified: int | None  # None: the registry cannot derive it from its records, or may not show it
    protected: bool = False  # True: a health or family count too small to show without telling whose it is

    @property
    def label(self) -> str:
        return str(self.item)

    @property
    def announced(self) -> int:
        return self.item.count


@dataclass(frozen=True)
class Identification:
    announced: int | None
    identified: int  # publicly counted people (public + anonymous)
    named: int  # of them, people a public page may name
    not_counted: int  # private records on the decree, not counted anywhere public
    breakdown: list[BreakdownLine]
    breakdown_includes_withheld: bool = True  # False: lines count named people only (small-cell rule)

    @property
    def withheld(self) -> int:
        """Identified people whose names are withheld (anonymous): counted, never named."""
        return self.identified - self.named

    @property
    def over_identified(self) -> bool:
        return self.announced is not None and self.identified > self.announced

    def __str__(self) -> str:
        announced = self.announced if self.announced is not None else "an unannounced number"
        return f"identified {self.identified} of announced {announced}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st…"""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


@dataclass(frozen=True)
class SeriesPosition:
    series: DecreeSeries
    ordinal: int
    reported_ordinal: int | None
    announced_total: int
    identified_total: int

    def __str__(self) -> str:
        since = format_partial(self.series.started_on, self.series.started_on_precision)
        text = f"{ordinal(self.ordinal)} in the series “{self.series}” (counted since {since})"
        if self.reported_ordinal is not None:
            text += f" (the source says {ordinal(self.reported_ordinal)})"
        return text


class BreakdownCategory(models.TextChoices):
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    CHRONICALLY_ILL = "chronically_ill", _("with chronic illnesses")
    PENSIONERS = "pensioners", _("pensioners")
    UNDER_25 = "under_25", _("under 25")
    DISABLED = "disabled", _("with disabilities")
    EXTREMIST = "extremist", _("convicted of 'extremist' crimes")
    PARENTS = "parents", _("parents of minor children")
    FOREIGNERS = "foreigners", _("foreign citizens")
    OTHER = "other", _("other (see label)")


# Categories whose identified count the registry can derive from its own records.
DERIVABLE_CATEGORIES = {
    BreakdownCategory.WOMEN: "women",
    BreakdownCategory.MEN: "men",
    BreakdownCategory.EXTREMIST: "extremist",
    BreakdownCategory.CHRONICALLY_ILL: "chronically_ill",
    BreakdownCategory.DISABLED: "disabled",
    BreakdownCategory.PARENTS: "parent",
}
# Of those, health and family data (registry.models.vulnerability): shown under its own small-cell rule.
HEALTH_LINES = {"chronically_ill", "disabled", "parent"}


class BreakdownItem(LocalizedNameMixin, ChoiceLabelsMixin, models.Model):
    """One line of an announced breakdown: '11 women', '14 with chronic illnesses'."""

    decree = models.ForeignKey(PardonDecree, on_delete=models.CASCADE, related_name="breakdown")
    category = models.CharField(max_length=16, choices=BreakdownCategory.choices)
    label = models.CharField(max_length=200, blank=True, help_text="Wording of the announcement, needed for 'other'.")
    label_be = models.CharField(max_length=200, blank=True, help_text="The wording in Belarusian.")
    label_ru = models.CharField(max_length=200, blank=True, help_text="The wording in Russian.")
    count = models.PositiveIntegerField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["decree", "pk"]
        constraints = [
            Check(
                name="breakdown_count_not_negative",
                field="count",
                message="A count cannot be negative.",
                condition=Q(count__gte=0),
            ),
            Check(
                name="breakdown_other_has_label",
                field="label",
                message="An 'other' line needs the announcement's wording as its label.",
                condition=~Q(category=BreakdownCategory.OTHER, label=""),
            ),
            Unique(
                fields=["decree", "category"],
                condition=~Q(category=BreakdownCategory.OTHER),
                name="breakdown_category_once_per_decree",
                field="category",
                message="This category is already a line of this decree; enter it once.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count} {self.label or self.get_category_display()}"


def breakdown_problems(lines: Sequence[dict], *, announced_total: int | None = None) -> list[dict[str, list[str]]]:
    """Each announced breakdown line's problems ({} when fine), in the order given, before the decree exists:
    the model's rules (a count, a known category, a label for 'other'), the one-line-per-category constraint, and
    no line counting more people than the decree's `announced_total` (when one was announced).

    `lines` are dicts of category, label and count. The API shows these per line, the admin per inline form,
    and `pardons.services.record_decree` refuses a decree while any remain. Not a database constraint: it compares
    rows of two tables, which only a trigger on both could guard.
    """
    problems, seen = [], set()
    for line in lines:
        item = BreakdownItem(**line)
        try:
            item.full_clean(exclude=["decree"])
            found: dict[str, list[str]] = {}
        except ValidationError as exc:
            found = exc.message_dict
        if announced_total is not None and isinstance(item.count, int) and item.count > announced_total:
            found.setdefault("count", []).append(
                f"More than the announced total ({announced_total}): a line counts some of the people announced."
            )
        if item.category and item.category != BreakdownCategory.OTHER:
            if item.category in seen:
                label = item.get_category_display()
                found.setdefault("category", []).append(f"“{label}” is already a line of this decree; enter it once.")
            seen.add(item.category)
        problems.append(found)
    return problems


class Confirmation(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    REPORTED = "reported", _("reported, not yet confirmed")


class Pardon(SourcedModel):
    """One identified person released under a decree. Create and delete through pardons.services."""

    decree = models.ForeignKey(PardonDecree, on_delete=models.PROTECT, related_name="pardons")
    prisoner = models.ForeignKey(Prisoner, on_delete=models.PROTECT, related_name="pardons")
    released_on = models.DateField(null=True, blank=True, help_text="Actual release; can differ from the decree.")
    released_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    confirmation = models.CharField(max_length=9, choices=Confirmation.choices, default=Confirmation.REPORTED)
    closed_custody = models.OneToOneField(
        Custody,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ended_by_pardon",
        editable=False,
        help_text="The custody period this pardon ended (set by the system).",
    )
    notes = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["decree", "prisoner__display_name"]
        constraints = [
            partial_date_constraint("pardon", "released_on"),
            models.UniqueConstraint(fields=["decree", "prisoner"], name="pardon_once_per_person_per_decree"),
            Check(
                name="pardon_closes_custody_only_when_confirmed",
                field="confirmation",
                message="A pardon that has ended a custody period must stay confirmed.",
                condition=Q(closed_custody__isnull=True) | Q(confirmation=Confirmation.CONFIRMED),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} — {self.decree}"

    @property
    def released_on_display(self) -> str:
        return format_partial(self.released_on, self.released_on_precision)
