"""What the first answer after a staff write costs: each request type asked, one person's record touched, asked again.

    python -m bench.after_write --size 100000    # on the bench database `make bench` builds (reused when it fits)
    python -m bench.after_write --size 5000 --rounds 40

In process (Django's test client, DEBUG off, the caches on as in production: DERIVED_CACHE_ENTRIES=2000), so the
figures are the server's own time. Each round asks a URL (kept), makes the bench writer's edit (an UPDATE of a random
person's `updated_at`: the data version and that person's version move, no count does), and times the same URL:
what a worker pays for the first reader after each write. Then the same URL once more, now kept. The write leaves
the data as it was, apart from those timestamps.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time

from bench.cold import follow, html_next, json_next
from bench.run import prepare_database, set_up_in_process


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    set_up_in_process(derived_cache_entries=2000)
    from django.db import connection
    from django.test import Client

    from registry.models import Prisoner

    prepare_database(os.environ["DATABASE_URL"], size=args.size, seed=args.seed)  # and collects static files
    rng, client = random.Random(args.seed), Client()

    def fetch(path: str) -> tuple[int, bytes]:
        response = client.get(path)
        return response.status_code, response.content

    # Anyone, as the bench's writer picks: the model's name order would pick the people of the pages measured.
    ids = list(Prisoner.objects.published().order_by().values_list("pk", flat=True))
    kinds = {
        "HTML list, deep page": follow(fetch, "/prisoners/", html_next, args.rounds),
        "HTML list, first page": ["/prisoners/"],
        "API list, first page": ["/api/v1/prisoners/?page_size=50"],
        "API list, deep page": follow(fetch, "/api/v1/prisoners/?page_size=50", json_next("next"), args.rounds),
        # Filters the tallies do not hold: their facets and total scan the people (kept per filtered version).
        "HTML list, filtered": ["/prisoners/?detained_year=2021", "/prisoners/?article=342", "/prisoners/?q=Ivan"],
        "API facets, filtered": [
            "/api/v1/statistics/facets/?detained_year=2021",
            "/api/v1/statistics/facets/?article=342",
        ],
        "statistics page": ["/statistics/", "/statistics/?lang=be"],
        "home page": ["/"],
        "API headline": ["/api/v1/statistics/headline/"],
        "API held over time": ["/api/v1/statistics/held-over-time/"],
    }

    def timed(url: str) -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    print(f"{Prisoner.objects.count():,} people; {args.rounds} writes per request type; ms, in process")
    print(f"{'request':<24} {'first after a write: median':>28} {'p90':>7} {'max':>7} {'kept: median':>13}")
    for name, urls in kinds.items():
        first, kept = [], []
        for k in range(args.rounds):
            url = urls[k % len(urls)]
            client.get(url)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE registry_prisoner SET updated_at = clock_timestamp() WHERE id = %s", [rng.choice(ids)]
                )
            first.append(timed(url))
            kept.append(timed(url))
        first.sort()
        print(
            f"{name:<24} {statistics.median(first):>28.1f} {first[int(len(first) * 0.9)]:>7.1f} {first[-1]:>7.1f} "
            f"{statistics.median(kept):>13.1f}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
