"""Public pages. Thin: they read through the QuerySets' visibility rule, take every number from
registry.statistics, and render templates. Each page makes a fixed number of queries whatever the rows.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.db.models import F, IntegerField, Prefetch, QuerySet
from django.db.models.functions import Cast, Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pardons.models import PardonDecree
from registry import charts, statistics
from registry.dates import format_partial_iso
from registry.filters import PrisonerFilter
from registry.models import (
    Article,
    Custody,
    Facility,
    Placement,
    Prisoner,
    Region,
    ReleaseReason,
    ReportedFigure,
    Sex,
    Status,
)
from registry.pagination import SortKey, keyset_page
from registry.timeline import PROFILE_PREFETCH, build_timeline

PER_PAGE = 50

SORTS = {
    "name": (gettext_lazy("Name"), [SortKey("display_name"), SortKey("pk")]),
    "recognised": (gettext_lazy("Recently recognised"), [SortKey("recognised_key", True), SortKey("pk", True)]),
    "updated": (gettext_lazy("Recently updated"), [SortKey("updated_at", True), SortKey("pk", True)]),
}
RELEVANCE = (gettext_lazy("Best match"), [SortKey("rank_key", True), SortKey("display_name"), SortKey("pk")])

# Filters the home page links to that the form does not show as controls; kept as hidden inputs.
CARRIED_FILTERS = [
    "decree",
    "pardoned_since",
    "released_after",
    "released_before",
    "detained_after",
    "detained_before",
    "updated_since",
]


def with_list_relations(prisoners: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """What a row of a prisoner list shows: region, names, and where the person is held now (3 extra queries)."""
    current = Placement.objects.filter(left_on__isnull=True).select_related("facility")
    open_custody = Custody.objects.open().prefetch_related(Prefetch("placements", current, to_attr="current"))
    return prisoners.select_related("region").prefetch_related(
        "names", Prefetch("custody_periods", open_custody, to_attr="open_custody")
    )


def home(request: HttpRequest) -> HttpResponse:
    headline = statistics.headline()
    released = headline["released_since_2020"]
    reasons = dict(ReleaseReason.choices)
    context = {
        "headline": headline,
        "released_total": sum(released.values()),
        "released_rows": [(reasons[key], count, key) for key, count in released.items() if count],
        "series_since": statistics.series_since(),
        "last_year": headline["pardons_last_12_months"]["since"],
        "latest_decrees": PardonDecree.objects.with_identified_counts()[:5],
        "latest_changes": with_list_relations(Prisoner.objects.published().order_by("-updated_at", "-pk"))[:8],
        "reported_figures": ReportedFigure.objects.order_by("metric", "-as_of")[:5],
    }
    return render(request, "home.html", context)


def _facet_options(choices, counts: dict[str, int], selected) -> list[dict]:
    selected = {str(s) for s in (selected if isinstance(selected, list | tuple) else [selected]) if s not in (None, "")}
    return [
        {"value": str(value), "label": label, "count": counts.get(str(value), 0), "selected": str(value) in selected}
        for value, label in choices
    ]


def prisoner_list(request: HttpRequest) -> HttpResponse:
    published = Prisoner.objects.published()
    prisoner_filter = PrisonerFilter(request.GET or None, queryset=published)
    prisoners = prisoner_filter.qs
    data = prisoner_filter.form.cleaned_data if prisoner_filter.is_bound else {}
    query = (data.get("q") or "").strip()

    sort = request.GET.get("sort", "")
    if query and sort not in SORTS:
        sort, (_label, keys) = "relevance", RELEVANCE
        # Integer rank: exact to compare in the cursor (floats may not round-trip through the database).
        prisoners = prisoners.annotate(rank_key=Cast(F("search_rank") * 1_000_000, IntegerField()))
    else:
        sort = sort if sort in SORTS else "name"
        _label, keys = SORTS[sort]
        if sort == "recognised":
            prisoners = prisoners.annotate(recognised_key=Coalesce("recognised_on", dt.date(1, 1, 1)))
    page = keyset_page(with_list_relations(prisoners), keys, request.GET.get("after"), PER_PAGE)

    counts = statistics.facets(prisoners)
    regions = [(r.slug, r.localized()) for r in Region.objects.all()]
    articles = {}
    for article in Article.objects.select_related("code"):
        articles.setdefault(article.number, f"{article.number} — {article.localized()}")
    form = prisoner_filter.form
    context = {
        "filter": prisoner_filter,
        "form": form,
        "page": page,
        "query": query,
        "sort": sort,
        "sorts": ([("relevance", RELEVANCE[0])] if query else []) + [(k, v[0]) for k, v in SORTS.items()],
        "total": sum(counts["status"].values()),
        "status_options": _facet_options(Status.choices, counts["status"], data.get("status") or []),
        "region_options": _facet_options(regions, counts["region"], [r.slug for r in data.get("region") or []]),
        "sex_options": _facet_options([c for c in Sex.choices if c[0]], counts["sex"], data.get("sex")),
        "article_options": _facet_options(
            sorted(articles.items(), key=_article_order), counts["article"], data.get("article")
        ),
        "release_options": _facet_options(
            [c for c in ReleaseReason.choices if c[0]], {}, data.get("release_reason") or []
        ),
        "facility_options": [(f.pk, f.localized()) for f in Facility.objects.all()],
        "carried": [(name, request.GET[name]) for name in CARRIED_FILTERS if request.GET.get(name)],
        "next_query": _query_with(request, after=page.next_cursor) if page.next_cursor else "",
        "first_query": _query_with(request, after=None),
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("after", "sort")),
    }
    return render(request, "registry/prisoner_list.html", context)


def _article_order(item: tuple[str, str]) -> tuple:
    number = item[0]
    head, _sep, tail = number.partition("-")
    return (int(head) if head.isdigit() else 10**6, tail, number)


def _query_with(request: HttpRequest, **changes) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        params.pop(key, None)
        if value:
            params[key] = value
    return params.urlencode()


def prisoner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    # Anonymous and private people get the same 404 as an id that never existed.
    prisoner = get_object_or_404(
        Prisoner.objects.published().select_related("region").prefetch_related(*PROFILE_PREFETCH), pk=pk
    )
    current_placement = None
    for custody in prisoner.custody_periods.all():
        if custody.is_open:
            current_placement = next((p for p in custody.placements.all() if p.left_on is None), None)
    names = list(prisoner.names.all())
    context = {
        "prisoner": prisoner,
        "display": prisoner.name_in(),
        "names": names,
        "timeline": build_timeline(prisoner),
        "current_placement": current_placement,
    }
    return render(request, "registry/prisoner_detail.html", context)


def facility_list(request: HttpRequest) -> HttpResponse:
    facilities = Facility.objects.with_held_count().select_related("region").order_by("-held_count", "name_en")
    return render(request, "registry/facility_list.html", {"facilities": facilities})


def facility_detail(request: HttpRequest, pk: int) -> HttpResponse:
    facility = get_object_or_404(Facility.objects.select_related("region"), pk=pk)
    people = statistics.facility_people(facility)
    named = PrisonerFilter({"facility": facility.pk}, queryset=Prisoner.objects.published()).qs
    context = {
        "facility": facility,
        "people": people,
        "named_preview": with_list_relations(named.order_by("display_name", "pk"))[:PER_PAGE],
    }
    return render(request, "registry/facility_detail.html", context)


# --- statistics -----------------------------------------------------------------------------------

CHARTS = ["held", "releases-by-month", "releases-by-reason", "pardons-per-decree", "status", "region", "sex", "article"]


def _chart_tables(today: dt.date) -> dict[str, dict]:
    """Every statistics chart as a titled table (header + rows); the page draws them, the CSV exports them."""
    reasons = dict(ReleaseReason.choices)
    held = statistics.held_over_time(statistics.SINCE_2020, today)
    by_month = statistics.releases_by_month(statistics.SINCE_2020, today)
    reason_keys = sorted({row["reason"] for row in by_month}, key=list(reasons).index)
    months: dict[dt.date, dict[str, int]] = {}
    for row in by_month:
        months.setdefault(row["month"], {})[row["reason"]] = row["count"]
    by_reason = statistics.releases_by_reason(statistics.SINCE_2020, today)
    per_decree = statistics.pardons_per_decree()
    statuses, sexes = dict(Status.choices), dict(Sex.choices)
    regions = {r.slug: r.localized() for r in Region.objects.all()}
    articles = {}
    for article in Article.objects.select_related("code"):
        articles.setdefault(article.number, article.localized())
    by = {name: statistics.people_by(name) for name in ("status", "region", "sex", "article")}

    def month(value: dt.date) -> str:
        return value.strftime("%Y-%m")

    return {
        "held": {
            "title": _("People held, on the first day of each month"),
            "header": [_("Month"), _("Held")],
            "rows": [[month(r["month"]), r["held"]] for r in held],
        },
        "releases-by-month": {
            "title": _("Releases per month, by reason"),
            "header": [_("Month")] + [str(reasons[k]) for k in reason_keys],
            # Every month from 2020 on, so a month without releases shows as zero rather than vanishing.
            "rows": [
                [month(m)] + [months.get(m, {}).get(k, 0) for k in reason_keys]
                for m in statistics.month_starts(statistics.SINCE_2020, today)
            ],
        },
        "releases-by-reason": {
            "title": _("Releases since 2020, by reason"),
            "header": [_("Reason"), _("Releases")],
            "rows": [[str(reasons[k]), n] for k, n in by_reason.items()],
        },
        "pardons-per-decree": {
            "title": _("People pardoned per decree: announced and identified"),
            "header": [_("Decree announced"), _("Announced"), _("Identified")],
            "rows": [
                [
                    format_partial_iso(r["announced_on"], r["announced_on_precision"]),
                    r["announced_total"],
                    r["identified"],
                ]
                for r in per_decree
            ],
            "links": [r["decree"] for r in per_decree],
        },
        "status": {
            "title": _("People in the registry, by status"),
            "header": [_("Status"), _("People")],
            "rows": _sorted_rows(by["status"], lambda k: str(statuses.get(k, k))),
        },
        "region": {
            "title": _("People in the registry, by region"),
            "header": [_("Region"), _("People")],
            "rows": _sorted_rows(by["region"], lambda k: regions.get(k, "") or _("not recorded")),
        },
        "sex": {
            "title": _("People in the registry, by sex"),
            "header": [_("Sex"), _("People")],
            "rows": _sorted_rows(by["sex"], lambda k: str(sexes.get(k, k))),
        },
        "article": {
            "title": _("People in the registry, by article of conviction"),
            "header": [_("Article"), _("People")],
            "rows": _sorted_rows(
                {k: v for k, v in by["article"].items() if k},
                lambda k: f"{k} — {articles[k]}" if k in articles else k,
            ),
        },
    }


def _sorted_rows(counts: dict[str, int], label) -> list[list]:
    return sorted(([label(k), n] for k, n in counts.items()), key=lambda row: (-row[1], row[0]))


def statistics_page(request: HttpRequest) -> HttpResponse:
    today = statistics.today()
    tables = _chart_tables(today)
    held = tables["held"]
    by_month = tables["releases-by-month"]
    per_decree = tables["pardons-per-decree"]
    context = {
        "today": today,
        "tables": tables,
        "by_keys": ["status", "region", "sex", "article"],
        "held_chart": charts.columns([(r[0], [r[1]]) for r in held["rows"]]),
        "releases_chart": charts.columns([(r[0], r[1:]) for r in by_month["rows"]], by_month["header"][1:]),
        "decree_chart": charts.columns(
            [(r[0], [r[2], max((r[1] or 0) - r[2], 0)]) for r in per_decree["rows"]],
            [_("Identified"), _("Announced, not yet identified")],
        ),
        "bars": {
            key: charts.bar_rows(tables[key]["rows"])
            for key in ("releases-by-reason", "status", "region", "sex", "article")
        },
    }
    return render(request, "registry/statistics.html", context)


def statistics_csv(request: HttpRequest, chart: str) -> HttpResponse:
    if chart not in CHARTS:
        raise Http404
    table = _chart_tables(statistics.today())[chart]
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{chart}.csv"'
    writer = csv.writer(response)
    writer.writerow(table["header"])
    writer.writerows(["" if v is None else v for v in row] for row in table["rows"])
    return response
