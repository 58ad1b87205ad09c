"""What the registry writes to its logs and error reports: JSON lines, and nothing about the people it protects.

A log line never carries a search text or a query string, a request body, a cookie or an exception's
message (a database error can quote a name); client addresses are masked unless LOG_CLIENT_ADDRESSES
asks for them. Error reports (SENTRY_DSN) are scrubbed by the same rules before they leave the server.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import traceback

from django.conf import settings

_IPV4 = r"\b(?:\d{1,3}\.){3}\d{1,3}\b"
_IPV6 = r"(?<![\w:])(?:[0-9a-fA-F]{1,4}:){2,7}[0-9a-fA-F:]{0,4}(?![\w:])"
ADDRESS = re.compile(f"{_IPV4}|{_IPV6}")
MASK = "[address]"


def mask_addresses(text: str) -> str:
    # Masked also before Django is set up (gunicorn's own log lines use this formatter too).
    shown = settings.configured and getattr(settings, "LOG_CLIENT_ADDRESSES", False)
    return text if shown else ADDRESS.sub(MASK, text)


class JsonLines(logging.Formatter):
    """One JSON object per line: time, level, logger, message; for requests the method, path and status."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": mask_addresses(record.getMessage()),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            line.update(method=request.method, path=request.path)  # the path only: no query string
        if getattr(record, "status_code", None):
            line["status"] = record.status_code
        if record.exc_info and record.exc_info[0] is not None:
            kind, _, tb = record.exc_info
            # Where, not what: a message ("duplicate key (display_name)=(…)") or a source line can hold a name.
            line["exception"] = kind.__name__
            line["traceback"] = "\n".join(f"{f.filename}:{f.lineno} in {f.name}" for f in traceback.extract_tb(tb))
        return json.dumps(line, ensure_ascii=False)


def scrub_event(event: dict, hint: dict | None = None) -> dict:
    """Sentry's before_send: keep what locates the bug (exception type, frames, URL path), drop the rest."""
    request = event.get("request") or {}
    for private in ("query_string", "cookies", "data", "env"):
        request.pop(private, None)
    if "url" in request:
        request["url"] = request["url"].split("?", 1)[0]
    headers = request.get("headers") or {}
    request["headers"] = {k: v for k, v in headers.items() if k.lower() in {"accept", "accept-language", "host"}}
    event.pop("user", None)
    event.pop("breadcrumbs", None)
    for exception in (event.get("exception") or {}).get("values", []):
        exception["value"] = ""  # a message may quote a name
        for frame in (exception.get("stacktrace") or {}).get("frames", []):
            for private in ("vars", "context_line", "pre_context", "post_context"):
                frame.pop(private, None)
    if event.get("logentry"):
        event["logentry"] = {"message": mask_addresses(event["logentry"].get("message") or "")}
    return event


def start_error_reporting(dsn: str, environment: str) -> None:
    """Send unhandled errors to Sentry (or a compatible service such as GlitchTip), scrubbed."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        include_local_variables=False,
        max_breadcrumbs=0,
        traces_sample_rate=0,
        before_send=scrub_event,
    )
