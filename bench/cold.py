"""`make bench-cold`: the way readers load it — a different person, search, deep page, filter or statistic on
almost every request — the app against Datasette on the same public data, quiet and under one staff write per
second.

    python -m bench.cold --size 100000       # on registry_bench (`make bench` builds it; reused when it fits)
    python -m bench.cold --size 3000 --database registry_bench_cold_small --duration 2   # a quick check

`make bench` and `make bench-writes` rotate through a few hundred URLs, so the app mostly answers from its
response cache; here each request type has a pool of distinct URLs drawn from the data, and each wrk run
(concurrency level × phase) gets its own disjoint slice of the pool in random order, so the app's cache mostly
misses. The table says how often a URL repeated within a run (requests ÷ distinct URLs asked; 1.0 = never).

Request types, each with its Datasette 0.65.5 peer: `detail` (API document / row JSON), `html_detail` (profile /
row page), `search` (names written the ways readers write them / FTS5 `_search` with the raw query), `deep` (list
pages from page 20 on in two orders, found by following the `next` links / `next_url`), `html_deep` (the site's
list / Datasette's table page, the same way), `filtered` (status, region, sex, article, year detained combined /
columns and `_where`) and `stat` (facet counts for status, region and sex combinations / GROUP BY SQL).

The app runs under gunicorn, 2 workers, DEBUG off, caches on (as in production); the deep URLs are collected
from a second instance with its caches off, stopped before loading, so collecting warms nothing. Datasette's
data is immutable: it is loaded in both phases anyway, with the same slices, on the same machine as the writer.
The "writes" phase runs bench.writes.Writer (one UPDATE of a random published person per second). Also
measured: search recall (the intended person in the first 50: the app in process, Datasette over HTTP) and the
app's name-search time in process. Printed as a table and written to bench/cold-results.json. Everything
started is stopped in `finally`. `--database` picks another database on the same server (built with migrate
and `generate_synthetic` when it does not hold `--size` synthetic people — which replaces what it held).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import functools
import html
import itertools
import json
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Callable
from pathlib import Path

from bench import report
from bench.run import (
    BENCH_DB,
    ROOT,
    WORK,
    _with_database,
    bench_database_url,
    ensure_datasette,
    ensure_wrk,
    log,
    prepare_database,
    run_wrk,
    stop_everything,
    write_results,
)
from bench.search_bench import typo
from bench.writes import Writer
from ops.processes import free_port, get, start, stop, wait_ready

RESULTS = ROOT / "bench" / "cold-results.json"
# In its own folder: Datasette names the database after the file (/registry/...), and bench.run's
# export (bench/work/registry.db) may be of another database.
SQLITE = WORK / "cold" / "registry.db"
# No new wrk run starts this long after the first (they take about 9 minutes; building the database is not counted).
BUDGET_S = 25 * 60
PHASES = ("quiet", "writes")
TYPES = ("detail", "html_detail", "search", "deep", "html_deep", "filtered", "stat")
DEEP_FROM = 20  # the first page counted as deep
DEEP_PAGES = 800  # at most this many deep pages per list order (following 800 links takes a while)
SEARCH_POOL = 6000
RECALL_QUERIES = 300
FILTER_POOL = 6000
QUERY_KINDS = (
    "ru",
    "press",
    "surname",
    "swapped",
    "typo",
    "english_given",
    "be",
    "be_swapped",
)
# Deep lists: where each chain of `next` links starts, in two orders (the site has no descending name order).
DEEP_STARTS = {
    "app": {
        "deep": ["/api/v1/prisoners/?page_size=50", "/api/v1/prisoners/?page_size=50&ordering=-display_name"],
        "html_deep": ["/prisoners/", "/prisoners/?sort=recognised"],
    },
    "datasette": {
        "deep": [
            "/registry/prisoners.json?_size=50&_sort=display_name",
            "/registry/prisoners.json?_size=50&_sort_desc=display_name",
        ],
    },
}
# Loaded before measuring (imports, connections), and in no pool, so they warm no measured URL.
WARM = {
    "app": ["/bench/floor", "/api/v1/prisoners/?page_size=50", "/prisoners/", "/api/v1/statistics/facets/"],
    "datasette": ["/registry/prisoners.json?_size=50", "/registry/prisoners/1"],
}
_HTML_NEXT = re.compile(r'<a rel="next" href="([^"]*)"')


# -- database and servers ----------------------------------------------------------------------------


def database_url(var_dir: Path, name: str) -> str:
    """bench.run's database (BENCH_DATABASE_URL, else DATABASE_URL's server, else the embedded one), named `name`."""
    if name == BENCH_DB:
        return bench_database_url(var_dir)
    server = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("DATABASE_URL")
    if server:
        return _with_database(server, name)
    from registry.db.embedded import embedded_database_url

    return embedded_database_url(var_dir, name)


def server_env(url: str) -> dict[str, str]:
    """The app's environment as in bench.writes: production settings, loopback, no anonymous API limit."""
    return {
        **os.environ, "DATABASE_URL": url, "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver", "SECURE_COOKIES": "false", "LOG_LEVEL": "ERROR",
        "STATIC_ROOT": str(WORK / "static"), "API_ANON_RATE": "100000000/second",
        "DJANGO_SETTINGS_MODULE": "registry.settings", "BENCH_FLOOR": "true",
    }  # fmt: skip


def start_app(env: dict, name: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [str(gunicorn), "registry.wsgi:application", "--workers", "2", "--chdir", str(ROOT)]
    command += ["--log-level", "warning", "--bind", f"127.0.0.1:{port}"]
    logfile = WORK / f"gunicorn-{name}.log"
    process = start(command, env, logfile)
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/bench/floor", process, logfile)
    return process, base


def start_datasette() -> tuple[subprocess.Popen, str]:
    """Served as bench.run serves it: immutable, pages of 50, no facet suggestions."""
    port = free_port()
    command = [str(ensure_datasette()), "serve", "--immutable", str(SQLITE), "--host", "127.0.0.1"]
    command += ["--port", str(port), "--setting", "default_page_size", "50", "--setting", "sql_time_limit_ms"]
    command += ["10000", "--setting", "suggest_facets", "off"]
    logfile = WORK / "datasette-cold.log"
    process = start(command, {**os.environ}, logfile)
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/-/versions.json", process, logfile)
    return process, base


# -- pools of distinct URLs ------------------------------------------------------------------------------


def _q(value: str) -> str:
    return urllib.parse.quote(value, safe="")


def search_queries(rng: random.Random, count: int) -> list[tuple[str, int, str]]:
    """(query, the person it is meant to find, kind): names of published synthetic people written the ways readers
    write them, in turn (as bench.search_bench.queries, plus the Belarusian Cyrillic forms); each query once."""
    from registry.given_names import GROUPS
    from registry.models import Prisoner, PrisonerName
    from registry.search import _transliterate

    english = {group[1]: next(f for f in reversed(group) if f.isascii()) for group in GROUPS}
    forms: dict[int, dict[str, str]] = {}
    names = PrisonerName.objects.filter(
        prisoner__in=Prisoner.objects.published().filter(is_synthetic=True), language__in=("be", "ru")
    )
    for pk, language, full_name in names.order_by("pk").values_list("prisoner_id", "language", "full_name"):
        forms.setdefault(pk, {})[language] = full_name
    people = sorted(pk for pk, f in forms.items() if len(f) == 2)
    seen: dict[str, tuple[str, int, str]] = {}
    for i in range(count * 2):
        if len(seen) >= count or not people:
            break
        pk = rng.choice(people)
        ru, be = forms[pk]["ru"], forms[pk]["be"]
        first, last = ru.split(" ", 1)
        first_be, last_be = be.split(" ", 1)
        press = _transliterate(ru, "press")
        kind = QUERY_KINDS[i % len(QUERY_KINDS)]
        query = {
            "ru": ru,  # Russian Cyrillic, full
            "press": press,  # the English press spelling of the Russian form
            "surname": _transliterate(last, "press"),
            "swapped": f"{_transliterate(last, 'bgn_pcgn')} {_transliterate(first, 'bgn_pcgn')}",
            "typo": typo(press, rng),
            "english_given": f"{english.get(first, first)} {_transliterate(last, 'press')}",  # Victor
            "be": be,  # Belarusian Cyrillic, full
            "be_swapped": f"{last_be} {first_be}",
        }[kind]
        seen.setdefault(query, (query, pk, kind))
    return list(seen.values())


def _datasette_where(condition: str) -> str:
    return "_where=" + _q(condition)


def filter_pool(rng: random.Random, values: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(app URL, Datasette URL) for combinations of at least two of status, region, sex, article, year detained."""
    choices = [[None, *values[name]] for name in ("status", "region", "sex", "article", "year")]
    combinations = [c for c in itertools.product(*choices) if sum(v is not None for v in c) >= 2]
    rng.shuffle(combinations)
    pool = []
    for status, region, sex, article, year in combinations[:FILTER_POOL]:
        app = ["page_size=50"]
        ds = ["_size=50", "_sort=display_name"]
        for name, value in (("status", status), ("region", region), ("sex", sex)):
            if value is not None:
                app.append(f"{name}={_q(value)}")
                ds.append(f"{name}={_q(value)}")
        if article is not None:
            app.append(f"article={_q(article)}")
            ds.append(_datasette_where(f"id in (select prisoner_id from charges where article = '{article}')"))
        if year is not None:
            app.append(f"detained_year={year}")
            # The app's detained_year: any custody period detained in that year (stored dates are ISO).
            ds.append(_datasette_where(f"id in (select prisoner_id from custody where detained_on like '{year}-%')"))
        pool.append(("/api/v1/prisoners/?" + "&".join(app), "/registry/prisoners.json?" + "&".join(ds)))
    return pool


def stat_pool(rng: random.Random, values: dict[str, list[str]]) -> list[tuple[str, str]]:
    """(app URL, Datasette URL) for facet counts of every combination of status, region and sex (not all empty).

    counted_prisoners holds region, status and sex only, so the peer counts by those three (the app also by
    article)."""
    pool = []
    for status, region, sex in itertools.product(*([None, *values[n]] for n in ("status", "region", "sex"))):
        chosen = {k: v for k, v in (("status", status), ("region", region), ("sex", sex)) if v is not None}
        if not chosen:
            continue
        # Values come from the registry's own vocabulary (choices, slugs); quoted anyway.
        where = " and ".join(f"{k} = '{v.replace(chr(39), chr(39) * 2)}'" for k, v in chosen.items())
        sql = " union all ".join(
            f"select '{facet}' as facet, {facet} as value, count(*) as n from counted_prisoners where {where} "
            f"group by {facet}"
            for facet in ("status", "region", "sex")
        )
        app = "/api/v1/statistics/facets/?" + "&".join(f"{k}={_q(v)}" for k, v in chosen.items())
        pool.append((app, f"/registry.json?sql={_q(sql)}&_shape=array"))
    rng.shuffle(pool)
    return pool


def sample_data(rng: random.Random) -> dict:
    """What the pools are drawn from: published people, filter values present in the data, search queries."""
    from django.db.models import Count
    from django.db.models.functions import ExtractYear

    from registry.models import Charge, Conviction, Custody, Prisoner, Region, Status

    published = Prisoner.objects.published()
    ids = list(published.order_by("pk").values_list("pk", flat=True))
    articles = (
        Charge.objects.filter(conviction__in=Conviction.objects.published())
        .values("article__number")
        .annotate(n=Count("pk"))
        .order_by("-n", "article__number")
    )
    years = Custody.objects.published().annotate(y=ExtractYear("detained_on")).values_list("y", flat=True)
    values = {
        "status": list(Status.values),
        "region": list(Region.objects.filter(prisoners__in=published).distinct().values_list("slug", flat=True)),
        "sex": ["male", "female"],
        "article": [a["article__number"] for a in articles[:8]],
        "year": [str(y) for y in sorted(set(years.order_by().distinct()))],
    }
    values["region"].sort()
    return {"ids": ids, "values": values, "queries": search_queries(rng, min(SEARCH_POOL, 3 * len(ids)))}


def pools(rng: random.Random, data: dict) -> dict[str, dict[str, list[str]]]:
    """Each request type's distinct URLs for the app and for Datasette (the deep lists come later, over HTTP)."""
    detail, html_detail = data["ids"][:], data["ids"][:]
    rng.shuffle(detail)
    rng.shuffle(html_detail)
    filtered = filter_pool(rng, data["values"])
    stat = stat_pool(rng, data["values"])
    searched = [q for q, _pk, _kind in data["queries"]]
    return {
        "detail": {
            "app": [f"/api/v1/prisoners/{pk}/" for pk in detail],
            "datasette": [f"/registry/prisoners/{pk}.json" for pk in detail],
        },
        "html_detail": {
            "app": [f"/prisoners/{pk}/" for pk in html_detail],
            "datasette": [f"/registry/prisoners/{pk}" for pk in html_detail],
        },
        "search": {
            "app": [f"/api/v1/prisoners/?page_size=50&q={_q(q)}" for q in searched],
            "datasette": [f"/registry/prisoners.json?_size=50&_search={_q(q)}" for q in searched],
        },
        "filtered": {"app": [a for a, _ in filtered], "datasette": [d for _, d in filtered]},
        "stat": {"app": [a for a, _ in stat], "datasette": [d for _, d in stat]},
    }


def _path(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


def json_next(key: str) -> Callable[[bytes], str | None]:
    return lambda body: json.loads(body).get(key)


def html_next(body: bytes) -> str | None:
    found = _HTML_NEXT.search(body.decode())
    return "/prisoners/" + html.unescape(found.group(1)) if found else None


def follow(
    fetch: Callable[[str], tuple[int, bytes]],
    first: str,
    next_of: Callable[[bytes], str | None],
    pages: int = DEEP_PAGES,
) -> list[str]:
    """Path and query of pages DEEP_FROM to DEEP_FROM + `pages` - 1 of a list, by following its next links;
    `fetch(path)` answers (status, body)."""
    found, url = [], first
    for number in itertools.count(1):
        status, body = fetch(url)
        if status != 200:
            log(f"HTTP {status} at page {number} of {url}: {body[:200]!r}")
            break
        if number >= DEEP_FROM:
            found.append(url)
        following = next_of(body)
        if not following or len(found) >= pages:
            break
        url = _path(following)
    return found


def _get_from(base: str, path: str) -> tuple[int, bytes]:
    return get(base + path)


def deep_pools(app_base: str, datasette_base: str) -> dict[str, dict[str, list[str]]]:
    """Every chain followed at once (each one is sequential); the app's from an instance with its caches off."""
    chains = [("deep", "app", app_base, first, json_next("next")) for first in DEEP_STARTS["app"]["deep"]] + [
        ("html_deep", "app", app_base, first, html_next) for first in DEEP_STARTS["app"]["html_deep"]
    ]
    chains += [
        ("deep", "datasette", datasette_base, first, json_next("next_url"))
        for first in DEEP_STARTS["datasette"]["deep"]
    ]
    found: dict[str, dict[str, list[str]]] = {"deep": {"app": [], "datasette": []}, "html_deep": {"app": []}}
    with concurrent.futures.ThreadPoolExecutor(len(chains)) as executor:
        futures = [
            (name, target, executor.submit(follow, functools.partial(_get_from, base), first, nxt))
            for name, target, base, first, nxt in chains
        ]
        for name, target, future in futures:
            found[name][target] += future.result()
    # Datasette's table page takes the JSON's `_next` tokens as they are.
    found["html_deep"]["datasette"] = [
        u.replace("/registry/prisoners.json?", "/registry/prisoners?", 1) for u in found["deep"]["datasette"]
    ]
    return found


def slices(urls: list[str], count: int, rng: random.Random) -> list[list[str]]:
    """`count` disjoint parts of the pool, each in random order."""
    parts = [urls[i::count] for i in range(count)]
    for part in parts:
        rng.shuffle(part)
    return parts


# -- checks, recall, search time ---------------------------------------------------------------------------


def check_samples(all_pools: dict, app_base: str, datasette_base: str) -> dict:
    """Status of the first three URLs of each pool on both (the app's caches off: nothing is warmed)."""
    checked: dict = {}
    for name, by_target in all_pools.items():
        for target, base in (("app", app_base), ("datasette", datasette_base)):
            statuses = []
            for url in by_target.get(target, [])[:3]:
                status, body = get(base + url)
                statuses.append(status)
                if status != 200:
                    log(f"{target} {name}: HTTP {status} for {url}: {body[:300]!r}")
            checked[f"{name} {target}"] = {"urls": by_target.get(target, [])[:3], "statuses": statuses}
    return checked


def compare_filtered(pairs: list[tuple[str, str]], app_base: str, datasette_base: str) -> dict:
    """Rows on the first page of the same filters, app vs Datasette: a different count means different answers."""
    mismatches = []
    for app, ds in pairs:
        a_status, a_body = get(app_base + app)
        d_status, d_body = get(datasette_base + ds)
        if a_status != 200 or d_status != 200:
            mismatches.append({"app": app, "datasette": ds, "statuses": [a_status, d_status]})
            continue
        a_rows, d_rows = len(json.loads(a_body)["results"]), len(json.loads(d_body)["rows"])
        if a_rows != d_rows:
            mismatches.append({"app": app, "datasette": ds, "rows": [a_rows, d_rows]})
    return {"compared": len(pairs), "mismatches": mismatches}


def _share(hits: list[bool]) -> float | None:
    return round(100 * sum(hits) / len(hits), 1) if hits else None


def _namesakes(pk: int) -> int:
    """Published people whose Russian name ends in the same surname as this person's."""
    from registry.models import Prisoner, PrisonerName

    full_name = PrisonerName.objects.filter(prisoner_id=pk, language="ru").values_list("full_name", flat=True).first()
    surname = (full_name or "").split(" ")[-1]
    names = PrisonerName.objects.filter(language="ru", prisoner__in=Prisoner.objects.published())
    return names.filter(full_name__endswith=f" {surname}").values("prisoner_id").distinct().count()


def recall(queries: list[tuple[str, int, str]], datasette_base: str) -> dict:
    """Share of queries whose intended person is among the first 50: the app in process (and its time for that
    first page), Datasette over HTTP (a 4xx/5xx answer counts as a miss)."""
    from registry.models import Prisoner
    from registry.search import search_prisoners

    app_hits, ds_hits, times = {}, {}, []
    ds_errors = 0
    # A surname alone that more than 50 people share cannot tell which of them the reader meant: any ranking is
    # a draw. Such queries are also counted apart (namesakes: published people with the same Russian surname).
    distinguishable_app, distinguishable_ds, crowded = [], [], 0
    for query, pk, kind in queries:
        started = time.perf_counter()
        page = list(search_prisoners(Prisoner.objects.published(), query)[:50])
        times.append((time.perf_counter() - started) * 1000)
        app_hit = pk in {p.pk for p in page}
        app_hits.setdefault(kind, []).append(app_hit)
        status, body = get(f"{datasette_base}/registry/prisoners.json?_size=50&_shape=array&_search={_q(query)}")
        if status != 200:
            ds_errors += 1
        ds_hit = pk in ({row["id"] for row in json.loads(body)} if status == 200 else set())
        ds_hits.setdefault(kind, []).append(ds_hit)
        if kind == "surname" and _namesakes(pk) > 50:
            crowded += 1
        else:
            distinguishable_app.append(app_hit)
            distinguishable_ds.append(ds_hit)
    return {
        "queries": len(queries),
        "app_percent": _share([h for hs in app_hits.values() for h in hs]),
        "datasette_percent": _share([h for hs in ds_hits.values() for h in hs]),
        "crowded_surname_queries": crowded,
        "distinguishable": {"app": _share(distinguishable_app), "datasette": _share(distinguishable_ds)},
        "datasette_errors": ds_errors,
        "by_kind": {k: {"app": _share(app_hits[k]), "datasette": _share(ds_hits[k])} for k in app_hits},
        "app_first_page_ms": {
            "median": round(statistics.median(times), 1),
            "p90": round(statistics.quantiles(times, n=10)[-1], 1) if len(times) > 1 else round(times[0], 1),
        }
        if times
        else {},
    }


# -- load --------------------------------------------------------------------------------------------------


def load(wrk: str, target: str, name: str, base: str, urls: list[str], c: int, duration: float) -> dict:
    """One wrk run over a slice; `repeat` = requests ÷ distinct URLs asked (wrk.lua goes through them in order)."""
    try:
        m = report.measurement(target, name, c, run_wrk(wrk, base, urls, c, duration))
    except (ValueError, subprocess.TimeoutExpired) as exc:
        m = report.Measurement(target, name, c, note=f"failed: {exc}"[:60])
    row = m.as_dict()
    row["urls"] = len(urls)
    row["repeat"] = round(m.requests / min(m.requests, len(urls)), 2) if m.requests and urls else None
    return row


def run_all(wrk, bases, all_pools, levels, duration, began, database_url, everyone, seed, rng) -> tuple[list, dict]:
    """Each level, each phase, each request type: the app then Datasette, on the same slice of the pool; none
    started BUDGET_S after `began`."""
    runs = len(levels) * len(PHASES)
    parts = {
        name: {t: slices(urls, runs, rng) for t, urls in by_target.items()} for name, by_target in all_pools.items()
    }
    rows, writes = [], {}
    for li, c in enumerate(levels):
        for pi, phase in enumerate(PHASES):
            writer = Writer(database_url, everyone, seed + li) if phase == "writes" else None
            phase_began = time.monotonic()
            if writer:
                writer.start()
            try:
                for name in TYPES:
                    for target in ("app", "datasette"):
                        urls = parts[name][target][li * len(PHASES) + pi]
                        if not urls:
                            rows.append({"target": target, "request": name, "phase": phase, "concurrency": c,
                                         "note": "no URLs"})  # fmt: skip
                            continue
                        if time.monotonic() - began > BUDGET_S:
                            log(f"time budget spent: skipping {target} {name} {phase} c={c}")
                            rows.append({"target": target, "request": name, "phase": phase, "concurrency": c,
                                         "note": "skipped (time)", "urls": len(urls)})  # fmt: skip
                            continue
                        log(f"wrk {target} {name} {phase} c={c} over {len(urls)} URLs ({duration:g} s)")
                        row = load(wrk, target, name, bases[target], urls, c, duration)
                        rows.append({**row, "phase": phase})
            finally:
                if writer:
                    writer.stopped.set()
                    writer.join()
                    seconds = time.monotonic() - phase_began
                    writes[f"c={c}"] = {"writes": writer.writes, "per_s": round(writer.writes / seconds, 2)}
    return rows, writes


# -- output ------------------------------------------------------------------------------------------------


def _fmt(value: float | None, digits: int = 0) -> str:
    return "" if value is None else f"{value:,.{digits}f}"


def table(rows: list[dict]) -> str:
    by_key = {(r["request"], r["phase"], r["concurrency"], r["target"]): r for r in rows}
    header = ["request", "phase", "c", "URLs", "app req/s", "DS req/s", "app÷DS", "app p99", "DS p99", "errors",
              "repeat"]  # fmt: skip
    lines = [header]
    for (name, phase, c, target), app in by_key.items():
        if target != "app":
            continue
        ds = by_key.get((name, phase, c, "datasette"), {})
        ratio = report.ratio(app.get("rps"), ds.get("rps"))
        notes = " ".join(n for n in (app.get("note"), ds.get("note") and f"DS: {ds['note']}") if n)
        lines.append([
            name, phase, str(c), f"{app.get('urls', 0)}/{ds.get('urls', 0)}",
            notes or _fmt(app.get("rps")), "" if notes else _fmt(ds.get("rps")),
            "" if ratio is None else f"{ratio:.2f}×",
            _fmt(app.get("p99_ms"), 1), _fmt(ds.get("p99_ms"), 1),
            f"{app.get('errors', '')}/{ds.get('errors', '')}",
            f"{_fmt(app.get('repeat'), 1)}/{_fmt(ds.get('repeat'), 1)}",
        ])  # fmt: skip
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for n, line in enumerate(lines):
        out.append(
            "  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(line, widths, strict=True)))
        )
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in out)


def summary(results: dict) -> str:
    rec = results.get("recall", {})
    lines = [
        f"{results['size']:,} synthetic people ({results.get('published', 0):,} published) in {results['database']}; "
        f"wrk {results['duration_s']:g} s per run, 1 thread; app: gunicorn, 2 workers, caches on; "
        f"{os.cpu_count()} CPUs, load average {results['load_average_at_start'][0]:.1f} at start.",
        "URLs: distinct URLs in the slice, app/Datasette; errors: socket errors and 4xx/5xx, app/Datasette; "
        "repeat: requests ÷ distinct URLs asked, app/Datasette (1.0 = no URL asked twice).",
        f"Writes phase: {results.get('writes', {})} (Datasette's data is immutable; it is loaded in both phases).",
        "",
        table(results.get("results", [])),
        "",
    ]
    if rec:
        kinds = ", ".join(f"{k} {v['app']}/{v['datasette']}" for k, v in rec["by_kind"].items())
        lines += [
            f"Search recall (intended person in the first 50, {rec['queries']} queries): app {rec['app_percent']}%, "
            f"Datasette {rec['datasette_percent']}% ({rec['datasette_errors']} Datasette errors).",
            f"  by kind, app/Datasette %: {kinds}",
            f"  leaving out the {rec.get('crowded_surname_queries')} surname-alone queries whose surname more than 50 "
            f"people share (nothing tells them apart): app {rec.get('distinguishable', {}).get('app')}%, "
            f"Datasette {rec.get('distinguishable', {}).get('datasette')}%",
            f"App name search in process, first page of 50: median {rec['app_first_page_ms'].get('median')} ms, "
            f"p90 {rec['app_first_page_ms'].get('p90')} ms.",
        ]
    compared = results.get("filtered_comparison", {})
    if compared:
        lines.append(
            f"Filtered first pages compared (rows app vs Datasette): {len(compared['mismatches'])} of "
            f"{compared['compared']} differ."
        )
    bad = {k: v["statuses"] for k, v in results.get("checked", {}).items() if any(s != 200 for s in v["statuses"])}
    lines.append(f"Sample URLs not answering 200: {bad or 'none'}.")
    return "\n".join(lines)


# -- the run -----------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="synthetic prisoners (default 100000)")
    parser.add_argument("--database", default=BENCH_DB, help=f"database on the bench server (default {BENCH_DB})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--concurrency", default="1,8,32", help="comma-separated wrk connection counts")
    parser.add_argument("--duration", type=float, default=5.0, help="seconds per wrk run (default 5)")
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error("--size must be at least 1")
    levels = [int(c) for c in args.concurrency.split(",")]
    began = time.monotonic()
    SQLITE.parent.mkdir(parents=True, exist_ok=True)
    wrk = ensure_wrk()
    var_dir = Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var"))
    embedded = not os.environ.get("DATABASE_URL") and not os.environ.get("BENCH_DATABASE_URL")
    started_embedded = embedded and not (var_dir / "pgdata" / "postmaster.pid").exists()
    url = database_url(var_dir, args.database)
    env = server_env(url)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connections

    from bench.export import export

    results: dict = {"size": args.size, "database": args.database, "seed": args.seed, "duration_s": args.duration,
                     "concurrency": levels, "load_average_at_start": os.getloadavg()}  # fmt: skip
    processes: list[subprocess.Popen] = []
    try:
        prepare_database(url, size=args.size, seed=args.seed)
        results["export_rows"] = export(SQLITE)
        log(f"exported public data to {SQLITE}: {results['export_rows']}")
        rng = random.Random(args.seed)
        data = sample_data(rng)
        results["published"] = len(data["ids"])
        results["filter_values"] = data["values"]
        all_pools = pools(rng, data)
        connections.close_all()

        datasette, datasette_base = start_datasette()
        processes.append(datasette)
        collector, collector_base = start_app({**env, "DERIVED_CACHE_ENTRIES": "0"}, "cold-collector")
        processes.append(collector)
        log(f"following next links from page {DEEP_FROM} on (up to {DEEP_PAGES} pages per order)")
        all_pools.update(deep_pools(collector_base, datasette_base))
        results["pool_sizes"] = {n: {t: len(u) for t, u in p.items()} for n, p in all_pools.items()}
        log(f"pools: {results['pool_sizes']}")
        results["checked"] = check_samples(all_pools, collector_base, datasette_base)
        pairs = list(zip(all_pools["filtered"]["app"], all_pools["filtered"]["datasette"], strict=True))
        results["filtered_comparison"] = compare_filtered(pairs[:20], collector_base, datasette_base)
        stop(collector)
        processes.remove(collector)

        log(f"search recall over {min(RECALL_QUERIES, len(data['queries']))} queries")
        results["recall"] = recall(data["queries"][:RECALL_QUERIES], datasette_base)
        everyone = data["ids"]
        connections.close_all()

        app, app_base = start_app(env, "cold")
        processes.append(app)
        log(f"app (gunicorn, 2 workers, caches on) on {app_base}, Datasette on {datasette_base}")
        run_wrk(wrk, app_base, WARM["app"], 4, 1)
        run_wrk(wrk, datasette_base, WARM["datasette"], 4, 1)
        bases = {"app": app_base, "datasette": datasette_base}
        results["results"], results["writes"] = run_all(
            wrk, bases, all_pools, levels, args.duration, time.monotonic(), url, everyone, args.seed, rng
        )
    finally:
        stop_everything(processes, var_dir if started_embedded else None)
    write_results(results, RESULTS, summary, began)
    return 0


if __name__ == "__main__":
    sys.exit(main())
