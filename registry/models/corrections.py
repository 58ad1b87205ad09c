"""What readers send: a report that something on a profile is wrong, or that a person is missing.

A staff queue, not e-mail: reports stay in the registry's database, are worked through in the admin and
are never shown to the public. The form asks for no personal data (no name, e-mail or address): what
is wrong, and optionally where it can be checked. Staff work state, so its writes do not change the
data version (registry.db.freshness).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


class Correction(models.Model):
    class Kind(models.TextChoices):
        INACCURACY = "inaccuracy", "something on a profile is wrong"
        MISSING = "missing", "a person is missing from the registry"

    class State(models.TextChoices):
        NEW = "new", "new"
        CHECKING = "checking", "being checked"
        DONE = "done", "corrected"
        DECLINED = "declined", "nothing to change"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    prisoner = models.ForeignKey(
        "registry.Prisoner",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="corrections",
        help_text="The profile the report is about (none for a missing person).",
    )
    message = models.TextField(max_length=4000, help_text="What the reader says, as sent.")
    evidence_url = models.URLField(max_length=1000, blank=True, help_text="Where the reader says it can be checked.")
    language = models.CharField(max_length=7, blank=True, help_text="The site language the reader used.")
    received_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=8, choices=State.choices, default=State.NEW)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    staff_notes = models.TextField(blank=True, help_text="What was checked and done (never shown publicly).")
    history = HistoricalRecords()

    class Meta:
        ordering = ["state", "-received_at"]
        indexes = [models.Index(fields=["state", "-received_at"], name="correction_queue")]

    def __str__(self) -> str:
        about = f" about {self.prisoner}" if self.prisoner_id else ""
        return f"{self.get_kind_display().capitalize()}{about} ({self.received_at:%Y-%m-%d})"
