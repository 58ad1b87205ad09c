"""A page's language from its link: `?lang=be` opens any page in Belarusian whatever the reader's cookie.

The language switcher sets a cookie (Django's set_language); a link with `lang` — shared by a reader, or listed
as a language alternate in the sitemap and in each page's head — shows its own language, so search engines can
index each language of a page, and sets the same cookie, so the reader's next page, reached by a link that
names no language, stays in the one they were reading.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.utils import translation

PARAMETER = "lang"
CODES = frozenset(code for code, _name in settings.LANGUAGES)


class LanguageFromLink(LocaleMiddleware):
    """Django's LocaleMiddleware (cookie, then Accept-Language), overridden by a valid `?lang=`."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)
        chosen = request.GET.get(PARAMETER)
        if chosen in CODES:
            translation.activate(chosen)
            request.LANGUAGE_CODE = chosen

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response = super().process_response(request, response)
        chosen = request.GET.get(PARAMETER)
        kept = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen in CODES and chosen != kept and response.get("Content-Type", "").startswith("text/html"):
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                chosen,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                path=settings.LANGUAGE_COOKIE_PATH,
                domain=settings.LANGUAGE_COOKIE_DOMAIN,
                secure=settings.LANGUAGE_COOKIE_SECURE,
                httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
                samesite=settings.LANGUAGE_COOKIE_SAMESITE,
            )
        return response


# A list's position (the last row's sort values): a list by name is ordered by the names each language shows, so a
# position in one language's order is none in another's. The same page in another language starts at its top.
POSITION = "after"


def url_in_language(request: HttpRequest, code: str | None) -> str:
    """This page's path and query with `lang` set to `code` (or taken out when None), from the list's top."""
    query = [
        (key, value) for key, values in request.GET.lists() if key not in (PARAMETER, POSITION) for value in values
    ]
    if code:
        query.append((PARAMETER, code))
    return request.path + (f"?{urlencode(query)}" if query else "")
