"""The contact log: signs of life staff hear of — a letter answered, a lawyer's or family visit, a court
appearance, a call — and reports that nobody has heard from a person. The profile's "last sign of life" and
"no news for N days", and the count of people without contact, are read from it (`ContactQuerySet`).

Staff notes stay in the admin; the public sees only the dates and kinds, of named people.
"""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registry.db.constraints import Check
from registry.models.base import TimeStampedModel
from registry.models.visibility import PersonRecordQuerySet

# "No news for N days" thresholds: the profile speaks after the first, statistics count past each.
WITHOUT_CONTACT_DAYS = (30, 180, 365)


class ContactKind(models.TextChoices):
    LETTER = "letter", _("a letter from them arrived")
    LAWYER_VISIT = "lawyer_visit", _("lawyer's visit")
    FAMILY_VISIT = "family_visit", _("family visit")
    COURT = "court", _("seen in court")
    CALL = "call", _("phone or video call")
    OTHER_SIGN = "other_sign", _("other sign of life")
    NO_CONTACT = "no_contact", _("reported: no contact")


SIGNS_OF_LIFE = [kind for kind in ContactKind.values if kind != ContactKind.NO_CONTACT]


class ContactQuerySet(PersonRecordQuerySet):
    person_lookup = "prisoner"

    def signs_of_life(self) -> ContactQuerySet:
        return self.filter(kind__in=SIGNS_OF_LIFE)


class Contact(TimeStampedModel):
    prisoner = models.ForeignKey("registry.Prisoner", on_delete=models.CASCADE, related_name="contacts")
    kind = models.CharField(max_length=12, choices=ContactKind.choices)
    occurred_on = models.DateField(help_text="The day of the letter, visit or hearing (or of the report).")
    note = models.TextField(blank=True, help_text="Staff only: who told it, what was said. Never published.")
    history = HistoricalRecords()

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["prisoner", "-occurred_on", "-pk"]
        indexes = [models.Index(fields=["prisoner", "occurred_on"], name="contact_person_day")]
        constraints = [
            Check(
                name="contact_not_before_1990",
                field="occurred_on",
                message="A contact date before 1990 is a typing error.",
                condition=Q(occurred_on__gte=dt.date(1990, 1, 1)),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.occurred_on:%Y-%m-%d})"
