"""What changed in public people's records, newest first: the feeds' entries (registry/site/feeds.py).

Read from the history every record keeps (django-simple-history): the person's own rows (added,
published, renamed, status), their names in other scripts, custody periods (detained, released),
placements (held in a facility) and convictions (sentenced).
Only people public now are included, and of each only what happened since they last became public:
a person made anonymous or private drops out at once, and nothing from a time they were hidden (not
even that a record existed then) is told. History says *that* something changed; *what* it is now is
read from the record as it stands, so a name, sentence or period staff later corrected or removed (for
the person's safety, or as a mistake) is never told from an old version, and a removed one not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import DateTimeField, F, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from registry.models import Conviction, Custody, Placement, Prisoner, PrisonerName, Visibility
from registry.models.visibility import published

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
SENTENCE_FIELDS = ("sentence_months", "life_sentence", "sentence_kind", "regime")


@dataclass
class Change:
    kind: str  # added, published, renamed, status, updated, detained, released, sentenced, name_added, transferred
    at: dt.datetime
    prisoner_id: int
    history_id: int  # the history row that records the change (unique per change)
    record: object = None  # the changed record as it is now (a custody period, a name…); None for the person
    before: dict = field(default_factory=dict)  # earlier and later status (and sex), for a status change
    name: str = ""  # the person's name now, in the reader's script (filled by whoever shows the change)
    display_name: str = ""  # and their display name now, what a rename changed


# The record kinds whose changes are told, with how to read them as they are now.
CURRENT = {
    "custody": Custody.objects.all(),
    "conviction": Conviction.objects.all(),
    "name": PrisonerName.objects.all(),
    "placement": Placement.objects.select_related("facility"),
}


def _hidden_until(person: str):
    """When the person was last anything but public (the epoch if never): changes up to then are not told."""
    hidden = (
        Prisoner.history.filter(id=OuterRef(person))
        .exclude(published())  # the one rule (registry.models.visibility), on the history rows
        .order_by("-history_date")
        .values("history_date")[:1]
    )
    return Coalesce(Subquery(hidden), Value(EPOCH), output_field=DateTimeField())


def recent_changes(people: QuerySet[Prisoner], *, limit: int = 50) -> list[Change]:
    """The latest `limit` changes to the records of `people` (a published queryset), newest first."""
    ids = people.values("pk")
    rows = {
        "person": Prisoner.history.filter(id__in=ids).annotate(hidden_until=_hidden_until("id")),
        "custody": Custody.history.filter(prisoner_id__in=ids).annotate(hidden_until=_hidden_until("prisoner_id")),
        "conviction": Conviction.history.filter(prisoner_id__in=ids).annotate(
            hidden_until=_hidden_until("prisoner_id")
        ),
        "name": PrisonerName.history.filter(prisoner_id__in=ids).annotate(hidden_until=_hidden_until("prisoner_id")),
        "placement": Placement.history.filter(custody__prisoner_id__in=ids)
        .select_related("facility")
        .annotate(prisoner_id=F("custody__prisoner_id"), hidden_until=_hidden_until("custody__prisoner_id")),
    }
    changes: list[Change] = []
    for source, history in rows.items():
        latest = list(history.filter(history_date__gt=F("hidden_until")).order_by("-history_date")[: limit * 2])
        previous = _previous_versions(history.model, latest)
        found = [c for r in latest if (c := _describe(source, r, previous.get(r.history_id))) is not None]
        if source in CURRENT:
            now = CURRENT[source].in_bulk({change.record for change in found})
            for change in found:
                change.record = now.get(change.record)
            # Removed since, or a release undone since: not told.
            found = [c for c in found if c.record is not None and (c.kind != "released" or c.record.released_on)]
        changes += found
    changes.sort(key=lambda change: change.at, reverse=True)
    return changes[:limit]


def _previous_versions(history_model, records: list) -> dict:
    """history_id of each changed ("~") record → the version of the same row just before it, in one query
    (simple_history's `prev_record` would be a query per record)."""
    changed = {record.id for record in records if record.history_type == "~"}
    if not changed:
        return {}
    earlier: dict = {}
    last_seen: dict = {}
    for version in history_model.objects.filter(id__in=changed).order_by("id", "history_date", "history_id"):
        if version.id in last_seen:
            earlier[version.history_id] = last_seen[version.id]
        last_seen[version.id] = version
    return earlier


def _describe(source: str, record, previous) -> Change | None:
    """The kind of change a history row records, or None if it is not one the feeds tell. A change to
    another record carries that record's id, read as it is now by `recent_changes`."""
    kind = _kind(source, record, previous if record.history_type == "~" else None)
    if kind is None:
        return None
    if source == "person":
        # The person's sex too: Belarusian and Russian say some statuses of a woman differently.
        before = {"status": (previous.status, record.status), "sex": record.sex} if kind == "status" else {}
        return Change(kind, record.history_date, record.id, record.history_id, before=before)
    return Change(kind, record.history_date, record.prisoner_id, record.history_id, record=record.id)


def _kind(source: str, record, previous) -> str | None:
    added = record.history_type == "+"
    if source == "person":
        if added:
            return "added"
        if previous is None:
            return None
        if previous.visibility != Visibility.PUBLIC:
            return "published"
        if previous.display_name != record.display_name:
            return "renamed"
        return "status" if previous.status != record.status else "updated"
    if source == "name":
        return "name_added" if added else None
    if source == "placement":
        return "transferred" if added else None
    if source == "custody":
        if added:
            return "detained"
        released = previous is not None and previous.released_on is None and record.released_on is not None
        return "released" if released else None
    changed = previous is not None and any(getattr(previous, f) != getattr(record, f) for f in SENTENCE_FIELDS)
    return "sentenced" if added or changed else None
