"""Root URLs: public site, admin, API."""

from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path, re_path
from django.views.decorators.http import etag

from pardons.site import decrees
from pardons.site.feeds import DecreesFeed
from registry.db.freshness import risks_current
from registry.health import healthz, readyz
from registry.open_data import pages as data_pages
from registry.queries.profile import read_profile
from registry.site import corrections, dates, evidence, facilities, feeds, home, letters, people, photos, sitemaps
from registry.site import statistics as statistics_pages
from registry.site.page_cache import public_page

# Public pages are kept per URL, language and data version for anonymous readers (registry.db.freshness).
urlpatterns = [
    path("", public_page(home.home), name="home"),
    path("prisoners/", public_page(people.prisoner_list), name="prisoner_list"),
    path("prisoners/<int:pk>/", public_page(people.prisoner_detail, person=read_profile), name="prisoner_detail"),
    path("prisoners/<int:pk>/letter/", public_page(letters.letter_kit, person=read_profile), name="letter_kit"),
    # Atom feeds (registry.site.feeds): 304 to an unchanged feed's ETag, kept per data version otherwise.
    path("prisoners/feed.atom", etag(feeds.feed_etag)(public_page(feeds.ListFeed())), name="prisoner_list_feed"),
    path("prisoners/<int:pk>/feed.atom", etag(feeds.feed_etag)(public_page(feeds.PersonFeed())), name="prisoner_feed"),
    path("decrees/feed.atom", etag(feeds.feed_etag)(public_page(DecreesFeed())), name="decree_list_feed"),
    path("decrees/", public_page(decrees.decree_list), name="decree_list"),
    path("decrees/<int:pk>/", public_page(decrees.decree_detail), name="decree_detail"),
    path("facilities/", public_page(facilities.facility_list), name="facility_list"),
    path("facilities/<int:pk>/", public_page(facilities.facility_detail), name="facility_detail"),
    path("statistics/", public_page(statistics_pages.statistics_page, kept_per=risks_current), name="statistics"),
    path("about/", public_page(home.about), name="about"),
    path("dates/", public_page(dates.upcoming_dates), name="upcoming_dates"),
    # Open data: releases at stable URLs (registry.open_data); a file download is never kept in the page cache.
    path("data/", public_page(data_pages.data_page), name="data"),
    path("data/releases/<int:number>/", public_page(data_pages.release_page), name="data_release"),
    path("data/releases/<int:number>/<str:name>", data_pages.release_file, name="data_release_file"),
    path("dates.ics", public_page(dates.upcoming_calendar), name="upcoming_calendar"),
    # Readers' reports: forms with POST, never cached (registry.site.corrections).
    path("prisoners/<int:pk>/report/", corrections.report_inaccuracy, name="report_inaccuracy"),
    path("report-missing/", corrections.report_missing, name="report_missing"),
    # Photos are never served from MEDIA_ROOT directly: the view checks the person is public.
    re_path(r"^media/photos/(?P<name>[A-Za-z0-9_-]+\.jpg)$", photos.photo, name="photo"),
    re_path(r"^media/evidence/(?P<name>[A-Za-z0-9_-]+\.(?:pdf|jpg|png|webp))$", evidence.attachment, name="evidence"),
    path(
        "statistics/<slug:chart>.csv",
        public_page(statistics_pages.statistics_csv, kept_per=risks_current),
        name="statistics_csv",
    ),
    # The language switcher posts here (set_language); the API lives under api/v1/.
    # For search engines: public pages only (registry.site.sitemaps).
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": sitemaps.SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap_index",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": sitemaps.SITEMAPS}, name="sitemap_section"),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api.urls")),
]

handler404 = "registry.errors.page_not_found"
handler500 = "registry.errors.server_error"

if settings.BENCH_FLOOR:
    from registry.samples.floor import floor

    urlpatterns.append(path("bench/floor", floor))
