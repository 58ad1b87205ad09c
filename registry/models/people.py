"""Prisoners and their names in several scripts; who may see them is registry.models.visibility."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.dates import Precision, format_partial, partial_date_constraint
from registry.db.constraints import Check, Unique
from registry.models import photos, terms
from registry.models.base import ChoiceLabelsMixin, LocalizedNameMixin, Region, SourcedModel
from registry.models.contact import ContactKind
from registry.models.visibility import PersonRecordQuerySet, Visibility, published


class Status(models.TextChoices):
    IN_CUSTODY = "in_custody", _("in custody")
    RESTRICTED = "restricted", _("restricted freedom / house arrest")
    RELEASED = "released", _("released")
    DIED = "died", _("died in custody")
    UNKNOWN = "unknown", _("unknown")


class Verification(models.TextChoices):
    """How sure the registry is about a public record (readers see it; statistics say what they include)."""

    REPORTED = "reported", _("reported, not yet verified")
    VERIFIED = "verified", _("verified by two independent sources")
    RECOGNISED = "recognised", _("recognised as a political prisoner")


# Belarusian and Russian agree these choices with the person: said of a woman they read differently (вызваленая,
# освобождена; памерла, умерла; прызнаная палітвязынкай, признана политзаключённой). English and the other choices
# read the same. (Timeline entries, events and release reasons are nouns in those languages: no agreement needed.)
SAID_OF_A_WOMAN = {
    (Status, Status.RELEASED): pgettext_lazy("said of a woman", "released"),
    (Status, Status.DIED): pgettext_lazy("said of a woman", "died in custody"),
    (Verification, Verification.RECOGNISED): pgettext_lazy("said of a woman", "recognised as a political prisoner"),
    (ContactKind, ContactKind.LETTER): pgettext_lazy("said of a woman", "a letter from them arrived"),
}
# "From them" takes a pronoun of the person's sex (ад яе, от него); where it is not recorded, the choice's own
# label says it with a noun (ад гэтага чалавека).
SAID_OF_A_MAN = {
    (ContactKind, ContactKind.LETTER): pgettext_lazy("said of a man", "a letter from them arrived"),
}


# A count's or a filter's label names a group, which Belarusian and Russian say in the plural (вызваленыя 207,
# умерли в заключении): used only where a group is meant; a profile says it of the person (`said_of`).
SAID_OF_A_GROUP = {
    (Status, Status.RELEASED): pgettext_lazy("said of a group", "released"),
    (Status, Status.DIED): pgettext_lazy("said of a group", "died in custody"),
    (Verification, Verification.RECOGNISED): pgettext_lazy("said of a group", "recognised as a political prisoner"),
}


def group_choices(choices: type[models.TextChoices]) -> list[tuple[str, str]]:
    """(value, label) of each choice as the active language says it of a group of people (SAID_OF_A_GROUP)."""
    return [(value, str(SAID_OF_A_GROUP.get((choices, value), label))) for value, label in choices.choices]


def said_of(choices: type[models.TextChoices], value: str, sex: str) -> str:
    """A choice as the active language says it of a person of this sex; a value outside the choices as it is."""
    if value not in choices.values:
        return value
    if sex == Sex.FEMALE and (choices, value) in SAID_OF_A_WOMAN:
        return str(SAID_OF_A_WOMAN[choices, value])
    if sex == Sex.MALE and (choices, value) in SAID_OF_A_MAN:
        return str(SAID_OF_A_MAN[choices, value])
    return str(choices(value).label)


def status_label(status: str, sex: str) -> str:
    """A status as the active language says it of a person of this sex (`said_of`)."""
    return said_of(Status, status, sex)


class Sex(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    UNKNOWN = "", _("not recorded")


# The "recently recognised" order's key: never NULL, so a cursor can compare it (the unrecognised last).
RECOGNISED_KEY = Coalesce("recognised_on", dt.date(1, 1, 1))
# Besides its key, the name-order index holds the columns the API's list and the site's list rows read
# (registry.api.people, `for_rows`) and those their commonest filters compare (registry.queries.filters), so
# PostgreSQL answers such a page from the index alone.
NAME_ORDER_HOLDS = [
    "visibility", "status", "region", "sex", "verification", "article_numbers", "created_at", "updated_at"
]  # fmt: skip


class PrisonerQuerySet(PersonRecordQuerySet):
    person_lookup = ""  # `published()`: people a public page may name; `counted()`: people statistics count

    def for_rows(self, *sorted_by: str) -> PrisonerQuerySet:
        """Only the columns a list row shows (registry.queries.rows) and its orders sort by: the name-order index
        holds them all, so a page in name order is read from the index alone (NAME_ORDER_HOLDS)."""
        return self.only("display_name", "status", "sex", "verification", "region", "updated_at", *sorted_by)

    def held_on(self, on: dt.date) -> PrisonerQuerySet:
        """People deprived of liberty (detention, not house arrest) on the given date."""
        from registry.models.custody import Custody

        return self.filter(Exists(Custody.objects.covering(on).detention().filter(prisoner=OuterRef("pk"))))

    def can_write_now(self) -> PrisonerQuerySet:
        """People a supporter can write to now: anyone may write, they are held in a facility with a postal
        address, and the contact log's latest word is not a report that nobody hears from them (the one rule for
        the profile, the list filter and the API)."""
        from registry.models.contact import Contact, ContactKind
        from registry.models.custody import Placement

        placed = (
            Placement.objects.current().filter(custody__prisoner=OuterRef("pk")).exclude(facility__postal_address="")
        )
        latest = Contact.objects.filter(prisoner=OuterRef("pk")).order_by("-occurred_on", "-pk").values("kind")[:1]
        return (
            self.filter(Exists(placed), letters=Letters.OPEN)
            .alias(latest_contact=Subquery(latest))
            .filter(Q(latest_contact__isnull=True) | ~Q(latest_contact=ContactKind.NO_CONTACT))
        )

    def held_in(self, facility) -> PrisonerQuerySet:
        """People held in the facility now (`PlacementQuerySet.current`)."""
        from registry.models.custody import Placement

        return self.filter(
            Exists(Placement.objects.current().filter(custody__prisoner=OuterRef("pk"), facility=facility))
        )


class Letters(models.TextChoices):
    UNKNOWN = "", _("not known")
    OPEN = "open", _("anyone may write")
    FAMILY = "family", _("only family may write")
    NONE = "none", _("held incommunicado: letters do not reach them")


def name_order_field(language: str | None = None) -> str:
    """The column a list "by name" is ordered by in a language: the names it shows, in its alphabet's order."""
    lang = (language or get_language() or "en")[:2]
    return {"be": "sort_name_be", "ru": "sort_name_ru"}.get(lang, "display_name")


def name_in_language(names: Iterable[tuple[str, str, str]], display_name: str, language: str | None = None) -> str:
    """The primary name among `names` (language, kind, full name) in the script of the language (default: the
    active one), else `display_name`: `Prisoner.name_in`, and the list rows that have no Prisoner to ask."""
    lang = (language or get_language() or "en")[:2]
    for name_language, kind, full_name in names:
        if name_language == lang and kind == NameKind.PRIMARY:
            return full_name
    return display_name


class Prisoner(LocalizedNameMixin, SourcedModel):
    localized_field = "display_name"  # names in other scripts: `name_in`; the mixin translates the occupation
    display_name = models.CharField(
        max_length=200,
        help_text="The name as usually written in English, e.g. 'Ales Bialiatski'. Other scripts go in Names.",
    )
    sex = models.CharField(max_length=6, choices=Sex.choices, blank=True, default=Sex.UNKNOWN)
    birth_date = models.DateField(null=True, blank=True, help_text="For 'born 1962' enter 1962-01-01, precision year.")
    birth_date_precision = models.CharField(max_length=5, choices=Precision.choices, default=Precision.YEAR)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="prisoners")
    occupation = models.CharField(max_length=200, blank=True)
    occupation_be = models.CharField(max_length=200, blank=True, help_text="The occupation in Belarusian.")
    occupation_ru = models.CharField(max_length=200, blank=True, help_text="The occupation in Russian.")
    biography = models.TextField(blank=True, help_text="A short public biography. Cite its sources below.")
    biography_be = models.TextField(blank=True, help_text="The biography in Belarusian.")
    biography_ru = models.TextField(blank=True, help_text="The biography in Russian.")
    photo = models.ImageField(
        upload_to=photos.random_name, blank=True, help_text="Only with the family's consent. Stored without metadata."
    )
    # Derived from the person's recognitions by PostgreSQL (registry.models.recognition, migration 0026): the
    # earliest date and every organisation, for lists, filters and the CSVs; whatever a save writes is recomputed.
    recognised_on = models.DateField("recognised as political prisoner on", null=True, blank=True, editable=False)
    recognised_on_precision = models.CharField(
        max_length=5, choices=Precision.choices, default=Precision.DAY, editable=False
    )
    recognised_by = models.CharField(
        max_length=200, blank=True, editable=False, help_text="Who recognised the person (from the recognitions)."
    )
    verification = models.CharField(
        max_length=10,
        choices=Verification.choices,
        default=Verification.REPORTED,
        db_index=True,
        help_text="Reported: one source so far (readers see 'not yet verified'). Verified: two independent sources. "
        "Recognised: a human-rights group recognised them as a political prisoner (add the recognition below).",
    )
    letters = models.CharField(
        max_length=6,
        choices=Letters.choices,
        blank=True,
        default=Letters.UNKNOWN,
        help_text="Who may write to them now, as far as is known (families, lawyers and released people tell).",
    )
    visibility = models.CharField(
        max_length=9,
        choices=Visibility.choices,
        default=Visibility.PRIVATE,
        db_index=True,
        help_text=(
            "Public: shown by name. Anonymous: counted in statistics but never named (e.g. at the family's "
            "request). Private: staff only, not counted (unverified or withdrawn)."
        ),
    )
    status = models.CharField(
        max_length=10,
        choices=Status.choices,
        default=Status.UNKNOWN,
        db_index=True,
        editable=False,
        help_text="Derived from the custody periods; changes only when custody is recorded.",
    )
    is_synthetic = models.BooleanField(default=False, help_text="Fictitious demo person; never real.")
    # Derived: the numbers of the articles the person is charged under, kept by PostgreSQL triggers
    # (migration 0007; whatever a save writes here is recomputed). Lets the article filter use a GIN
    # index and the article facet count people without joining every charge. Never shown or exported.
    article_numbers = ArrayField(models.CharField(max_length=20), default=list, blank=True, editable=False)
    # Derived: the name a Belarusian or Russian list shows (the primary name in that language, else the display
    # name) as a key whose byte order is the alphabet's, kept by PostgreSQL triggers (migration 0049). PostgreSQL
    # is not built with ICU everywhere and C order puts і, ў and ё after я. Sorting only, never shown.
    sort_name_be = models.CharField(max_length=300, default="", editable=False, db_collation="C")
    sort_name_ru = models.CharField(max_length=300, default="", editable=False, db_collation="C")
    history = HistoricalRecords(excluded_fields=["article_numbers", "sort_name_be", "sort_name_ru"])

    objects = PrisonerQuerySet.as_manager()

    class Meta:
        ordering = ["display_name", "pk"]
        constraints = [
            partial_date_constraint("prisoner", "birth_date"),
            partial_date_constraint("prisoner", "recognised_on"),
            Check(
                name="prisoner_display_name_not_blank",
                field="display_name",
                message="A person needs a display name.",
                condition=~Q(display_name=""),
            ),
        ]
        indexes = [
            models.Index(fields=["visibility", "status"], name="prisoner_vis_status"),
            # Lists and cursor pages are ordered by name: read in index order, never sort the whole table. It also
            # holds what the API's list reads and filters on (NAME_ORDER_HOLDS): a filtered list walks the index
            # alone, without a visit to each wide table row it passes over.
            models.Index(fields=["display_name", "id"], name="prisoner_name_order", include=NAME_ORDER_HOLDS),
            # The same within one region (most filtered lists name one): a rare combination walks the region's
            # people, not everyone's, before it has a page or finds there is none.
            models.Index(
                fields=["region", "display_name", "id"],
                name="prisoner_region_name_order",
                include=[column for column in NAME_ORDER_HOLDS if column != "region"],
            ),
            # A set of public people found by id (a name search's candidates, the facets counted over a crowd): looked
            # up one by one in this small index, where the planner hashed a scan of every wide row instead.
            models.Index(
                fields=["id"],
                name="prisoner_public_ids",
                include=["status", "region", "sex", "verification", "article_numbers"],
                condition=published(),
            ),
            # The same name order as a Belarusian or Russian list shows it (name_order_field).
            models.Index(
                fields=["sort_name_be", "id"],
                name="prisoner_be_name_order",
                include=[*NAME_ORDER_HOLDS, "display_name"],
            ),
            models.Index(
                fields=["sort_name_ru", "id"],
                name="prisoner_ru_name_order",
                include=[*NAME_ORDER_HOLDS, "display_name"],
            ),
            # "Recently updated" (home page, API ordering by updated_at): the newest few, not a sort of everyone.
            models.Index(fields=["updated_at", "id"], name="prisoner_updated_order"),
            # "Recently recognised" lists: read in index order from the cursor, never sort the whole table.
            models.Index(RECOGNISED_KEY, "id", name="prisoner_recognised_order"),
            # People over 60 (statistics' people at risk): a range of birth dates, not a scan of everyone.
            models.Index(fields=["birth_date"], name="prisoner_birth_date"),
            GinIndex(fields=["article_numbers"], name="prisoner_article_numbers"),
        ]
        # Approving a request to make a person more visible: Reviewers only, never the requester
        # (registry.services.decide_visibility, registry.staff.roles).
        permissions = [
            ("publish_prisoner", "Can change a prisoner's visibility (publish or withdraw)"),
            ("merge_prisoner", "Can merge duplicate records of a person and undo a merge"),
        ]

    def save(self, *args, **kwargs) -> None:
        if self.photo and not self.photo._committed:
            # A new upload is stored re-encoded under a random name: no GPS, camera data or name in the URL.
            self.photo.save(photos.random_name(), photos.without_metadata(self.photo), save=False)
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.display_name

    def status_label(self) -> str:
        """The status as the active language says it of this person (SAID_OF_A_WOMAN)."""
        return status_label(self.status, self.sex)

    def verification_label(self) -> str:
        """How sure the registry is, as the active language says it of this person (SAID_OF_A_WOMAN)."""
        return said_of(Verification, self.verification, self.sex)

    @property
    def birth_date_display(self) -> str:
        return format_partial(self.birth_date, self.birth_date_precision)

    @property
    def recognised_on_display(self) -> str:
        return format_partial(self.recognised_on, self.recognised_on_precision)

    def name_in(self, language: str | None = None) -> str:
        """The name in the script of the language, else the display name. Uses prefetched names."""
        return name_in_language(
            ((name.language, name.kind, name.full_name) for name in self.names.all()), self.display_name, language
        )

    def latest_custody(self):
        """The latest custody period, by detention date (unknown first), over the prefetched periods."""
        periods = list(self.custody_periods.all())
        return max(periods, key=lambda c: (c.detained_on is not None, c.detained_on, c.pk)) if periods else None

    def charge_labels(self) -> list[str]:
        """Every article charged, as a Charge prints itself ('CC BY art. 342 part 1'), sorted, each once
        (over prefetched convictions and charges): the one format of both prisoner CSVs."""
        return sorted({str(charge) for conviction in self.convictions.all() for charge in conviction.charges.all()})

    def custody_terms(self) -> tuple[list, list]:
        """(periods, sentences) of registry.models.terms, over the prefetched custody and convictions."""
        periods = [
            terms.Period(c.detained_on, c.detained_on_precision, c.released_on) for c in self.custody_periods.all()
        ]
        sentences = [terms.Sentence(c.verdict_on, c.sentence_months, c.life_sentence) for c in self.convictions.all()]
        return periods, sentences

    def expected_release(self):
        """When the current sentence ends (a PartialDate), or None when it cannot be known (registry.models.terms)."""
        return terms.expected_release(*self.custody_terms())

    def days_in_custody(self, today: dt.date | None = None):
        """Days behind bars over every custody period (terms.DaysHeld), or None when no start is known."""
        return terms.days_in_custody(self.custody_terms()[0], today or dt.date.today())

    def current_placement(self):
        """Where the person is held now, over the prefetched periods and placements (None if not held)."""
        return next((c.current_placement() for c in self.custody_periods.all() if c.is_open), None)

    def derive_status(self) -> str:
        """What the custody records say: the one rule for `status`."""
        from registry.models.custody import CustodyKind, ReleaseReason

        periods = list(self.custody_periods.order_by("-detained_on", "-pk"))
        if not periods:
            return Status.UNKNOWN
        open_period = next((p for p in periods if p.released_on is None), None)
        if open_period is not None:
            return Status.IN_CUSTODY if open_period.kind == CustodyKind.DETENTION else Status.RESTRICTED
        latest = max(periods, key=lambda p: (p.released_on or dt.date.min, p.pk))
        if latest.release_reason == ReleaseReason.DIED:
            return Status.DIED
        return Status.RELEASED

    def refresh_status(self) -> str:
        """Store the derived status. Called by every path that changes custody, in its transaction."""
        status = self.derive_status()
        if status != self.status:
            self.status = status
            self.save(update_fields=["status", "updated_at"])
        return status


class NameKind(models.TextChoices):
    PRIMARY = "primary", _("primary name in this language")
    VARIANT = "variant", _("other spelling")
    ALIAS = "alias", _("alias")
    MAIDEN = "maiden", _("maiden name")
    FORMER = "former", _("former name")


class NameLanguage(models.TextChoices):
    BELARUSIAN = "be", _("Belarusian")
    RUSSIAN = "ru", _("Russian")
    ENGLISH = "en", _("English / Latin")
    BELARUSIAN_LATIN = "be-latn", _("Belarusian Łacinka")
    OTHER = "other", _("other")


class PrisonerName(ChoiceLabelsMixin, models.Model):
    """One written form of a person's name: a script, a language, a kind (primary, alias, maiden…)."""

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="names")
    full_name = models.CharField(max_length=300, help_text="As written, e.g. 'Алесь Бяляцкі'.")
    first_name = models.CharField(max_length=100, blank=True)
    patronymic = models.CharField(max_length=100, blank=True)
    last_name = models.CharField(max_length=100, blank=True)
    language = models.CharField(max_length=7, choices=NameLanguage.choices)
    kind = models.CharField(max_length=7, choices=NameKind.choices, default=NameKind.PRIMARY)
    history = HistoricalRecords()

    class Meta:
        ordering = ["prisoner", "language", "kind", "pk"]
        constraints = [
            Unique(
                fields=["prisoner", "language"],
                condition=Q(kind=NameKind.PRIMARY),
                name="one_primary_name_per_language",
                field="kind",
                message="This person already has a primary name in this language; record this one as a variant.",
            ),
            models.UniqueConstraint(fields=["prisoner", "full_name", "language"], name="name_form_not_repeated"),
            Check(
                name="name_full_name_not_blank",
                field="full_name",
                message="A name needs its full form.",
                condition=~Q(full_name=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.language})"
