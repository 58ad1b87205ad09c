"""Root URLs: public site, admin, API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from pardons import views as pardon_views
from registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("prisoners/", views.prisoner_list, name="prisoner_list"),
    path("prisoners/<int:pk>/", views.prisoner_detail, name="prisoner_detail"),
    path("decrees/", pardon_views.decree_list, name="decree_list"),
    path("decrees/<int:pk>/", pardon_views.decree_detail, name="decree_detail"),
    path("facilities/", views.facility_list, name="facility_list"),
    path("facilities/<int:pk>/", views.facility_detail, name="facility_detail"),
    path("statistics/", views.statistics_page, name="statistics"),
    path("statistics/<slug:chart>.csv", views.statistics_csv, name="statistics_csv"),
    # The language switcher posts here (set_language); the API lives under api/v1/.
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api_urls")),
]

if settings.DEBUG:
    # Uploaded photos in development; production serves MEDIA_ROOT from the web server.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
