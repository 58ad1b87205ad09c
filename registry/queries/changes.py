"""What changed in public people's records, newest first: the feeds' entries (registry/site/feeds.py).

Read from the history every record keeps (django-simple-history): the person's own rows (added,
published, renamed, status), their names in other scripts, custody periods (detained, released),
placements (held in a facility) and convictions (sentenced).
Only people public now are included, and of each only what happened since they last became public:
a person made anonymous or private drops out at once, and nothing from a time they were hidden (not
even that a record existed then) is told. Only fields the profile shows are ever described.
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
    record: object  # the history row (its fields as they were after the change)
    before: dict = field(default_factory=dict)  # changed fields' earlier values
    name: str = ""  # the person's display name now (filled by whoever shows the change)


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
        for record in latest:
            change = _describe(source, record, previous.get(record.history_id))
            if change is not None:
                changes.append(change)
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
    previous = previous if record.history_type == "~" else None
    pk = record.id if source == "person" else record.prisoner_id
    if source == "person":
        if record.history_type == "+":
            return Change("added", record.history_date, pk, record)
        if record.history_type != "~" or previous is None:
            return None
        if previous.visibility != Visibility.PUBLIC:
            return Change("published", record.history_date, pk, record)
        for name, kind in (("display_name", "renamed"), ("status", "status")):
            if getattr(previous, name) != getattr(record, name):
                return Change(kind, record.history_date, pk, record, {name: getattr(previous, name)})
        return Change("updated", record.history_date, pk, record)
    if source == "name":
        return Change("name_added", record.history_date, pk, record) if record.history_type == "+" else None
    if source == "placement":
        return Change("transferred", record.history_date, pk, record) if record.history_type == "+" else None
    if source == "custody":
        if record.history_type == "+":
            return Change("detained", record.history_date, pk, record)
        if previous is not None and previous.released_on is None and record.released_on is not None:
            return Change("released", record.history_date, pk, record)
        return None
    if record.history_type == "+" or (
        previous is not None and any(getattr(previous, f) != getattr(record, f) for f in SENTENCE_FIELDS)
    ):
        return Change("sentenced", record.history_date, pk, record)
    return None
