"""The benchmark's pure parts: reading wrk's output, computing ratios, formatting the table.

Nothing here starts a process or times anything, so tests/bench/ can check it directly.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass


@dataclass
class Measurement:
    """One wrk run: a target (app, app-nocache, datasette), a request type, a concurrency level."""

    target: str
    request: str
    concurrency: int
    requests: int = 0
    seconds: float = 0.0
    p50_ms: float | None = None
    p95_ms: float | None = None
    p99_ms: float | None = None
    errors: int = 0
    note: str = ""  # "n/a" when the endpoint is not there (404), or why the run failed

    @property
    def rps(self) -> float | None:
        return self.requests / self.seconds if self.seconds and self.requests else None

    def as_dict(self) -> dict:
        return {**asdict(self), "rps": None if self.rps is None else round(self.rps, 1)}


def parse_wrk(output: str) -> dict:
    """The JSON line wrk.lua prints at the end of a run; ValueError if it is missing."""
    for line in output.splitlines():
        if line.startswith("BENCH_JSON "):
            return json.loads(line.removeprefix("BENCH_JSON "))
    raise ValueError(f"no BENCH_JSON line in wrk output: {output.strip()[-300:]!r}")


def measurement(target: str, request: str, concurrency: int, wrk: dict) -> Measurement:
    errors = sum(wrk[k] for k in ("errors_connect", "errors_read", "errors_write", "errors_status", "errors_timeout"))
    return Measurement(
        target=target,
        request=request,
        concurrency=concurrency,
        requests=wrk["requests"],
        seconds=wrk["duration_us"] / 1e6,
        p50_ms=wrk["p50_us"] / 1000,
        p95_ms=wrk["p95_us"] / 1000,
        p99_ms=wrk["p99_us"] / 1000,
        errors=errors,
        note="" if wrk["requests"] else "no answer in time",
    )


def ratio(value: float | None, reference: float | None) -> float | None:
    if not value or not reference:
        return None
    return value / reference


def rows(
    measurements: list[Measurement], queries: dict[str, int | None], cached_queries: dict[str, int | None] | None = None
) -> list[dict]:
    """One row per measurement with its ratios to Datasette and to the floor (same request, same concurrency).

    `queries` are SQL queries per request computed afresh; `cached_queries` per request answered from the
    app's response cache (the "app" target only: "app-nocache" runs with the cache off).
    """
    by_key = {(m.target, m.request, m.concurrency): m for m in measurements}
    result = []
    for m in measurements:
        datasette = by_key.get(("datasette", m.request, m.concurrency))
        floor = by_key.get(("app", "floor", m.concurrency))
        is_app = m.target.startswith("app")
        result.append(
            {
                **m.as_dict(),
                "vs_datasette": ratio(m.rps, datasette.rps) if is_app and datasette else None,
                "vs_floor": ratio(m.rps, floor.rps) if is_app and floor and m.request != "floor" else None,
                "queries": queries.get(m.request) if is_app else None,
                "queries_cached": (cached_queries or {}).get(m.request) if m.target == "app" else None,
            }
        )
    return result


def _number(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{suffix}"


def _queries(fresh: int | None, cached: int | None) -> str:
    if fresh is None:
        return ""
    return f"{fresh}→{cached}" if cached is not None and cached != fresh else str(fresh)


COLUMNS = ["target", "request", "c", "p50 ms", "p95 ms", "req/s", "vs datasette", "vs floor", "queries", "errors"]


def format_table(table_rows: list[dict]) -> str:
    """A plain-text table, one line per run, columns aligned."""
    lines = [COLUMNS]
    for r in table_rows:
        missing = bool(r.get("note"))
        lines.append(
            [
                r["target"],
                r["request"],
                str(r["concurrency"]),
                r["note"] if missing else _number(r["p50_ms"]),
                "" if missing else _number(r["p95_ms"]),
                "" if missing else _number(r["rps"], 0),
                "" if r["vs_datasette"] is None else _number(r["vs_datasette"], 2, "×"),
                "" if r["vs_floor"] is None else _number(r["vs_floor"], 2, "×"),
                _queries(r["queries"], r.get("queries_cached")),
                "" if missing else str(r["errors"]),
            ]
        )
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    text = []
    for n, line in enumerate(lines):
        cells = [
            cell.ljust(w) if i < 2 else cell.rjust(w) for i, (cell, w) in enumerate(zip(line, widths, strict=True))
        ]
        text.append("  ".join(cells).rstrip())
        if n == 0:
            text.append("  ".join("-" * w for w in widths))
    return "\n".join(text)


def plan_summary(plan: list[str]) -> str:
    """The plan's node lines that name an index or a scan, and its execution time: enough to see index use."""
    keep = [
        line.strip() for line in plan if any(word in line for word in ("Index", "Seq Scan", "Bitmap", "Execution Time"))
    ]
    return "\n".join(keep)
