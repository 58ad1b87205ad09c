"""Merged duplicates: one record of a person absorbed another (registry.merging does it and undoes it).

A Merge is the history of the merge and what undoing needs: the merged-away record as it was, which rows
moved, and which were changed or set aside to fit. The merged-away id is not reused: it answers with a
permanent redirect to the kept record on the site and the API (`MergeQuerySet.kept_for`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from registry.db.constraints import Check, Unique

# A chain of merges (A into B, then B into C) is followed this far; longer chains are a data error.
LONGEST_CHAIN = 20


class MergeQuerySet(models.QuerySet):
    def in_effect(self) -> MergeQuerySet:
        return self.filter(undone_at__isnull=True)

    def kept_for(self, pk: int) -> int | None:
        """The id of the record a merged-away id now lives on (following later merges), or None."""
        found, seen = None, {pk}
        for _ in range(LONGEST_CHAIN):
            kept = self.in_effect().filter(merged_id=pk).values_list("kept_id", flat=True).first()
            if kept is None or kept in seen:
                return found
            found = pk = kept
            seen.add(kept)
        return found


class Merge(models.Model):
    # Plain ids, not foreign keys: the merged-away record no longer exists, and the kept one may itself be
    # merged away later (the chain is followed by `kept_for`).
    kept_id = models.BigIntegerField(db_index=True)
    merged_id = models.BigIntegerField(db_index=True)
    merged_name = models.CharField(max_length=200, help_text="The merged-away record's display name.")
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    picked = models.JSONField(default=dict, blank=True, help_text="Fields taken from the merged-away record.")
    undo = models.JSONField(help_text="What undoing restores (registry.merging).")
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)

    objects = MergeQuerySet.as_manager()

    class Meta:
        ordering = ["-merged_at", "-pk"]
        constraints = [
            Unique(
                fields=["merged_id"],
                condition=Q(undone_at__isnull=True),
                name="merge_record_merged_once",
                field="merged_id",
                message="This record has already been merged into another.",
            ),
            Check(
                name="merge_not_into_itself",
                field="merged_id",
                message="A record cannot be merged into itself.",
                condition=~Q(merged_id=models.F("kept_id")),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.merged_id} {self.merged_name} → #{self.kept_id}"
