"""Sources (/api/v1/sources/): only those cited by something public."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from registry.api import columns
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.api.serializers import SourceWithEvidenceSerializer
from registry.models import Source


def source_queryset() -> QuerySet[Source]:
    """Only sources cited by something public: one about a hidden person could name them."""
    return Source.objects.cited_publicly()


class SourceFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the publisher's name.")
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="Published on or after (YYYY-MM-DD)."
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="Published on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Source
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Sources",
        description="Publications cited by a named person's records, a decree or a reported figure. Sources cited "
        "only about people whose names are withheld are not listed.",
    ),
    retrieve=extend_schema(summary="One source", examples=[ERROR_EXAMPLE]),
)
class SourceViewSet(PublicReadViewSet):
    serializer_class = SourceWithEvidenceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["title", "id"]
    ordering = ["id"]
    csv_columns = columns.SOURCE_COLUMNS
    export = csv_export("Sources as CSV", tag="sources")
    csv_filename = "sources.csv"

    def get_queryset(self) -> QuerySet[Source]:
        return source_queryset().with_public_evidence()
