"""What each public statistic costs computed afresh: registry.queries.statistics' functions, in process, caches off.

    python -m bench.figures --size 100000    # on the bench database `make bench` builds (reused when it fits)
    BENCH_DATABASE_URL=postgresql://…/registry_bench_300k python -m bench.figures --size 300000

DERIVED_CACHE_ENTRIES=0, so nothing is kept between calls: what a worker pays for a figure after a write that moves
what it counts. Each figure is called three times to warm the connection and the statements, then timed `--rounds`
times; the median is printed. The data is read, never written.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time

from bench.run import prepare_database, set_up_in_process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=25)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    set_up_in_process(derived_cache_entries=0)
    from registry.models import Prisoner
    from registry.queries import statistics as figures

    prepare_database(os.environ["DATABASE_URL"], size=args.size, seed=args.seed)  # and collects static files
    today = figures.today()
    since = figures.SINCE_2020
    asked = {
        "headline": lambda: figures.headline(today),
        "held on a day": lambda: figures.held_on(today),
        "at risk": lambda: figures.at_risk(today),
        "without contact": lambda: figures.without_contact(today),
        "releases by month since 2020": lambda: figures.releases_by_month(since, today),
        "releases by reason since 2020": lambda: figures.releases_by_reason(since, today),
        "pardons since a date": lambda: figures.pardons_since(dt.date(2024, 7, 1), today),
        "held over time since 2020": lambda: figures.held_over_time(since, today),
        "pardons per decree": lambda: figures.pardons_per_decree(),
        "facets of all counted people": lambda: figures.people_by(["status", "region", "sex", "article"]),
    }
    print(f"{Prisoner.objects.count():,} people; median of {args.rounds} calls each, in ms")
    for name, figure in asked.items():
        for _ in range(3):
            figure()
        times = []
        for _ in range(args.rounds):
            started = time.perf_counter()
            figure()
            times.append((time.perf_counter() - started) * 1000)
        print(f"  {name:32s} {statistics.median(times):7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
