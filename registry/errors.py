"""Error answers for requests no view handled: JSON under /api/, the site's pages elsewhere.

A journalist's client parses every answer under /api/ as JSON, including a 500 from a crash
and a 404 the URL resolver gives before any API view runs. A file under /media/ gets a bare 404:
a withdrawn person's photo must answer byte for byte like a file that never existed, and a page
(with the address in its language switcher and a fresh CSRF token) would differ.

A null character in a path or query string is refused before any view runs (RefuseNullCharacters).
"""

from collections.abc import Callable

from django.core.exceptions import BadRequest
from django.core.validators import ProhibitNullCharactersValidator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound, JsonResponse
from django.views import defaults

API_PREFIX = "/api/"
MEDIA_PREFIX = "/media/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "No such API endpoint; see /api/v1/docs/."}, status=404)
    if request.path.startswith(MEDIA_PREFIX):
        return HttpResponseNotFound("Not found.", content_type="text/plain; charset=utf-8")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "Server error. It has been logged; please try again later."}, status=500)
    return defaults.server_error(request)


class RefuseNullCharacters:
    """Middleware: a path holding a null character is a 404, a query string holding one a 400, before any view.

    PostgreSQL refuses NUL in text, so one reaching a query was a 500 wherever a view did not check for it (a
    release file's name, an admin list's filter). The API's 400 reads as its own for a bad filter value."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path:
            raise Http404("A null character in the path.")
        named = [name for name, values in request.GET.lists() if "\x00" in name or any("\x00" in v for v in values)]
        if not named:
            return self.get_response(request)
        if request.path.startswith(API_PREFIX):
            from registry.api.access import INVALID_VALUES  # the API's own words; DRF loads slowly, and late

            errors = {name: [str(ProhibitNullCharactersValidator.message)] for name in named}
            body = {"message": INVALID_VALUES, "errors": errors}
            return JsonResponse(body, status=400, json_dumps_params={"separators": (",", ":")})
        return defaults.bad_request(request, BadRequest("A null character in the query string."))
