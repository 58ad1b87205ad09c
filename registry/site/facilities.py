"""Facility pages: the list with how many are held in each now, and one facility with its address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from registry.models import Facility, Prisoner
from registry.models.people import name_order_field
from registry.queries import statistics
from registry.queries.rows import list_rows
from registry.site.people import PER_PAGE


def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = Facility.objects.with_held_count().select_related("region").order_by("-held_count", "name_en")
    return render(request, "registry/facility_list.html", {"facilities": facilities})


def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility.objects.with_held_count().select_related("region"), pk=pk)
    people = statistics.facility_people(facility)
    by_name = name_order_field()
    named = Prisoner.objects.published().held_in(facility).for_rows(by_name).order_by(by_name, "pk")
    context = {"facility": facility, "people": people, "named_preview": list_rows(list(named[:PER_PAGE]))}
    return render(request, "registry/facility_detail.html", context)
