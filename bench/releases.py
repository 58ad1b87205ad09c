"""How long a dataset release takes at the bench database's size, and what `withdrawn()` costs then.

    python -m bench.releases        # on registry_bench (`make bench` or `make bench-writes` builds it)

In one transaction that is rolled back (nothing stays; earlier releases are set aside for the run), publishes
release 1 and release 2 (its changelog against 1) into a temporary MEDIA_ROOT, then times `withdrawn()` with
nobody withdrawn and with 10 people made private.
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from bench.run import ROOT, bench_database_url


class _RollBack(Exception):
    pass


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "registry.settings")
    os.environ["DATABASE_URL"] = bench_database_url(Path(os.environ.get("REGISTRY_VAR_DIR", ROOT / "var")))
    os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="bench-releases-")
    os.environ["DERIVED_CACHE_ENTRIES"] = "0"  # time the work, not the cache
    import django

    django.setup()
    from django.db import transaction

    from registry.models import Prisoner, Release
    from registry.open_data import releases

    try:
        with transaction.atomic():
            Release.objects.all().delete()
            for _ in range(2):
                started = time.perf_counter()
                release = releases.publish_release()
                print(
                    f"publish_release (release {release.number}): {time.perf_counter() - started:.1f} s for "
                    f"{Prisoner.objects.count():,} people ({len(release.people):,} named in the release)"
                )
            for label in ("nobody withdrawn", "10 people made private"):
                if label.startswith("10"):
                    ids = list(Prisoner.objects.published().order_by("?").values_list("pk", flat=True)[:10])
                    Prisoner.objects.filter(pk__in=ids).update(visibility="private")
                best = min(_timed(lambda: releases.withdrawn(release)) for _ in range(3))
                print(f"withdrawn(), {label}: {best * 1000:.0f} ms")
            raise _RollBack
    except _RollBack:
        pass
    return 0


def _timed(work) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


if __name__ == "__main__":
    raise SystemExit(main())
