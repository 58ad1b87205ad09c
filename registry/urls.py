"""Root URLs: public site, admin, API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from pardons import views as pardon_views
from registry import views
from registry.freshness import public_page

# Public pages are kept per URL, language and data version for anonymous readers (registry.freshness).
urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("prisoners/", public_page(views.prisoner_list), name="prisoner_list"),
    path("prisoners/<int:pk>/", public_page(views.prisoner_detail), name="prisoner_detail"),
    path("decrees/", public_page(pardon_views.decree_list), name="decree_list"),
    path("decrees/<int:pk>/", public_page(pardon_views.decree_detail), name="decree_detail"),
    path("facilities/", public_page(views.facility_list), name="facility_list"),
    path("facilities/<int:pk>/", public_page(views.facility_detail), name="facility_detail"),
    path("statistics/", public_page(views.statistics_page), name="statistics"),
    path("statistics/<slug:chart>.csv", public_page(views.statistics_csv), name="statistics_csv"),
    # The language switcher posts here (set_language); the API lives under api/v1/.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api_urls")),
]

if settings.BENCH_FLOOR:
    from registry.floor import floor

    urlpatterns.append(path("bench/floor", floor))

if settings.DEBUG:
    # Uploaded photos in development; production serves MEDIA_ROOT from the web server.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
