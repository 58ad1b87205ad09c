"""Plumbing shared by every API resource of both apps: pagination, conditional GET and the response cache,
content negotiation, the read-only viewset with its CSV download, and schema snippets.

Nothing here knows about prisoners or decrees; the resources are one module each beside this one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, status, viewsets
from rest_framework.filters import OrderingFilter
from rest_framework.pagination import CursorPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.utils.urls import remove_query_param, replace_query_param

from registry import csv_safe
from registry.api.access import ReadyResponse
from registry.api.columns import stream_csv
from registry.db import freshness
from registry.queries import keyset

CSV_RESPONSE = {(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="CSV, UTF-8, header row first.")}
ERROR_EXAMPLE = OpenApiExample("Error", value={"message": "Not found."}, response_only=True, status_codes=["404"])


class RegistryCursorPagination(CursorPagination):
    """Cursor pages: no COUNT(*) over the table, stable while rows are added.

    The position is a row's every ordering value, the id last (registry.queries.keyset), where DRF's is the first
    ordering field with an offset over the rows that share it: its `previous` links skipped rows when more of them
    tied than a page holds, and past 1,000 tied rows its offset stopped and pages repeated.
    """

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page (1 to API_MAX_PAGE_SIZE, default 50)."
    cursor_query_description = "Opaque position from a `next` or `previous` link."
    forward, backward = "n", "p"

    @property
    def max_page_size(self) -> int:
        return settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if not raw:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise exceptions.ValidationError({"page_size": ["A whole number is required."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError({"page_size": [f"Must be between 1 and {self.max_page_size}."]})
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self._start(request, self.get_ordering(request, queryset, view))
        backwards, position = self._position(request, queryset)
        keys = [key.reversed() for key in self.keys] if backwards else self.keys
        queryset = queryset.order_by(*keyset.ordering(keys))
        if position is not None:
            queryset = queryset.filter(keyset.after(keys, position))
        return self._paged(list(queryset[: self.page_size + 1]), backwards, position)

    def paginate_rows(self, rows: list, request, ordering: list[str]) -> list:
        """The first page, with the links paginate_queryset gives, of rows fetched elsewhere in `ordering`: at most
        one more than the page size, which tells that a next page exists (registry.queries.searches)."""
        self._start(request, ordering)
        return self._paged(rows, False, None)

    def _start(self, request, ordering: list[str]) -> None:
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.ordering = ordering
        self.keys = [keyset.SortKey.from_ordering(term) for term in self.ordering]

    def _paged(self, rows: list, backwards: bool, position: list | None) -> list:
        more = len(rows) > self.page_size
        self.page = rows[: self.page_size]
        if backwards:
            self.page.reverse()
        # Positions are rows' values (None where the link starts at an end of the list): a list kept with them
        # names where its links lead (registry.api.people).
        first = keyset.values_of(self.page[0], self.keys) if self.page else None
        last = keyset.values_of(self.page[-1], self.keys) if self.page else None
        self.has_next = more if not backwards else position is not None
        self.has_previous = more if backwards else position is not None
        self.next_position = tuple(last) if self.has_next and last else None
        self.previous_position = tuple(first) if self.has_previous and first else None
        self.display_page_controls = self.has_next or self.has_previous
        return self.page

    def _position(self, request, queryset) -> tuple[bool, list | None]:
        """Whether the page runs back from the cursor, and the row values it starts after (None: from an end)."""
        encoded = request.query_params.get(self.cursor_query_param)
        if encoded is None:
            return False, None
        if keyset.decode_cursor(encoded, 1) == [self.backward]:
            return True, None  # back from the end: the last page
        decoded = keyset.decode_cursor(encoded, len(self.keys) + 1)
        if decoded is not None and decoded[0] in (self.forward, self.backward):
            position = keyset.fitting(queryset, self.keys, decoded[1:])
            if position is not None:
                return decoded[0] == self.backward, position
        # A tampered cursor, or one given out for another ordering: the list exists, the request is wrong.
        raise exceptions.ValidationError(
            {self.cursor_query_param: ["Not a position this list gave out; drop `cursor` to start again."]}
        )

    def get_next_link(self):
        if not self.has_next:
            return None
        if self.next_position is None:  # an empty page before the start (its rows deleted since): the first page
            return remove_query_param(self.base_url, self.cursor_query_param)
        return self._link([self.forward, *self.next_position])

    def get_previous_link(self):
        if not self.has_previous:
            return None
        if self.previous_position is None:  # an empty page past the end: the last page
            return self._link([self.backward])
        return self._link([self.backward, *self.previous_position])

    def _link(self, cursor: list) -> str:
        return replace_query_param(self.base_url, self.cursor_query_param, keyset.encode_cursor(cursor))

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update({"minimum": 1, "maximum": self.max_page_size})
        return parameters

    def get_paginated_response_schema(self, schema: dict) -> dict:
        data = super().get_paginated_response_schema(schema)
        data["required"] = ["next", "previous", "results"]
        return data


class UnshownFormFilterBackend(DjangoFilterBackend):
    """django-filter's backend, telling the filter set that its form is never shown (`form_shown`): one that can
    then builds a form of only the filters the request names."""

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            filterset.form_shown = False
        return filterset


class StrictOrderingFilter(OrderingFilter):
    """`ordering` as DRF reads it, but a field the list cannot be ordered by is a 400, not silently ignored.

    A name search (`q`) without an `ordering` lists the best match first (the view's `search_ordering`). Every
    ordering ends with the id, so rows that tie keep one order from page to page.
    """

    def get_ordering(self, request, queryset, view):
        ordering = self._ordering(request, queryset, view)
        if ordering and not any(term.lstrip("-") in ("id", "pk") for term in ordering):
            # Rows that tie (a shared name, one timestamp) in a database-chosen order would move between the
            # queries of two cursor pages: some shown twice, some never. The primary key settles every tie, in the
            # last term's direction so that an index on (field, id) still serves the order either way.
            ordering = [*ordering, "-pk" if ordering[-1].startswith("-") else "pk"]
        return ordering

    def _ordering(self, request, queryset, view):
        raw = request.query_params.get(self.ordering_param)
        searching = getattr(view, "search_ordering", None) and request.query_params.get("q", "").strip()
        if not raw and searching and "rank_key" in queryset.query.annotations:
            return view.search_ordering
        if raw:
            allowed = {name for name, _label in self.get_valid_fields(queryset, view, {"request": request})}
            unknown = [term for term in raw.split(",") if term.strip().lstrip("-") not in allowed]
            if unknown:
                choices = ", ".join(sorted(allowed))
                raise exceptions.ValidationError(
                    {
                        self.ordering_param: [
                            f"Cannot order by {', '.join(unknown)!s}; use one of: {choices} (- for descending)."
                        ]
                    }
                )
        return super().get_ordering(request, queryset, view)


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
# What a first answer notes instead of what it is made of (CachedReadMixin.remember_made_of): only a URL asked
# again after a write pays for reading what its answer is made of.
ASKED = "asked"


class CachedReadMixin:
    """Public reads: validators from the data version, 304 when unchanged, and a per-process response cache.

    The ETag names the absolute URL, Accept, language and data version (registry/db/freshness.py), so it changes
    exactly when the answer can. The rendered body of a 200 is kept under the same key: a repeated read
    then costs one query (the version) instead of the listing's queries and serialisation. Throttling,
    authentication and permissions still run first. Staff requests neither read nor fill the cache, so a
    representation that ever differed for staff could not reach the public. `daily` views ("as of
    today") also change at midnight, so the date joins the key.

    A view may also keep what an answer is made of (`rechecks`): after a write, it reads that again — for a
    list page, its people and their versions — and serves the kept answer if nothing it shows changed. A first
    answer notes only that it was asked (`ASKED`); the next one, at a later version, what it is made of.
    """

    daily = False

    def cache_version(self):
        """What the answer depends on: the whole registry's data version (one person's document: theirs)."""
        return freshness.current()

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self._validators = self._cache_key = self._version = None
        self._check_key = self._kept_check = self._answer_made_of = None
        if request.method not in ("GET", "HEAD"):
            return
        version = self.cache_version()
        changed = version.changed_at or EPOCH
        # The absolute URL: answers hold absolute links, so each scheme and host the site is served under
        # (a second domain, an onion address) keeps its own.
        asked = [request.build_absolute_uri(), request.headers.get("Accept", ""), get_language() or ""]
        parts = [*asked, version.key]
        if self.daily:
            today = dt.date.today()
            changed = max(changed, dt.datetime.combine(today, dt.time(), tzinfo=dt.UTC))
            parts.append(today.isoformat())
        etag = '"' + hashlib.sha256("|".join(parts).encode()).hexdigest()[:32] + '"'
        last_modified = int(changed.timestamp())
        self._validators = (etag, last_modified)
        response = get_conditional_response(request._request, etag=etag, last_modified=last_modified)
        if response is not None:
            raise ReadyResponse(self._with_validators(Response(status=status.HTTP_304_NOT_MODIFIED)))
        if not request.user.is_staff and self.keeps_answers():
            self._cache_key, self._version = "response|" + etag, version
            cached = freshness.kept_response(self._cache_key, version)
            if cached is not None:
                raise ReadyResponse(cached)
            if self.rechecks(request) and settings.DERIVED_CACHE_ENTRIES:
                self._check_key = "check|" + hashlib.sha256("|".join(asked).encode()).hexdigest()[:32]

    def keeps_answers(self) -> bool:
        """Whether rendered answers are kept (validators and 304s are given either way). A view whose answer costs
        no more to make than to fetch and unpickle says no."""
        return True

    def rechecks(self, request: Request) -> bool:
        """Whether this answer, once kept, may be served at a later data version when what it is made of, read
        again, is unchanged (`kept_made_of`, `unchanged_answer`, `remember_made_of`). Off unless a view says."""
        return False

    def kept_made_of(self):
        """What the answer kept for this request at an earlier data version was made of (else None)."""
        self._kept_check = freshness.kept_check(self._check_key) if self._check_key else None
        return self._kept_check[0] if self._kept_check else None

    def unchanged_answer(self, made_of):
        """The answer kept for this request at an earlier data version if it was made of `made_of` (just read),
        now kept under this version too; else None."""
        kept = self._kept_check
        if kept is None or kept[0] != made_of:
            return None
        response = freshness.kept_response(kept[1], kept[2])
        if response is None:
            return None
        freshness.keep_response(self._cache_key, self._version, response)
        freshness.keep_check(self._check_key, made_of, self._cache_key, self._version)
        # A client holding the unchanged answer (its ETag from before the write) is told so, with the new ETag.
        if get_conditional_response(self.request._request, etag=response.get("ETag")) is not None:
            return self._with_validators(Response(status=status.HTTP_304_NOT_MODIFIED))
        return self._with_validators(response)

    def remember_made_of(self, made_of) -> None:
        """Note what this request's answer is made of, kept with the answer for a request at a later data version."""
        self._answer_made_of = made_of

    def _with_validators(self, response):
        response["ETag"], response["Last-Modified"] = self._validators[0], http_date(self._validators[1])
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "_validators", None) and response.status_code == 200:
            self._with_validators(response)
            key, version = self._cache_key, self._version
            check_key, made_of = self._check_key, self._answer_made_of

            def keep(rendered) -> None:
                if freshness.keep_response(key, version, rendered) and check_key and made_of is not None:
                    freshness.keep_check(check_key, made_of, key, version)

            # Only what the view rendered itself (not streamed CSV), once rendered.
            if key and isinstance(response, Response):
                response.add_post_render_callback(keep)
        return response


class ForgivingNegotiationMixin:
    """Answer JSON (or CSV for downloads) whatever the Accept header says, rather than 406."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)


class PublicReadViewSet(CachedReadMixin, ForgivingNegotiationMixin, viewsets.ReadOnlyModelViewSet):
    """List, detail and CSV download of one public resource."""

    pagination_class = RegistryCursorPagination
    filter_backends = [UnshownFormFilterBackend, StrictOrderingFilter]
    lookup_value_regex = r"[0-9]+"
    csv_columns: list = []
    csv_filename = ""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        # When no query parameter names a filter, the filter set would filter nothing, but building and
        # validating its form is a large share of an uncached profile's cost, so it is skipped.
        filterset = getattr(self, "filterset_class", None)
        names_a_filter = filterset is None or bool(set(self.request.query_params) & set(filterset.base_filters))
        for backend in self.filter_backends:
            if backend is not UnshownFormFilterBackend or names_a_filter:
                queryset = backend().filter_queryset(self.request, queryset, self)
        return queryset

    def stream_export(self, request: Request) -> StreamingHttpResponse:
        if csv_safe.wants_bom(request.query_params) is None:
            raise exceptions.ValidationError({csv_safe.BOM_PARAMETER: ["Must be true or false."]})
        rows = self.filter_queryset(self.get_queryset())
        ordering = StrictOrderingFilter().get_ordering(request, rows, self) or self.ordering
        # chunk_size keeps the prefetches working while rows stream from a server-side cursor.
        rows = rows.order_by(*ordering).iterator(chunk_size=1000)
        # The first row is read now, so a database error is an error response, not a cut-off "200" download.
        first = next(rows, None)
        rows = itertools.chain([first], rows) if first is not None else iter(())
        return stream_csv(rows, self.csv_columns, self.csv_filename, bom=bool(csv_safe.wants_bom(request.query_params)))


def csv_export(summary: str, *, tag: str):
    """The `export` view method of a list: its CSV download, documented with the list's filters."""

    @extend_schema(
        tags=[tag],
        summary=summary,
        description="The same rows and filters as the list, one CSV row each, streamed (columns: see the dataset "
        "README written by `manage.py export_dataset`). No pagination.",
        responses=CSV_RESPONSE,
        filters=True,
        parameters=[
            OpenApiParameter(
                csv_safe.BOM_PARAMETER,
                bool,
                description="`true`: UTF-8 with a byte-order mark, so Excel on Windows shows Cyrillic correctly.",
            )
        ],
    )
    def export(self, request: Request) -> StreamingHttpResponse:
        return self.stream_export(request)

    return export
