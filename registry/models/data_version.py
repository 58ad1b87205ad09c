"""The registry's data version: one row that PostgreSQL bumps on every write to a registry or pardons table.

Cached answers (API responses, facet counts) are keyed by it, so any committed change, whether made by
the admin, a service, the API, a CSV import, raw SQL or the bulk generator's COPY, invalidates them in
every worker at once. The triggers live in registry/db/freshness.py; this model only gives the row a table.
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
