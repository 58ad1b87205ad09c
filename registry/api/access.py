"""Who may do what through the API, how often, and how errors look: the classes DRF's settings name.

DRF imports these while it loads `rest_framework.views` (settings → permissions), so this module must
not import DRF's views or viewsets; the viewset plumbing is in registry.api.base.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.http import Http404
from rest_framework import exceptions, permissions, status
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from registry.db import constraints
from registry.network import client_address


class StaffMayWrite(permissions.BasePermission):
    """Everyone may read; writing needs a staff account holding the model permission for the action."""

    message = "Only staff accounts with the matching permission may change records."
    # Which model permission each write needs, named by the view (`write_permission`), e.g. "pardons.add_pardon".

    def has_permission(self, request, view) -> bool:
        if request.method in permissions.SAFE_METHODS:
            return True
        if request.method not in view.allowed_methods:
            return True  # nothing to permit: the view answers 405 with the methods it has in Allow
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

    def get_ident(self, request) -> str:
        # Not DRF's NUM_PROXIES: one rule for the throttles, django-axes and the report limit.
        return client_address(request)


class TokenThrottle(UserRateThrottle):
    """Requests with a token (journalists, staff): the higher API_TOKEN_RATE per account."""

    def get_rate(self) -> str:
        return settings.API_TOKEN_RATE

    def allow_request(self, request, view) -> bool:
        if not (request.user and request.user.is_authenticated):
            return True  # AnonymousThrottle covers these
        return super().allow_request(request, view)


class ReadyResponse(exceptions.APIException):
    """A response decided before the handler ran (304 Not Modified, or a cached 200), raised from `initial`."""

    status_code = status.HTTP_200_OK
    default_detail = ""

    def __init__(self, response) -> None:
        super().__init__()
        self.response = response


INVALID_VALUES = "The request has invalid values; see `errors`."


def exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error is JSON with a `message`; field problems also under `errors` (field → messages)."""
    # Imported here: DRF imports this module while loading rest_framework.views (settings → permissions).
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, ReadyResponse):
        return exc.response
    if isinstance(exc, IntegrityError):
        exc = constraints.problem_from(exc) or exc
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
        response.data = {"message": INVALID_VALUES, "errors": errors}
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else response.data
        response.data = {"message": str(detail)}
    return response
