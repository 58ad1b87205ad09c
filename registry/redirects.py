"""Middleware: an id merged into another record answers with a permanent redirect (301) to that record.

Journalists and readers keep links and ids; a merge of duplicates (registry.merging) must not break them.
Every route about one person — profile, letter kit, feed, API document — is covered, in every language and
format, with the query string kept. Only a person readers may see is redirected to (staff see any record):
the redirect must not tell anyone which record a hidden person's data went to.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import NoReverseMatch, reverse

from registry.models import Merge, Prisoner

# URL names (without namespace) whose `pk` is a person's id.
PERSON_ROUTES = {"prisoner_detail", "letter_kit", "prisoner_feed", "prisoner-detail"}


class MergedRecordRedirect:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            response.status_code != 404
            or request.method not in ("GET", "HEAD")
            or match is None
            or match.url_name not in PERSON_ROUTES
            or not str(match.kwargs.get("pk", "")).isdigit()
        ):
            return response
        kept = Merge.objects.kept_for(int(match.kwargs["pk"]))
        if kept is None:
            return response
        people = Prisoner.objects.all() if request.user.is_staff else Prisoner.objects.published()
        if not people.filter(pk=kept).exists():
            return response
        try:
            target = reverse(match.view_name, args=match.args, kwargs={**match.kwargs, "pk": kept})
        except NoReverseMatch:
            return response
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(f"{target}?{query}" if query else target)
