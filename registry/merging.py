"""Merging duplicate records of one person, and undoing a merge.

`merge_prisoners` moves everything that belongs to a person (names, cases, custody with its placements,
events, pardons, recognitions, contact log, vulnerability, reports, publication requests, sources) from each
other record to the kept one, takes the fields staff picked from the others, and deletes the others; a Merge
row records it with what undoing needs. Related rows are found from the model graph (every reverse foreign key
to Prisoner), so a model added later moves too. What cannot be on one person (two open custody periods,
overlapping periods, two pardons on one decree, two waiting publication requests…) stops the merge with a
message naming what to resolve first; nothing is changed then. Some rows fit themselves: a name form both
records have is kept once, and a second primary name in a language becomes a variant; a vulnerability category
both have is kept once with both notes (health data must never be named in a message to staff who may not see
it, so it cannot stop a merge either).

The merged record is as visible as the least visible of the records (a detail private or anonymous on one
record must not become public by a merge); when that is less than the kept record was, publication is asked
for again and waits for a second Reviewer (registry.services.request_visibility).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.postgres.constraints import ExclusionConstraint
from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from registry import services
from registry.audit import acting_as
from registry.db import freshness
from registry.db.constraints import problem_from
from registry.models import (
    Prisoner,
    PrisonerName,
    PrisonerSearchKey,
    PrisonerWord,
    PublicationRequest,
    Vulnerability,
)
from registry.models.merges import Merge
from registry.models.people import NameKind
from registry.models.publication import least_visible
from registry.search import rebuild_search_keys

# What staff choose between the records, each with the fields that go together.
PICKABLE: dict[str, tuple[str, ...]] = {
    "display_name": ("display_name",),
    "sex": ("sex",),
    "birth_date": ("birth_date", "birth_date_precision"),
    "region": ("region",),
    "occupation": ("occupation", "occupation_be", "occupation_ru"),
    "biography": ("biography", "biography_be", "biography_ru"),
    "photo": ("photo",),
    "verification": ("verification",),
    "letters": ("letters",),
}
# Derived from other rows and rebuilt after a move, never moved themselves.
DERIVED = {PrisonerSearchKey, PrisonerWord}
# Rows that fit themselves when both records have one (see _fit_names, _fit_vulnerabilities).
FITTED = {PrisonerName, Vulnerability}


def person_relations() -> list[models.ForeignKey]:
    """Every foreign key to Prisoner from another model (not history, not search keys and words)."""
    return [
        relation.field
        for relation in Prisoner._meta.related_objects
        if relation.one_to_many and relation.related_model not in DERIVED
    ]


def _rows(fk: models.ForeignKey, prisoner_id: int) -> models.QuerySet:
    return fk.model._base_manager.filter(**{fk.name: prisoner_id}).order_by("pk")


class _Exact(DjangoJSONEncoder):
    def default(self, o):
        # Django's encoder drops microseconds; an undone merge restores timestamps exactly.
        return o.isoformat() if isinstance(o, dt.datetime) else super().default(o)


def _serialized(objects: Iterable[models.Model]) -> list[dict]:
    return json.loads(json.dumps(serializers.serialize("python", objects), cls=_Exact))


def _restore(data: list[dict]) -> None:
    for restored in serializers.deserialize("python", data):
        restored.save()  # raw: the row exactly as it was, same id and timestamps


def _history(model: type[models.Model], objects: list, *, by, reason: str, update: bool = True) -> None:
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute and objects:
        getattr(model, attribute).bulk_history_create(
            objects, update=update, default_user=by, default_change_reason=reason
        )


# --- What would stop a merge -----------------------------------------------------------------------------


def _guards(model: type[models.Model], fk: models.ForeignKey) -> list:
    """The unique and exclusion constraints of `model` that hold per person (name the foreign key)."""
    found = []
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint):
            names = constraint.fields
        elif isinstance(constraint, ExclusionConstraint):
            names = [expression for expression, _operator in constraint.expressions]
        else:
            continue
        if fk.name in names:
            found.append(constraint)
    return found


def _constraint_problems(keep: Prisoner, other: Prisoner) -> list[str]:
    """Rows of `other` that PostgreSQL's own per-person rules would refuse on `keep` (two open custody periods,
    overlapping ones, two pardons on one decree…), found as Django validates a form against those rules."""
    problems = []
    for fk in person_relations():
        guards = [] if fk.model in FITTED else _guards(fk.model, fk)
        if not guards:
            continue
        for row in _rows(fk, other.pk):
            setattr(row, fk.attname, keep.pk)
            for constraint in guards:
                try:
                    constraint.validate(fk.model, row)
                except ValidationError as error:
                    problems.append(
                        f"{str(fk.model._meta.verbose_name).capitalize()} “{row}” of #{other.pk}: "
                        f"{' '.join(error.messages)} Resolve it on one of the records first."
                    )
    return problems


def merge_problems(*, keep: Prisoner, others: list[Prisoner]) -> list[str]:
    """Everything that must be resolved before these records can merge (empty: they can)."""
    problems = []
    if any(other.pk == keep.pk for other in others):
        problems.append("A record cannot be merged into itself.")
    if len({keep.is_synthetic, *(o.is_synthetic for o in others)}) > 1:
        problems.append("A fictitious demo person cannot be merged with a real one.")
    for other in others:
        problems += _constraint_problems(keep, other)
    return problems


# --- Merging -----------------------------------------------------------------------------------------------


@dataclass
class _Moves:
    moved: dict[str, list[int]] = field(default_factory=dict)
    set_aside: list[dict] = field(default_factory=list)  # rows the kept record already had (a name form…)
    changed: dict[str, dict[str, dict]] = field(default_factory=dict)  # model label → row id → fields as they were

    def change(self, row: models.Model, **fields) -> None:
        """Change `row` to fit, remembering what it was for undo."""
        before = {name: _serialized([row])[0]["fields"][name] for name in fields}
        self.changed.setdefault(row._meta.label_lower, {})[str(row.pk)] = before
        type(row)._base_manager.filter(pk=row.pk).update(**fields)


def _fit_names(keep: Prisoner, other: Prisoner, moves: _Moves) -> None:
    kept = {(n.full_name, n.language) for n in keep.names.all()}
    primary = {n.language for n in keep.names.all() if n.kind == NameKind.PRIMARY}
    for name in other.names.order_by("pk"):
        if (name.full_name, name.language) in kept:
            moves.set_aside += _serialized([name])
            name.delete()
        elif name.kind == NameKind.PRIMARY and name.language in primary:
            moves.change(name, kind=NameKind.VARIANT)


def _fit_vulnerabilities(keep: Prisoner, other: Prisoner, moves: _Moves) -> None:
    """A category both records have is kept once, with both notes and the earlier date: health data is never
    named in a message to staff who may not see it, so it must not stop a merge either."""
    kept = {v.category: v for v in Vulnerability.objects.filter(prisoner=keep)}
    for theirs in Vulnerability.objects.filter(prisoner=other).order_by("pk"):
        mine = kept.get(theirs.category)
        if mine is None:
            continue
        note = "\n\n".join(filter(None, [mine.note, f"(from record #{other.pk}) {theirs.note}" if theirs.note else ""]))
        since = min(filter(None, [mine.since, theirs.since]), default=None)
        moves.change(mine, note=note, since=since)
        moves.set_aside += _serialized([theirs])
        theirs.delete()


def _move_rows(keep: Prisoner, other: Prisoner, moves: _Moves, *, by, reason: str) -> None:
    for fk in person_relations():
        rows = _rows(fk, other.pk)
        ids = list(rows.values_list("pk", flat=True))
        if not ids:
            continue
        try:
            with transaction.atomic():
                fk.model._base_manager.filter(pk__in=ids).update(**{fk.name: keep.pk})
        except IntegrityError as error:
            problem = problem_from(error)
            detail = " ".join(problem.messages) if problem else str(error)
            raise ValidationError(
                f"The records cannot merge: their {fk.model._meta.verbose_name_plural} conflict ({detail}) "
                "Resolve it on one of them first."
            ) from None
        moves.moved[fk.model._meta.label_lower] = ids
        _history(fk.model, list(fk.model._base_manager.filter(pk__in=ids)), by=by, reason=reason)


@transaction.atomic
def merge_prisoners(
    *, keep: Prisoner, others: list[Prisoner], picks: dict[str, int] | None = None, by, reason: str = ""
) -> list[Merge]:
    """Merge `others` into `keep`: one Merge each, all or nothing.

    `picks` names, per PICKABLE group, the id of the record whose value the kept record takes (the kept
    record's own value otherwise). Raises ValidationError (nothing changed) listing what to resolve first.
    """
    picks = picks or {}
    freshness.claim_write()
    ids = sorted({keep.pk, *(o.pk for o in others)})
    locked = {p.pk: p for p in Prisoner.objects.select_for_update().filter(pk__in=ids)}
    if keep.pk not in locked or len(locked) != len(ids) or not others:
        raise ValidationError("Choose the record to keep and at least one other existing record.")
    keep, others = locked[keep.pk], [locked[o.pk] for o in others]
    unknown = set(picks) - set(PICKABLE)
    if unknown:
        raise ValidationError(f"Unknown fields to pick: {', '.join(sorted(unknown))}.")
    strangers = {pk for pk in picks.values() if pk not in ids}
    if strangers:
        raise ValidationError(f"A picked value must come from one of the records merged, not #{min(strangers)}.")
    problems = merge_problems(keep=keep, others=others)
    if problems:
        raise ValidationError(problems)
    was_visible = keep.visibility
    merges = []
    for other in others:
        why = reason or f"merged #{other.pk} into #{keep.pk}"
        before = _serialized([keep])[0]["fields"]
        moves = _Moves()
        _fit_names(keep, other, moves)
        _fit_vulnerabilities(keep, other, moves)
        _move_rows(keep, other, moves, by=by, reason=why)
        sources_added = sorted(
            set(other.sources.values_list("pk", flat=True)) - set(keep.sources.values_list("pk", flat=True))
        )
        taken = {group: other.pk for group, pk in picks.items() if pk == other.pk}
        for group in taken:
            for name in PICKABLE[group]:
                setattr(keep, name, getattr(other, name))
        keep.visibility = least_visible(keep.visibility, other.visibility)
        keep.status = keep.derive_status()
        changed = sorted({name for group in taken for name in PICKABLE[group]} | {"visibility", "status"})
        other_id, merged_away = other.pk, _serialized([other])
        with acting_as(by, reason=why):
            keep.save()
            keep.sources.add(*sources_added)
            other.delete()
        merges.append(
            Merge.objects.create(
                kept_id=keep.pk,
                merged_id=other_id,
                merged_name=other.display_name,
                merged_by=by,
                reason=reason,
                picked={group: PICKABLE[group] for group in taken},
                undo={
                    "merged": merged_away,
                    "moved": moves.moved,
                    "set_aside": moves.set_aside,
                    "changed": moves.changed,
                    "kept_before": {name: before[name] for name in changed if name in before},
                    "kept_updated_at": before["updated_at"],
                    "sources_added": sources_added,
                    "kept_updated_after": _serialized([keep])[0]["fields"]["updated_at"],
                },
            )
        )
    rebuild_search_keys([keep.pk])
    waiting = keep.publication_requests.filter(state=PublicationRequest.State.PENDING).exists()
    if keep.visibility != was_visible and not waiting:
        asked = services.request_visibility(
            prisoner=keep,
            visibility=was_visible,
            by=by,
            reason=f"as before the merge of {', '.join(f'#{o.pk}' for o in others)}",
        )
        merges[-1].undo["asked"] = asked.pk
        merges[-1].save(update_fields=["undo"])
    return merges


@transaction.atomic
def undo_merge(*, merge: Merge, by) -> Prisoner:
    """Bring the merged-away record back as it was, with every row that moved and is still on the kept record.

    The fields the merge changed on the kept record return to their earlier values. Raises ValidationError
    (nothing changed) when the merge was already undone or the kept record was merged away since (undo that
    later merge first).
    """
    freshness.claim_write()
    merge = Merge.objects.select_for_update().get(pk=merge.pk)
    if merge.undone_at is not None:
        raise ValidationError("This merge has already been undone.")
    keep = Prisoner.objects.select_for_update().filter(pk=merge.kept_id).first()
    if keep is None:
        later = Merge.objects.in_effect().filter(merged_id=merge.kept_id).first()
        raise ValidationError(
            f"The kept record #{merge.kept_id} was itself merged into #{later.kept_id} since: undo that merge first."
            if later
            else f"The kept record #{merge.kept_id} no longer exists."
        )
    undo, why = merge.undo, f"undid the merge of #{merge.merged_id} into #{merge.kept_id}"
    if undo.get("asked"):
        PublicationRequest.objects.filter(pk=undo["asked"], state=PublicationRequest.State.PENDING).delete()
    _restore(undo["merged"])
    other = Prisoner.objects.get(pk=merge.merged_id)
    try:
        with transaction.atomic():
            for fk in person_relations():
                ids = undo["moved"].get(fk.model._meta.label_lower, [])
                back = fk.model._base_manager.filter(pk__in=ids, **{fk.name: keep.pk})
                back.update(**{fk.name: other.pk})
                _history(
                    fk.model, list(fk.model._base_manager.filter(pk__in=ids, **{fk.name: other.pk})), by=by, reason=why
                )
            for label, rows in undo["changed"].items():
                for pk, fields in rows.items():
                    apps.get_model(label)._base_manager.filter(pk=int(pk)).update(**fields)
            _restore(undo["set_aside"])
    except IntegrityError as error:
        problem = problem_from(error)
        raise ValidationError(
            "The merge cannot be undone as things are now: "
            f"{' '.join(problem.messages) if problem else error} Resolve it first."
        ) from None
    keep.sources.remove(*undo["sources_added"])
    restored = {**undo["kept_before"], "status": keep.derive_status()}
    fields = {Prisoner._meta.get_field(name).attname: value for name, value in restored.items()}
    if _serialized([keep])[0]["fields"]["updated_at"] == undo["kept_updated_after"]:
        fields["updated_at"] = undo["kept_updated_at"]  # nobody changed the record since the merge
    Prisoner.objects.filter(pk=keep.pk).update(**fields)
    keep.refresh_from_db()
    _history(Prisoner, [other], by=by, reason=why, update=False)
    _history(Prisoner, [keep], by=by, reason=why)
    rebuild_search_keys([keep.pk, other.pk])
    merge.undone_by, merge.undone_at = by, timezone.now()
    merge.save(update_fields=["undone_by", "undone_at"])
    return other
