"""`/sitemap.xml` and `/robots.txt`: what search engines may index — public pages only, in every language.

Lists the reader pages (the open-data page too), each public profile, decree, facility and data release, with
the date it last changed and its Belarusian, English and Russian addresses (`?lang=`, registry.site.languages).
Anonymous and private people are never listed: profiles come from `Prisoner.objects.published()`, the one
visibility rule.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import get_language

from pardons.models import PardonDecree
from registry.models import Facility, Prisoner, Release
from registry.site.languages import PARAMETER


class _InEveryLanguage(Sitemap):
    i18n = True
    alternates = True
    languages = [code for code, _name in settings.LANGUAGES]
    limit = 5_000  # addresses per sitemap page (sitemap-profiles.xml?p=2 beyond)

    def location(self, item) -> str:
        return f"{self.path(item)}?{PARAMETER}={get_language()}"

    def path(self, item) -> str:
        raise NotImplementedError


class ReaderPages(_InEveryLanguage):
    changefreq = "daily"
    names = ["home", "prisoner_list", "decree_list", "facility_list", "statistics", "upcoming_dates", "about", "data"]

    def items(self) -> list[str]:
        return self.names

    def path(self, item: str) -> str:
        return reverse(item)


class _Records(_InEveryLanguage):
    """One page per row of `records()`, dated by the row's last change."""

    route = ""

    def records(self):
        raise NotImplementedError

    def items(self):
        return self.records().only("pk", "updated_at").order_by("pk")

    def path(self, item) -> str:
        return reverse(self.route, args=[item.pk])

    def lastmod(self, item):
        return item.updated_at


class Profiles(_Records):
    route = "prisoner_detail"

    def records(self):
        return Prisoner.objects.published()  # the one visibility rule: no anonymous or private person


class Decrees(_Records):
    route = "decree_detail"

    def records(self):
        return PardonDecree.objects.published()


class Facilities(_Records):
    route = "facility_detail"

    def records(self):
        return Facility.objects.all()


class Releases(_InEveryLanguage):
    """Each dated release of the open data (registry.open_data), dated by when it was published."""

    def items(self):
        return Release.objects.only("number", "published_at").order_by("number")

    def path(self, item: Release) -> str:
        return reverse("data_release", args=[item.number])

    def lastmod(self, item: Release):
        return item.published_at


SITEMAPS = {
    "pages": ReaderPages, "profiles": Profiles, "decrees": Decrees, "facilities": Facilities, "releases": Releases,
}  # fmt: skip


def robots_txt(request: HttpRequest) -> HttpResponse:
    """Everything public may be indexed but the forms, the admin and the API's machinery; here is the sitemap."""
    sitemap = request.build_absolute_uri(reverse("sitemap_index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /i18n/",
        "Disallow: /report-missing/",
        "Disallow: /prisoners/*/report/",
        "Allow: /",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
