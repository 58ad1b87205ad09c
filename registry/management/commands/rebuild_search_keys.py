"""Rebuild the name-search keys, after bulk inserts/updates or a change to the normalisation rules."""

from django.core.management.base import BaseCommand

from registry.search import rebuild_search_keys


class Command(BaseCommand):
    help = "Rewrite the folded name-search keys of every person (or of the given ids)."

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="Prisoner ids; all people when none given.")

    def handle(self, *args, ids: list[int], **options):
        written = rebuild_search_keys(ids or None)
        self.stdout.write(self.style.SUCCESS(f"Wrote {written} search keys."))
