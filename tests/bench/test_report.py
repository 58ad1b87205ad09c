"""The benchmark harness's pure parts: wrk output parsing, ratios, the table. Nothing here times anything."""

import pytest

from bench import report
from bench.run import APP_REQUESTS, DATASETTE_REQUESTS, expand

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:8000
  1 threads and 8 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
BENCH_JSON {"requests": 1000, "duration_us": 5000000, "errors_connect": 0, "errors_read": 0, "errors_write": 0, \
"errors_status": 2, "errors_timeout": 1, "p50_us": 7500, "p95_us": 20000, "p99_us": 31000, "mean_us": 8000.5, \
"max_us": 40000}
"""


def test_it_reads_the_json_line_of_the_lua_script():
    parsed = report.parse_wrk(WRK_OUTPUT)
    assert parsed["requests"] == 1000
    assert parsed["p95_us"] == 20000


def test_it_refuses_output_without_the_json_line():
    with pytest.raises(ValueError, match="no BENCH_JSON"):
        report.parse_wrk("unable to connect to 127.0.0.1:8000 Connection refused")


def test_a_measurement_has_milliseconds_rate_and_errors():
    m = report.measurement("app", "list", 8, report.parse_wrk(WRK_OUTPUT))
    assert m.p50_ms == 7.5
    assert m.p95_ms == 20.0
    assert m.rps == 200.0
    assert m.errors == 3


def test_ratios_compare_with_datasette_and_the_floor_at_the_same_concurrency():
    runs = [
        report.Measurement("app", "list", 8, requests=600, seconds=1),
        report.Measurement("app", "floor", 8, requests=1200, seconds=1),
        report.Measurement("datasette", "list", 8, requests=300, seconds=1),
        report.Measurement("app", "list", 1, requests=100, seconds=1),
    ]
    rows = {(r["target"], r["request"], r["concurrency"]): r for r in report.rows(runs, {"list": 3, "floor": 0})}
    assert rows[("app", "list", 8)]["vs_datasette"] == 2.0
    assert rows[("app", "list", 8)]["vs_floor"] == 0.5
    assert rows[("app", "list", 8)]["queries"] == 3
    assert rows[("app", "list", 1)]["vs_datasette"] is None
    assert rows[("app", "floor", 8)]["vs_floor"] is None
    assert rows[("datasette", "list", 8)]["queries"] is None


def test_the_uncached_app_is_compared_too_and_cached_query_counts_show_beside_fresh_ones():
    runs = [
        report.Measurement("app", "list", 8, requests=900, seconds=1),
        report.Measurement("app-nocache", "list", 8, requests=150, seconds=1),
        report.Measurement("app", "floor", 8, requests=1200, seconds=1),
        report.Measurement("datasette", "list", 8, requests=300, seconds=1),
    ]
    table_rows = report.rows(runs, {"list": 13}, {"list": 1})
    rows = {(r["target"], r["request"]): r for r in table_rows}
    assert rows[("app-nocache", "list")]["vs_datasette"] == 0.5
    assert rows[("app-nocache", "list")]["vs_floor"] == 0.125
    assert rows[("app-nocache", "list")]["queries_cached"] is None
    lines = report.format_table(table_rows).splitlines()
    assert "13→1" in lines[2]
    assert lines[3].split()[-2:] == ["13", "0"]


def test_the_table_has_a_line_per_run_and_says_n_a_for_missing_endpoints():
    runs = [
        report.Measurement("app", "list", 1, requests=100, seconds=1, p50_ms=4.25, p95_ms=9.0),
        report.Measurement("app", "search", 1, note="n/a"),
    ]
    table = report.format_table(report.rows(runs, {}))
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["target", "request", "c"]
    assert len(lines) == 4
    assert "4.2" in lines[2] and "100" in lines[2]
    assert lines[3].split() == ["app", "search", "1", "n/a"]


def test_templates_expand_to_one_url_per_value():
    values = {"id": ["1", "2"], "term": ["Testavich", "Тэставіч"], "region": ["minsk", "brest"], "article": ["342"]}
    assert expand(APP_REQUESTS["detail"], values) == ["/api/v1/prisoners/1/", "/api/v1/prisoners/2/"]
    assert expand(APP_REQUESTS["search"], values)[1].endswith("q=%D0%A2%D1%8D%D1%81%D1%82%D0%B0%D0%B2%D1%96%D1%87")
    assert len(expand(DATASETTE_REQUESTS["filtered"], values)) == 2
    assert "article%20%3D%20%27342%27" in expand(DATASETTE_REQUESTS["filtered"], values)[0]


def test_app_and_datasette_are_asked_the_same_kinds_of_question():
    assert set(DATASETTE_REQUESTS) <= set(APP_REQUESTS)
    assert {"list", "filtered", "search", "detail", "stat", "floor"} <= set(APP_REQUESTS)


def test_plan_summary_keeps_scans_and_the_execution_time():
    plan = [
        "Limit  (cost=0.42..10.0 rows=50 width=8)",
        "  ->  Index Scan using prisoner_vis_status on registry_prisoner",
        "Planning Time: 0.1 ms",
        "Execution Time: 0.5 ms",
    ]
    assert report.plan_summary(plan).splitlines() == [
        "->  Index Scan using prisoner_vis_status on registry_prisoner",
        "Execution Time: 0.5 ms",
    ]
