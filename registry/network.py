"""Who is asking: the client's address, derived once for the API throttles, django-axes and the report limit.

Behind N trusted proxies (TRUSTED_PROXY_COUNT) each proxy appends the address it received from to
X-Forwarded-For, so the client is the N-th entry from the right; anything further left was written by
the client and may be forged. With 0 proxies the header is ignored and the socket address is the client.
A request that carries fewer entries than there are proxies did not come through them all: its socket
address is used, so a forged header can never choose the address a limit or lockout is counted under.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxies saw it (README "Production": TRUSTED_PROXY_COUNT)."""
    socket_address = request.META.get("REMOTE_ADDR") or "0.0.0.0"
    proxies = settings.TRUSTED_PROXY_COUNT
    if not proxies:
        return socket_address
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    if len(hops) < proxies:
        return socket_address
    return _plain_address(hops[-proxies]) or socket_address


def _plain_address(hop: str) -> str | None:
    """The address in one X-Forwarded-For entry ("203.0.113.5", "[2001:db8::1]:443", "203.0.113.5:1234")."""
    candidates = [hop]
    if hop.startswith("[") and "]" in hop:
        candidates.append(hop[1 : hop.index("]")])
    elif hop.count(":") == 1:
        candidates.append(hop.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return None
