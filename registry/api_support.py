"""Plumbing shared by the registry and pardons APIs: access, throttling, pagination, errors, caching, CSV.

Nothing here knows about prisoners or decrees; the resources live in registry/api.py and pardons/api.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from rest_framework import exceptions, permissions, status
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from registry import freshness


class StaffMayWrite(permissions.BasePermission):
    """Everyone may read; writing needs a staff account holding the model permission for the action."""

    message = "Only staff accounts with the matching permission may change records."
    # Which model permission each write needs, named by the view (`write_permission`), e.g. "pardons.add_pardon".

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        user = request.user
        if not (user and user.is_authenticated and user.is_staff):
            return False
        needed = getattr(view, "write_permissions", {}).get(getattr(view, "action", None) or request.method.lower())
        return bool(needed) and user.has_perm(needed)


class AnonymousThrottle(AnonRateThrottle):
    """Requests without a token: API_ANON_RATE per client address."""

    def get_rate(self) -> str:
        # Read at request time, so a changed setting (tests, reload) applies without re-importing.
        return settings.API_ANON_RATE


class TokenThrottle(UserRateThrottle):
    """Requests with a token (journalists, staff): the higher API_TOKEN_RATE per account."""

    def get_rate(self) -> str:
        return settings.API_TOKEN_RATE

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True  # AnonymousThrottle covers these
        return super().allow_request(request, view)


class RegistryCursorPagination(CursorPagination):
    """Cursor pages: no COUNT(*) over the table, stable while rows are added."""

    page_size = 50
    page_size_query_param = "page_size"
    page_size_query_description = "Rows per page (1 to API_MAX_PAGE_SIZE, default 50)."
    cursor_query_description = "Opaque position from a `next` or `previous` link."

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


class ReadyResponse(exceptions.APIException):
    """A response decided before the handler ran (304 Not Modified, or a cached 200), raised from `initial`."""

    status_code = status.HTTP_200_OK
    default_detail = ""

    def __init__(self, response) -> None:
        super().__init__()
        self.response = response


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error is JSON with a `message`; field problems also under `errors` (field → messages)."""
    # Imported here: DRF imports this module while loading rest_framework.views (settings → permissions).
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ReadyResponse):
        return exc.response
    if isinstance(exc, DjangoValidationError):
        # Service functions raise Django's ValidationError: a 400 naming the fields, never a 500.
        exc = exceptions.ValidationError(as_serializer_error(exc))
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found.")
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        response.data = {"message": "The request has invalid values; see `errors`.", "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"message": str(detail)}
    return response


EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


class CachedReadMixin:
    """Public reads: validators from the data version, 304 when unchanged, and a per-process response cache.

    The ETag names the URL, Accept, language and data version (registry/freshness.py), so it changes
    exactly when the answer can. The rendered body of a 200 is kept under the same key: a repeated read
    then costs one query (the version) instead of the listing's queries and serialisation. Throttling,
    authentication and permissions still run first. Staff requests neither read nor fill the cache, so a
    representation that ever differed for staff could not reach the public. `daily` views ("as of
    today") also change at midnight, so the date joins the key.
    """

    daily = False

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self._validators = self._cache_key = self._version = None
        if request.method not in ("GET", "HEAD"):
            return
        version = freshness.current()
        changed = version.changed_at or EPOCH
        parts = [request.get_full_path(), request.headers.get("Accept", ""), get_language() or "", str(version.number)]
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
        if not request.user.is_staff:
            self._cache_key, self._version = "response|" + etag, version
            cached = freshness.kept_response(self._cache_key, version)
            if cached is not None:
                raise ReadyResponse(cached)

    def _with_validators(self, response):
        response["ETag"], response["Last-Modified"] = self._validators[0], http_date(self._validators[1])
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if getattr(self, "_validators", None) and response.status_code == 200:
            self._with_validators(response)
            key, version = self._cache_key, self._version
            # Only what the view rendered itself (not streamed CSV), once rendered.
            if key and isinstance(response, Response):
                response.add_post_render_callback(lambda rendered: freshness.keep_response(key, version, rendered))
        return response


class _Echo:
    """A file-like object whose write returns the line, so csv.writer can feed a streaming response."""

    def write(self, value: str) -> str:
        return value


Column = tuple[str, str, Callable[[Any], Any]]


def csv_values(row: Any, columns: list[Column]) -> list:
    """One CSV line's values; unknown is an empty cell."""
    return ["" if (value := get(row)) is None else value for _name, _description, get in columns]


def csv_rows(rows: Iterable[Any], columns: list[Column]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow([name for name, _description, _get in columns])
    for row in rows:
        yield writer.writerow(csv_values(row, columns))


def stream_csv(rows: Iterable[Any], columns: list[Column], filename: str) -> StreamingHttpResponse:
    """A CSV download written row by row as the database cursor advances (UTF-8, header row first)."""
    response = StreamingHttpResponse(csv_rows(rows, columns), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
