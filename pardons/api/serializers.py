"""API representations of pardon decrees and pardons, and the staff write payloads.

Reads show only named people; people identified but not named are counted (`names_withheld`).
Writes validate here and change records only through pardons.services.
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from pardons import services
from pardons.models import (
    BreakdownItem,
    Confirmation,
    DecreeSeries,
    Identification,
    Pardon,
    PardonDecree,
    breakdown_problems,
)
from registry.api.serializers import PartialDateField, SourceSerializer, source_ids
from registry.dates import Precision
from registry.models import Prisoner


class DecreeSeriesSerializer(serializers.ModelSerializer):
    started_on = PartialDateField("started_on", read_only=True)

    class Meta:
        model = DecreeSeries
        fields = ["id", "name_en", "name_be", "name_ru", "started_on", "started_on_precision"]


class BreakdownItemSerializer(serializers.ModelSerializer):
    identified = serializers.SerializerMethodField(
        help_text="How many identified people fall in this category, where the registry can tell (women, men, "
        "'extremist' articles, chronic illness, disability, parents); null otherwise, or when `protected`."
    )
    protected = serializers.SerializerMethodField(
        help_text="True: a health or family count too small to show without telling whose it is (small-cell rule)."
    )

    class Meta:
        model = BreakdownItem
        fields = ["category", "label", "label_be", "label_ru", "count", "identified", "protected"]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_identified(self, item: BreakdownItem) -> int | None:
        # The decree's identification, by line (see DecreeSerializer.get_breakdown).
        return self.context["lines"][item.pk].identified

    def get_protected(self, item: BreakdownItem) -> bool:
        return self.context["lines"][item.pk].protected


class IdentifiedPersonSerializer(serializers.Serializer):
    """A named person released under the decree."""

    pardon = serializers.IntegerField(source="pk", read_only=True)
    prisoner = serializers.IntegerField(source="prisoner_id", read_only=True)
    display_name = serializers.CharField(source="prisoner.display_name", read_only=True)
    released_on = PartialDateField("released_on", read_only=True)
    released_on_precision = serializers.CharField(read_only=True)
    confirmation = serializers.CharField(read_only=True)


def identification(decree: PardonDecree) -> Identification:
    """The decree's identification, worked out once per decree for the three fields that show it."""
    if not hasattr(decree, "_identification"):
        decree._identification = decree.identification()
    return decree._identification


class DecreeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:decree-detail")
    announced_on = PartialDateField("announced_on", read_only=True)
    signed_on = PartialDateField("signed_on", read_only=True)
    series = DecreeSeriesSerializer(read_only=True, allow_null=True)
    series_ordinal = serializers.IntegerField(
        read_only=True, allow_null=True, help_text="Place in its series by announcement date (computed)."
    )
    series_ordinal_approximate = serializers.BooleanField(
        read_only=True,
        help_text="True when a decree of the series is dated only to the month or year and may have come before or "
        "after this one: the ordinal is then approximate.",
    )
    series_announced_total = serializers.SerializerMethodField(
        help_text="Running total: people announced by the decrees of its series up to and including this one."
    )
    series_identified_total = serializers.SerializerMethodField(
        help_text="Running total: people identified on those decrees (counted publicly)."
    )
    breakdown = serializers.SerializerMethodField(help_text="The announced breakdown of the total.")
    identified_count = serializers.IntegerField(
        read_only=True, help_text="People the registry has identified (named or not)."
    )
    names_withheld = serializers.SerializerMethodField(help_text="Identified people who may not be named.")
    identified_people = IdentifiedPersonSerializer(
        source="published_pardons", many=True, read_only=True, help_text="Identified people who may be named."
    )
    over_identified = serializers.SerializerMethodField(help_text="More people identified than announced.")
    breakdown_includes_withheld = serializers.SerializerMethodField(
        help_text="False: fewer than STATISTICS_MIN_ANONYMOUS identified people are withheld, so the breakdown's "
        "`identified` counts named people only (counting them could tell their sex or conviction)."
    )
    sources = SourceSerializer(many=True, read_only=True)

    class Meta:
        model = PardonDecree
        fields = [
            "id",
            "url",
            "kind",
            "title",
            "title_be",
            "title_ru",
            "announced_on",
            "announced_on_precision",
            "signed_on",
            "signed_on_precision",
            "decree_number",
            "issuing_authority",
            "issuing_authority_be",
            "issuing_authority_ru",
            "announced_total",
            "breakdown",
            "breakdown_includes_withheld",
            "names_disclosed",
            "conditions",
            "conditions_be",
            "conditions_ru",
            "series",
            "series_ordinal",
            "series_ordinal_approximate",
            "reported_series_ordinal",
            "series_announced_total",
            "series_identified_total",
            "identified_count",
            "names_withheld",
            "identified_people",
            "over_identified",
            "sources",
            "is_synthetic",
            "updated_at",
        ]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_series_announced_total(self, decree: PardonDecree) -> int | None:
        return decree.series_announced_total if decree.series_id else None

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_series_identified_total(self, decree: PardonDecree) -> int | None:
        return decree.series_identified_total if decree.series_id else None

    def get_breakdown_includes_withheld(self, decree: PardonDecree) -> bool:
        return identification(decree).breakdown_includes_withheld

    @extend_schema_field(BreakdownItemSerializer(many=True))
    def get_breakdown(self, decree: PardonDecree) -> list[dict]:
        lines = identification(decree).breakdown
        return BreakdownItemSerializer(
            [line.item for line in lines], many=True, context={"lines": {line.item.pk: line for line in lines}}
        ).data

    @extend_schema_field(OpenApiTypes.INT)
    def get_names_withheld(self, decree: PardonDecree) -> int:
        return identification(decree).withheld

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_over_identified(self, decree: PardonDecree) -> bool:
        return identification(decree).over_identified


class BreakdownWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = BreakdownItem
        fields = ["category", "label", "count"]


class DecreeWriteSerializer(serializers.ModelSerializer):
    """A decree as entered the day it is announced, often as counts only."""

    announced_on = PartialDateField("announced_on", allow_null=False, help_text="e.g. '2024-09-16' or '2024-09'.")
    signed_on = PartialDateField("signed_on", required=False, help_text="Leave out when unknown.")
    series = serializers.PrimaryKeyRelatedField(queryset=DecreeSeries.objects.all(), required=False, allow_null=True)
    breakdown = BreakdownWriteSerializer(many=True, required=False)
    sources = source_ids()

    class Meta:
        model = PardonDecree
        fields = [
            "kind",
            "title",
            "title_be",
            "title_ru",
            "announced_on",
            "signed_on",
            "decree_number",
            "issuing_authority",
            "issuing_authority_be",
            "issuing_authority_ru",
            "announced_total",
            "breakdown",
            "names_disclosed",
            "conditions",
            "conditions_be",
            "conditions_ru",
            "series",
            "reported_series_ordinal",
            "sources",
        ]

    def validate_breakdown(self, lines: list[dict]) -> list[dict]:
        # The service's rules, shown line by line before anything is written, keyed by the line's index as DRF keys
        # a bad value in a line: one shape for every breakdown error.
        problems = breakdown_problems(lines, announced_total=self._announced_total())
        if any(problems):
            raise serializers.ValidationError({index: problem for index, problem in enumerate(problems) if problem})
        return lines

    def _announced_total(self) -> int | None:
        """The total this request sets, else the stored one (a total that is itself invalid is its own error)."""
        if "announced_total" not in self.initial_data:
            return getattr(self.instance, "announced_total", None)
        try:
            return self.fields["announced_total"].run_validation(self.initial_data["announced_total"])
        except serializers.ValidationError:
            return None

    def create(self, validated_data: dict) -> PardonDecree:
        breakdown = validated_data.pop("breakdown", [])
        sources = validated_data.pop("sources", [])
        return services.record_decree(decree=PardonDecree(**validated_data), breakdown=breakdown, sources=sources)


class PardonSerializer(serializers.ModelSerializer):
    """A pardon of a named person."""

    display_name = serializers.CharField(source="prisoner.display_name", read_only=True)
    released_on = PartialDateField("released_on", read_only=True)
    sources = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Pardon
        fields = [
            "id",
            "decree",
            "prisoner",
            "display_name",
            "released_on",
            "released_on_precision",
            "confirmation",
            "sources",
            "updated_at",
        ]


class RecordPardonSerializer(serializers.Serializer):
    """Staff: link a person to a decree (pardons.services.record_pardon)."""

    decree = serializers.PrimaryKeyRelatedField(queryset=PardonDecree.objects.all())
    prisoner = serializers.PrimaryKeyRelatedField(queryset=Prisoner.objects.all())
    released_on = PartialDateField("released_on", required=False, help_text="Actual release; default the decree's.")
    confirmation = serializers.ChoiceField(choices=Confirmation.choices, default=Confirmation.CONFIRMED)
    sources = source_ids()
    notes = serializers.CharField(required=False, allow_blank=True, default="")


class CorrectPardonSerializer(serializers.Serializer):
    """Staff: correct a recorded pardon (pardons.services.update_pardon); fields left out keep their value."""

    released_on = PartialDateField("released_on", required=False, allow_null=True, help_text="Actual release.")
    confirmation = serializers.ChoiceField(choices=Confirmation.choices, required=False)
    sources = source_ids()
    notes = serializers.CharField(required=False, allow_blank=True)


class ConfirmPardonSerializer(serializers.Serializer):
    released_on = PartialDateField("released_on", required=False, help_text="Actual release; default as recorded.")
    sources = source_ids()  # sources naming the person: needed unless the pardon cites one already

    def precision(self) -> str:
        return self.validated_data.get("released_on_precision", Precision.DAY)
