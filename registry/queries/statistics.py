"""Every public number, computed from records "as of" any date — the one home of the site's and API's figures.

All counts go through the visibility rule: anonymous people are counted, private people are not
(`Prisoner.objects.counted()` and the related `.counted()` querysets). Each function runs a fixed number of queries
whatever the data size: the tallied figures, the headline among them, one statement each, composed once per set
of arguments (registry.queries.graphs.ComposedPerArguments): building the ORM's queries cost more than running them.
The headline, held, release and without-contact figures and the facets of the list's own columns read the tallies
PostgreSQL keeps on write (registry/models/tallies.py), so they sum a few hundred rows at any number of people; and
they are kept until a write changes a tally (`from_tallies`), or for without contact and at risk, also one to who is
held, their vulnerabilities or contacts (`from_held_peoples_rows`).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Hashable, Iterable
from functools import reduce
from operator import or_
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum

from pardons.models import Pardon, PardonDecree, PardonedPerson
from registry.dates import Precision
from registry.db import freshness
from registry.db.replicas import read_alias
from registry.models import (
    ArticleTally,
    Facility,
    HeldOver60Tally,
    HeldTally,
    PeopleTally,
    Prisoner,
    ReleaseMonthTally,
    ReleaseReason,
    ReleaseTally,
    Status,
    Verification,
    WithoutContactTally,
)
from registry.models.contact import WITHOUT_CONTACT_DAYS
from registry.models.visibility import anonymous_may_be_counted, published, under_small_cell_rule
from registry.models.vulnerability import Vulnerability, VulnerabilityCategory, may_show_health_count
from registry.queries.graphs import ComposedPerArguments, one_row

SINCE_2020 = dt.date(2020, 1, 1)
T = TypeVar("T")


def _kept_per(version: Callable[[], Hashable], figure: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(figure)
    def kept(*args, **kwargs) -> T:
        if not settings.DERIVED_CACHE_ENTRIES:
            return figure(*args, **kwargs)
        made_of = (args, sorted(kwargs.items()), version())
        return freshness.remember_for(f"tallied|{figure.__qualname__}", made_of, lambda: figure(*args, **kwargs))

    return kept


def from_tallies(figure: Callable[..., T]) -> Callable[..., T]:
    """A figure read from the tallies alone (and tables every page shares: decrees, regions, articles), kept per
    its arguments until a write changes one of them (freshness.counts_current) rather than until any write: a
    rename, an event or a citation leaves it standing. Its arguments must be all it depends on ("today" passed in,
    never read inside), named by their repr."""
    return _kept_per(freshness.counts_current, figure)


def from_held_peoples_rows(figure: Callable[..., T]) -> Callable[..., T]:
    """As `from_tallies`, for a figure that also reads who is held and their vulnerabilities or signs of life (or
    a tally of them that moves no count: without contact's): kept until a write changes a count or one of those rows
    (freshness.risks_current)."""
    return _kept_per(freshness.risks_current, figure)


def today() -> dt.date:
    return dt.date.today()


def series_since() -> dt.date:
    """The configurable start of the pardon series counted on the home page (PARDON_SERIES_SINCE)."""
    return dt.date.fromisoformat(settings.PARDON_SERIES_SINCE)


def held_now() -> int:
    return Prisoner.objects.counted().filter(status=Status.IN_CUSTODY).count()


@from_tallies
def held_on(on: dt.date, **only) -> int:
    """People deprived of liberty on that date (house arrest not included): the steps of the held tally up to
    it, the same rule as `PrisonerQuerySet.held_on` (`covers`). `only` narrows by the tally's other columns."""
    return HELD.fetch(on, tuple(sorted(only.items())), using=read_alias())["held"][0]["n"] or 0


def _held_steps(on: dt.date) -> QuerySet[HeldTally]:
    """The held tally's steps up to a date (an unknown day is before every date)."""
    return HeldTally.objects.filter(Q(day__isnull=True) | Q(day__lte=on))


def _held_total(on: dt.date, only: tuple = ()) -> QuerySet:
    return one_row(_held_steps(on).filter(**dict(only)), n=Sum("change"))


HELD = ComposedPerArguments(lambda on, only: {"held": _held_total(on, only)})


def held_named_on(on: dt.date) -> int:
    """Of `held_on`, the people listed by name (the list behind the number): the rest are withheld."""
    return held_on(on, published=True)


@from_held_peoples_rows
def at_risk(on: dt.date) -> dict:
    """People held on `on` who are at particular risk: by vulnerability category (health and family data, each
    count shown only under its small-cell rule, None otherwise) and over 60 (from birth dates).

    From the few vulnerable people towards whether each is held, and from a tally, never from everyone held."""
    found = AT_RISK.fetch(on, using=read_alias())
    total = found["held"][0]["n"] or 0
    by_category = {row["category"]: row["n"] for row in found["categories"]}
    categories = {}
    for category in VulnerabilityCategory.values:
        count = by_category.get(category, 0)
        categories[category] = count if may_show_health_count(count, total) else None
    over_60 = found["over_60"][0]
    # Of those held, the people certainly over 60 (`registry.models.vulnerability.over_60`), withheld people's under
    # the small-cell rule: named people's birth dates are on their profiles, the rest of the count is the withheld's.
    over_60 = under_small_cell_rule(over_60["named"] or 0, over_60["withheld"] or 0)
    return {"on": on, "held": total, "categories": categories, "over_60": over_60}


def _at_risk_parts(on: dt.date) -> dict[str, QuerySet]:
    held = Prisoner.objects.counted().held_on(on)
    is_held = Exists(held.filter(pk=OuterRef("prisoner_id")))
    categories = Vulnerability.objects.filter(is_held).order_by().values("category")
    over_60 = HeldOver60Tally.objects.filter(day__lte=on)
    return {
        "held": _held_total(on),
        "categories": categories.annotate(n=Count("prisoner", distinct=True)),
        "over_60": one_row(
            over_60, named=Sum("change", filter=Q(published=True)), withheld=Sum("change", filter=Q(published=False))
        ),
    }


AT_RISK = ComposedPerArguments(_at_risk_parts)


@from_held_peoples_rows
def without_contact(on: dt.date) -> dict:
    """People held on `on` by how long since their last sign of life recorded by then: more than 30, 180 and 365
    days, and how many have none recorded. Counts only, each taking withheld people under the small-cell rule: a count
    holding one would tell when they were last heard of (named people's last sign of life is on their profiles, so
    the rest of a count is theirs).

    The steps of the without-contact tally up to `on`, which PostgreSQL keeps by this rule on every write to custody,
    contacts or visibility; tests/registry/db/test_tallies.py holds it equal to a count of the contact log."""
    rows = WITHOUT_CONTACT.fetch(on, using=read_alias())
    found = {(days, named): 0 for days in (None, *WITHOUT_CONTACT_DAYS) for named in (True, False)}
    found.update(((row["over_days"], row["published"]), row["n"]) for row in rows["steps"])
    counts = {"unrecorded": under_small_cell_rule(found[None, True], found[None, False])}
    for days in WITHOUT_CONTACT_DAYS:
        counts[f"over_{days}"] = under_small_cell_rule(found[days, True], found[days, False])
    return {"on": on, "held": rows["held"][0]["n"] or 0, **counts}


def _without_contact_parts(on: dt.date) -> dict[str, QuerySet]:
    steps = WithoutContactTally.objects.filter(Q(day__isnull=True) | Q(day__lte=on)).order_by()
    return {"steps": steps.values("over_days", "published").annotate(n=Sum("change")), "held": _held_total(on)}


WITHOUT_CONTACT = ComposedPerArguments(_without_contact_parts)


def month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = (current + dt.timedelta(days=32)).replace(day=1)
    return months


@from_tallies
def held_over_time(start: dt.date, end: dt.date) -> list[dict]:
    """People held on the first day of each month from start to end, in one query: the held tally's steps per
    day, added up in date order (an unknown start first), read off at each month."""
    months = month_starts(start, end)
    if not months:
        return []
    steps = [
        (row["day"] and dt.date.fromisoformat(row["day"]), row["change"])
        for row in HELD_STEPS.fetch(months[-1], using=read_alias())["steps"]
    ]
    held, out, pending = 0, [], iter(steps)
    step = next(pending, None)
    for month in months:
        while step is not None and (step[0] is None or step[0] <= month):
            held += step[1]
            step = next(pending, None)
        out.append({"month": month, "held": held})
    return out


def _held_steps_by_day(on: dt.date) -> dict[str, QuerySet]:
    steps = _held_steps(on).values("day").annotate(change=Sum("change"))
    return {"steps": steps.order_by(F("day").asc(nulls_first=True))}


HELD_STEPS = ComposedPerArguments(_held_steps_by_day)


@from_tallies
def releases_by_month(start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Releases per month and reason, each month and reason a cell under the small-cell rule (a month the range cuts:
    each of its days, `_cells_under_small_cell_rule`). Releases known only to the year are left out here (they are in
    `releases_by_reason`), so no month is invented."""
    counts = _ended_cells(start, end, by_month=True, precision__in=(Precision.DAY, Precision.MONTH))
    return [{"month": month, "reason": reason, "count": n} for (month, reason), n in sorted(counts.items()) if n > 0]


def releases_by_reason(since: dt.date = SINCE_2020, until: dt.date | None = None) -> dict[str, int]:
    """Releases (custody periods ended) since a date, by reason; deaths in custody are not releases."""
    return _releases(_periods_ended(since, until))


def deaths_in_custody(since: dt.date = SINCE_2020, until: dt.date | None = None) -> int:
    return _deaths(_periods_ended(since, until, reason=ReleaseReason.DIED))


@from_tallies
def _periods_ended(since: dt.date, until: dt.date | None, **only) -> dict[str, int]:
    """Custody periods ended from `since` to `until`, by reason (deaths included), summed over cells under the
    small-cell rule: one query for both figures."""
    return _ended_cells(since, until, **only)


def _ended_cells(since: dt.date | None, until: dt.date | None, *, by_month: bool = False, **only) -> dict:
    """`_ended`'s rows in one statement, summed per reason (and month) under the small-cell rule."""
    found = ENDED.fetch(since, until, tuple(sorted(only.items())), using=read_alias())
    return _cells_under_small_cell_rule(_ended_rows(found["ended"]), by_month=by_month)


def _cells_under_small_cell_rule(rows: Iterable[tuple], *, by_month: bool = False) -> dict:
    """Rows of (month or day, reason, named, withheld) — a whole month's releases for a reason, or a day's — summed
    per reason (and month): each row its named releases, and its withheld ones when there are none or enough of them.

    The rule holds per month or day, never over the sum: any range or total is then a sum of cells that are each
    safe to show, so two of them differ by such cells only. Over a sum, "February to March" less "March" told a
    withheld person's release that the February cell kept back, and moving a range's end a day at a time told its
    day and reason."""
    counts: dict = {}
    for when, reason, named, withheld in rows:
        key = (when.replace(day=1), reason) if by_month else reason
        counts[key] = counts.get(key, 0) + under_small_cell_rule(named or 0, withheld or 0)
    return counts


def _ended(since: dt.date | None, until: dt.date | None, **only) -> QuerySet:
    """Rows of (month or day, reason, named, withheld) that add up to the custody periods ended from `since` to
    `until` (None: no bound), in one query: a row per whole month and reason from the monthly tally, and per day and
    reason in the months the range cuts from the per-day one. So a range of years reads a row per month, not per
    day."""
    # The whole months run from `first` to before `end`; the days outside them are the cut months'.
    first = since and (since if since.day == 1 else _next_month(since))
    end = until and (_next_month(until) if (until + dt.timedelta(days=1)).day == 1 else until.replace(day=1))
    months, days = ReleaseMonthTally.objects.filter(**only), ReleaseTally.objects.filter(**only)
    cut = []
    if first:
        months, cut = months.filter(month__gte=first), [*cut, Q(day__lt=first)]
    if end:
        months, cut = months.filter(month__lt=end), [*cut, Q(day__gte=end)]
    days = days.filter(reduce(or_, cut) if cut else Q(pk__in=[]))
    if since:
        days = days.filter(day__gte=since)
    if until:
        days = days.filter(day__lte=until)
    sums = {"named": Sum("n", filter=Q(published=True)), "withheld": Sum("n", filter=Q(published=False))}
    months = months.values_list("month", "reason").annotate(**sums).order_by()
    days = days.values_list("day", "reason").annotate(**sums).order_by()
    return months.union(days, all=True)


def _ended_rows(rows: list[dict]) -> list[tuple]:
    """`_ended`'s rows as a statement's JSON gives them (registry.queries.graphs), as the ORM gives them."""
    return [(dt.date.fromisoformat(r["month"]), r["reason"], r["named"], r["withheld"]) for r in rows]


ENDED = ComposedPerArguments(lambda since, until, only: {"ended": _ended(since, until, **dict(only))})


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) + dt.timedelta(days=32)).replace(day=1)


def _releases(ended: dict[str, int]) -> dict[str, int]:
    return {reason: ended.get(reason, 0) for reason in ReleaseReason.values if reason not in ("", ReleaseReason.DIED)}


def _deaths(ended: dict[str, int]) -> int:
    # A person dies once (custody_one_death_per_prisoner), so periods ended by death are people.
    return ended.get(ReleaseReason.DIED, 0)


def pardons_since(since: dt.date, until: dt.date | None = None) -> dict:
    """Decrees announced since a date, people the authorities announced, people identified here."""
    return pardons_since_each([since], until)[0]


def pardons_since_each(sinces: list[dt.date], until: dt.date | None = None) -> list[dict]:
    """`pardons_since` for each of several dates, in one query whatever their number (the headline asks two); and a
    query per date when a decree is dated after `until` (`_identified_on_decrees_up_to`)."""
    return _pardons_since_each(tuple(sinces), until)


@from_tallies
def _pardons_since_each(sinces: tuple[dt.date, ...], until: dt.date | None) -> list[dict]:
    return _pardons_of(PARDONS.fetch(sinces, until, using=read_alias()), sinces, until)


def _pardon_parts(sinces: tuple[dt.date, ...], until: dt.date | None) -> dict[str, QuerySet]:
    """Decrees, and people announced on them, since each date (up to `until`); people identified since each date
    as PardonedPerson holds them; and whether a decree is dated after `until`, when PardonedPerson cannot tell."""
    decrees = PardonDecree.objects.all()
    if until:
        decrees = decrees.filter(announced_on__lte=until)
    since_each = {i: Q(announced_until__gte=since) for i, since in enumerate(sinces)}
    pardoned = PardonedPerson.objects.counted().filter(last_day__gte=min(sinces))
    parts = {
        "decrees": one_row(
            decrees,
            **{f"decrees_{i}": Count("pk", filter=since) for i, since in since_each.items()},
            **{f"announced_{i}": Sum("announced_total", filter=since) for i, since in since_each.items()},
        ),
        "pardoned": one_row(
            pardoned, **{f"identified_{i}": Count("pk", filter=Q(last_day__gte=s)) for i, s in enumerate(sinces)}
        ),
    }
    if until:
        parts["announced_after"] = PardonDecree.objects.filter(announced_on__gt=until).values("pk")[:1]
    return parts


PARDONS = ComposedPerArguments(_pardon_parts)


def _pardons_of(found: dict[str, list[dict]], sinces: tuple[dt.date, ...], until: dt.date | None) -> list[dict]:
    totals, pardoned = found["decrees"][0], found["pardoned"][0]
    if found.get("announced_after"):
        identified = _identified_on_decrees_up_to(sinces, until)
    else:
        identified = [pardoned[f"identified_{i}"] for i in range(len(sinces))]
    return [
        {
            "since": since,
            "decrees": totals[f"decrees_{i}"],
            "people_announced": totals[f"announced_{i}"] or 0,
            "people_identified": identified[i],
        }
        for i, since in enumerate(sinces)
    ]


def people_identified_since(since: dt.date, until: dt.date | None = None) -> int:
    """Publicly counted people with a pardon on a decree that may be announced since `since` (up to `until`),
    each once. Read from PardonedPerson (each person's latest decree's `announced_until`, so `last_day` >= since is
    the decrees' own rule) unless a decree is dated after `until`, which that row cannot tell apart."""
    return pardons_since(since, until)["people_identified"]


def _identified_on_decrees_up_to(sinces: tuple[dt.date, ...], until: dt.date) -> list[int]:
    """`people_identified_since` each date from the pardons themselves: a person's latest decree, which PardonedPerson
    reads, may be after `until` and hide an earlier one within it (a query per date)."""
    found = []
    for since in sinces:
        decrees = PardonDecree.objects.filter(announced_until__gte=since, announced_on__lte=until)
        pardons = Pardon.objects.counted().filter(decree__in=decrees.values("pk"))
        found.append(pardons.values("prisoner").distinct().count())
    return found


@from_tallies
def pardons_per_decree(until: dt.date | None = None) -> list[dict]:
    """Announced vs identified for each decree (announced up to `until`, if given)."""
    decrees = PardonDecree.objects.with_identified_counts().order_by("announced_on", "pk")
    if until:
        decrees = decrees.filter(announced_on__lte=until)
    # Rows, not model instances: building each decree whole cost more than the query.
    return list(
        decrees.values(
            "announced_on",
            "announced_on_precision",
            "announced_total",
            decree=F("pk"),
            identified=F("identified_count"),
        )
    )


# Facets that are one column of the person: a plain GROUP BY, one row per person.
FACET_FIELDS = {
    "status": "status",
    "region": "region__slug",
    "sex": "sex",
}
FACET_NAMES = [*FACET_FIELDS, "article"]
# The list filters the tallies can answer, and the lookup each is on a tally row (the same as PrisonerFilter's).
TALLIED_FILTERS = {"status": "status__in", "region": "region__in", "sex": "sex", "verification": "verification__in"}


def facets_for(
    prisoners: QuerySet[Prisoner],
    names: list[str],
    *,
    chosen: dict | None = None,
    named_only: bool = False,
    scanned_under: Callable[[], Hashable] | None = None,
) -> dict:
    """Counts for the named facets of an already visibility-filtered set, with `anonymous_included`: False when a
    count left out the people of its row whose names are withheld, because there were too few of them to count
    without telling their attributes (visibility.anonymous_may_be_counted, row by row: a region's count of ten
    may hold the one withheld person charged under an article no one named is).

    `chosen`: the filters that made the set from all counted people (or all published ones, `named_only`),
    when they are only TALLIED_FILTERS (`PrisonerFilter.tallied()`); the counts then come from the tallies,
    a few hundred rows at any size. Otherwise the set is scanned once for every facet (`_scanned_counts`): it
    must not itself be filtered through a to-many join (PrisonerFilter uses EXISTS), so a person is one row.
    """
    if chosen is not None:
        # Few rows, one query: kept until a write changes a tally row, or a region's or article's row
        # (freshness.counts_current), not until any write.
        made_of = (names, sorted(chosen.items()), named_only, freshness.counts_current())
        return freshness.remember_for("tallied", made_of, lambda: _tallied_facets(names, chosen, named_only=named_only))

    if named_only:
        # Named people only, as from the tallies: no anonymous person to count.
        prisoners = prisoners.published()

    # The set's own SQL is the cache key: the same filters and visibility give the same counts until a write changes
    # what they read — the version `scanned_under` gives (PrisonerFilter.scanned_version), else the data version
    # (registry/db/freshness.py). A scan of every person, done once.
    try:
        sql, params = prisoners.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # empty by construction (e.g. a search with no letters): nothing to count
        return {**{name: {} for name in names}, "anonymous_included": True}
    key = hashlib.sha256(repr((sql, params, names)).encode()).hexdigest()

    def scanned() -> dict:
        return _under_small_cell_rule(_scanned_counts(prisoners, names))

    if scanned_under is None:
        return freshness.remember(f"facets|{key}", scanned)
    # For the day at most, as every answer kept under the data version.
    return freshness.remember_for("facets", (key, scanned_under(), dt.date.today()), scanned)


def _under_small_cell_rule(found: dict[str, list[tuple[str, int, int]]]) -> dict:
    """Each facet's (value, named, withheld) rows as counts, each taking its withheld people only when there are
    none or enough of them; `anonymous_included` says whether every row took them."""
    included = True
    counts: dict = {}
    for name, rows in found.items():
        counts[name] = {}
        for value, named, withheld in rows:
            if not anonymous_may_be_counted(withheld):
                included, withheld = False, 0
            if named + withheld:
                counts[name][value] = named + withheld
    return {**counts, "anonymous_included": included}


def _tallied_facets(names: list[str], chosen: dict, *, named_only: bool) -> dict:
    """`facets_for` from PeopleTally and ArticleTally: the rows of the chosen values, summed per facet. One query."""
    hashable = tuple(sorted((name, tuple(v) if isinstance(v, list | set) else v) for name, v in chosen.items()))
    found = TALLIED_FACETS.fetch(tuple(names), hashable, named_only, using=read_alias())

    def rows(name: str) -> list[tuple[str, int, int]]:
        return [(_key(r["key"]), r["named"] or 0, r["withheld"] or 0) for r in found[name]]

    return _under_small_cell_rule({name: rows(name) for name in names})


def _key(value) -> str:
    """A facet's value as the counts name it ('' for none: no region, no sex recorded, no article)."""
    return str(value) if value is not None else ""


def _tallied_facet_parts(names: tuple[str, ...], chosen: tuple, named_only: bool) -> dict[str, QuerySet]:
    where = Q(**{TALLIED_FILTERS[name]: value for name, value in chosen})
    if named_only:
        where &= Q(published=True)
    sums = {"named": Sum("n", filter=Q(published=True)), "withheld": Sum("n", filter=Q(published=False))}
    parts = {}
    for name in names:
        tally, field = (ArticleTally, "article") if name == "article" else (PeopleTally, FACET_FIELDS[name])
        parts[name] = tally.objects.filter(where).values(key=F(field)).annotate(**sums).order_by()
    return parts


TALLIED_FACETS = ComposedPerArguments(_tallied_facet_parts)


def _scanned_counts(prisoners: QuerySet[Prisoner], names: list[str]) -> dict[str, list[tuple[str, int, int]]]:
    """Named and withheld people per value of each named facet in an already visibility-filtered set, in one
    statement.

    The set is read once (a MATERIALIZED CTE) and each facet grouped from that: one query per facet made
    PostgreSQL find the same people again for each, which for a set filtered by custody or charges is the
    whole cost. "article" counts the per-person `article_numbers` PostgreSQL keeps from the charges: a person
    charged twice under one number counts once, and no charge is joined.
    """
    columns = {f"facet_{name}": F("article_numbers" if name == "article" else FACET_FIELDS[name]) for name in names}
    people_sql, params = prisoners.order_by().values(**columns, facet_named=Q(published())).query.sql_with_params()
    counts = "count(*) FILTER (WHERE facet_named), count(*) FILTER (WHERE NOT facet_named)"
    groups = [
        f"SELECT %s, number, {counts} FROM people CROSS JOIN LATERAL unnest(facet_{name}) AS number GROUP BY number"
        if name == "article"
        else f"SELECT %s, facet_{name}::text, {counts} FROM people GROUP BY facet_{name}"
        for name in names
    ]
    sql = f"WITH people AS MATERIALIZED ({people_sql}) {' UNION ALL '.join(groups)}"
    found: dict[str, list[tuple[str, int, int]]] = {name: [] for name in names}
    with connections[read_alias()].cursor() as cursor:  # where this request's ORM reads go
        cursor.execute(sql, (*params, *names))
        for name, key, named, withheld in cursor.fetchall():
            found[name].append((_key(key), named, withheld))
    return found


def facets(
    prisoners: QuerySet[Prisoner],
    *,
    chosen: dict | None = None,
    named_only: bool = False,
    scanned_under: Callable[[], Hashable] | None = None,
) -> dict:
    """Counts by status, region, sex and article for an already visibility-filtered set (one query)."""
    return facets_for(prisoners, FACET_NAMES, chosen=chosen, named_only=named_only, scanned_under=scanned_under)


def headline(on: dt.date | None = None) -> dict:
    """The home page's numbers, as of a date (default today). One query."""
    on = on or today()
    return _headline(on, (on - dt.timedelta(days=365), series_since()))


def _headline_parts(on: dt.date, sinces: tuple[dt.date, ...]) -> dict[str, QuerySet]:
    return {"held": _held_sums(on), "ended": _ended(SINCE_2020, on), **_pardon_parts(sinces, on)}


HEADLINE = ComposedPerArguments(_headline_parts)


@from_tallies
def _headline(on: dt.date, sinces: tuple[dt.date, dt.date]) -> dict:
    found = HEADLINE.fetch(on, sinces, using=read_alias())
    held = _held_and_not_yet_verified(found["held"][0])
    ended = _cells_under_small_cell_rule(_ended_rows(found["ended"]))
    last_12_months, since_series = _pardons_of(found, sinces, on)
    return {
        "as_of": on,
        "held": held["all"],
        "held_not_yet_verified": held["reported"],
        "released_since_2020": _releases(ended),
        "deaths_in_custody_since_2020": _deaths(ended),
        "pardons_last_12_months": last_12_months,
        "pardons_since": since_series,
    }


def _held_sums(on: dt.date) -> QuerySet:
    """Of those held on `on`, records not yet verified (one source so far), named and withheld: one row."""
    reported = Q(verification=Verification.REPORTED)
    return one_row(
        _held_steps(on),
        all=Sum("change"),
        named=Sum("change", filter=reported & Q(published=True)),
        withheld=Sum("change", filter=reported & Q(published=False)),
    )


def _held_and_not_yet_verified(sums: dict) -> dict[str, int]:
    # Those held, and of them the records not yet verified: counted, and said so. The unverified are a part of the
    # held, so their withheld people count under the small-cell rule: one or two would be told apart from the list
    # the figure links to.
    named, withheld = sums["named"] or 0, sums["withheld"] or 0
    return {"all": sums["all"] or 0, "reported": under_small_cell_rule(named, withheld)}


def facility_people(facility: Facility) -> dict[str, int]:
    """People held in a facility now: counted publicly, of them named on the site, and withheld (1 query).

    `facility` comes from `Facility.objects.with_held_count()`. The named count uses the list page's
    "held now in facility" rule (`held_in`), so it matches the list it links to.
    """
    named = Prisoner.objects.published().held_in(facility).count()
    return {"held": facility.held_count, "named": named, "withheld": facility.held_count - named}


def people_by(fields: list[str]) -> dict[str, dict[str, int]]:
    """Publicly counted people grouped by each of the named facets (status, region, sex, article): a query for
    the small-cell rule and one per facet, from the tallies."""
    found = facets_for(Prisoner.objects.counted(), fields, chosen={})
    return {field: found[field] for field in fields}
