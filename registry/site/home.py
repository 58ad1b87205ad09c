"""The home page: headline numbers (each linking to the list behind it), latest decrees, recent profiles."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pardons.models import PardonDecree
from registry.models import Prisoner, ReleaseReason, ReportedFigure
from registry.queries import statistics
from registry.site.people import with_list_relations


def home(request: HttpRequest) -> HttpResponse:
    headline = statistics.headline()
    released = headline["released_since_2020"]
    reasons = dict(ReleaseReason.choices)
    context = {
        "headline": headline,
        "released_total": sum(released.values()),
        "released_rows": [(reasons[key], count, key) for key, count in released.items() if count],
        # The list behind "releases since 2020": the same reasons (deaths in custody are not releases).
        "released_query": urlencode(
            [("released_after", statistics.SINCE_2020.isoformat())] + [("release_reason", key) for key in released]
        ),
        "series_since": statistics.series_since(),
        "last_year": headline["pardons_last_12_months"]["since"],
        "latest_decrees": PardonDecree.objects.with_identified_counts()[:5],
        "latest_changes": with_list_relations(Prisoner.objects.published().order_by("-updated_at", "-pk"))[:8],
        "reported_figures": ReportedFigure.objects.order_by("metric", "-as_of")[:5],
    }
    return render(request, "home.html", context)
