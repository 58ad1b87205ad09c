"""Pardon and amnesty decrees (/api/v1/decrees/): everyone reads; staff tokens enter decrees."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.http import parse_http_date_safe
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins
from rest_framework.request import Request
from rest_framework.response import Response

from pardons import services
from pardons.api.columns import DECREE_COLUMNS
from pardons.api.filters import DecreeFilter
from pardons.api.serializers import DecreeSerializer, DecreeWriteSerializer
from pardons.models import Pardon, PardonDecree
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet, csv_export

DECREE_EXAMPLE = OpenApiExample(
    "Announced as counts only (fictitious)",
    response_only=True,
    value={
        "id": 8,
        "url": "http://127.0.0.1:8000/api/v1/decrees/8/",
        "kind": "pardon",
        "title": "20 people pardoned, names not disclosed",
        "announced_on": "2024",
        "announced_on_precision": "year",
        "signed_on": None,
        "signed_on_precision": "day",
        "decree_number": "",
        "issuing_authority": "President of the Republic of Belarus",
        "announced_total": 20,
        "breakdown": [
            {"category": "women", "label": "", "count": 11, "identified": 1},
            {"category": "chronically_ill", "label": "", "count": 14, "identified": None},
        ],
        "names_disclosed": False,
        "conditions": "All expressed remorse and asked for clemency.",
        "series": {
            "id": 1,
            "name_en": "Pardons since summer 2024",
            "name_be": "",
            "name_ru": "",
            "started_on": "2024-06",
            "started_on_precision": "month",
        },
        "series_ordinal": 8,
        "reported_series_ordinal": 8,
        "identified_count": 3,
        "names_withheld": 2,
        "identified_people": [
            {
                "pardon": 5,
                "prisoner": 42,
                "display_name": "Testavy Prykladny",
                "released_on": "2024-09-16",
                "released_on_precision": "day",
                "confirmation": "confirmed",
            }
        ],
        "over_identified": False,
        "sources": [],
        "is_synthetic": True,
        "updated_at": "2026-11-27T12:00:00Z",
    },
)


IDENTIFIED_PERSON_FIELDS = (
    "decree_id", "prisoner_id", "released_on", "released_on_precision", "confirmation", "prisoner__display_name",
)  # fmt: skip


def decree_queryset() -> QuerySet[PardonDecree]:
    """Decrees with counts, ordinal, breakdown and the named people, in a fixed number of queries."""
    return (
        PardonDecree.objects.with_identified_counts()
        .with_series_ordinal()
        .with_series_totals()
        .select_related("series")
        .prefetch_related(
            "breakdown",
            "sources",
            Prefetch(
                "pardons",
                # Only what IdentifiedPersonSerializer shows: a page of decrees lists a thousand people or more.
                queryset=Pardon.objects.published()
                .select_related("prisoner")
                .only(*IDENTIFIED_PERSON_FIELDS)
                .order_by("prisoner__display_name"),
                to_attr="published_pardons",
            ),
        )
    )


@extend_schema_view(
    list=extend_schema(
        summary="Pardon and amnesty decrees",
        description="Each decree with its announced total and breakdown, its place in its series, how many people "
        "the registry has identified (named or not) and the named ones.",
        examples=[DECREE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One decree", examples=[DECREE_EXAMPLE, ERROR_EXAMPLE]),
    partial_update=extend_schema(
        summary="Correct a decree (staff)",
        description="Staff token with the 'change pardon decree' permission; only the fields sent change. A "
        "`breakdown` sent replaces the whole breakdown, `sources` all sources. The same checks as entering one: "
        "400 with messages per field (per line for the breakdown), nothing saved. Send `If-Unmodified-Since` "
        "(the `Last-Modified` you read) to get 412 instead of overwriting someone else's correction. History "
        "records the change and the token's account.",
        request=DecreeWriteSerializer,
        responses={200: DecreeSerializer},
    ),
    create=extend_schema(
        summary="Enter a decree (staff)",
        description="Staff token with the 'add pardon decree' permission. Dates as '2024', '2024-09' or "
        "'2024-09-16'. Invalid values: 400 with messages per field; nothing is saved.",
        request=DecreeWriteSerializer,
        responses={201: DecreeSerializer},
        examples=[
            OpenApiExample(
                "Counts only",
                request_only=True,
                value={
                    "announced_on": "2024-09-16",
                    "announced_total": 20,
                    "breakdown": [{"category": "women", "count": 11}],
                    "conditions": "All expressed remorse.",
                },
            )
        ],
    ),
)
class DecreeViewSet(mixins.CreateModelMixin, PublicReadViewSet):
    filterset_class = DecreeFilter
    ordering_fields = ["announced_on", "id"]
    ordering = ["-announced_on", "-id"]
    csv_columns = DECREE_COLUMNS
    export = csv_export("Decrees as CSV", tag="decrees")
    csv_filename = "decrees.csv"
    write_permissions = {"create": "pardons.add_pardondecree", "partial_update": "pardons.change_pardondecree"}

    def get_queryset(self) -> QuerySet[PardonDecree]:
        return decree_queryset()

    def get_serializer_class(self):
        return DecreeWriteSerializer if self.action in ("create", "partial_update") else DecreeSerializer

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = DecreeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decree = serializer.save()
        fresh = decree_queryset().get(pk=decree.pk)
        return Response(DecreeSerializer(fresh, context=self.get_serializer_context()).data, status=201)

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        # Writes may concern any decree; the staff permission was checked before this runs.
        decree = get_object_or_404(PardonDecree, pk=kwargs["pk"])
        unchanged_since = parse_http_date_safe(request.headers.get("If-Unmodified-Since", ""))
        serializer = DecreeWriteSerializer(decree, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        try:
            services.correct_decree(
                decree=decree,
                changes=changes,
                breakdown=changes.pop("breakdown", None),
                sources=changes.pop("sources", None),
                unchanged_since=dt.datetime.fromtimestamp(unchanged_since, dt.UTC) if unchanged_since else None,
            )
        except ValidationError as exc:
            if "updated_at" in exc.message_dict:
                return Response({"message": exc.message_dict["updated_at"][0]}, status=412)
            raise
        fresh = decree_queryset().get(pk=decree.pk)
        return Response(DecreeSerializer(fresh, context=self.get_serializer_context()).data)
