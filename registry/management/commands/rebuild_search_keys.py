"""Rebuild the name-search keys, after bulk inserts/updates or a change to the normalisation rules."""

from django.core.management.base import BaseCommand
from django.db import connection

from registry.search import rebuild_search_keys


class Command(BaseCommand):
    help = "Rewrite the folded name-search keys of every person (or of the given ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Prisoner ids; all people when none given.")

    def handle(self, *args, ids: list[int], **options):
        written = rebuild_search_keys(ids or None)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} search keys."))
        if ids:
            return
        # Rewriting every key leaves as many dead rows, which slowed every search ~2.5x until autovacuum came
        # (README "Name search"). VACUUM cannot run inside a transaction (a caller's, or a test's).
        if connection.in_atomic_block:
            self.stdout.write("Not vacuumed (inside a transaction): run VACUUM ANALYZE registry_prisonersearchkey.")
            return
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE registry_prisonersearchkey")
        self.stdout.write("Vacuumed and analysed the search keys.")
