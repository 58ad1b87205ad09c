"""Build the stored API documents and profile pages a write left to build (registry.db.documents.refresh_left).

A shared edit (a region's or an article's name) or a statement about many people (a facility renamed where
hundreds are held) leaves their documents to be built by readers, one by one; this builds them all. Run by its
timer every five minutes; with nothing left it costs one query.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from registry.db import documents


class Command(BaseCommand):
    help = "Build the stored documents and profile pages that writes have left to build."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="look at every person's document, not only after a write left some"
        )

    def handle(self, *args, **options) -> None:
        built = documents.refresh() if options["all"] else documents.refresh_left()
        if built is None:
            self.stdout.write("Another refresh is running; nothing done.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Documents built: {built}"))
