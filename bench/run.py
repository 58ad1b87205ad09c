"""`make bench`: build a synthetic registry, serve it and Datasette side by side, load both with wrk.

    python -m bench.run --size 100000        # the full run (about 6 minutes on an idle 2-core machine)
    python -m bench.run --size 5000          # a quick check that the harness works

Steps: (1) a fresh database `registry_bench` (on the embedded server, or next to DATABASE_URL's)
filled by `generate_synthetic`, timed; (2) the app under gunicorn, 2 workers, DEBUG off, on
loopback, and a second instance with its caches off (`app-nocache`: what a first read or any read
after a write costs); (3) the same public data exported to SQLite and served by Datasette (pinned, installed
into bench/work/ for the benchmark only) with full-text search on names; (4) wrk at a few
concurrency levels for equivalent requests; (5) one table on stdout and bench/results.json, with
SQL queries per request, peak memory of the app workers, the name search's server time and the
query plans of the list, search and statistic queries. Everything started is stopped in `finally`.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import random
import secrets
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench import report
from ops.processes import free_port, get, start, stop, wait_ready

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "bench" / "work"
RESULTS = ROOT / "bench" / "results.json"
LUA = ROOT / "bench" / "wrk.lua"
DATASETTE = "datasette==0.65.5"
BENCH_DB = "registry_bench"
BUDGET_S = 14 * 60  # stop starting new runs after this; the whole run must end within 15 minutes

# The requests, in one place. {id}, {term}, {region} and {article} are filled from the data, so
# each type rotates through many URLs. A type whose first URL answers 404 is reported "n/a".
APP_REQUESTS = {
    "list": "/api/v1/prisoners/?page_size=50",
    "filtered": "/api/v1/prisoners/?page_size=50&status=in_custody&region={region}&article={article}",
    "search": "/api/v1/prisoners/?page_size=50&q={term}",
    "detail": "/api/v1/prisoners/{id}/",
    "stat": "/api/v1/statistics/facets/?status=in_custody",
    "html_list": "/prisoners/",
    "html_detail": "/prisoners/{id}/",
    "floor": "/bench/floor",
}
_WHERE_ARTICLE = urllib.parse.quote("id in (select prisoner_id from charges where article = '{article}')", safe="{}")
_HELD_BY_REGION = urllib.parse.quote(
    "select region, count(*) as n from counted_prisoners where status = 'in_custody' group by region order by region"
)
DATASETTE_REQUESTS = {
    "list": "/registry/prisoners.json?_size=50&_sort=display_name",
    "filtered": "/registry/prisoners.json?_size=50&_sort=display_name&status=in_custody&region={region}"
    f"&_where={_WHERE_ARTICLE}",
    "search": "/registry/prisoners.json?_size=50&_search={term}",
    "detail": "/registry/prisoners/{id}.json",
    "stat": f"/registry.json?sql={_HELD_BY_REGION}&_shape=array",
}
# Whose SQL gets EXPLAIN ANALYZE, and how to tell the query that answers the request.
MAIN_QUERY = {
    "list": lambda sql: 'FROM "registry_prisoner"' in sql and "LIMIT" in sql,
    "filtered": lambda sql: 'FROM "registry_prisoner"' in sql and "LIMIT" in sql,
    "search": lambda sql: 'FROM "registry_prisoner"' in sql and "LIMIT" in sql,
    "stat": lambda sql: "GROUP BY" in sql,
}
PLANNED = tuple(MAIN_QUERY)
# Also measured on a second app server with the response and facet caches off (DERIVED_CACHE_ENTRIES=0):
# what a first request, or any request after a write, costs.
UNCACHED = ("list", "filtered", "search", "detail", "stat")
ARTICLES = ("342", "361-1", "130")


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S', time.gmtime())} UTC] {message}", file=sys.stderr, flush=True)


# -- database ------------------------------------------------------------------------------------


def bench_database_url(var_dir: Path) -> str:
    """BENCH_DATABASE_URL, else DATABASE_URL's server with database registry_bench, else the embedded one."""
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    if os.environ.get("DATABASE_URL"):
        return _with_database(os.environ["DATABASE_URL"], BENCH_DB)
    from registry.db.embedded import embedded_database_url

    return embedded_database_url(var_dir, BENCH_DB)


def set_up_in_process(*, derived_cache_entries: int) -> None:
    """Django in this process as production runs it (DEBUG off), on the bench database, for a bench that asks
    the app through the test client or calls its functions: its own time, no HTTP."""
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "registry.settings", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver", "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR",
        "API_ANON_RATE": "100000000/second", "DERIVED_CACHE_ENTRIES": str(derived_cache_entries),
        "STATIC_ROOT": str(WORK / "static"),
        "DATABASE_URL": bench_database_url(Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var"))),
    })  # fmt: skip
    import django

    django.setup()


def _with_database(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(url: str) -> None:
    import psycopg

    name = urllib.parse.urlsplit(url).path.lstrip("/")
    with psycopg.connect(_with_database(url, "postgres"), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# -- processes -----------------------------------------------------------------------------------


def peak_rss_mb(pid: int) -> float | None:
    """VmHWM: the most resident memory the process ever had."""
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def children(pid: int) -> list[int]:
    found = []
    for tasks in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError):
            found += [int(p) for p in tasks.read_text().split()]
    return found


def ensure_datasette() -> Path:
    """A separate virtualenv under bench/work/ with the pinned Datasette (never in the app's deps)."""
    venv = WORK / "datasette-venv"
    binary = venv / "bin" / "datasette"
    version = DATASETTE.split("==")[1]
    if binary.exists():
        out = subprocess.run([binary, "--version"], capture_output=True, text=True, check=False).stdout
        if version in out:
            return binary
    log(f"installing {DATASETTE} into {venv}")
    python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([python, "-m", "venv", "--clear", str(venv)], check=True)
    subprocess.run([venv / "bin" / "pip", "install", "--quiet", DATASETTE], check=True)
    return binary


def ensure_wrk() -> str:
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (apt-get)")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
        path = shutil.which("wrk")
    if not path:
        raise SystemExit("wrk is needed: apt-get install wrk (Debian/Ubuntu) or brew install wrk")
    return path


def run_wrk(wrk: str, base: str, paths: list[str], concurrency: int, duration: float) -> dict:
    paths_file = WORK / "paths.txt"
    paths_file.write_text("\n".join(paths) + "\n")
    command = [wrk, "-t1", f"-c{concurrency}", f"-d{duration:g}s", "--timeout", "10s", "-s", str(LUA), base]
    out = subprocess.run([*command, "--", str(paths_file)], capture_output=True, text=True, timeout=duration + 60)
    return report.parse_wrk(out.stdout + out.stderr)


# -- what to request -------------------------------------------------------------------------------


def sample_values(rng: random.Random) -> dict[str, list[str]]:
    """Ids, surnames and regions of published people, so every target gets the same URLs."""
    from registry.models import Prisoner, PrisonerName, Region

    published = Prisoner.objects.published()
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    latin = sorted(
        set(
            PrisonerName.objects.filter(prisoner__in=published, language="en")
            .order_by()
            .values_list("last_name", flat=True)[:20000]
        )
    )
    cyrillic = sorted(
        set(
            PrisonerName.objects.filter(prisoner__in=published, language="be")
            .order_by()
            .values_list("last_name", flat=True)[:5000]
        )
    )
    regions = list(Region.objects.filter(prisoners__in=published).distinct().values_list("slug", flat=True))
    return {
        "id": [str(i) for i in rng.sample(ids, min(200, len(ids)))],
        "term": rng.sample(latin, min(40, len(latin))) + rng.sample(cyrillic, min(10, len(cyrillic))),
        "region": sorted(regions),
        "article": list(ARTICLES),
    }


def expand(template: str, values: dict[str, list[str]]) -> list[str]:
    """Every URL of a template: one per id or term, or one per region × article for the filter."""
    q = {k: [urllib.parse.quote(v) for v in vs] for k, vs in values.items()}
    if "{id}" in template:
        return [template.format(id=v) for v in q["id"]]
    if "{term}" in template:
        return [template.format(term=v) for v in q["term"]]
    if "{region}" in template:
        return [template.format(region=r, article=a) for r in q["region"] for a in q["article"]]
    return [template]


# -- in-process measurements (queries, plans, search time) --------------------------------------------


def count_queries_and_plans(app_paths: dict[str, list[str]]) -> tuple[dict, dict, dict, dict]:
    """Queries per request (Django test client + CaptureQueriesContext), fresh and when answered from the
    response cache, and EXPLAIN ANALYZE of the main query."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(raise_request_exception=False)
    queries: dict[str, int | None] = {}
    cached: dict[str, int | None] = {}
    plans: dict[str, dict] = {}
    search_time: dict[str, float] = {}
    for name, paths in app_paths.items():
        counts = []
        captured: list[dict] = []
        for path in paths[:3]:
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            elapsed = time.perf_counter() - started
            if response.status_code != 200:
                continue
            counts.append(len(ctx.captured_queries))
            captured = captured or ctx.captured_queries
            if name == "search":
                search_time.setdefault("request_in_process_ms", round(elapsed * 1000, 2))
                search_time.setdefault("sql_ms", round(sum(float(q["time"]) for q in ctx.captured_queries) * 1000, 2))
        queries[name] = max(counts) if counts else None
        with CaptureQueriesContext(connection) as ctx:
            again = client.get(paths[0])
        cached[name] = len(ctx.captured_queries) if again.status_code == 200 else None
        if name in PLANNED and captured:
            # The query that answers the request, not the bookkeeping around it (e.g. Last-Modified).
            answering = [q for q in captured if MAIN_QUERY[name](q["sql"])] or captured
            main = max(answering, key=lambda q: float(q["time"]))
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + main["sql"])
                plan = [row[0] for row in cursor.fetchall()]
            plans[name] = {"path": paths[0], "sql": main["sql"], "plan": plan}
            if name == "search":
                for line in plan:
                    if line.startswith("Execution Time"):
                        search_time["explain_analyze_ms"] = float(line.split()[2])
    return queries, cached, plans, search_time


# -- the run -------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="synthetic prisoners (default 100000)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated wrk connection counts")
    parser.add_argument("--duration", type=float, help="seconds per wrk run (default 5, or 2 below 20000 people)")
    parser.add_argument("--reuse", action="store_true", help="keep registry_bench if it already holds --size people")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be at least 1")
    levels = [int(c) for c in args.concurrency.split(",")]
    duration = args.duration or (5.0 if args.size >= 20_000 else 2.0)
    began = time.monotonic()
    WORK.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()

    var_dir = Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var"))
    embedded = not os.environ.get("DATABASE_URL") and not os.environ.get("BENCH_DATABASE_URL")
    started_embedded = embedded and not (var_dir / "pgdata" / "postmaster.pid").exists()
    database_url = bench_database_url(var_dir)
    server_env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "BENCH_FLOOR": "true",
        "SECURE_COOKIES": "false",
        "STATIC_ROOT": str(WORK / "static"),
        "LOG_LEVEL": "ERROR",
        # The anonymous API limit (60/minute) would turn the load into 429s; it is still checked per request.
        "API_ANON_RATE": "100000000/second",
        "DJANGO_SETTINGS_MODULE": "registry.settings",
    }
    os.environ.update(server_env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections

    from bench.export import export
    from registry.models import Prisoner

    results: dict = {"size": args.size, "seed": args.seed, "duration_s": duration, "concurrency": levels}
    # Other work on the machine skews every figure; record how busy it was.
    results["load_average_at_start"] = os.getloadavg()
    processes: list[subprocess.Popen] = []
    try:
        # (1) Build.
        reuse = args.reuse and _holds(args.size)
        if not reuse:
            connections.close_all()
            recreate_database(database_url)
        t = time.monotonic()
        call_command("migrate", verbosity=0)
        results["migrate_s"] = round(time.monotonic() - t, 1)
        if reuse:
            log(f"reusing {BENCH_DB} with {args.size} synthetic people")
            results["generate"] = {"reused": True}
        else:
            log(f"generating {args.size} synthetic people into {BENCH_DB}")
            out = io.StringIO()
            t = time.monotonic()
            call_command("generate_synthetic", prisoners=args.size, seed=args.seed, stdout=out)
            results["generate"] = {"seconds": round(time.monotonic() - t, 1), "report": out.getvalue().strip()}
            log(results["generate"]["report"])
        call_command("collectstatic", interactive=False, verbosity=0)
        t = time.monotonic()
        sqlite_path = WORK / "registry.db"
        rows = export(sqlite_path)
        results["export"] = {"seconds": round(time.monotonic() - t, 1), "rows": rows}
        log(f"exported public data to {sqlite_path}: {rows}")
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            results["postgres"] = cursor.fetchone()[0]
        results["published"] = Prisoner.objects.published().count()

        values = sample_values(random.Random(args.seed))
        app_paths = {name: expand(t, values) for name, t in APP_REQUESTS.items()}
        datasette_paths = {name: expand(t, values) for name, t in DATASETTE_REQUESTS.items()}
        results["requests"] = {
            "app": {k: v[0] for k, v in app_paths.items()},
            "datasette": {k: v[0] for k, v in datasette_paths.items()},
        }
        connections.close_all()

        # (2) and (3): serve.
        datasette = ensure_datasette()
        app_port, datasette_port = free_port(), free_port()
        app_base, datasette_base = f"http://127.0.0.1:{app_port}", f"http://127.0.0.1:{datasette_port}"
        gunicorn = Path(sys.executable).parent / "gunicorn"
        app_log, datasette_log = WORK / "gunicorn.log", WORK / "datasette.log"
        nocache_port = free_port()
        nocache_base = f"http://127.0.0.1:{nocache_port}"
        command = [str(gunicorn), "registry.wsgi:application", "--workers", "2", "--chdir", str(ROOT)]
        command += ["--log-level", "warning", "--bind"]
        app = start([*command, f"127.0.0.1:{app_port}"], server_env, app_log)
        processes.append(app)
        nocache_log = WORK / "gunicorn-nocache.log"
        nocache_env = {**server_env, "DERIVED_CACHE_ENTRIES": "0"}
        nocache = start([*command, f"127.0.0.1:{nocache_port}"], nocache_env, nocache_log)
        processes.append(nocache)
        command = [str(datasette), "serve", "--immutable", str(sqlite_path), "--host", "127.0.0.1"]
        # Facet suggestions are for Datasette's HTML UI; the app computes nothing like them per list.
        settings = ["--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms", "10000"]
        settings += ["--setting", "suggest_facets", "off"]
        ds = start([*command, "--port", str(datasette_port), *settings], {**os.environ}, datasette_log)
        processes.append(ds)
        wait_ready(app_base + "/bench/floor", app, app_log)
        wait_ready(nocache_base + "/bench/floor", nocache, nocache_log)
        wait_ready(datasette_base + "/-/versions.json", ds, datasette_log)
        log(f"app (gunicorn, 2 workers) on {app_base}, uncached on {nocache_base}, Datasette on {datasette_base}")
        nocache_paths = {name: app_paths[name] for name in UNCACHED}
        targets = (
            ("app", app_base, app_paths),
            ("app-nocache", nocache_base, nocache_paths),
            ("datasette", datasette_base, datasette_paths),
        )

        # Which endpoints exist on this branch.
        available: dict[tuple[str, str], str] = {}
        for target, base, paths in targets:
            for name, urls in paths.items():
                status, body = get(base + urls[0])
                available[(target, name)] = "" if status == 200 else ("n/a" if status == 404 else f"HTTP {status}")
                if status not in (200, 404):
                    log(f"{target} {name}: HTTP {status} for {urls[0]}: {body[:200]!r}")

        # SQL queries per request and query plans, in this process against the same database.
        live = {n: p for n, p in app_paths.items() if not available[("app", n)]}
        queries, cached_queries, plans, search_time = count_queries_and_plans(live)
        connections.close_all()
        results["queries_per_request"] = queries
        results["queries_per_cached_request"] = cached_queries
        results["plans"] = plans
        results["search_server_time_ms"] = search_time

        # (4) Load: warm up, then each level.
        for target, base, paths in targets:
            for name, urls in paths.items():
                if not available[(target, name)]:
                    run_wrk(wrk, base, urls, 4, 1)
        measurements: list[report.Measurement] = []
        for c in levels:
            for target, base, paths in targets:
                for name, urls in paths.items():
                    note = available[(target, name)]
                    if not note and time.monotonic() - began > BUDGET_S:
                        note = "skipped (time)"
                    if note:
                        measurements.append(report.Measurement(target, name, c, note=note))
                        continue
                    log(f"wrk {target} {name} c={c} ({duration:g} s)")
                    try:
                        measurements.append(report.measurement(target, name, c, run_wrk(wrk, base, urls, c, duration)))
                    except (ValueError, subprocess.TimeoutExpired) as exc:
                        measurements.append(report.Measurement(target, name, c, note=f"failed: {exc}"[:60]))

        workers = children(app.pid)
        results["peak_rss_mb"] = {
            "app_workers": [round(m, 1) for m in map(peak_rss_mb, workers) if m],
            "app_master": _round(peak_rss_mb(app.pid)),
            "app_nocache_workers": [round(m, 1) for m in map(peak_rss_mb, children(nocache.pid)) if m],
            "datasette": _round(peak_rss_mb(ds.pid)),
        }
        results["peak_rss_mb"]["app_workers_total"] = round(sum(results["peak_rss_mb"]["app_workers"]), 1)
        table_rows = report.rows(measurements, queries, cached_queries)
        results["results"] = table_rows
    finally:
        stop_everything(processes, var_dir if started_embedded else None)
    write_results(results, RESULTS, summary, began)
    return 0


def stop_everything(processes: list[subprocess.Popen], embedded_var_dir: Path | None) -> None:
    """Stop what a run started: its servers, the last started first, then the embedded PostgreSQL if it started it."""
    from django.db import connections

    for process in reversed(processes):
        stop(process)
    connections.close_all()
    if embedded_var_dir is not None:
        from registry.db.embedded import stop_embedded_server

        stop_embedded_server(embedded_var_dir)


def write_results(results: dict, path: Path, summary, began: float) -> None:
    """Record the load at the end and the run's length, write `path`, print the summary."""
    results["load_average_at_end"] = os.getloadavg()
    results["elapsed_s"] = round(time.monotonic() - began, 1)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(summary(results))
    print(f"\nWritten {path.relative_to(ROOT)} in {results['elapsed_s']:.0f} s.")


def prepare_database(url: str, *, size: int, seed: int) -> None:
    """Migrate the bench database and make it hold `size` synthetic people (regenerated only if it holds another
    number); collect static files for the app servers."""
    from django.core.management import call_command
    from django.db import connections

    if not _holds(size):
        connections.close_all()
        recreate_database(url)
        call_command("migrate", verbosity=0)
        log(f"generating {size} synthetic people into the bench database")
        call_command("generate_synthetic", prisoners=size, seed=seed)
        # What autovacuum does soon after a bulk load, done before measuring rather than during it: index-only
        # scans skip the table only for pages vacuumed since they were written.
        with connections["default"].cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)


def _holds(size: int) -> bool:
    from django.db import DatabaseError

    from registry.models import Prisoner

    try:
        return Prisoner.objects.filter(is_synthetic=True).count() == size
    except DatabaseError:
        return False


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summary(results: dict) -> str:
    generate = results.get("generate", {})
    rss = results.get("peak_rss_mb", {})
    lines = [
        f"Registry of {results['size']:,} synthetic prisoners ({results.get('published', 0):,} published), "
        f"PostgreSQL {results.get('postgres', '?')}; wrk {results['duration_s']:g} s per run; "
        f"{os.cpu_count()} CPUs, load average {results['load_average_at_start'][0]:.1f} at start.",
        f"Load: {generate.get('seconds', 'reused')} s ({generate.get('report', '')}); "
        f"SQLite export {results['export']['seconds']} s.",
        "",
        report.format_table(results["results"]),
        "",
        f"Peak RSS: app workers {rss.get('app_workers')} MB (total {rss.get('app_workers_total')} MB; "
        f"uncached {rss.get('app_nocache_workers')} MB), Datasette {rss.get('datasette')} MB.",
        f"Name search server time: {results.get('search_server_time_ms')}",
    ]
    for name, plan in results.get("plans", {}).items():
        lines += ["", f"Plan of the {name} query ({plan['path']}):", report.plan_summary(plan["plan"])]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
