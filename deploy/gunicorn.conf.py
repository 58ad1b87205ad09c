"""gunicorn for the registry (deploy/systemd/prisoner-registry.service): `gunicorn -c deploy/gunicorn.conf.py`.

nginx logs the requests (without addresses or query strings), so gunicorn keeps no access log; its own
messages are JSON lines like the app's (registry/logs.py).
"""

import multiprocessing
import os

wsgi_app = "registry.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8001")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
# A slow search or export must not be killed; nginx gives up at 120 s as well.
timeout = 120
graceful_timeout = 30
# Recycle workers now and then so memory held by a large answer is returned.
max_requests = 2000
max_requests_jitter = 200
accesslog = None
errorlog = "-"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "registry.logs.JsonLines"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
