"""Every public number, computed from records "as of" any date — the one home of the site's and API's figures.

All counts go through the visibility rule: anonymous people are counted, private people are not
(`Prisoner.objects.counted()` and the related `.counted()` querysets). Each function runs a fixed
number of queries whatever the data size.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth

from pardons.models import Pardon, PardonDecree
from registry.dates import Precision, may_be_on_or_after
from registry.db import freshness
from registry.models import Custody, Facility, Prisoner, ReleaseReason, Status, Verification
from registry.models.contact import WITHOUT_CONTACT_DAYS, last_sign_of_life
from registry.models.custody import covers
from registry.models.visibility import anonymous_may_be_counted
from registry.models.vulnerability import Vulnerability, VulnerabilityCategory, may_show_health_count, over_60

SINCE_2020 = dt.date(2020, 1, 1)


def today() -> dt.date:
    return dt.date.today()


def series_since() -> dt.date:
    """The configurable start of the pardon series counted on the home page (PARDON_SERIES_SINCE)."""
    return dt.date.fromisoformat(settings.PARDON_SERIES_SINCE)


def held_now() -> int:
    return Prisoner.objects.counted().filter(status=Status.IN_CUSTODY).count()


def held_on(on: dt.date) -> int:
    """People deprived of liberty on that date (house arrest not included)."""
    return Prisoner.objects.counted().held_on(on).count()


def held_named_on(on: dt.date) -> int:
    """Of `held_on`, the people listed by name (the list behind the number): the rest are withheld."""
    return Prisoner.objects.published().held_on(on).count()


def at_risk(on: dt.date) -> dict:
    """People held on `on` who are at particular risk: by vulnerability category (health and family data, each
    count shown only under its small-cell rule, None otherwise) and over 60 (from birth dates)."""
    held = Prisoner.objects.counted().held_on(on)
    total = held.count()
    by_category = dict(
        Vulnerability.objects.filter(prisoner__in=held)
        .order_by()
        .values_list("category")
        .annotate(n=Count("prisoner", distinct=True))
    )
    categories = {}
    for category in VulnerabilityCategory.values:
        count = by_category.get(category, 0)
        categories[category] = count if may_show_health_count(count, total) else None
    return {"on": on, "held": total, "categories": categories, "over_60": over_60(held, on).count()}


def without_contact(on: dt.date) -> dict:
    """People held on `on` by how long since their last recorded sign of life: more than 30, 180 and 365 days,
    and how many have none recorded. Counts only (anonymous people included, never named)."""
    held = Prisoner.objects.counted().held_on(on).annotate(last=last_sign_of_life())
    counts = held.aggregate(
        held=Count("pk"),
        unrecorded=Count("pk", filter=Q(last__isnull=True)),
        **{
            f"over_{days}": Count("pk", filter=Q(last__lt=on - dt.timedelta(days=days)))
            for days in WITHOUT_CONTACT_DAYS
        },
    )
    return {"on": on, **counts}


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


def held_over_time(start: dt.date, end: dt.date) -> list[dict]:
    """People held on the first day of each month from start to end, in one query."""
    months = month_starts(start, end)
    if not months:
        return []
    periods = Custody.objects.counted().detention()
    # The same rule as `held_on` (Custody.covering), as one aggregate per month over one scan.
    aggregates = {f"m{i}": Count("prisoner", distinct=True, filter=covers(month)) for i, month in enumerate(months)}
    counts = periods.aggregate(**aggregates)
    return [{"month": month, "held": counts[f"m{i}"]} for i, month in enumerate(months)]


def releases_by_month(start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Releases per month and reason. Releases known only to the year are left out here
    (they are in `releases_by_reason`), so no month is invented."""
    rows = Custody.objects.counted().filter(
        released_on__isnull=False, released_on_precision__in=[Precision.DAY, Precision.MONTH]
    )
    if start:
        rows = rows.filter(released_on__gte=start)
    if end:
        rows = rows.filter(released_on__lte=end)
    rows = (
        rows.annotate(month=TruncMonth("released_on"))
        .values("month", "release_reason")
        .annotate(count=Count("pk"))
        .order_by("month", "release_reason")
    )
    return [
        {
            "month": row["month"].date() if hasattr(row["month"], "date") else row["month"],
            "reason": row["release_reason"],
            "count": row["count"],
        }
        for row in rows
    ]


def releases_by_reason(since: dt.date = SINCE_2020, until: dt.date | None = None) -> dict[str, int]:
    """Releases (custody periods ended) since a date, by reason; deaths in custody are not releases."""
    rows = Custody.objects.counted().filter(released_on__gte=since).exclude(release_reason=ReleaseReason.DIED)
    if until:
        rows = rows.filter(released_on__lte=until)
    counts = dict(rows.values_list("release_reason").annotate(n=Count("pk")).order_by())
    return {reason: counts.get(reason, 0) for reason in ReleaseReason.values if reason not in ("", ReleaseReason.DIED)}


def deaths_in_custody(since: dt.date = SINCE_2020, until: dt.date | None = None) -> int:
    rows = Custody.objects.counted().filter(release_reason=ReleaseReason.DIED, released_on__gte=since)
    if until:
        rows = rows.filter(released_on__lte=until)
    return rows.values("prisoner").distinct().count()


def pardons_since(since: dt.date, until: dt.date | None = None) -> dict:
    """Decrees announced since a date, people the authorities announced, people identified here."""
    decrees = PardonDecree.objects.filter(may_be_on_or_after("announced_on", since))
    decree_ids = decrees.values("pk")
    pardons = Pardon.objects.counted().filter(decree__in=decree_ids)
    if until:
        decrees = decrees.filter(announced_on__lte=until)
        pardons = pardons.filter(decree__announced_on__lte=until)
    totals = decrees.aggregate(decrees=Count("pk"), announced=Sum("announced_total"))
    return {
        "since": since,
        "decrees": totals["decrees"],
        "people_announced": totals["announced"] or 0,
        "people_identified": pardons.values("prisoner").distinct().count(),
    }


def pardons_per_decree(until: dt.date | None = None) -> list[dict]:
    """Announced vs identified for each decree (announced up to `until`, if given)."""
    decrees = PardonDecree.objects.with_identified_counts().order_by("announced_on", "pk")
    if until:
        decrees = decrees.filter(announced_on__lte=until)
    return [
        {
            "decree": decree.pk,
            "announced_on": decree.announced_on,
            "announced_on_precision": decree.announced_on_precision,
            "announced_total": decree.announced_total,
            "identified": decree.identified_count,
        }
        for decree in decrees
    ]


# Facets that are one column of the person: a plain GROUP BY, one row per person.
FACET_FIELDS = {
    "status": "status",
    "region": "region__slug",
    "sex": "sex",
}
FACET_NAMES = [*FACET_FIELDS, "article"]


def facets_for(prisoners: QuerySet[Prisoner], names: list[str]) -> dict:
    """Counts for the named facets of an already visibility-filtered set (one query per facet, and one for
    the small-cell rule), with `anonymous_included`: False when the set holds too few anonymous people to
    count them without telling their attributes (visibility.anonymous_may_be_counted), so named only.

    The set must not itself be filtered through a to-many join (PrisonerFilter uses EXISTS), so a
    person is one row. "article" is reached through convictions and charges: see `article_counts`.
    """

    def counts() -> dict:
        nonlocal prisoners
        included = anonymous_may_be_counted(prisoners.withheld().count())
        if not included:
            prisoners = prisoners.published()
        return {**{name: grouped(name) for name in names}, "anonymous_included": included}

    def grouped(name: str) -> dict[str, int]:
        if name == "article":
            return article_counts(prisoners)
        rows = prisoners.order_by().values_list(FACET_FIELDS[name]).annotate(n=Count("pk"))
        return {str(key) if key is not None else "": n for key, n in rows}

    # The set's own SQL is the cache key: the same filters and visibility give the same counts until a
    # write changes the data version (registry/db/freshness.py). A scan of every person, done once.
    try:
        sql, params = prisoners.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # empty by construction (e.g. a search with no letters): nothing to count
        return {**{name: {} for name in names}, "anonymous_included": True}
    key = hashlib.sha256(repr((sql, params, names)).encode()).hexdigest()
    return freshness.remember(f"facets|{key}", counts)


def article_counts(prisoners: QuerySet[Prisoner]) -> dict[str, int]:
    """People per article number in an already visibility-filtered set (one query).

    Reads the per-person `article_numbers` that PostgreSQL keeps from the charges: a person charged
    twice under one number counts once, and no charge is joined.
    """
    people_sql, params = prisoners.order_by().values("article_numbers").query.sql_with_params()
    sql = f"""
        SELECT number, count(*) FROM ({people_sql}) people
        CROSS JOIN LATERAL unnest(people.article_numbers) AS number GROUP BY number
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def facets(prisoners: QuerySet[Prisoner]) -> dict:
    """Counts by status, region, sex and article for an already visibility-filtered set (4 queries)."""
    return facets_for(prisoners, FACET_NAMES)


def headline(on: dt.date | None = None) -> dict:
    """The home page's numbers, as of a date (default today)."""
    on = on or today()
    last_year = on - dt.timedelta(days=365)
    return {
        "as_of": on,
        "held": held_on(on),
        # Of them, records not yet verified (one source so far): counted, and said so.
        "held_not_yet_verified": Prisoner.objects.counted()
        .held_on(on)
        .filter(verification=Verification.REPORTED)
        .count(),
        "released_since_2020": releases_by_reason(SINCE_2020, on),
        "deaths_in_custody_since_2020": deaths_in_custody(SINCE_2020, on),
        "pardons_last_12_months": pardons_since(last_year, on),
        "pardons_since": pardons_since(series_since(), on),
    }


def facility_people(facility: Facility) -> dict[str, int]:
    """People held in a facility now: counted publicly, of them named on the site, and withheld (1 query).

    `facility` comes from `Facility.objects.with_held_count()`. The named count uses the list page's
    "held now in facility" rule (`held_in`), so it matches the list it links to.
    """
    named = Prisoner.objects.published().held_in(facility).count()
    return {"held": facility.held_count, "named": named, "withheld": facility.held_count - named}


def people_by(field: str) -> dict[str, int]:
    """Publicly counted people grouped by one of the facets (status, region, sex, article) — one query."""
    return facets_for(Prisoner.objects.counted(), [field])[field]
