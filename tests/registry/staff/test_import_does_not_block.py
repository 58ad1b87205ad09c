"""An import's dry run never makes other staff wait, nor does an apply that only adds records (until its
last moment); an apply still invalidates every cache.

Two real connections: the import runs in a thread and stops in the middle of its rows; meanwhile the test
saves a record with a short lock_timeout, which fails if the import holds the data-version lock.
"""

import threading

import pytest
from django.db import connection, connections

from registry.db import freshness
from registry.models import Region, Source
from registry.staff.csv_import import ImportReport, RowResult, run_rows
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db(transaction=True)


def import_paused_midway(*, apply: bool, user=None, adds_only: bool = False):
    """Run a two-row import in a thread that writes a row, then waits; returns (thread, written, go_on)."""
    written, go_on = threading.Event(), threading.Event()

    def handle(line: int, cells: dict) -> RowResult:
        Source.objects.create(title=f"Fictional imported source {line}")
        if line == 2:
            written.set()
            go_on.wait(timeout=20)
        return RowResult(line=line, label=cells["display_name"])

    def run():
        try:
            rows = [(2, {"display_name": "Testavy A"}), (3, {"display_name": "Testavy B"})]
            run_rows(rows, handle, apply=apply, user=user, report=ImportReport(), adds_only=adds_only)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    assert written.wait(timeout=20)
    return thread, go_on


def save_without_waiting() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET lock_timeout = '1s'")
    RegionFactory(name_en="Fictional Region Saved Meanwhile")
    with connection.cursor() as cursor:
        cursor.execute("RESET lock_timeout")


def test_staff_save_while_a_dry_run_is_in_the_middle_of_its_rows():
    thread, go_on = import_paused_midway(apply=False)
    try:
        before = freshness.current()
        save_without_waiting()  # raises LockNotAvailable if the dry run held the version lock
        assert freshness.current().number > before.number
    finally:
        go_on.set()
        thread.join()

    assert not Source.objects.filter(title__startswith="Fictional imported source").exists()
    assert Region.objects.filter(name_en="Fictional Region Saved Meanwhile").exists()


def test_an_applied_import_bumps_the_version_and_keeps_its_rows():
    before = freshness.current()
    thread, go_on = import_paused_midway(apply=True)
    go_on.set()
    thread.join()

    assert Source.objects.filter(title__startswith="Fictional imported source").count() == 2
    assert freshness.current().number > before.number


def test_staff_save_while_an_adding_import_is_in_the_middle_of_its_rows_and_it_still_bumps_the_version_after():
    thread, go_on = import_paused_midway(apply=True, adds_only=True)
    try:
        save_without_waiting()  # raises LockNotAvailable if the apply held the version lock already
        saved = freshness.current()
    finally:
        go_on.set()
        thread.join()

    assert Source.objects.filter(title__startswith="Fictional imported source").count() == 2
    assert freshness.current().number > saved.number  # the import's rows came with a new number


def test_a_rehearsal_outside_a_transaction_is_refused():
    with pytest.raises(RuntimeError):
        freshness.rehearsal()
