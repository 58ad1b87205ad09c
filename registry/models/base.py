"""Building blocks shared by every registry and pardons model: timestamps, sources, regions."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.encoding import force_str
from django.utils.translation import get_language
from simple_history.models import HistoricalRecords

from registry.db.constraints import Check
from registry.models.visibility import published


class ChoiceLabelsMixin:
    """`get_FOO_display()` from a dict built once per field. Django rebuilds it on every call, hashing
    each choice's lazy label, which translates it: a profile page spent a tenth of its time there."""

    def _get_FIELD_display(self, field):
        value = getattr(self, field.attname)
        try:
            label = _choice_labels(field).get(value, value)
        except TypeError:  # an unhashable value: Django's way copes with it
            return super()._get_FIELD_display(field)
        return force_str(label, strings_only=True)


@cache
def _choice_labels(field) -> dict:
    return dict(field.flatchoices)


class TimeStampedModel(ChoiceLabelsMixin, models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    # Indexed: the API's updated_since and conditional GETs read it.
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        abstract = True


class LocalizedNameMixin:
    """Models with a text in three languages (name_en / name_be / name_ru, or an English `label` beside
    label_be / label_ru) show the form of the active language, else the English one."""

    localized_field = "name"

    def localized(self, language: str | None = None) -> str:
        return self.translated(self.localized_field, language)[0]

    def translated(self, field: str, language: str | None = None) -> tuple[str, str]:
        """(text, the language it is in): `field` in `language` (default: the active one), else in English."""
        lang = (language or get_language() or "en")[:2]
        text = getattr(self, f"{field}_{lang}", "")
        if text:
            return text, lang
        return getattr(self, f"{field}_en", None) or getattr(self, field, ""), "en"


class SourceQuerySet(models.QuerySet):
    def with_public_evidence(self) -> SourceQuerySet:
        """Each source with its public evidence files as `public_attachments` (the pages and the API show those)."""
        attachment = self.model._meta.get_field("attachments").related_model
        public = attachment.objects.filter(is_public=True).order_by("pk")
        return self.prefetch_related(models.Prefetch("attachments", queryset=public, to_attr="public_attachments"))

    def cited_publicly(self) -> SourceQuerySet:
        """Sources cited by something the public may see: a named person or their records, a decree, a
        reported figure. A source cited only about anonymous or private people could name them, so it is left out.

        Each citing model says through its QuerySet how it is seen (registry.models.visibility): a model
        that does not say is refused, so a new kind of record cannot leak its sources by omission.
        """
        condition = Q()
        for model in citing_models():
            person = getattr(model._default_manager.get_queryset(), "person_lookup", False)
            if person is False:
                raise ImproperlyConfigured(
                    f"{model.__name__} cites sources but its QuerySet says nothing of visibility: base it on "
                    "PersonRecordQuerySet or PublicRecordQuerySet (registry.models.visibility)."
                )
            owner = model._meta.model_name  # the through table's key to the citing row
            visible = Q() if person is None else published(f"{owner}__{person}" if person else owner)
            condition |= Exists(model.sources.through.objects.filter(visible, source=OuterRef("pk")))
        return self.filter(condition)


def citing_models() -> list[type[SourcedModel]]:
    """Every concrete model that cites sources, in any app."""
    return [model for model in apps.get_models() if issubclass(model, SourcedModel)]


class Source(TimeStampedModel):
    """A citation. Every fact-bearing record cites one or more of these."""

    title = models.CharField(max_length=500, help_text="Headline or title of the publication.")
    url = models.URLField(max_length=1000, blank=True, help_text="Where the publication can be read.")
    publisher = models.CharField(max_length=200, blank=True, help_text="e.g. Viasna, AP, Nasha Niva.")
    published_on = models.DateField(null=True, blank=True)
    archived_url = models.URLField(
        max_length=1000, blank=True, help_text="A copy in a web archive, in case the original is removed."
    )
    excerpt = models.TextField(blank=True, help_text="The sentences that support the facts citing this source.")
    is_synthetic = models.BooleanField(default=False, help_text="Fictitious demo data; never real.")
    history = HistoricalRecords()

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "title", "pk"]  # pk: a total order, so every listing is stable
        constraints = [
            Check(
                name="source_title_not_blank",
                field="title",
                message="A source needs a title.",
                condition=~models.Q(title=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.publisher})" if self.publisher else self.title


class SourcedModel(TimeStampedModel):
    sources = models.ManyToManyField(
        Source,
        blank=True,
        related_name="%(app_label)s_%(class)s_set",
        help_text="Publications that support this record.",
    )
    # simple_history reads this: every historical version also records which sources were cited.
    _history_m2m_fields = ["sources"]

    class Meta:
        abstract = True


class Region(LocalizedNameMixin, models.Model):
    """A first-level region of a country (a Belarusian oblast, or Minsk city)."""

    country = models.CharField(max_length=2, default="BY", help_text="ISO 3166-1 alpha-2 code.")
    slug = models.SlugField(max_length=60, unique=True)
    name_en = models.CharField("name (English)", max_length=100)
    name_be = models.CharField("name (Belarusian)", max_length=100, blank=True)
    name_ru = models.CharField("name (Russian)", max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "name_en"]

    def __str__(self) -> str:
        return self.name_en
