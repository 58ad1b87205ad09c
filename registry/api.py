"""The journalist API for people, facilities, articles, sources, regions and statistics (/api/v1/).

Thin views: visibility comes from the QuerySets (`published()`, `counted()`, `cited_publicly()`), filters
from registry.filters, every number from registry.statistics. Each list is also a streamed CSV download
with the same filters (`/api/v1/<list>.csv`).
"""

from __future__ import annotations

import datetime as dt
import itertools

import django_filters
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, serializers, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from pardons.models import Pardon
from registry import exports, prisoner_json, statistics
from registry.api_support import CachedReadMixin, RegistryCursorPagination, stream_csv
from registry.filters import BooleanFilter, PrisonerFilter
from registry.models import (
    Article,
    Charge,
    Conviction,
    Custody,
    Facility,
    FacilityKind,
    Placement,
    Prisoner,
    Region,
    Source,
)
from registry.serializers import (
    ArticleSerializer,
    FacilitySerializer,
    PrisonerSerializer,
    RegionSerializer,
    SourceSerializer,
)

CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8, header row first.")}
ERROR_EXAMPLE = OpenApiExample("Error", value={"message": "Not found."}, response_only=True, status_codes=["404"])


class ForgivingNegotiationMixin:
    """Answer JSON (or CSV for downloads) whatever the Accept header says, rather than 406."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class PublicReadViewSet(CachedReadMixin, ForgivingNegotiationMixin, viewsets.ReadOnlyModelViewSet):
    """List, detail and CSV download of one public resource."""

    pagination_class = RegistryCursorPagination
    filter_backends = [DjangoFilterBackend, OrderingFilter]
    lookup_value_regex = r"[0-9]+"
    csv_columns: list = []
    csv_filename = ""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # When no query parameter names a filter, the filter set would filter nothing, but building and
        # validating its form costs ~5 ms (a third of an uncached profile), so it is skipped.
        filterset = getattr(self, "filterset_class", None)
        names_a_filter = filterset is None or bool(set(self.request.query_params) & set(filterset.base_filters))
        for backend in self.filter_backends:
            if backend is not DjangoFilterBackend or names_a_filter:
                queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def stream_export(self, request: Request) -> StreamingHttpResponse:
        rows = self.filter_queryset(self.get_queryset())
        ordering = OrderingFilter().get_ordering(request, rows, self) or self.ordering
        # chunk_size keeps the prefetches working while rows stream from a server-side cursor.
        rows = rows.order_by(*ordering).iterator(chunk_size=1000)
        # The first row is read now, so a database error is an error response, not a cut-off "200" download.
        first = next(rows, None)
        rows = itertools.chain([first], rows) if first is not None else iter(())
        return stream_csv(rows, self.csv_columns, self.csv_filename)


def csv_export(summary: str, *, tag: str):
    """The `export` view method of a list: its CSV download, documented with the list's filters."""

    @extend_schema(
        tags=[tag],
        summary=summary,
        description="The same rows and filters as the list, one CSV row each, streamed (columns: see the dataset "
        "README written by `manage.py export_dataset`). No pagination.",
        responses=CSV_RESPONSE,
        filters=True,
    )
    def export(self, request: Request) -> StreamingHttpResponse:
        return self.stream_export(request)

    return export


def prisoner_queryset() -> QuerySet[Prisoner]:
    """Named people with everything the representation shows, in a fixed number of queries."""
    return (
        Prisoner.objects.published()
        .select_related("region")
        .prefetch_related(
            "names",
            "sources",
            Prefetch(
                "convictions",
                queryset=Conviction.objects.prefetch_related(
                    "sources",
                    Prefetch("charges", queryset=Charge.objects.select_related("article__code")),
                ),
            ),
            Prefetch(
                "custody_periods",
                queryset=Custody.objects.select_related("ended_by_pardon").prefetch_related(
                    "sources", Prefetch("placements", queryset=Placement.objects.select_related("facility"))
                ),
            ),
            Prefetch("pardons", queryset=Pardon.objects.prefetch_related("sources")),
            "events__sources",
        )
    )


def facility_queryset() -> QuerySet[Facility]:
    return Facility.objects.with_held_count().select_related("region")


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("code")


def source_queryset() -> QuerySet[Source]:
    """Only sources cited by something public: one about a hidden person could name them."""
    return Source.objects.cited_publicly()


PRISONER_EXAMPLE = OpenApiExample(
    "A named person (fictitious)",
    response_only=True,
    value={
        "id": 42,
        "url": "http://127.0.0.1:8000/api/v1/prisoners/42/",
        "display_name": "Testavy Prykladny",
        "names": [
            {
                "full_name": "Тэставы Прыкладны",
                "first_name": "Тэставы",
                "patronymic": "",
                "last_name": "Прыкладны",
                "language": "be",
                "kind": "primary",
            }
        ],
        "sex": "male",
        "birth_date": "1962",
        "birth_date_precision": "year",
        "region": {"slug": "minsk-city", "country": "BY", "name_en": "Minsk", "name_be": "Мінск", "name_ru": "Минск"},
        "occupation": "Fictional engineer",
        "biography": "",
        "recognised_on": "2021-06",
        "recognised_on_precision": "month",
        "recognised_by": "Viasna",
        "status": "in_custody",
        "convictions": [],
        "custody_periods": [
            {
                "id": 7,
                "kind": "detention",
                "detained_on": "2021-05-14",
                "detained_on_precision": "day",
                "released_on": None,
                "released_on_precision": "day",
                "release_reason": "",
                "ended_by_decree": None,
                "placements": [],
                "sources": [3],
            }
        ],
        "pardons": [],
        "events": [],
        "sources": [],
        "is_synthetic": True,
        "updated_at": "2026-11-27T12:00:00Z",
    },
)


@extend_schema_view(
    list=extend_schema(
        summary="Named political prisoners",
        description="People the registry may name, with names in every script, status, convictions with articles, "
        "custody periods and placements, pardons, events and sources. People whose names are withheld are counted "
        "in /statistics/ but never listed. `q` searches names in any script.",
        examples=[PRISONER_EXAMPLE],
    ),
    retrieve=extend_schema(
        summary="One named person",
        description="404 for an id that does not exist or that may not be shown.",
        examples=[PRISONER_EXAMPLE, ERROR_EXAMPLE],
    ),
)
class PrisonerViewSet(PublicReadViewSet):
    serializer_class = PrisonerSerializer
    filterset_class = PrisonerFilter
    ordering_fields = ["display_name", "id", "updated_at", "created_at"]
    ordering = ["display_name", "id"]
    csv_columns = exports.PRISONER_COLUMNS
    export = csv_export("Named political prisoners as CSV", tag="prisoners")
    csv_filename = "prisoners.csv"

    def get_queryset(self) -> QuerySet[Prisoner]:
        if self.action == "export":
            return prisoner_queryset()
        # Lists and detail only pick the people (and their cursor keys) here; registry.prisoner_json builds
        # the documents in one query.
        return Prisoner.objects.published().only("id", "display_name", "updated_at", "created_at")

    def list(self, request: Request, *args, **kwargs) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(prisoner_json.documents(page, self.get_serializer_context()))

    def retrieve(self, request: Request, *args, **kwargs) -> Response:
        return Response(prisoner_json.documents([self.get_object()], self.get_serializer_context())[0])


class FacilityFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=FacilityKind.choices, help_text="Kind of facility.")
    region = django_filters.CharFilter(field_name="region__slug", help_text="Region slug, e.g. 'minsk-city'.")
    city = django_filters.CharFilter(lookup_expr="iexact", help_text="City, case-insensitive.")

    class Meta:
        model = Facility
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Facilities",
        description="Prisons, colonies and detention centres with how many publicly counted people are held there now.",
    ),
    retrieve=extend_schema(summary="One facility", examples=[ERROR_EXAMPLE]),
)
class FacilityViewSet(PublicReadViewSet):
    serializer_class = FacilitySerializer
    filterset_class = FacilityFilter
    ordering_fields = ["name_en", "id"]
    ordering = ["name_en", "id"]
    csv_columns = exports.FACILITY_COLUMNS
    export = csv_export("Facilities as CSV", tag="facilities")
    csv_filename = "facilities.csv"

    def get_queryset(self) -> QuerySet[Facility]:
        return facility_queryset()


class ArticleFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(help_text="Article number, e.g. '342' or '361-1'.")
    country = django_filters.CharFilter(field_name="code__country", help_text="ISO country code, e.g. 'BY'.")
    is_extremism_related = BooleanFilter(help_text="Counted as 'extremist' by the authorities.")

    class Meta:
        model = Article
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Criminal code articles"),
    retrieve=extend_schema(summary="One article", examples=[ERROR_EXAMPLE]),
)
class ArticleViewSet(PublicReadViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    ordering_fields = ["number", "id"]
    ordering = ["id"]
    csv_columns = exports.ARTICLE_COLUMNS
    export = csv_export("Articles as CSV", tag="articles")
    csv_filename = "articles.csv"

    def get_queryset(self) -> QuerySet[Article]:
        return article_queryset()


class SourceFilter(django_filters.FilterSet):
    publisher = django_filters.CharFilter(lookup_expr="icontains", help_text="Part of the publisher's name.")
    published_after = django_filters.DateFilter(
        field_name="published_on", lookup_expr="gte", help_text="Published on or after (YYYY-MM-DD)."
    )
    published_before = django_filters.DateFilter(
        field_name="published_on", lookup_expr="lte", help_text="Published on or before (YYYY-MM-DD)."
    )

    class Meta:
        model = Source
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Sources",
        description="Publications cited by a named person's records, a decree or a reported figure. Sources cited "
        "only about people whose names are withheld are not listed.",
    ),
    retrieve=extend_schema(summary="One source", examples=[ERROR_EXAMPLE]),
)
class SourceViewSet(PublicReadViewSet):
    serializer_class = SourceSerializer
    filterset_class = SourceFilter
    ordering_fields = ["title", "id"]
    ordering = ["id"]
    csv_columns = exports.SOURCE_COLUMNS
    export = csv_export("Sources as CSV", tag="sources")
    csv_filename = "sources.csv"

    def get_queryset(self) -> QuerySet[Source]:
        return source_queryset()


@extend_schema_view(
    list=extend_schema(summary="Regions", description="Regions, identified by slug in the `region` filters."),
    retrieve=extend_schema(summary="One region", examples=[ERROR_EXAMPLE]),
)
class RegionViewSet(CachedReadMixin, ForgivingNegotiationMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = RegionSerializer
    queryset = Region.objects.all()
    pagination_class = None
    lookup_field = "slug"


# ---- statistics: every number comes from registry.statistics ----

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
    """Query parameters of a statistic. A range that ends before it starts is simply empty."""


class OnQuery(StatisticsQuery):
    on = _date("As of this date; default today")


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
        start, end = attrs.get("start", statistics.SINCE_2020), attrs.get("end", statistics.today())
        if (end.year - start.year) * 12 + end.month - start.month + 1 > self.MAX_MONTHS:
            raise serializers.ValidationError({"end": f"At most {self.MAX_MONTHS} months (20 years) at once."})
        return attrs


class UntilQuery(StatisticsQuery):
    until = _date("Decrees announced up to this date (as of); default all")


class PardonsSinceSerializer(serializers.Serializer):
    since = serializers.DateField()
    decrees = serializers.IntegerField(help_text="Decrees announced since the date.")
    people_announced = serializers.IntegerField(help_text="Sum of the totals the authorities announced.")
    people_identified = serializers.IntegerField(help_text="People identified by the registry (named or not).")


class ReasonCounts(serializers.DictField):
    child = serializers.IntegerField()


class HeadlineSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    held = serializers.IntegerField(help_text="People deprived of liberty on `as_of`.")
    released_since_2020 = serializers.DictField(child=serializers.IntegerField(), help_text="Releases by reason.")
    deaths_in_custody_since_2020 = serializers.IntegerField()
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
    count = serializers.IntegerField()


class ReleasesByReasonSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    releases = serializers.DictField(child=serializers.IntegerField())


class DeathsSerializer(serializers.Serializer):
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    deaths_in_custody = serializers.IntegerField()


class DecreeCountSerializer(serializers.Serializer):
    decree = serializers.IntegerField()
    announced_on = serializers.DateField()
    announced_on_precision = serializers.CharField()
    announced_total = serializers.IntegerField(allow_null=True)
    identified = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    status = serializers.DictField(child=serializers.IntegerField())
    region = serializers.DictField(child=serializers.IntegerField(), help_text="By region slug ('' = unknown).")
    sex = serializers.DictField(child=serializers.IntegerField(), help_text="'' = not recorded.")
    article = serializers.DictField(child=serializers.IntegerField(), help_text="By article number ('' = none).")


class StatisticsView(CachedReadMixin, ForgivingNegotiationMixin, APIView):
    """One number (or table) from registry.statistics, with its query validated."""

    daily = True  # "as of today" moves at midnight
    query_class: type[StatisticsQuery] = StatisticsQuery

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
) -> type[StatisticsView]:
    """A GET view returning `compute(validated query)` through `serializer` (which also documents it)."""

    @extend_schema(
        parameters=[query],
        responses=serializer(many=True) if many else serializer,
        summary=summary,
        description=description,
    )
    def get(self, request: Request) -> Response:
        return Response(serializer(compute(self.query(request)), many=many).data)

    return type(name, (StatisticsView,), {"query_class": query, "get": get, "__doc__": summary})


def _on(q: dict) -> dt.date:
    return q.get("on") or statistics.today()


def _since(q: dict) -> dt.date:
    return q.get("since") or statistics.SINCE_2020


HeadlineView = statistics_view(
    "HeadlineView",
    query=OnQuery,
    serializer=HeadlineSerializer,
    summary="The home page's headline numbers",
    description="Exactly what the site's home page shows, as of `on`: held, releases since 2020 by reason, deaths "
    "in custody since 2020, pardons in the last 12 months and since the series start. People whose names are "
    "withheld count; private records do not.",
    compute=lambda q: statistics.headline(q.get("on")),
)
HeldView = statistics_view(
    "HeldView",
    query=OnQuery,
    serializer=HeldSerializer,
    summary="People held on a date",
    description="People deprived of liberty (detention, not house arrest) on `on`.",
    compute=lambda q: {"on": _on(q), "held": statistics.held_on(_on(q))},
)
HeldOverTimeView = statistics_view(
    "HeldOverTimeView",
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
    query=UntilQuery,
    serializer=DecreeCountSerializer,
    many=True,
    summary="Announced vs identified, per decree",
    description="For each decree announced up to `until`: the announced total and the people identified "
    "(named or not).",
    compute=lambda q: statistics.pardons_per_decree(until=q.get("until")),
)


class FacetsView(StatisticsView):
    """Counts by status, region, sex and article for any filtered set of people."""

    filter_backends = [DjangoFilterBackend]
    filterset_class = PrisonerFilter
    queryset = Prisoner.objects.none()  # for the schema's filter introspection only
    daily = False

    @extend_schema(
        filters=True,
        responses=FacetsSerializer,
        summary="Facet counts for a filtered set",
        description="Counts by status, region, sex and article of the people matching the filters (the same "
        "filters as /prisoners/). People whose names are withheld are counted; `q` matches named people only.",
        examples=[
            OpenApiExample(
                "Counts",
                value={
                    "status": {"in_custody": 2, "released": 1},
                    "region": {"minsk-city": 2, "": 1},
                    "sex": {"female": 1, "male": 2},
                    "article": {"342": 2, "": 1},
                },
                response_only=True,
            )
        ],
    )
    def get(self, request: Request) -> Response:
        filterset = PrisonerFilter(request.query_params, queryset=Prisoner.objects.counted(), request=request)
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        people = filterset.qs
        return Response(FacetsSerializer(statistics.facets(people)).data)
