"""Root URLs: public site, admin, API."""

from django.contrib import admin
from django.urls import include, path

from registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
    path("api/v1/", include("registry.api_urls")),
]
