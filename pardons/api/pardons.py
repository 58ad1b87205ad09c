"""Pardons of named people (/api/v1/pardons/): everyone reads; staff tokens record, confirm or undo
them through pardons.services, the same functions the admin uses."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request
from rest_framework.response import Response

from pardons import services
from pardons.api.columns import PARDON_COLUMNS
from pardons.api.serializers import (
    ConfirmPardonSerializer,
    CorrectPardonSerializer,
    PardonSerializer,
    RecordPardonSerializer,
)
from pardons.models import Confirmation, Pardon, PardonDecree
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.dates import Precision
from registry.queries.filters import ChangedSinceFilter


def pardon_queryset() -> QuerySet[Pardon]:
    """Pardons of named people only."""
    return Pardon.objects.published().select_related("prisoner").prefetch_related("sources")


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
    partial_update=extend_schema(
        summary="Correct a pardon (staff)",
        description="Staff token with the 'change pardon' permission; fields left out keep their value. Through "
        "pardons.services.update_pardon, as in the admin: confirming ends the open custody; a pardon that has "
        "ended a custody period keeps its release date and confirmation (400 says what to do instead).",
        request=CorrectPardonSerializer,
        responses={200: PardonSerializer},
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
        "partial_update": "pardons.change_pardon",
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

    def partial_update(self, request: Request, *args, **kwargs) -> Response:
        pardon = self.get_object()
        payload = CorrectPardonSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        dated = "released_on" in data
        pardon = services.update_pardon(
            pardon=pardon,
            released_on=data["released_on"] if dated else pardon.released_on,
            precision=data.get("released_on_precision", Precision.DAY) if dated else pardon.released_on_precision,
            confirmation=data.get("confirmation", pardon.confirmation),
            notes=data.get("notes", pardon.notes),
            sources=data.get("sources"),
        )
        return Response(PardonSerializer(pardon_queryset().get(pk=pardon.pk)).data)

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
            sources=payload.validated_data.get("sources"),
        )
        return Response(PardonSerializer(pardon).data)
