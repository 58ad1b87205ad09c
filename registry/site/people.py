"""The prisoner list (search, filters with counts, keyset pages) and the profile page.

Thin: visibility from the QuerySets, filters from registry.queries.filters, counts from
registry.queries.statistics. Each page makes a fixed number of queries whatever the rows."""

from __future__ import annotations

import datetime as dt
import hashlib
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language, gettext_lazy

from registry.dates import format_partial
from registry.db import freshness
from registry.models import (
    Article,
    Contact,
    ContactKind,
    CustodyKind,
    Facility,
    Prisoner,
    Region,
    ReleaseReason,
    Sex,
    Status,
    Verification,
    terms,
)
from registry.models.contact import WITHOUT_CONTACT_DAYS
from registry.models.people import RECOGNISED_KEY, group_choices, name_order_field, said_of
from registry.queries import statistics
from registry.queries.documents import with_versions
from registry.queries.filters import PrisonerFilter
from registry.queries.keyset import SortKey, keyset_page
from registry.queries.profile import ProfileRead, read_profile
from registry.queries.rows import list_rows
from registry.site.timeline import build_timeline, sentence_line

PER_PAGE = 50

# "name" orders by the names the reader's language shows (name_order_field): display_name stands for it here.
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
    else:
        sort = sort if sort in SORTS else "name"
        _label, keys = SORTS[sort]
        if sort == "recognised":
            prisoners = prisoners.annotate(recognised_key=RECOGNISED_KEY)
    by_name = name_order_field()
    keys = [SortKey(by_name, key.descending) if key.field == "display_name" else key for key in keys]
    page = keyset_page(with_versions(prisoners.for_rows(by_name)), keys, request.GET.get("after"), PER_PAGE)

    # Every page of one search and filter shows the same filters and counts: rendered once per version of them —
    # the tallies' (with the regions' and articles' rows) when the tallies count them, else what the filters read.
    chosen = sorted((key, value) for key, values in request.GET.lists() if key != "after" for value in values)
    # The URL prefix too: the column's links hold it, and with Redis every app server shares the kept column.
    filters_key = hashlib.sha256(f"{get_language()}|{get_script_prefix()}|{urlencode(chosen)}".encode()).hexdigest()

    def filters_now() -> tuple[str, int]:
        return _filters(request, prisoner_filter, prisoners, data=data, query=query, sort=sort)

    made_of = (filters_key, prisoner_filter.counts_version(), dt.date.today())
    filters, total = freshness.remember_for("list-filters", made_of, filters_now)
    feed_query = urlencode([(k, v) for k, vs in request.GET.lists() if k in prisoner_filter.filters for v in vs if v])
    context = {
        "feed_url": reverse("prisoner_list_feed") + (f"?{feed_query}" if feed_query else ""),
        "form": prisoner_filter.form,
        "filters": filters,
        "page": page,
        "rows_html": _rows_html(page.rows),
        "query": query,
        "total": total,
        "next_query": _query_with(request, after=page.next_cursor) if page.next_cursor else "",
        "first_query": _query_with(request, after=None),
    }
    return render(request, "registry/prisoner_list.html", context)


def _rows_html(people: list[Prisoner]) -> str:
    """The page's rows (includes/prisoner_rows.html), kept per language and URL prefix under each person's version
    and what all rows share: after a write about someone else the rows are neither read nor rendered again."""
    shared = people[0].shared_version if people else None
    made_of = (get_language(), get_script_prefix(), shared, [(person.pk, person.own_version) for person in people])
    return freshness.remember_for(
        "list-rows", made_of, lambda: render_to_string("includes/prisoner_rows.html", {"rows": list_rows(people)})
    )


def _filters(
    request: HttpRequest, prisoner_filter: PrisonerFilter, prisoners, *, data: dict, query: str, sort: str
) -> tuple[str, int]:
    """The rendered filters and sorting of the list (each option with its count), and how many people match;
    `data` is the filter form's cleaned data."""
    counts = statistics.facets(
        prisoners, chosen=prisoner_filter.tallied(), named_only=True, scanned_under=prisoner_filter.scanned_version
    )
    # Reference rows: any write to them moves row 0 of the person versions (with the tallies' row here).
    regions, articles, facilities = freshness.remember_for(
        "list-choices", (get_language(), freshness.counts_current()), _filter_choices
    )
    context = {
        "form": prisoner_filter.form,
        # The default option sends no order, so a name typed on any page ranks by best match; without a
        # search it is the name order (listed once).
        "sort": sort if sort in SORTS and (query or sort != "name") else "",
        "sorts": [("", RELEVANCE[0] if query else SORTS["name"][0])]
        + [(k, v[0]) for k, v in SORTS.items() if query or k != "name"],
        "can_write": data.get("can_write") is True,
        "status_options": _facet_options(group_choices(Status), counts["status"], data.get("status") or []),
        "region_options": _facet_options(regions, counts["region"], [r.slug for r in data.get("region") or []]),
        "sex_options": _facet_options([c for c in Sex.choices if c[0]], counts["sex"], data.get("sex")),
        "verification_options": group_choices(Verification),
        "chosen_verification": request.GET.getlist("verification"),
        "article_options": _facet_options(articles, counts["article"], data.get("article")),
        "release_options": _facet_options(
            [c for c in ReleaseReason.choices if c[0]], {}, data.get("release_reason") or []
        ),
        "facility_options": facilities,
        "carried": [(name, request.GET[name]) for name in CARRIED_FILTERS if request.GET.get(name)],
        "is_filtered": any(value for key, value in request.GET.items() if key not in ("after", "sort")),
    }
    return render_to_string("includes/list_filters.html", context), sum(counts["status"].values())


def _filter_choices() -> tuple[list, list, list]:
    """The region, article and facility options in the active language, as (value, label) pairs: reference
    tables that every list page shows, read again only after a write to them (freshness.counts_current)."""
    regions = [(r.slug, r.localized()) for r in Region.objects.all()]
    articles = {}
    for article in Article.objects.select_related("code"):
        articles.setdefault(article.number, f"{article.number} — {article.localized()}")
    facilities = [(f.pk, f.localized()) for f in Facility.objects.all()]
    return regions, sorted(articles.items(), key=_article_order), facilities


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


def custody_facts(prisoner: Prisoner) -> dict:
    """What a reader looks for first about someone held: since when, where, on what sentence — each
    'not known' rather than left out when the records do not say (over the prefetched relations)."""
    open_custody = next((c for c in prisoner.custody_periods.all() if c.is_open), None)
    if open_custody is None:
        return {}
    latest = terms.latest(prisoner.convictions.all())
    sentence = sentence_line(latest) if latest is not None else ""
    release = prisoner.expected_release()
    return {
        # House arrest and restricted freedom are custody but not prison: said as what they are, and the days
        # counted over them are not called days behind bars.
        "kind": open_custody.kind,
        "behind_bars_only": all(c.kind == CustodyKind.DETENTION for c in prisoner.custody_periods.all()),
        "since": open_custody.detained_on_display,
        "placement": open_custody.current_placement(),
        "sentence": sentence if latest is not None and (latest.sentence_months or latest.life_sentence) else "",
        "court": latest.court if latest is not None else "",
        "expected_release": format_partial(release.date, release.precision) if release else "",
        # A sentence whose end has passed while the person is still held: said, not left for readers to work out.
        "expected_release_passed": release is not None and release.last_day() < dt.date.today(),
        "life": latest is not None and latest.life_sentence,
        "days": prisoner.days_in_custody(),
    }


def charged_with(prisoner: Prisoner) -> list:
    """Every article charged, each once, in code order: what the summary says they were charged with."""
    charges = {}
    for conviction in prisoner.convictions.all():
        for charge in conviction.charges.all():
            charges.setdefault((charge.article.code.short_name, charge.article.number, charge.part), charge)
    return [charges[key] for key in sorted(charges)]


def release_facts(prisoner: Prisoner) -> dict:
    """For someone not held now: when and how their latest custody ended (over the prefetched periods)."""
    if any(c.is_open for c in prisoner.custody_periods.all()):
        return {}
    latest = prisoner.latest_custody()
    if latest is None or latest.released_on is None:
        return {}
    return {"on": latest.released_on_display, "how": latest.get_release_reason_display()}


def prisoner_detail(request: HttpRequest, pk: int, read: ProfileRead | None = None) -> HttpResponse:
    """`read`: the person as the page cache read them with their version (registry.site.page_cache)."""
    prisoner = (read or read_profile(pk)).person()
    if prisoner is None:  # anonymous and private people get the same 404 as an id that never existed
        raise Http404
    names = list(prisoner.names.all())
    context = {
        "prisoner": prisoner,
        "display": prisoner.name_in(),
        "names": names,
        "timeline": build_timeline(prisoner),
        "current_placement": prisoner.current_placement(),
        "custody": custody_facts(prisoner),
        "released": release_facts(prisoner),
        "charges": charged_with(prisoner),
        "can_write": prisoner.can_write,
        "contact": contact_facts(prisoner),
    }
    return render(request, "registry/prisoner_detail.html", context)


def contact_facts(prisoner: Prisoner) -> dict | None:
    """The latest sign of life (kind and day) and, while the person is held, days since it (None: none recorded).

    From the annotations load_profile adds (last_sign_kind, last_sign_on)."""
    if prisoner.last_sign_on is None:
        return None
    last = Contact(prisoner=prisoner, kind=prisoner.last_sign_kind, occurred_on=prisoner.last_sign_on)
    held = prisoner.status in (Status.IN_CUSTODY, Status.RESTRICTED)
    days = (dt.date.today() - last.occurred_on).days if held else None
    return {
        "last": last,
        "said": said_of(ContactKind, last.kind, prisoner.sex),
        "days": days,
        "quiet": days is not None and days > WITHOUT_CONTACT_DAYS[0],
    }
