"""The WSGI entry point gunicorn loads."""

import subprocess
import sys


def test_loading_the_wsgi_application_freezes_what_it_loaded_out_of_the_garbage_collector():
    probe = "import gc, registry.wsgi; print(gc.get_freeze_count())"
    frozen = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout

    assert int(frozen) > 10_000  # Django and the apps, not a handful of objects
