"""API representations of people, their cases and custody, facilities, articles and sources.

Explicit fields only: personal data is never exposed by `__all__`. Partial dates are ISO strings as
precise as known ("2021", "2021-05", "2021-05-14") beside a `*_precision` field. Querysets handed to
these serializers are already visibility-filtered and prefetched by the views.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pardons.models import Pardon
from registry.dates import PartialDate, format_partial_iso
from registry.models import (
    Article,
    Attachment,
    Charge,
    Conviction,
    Custody,
    Event,
    Facility,
    Placement,
    Prisoner,
    PrisonerName,
    Recognition,
    Region,
    Source,
    terms,
)

PARTIAL_DATE_SCHEMA = {
    "type": "string",
    "nullable": True,
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "As precise as known: year, year-month or full date; null when unknown.",
    "example": "2021-05",
}


# Computed by registry.models.terms, the same numbers as the profile page.
CUSTODY_SUMMARY_SCHEMA = {
    "type": "object",
    "properties": {
        "expected_release": {**PARTIAL_DATE_SCHEMA, "nullable": True},
        "expected_release_precision": {"type": "string", "enum": ["day", "month", "year"], "nullable": True},
        "days_in_custody": {"type": "integer", "nullable": True},
        "days_in_custody_approximate": {"type": "boolean"},
    },
    "required": ["expected_release", "expected_release_precision", "days_in_custody", "days_in_custody_approximate"],
}


def custody_summary(periods: list[terms.Period], sentences: list[terms.Sentence]) -> dict:
    """Expected release (partial ISO date and precision) and days in custody; None where not known."""
    release = terms.expected_release(periods, sentences)
    held = terms.days_in_custody(periods, dt.date.today())
    return {
        "expected_release": format_partial_iso(release.date, release.precision) if release else None,
        "expected_release_precision": release.precision if release else None,
        "days_in_custody": held.days if held else None,
        "days_in_custody_approximate": held.approximate if held else False,
    }


@extend_schema_field(PARTIAL_DATE_SCHEMA)
class PartialDateField(serializers.Field):
    """A date and its precision field, read as one ISO string ("2021-05") and written the same way."""

    def __init__(self, date_field: str, **kwargs: Any) -> None:
        self.date_field = date_field
        kwargs.setdefault("allow_null", True)
        super().__init__(source="*", **kwargs)

    def to_representation(self, obj: Any) -> str | None:
        value = getattr(obj, self.date_field)
        return format_partial_iso(value, getattr(obj, f"{self.date_field}_precision")) or None

    def to_internal_value(self, data: Any) -> dict:
        if data in (None, ""):
            return {self.date_field: None}
        try:
            parsed = PartialDate.parse(str(data))
        except ValueError as exc:
            raise serializers.ValidationError(str(exc)) from None
        return {self.date_field: parsed.date, f"{self.date_field}_precision": parsed.precision}

    def validate_empty_values(self, data: Any) -> tuple[bool, Any]:
        # With source="*", a null must still reach to_internal_value to clear the date.
        if data is None and not self.required:
            return (True, {self.date_field: None})
        return super().validate_empty_values(data)


class IdList(serializers.ManyRelatedField):
    """A JSON list of ids. DRF's own takes any iterable, so `{}` or `{"3": …}` passed as an empty list or keys."""

    default_error_messages = {"not_a_list": "Expected a list of ids, got {input_type}."}

    def to_internal_value(self, data):
        if not isinstance(data, list | tuple):
            self.fail("not_a_list", input_type=type(data).__name__)
        return super().to_internal_value(data)


def source_ids() -> IdList:
    """The write field for the sources a record cites."""
    return IdList(child_relation=serializers.PrimaryKeyRelatedField(queryset=Source.objects.all()), required=False)


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["slug", "country", "name_en", "name_be", "name_ru"]


class SourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Source
        fields = ["id", "title", "url", "publisher", "published_on", "archived_url", "excerpt", "is_synthetic"]


class AttachmentSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="Where the file downloads while its source is public.")

    class Meta:
        model = Attachment
        fields = ["title", "content_type", "size", "sha256", "url"]

    def get_url(self, attachment: Attachment) -> str:
        path = reverse("evidence", args=[attachment.file.name.rsplit("/", 1)[-1]])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class SourceWithEvidenceSerializer(SourceSerializer):
    """A source as /api/v1/sources/ gives it: with its public evidence files (SHA-256 beside each)."""

    attachments = AttachmentSerializer(source="public_attachments", many=True, read_only=True)

    class Meta(SourceSerializer.Meta):
        fields = [*SourceSerializer.Meta.fields, "attachments"]


class ArticleSerializer(serializers.ModelSerializer):
    code = serializers.CharField(source="code.short_name", read_only=True, help_text="e.g. 'CC BY'.")
    country = serializers.CharField(source="code.country", read_only=True, help_text="ISO 3166-1 alpha-2.")
    label = serializers.CharField(source="__str__", read_only=True, help_text="e.g. 'CC BY art. 342'.")

    class Meta:
        model = Article
        fields = [
            "id",
            "code",
            "country",
            "number",
            "label",
            "title_en",
            "title_be",
            "title_ru",
            "is_extremism_related",
        ]


class FacilityBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Facility
        fields = ["id", "kind", "number", "name_en", "city"]


class FacilitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    held_count = serializers.IntegerField(
        read_only=True,
        help_text="People held there now: named, and anonymous when none or at least STATISTICS_MIN_ANONYMOUS are "
        "(the small-cell rule: a count must not tell where one person whose name is withheld is held).",
    )

    class Meta:
        model = Facility
        fields = [
            "id",
            "kind",
            "number",
            "name_en",
            "name_be",
            "name_ru",
            "city",
            "region",
            "postal_address",
            "latitude",
            "longitude",
            "held_count",
            "is_synthetic",
            "updated_at",
        ]


class NameSerializer(serializers.ModelSerializer):
    class Meta:
        model = PrisonerName
        fields = ["full_name", "first_name", "patronymic", "last_name", "language", "kind"]


class ChargeSerializer(serializers.ModelSerializer):
    article = ArticleSerializer(read_only=True)

    class Meta:
        model = Charge
        fields = ["article", "part"]


def _source_ids() -> serializers.PrimaryKeyRelatedField:
    return serializers.PrimaryKeyRelatedField(
        many=True, read_only=True, help_text="Ids of the sources (see /api/v1/sources/)."
    )


class ConvictionSerializer(serializers.ModelSerializer):
    verdict_on = PartialDateField("verdict_on")
    appeal_on = PartialDateField("appeal_on")
    charges = ChargeSerializer(many=True, read_only=True)
    sources = _source_ids()

    class Meta:
        model = Conviction
        fields = [
            "id",
            "case_number",
            "court",
            "judge",
            "prosecutor",
            "verdict_on",
            "verdict_on_precision",
            "charges",
            "sentence_kind",
            "sentence_months",
            "life_sentence",
            "regime",
            "appeal_on",
            "appeal_on_precision",
            "appeal_outcome",
            "sources",
        ]


class PlacementSerializer(serializers.ModelSerializer):
    facility = FacilityBriefSerializer(read_only=True)
    arrived_on = PartialDateField("arrived_on")
    left_on = PartialDateField("left_on")

    class Meta:
        model = Placement
        fields = ["facility", "arrived_on", "arrived_on_precision", "left_on", "left_on_precision"]


class CustodySerializer(serializers.ModelSerializer):
    detained_on = PartialDateField("detained_on")
    released_on = PartialDateField("released_on")
    ended_by_decree = serializers.SerializerMethodField(help_text="The decree whose pardon ended this period.")
    placements = PlacementSerializer(many=True, read_only=True)
    sources = _source_ids()

    class Meta:
        model = Custody
        fields = [
            "id",
            "kind",
            "detained_on",
            "detained_on_precision",
            "released_on",
            "released_on_precision",
            "release_reason",
            "ended_by_decree",
            "placements",
            "sources",
        ]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_ended_by_decree(self, custody: Custody) -> int | None:
        pardon = getattr(custody, "ended_by_pardon", None)
        return pardon.decree_id if pardon is not None else None


class EventSerializer(serializers.ModelSerializer):
    occurred_on = PartialDateField("occurred_on")
    sources = _source_ids()

    class Meta:
        model = Event
        fields = [
            "id",
            "kind",
            "occurred_on",
            "occurred_on_precision",
            "description",
            "description_be",
            "description_ru",
            "sources",
        ]


class PrisonerPardonSerializer(serializers.ModelSerializer):
    """A pardon as seen from the person: which decree, when released."""

    released_on = PartialDateField("released_on", read_only=True)
    sources = _source_ids()

    class Meta:
        model = Pardon
        fields = ["id", "decree", "released_on", "released_on_precision", "confirmation", "sources"]


class RecognitionSerializer(serializers.ModelSerializer):
    """Who recognised the person as a political prisoner, when, on which criteria (PACE Resolution 1900 (2012),
    letters a-e), with a link to the statement."""

    recognised_on = PartialDateField("recognised_on")

    class Meta:
        model = Recognition
        fields = ["organisation", "recognised_on", "recognised_on_precision", "criteria", "statement_url"]


class PrisonerSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:prisoner-detail")
    region = RegionSerializer(read_only=True, allow_null=True)
    names = NameSerializer(many=True, read_only=True)
    birth_date = PartialDateField("birth_date")
    recognised_on = PartialDateField("recognised_on")
    recognitions = RecognitionSerializer(many=True, read_only=True)
    convictions = ConvictionSerializer(many=True, read_only=True)
    custody_periods = CustodySerializer(many=True, read_only=True)
    pardons = PrisonerPardonSerializer(many=True, read_only=True)
    events = EventSerializer(many=True, read_only=True)
    sources = SourceSerializer(many=True, read_only=True)
    custody_summary = serializers.SerializerMethodField()
    can_write_now = serializers.SerializerMethodField(
        help_text="Anyone may write and the person is held in a facility with a postal address (the letter kit)."
    )

    class Meta:
        model = Prisoner
        fields = [
            "id",
            "url",
            "display_name",
            "names",
            "sex",
            "birth_date",
            "birth_date_precision",
            "region",
            "occupation",
            "occupation_be",
            "occupation_ru",
            "biography",
            "biography_be",
            "biography_ru",
            "recognised_on",
            "recognised_on_precision",
            "recognised_by",
            "recognitions",
            "status",
            "convictions",
            "custody_periods",
            "pardons",
            "events",
            "sources",
            "custody_summary",
            "verification",
            "letters",
            "can_write_now",
            "is_synthetic",
            "updated_at",
        ]

    def get_can_write_now(self, prisoner: Prisoner) -> bool:
        return Prisoner.objects.filter(pk=prisoner.pk).can_write_now().exists()

    @extend_schema_field(CUSTODY_SUMMARY_SCHEMA)
    def get_custody_summary(self, prisoner: Prisoner) -> dict:
        return custody_summary(*prisoner.custody_terms())


class CitationSerializer(serializers.Serializer):
    """How to cite an answer (registry.citations): text, permalink, date or release, licence, BibTeX, CSL-JSON."""

    text = serializers.CharField()
    url = serializers.URLField()
    as_of = serializers.DateField()
    release = serializers.IntegerField(allow_null=True)
    licence = serializers.CharField()
    licence_url = serializers.URLField()
    bibtex = serializers.CharField()
    csl = serializers.DictField(help_text="CSL-JSON item.")
