"""Logs are JSON lines without personal data; error reports (Sentry) leave the server scrubbed the same way."""

from __future__ import annotations

import json
import logging
import sys

from django.test import RequestFactory

from registry.logs import JsonLines, scrub_event


def record(message: str, *args, level=logging.WARNING, **extra) -> logging.LogRecord:
    made = logging.LogRecord("django.request", level, __file__, 1, message, args, None)
    made.__dict__.update(extra)
    return made


def test_a_request_line_has_the_path_and_status_but_no_query_string():
    request = RequestFactory().get("/prisoners/?q=Ivan+Secretovich")

    line = json.loads(JsonLines().format(record("Not Found: %s", request.path, request=request, status_code=404)))

    assert line["level"] == "WARNING"
    assert (line["method"], line["path"], line["status"]) == ("GET", "/prisoners/", 404)
    assert "Secretovich" not in json.dumps(line)


def test_client_addresses_are_masked_unless_a_setting_asks(settings):
    message = "AXES: login failed from 203.0.113.9 and 2001:db8::7"

    masked = json.loads(JsonLines().format(record(message)))["message"]
    settings.LOG_CLIENT_ADDRESSES = True
    shown = json.loads(JsonLines().format(record(message)))["message"]

    assert masked == "AXES: login failed from [address] and [address]"
    assert shown == message


def test_an_exception_is_logged_by_type_and_frames_without_its_message():
    try:
        raise ValueError("duplicate key (display_name)=(Ivan Secretovich)")
    except ValueError:
        made = record("Internal Server Error: /x/", level=logging.ERROR, exc_info=sys.exc_info())

    line = json.loads(JsonLines().format(made))

    assert line["exception"] == "ValueError"
    assert "test_logs.py" in line["traceback"]
    assert "Secretovich" not in json.dumps(line)


def test_scrubbing_an_error_report_keeps_the_bug_and_drops_the_person():
    event = {
        "request": {
            "url": "https://registry.test/prisoners/?q=Ivan",
            "query_string": "q=Ivan",
            "cookies": {"sessionid": "x"},
            "data": {"comment": "Ivan"},
            "headers": {"Cookie": "sessionid=x", "X-Forwarded-For": "203.0.113.9", "Accept": "text/html"},
        },
        "user": {"ip_address": "203.0.113.9"},
        "exception": {"values": [{"type": "ValueError", "value": "Ivan", "stacktrace": {"frames": [{"vars": {}}]}}]},
    }

    scrubbed = scrub_event(event)

    assert scrubbed["request"] == {"url": "https://registry.test/prisoners/", "headers": {"Accept": "text/html"}}
    assert "user" not in scrubbed
    assert scrubbed["exception"]["values"][0] == {"type": "ValueError", "value": "", "stacktrace": {"frames": [{}]}}
