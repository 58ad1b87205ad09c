"""Rewrite the stored files of releases that list someone no longer public (registry.open_data.releases.amend).

Downloads already leave such people out; this makes the stored files and their checksums say so too.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from registry.open_data.releases import amend


class Command(BaseCommand):
    help = "Remove people and sources no longer public from the stored files of every release."

    def handle(self, *args, **options) -> None:
        amended = amend()
        numbers = ", ".join(str(release.number) for release in amended) or "none"
        self.stdout.write(self.style.SUCCESS(f"Amended releases: {numbers}"))
