"""Two transactions writing at once, as staff and an import's apply can: without the data-version lock that
otherwise makes writers take turns, so only the triggers' own row locks can order them."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import connections, transaction

from registry.db import freshness


def second_writes_while_first_is_open(first: Callable[[], object], second: Callable[[], object]) -> None:
    """Run `first` in a transaction (a rehearsal: it takes no data-version lock) on another thread; while it is
    open, run `second` here, and let the first commit half a second later."""
    first_wrote, first_may_commit = threading.Event(), threading.Event()

    def first_writer():
        try:
            with transaction.atomic():
                freshness.rehearsal()
                first()
                first_wrote.set()
                first_may_commit.wait(timeout=20)
        finally:
            connections.close_all()

    thread = threading.Thread(target=first_writer)
    thread.start()
    try:
        assert first_wrote.wait(timeout=20)
        threading.Timer(0.5, first_may_commit.set).start()
        second()
    finally:
        first_may_commit.set()
        thread.join()
