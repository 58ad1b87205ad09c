"""The home page: headline numbers (each linking to the list behind it, and saying why they differ),
latest decrees, recent profiles; and the page that says how every number is counted."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from pardons.models import PardonDecree
from registry.models import Prisoner, ReleaseReason, ReportedFigure
from registry.queries import statistics
from registry.queries.rows import list_rows


def home(request: HttpRequest) -> HttpResponse:
    headline = statistics.headline()
    released = headline["released_since_2020"]
    reasons = dict(ReleaseReason.choices)
    held_named = statistics.held_named_on(headline["as_of"])
    context = {
        "headline": headline,
        # Why a number differs from the list it links to, said beside it.
        "held_named": held_named,
        "held_withheld": headline["held"] - held_named,
        "min_cell": settings.STATISTICS_MIN_ANONYMOUS,
        "others_count_deaths": ReportedFigure.objects.filter(metric="died_in_custody").exists(),
        "released_total": sum(released.values()),
        "released_rows": [(reasons[key], count, key) for key, count in released.items() if count],
        # The list behind "releases since 2020": the same reasons (deaths in custody are not releases).
        "released_query": urlencode(
            [("released_after", statistics.SINCE_2020.isoformat())] + [("release_reason", key) for key in released]
        ),
        "series_since": statistics.series_since(),
        "last_year": headline["pardons_last_12_months"]["since"],
        "latest_decrees": PardonDecree.objects.newest_first().first_with_identified_counts(5),
        "latest_changes": list_rows(list(Prisoner.objects.published().for_rows().order_by("-updated_at", "-pk")[:8])),
        "reported_figures": ReportedFigure.objects.order_by("metric", "-as_of")[:5],
    }
    return render(request, "home.html", context)


def about(request: HttpRequest) -> HttpResponse:
    """How we count: what each number on the site includes."""
    return render(request, "registry/about.html", {"min_anonymous": settings.STATISTICS_MIN_ANONYMOUS})
