"""Regions (/api/v1/regions/), identified by slug in the `region` filters."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets

from registry.api.base import ERROR_EXAMPLE, CachedReadMixin, ForgivingNegotiationMixin
from registry.api.serializers import RegionSerializer
from registry.models import Region


@extend_schema_view(
    list=extend_schema(summary="Regions", description="Regions, identified by slug in the `region` filters."),
    retrieve=extend_schema(summary="One region", examples=[ERROR_EXAMPLE]),
)
class RegionViewSet(CachedReadMixin, ForgivingNegotiationMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.all()
    pagination_class = None
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
