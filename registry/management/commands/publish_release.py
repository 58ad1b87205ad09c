"""Publish the next numbered release of the public dataset (registry.open_data.releases); for a schedule."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from registry.open_data.releases import publish_release


class Command(BaseCommand):
    help = "Publish the next release of the public dataset, with its changelog, and amend older releases."

    def handle(self, *args, **options) -> None:
        release = publish_release()
        summary = ", ".join(f"{count} {name}" for name, count in release.counts.items())
        self.stdout.write(self.style.SUCCESS(f"Published release {release.number}: {summary}"))
