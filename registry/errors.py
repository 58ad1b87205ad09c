"""Error answers for requests no view handled: JSON under /api/, the site's pages elsewhere.

A journalist's client parses every answer under /api/ as JSON, including a 500 from a crash
and a 404 the URL resolver gives before any API view runs.
"""

from django.http import JsonResponse
from django.views import defaults

API_PREFIX = "/api/"


def page_not_found(request, exception):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "No such API endpoint; see /api/v1/docs/."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if request.path.startswith(API_PREFIX):
        return JsonResponse({"message": "Server error. It has been logged; please try again later."}, status=500)
    return defaults.server_error(request)
