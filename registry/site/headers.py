"""Security headers for every answer: a Content-Security-Policy that keeps visitors' browsers on this server,
and a Cache-Control that lets no shared cache keep what shows people.

Django 5.2 has no built-in CSP and the policy is one fixed header, so a few lines here beat a dependency.
No 'unsafe-inline' anywhere: templates carry no inline scripts or styles (charts are SVG with
presentation attributes, which CSP does not treat as styles).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()"


# Pages and API answers name people: a proxy or CDN must not keep them (it would go on serving a profile
# after a withdrawal), and a browser asks again before reusing one (a 304 when the data version is the same).
CACHE_CONTROL = "private, no-cache"


class SecurityHeadersMiddleware:
    """Adds CSP, Permissions-Policy and Cache-Control unless a view set its own (the admin, API docs, photos,
    forms that hold what a reader typed); static files never reach it (WhiteNoise answers them first)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cache-Control", CACHE_CONTROL)
        return response
