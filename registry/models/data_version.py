"""The registry's data version: one row that PostgreSQL bumps on every write to a registry or pardons table.

Cached answers (API responses, facet counts) are keyed by it, so any committed change, whether made by
the admin, a service, the API, a CSV import, raw SQL or the bulk generator's COPY, invalidates them in
every worker at once. The triggers live in registry/db/version_triggers.py; this model only gives the row a table.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from registry.db.constraints import Check


class DataVersion(models.Model):
    # Always id 1. `version` comes from a sequence, so a number is never reused, even after a TRUNCATE.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    version = models.BigIntegerField()
    changed_at = models.DateTimeField()

    class Meta:
        constraints = [
            Check(condition=Q(id=1), name="data_version_single_row", message="There is only one data version row.")
        ]

    def __str__(self) -> str:
        return f"data version {self.version} ({self.changed_at:%Y-%m-%d %H:%M:%S})"


class PersonVersion(models.Model):
    """How current one person's pages are: PostgreSQL bumps a person's row on every write to their own rows
    (names, custody and placements, cases and charges, events, pardons, recognitions, contact log, cited sources…),
    and row 0 on every change to what every person's pages also read (facilities, sources, decrees, regions,
    articles… corrected or deleted: a new one shows only once someone's row names it). A profile or API document is
    cached under its person's version and row 0, so a write about one person leaves everyone else's cached pages
    standing (registry/db/version_triggers.py `shared_rows`). Row -1 is the epoch of the shared rows the stored API
    documents read (registry/db/documents.py); row -2 the version of the tallies' counts and of what counted answers
    list whole (freshness.counts_current); row -3 of who is held, their vulnerabilities and signs of life
    (freshness.risks_current); row -4 of what the list's filters read (freshness.filtered_current); rows -5 and -6
    when a statement last left stored documents unbuilt and how far `refresh` has caught up (registry/db/documents.py).
    """

    SHARED = 0

    prisoner_id = models.BigIntegerField(
        primary_key=True,
        help_text="A person's id; 0: what all share, -1: the documents' epoch, -2: the counts, -3: the held.",
    )
    version = models.BigIntegerField()
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"person {self.prisoner_id}: version {self.version}"
