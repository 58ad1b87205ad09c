"""Criminal codes, their articles, and convictions (a case, its charges and its sentence)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, partial_date_constraint
from registry.db.constraints import Check
from registry.models.base import LocalizedNameMixin, SourcedModel
from registry.models.people import Prisoner
from registry.models.visibility import PersonRecordQuerySet


class CriminalCode(LocalizedNameMixin, models.Model):
    """A country's criminal (or administrative) code; nothing assumes a single country."""

    country = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. BY.")
    short_name = models.CharField(max_length=30, help_text="e.g. 'CC BY' — used in article labels.")
    short_name_be = models.CharField(
        "short name (Belarusian)", max_length=30, blank=True, help_text="e.g. 'КК РБ'; the English one if empty."
    )
    short_name_ru = models.CharField(
        "short name (Russian)", max_length=30, blank=True, help_text="e.g. 'УК РБ'; the English one if empty."
    )
    name_en = models.CharField("name (English)", max_length=200)
    name_be = models.CharField("name (Belarusian)", max_length=200, blank=True)
    name_ru = models.CharField("name (Russian)", max_length=200, blank=True)
    in_force_from = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "short_name"]
        constraints = [models.UniqueConstraint(fields=["country", "short_name"], name="code_short_name_unique")]

    def __str__(self) -> str:
        return self.short_name

    def label(self, language: str | None = None) -> str:
        """The short name readers of a language know the code by ("УК РБ" rather than "CC BY" on a Russian page)."""
        return self.translated("short_name", language)[0]


class Article(LocalizedNameMixin, models.Model):
    localized_field = "title"

    code = models.ForeignKey(CriminalCode, on_delete=models.PROTECT, related_name="articles")
    number = models.CharField(max_length=20, help_text="e.g. '342' or '361-1'. Parts are entered on each charge.")
    title_en = models.CharField("title (English)", max_length=300)
    title_be = models.CharField("title (Belarusian)", max_length=300, blank=True)
    title_ru = models.CharField("title (Russian)", max_length=300, blank=True)
    is_extremism_related = models.BooleanField(
        default=False, help_text="Counted as an 'extremist' crime by the authorities (for decree breakdowns)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["code", "number"]
        constraints = [models.UniqueConstraint(fields=["code", "number"], name="article_number_unique_in_code")]

    def __str__(self) -> str:
        return f"{self.code.short_name} art. {self.number}"


class SentenceKind(models.TextChoices):
    IMPRISONMENT = "imprisonment", _("imprisonment")
    RESTRICTED_FREEDOM = "restricted_freedom", _("restricted freedom")
    HOME_CONFINEMENT = "home_confinement", _("home confinement")
    FINE = "fine", _("fine")
    CORRECTIONAL_LABOUR = "correctional_labour", _("correctional labour")
    COMPULSORY_TREATMENT = "compulsory_treatment", _("compulsory psychiatric treatment")
    SUSPENDED = "suspended", _("suspended sentence")
    OTHER = "other", _("other")


class Regime(models.TextChoices):
    NONE = "", _("not applicable / unknown")
    GENERAL = "general", _("general regime")
    ENHANCED = "enhanced", _("enhanced regime")
    STRICT = "strict", _("strict regime")
    SPECIAL = "special", _("special regime")
    PRISON = "prison", _("prison regime")
    SETTLEMENT = "settlement", _("colony-settlement")


class AppealOutcome(models.TextChoices):
    NONE = "", _("no appeal recorded")
    PENDING = "pending", _("pending")
    UPHELD = "upheld", _("verdict upheld")
    REDUCED = "reduced", _("sentence reduced")
    INCREASED = "increased", _("sentence increased")
    OVERTURNED = "overturned", _("verdict overturned")


class Conviction(SourcedModel):
    """A criminal case and its verdict."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="convictions")
    case_number = models.CharField(max_length=100, blank=True)
    court = models.CharField(max_length=200, blank=True, help_text="e.g. 'Minsk City Court'.")
    judge = models.CharField(max_length=200, blank=True)
    prosecutor = models.CharField(max_length=200, blank=True)
    verdict_on = models.DateField(null=True, blank=True)
    verdict_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    sentence_kind = models.CharField(max_length=20, choices=SentenceKind.choices, default=SentenceKind.IMPRISONMENT)
    sentence_months = models.PositiveIntegerField(
        null=True, blank=True, help_text="Length in months (e.g. 10 years = 120). Leave empty for life or unknown."
    )
    life_sentence = models.BooleanField(default=False)
    regime = models.CharField(max_length=10, choices=Regime.choices, blank=True, default=Regime.NONE)
    appeal_on = models.DateField(null=True, blank=True)
    appeal_on_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.DAY)
    appeal_outcome = models.CharField(max_length=10, choices=AppealOutcome.choices, blank=True, default="")
    articles = models.ManyToManyField(Article, through="Charge", related_name="convictions")
    history = HistoricalRecords()

    objects = PersonRecordQuerySet.as_manager()

    class Meta:
        ordering = ["prisoner", "verdict_on", "pk"]
        constraints = [
            partial_date_constraint("conviction", "verdict_on"),
            partial_date_constraint("conviction", "appeal_on"),
            Check(
                name="conviction_life_has_no_months",
                field="sentence_months",
                message="A life sentence has no length in months; leave the months empty.",
                condition=~Q(life_sentence=True, sentence_months__isnull=False),
            ),
            Check(
                name="conviction_months_positive",
                field="sentence_months",
                message="A sentence length must be at least one month.",
                condition=Q(sentence_months__isnull=True) | Q(sentence_months__gt=0),
            ),
            Check(
                name="conviction_appeal_after_verdict",
                field="appeal_on",
                message="The appeal cannot be decided before the verdict.",
                condition=Q(appeal_on__isnull=True)
                | Q(verdict_on__isnull=True)
                | Q(appeal_on__gte=models.F("verdict_on")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner} — {self.verdict_on_display or 'verdict date unknown'}"

    @property
    def verdict_on_display(self) -> str:
        return format_partial(self.verdict_on, self.verdict_on_precision)


class Charge(models.Model):
    """One article (and part) a conviction is under."""

    conviction = models.ForeignKey(Conviction, on_delete=models.CASCADE, related_name="charges")
    article = models.ForeignKey(Article, on_delete=models.PROTECT, related_name="charges")
    part = models.CharField(max_length=10, blank=True, help_text="Part of the article, e.g. '1'.")
    history = HistoricalRecords()

    class Meta:
        ordering = ["conviction", "article", "part"]
        constraints = [
            models.UniqueConstraint(fields=["conviction", "article", "part"], name="charge_not_repeated"),
        ]

    def __str__(self) -> str:
        return f"{self.article} part {self.part}" if self.part else str(self.article)
