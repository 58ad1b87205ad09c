"""`/healthz`: what a load balancer or uptime check asks — the app answers and reaches PostgreSQL.

One query (the data version, which also tells how fresh the data is); never cached. If the database
cannot be reached the request fails with a 5xx, which is the answer such checks look for.
"""

from django.http import HttpRequest, JsonResponse

from registry.db import freshness


def healthz(request: HttpRequest) -> JsonResponse:
    version = freshness.current()
    response = JsonResponse(
        {
            "status": "ok",
            "database": "ok",
            "data_version": version.number,
            "data_changed_at": version.changed_at.isoformat() if version.changed_at else None,
        }
    )
    response["Cache-Control"] = "no-store"
    return response
