"""Decree and pardon workflows, shared by the admin, the API and imports.

A decree is recorded with its announced breakdown in one step, all or nothing. Recording a confirmed
pardon ends the person's open custody with reason "pardon" in the same transaction; undoing it restores
the custody exactly; a pardon that has ended a custody period cannot be re-dated or un-confirmed.
Each function validates first and raises ValidationError with field-keyed messages; nothing is
changed when it raises.
Every function also takes `changed_by=user`, so history names who made the change from a
command, an import or the API (admin requests are attributed by the history middleware).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from pardons.models import BreakdownItem, Confirmation, Pardon, PardonDecree, breakdown_problems
from registry import services as custody_services
from registry.audit import attributable
from registry.dates import Precision, normalise
from registry.db import freshness
from registry.models import Prisoner, ReleaseReason, Source


def _breakdown_messages(breakdown: Sequence[dict], announced_total: int | None) -> list[str]:
    """Every problem of a breakdown as one message per line ("line 2, count: …"), for a ValidationError."""
    return [
        f"line {number}, {field}: {message}"
        for number, found in enumerate(breakdown_problems(breakdown, announced_total=announced_total), start=1)
        for field, messages in found.items()
        for message in messages
    ]


@attributable
@transaction.atomic
def record_decree(
    *, decree: PardonDecree, breakdown: Sequence[dict] = (), sources: Iterable[Source] = ()
) -> PardonDecree:
    """Enter a decree as announced, often as counts only ("20 pardoned, 11 women, 14 chronically ill").

    `decree` is an unsaved PardonDecree; `breakdown` holds dicts of category, label and count.
    Side effects: saves the decree, one BreakdownItem per line, and the sources it cites.
    Raises ValidationError naming every problem — the decree's fields, and under "breakdown" each line's
    (see `breakdown_problems`, which callers use to show them line by line) — and then saves nothing.
    """
    problems: dict[str, list[str]] = {}
    try:
        decree.full_clean()
    except ValidationError as exc:
        problems.update(exc.message_dict)
    if lines := _breakdown_messages(breakdown, decree.announced_total):
        problems["breakdown"] = lines
    if problems:
        raise ValidationError(problems)
    decree.save()
    decree.sources.set(sources)
    BreakdownItem.objects.bulk_create(BreakdownItem(decree=decree, **line) for line in breakdown)
    return decree


STALE_EDIT = "Someone saved this decree after the version you started from; reload it and apply your change again."


@attributable
@transaction.atomic
def correct_decree(
    *,
    decree: PardonDecree,
    changes: dict,
    breakdown: Sequence[dict] | None = None,
    sources: Iterable[Source] | None = None,
    unchanged_since: dt.datetime | None = None,
) -> PardonDecree:
    """Correct a stored decree: the fields in `changes`; when given, its whole breakdown and its sources.

    `unchanged_since`: refuse (ValidationError under "updated_at") if the decree was saved after it, so a
    correction made from an old copy cannot undo someone else's. The same checks as `record_decree`;
    nothing is changed when it raises. Side effects: saves the decree (history), replaces its breakdown
    lines and sources when given.
    """
    freshness.claim_write()  # the data-version lock before the row lock, as every writer takes them
    current = PardonDecree.objects.select_for_update(no_key=True).get(pk=decree.pk)
    if unchanged_since is not None and current.updated_at.replace(microsecond=0) > unchanged_since:
        raise ValidationError({"updated_at": [STALE_EDIT]})
    for name, value in changes.items():
        setattr(current, name, value)
    problems: dict[str, list[str]] = {}
    try:
        current.full_clean()
    except ValidationError as exc:
        problems.update(exc.message_dict)
    # The stored lines are checked too when only the total changes: a total cut below a line is refused.
    kept = breakdown if breakdown is not None else list(current.breakdown.values("category", "label", "count"))
    if lines := _breakdown_messages(kept, current.announced_total):
        problems["breakdown"] = lines
    if problems:
        raise ValidationError(problems)
    current.save()
    if sources is not None:
        current.sources.set(sources)
    if breakdown is not None:
        current.breakdown.all().delete()
        BreakdownItem.objects.bulk_create(BreakdownItem(decree=current, **line) for line in breakdown)
    return current


SOURCE_NEEDED = (
    "A confirmed pardon needs a source that names this person (a decree whose names were not published "
    "cannot be the source): cite it, or record the pardon as 'reported'."
)


def edit_problems(
    *,
    pardon: Pardon,
    prisoner: Prisoner | None,
    released_on: dt.date | None,
    precision: str,
    confirmation: str,
    sources: Iterable[Source] | None = None,
) -> dict[str, list[str]]:
    """What is wrong with these values for `pardon` as it is stored ({} when fine), by field.

    A pardon that has ended a custody period keeps its person, release date and confirmation: the release
    lives on the custody period, and editing here would split the two (remove the pardon, which restores
    the custody, and add it again). Confirming needs an open custody period to end, and a confirmed pardon
    cites a source (`sources`: what the pardon will cite; None keeps what it cites now).
    """
    problems: dict[str, list[str]] = {}
    if confirmation == Confirmation.CONFIRMED and not cites_a_source(pardon, sources):
        problems["sources"] = [SOURCE_NEEDED]
    if pardon.closed_custody_id is not None:
        if pardon.pk and prisoner is not None and prisoner.pk != pardon.prisoner_id:
            problems["prisoner"] = ["Remove this pardon and add a new one to change the person."]
        if confirmation == Confirmation.REPORTED:
            problems["confirmation"] = [
                "This pardon has ended a custody period. To undo that, remove the pardon (the custody is "
                "restored) and add it again as 'reported'."
            ]
        if (released_on, precision) != (pardon.released_on, pardon.released_on_precision):
            problems["released_on"] = ["Remove this pardon and add it again to change the release date."]
    elif (
        confirmation == Confirmation.CONFIRMED and prisoner is not None and not prisoner.custody_periods.open().exists()
    ):
        problems["prisoner"] = [
            f"{prisoner} has no open custody period, so cannot be released by this pardon. "
            "Record it as 'reported' or correct the custody first."
        ]
    return problems


def cites_a_source(pardon: Pardon, sources: Iterable[Source] | None) -> bool:
    if sources is not None:
        return bool(list(sources))
    return pardon.pk is not None and pardon.sources.exists()


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
    sources = list(sources)
    problems = edit_problems(
        pardon=Pardon(decree=decree),
        prisoner=prisoner,
        released_on=released_on,
        precision=precision,
        confirmation=confirmation,
        sources=sources,
    )
    if problems:
        raise ValidationError(problems)
    if released_on is not None:
        released_on = normalise(released_on, precision)
    # Saved as reported first: confirming is the one step that ends the custody (`confirm_pardon`).
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
def confirm_pardon(
    *,
    pardon: Pardon,
    released_on: dt.date | None = None,
    precision: str = Precision.DAY,
    sources: Iterable[Source] | None = None,
) -> Pardon:
    """Mark a reported pardon confirmed and end the person's open custody with reason "pardon".

    Side effects: Custody.released_on/release_reason, Pardon.confirmation/closed_custody, status; the
    pardon's sources when given. Raises ValidationError if it would then cite no source.
    """
    if pardon.closed_custody_id is not None:
        raise ValidationError({"confirmation": "This pardon is already confirmed and has ended a custody period."})
    if sources is not None:
        pardon.sources.set(sources)
    if not pardon.sources.exists():
        raise ValidationError({"sources": [SOURCE_NEEDED]})
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
def update_pardon(
    *,
    pardon: Pardon,
    released_on: dt.date | None,
    precision: str = Precision.DAY,
    confirmation: str,
    notes: str = "",
    sources: Iterable[Source] | None = None,
) -> Pardon:
    """Apply staff edits to a recorded pardon; confirming it ends the person's custody as `confirm_pardon` does.

    Side effects: Pardon.released_on/precision/confirmation/notes (and its sources when given); when the
    pardon becomes confirmed, Custody.released_on/release_reason, Pardon.closed_custody and the status.
    Raises ValidationError (nothing changed) for the edits `edit_problems` refuses.
    """
    freshness.claim_write()  # the data-version lock before the row lock, as every writer takes them
    stored = Pardon.objects.select_for_update(no_key=True).select_related("prisoner").get(pk=pardon.pk)
    if released_on is not None:
        released_on = normalise(released_on, precision)
    sources = list(sources) if sources is not None else None
    problems = edit_problems(
        pardon=stored,
        prisoner=None,
        released_on=released_on,
        precision=precision,
        confirmation=confirmation,
        sources=sources,
    )
    if problems:
        raise ValidationError(problems)
    stored.notes = notes
    if stored.closed_custody_id is None:
        stored.released_on, stored.released_on_precision = released_on, precision
    stored.save(update_fields=["notes", "released_on", "released_on_precision", "updated_at"])
    if sources is not None:
        stored.sources.set(sources)
    if confirmation == Confirmation.CONFIRMED and stored.closed_custody_id is None:
        confirm_pardon(pardon=stored)
    elif confirmation != stored.confirmation:
        stored.confirmation = confirmation
        stored.save(update_fields=["confirmation", "updated_at"])
    return stored


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
