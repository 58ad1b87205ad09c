"""A page's language from its link: `?lang=be` opens any page in Belarusian whatever the reader's cookie.

The language switcher still sets a cookie (Django's set_language); a link with `lang` — shared by a
reader, or listed as a language alternate in the sitemap and in each page's head — shows its own
language, and search engines can index each language of a page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
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


def url_in_language(request: HttpRequest, code: str | None) -> str:
    """This page's path and query with `lang` set to `code` (or taken out when None)."""
    query = [(key, value) for key, values in request.GET.lists() if key != PARAMETER for value in values]
    if code:
        query.append((PARAMETER, code))
    return request.path + (f"?{urlencode(query)}" if query else "")
