"""The benchmark's floor: a trivial JSON view, served only when BENCH_FLOOR is on.

Every middleware runs and no query is made, so its throughput is what the framework alone costs;
`make bench` reports each endpoint as a fraction of it.
"""

from django.http import HttpRequest, JsonResponse


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})
