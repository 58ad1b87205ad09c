"""Root URLs: public site, admin, API."""

from django.contrib import admin
from django.urls import path

from registry import views

urlpatterns = [
    path("", views.home, name="home"),
    path("admin/", admin.site.urls),
]
