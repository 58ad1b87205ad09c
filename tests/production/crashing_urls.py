"""A URLconf whose only view fails, with a person's name in the exception: what error reporting must not send."""

from django.urls import path


def crash(request):
    raise ValueError("duplicate key (display_name)=(Ivan Secretovich)")


urlpatterns = [path("crash/", crash)]
