"""Run the real task worker (django-tasks' `manage.py db_worker`) in the test's process and database."""

from __future__ import annotations

import io

from django.core.management import call_command


def run_worker() -> str:
    """Run every queued task, then return the worker's output.

    Only in `django_db(transaction=True)` tests: the worker sees committed jobs only, and closes the
    connection as a worker does between tasks.
    """
    out = io.StringIO()
    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=out, stderr=out)
    return out.getvalue()
