"""A production server's logs are JSON lines without search text or addresses; its error reports reach Sentry
scrubbed of the person, the query and the address."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
import requests

from tests.servers import ROOT, gunicorn, production_environment


@pytest.mark.django_db(transaction=True)
def test_a_production_server_logs_json_lines_with_no_search_text_or_client_address(tmp_path, static_root):
    env = production_environment(LOG_FORMAT="json", LOG_LEVEL="INFO", STATIC_ROOT=str(static_root))
    log = tmp_path / "app.log"
    headers = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.77"}

    with gunicorn(env, log, workers=1) as base:
        requests.get(base + "/prisoners/?q=Ivan+Secretovich", headers=headers, timeout=30)
        requests.get(base + "/no-such-page/?q=Ivan+Secretovich", headers=headers, timeout=30)

    text = log.read_text()
    django_lines = [json.loads(line) for line in text.splitlines() if line.startswith("{")]
    requests_logged = [(line.get("path"), line.get("status")) for line in django_lines]
    assert ("/no-such-page/", 404) in requests_logged
    assert "Secretovich" not in text
    assert "203.0.113.77" not in text


class _Collector(BaseHTTPRequestHandler):
    received: list[bytes] = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        _Collector.received.append(body)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args):
        pass


@pytest.mark.django_db(transaction=True)
def test_an_unhandled_error_reaches_sentry_without_the_persons_name_the_query_or_the_address(static_root):
    server = HTTPServer(("127.0.0.1", 0), _Collector)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    dsn = f"http://publickey@127.0.0.1:{server.server_port}/1"
    env = production_environment(SENTRY_DSN=dsn, STATIC_ROOT=str(static_root))
    script = (
        "import django; django.setup()\n"
        "from django.test import Client, override_settings\n"
        "import sentry_sdk\n"
        "with override_settings(ROOT_URLCONF='tests.production.crashing_urls', ALLOWED_HOSTS=['testserver']):\n"
        "    status = Client(raise_request_exception=False).get('/crash/?q=Ivan+Secretovich', secure=True,\n"
        "        headers={'X-Forwarded-For': '203.0.113.77', 'Cookie': 'sessionid=abc'}).status_code\n"
        "sentry_sdk.flush(10)\n"
        "print(status)\n"
    )
    try:
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env={**env, "DJANGO_SETTINGS_MODULE": "registry.settings"},
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.shutdown()
        server.server_close()

    sent = b"".join(_Collector.received).decode()
    assert result.stdout.strip().endswith("500"), result.stdout + result.stderr[-3000:]
    assert "ValueError" in sent
    assert "crashing_urls.py" in sent
    assert "Secretovich" not in sent, [line for line in sent.splitlines() if "Secretovich" in line]
    assert "203.0.113.77" not in sent
    assert "sessionid" not in sent
