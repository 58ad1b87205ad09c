"""Pardon workflows, shared by the admin, the API and imports.

Recording a confirmed pardon ends the person's open custody with reason "pardon" in the same
transaction; undoing it restores the custody exactly. Each function validates first and raises
ValidationError with field-keyed messages; nothing is changed when it raises.
Every function also takes `changed_by=user`, so history names who made the change from a
command, an import or the API (admin requests are attributed by the history middleware).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from pardons.models import Confirmation, Pardon, PardonDecree
from registry import services as custody_services
from registry.audit import attributable
from registry.dates import Precision, normalise
from registry.models import Prisoner, ReleaseReason, Source


@attributable
@transaction.atomic
def record_pardon(
    *,
    decree: PardonDecree,
    prisoner: Prisoner,
    released_on: dt.date | None = None,
    precision: str = Precision.DAY,
    confirmation: str = Confirmation.CONFIRMED,
    sources: list[Source] | tuple = (),
    notes: str = "",
) -> Pardon:
    """Link a person to a decree.

    Side effects: creates a Pardon; when confirmed, closes the person's open custody with reason
    "pardon" on the release date (the decree's announcement date if not given) and updates status.
    Raises ValidationError if the person is already on this decree, or (confirmed) has no open custody.
    """
    if Pardon.objects.filter(decree=decree, prisoner=prisoner).exists():
        raise ValidationError({"prisoner": f"{prisoner} is already recorded on this decree."})
    if released_on is not None:
        released_on = normalise(released_on, precision)
    pardon = Pardon(
        decree=decree,
        prisoner=prisoner,
        released_on=released_on,
        released_on_precision=precision,
        confirmation=Confirmation.REPORTED,
        notes=notes,
    )
    pardon.save()
    if sources:
        pardon.sources.set(sources)
    if confirmation == Confirmation.CONFIRMED:
        confirm_pardon(pardon=pardon, released_on=released_on, precision=precision)
    return pardon


@attributable
@transaction.atomic
def confirm_pardon(*, pardon: Pardon, released_on: dt.date | None = None, precision: str = Precision.DAY) -> Pardon:
    """Mark a reported pardon confirmed and end the person's open custody with reason "pardon".

    Side effects: Custody.released_on/release_reason, Pardon.confirmation/closed_custody, status.
    """
    if pardon.closed_custody_id is not None:
        raise ValidationError({"confirmation": "This pardon is already confirmed and has ended a custody period."})
    if released_on is None:
        released_on, precision = pardon.released_on, pardon.released_on_precision
    if released_on is None:
        released_on, precision = pardon.decree.announced_on, pardon.decree.announced_on_precision
    try:
        custody = custody_services.release(
            prisoner=pardon.prisoner, released_on=released_on, precision=precision, reason=ReleaseReason.PARDON
        )
    except ValidationError as exc:
        # Name the field the staff member can act on.
        raise ValidationError({"prisoner": exc.messages}) from None
    pardon.released_on = custody.released_on
    pardon.released_on_precision = custody.released_on_precision
    pardon.confirmation = Confirmation.CONFIRMED
    pardon.closed_custody = custody
    pardon.save(update_fields=["released_on", "released_on_precision", "confirmation", "closed_custody", "updated_at"])
    return pardon


@attributable
@transaction.atomic
def undo_pardon(*, pardon: Pardon) -> None:
    """Remove a pardon recorded in error.

    Side effects: deletes the Pardon; if it had ended a custody period, reopens that period exactly
    as it was before and updates the person's status.
    """
    custody = pardon.closed_custody
    pardon.delete()
    if custody is not None:
        custody_services.reopen_custody(custody=custody)
