"""Facilities (/api/v1/facilities/) with how many publicly counted people are held there now."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from registry.api import columns
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.api.serializers import FacilitySerializer
from registry.models import Facility, FacilityKind, Region
from registry.queries.filters import SlugsFilter


def facility_queryset() -> QuerySet[Facility]:
    return Facility.objects.with_held_count().select_related("region")


class FacilityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=FacilityKind.choices, help_text="Kind of facility.")
    # As the people's list: a slug that names no region is a 400, not an empty list that reads as "none there".
    region = SlugsFilter(field_name="region", queryset=Region.objects.all(), to_field_name="slug", distinct=False)
    city = django_filters.CharFilter(lookup_expr="iexact", help_text="City, case-insensitive.")

    class Meta:
        model = Facility
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Facilities",
        description="Prisons, colonies and detention centres with how many publicly counted people are held there now.",
    ),
    retrieve=extend_schema(summary="One facility", examples=[ERROR_EXAMPLE]),
)
class FacilityViewSet(PublicReadViewSet):
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    ordering_fields = ["name_en", "id"]
    ordering = ["name_en", "id"]
    csv_columns = columns.FACILITY_COLUMNS
    export = csv_export("Facilities as CSV", tag="facilities")
    csv_filename = "facilities.csv"

    def get_queryset(self) -> QuerySet[Facility]:
        return facility_queryset()
