"""The statistics page (SVG charts drawn on the server, each with its table) and each chart's CSV."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from registry import csv_safe
from registry.dates import format_partial_iso
from registry.models import Article, Region, ReleaseReason, Sex, Status, VulnerabilityCategory
from registry.models.contact import WITHOUT_CONTACT_DAYS
from registry.models.people import group_choices
from registry.queries import statistics
from registry.site import charts

CHARTS = [
    "held", "releases-by-month", "releases-by-reason", "pardons-per-decree", "at-risk", "without-contact", "status",
    "region", "sex", "article",
]  # fmt: skip


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
    statuses, sexes = dict(group_choices(Status)), dict(Sex.choices)
    regions = {r.slug: r.localized() for r in Region.objects.all()}
    articles = {}
    for article in Article.objects.select_related("code"):
        articles.setdefault(article.number, article.localized())
    by = statistics.people_by(["status", "region", "sex", "article"])
    risk = statistics.at_risk(today)
    quiet = statistics.without_contact(today)
    categories = dict(VulnerabilityCategory.choices)

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
        "at-risk": {
            "title": _("People held now who are at particular risk"),
            "header": [_("Held now"), _("People")],
            # None: too few to show without telling whose health or family it is (the small-cell rule).
            "rows": [[_("over 60"), risk["over_60"]]]
            + [[str(categories[k]), n] for k, n in risk["categories"].items() if k != VulnerabilityCategory.OTHER],
        },
        "without-contact": {
            "title": _("People held now, by time since their last sign of life"),
            "header": [_("Last sign of life"), _("People")],
            "rows": [
                [_("more than %(days)s days ago") % {"days": days}, quiet[f"over_{days}"]]
                for days in WITHOUT_CONTACT_DAYS
            ]
            + [[_("none recorded"), quiet["unrecorded"]]],
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
        "min_cell": settings.STATISTICS_MIN_ANONYMOUS,
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
    if csv_safe.wants_bom(request.GET):
        response.write(csv_safe.BOM)
    writer = csv_safe.Writer(response)
    writer.writerow(table["header"])
    writer.writerows(["" if v is None else v for v in row] for row in table["rows"])
    return response
