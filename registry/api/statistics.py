"""Statistics endpoints (/api/v1/statistics/): every number comes from registry.queries.statistics,
with its query validated here and its shape documented by a serializer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from registry.api.base import CachedReadMixin, ForgivingNegotiationMixin, UnshownFormFilterBackend
from registry.api.serializers import CitationSerializer
from registry.citations import Citation
from registry.db import freshness
from registry.models import Prisoner, Release
from registry.queries import statistics
from registry.queries.filters import PrisonerFilter

EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(2099, 12, 31)


@extend_schema_field({"type": "string", "format": "date", "pattern": r"^(19|20)\d\d-\d\d-\d\d$"})
class StatisticsDateField(serializers.DateField):
    """A date from 1900 to 2099: the registry's period, and the schema says so."""

    def to_internal_value(self, value):
        date = super().to_internal_value(value)
        if not EARLIEST <= date <= LATEST:
            raise serializers.ValidationError("Dates from 1900-01-01 to 2099-12-31 only.")
        return date


def _date(help_text: str) -> serializers.DateField:
    return StatisticsDateField(required=False, help_text=help_text + " (YYYY-MM-DD, 1900–2099)")


class StatisticsQuery(serializers.Serializer):
    """Query parameters of a statistic. A range given both ends must not end before it starts: an empty answer
    would read as "nothing happened" where the question was mistyped."""

    RANGES = (("start", "end"), ("since", "until"))

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        for first, last in self.RANGES:
            if first in attrs and last in attrs and attrs[last] < attrs[first]:
                raise serializers.ValidationError(
                    {last: [f"Before `{first}` ({attrs[first].isoformat()}): a range ends on or after its start."]}
                )
        return attrs


class OnQuery(StatisticsQuery):
    on = _date("As of this date; default today")


class ReleaseQuery(StatisticsQuery):
    """A statistic a release stores (statistics.json) can be asked as of that release instead."""

    release = serializers.IntegerField(
        required=False, min_value=1, max_value=2**31 - 1, help_text="Answer as of this release (its number)."
    )

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        dated = sorted(name for name in attrs if name != "release")
        if "release" in attrs and dated:
            raise serializers.ValidationError({dated[0]: ["A release is a fixed date: leave this out with `release`."]})
        return attrs


class OnOrReleaseQuery(ReleaseQuery, OnQuery):
    pass


class SinceUntilQuery(StatisticsQuery):
    since = _date("From this date; default 2020-01-01")
    until = _date("Up to this date (as of); default no end")


class PardonsSinceQuery(StatisticsQuery):
    since = _date("Decrees announced from this date; default PARDON_SERIES_SINCE")
    until = _date("Up to this date (as of); default no end")


class RangeQuery(StatisticsQuery):
    start = _date("First month")
    end = _date("Last month (as of)")


class OverTimeQuery(StatisticsQuery):
    start = _date("First month; default 2020-01-01")
    end = _date("Last month; default this month; at most 240 months after `start`")

    MAX_MONTHS = 240  # one aggregate per month in one query: bounded, so one request cannot be made costly

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        start, end = attrs.get("start", statistics.SINCE_2020), attrs.get("end", statistics.today())
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        # The error names a parameter the client sent: a lone `start` far back is reported under `start`.
        sent = "end" if "end" in attrs else "start"
        if months > self.MAX_MONTHS:
            raise serializers.ValidationError({sent: f"At most {self.MAX_MONTHS} months (20 years) at once."})
        if months < 1:  # one end sent, the other's default past it
            if sent == "end":
                problem = (
                    f"Before `start`, which is {start.isoformat()} when not given: a range ends on or after its start."
                )
            else:
                problem = f"After `end`, which is this month ({end:%Y-%m}) when not given: a range starts by its end."
            raise serializers.ValidationError({sent: [problem]})
        return attrs


class UntilQuery(StatisticsQuery):
    until = _date("Decrees announced up to this date (as of); default all")


class UntilOrReleaseQuery(ReleaseQuery, UntilQuery):
    pass


def small_cells(why: str) -> str:
    """A count's help text: how it takes people whose names are withheld (visibility.under_small_cell_rule)."""
    return (
        "Named people, and people whose names are withheld only when none or at least STATISTICS_MIN_ANONYMOUS of "
        f"them are in the count (the small-cell rule: {why})."
    )


# Release figures count per cell — a month and reason, or a day and reason in a month the range cuts — and add up.
RELEASE_CELLS = (
    "Named people, and people whose names are withheld counted per month and reason (per day and reason in a month "
    "the range cuts) only where none or at least STATISTICS_MIN_ANONYMOUS of them are; a total is the sum of those "
    "cells (the small-cell rule: no count, nor the difference of two, may tell when or how one such person left "
    "custody)."
)
CONTACT_COUNTS = small_cells("a count must not tell when one such person was last heard of")


class PardonsSinceSerializer(serializers.Serializer):
    since = serializers.DateField()
    decrees = serializers.IntegerField(help_text="Decrees announced since the date.")
    people_announced = serializers.IntegerField(help_text="Sum of the totals the authorities announced.")
    people_identified = serializers.IntegerField(help_text="People identified by the registry (named or not).")


class HeadlineSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    held = serializers.IntegerField(help_text="People deprived of liberty on `as_of`.")
    held_not_yet_verified = serializers.IntegerField(
        help_text="Of `held`, records not yet verified (one source so far): included in `held`. People whose names "
        "are withheld count here only when none or at least STATISTICS_MIN_ANONYMOUS are (the small-cell rule)."
    )
    released_since_2020 = serializers.DictField(
        child=serializers.IntegerField(), help_text=f"Releases by reason. {RELEASE_CELLS}"
    )
    deaths_in_custody_since_2020 = serializers.IntegerField(help_text=RELEASE_CELLS)
    pardons_last_12_months = PardonsSinceSerializer()
    pardons_since = PardonsSinceSerializer(help_text="Since PARDON_SERIES_SINCE (the home page's series).")


class HeldSerializer(serializers.Serializer):
    on = serializers.DateField()
    held = serializers.IntegerField()


class HeldMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month.")
    held = serializers.IntegerField(help_text="People held on that day.")


class ReleaseMonthSerializer(serializers.Serializer):
    month = serializers.DateField(help_text="First day of the month.")
    reason = serializers.CharField(
        help_text="served, pardon, amnesty, parole, acquitted, changed, deported, died, unknown"
    )
    count = serializers.IntegerField(help_text=RELEASE_CELLS)


class ReleasesByReasonSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    releases = serializers.DictField(child=serializers.IntegerField(), help_text=RELEASE_CELLS)


class DeathsSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    deaths_in_custody = serializers.IntegerField(help_text=RELEASE_CELLS)


class DecreeCountSerializer(serializers.Serializer):
    decree = serializers.IntegerField()
    announced_on = serializers.DateField()
    announced_on_precision = serializers.CharField()
    announced_total = serializers.IntegerField(allow_null=True)
    identified = serializers.IntegerField()


class AtRiskSerializer(serializers.Serializer):
    on = serializers.DateField()
    held = serializers.IntegerField(help_text="People held on `on` (named or not).")
    categories = serializers.DictField(
        child=serializers.IntegerField(allow_null=True),
        help_text="Of them, by category (chronically_ill, disabled, parent, pregnant, other): null when too few to "
        "show — a count is given only when at least STATISTICS_MIN_ANONYMOUS people are in it and as many are not.",
    )
    over_60 = serializers.IntegerField(
        help_text="Of them, certainly over 60 (from birth dates). "
        + small_cells("named people's birth dates are public, so the rest of a count would tell withheld people's ages")
    )


class WithoutContactSerializer(serializers.Serializer):
    on = serializers.DateField()
    held = serializers.IntegerField(help_text="People held on `on` (named or not).")
    over_30 = serializers.IntegerField(
        help_text=f"Of them, last sign of life more than 30 days before `on`. {CONTACT_COUNTS}"
    )
    over_180 = serializers.IntegerField(help_text="… more than 180 days before.")
    over_365 = serializers.IntegerField(help_text="… more than 365 days before.")
    unrecorded = serializers.IntegerField(help_text=f"Of them, no sign of life recorded by `on`. {CONTACT_COUNTS}")


class FacetsSerializer(serializers.Serializer):
    status = serializers.DictField(child=serializers.IntegerField())
    region = serializers.DictField(child=serializers.IntegerField(), help_text="By region slug ('' = unknown).")
    sex = serializers.DictField(child=serializers.IntegerField(), help_text="'' = not recorded.")
    article = serializers.DictField(child=serializers.IntegerField(), help_text="By article number ('' = none).")
    anonymous_included = serializers.BooleanField(
        help_text="False: some count left out its people whose names are withheld, as there were fewer than "
        "STATISTICS_MIN_ANONYMOUS of them in it and counting them could tell their attributes; that count is of "
        "named people only. A count takes its withheld people only when there are none or enough of them."
    )


class StatisticsView(CachedReadMixin, ForgivingNegotiationMixin, APIView):
    """One number (or table) from registry.queries.statistics, with its query validated."""

    daily = True  # "as of today" moves at midnight
    query_class: type[StatisticsQuery] = StatisticsQuery
    # The version the figure is kept under (registry.queries.statistics.from_tallies, from_held_peoples_rows): the
    # answer and its ETag then stand until a write changes what it counts, not until any write. None: any write.
    kept_per = None

    def cache_version(self):
        return self.kept_per() if self.kept_per else super().cache_version()

    def query(self, request: Request) -> dict:
        query = self.query_class(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query.validated_data


def statistics_view(
    name: str,
    *,
    query: type[StatisticsQuery],
    serializer: type[serializers.Serializer],
    many: bool = False,
    summary: str,
    description: str,
    compute,
    in_release: str = "",
    kept_per: Callable[[], freshness.ScopedVersion] | None = None,
) -> type[StatisticsView]:
    """A GET view returning `compute(validated query)` through `serializer` (which also documents it), with how
    to cite it: a `citation` in an object answer, and a `Link: <…>; rel="cite-as"` header on every answer.
    `in_release` names the part of a release's statistics.json that answers `?release=N`; `kept_per`: the version
    function of the figures `compute` reads (all kept `from_tallies`: freshness.counts_current; a release is a table
    every page shares)."""
    documented = (
        serializer if many else type(f"Cited{serializer.__name__}", (serializer,), {"citation": CitationSerializer()})
    )

    @extend_schema(
        parameters=[query],
        responses=documented(many=True) if many else documented,
        summary=summary,
        description=description + (" With `release`, the figure as that release published it." if in_release else ""),
    )
    def get(self, request: Request) -> Response:
        q = self.query(request)
        if q.get("release"):
            release = get_object_or_404(Release, number=q["release"])
            data, as_of, number = release.statistics[in_release], release.published_at.date(), release.number
        else:
            data = serializer(compute(q), many=many).data
            as_of, number = q.get("on") or q.get("until") or q.get("end") or statistics.today(), None
        citation = Citation(title=summary, url=request.build_absolute_uri(), as_of=as_of, release=number)
        if not many:
            data = {**data, "citation": CitationSerializer(citation.as_dict()).data}
        response = Response(data)
        response["Link"] = f'<{citation.url}>; rel="cite-as"'
        return response

    attributes = {"query_class": query, "get": get, "__doc__": summary, "kept_per": kept_per and staticmethod(kept_per)}
    return type(name, (StatisticsView,), attributes)


def _on(q: dict) -> dt.date:
    return q.get("on") or statistics.today()


def _since(q: dict) -> dt.date:
    return q.get("since") or statistics.SINCE_2020


HeadlineView = statistics_view(
    "HeadlineView",
    query=OnOrReleaseQuery,
    in_release="headline",
    serializer=HeadlineSerializer,
    summary="The home page's headline numbers",
    description="Exactly what the site's home page shows, as of `on`: held, releases since 2020 by reason, deaths "
    "in custody since 2020, pardons in the last 12 months and since the series start. People whose names are "
    "withheld count; private records do not.",
    compute=lambda q: statistics.headline(q.get("on")),
)
HeldView = statistics_view(
    "HeldView",
    kept_per=freshness.counts_current,
    query=OnQuery,
    serializer=HeldSerializer,
    summary="People held on a date",
    description="People deprived of liberty (detention, not house arrest) on `on`.",
    compute=lambda q: {"on": _on(q), "held": statistics.held_on(_on(q))},
)
HeldOverTimeView = statistics_view(
    "HeldOverTimeView",
    kept_per=freshness.counts_current,
    query=OverTimeQuery,
    serializer=HeldMonthSerializer,
    many=True,
    summary="People held, month by month",
    description="People held on the first day of each month from `start` to `end`.",
    compute=lambda q: statistics.held_over_time(
        q.get("start", statistics.SINCE_2020), q.get("end", statistics.today())
    ),
)
ReleasesByMonthView = statistics_view(
    "ReleasesByMonthView",
    kept_per=freshness.counts_current,
    query=RangeQuery,
    serializer=ReleaseMonthSerializer,
    many=True,
    summary="Releases per month and reason",
    description="Releases known to the month or day, per month and reason, from `start` to `end`. Releases known "
    "only to the year are counted in releases-by-reason.",
    compute=lambda q: statistics.releases_by_month(q.get("start"), q.get("end")),
)
ReleasesByReasonView = statistics_view(
    "ReleasesByReasonView",
    kept_per=freshness.counts_current,
    query=SinceUntilQuery,
    serializer=ReleasesByReasonSerializer,
    summary="Releases by reason",
    description="Custody periods ended between `since` and `until`, by reason (deaths in custody are not releases).",
    compute=lambda q: {
        "since": _since(q),
        "until": q.get("until"),
        "releases": statistics.releases_by_reason(_since(q), q.get("until")),
    },
)
DeathsView = statistics_view(
    "DeathsView",
    kept_per=freshness.counts_current,
    query=SinceUntilQuery,
    serializer=DeathsSerializer,
    summary="Deaths in custody",
    description="People who died in custody between `since` and `until`.",
    compute=lambda q: {
        "since": _since(q),
        "until": q.get("until"),
        "deaths_in_custody": statistics.deaths_in_custody(_since(q), q.get("until")),
    },
)
AtRiskView = statistics_view(
    "AtRiskView",
    query=OnQuery,
    serializer=AtRiskSerializer,
    summary="People held who are at particular risk",
    description="People held on `on` with a chronic illness, a disability, minor children in their care, a "
    "pregnancy (health and family data, counted only, under the small-cell rule), and over 60.",
    compute=lambda q: statistics.at_risk(_on(q)),
    kept_per=freshness.risks_current,
)
WithoutContactView = statistics_view(
    "WithoutContactView",
    query=OnQuery,
    serializer=WithoutContactSerializer,
    summary="People held without contact",
    description="People held on `on` whose last sign of life recorded by then (a letter from them, a lawyer's or "
    "family visit, a court appearance, a call) is more than 30, 180 or 365 days old on `on`, and those with none; "
    "a sign of life dated after `on` is not counted.",
    compute=lambda q: statistics.without_contact(_on(q)),
    kept_per=freshness.risks_current,
)
PardonsSinceView = statistics_view(
    "PardonsSinceView",
    query=PardonsSinceQuery,
    serializer=PardonsSinceSerializer,
    summary="Decrees and people pardoned since a date",
    description="Decrees announced from `since` to `until` (a decree known only to the month or year counts if it "
    "may fall after `since`), people the authorities announced, and people the registry has identified.",
    compute=lambda q: statistics.pardons_since(q.get("since") or statistics.series_since(), q.get("until")),
)
PardonsPerDecreeView = statistics_view(
    "PardonsPerDecreeView",
    kept_per=freshness.counts_current,
    query=UntilOrReleaseQuery,
    in_release="pardons_per_decree",
    serializer=DecreeCountSerializer,
    many=True,
    summary="Announced vs identified, per decree",
    description="For each decree announced up to `until`: the announced total and the people identified "
    "(named or not).",
    compute=lambda q: statistics.pardons_per_decree(until=q.get("until")),
)


class FacetsView(StatisticsView):
    """Counts by status, region, sex and article for any filtered set of people."""

    filter_backends = [UnshownFormFilterBackend]
    filterset_class = PrisonerFilter
    queryset = Prisoner.objects.none()  # for the schema's filter introspection only
    daily = False

    @extend_schema(
        filters=True,
        responses=FacetsSerializer,
        summary="Facet counts for a filtered set",
        description="Counts by status, region, sex and article of the people matching the filters (the same "
        "filters as /prisoners/). Each count takes the people of its row whose names are withheld only when there are "
        "none or enough of them (see `anonymous_included`); `q` matches named people only.",
        examples=[
            OpenApiExample(
                "Counts",
                value={
                    "status": {"in_custody": 2, "released": 1},
                    "region": {"minsk-city": 2, "": 1},
                    "sex": {"female": 1, "male": 2},
                    "article": {"342": 2, "": 1},
                    "anonymous_included": True,
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        filterset = self.filterset()
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        people = filterset.qs
        counts = statistics.facets(people, chosen=filterset.tallied(), scanned_under=filterset.scanned_version)
        return Response(FacetsSerializer(counts).data)

    def filterset(self) -> PrisonerFilter:
        if not hasattr(self, "_filterset"):
            self._filterset = UnshownFormFilterBackend().get_filterset(self.request, Prisoner.objects.counted(), self)
        return self._filterset

    def cache_version(self):
        # What the counts read (PrisonerFilter.counts_version): the answer and its ETag outlive the edits they do not
        # read (a source, an event, a biography).
        return self.filterset().counts_version()
