"""Error answers for requests no view handled: JSON under /api/, the site's pages elsewhere.

A journalist's client parses every answer under /api/ as JSON, including a 500 from a crash
and a 404 the URL resolver gives before any API view runs. A file under /media/ gets a bare 404:
a withdrawn person's photo must answer byte for byte like a file that never existed, and a page
(with the address in its language switcher and a fresh CSRF token) would differ.
"""

from django.http import HttpResponseNotFound, JsonResponse
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
