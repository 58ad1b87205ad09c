"""The journalist API for pardon decrees and pardons (/api/v1/decrees/, /api/v1/pardons/).

Everyone reads; staff tokens with the model permission create decrees and record, confirm or undo
pardons through pardons.services — the same functions the admin uses.
"""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch, QuerySet
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from pardons import services
from pardons.exports import DECREE_COLUMNS, PARDON_COLUMNS
from pardons.filters import DecreeFilter
from pardons.models import Confirmation, Pardon, PardonDecree
from pardons.serializers import (
    ConfirmPardonSerializer,
    DecreeSerializer,
    DecreeWriteSerializer,
    PardonSerializer,
    RecordPardonSerializer,
)
from registry.api import ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.dates import Precision
from registry.filters import ChangedSinceFilter

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


def decree_queryset() -> QuerySet[PardonDecree]:
    """Decrees with counts, ordinal, breakdown and the named people, in a fixed number of queries."""
    return (
        PardonDecree.objects.with_identified_counts()
        .with_series_ordinal()
        .select_related("series")
        .prefetch_related(
            "breakdown",
            "sources",
            Prefetch(
                "pardons",
                queryset=Pardon.objects.published().select_related("prisoner").order_by("prisoner__display_name"),
                to_attr="published_pardons",
            ),
        )
    )


def pardon_queryset() -> QuerySet[Pardon]:
    """Pardons of named people only."""
    return Pardon.objects.published().select_related("prisoner").prefetch_related("sources")


@extend_schema_view(
    list=extend_schema(
        summary="Pardon and amnesty decrees",
        description="Each decree with its announced total and breakdown, its place in its series, how many people "
        "the registry has identified (named or not) and the named ones.",
        examples=[DECREE_EXAMPLE],
    ),
    retrieve=extend_schema(summary="One decree", examples=[DECREE_EXAMPLE, ERROR_EXAMPLE]),
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
    write_permissions = {"create": "pardons.add_pardondecree"}

    def get_queryset(self) -> QuerySet[PardonDecree]:
        return decree_queryset()

    def get_serializer_class(self):
        return DecreeWriteSerializer if self.action == "create" else DecreeSerializer

    def create(self, request: Request, *args, **kwargs) -> Response:
        serializer = DecreeWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        decree = serializer.save()
        fresh = decree_queryset().get(pk=decree.pk)
        return Response(DecreeSerializer(fresh, context=self.get_serializer_context()).data, status=201)


class PardonFilter(django_filters.FilterSet):
    decree = django_filters.ModelChoiceFilter(queryset=PardonDecree.objects.all(), help_text="Decree id.")
    confirmation = django_filters.ChoiceFilter(choices=Confirmation.choices)
    updated_since = ChangedSinceFilter()

    class Meta:
        model = Pardon
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Pardons of named people", description="One row per named person per decree."),
    retrieve=extend_schema(summary="One pardon", examples=[ERROR_EXAMPLE]),
    create=extend_schema(
        summary="Record a pardon (staff)",
        description="Staff token with the 'add pardon' permission. Through pardons.services.record_pardon: a "
        "confirmed pardon ends the person's open custody with reason 'pardon' in the same transaction. Invalid "
        "(e.g. already on the decree, no open custody): 400 with messages per field; nothing is changed.",
        request=RecordPardonSerializer,
        responses={201: PardonSerializer},
    ),
    destroy=extend_schema(
        summary="Undo a pardon recorded in error (staff)",
        description="Staff token with the 'delete pardon' permission. Restores the custody period it ended.",
        responses={204: OpenApiResponse(description="Removed.")},
    ),
    confirm=extend_schema(
        summary="Confirm a reported pardon (staff)",
        description="Staff token with the 'change pardon' permission. Ends the open custody with reason 'pardon'.",
        request=ConfirmPardonSerializer,
        responses={200: PardonSerializer},
    ),
)
class PardonViewSet(mixins.CreateModelMixin, mixins.DestroyModelMixin, PublicReadViewSet):
    serializer_class = PardonSerializer
    filterset_class = PardonFilter
    ordering_fields = ["id", "updated_at"]
    ordering = ["id"]
    csv_columns = PARDON_COLUMNS
    export = csv_export("Pardons of named people as CSV", tag="pardons")
    csv_filename = "pardons.csv"
    write_permissions = {
        "create": "pardons.add_pardon",
        "destroy": "pardons.delete_pardon",
        "confirm": "pardons.change_pardon",
    }

    def get_queryset(self) -> QuerySet[Pardon]:
        if self.request.method in SAFE_METHODS:
            return pardon_queryset()
        # Writes are staff-only (checked before this runs) and may concern any record.
        return Pardon.objects.select_related("prisoner", "decree").prefetch_related("sources")

    def create(self, request: Request, *args, **kwargs) -> Response:
        payload = RecordPardonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        pardon = services.record_pardon(
            decree=data["decree"],
            prisoner=data["prisoner"],
            released_on=data.get("released_on"),
            precision=data.get("released_on_precision", Precision.DAY),
            confirmation=data["confirmation"],
            sources=data.get("sources", []),
            notes=data["notes"],
        )
        return Response(PardonSerializer(pardon).data, status=status.HTTP_201_CREATED)

    def perform_destroy(self, instance: Pardon) -> None:
        services.undo_pardon(pardon=instance)

    @action(detail=True, methods=["post"])
    def confirm(self, request: Request, pk: str) -> Response:
        payload = ConfirmPardonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        pardon = services.confirm_pardon(
            pardon=self.get_object(),
            released_on=payload.validated_data.get("released_on"),
            precision=payload.precision(),
        )
        return Response(PardonSerializer(pardon).data)
