"""Benchmark of name search (registry.search) at registry scale; not a test.

    .venv/bin/python bench/search_bench.py --size 100000

Uses its own database (`registry_search_bench` on the embedded server, or BENCH_DATABASE_URL), fills
it with `--size` fictitious people in bulk (a Belarusian and a Russian Cyrillic name form each, plus
a Latin display name), builds the keys with `rebuild_search_keys`, then reports the median time of
`search_prisoners` over a set of queries (first page of 20 results, and the count) and prints
EXPLAIN ANALYZE of one query, which shows the trigram GIN index in use.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BENCH_DB = "registry_search_bench"

# (Belarusian, Russian) first names.
FIRST_NAMES = [
    ("Аляксандр", "Александр", "m"),
    ("Сяргей", "Сергей", "m"),
    ("Віктар", "Виктор", "m"),
    ("Алесь", "Алесь", "m"),
    ("Дзмітрый", "Дмитрий", "m"),
    ("Мікалай", "Николай", "m"),
    ("Андрэй", "Андрей", "m"),
    ("Павел", "Павел", "m"),
    ("Яўген", "Евгений", "m"),
    ("Уладзімір", "Владимир", "m"),
    ("Ігар", "Игорь", "m"),
    ("Максім", "Максим", "m"),
    ("Васіль", "Василий", "m"),
    ("Міхаіл", "Михаил", "m"),
    ("Анатоль", "Анатолий", "m"),
    ("Вадзім", "Вадим", "m"),
    ("Раман", "Роман", "m"),
    ("Ганна", "Анна", "f"),
    ("Марыя", "Мария", "f"),
    ("Юлія", "Юлия", "f"),
    ("Святлана", "Светлана", "f"),
    ("Вольга", "Ольга", "f"),
    ("Ірына", "Ирина", "f"),
    ("Алена", "Елена", "f"),
    ("Таццяна", "Татьяна", "f"),
    ("Наталля", "Наталья", "f"),
    ("Кацярына", "Екатерина", "f"),
    ("Вераніка", "Вероника", "f"),
]
SYLLABLES = [
    "ба",
    "ва",
    "да",
    "жу",
    "за",
    "ка",
    "ла",
    "ма",
    "на",
    "па",
    "ра",
    "са",
    "та",
    "ха",
    "ча",
    "ша",
    "бу",
    "ду",
    "ку",
    "лу",
    "му",
    "ру",
    "су",
    "ту",
    "ца",
    "шу",
    "гу",
    "га",
]
CODAS = ["в", "л", "н", "р", "ч", "ш", "д", "т", "к", "б", "м", "с"]
# (Belarusian, Russian) surname endings, masculine and feminine.
SUFFIXES = {
    "m": [("ёнак", "ёнок"), ("енка", "енко"), ("евіч", "евич"), ("оўскі", "овский"), ("аў", "ов"), ("ук", "ук"),
          ("чык", "чик"), ("ёў", "ёв"), ("ань", "онь"), ("ко", "ко")],
    "f": [("ёнак", "ёнок"), ("енка", "енко"), ("евіч", "евич"), ("оўская", "овская"), ("ава", "ова"), ("ук", "ук"),
          ("чык", "чик"), ("ёва", "ёва"), ("ань", "онь"), ("ко", "ко")],
}  # fmt: skip
SEX = {"m": "male", "f": "female"}


def person(rng: random.Random) -> tuple[str, str, str, str]:
    """(display name, Belarusian form, Russian form, sex) of one fictitious person."""
    from registry.search import _transliterate

    first_be, first_ru, sex = rng.choice(FIRST_NAMES)
    stem = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 2))) + rng.choice(CODAS)
    suffix_be, suffix_ru = rng.choice(SUFFIXES[sex])
    be = f"{first_be} {stem.capitalize()}{suffix_be}"
    ru = f"{first_ru} {stem.capitalize()}{suffix_ru}"
    return _transliterate(be, "icao").title(), be, ru, sex


def setup_database() -> None:
    url = os.environ.get("BENCH_DATABASE_URL")
    if not url:
        import psycopg

        from registry.db.embedded import _server

        server = _server(ROOT / "var")
        with psycopg.connect(server.get_uri("postgres"), autocommit=True) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DB]).fetchone():
                conn.execute(f'CREATE DATABASE "{BENCH_DB}"')
        url = server.get_uri(BENCH_DB)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill(size: int, rng: random.Random) -> None:
    from django.db import transaction

    from registry.models import Prisoner, PrisonerName, PrisonerSearchKey
    from registry.search import rebuild_search_keys

    have = Prisoner.objects.count()
    if have >= size:
        print(f"{have} people already in {BENCH_DB}")
        return
    started = time.perf_counter()
    batch = 5000
    for start in range(have, size, batch):
        people = [person(rng) for _ in range(min(batch, size - start))]
        with transaction.atomic():
            created = Prisoner.objects.bulk_create(
                [Prisoner(display_name=d, sex=SEX[s], visibility="public", is_synthetic=True) for d, _, _, s in people]
            )
            PrisonerName.objects.bulk_create(
                [
                    PrisonerName(prisoner=p, full_name=form, language=lang)
                    for p, (_, be, ru, _) in zip(created, people, strict=True)
                    for form, lang in ((be, "be"), (ru, "ru"))
                ]
            )
    print(f"inserted {size - have} people in {time.perf_counter() - started:.1f} s")
    started = time.perf_counter()
    written = rebuild_search_keys()
    print(f"rebuild_search_keys(): {written} keys in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE registry_prisonersearchkey")
        cursor.execute("ANALYZE registry_prisoner")
    print(f"{PrisonerSearchKey.objects.count()} key rows")


def typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]  # swap two letters


def queries(rng: random.Random, count: int) -> list[tuple[str, int | None]]:
    """(query, the person it is meant to find) — drawn from the data in six ways readers write names."""
    from registry.given_names import GROUPS
    from registry.models import PrisonerName
    from registry.search import _transliterate

    english = {group[1]: next(f for f in reversed(group) if f.isascii()) for group in GROUPS}
    ru_names = PrisonerName.objects.filter(language="ru", prisoner__is_synthetic=True).order_by("pk")
    total = ru_names.count()
    sample = [ru_names.values_list("full_name", "prisoner_id")[rng.randrange(total)] for _ in range(count)]
    out: list[tuple[str, int | None]] = [
        ("Siarhei Tsikhanouski", None),
        ("Бяляцкі", None),
        ("Babariko", None),
        ("Tikhanovsky Sergei", None),
    ]
    for i, (ru, pk) in enumerate(sample):
        first, last = ru.split(" ", 1)
        press = _transliterate(ru, "press")
        kind = i % 6
        query = [
            ru,  # Russian Cyrillic, full
            press,  # English press spelling of the Russian form
            _transliterate(last, "press"),  # surname alone
            f"{_transliterate(last, 'bgn_pcgn')} {_transliterate(first, 'bgn_pcgn')}",  # swapped
            typo(press, rng),  # a typo
            f"{english.get(first, first)} {_transliterate(last, 'press')}",  # the English given name (Victor)
        ][kind]
        out.append((query, pk))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--verbose", action="store_true", help="print each query, its time and best hits")
    args = parser.parse_args()
    rng = random.Random(args.seed)

    setup_database()
    from registry.samples import demo

    demo.load_seed_facts()  # the three real people of the seed article, for the first queries
    fill(args.size, rng)

    from django.db import connection

    from registry.models import Prisoner
    from registry.search import search_prisoners

    page_ms, count_ms, db_ms, hits, found = [], [], [], [], []
    for query, intended in queries(rng, args.queries):
        started = time.perf_counter()
        qs = search_prisoners(Prisoner.objects.published(), query)  # the whole-word check runs here
        page = list(qs[:20])
        page_ms.append((time.perf_counter() - started) * 1000)
        if intended is not None:
            found.append(intended in set(qs[:50].values_list("pk", flat=True)))
        started = time.perf_counter()
        qs.count()
        count_ms.append((time.perf_counter() - started) * 1000)
        sql, params = qs[:20].query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
            db_ms.append(cursor.fetchone()[0][0]["Execution Time"])
        hits.append(len(page))
        if args.verbose:
            print(f"{page_ms[-1]:6.1f} ms {len(page):3} hits  {query!r} → {[p.display_name for p in page[:3]]}")

    print(f"\n{Prisoner.objects.count()} people; {len(page_ms)} queries")
    print(f"first page of 20, wall time incl. Python: median {statistics.median(page_ms):.1f} ms, "
          f"p90 {statistics.quantiles(page_ms, n=10)[-1]:.1f} ms, max {max(page_ms):.1f} ms")  # fmt: skip
    print(f"first page of 20, PostgreSQL execution time: median {statistics.median(db_ms):.1f} ms, "
          f"max {max(db_ms):.1f} ms")  # fmt: skip
    print(f"count(): median {statistics.median(count_ms):.1f} ms")
    print(f"queries with at least one hit: {sum(1 for h in hits if h)}/{len(hits)}")
    print(f"the intended person in the first 50: {sum(found)}/{len(found)} ({100 * sum(found) / len(found):.0f}%)")

    qs = search_prisoners(Prisoner.objects.published(), "Sergei Tikhanovsky")
    sql, params = qs[:20].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    print("\nEXPLAIN ANALYZE search_prisoners(published, 'Sergei Tikhanovsky')[:20]:\n" + plan)
    if "search_key_words" not in plan and "search_key_trgm" not in plan:
        sys.exit("Neither search index was used.")


if __name__ == "__main__":
    main()
