"""Public pages for pardon decrees: the list, and one decree with the people identified on it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from pardons.models import Pardon, PardonDecree
from registry.models import Source
from registry.models.people import name_order_field
from registry.queries import statistics

# Decrees are few (dozens a year), so a plain Paginator's COUNT is cheap here.
PER_PAGE = 50


def _sources() -> Prefetch:
    """The sources a decree page cites, each with its public evidence files (registry_tags.source_list lists them).
    Made per request: prefetching writes routing hints into its queryset."""
    return Prefetch("sources", queryset=Source.objects.with_public_evidence())


def decree_list(request: HttpRequest) -> HttpResponse:
    decrees = (
        PardonDecree.objects.with_identified_counts()
        .with_series_ordinal()
        .select_related("series")
        .prefetch_related("breakdown")
        .newest_first()
    )
    page = Paginator(decrees, PER_PAGE).get_page(request.GET.get("page"))
    totals = statistics.pardons_since(statistics.series_since())
    return render(request, "pardons/decree_list.html", {"page": page, "totals": totals})


def decree_detail(request: HttpRequest, pk: int) -> HttpResponse:
    decree = get_object_or_404(
        PardonDecree.objects.with_identified_counts()
        .with_series_ordinal()
        .with_series_totals()
        .select_related("series")
        .prefetch_related("breakdown", _sources()),
        pk=pk,
    )
    named = (
        Pardon.objects.published()
        .filter(decree=decree)
        .select_related("prisoner")
        .prefetch_related(Prefetch("prisoner__names"), _sources())
        .order_by(f"prisoner__{name_order_field()}", "pk")  # the names the page shows, in their alphabet's order
    )
    identification = decree.identification()
    context = {
        "decree": decree,
        "people": identification,
        "pardons": named,
        "breakdown": identification.breakdown,
        "series_ordinal": decree.series_ordinal,
        "over_identified": identification.over_identified,
    }
    return render(request, "pardons/decree_detail.html", context)
