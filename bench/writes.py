"""`make bench-writes`: what one staff write per second costs readers, with and without it, side by side.

    python -m bench.writes --size 100000     # on the bench database `make bench` built (reused when it fits)
    python -m bench.writes --size 5000       # a quick check

The app under gunicorn (2 workers, DEBUG off, caches on) on the `registry_bench` database; wrk loads each request
type over 200 different people (profiles and API documents) or the list pages, first with no writes, then while a
writer changes one random person per second (an UPDATE of their record: the data version and that person's
version move, as a staff edit does). Printed as a table and written to bench/writes-results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import sys
import threading
import time
from pathlib import Path

from bench import report
from bench.run import (
    ROOT,
    WORK,
    bench_database_url,
    ensure_wrk,
    expand,
    log,
    prepare_database,
    run_wrk,
    sample_values,
)
from ops.processes import free_port, start, stop, wait_ready

RESULTS = ROOT / "bench" / "writes-results.json"
REQUESTS = {
    "detail": "/api/v1/prisoners/{id}/",
    "html_detail": "/prisoners/{id}/",
    "list": "/api/v1/prisoners/?page_size=50",
    "html_list": "/prisoners/",
}


class Writer(threading.Thread):
    """One write per second to a random person until stopped; counts what it wrote."""

    def __init__(self, database_url: str, ids: list[int], seed: int) -> None:
        super().__init__(daemon=True)
        self.database_url, self.ids, self.rng = database_url, ids, random.Random(seed)
        self.stopped, self.writes = threading.Event(), 0

    def run(self) -> None:
        import psycopg

        with psycopg.connect(self.database_url, autocommit=True) as connection:
            while not self.stopped.wait(1.0):
                connection.execute(
                    "UPDATE registry_prisoner SET updated_at = clock_timestamp() WHERE id = %s",
                    [self.rng.choice(self.ids)],
                )
                self.writes += 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    args = parser.parse_args(argv)
    began = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    var_dir = Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var"))
    database_url = bench_database_url(var_dir)
    server_env = {
        **os.environ, "DATABASE_URL": database_url, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": str(WORK / "static"), "API_ANON_RATE": "100000000/second",
        "DJANGO_SETTINGS_MODULE": "registry.settings", "BENCH_FLOOR": "true",
    }  # fmt: skip
    os.environ.update(server_env)
    import django

    django.setup()
    from django.db import connections

    from registry.models import Prisoner

    prepare_database(database_url, size=args.size, seed=args.seed)
    values = sample_values(random.Random(args.seed))
    paths = {name: expand(template, values) for name, template in REQUESTS.items()}
    everyone = list(Prisoner.objects.published().values_list("pk", flat=True))
    connections.close_all()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "registry.wsgi:application", "--workers", "2", "--chdir", str(ROOT)]
    command += ["--log-level", "warning", "--bind", f"127.0.0.1:{port}"]
    app_log = WORK / "gunicorn-writes.log"
    app = start(command, server_env, app_log)
    rows = []
    try:
        wait_ready(base + "/bench/floor", app, app_log)
        for name, urls in paths.items():
            run_wrk(wrk, base, urls, 4, 2)  # warm every URL into the cache
            quiet = report.measurement(
                "app", name, args.concurrency, run_wrk(wrk, base, urls, args.concurrency, args.duration)
            ).as_dict()
            writer = Writer(database_url, everyone, args.seed)
            writer.start()
            try:
                busy = report.measurement(
                    "app", name, args.concurrency, run_wrk(wrk, base, urls, args.concurrency, args.duration)
                ).as_dict()
            finally:
                writer.stopped.set()
                writer.join()
            rows.append({"request": name, "urls": len(urls), "no_writes": quiet, "one_write_per_s": busy,
                         "writes": writer.writes})  # fmt: skip
            log(f"{name}: {quiet['rps']} req/s quiet, {busy['rps']} under {writer.writes} writes")
    finally:
        stop(app)
    results = {"size": args.size, "concurrency": args.concurrency, "duration_s": args.duration, "rows": rows,
               "cpus": os.cpu_count(), "elapsed_s": round(time.monotonic() - began, 1)}  # fmt: skip
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{args.size:,} synthetic people; wrk c={args.concurrency}, {args.duration:g} s per run; 2 workers")
    print(f"{'request':<12} {'no writes':>12} {'1 write/s':>12} {'ratio':>6}  p99 quiet → under writes")
    for row in rows:
        quiet, busy = row["no_writes"], row["one_write_per_s"]
        q, b = quiet["rps"] or 0, busy["rps"] or 0
        print(
            f"{row['request']:<12} {q:>12,.0f} {b:>12,.0f} {b / q if q else 0:>6.2f}  "
            f"{quiet['p99_ms']:.0f} → {busy['p99_ms']:.0f} ms; errors {quiet['errors']} / {busy['errors']}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
