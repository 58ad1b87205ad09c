"""WSGI entry point (gunicorn registry.wsgi)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
application = get_wsgi_application()

# What is loaded by now (Django, the apps, settings, models) lives as long as the worker: frozen, it is left out of
# every garbage collection, so the rare full collection no longer walks it in the middle of someone's request.
gc.freeze()
