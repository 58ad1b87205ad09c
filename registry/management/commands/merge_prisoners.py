"""Merge duplicate records of one person from a script, or undo a merge (registry.merging)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from registry.merging import PICKABLE, merge_prisoners, undo_merge
from registry.models import Merge, Prisoner


class Command(BaseCommand):
    help = (
        "Merge OTHER records into KEEP (everything moves; the other ids redirect to KEEP), or --undo MERGE_ID. "
        "Example: merge_prisoners 12 34 --pick display_name=34 --by reviewer"
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("ids", nargs="*", type=int, help="KEEP OTHER [OTHER…]")
        parser.add_argument(
            "--pick",
            action="append",
            default=[],
            metavar="FIELD=ID",
            help=f"Take FIELD from record ID. Fields: {', '.join(PICKABLE)}.",
        )
        parser.add_argument("--by", required=True, help="Username history names as responsible.")
        parser.add_argument("--reason", default="")
        parser.add_argument("--undo", type=int, metavar="MERGE_ID", help="Undo this merge instead.")

    def handle(self, *args, ids, pick, by, reason, undo, **options) -> None:
        user = get_user_model().objects.filter(username=by).first()
        if user is None:
            raise CommandError(f"No user {by!r}.")
        try:
            if undo is not None:
                merge = Merge.objects.filter(pk=undo).first()
                if merge is None:
                    raise CommandError(f"No merge {undo}.")
                restored = undo_merge(merge=merge, by=user)
                self.stdout.write(self.style.SUCCESS(f"Undone: #{restored.pk} {restored} is back."))
                return
            if len(ids) < 2:
                raise CommandError("Give the id to keep and at least one other id.")
            found = Prisoner.objects.in_bulk(ids)
            missing = [pk for pk in ids if pk not in found]
            if missing:
                raise CommandError(f"No person with id {', '.join(map(str, missing))}.")
            picks = {}
            for item in pick:
                name, _, value = item.partition("=")
                if not value.isdigit():
                    raise CommandError(f"--pick {item!r}: write FIELD=ID.")
                picks[name] = int(value)
            merges = merge_prisoners(
                keep=found[ids[0]], others=[found[pk] for pk in ids[1:]], picks=picks, by=user, reason=reason
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for merge in merges:
            self.stdout.write(self.style.SUCCESS(f"Merged {merge} (undo: --undo {merge.pk})."))
