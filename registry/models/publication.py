"""Two-person publishing: a person becomes more visible (private → anonymous → public) only when a Reviewer
other than the one who asked approves; becoming less visible (withdrawn, made anonymous) takes effect at once,
for safety, and is logged the same way. registry.services.request_visibility / decide_visibility apply it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from registry.db.constraints import Check, Unique
from registry.models.visibility import Visibility

# How much of a person the public sees: a change up this scale needs a second person.
EXPOSURE = {Visibility.PRIVATE: 0, Visibility.ANONYMOUS: 1, Visibility.PUBLIC: 2}


def raises_exposure(old: str, new: str) -> bool:
    return EXPOSURE[Visibility(new)] > EXPOSURE[Visibility(old)]


def least_visible(*visibilities: str) -> str:
    """The least exposed of these visibilities (what a merge of records with them may show)."""
    return min(visibilities, key=lambda v: EXPOSURE[Visibility(v)])


class PublicationRequest(models.Model):
    class State(models.TextChoices):
        PENDING = "pending", "waiting for a second Reviewer"
        APPROVED = "approved", "approved and applied"
        REJECTED = "rejected", "rejected"
        APPLIED = "applied", "applied at once (less visible)"
        SUPERSEDED = "superseded", "superseded by a later change"

    prisoner = models.ForeignKey("registry.Prisoner", on_delete=models.CASCADE, related_name="publication_requests")
    from_visibility = models.CharField(max_length=9, choices=Visibility.choices)
    to_visibility = models.CharField(max_length=9, choices=Visibility.choices)
    reason = models.TextField(blank=True, help_text="Why (consent given, sources checked, family's request …).")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            Unique(
                fields=["prisoner"],
                condition=Q(state="pending"),
                name="publication_one_pending_per_person",
                message="This person already has a request waiting for review.",
            ),
            Check(
                name="publication_second_person",
                message="A request is approved or rejected by someone other than who asked.",
                condition=Q(decided_by__isnull=True) | ~Q(decided_by=F("requested_by")) | Q(state="applied"),
            ),
            Check(
                name="publication_changes_something",
                message="The request must change the visibility.",
                condition=~Q(from_visibility=F("to_visibility")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prisoner}: {self.from_visibility} → {self.to_visibility} ({self.get_state_display()})"
