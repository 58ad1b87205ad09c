"""Benchmark of a CSV import of the largest allowed file (MAX_ROWS people) beside another staff writer; not a test.

    .venv/bin/python -m bench.import_bench [--size 20000]

Uses its own database (`registry_import_bench` on the embedded server, or BENCH_DATABASE_URL), fills it with
`--size` synthetic people, exports MAX_ROWS of them in the import's own columns, deletes them and imports the
file back: first a dry run, then an apply, each while a second connection saves a record every 50 ms. Reports
the import's wall time and the other writer's save times (median and worst) during each.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "registry_import_bench"


def saves_while(run) -> tuple[float, list[float]]:
    """Run `run()` while another connection saves a region every 50 ms; (run seconds, save milliseconds)."""
    from django.db import connections

    from registry.models import Region

    stop, waits = threading.Event(), []

    def writer():
        region = Region.objects.order_by("pk").first()
        while not stop.is_set():
            t = time.perf_counter()
            Region.objects.filter(pk=region.pk).update(name_en=region.name_en)
            waits.append((time.perf_counter() - t) * 1000)
            time.sleep(0.05)
        connections.close_all()

    thread = threading.Thread(target=writer)
    thread.start()
    time.sleep(0.2)
    t = time.perf_counter()
    run()
    seconds = time.perf_counter() - t
    stop.set()
    thread.join()
    return seconds, waits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000, help="synthetic people already in the registry")
    args = parser.parse_args(argv)

    from bench.run import _with_database, bench_database_url, recreate_database

    var_dir = Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var"))
    url = os.environ.get("BENCH_DATABASE_URL") or _with_database(bench_database_url(var_dir), BENCH_DB)
    recreate_database(url)
    os.environ.update(
        {
            "DATABASE_URL": url,
            "DEBUG": "false",
            "SECRET_KEY": "import-bench-" + "x" * 40,
            "ALLOWED_HOSTS": "localhost",
            "DJANGO_SETTINGS_MODULE": "registry.settings",
        }
    )
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from registry.models import Custody, Placement, Prisoner
    from registry.staff import prisoner_csv
    from registry.staff.csv_import import MAX_ROWS

    call_command("migrate", verbosity=0)
    call_command("generate_synthetic", prisoners=args.size, seed=1, stdout=io.StringIO())
    user = get_user_model().objects.create_superuser("import-bench", "bench@example.org", "x" * 20)
    ids = list(Prisoner.objects.filter(pardons__isnull=True).order_by("pk").values_list("pk", flat=True)[:MAX_ROWS])
    out = io.StringIO()
    prisoner_csv.export_prisoners(prisoner_csv.export_queryset(Prisoner.objects.filter(pk__in=ids)), out)
    Placement.objects.filter(custody__prisoner__in=ids).delete()
    Custody.objects.filter(prisoner__in=ids).delete()
    Prisoner.objects.filter(pk__in=ids).delete()

    reports = {}

    def run(apply: bool):
        reports[apply] = prisoner_csv.import_prisoners(out.getvalue(), user=user, apply=apply)

    print(f"Registry of {args.size:,} synthetic people; a file of {MAX_ROWS} people (the largest allowed).")
    # The first dry run reads the name indexes from disk; the second shows the warm figure.
    for label, apply in (("dry run", False), ("again", False), ("apply", True)):
        seconds, waits = saves_while(lambda apply=apply: run(apply))
        report = reports[apply]
        print(
            f"{label:8} {seconds:6.1f} s  ({len(report.rows)} rows, {report.new} new, "
            f"{report.duplicates} duplicates, applied={report.applied}); "
            f"another writer's saves meanwhile: {len(waits)}, median {statistics.median(waits):.0f} ms, "
            f"worst {max(waits):.0f} ms"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
