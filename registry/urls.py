"""Root URLs: public site, admin, API."""

from django.conf import settings
from django.contrib import admin
from django.urls import path

from registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]

if settings.BENCH_FLOOR:
    from registry.floor import floor

    urlpatterns.append(path("bench/floor", floor))
