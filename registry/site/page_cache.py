"""Public pages kept per absolute URL, language, data version and date for anonymous readers."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from typing import Protocol

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from registry.db.freshness import ScopedVersion, current, keep_response, kept_response


class PersonRead(Protocol):
    """What a person's page reads first: the version it is kept under (and, for the view, what it shows)."""

    version: ScopedVersion


# The language form of every page carries a CSRF token, which must be fresh per response: the cached
# page keeps a placeholder and each reader gets their own token (and cookie) in its place.
_CSRF_INPUT = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CSRF_PLACEHOLDER = rb"\1__csrf_token__\2"


def public_page(
    view: Callable[..., HttpResponse],
    *,
    person: Callable[[int], PersonRead] | None = None,
    kept_per: Callable[[], ScopedVersion] | None = None,
) -> Callable[..., HttpResponse]:
    """A public page for anonymous readers, rendered once per URL, language, data version and date.

    Signed-in staff always get a fresh page. A hidden or withdrawn person's page cannot outlive the
    change that hid them: the change bumps the version. (No shared cache may keep it either:
    registry.site.headers.) `person`: the page shows one person (its `pk`) and what all persons' pages share,
    so it is kept under that person's version and a write about someone else leaves it standing; `person(pk)`
    reads that version with what the page shows, handed to the view as `read` when the page is not kept. `kept_per`: the
    page shows only figures kept under that version (the statistics: freshness.risks_current), and is kept under it.
    Only read: any other method than GET and HEAD is answered 405.
    """

    @require_safe
    @functools.wraps(view)
    def page(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.method != "GET" or request.user.is_authenticated or not settings.DERIVED_CACHE_ENTRIES:
            return view(request, *args, **kwargs)
        read = person(int(kwargs["pk"])) if person else None
        version = read.version if read else kept_per() if kept_per else current()
        # The absolute URL: citations and feeds link absolutely, so each scheme and host keeps its own page.
        key = "page|" + hashlib.sha256(f"{request.build_absolute_uri()}|{get_language()}".encode()).hexdigest()
        response = kept_response(key, version)
        if response is None:
            response = view(request, *args, **kwargs, **({"read": read} if read else {}))
            if response.status_code == 200 and not response.streaming:
                keep_response(key, version, response, _CSRF_INPUT.sub(_CSRF_PLACEHOLDER, response.content))
        elif b"__csrf_token__" in response.content:
            response.content = response.content.replace(b"__csrf_token__", get_token(request).encode())
        return response

    return page
