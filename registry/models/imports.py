"""A CSV import run in the background: its file, who started it, its progress and its report.

Checking a file of hundreds of people for possible duplicates takes longer than a web request may
last, so the admin queues the import (registry.staff.import_jobs) and shows this row while the task
worker runs it. The file holds personal data: it is cleared once the import is applied or fails, and
`manage.py prune_import_jobs` deletes old jobs. Staff work state, never shown to the public, so its
writes do not change the data version (registry.db.freshness).
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "waiting for the worker"
        CHECKING = "checking", "checking for possible duplicates"
        WRITING = "writing", "writing"
        DONE = "done", "done"
        FAILED = "failed", "failed"

    # Not guessable: the id is in the job page's address.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(max_length=40, help_text="Which import (registry.staff.import_jobs.IMPORTERS).")
    target = models.JSONField(default=dict, blank=True, help_text="What the import is for, e.g. a decree id.")
    apply = models.BooleanField(default=False, help_text="False: a dry run, always rolled back.")
    preview = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", help_text="The dry run applied."
    )
    csv_text = models.TextField(blank=True)
    source = models.ForeignKey("registry.Source", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField(default=0)
    rows_total = models.PositiveIntegerField(default=0)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        what = "import" if self.apply else "dry run"
        return f"{what} of {self.kind} by {self.created_by} ({self.get_state_display()})"

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)
