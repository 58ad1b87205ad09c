"""Custody workflows, each one transaction that keeps the prisoner's stored status true; and two-person
publishing (who may make a person more visible, and when).

Every function is keyword-only, validates before it writes, and raises ValidationError with
field-keyed messages (shown per field by the admin and returned as 400 by the API). Nothing is
changed when it raises.
Every function also takes `changed_by=user`, so history names who made the change from a
command, an import or the API (admin requests are attributed by the history middleware).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from registry.audit import acting_as, attributable
from registry.dates import Precision, normalise
from registry.db import freshness
from registry.models import (
    Custody,
    CustodyKind,
    Facility,
    Placement,
    Prisoner,
    PublicationRequest,
    ReleaseReason,
    Visibility,
)
from registry.models.publication import raises_exposure


def _lock(prisoner: Prisoner) -> Prisoner:
    # Row lock: two staff releasing the same person at once are serialised, not interleaved.
    # The data-version lock first, as every write takes it first (registry/db/freshness.py): no deadlock.
    freshness.claim_write()
    return Prisoner.objects.select_for_update(no_key=True).get(pk=prisoner.pk)


@attributable
@transaction.atomic
def record_detention(
    *,
    prisoner: Prisoner,
    detained_on: dt.date | None,
    precision: str = Precision.DAY,
    kind: str = CustodyKind.DETENTION,
    facility: Facility | None = None,
) -> Custody:
    """Open a custody period (and its first placement if a facility is given).

    Side effects: creates Custody (and Placement); sets the prisoner's status.
    Refuses a second open period, and any period after a death in custody.
    """
    prisoner = _lock(prisoner)
    if prisoner.custody_periods.open().exists():
        raise ValidationError({"detained_on": "This person already has an open custody period; release it first."})
    detained_on = normalise(detained_on, precision) if detained_on else None
    latest = prisoner.custody_periods.exclude(released_on=None).order_by("-released_on").first()
    if latest and detained_on and detained_on < latest.released_on:
        raise ValidationError({"detained_on": f"Must not be before the previous release ({latest.released_on})."})
    custody = Custody(prisoner=prisoner, kind=kind, detained_on=detained_on, detained_on_precision=precision)
    custody.validate_constraints()  # the model's messages (e.g. nothing after a death), not the database's error
    custody.save()
    if facility is not None:
        Placement.objects.create(
            custody=custody, facility=facility, arrived_on=detained_on, arrived_on_precision=precision
        )
    prisoner.refresh_status()
    return custody


def _validate_release(custody: Custody, released_on: dt.date) -> None:
    if custody.detained_on and released_on < custody.detained_on:
        raise ValidationError(
            {"released_on": f"The release ({released_on}) cannot be before the detention ({custody.detained_on})."}
        )


@attributable
@transaction.atomic
def release(
    *,
    prisoner: Prisoner,
    released_on: dt.date,
    precision: str = Precision.DAY,
    reason: str,
) -> Custody:
    """Close the person's open custody period with a date and reason.

    Side effects: sets Custody.released_on/release_reason; updates the prisoner's status.
    Raises ValidationError (nothing changed) when there is no open period or the date is impossible.
    """
    if reason not in ReleaseReason.values or reason == ReleaseReason.NOT_RELEASED:
        raise ValidationError({"release_reason": f"Unknown release reason {reason!r}."})
    prisoner = _lock(prisoner)
    custody = prisoner.custody_periods.open().first()
    if custody is None:
        raise ValidationError({"prisoner": f"{prisoner} has no open custody period, so cannot be released again."})
    released_on = normalise(released_on, precision)
    _validate_release(custody, released_on)
    custody.released_on = released_on
    custody.released_on_precision = precision
    custody.release_reason = reason
    custody.save(update_fields=["released_on", "released_on_precision", "release_reason", "updated_at"])
    prisoner.refresh_status()
    return custody


@attributable
def record_death(*, prisoner: Prisoner, died_on: dt.date, precision: str = Precision.DAY) -> Custody:
    """Close the open custody with reason 'died in custody'. Side effects as `release`."""
    return release(prisoner=prisoner, released_on=died_on, precision=precision, reason=ReleaseReason.DIED)


@attributable
@transaction.atomic
def reopen_custody(*, custody: Custody) -> Custody:
    """Undo a release: the period is open again exactly as before it was closed.

    Side effects: clears released_on/release_reason; updates the prisoner's status.
    Refuses when the person has another open period or a later period exists.
    """
    prisoner = _lock(custody.prisoner)
    custody.refresh_from_db()
    if custody.released_on is None:
        raise ValidationError({"custody": "This custody period is already open."})
    if prisoner.custody_periods.exclude(pk=custody.pk).filter(detained_on__gte=custody.released_on).exists():
        raise ValidationError({"custody": "A later custody period exists; a release before it cannot be undone."})
    custody.released_on = None
    custody.released_on_precision = Precision.DAY
    custody.release_reason = ReleaseReason.NOT_RELEASED
    custody.save(update_fields=["released_on", "released_on_precision", "release_reason", "updated_at"])
    prisoner.refresh_status()
    return custody


@attributable
@transaction.atomic
def save_custody(*, custody: Custody) -> Custody:
    """Save a custody period as staff entered or corrected it in the admin, with the person's status.

    Side effects: saves the Custody; re-derives the stored status of its person, and of the person it was
    moved from if the period changed hands. The database refuses two open periods, overlapping periods
    and a release before the detention.
    """
    before = Custody.objects.filter(pk=custody.pk).values_list("prisoner_id", flat=True).first()
    people = [_lock(Prisoner(pk=pk)) for pk in sorted({custody.prisoner_id, before} - {None})]
    custody.save()
    for prisoner in people:
        prisoner.refresh_status()
    return custody


@attributable
@transaction.atomic
def delete_custody(*, custody: Custody) -> None:
    """Remove a custody period entered by mistake (one a pardon ended is protected: undo the pardon first).

    Side effects: deletes the Custody and its placements; re-derives the person's status.
    """
    prisoner = _lock(custody.prisoner)
    custody.delete()
    prisoner.refresh_status()


@attributable
@transaction.atomic
def transfer(
    *, prisoner: Prisoner, facility: Facility, on: dt.date | None, precision: str = Precision.DAY
) -> Placement:
    """Move a held person to another facility: ends the current placement, starts a new one.

    Side effects: sets left_on on the current Placement; creates a Placement.
    """
    prisoner = _lock(prisoner)
    custody = prisoner.custody_periods.open().first()
    if custody is None:
        raise ValidationError({"prisoner": f"{prisoner} is not in custody, so cannot be transferred."})
    on = normalise(on, precision) if on else None
    current = Placement.objects.current().filter(custody=custody).first()
    if current is not None:
        if current.facility_id == facility.pk:
            raise ValidationError({"facility": f"{prisoner} is already held in {facility}."})
        if on and current.arrived_on and on < current.arrived_on:
            raise ValidationError({"on": "The transfer cannot be before the arrival at the current facility."})
        if on is None:
            raise ValidationError({"on": "A transfer date (at least the year) is needed to end the current placement."})
        current.left_on = on
        current.left_on_precision = precision
        current.save(update_fields=["left_on", "left_on_precision", "updated_at"])
    return Placement.objects.create(custody=custody, facility=facility, arrived_on=on, arrived_on_precision=precision)


# --- Two-person publishing (registry.models.publication) ---------------------------------------------------


@transaction.atomic
def request_visibility(*, prisoner: Prisoner, visibility: str, by, reason: str = "") -> PublicationRequest:
    """Ask for a person's visibility to change. Less visible (withdrawn, made anonymous): applied at once, for
    safety, and logged; a pending request to publish them is superseded. More visible: waits for a Reviewer
    other than `by` (`decide_visibility`).

    Raises ValidationError (nothing changed) for an unknown or unchanged visibility, or when a request for the
    person is already waiting.
    """
    if visibility not in Visibility.values:
        raise ValidationError({"visibility": f"Unknown visibility {visibility!r}."})
    prisoner = _lock(prisoner)
    if visibility == prisoner.visibility:
        raise ValidationError({"visibility": f"{prisoner} is already {prisoner.get_visibility_display()}."})
    waiting = prisoner.publication_requests.filter(state=PublicationRequest.State.PENDING)
    if not raises_exposure(prisoner.visibility, visibility):
        waiting.update(state=PublicationRequest.State.SUPERSEDED, decided_at=timezone.now())
        applied = PublicationRequest.objects.create(
            prisoner=prisoner, from_visibility=prisoner.visibility, to_visibility=visibility, reason=reason,
            requested_by=by, state=PublicationRequest.State.APPLIED, decided_at=timezone.now(),
        )  # fmt: skip
        with acting_as(by, reason=f"visibility: {visibility} (applied at once)"):
            prisoner.visibility = visibility
            prisoner.save(update_fields=["visibility", "updated_at"])
        return applied
    if waiting.exists():
        raise ValidationError({"visibility": "A request for this person is already waiting for review."})
    return PublicationRequest.objects.create(
        prisoner=prisoner, from_visibility=prisoner.visibility, to_visibility=visibility, reason=reason, requested_by=by
    )


@transaction.atomic
def decide_visibility(*, request: PublicationRequest, by, approve: bool, note: str = "") -> PublicationRequest:
    """A second Reviewer approves (the person's visibility changes) or rejects a waiting request.

    Raises ValidationError (nothing changed) when `by` asked for it themselves, the request is no longer waiting,
    or the person's visibility changed since it was asked (ask again).
    """
    request = PublicationRequest.objects.select_for_update().get(pk=request.pk)
    if request.state != PublicationRequest.State.PENDING:
        raise ValidationError({"state": f"This request is already {request.get_state_display()}."})
    if request.requested_by_id == by.pk:
        raise ValidationError({"decided_by": "Another Reviewer must decide a request you made yourself."})
    prisoner = _lock(request.prisoner)
    if approve and prisoner.visibility != request.from_visibility:
        raise ValidationError({"visibility": "The person's visibility changed since the request; ask again."})
    request.state = PublicationRequest.State.APPROVED if approve else PublicationRequest.State.REJECTED
    request.decided_by, request.decided_at, request.decision_note = by, timezone.now(), note
    request.save()
    if approve:
        with acting_as(by, reason=f"visibility: {request.to_visibility} (asked by {request.requested_by})"):
            prisoner.visibility = request.to_visibility
            prisoner.save(update_fields=["visibility", "updated_at"])
    return request
