"""The reviewed merge screen and the merge log (registry.merging does the work).

Staff select records in the people list (or follow a duplicate warning's link), see them side by side, pick
which record to keep and, field by field, whose value it takes, read what would stop the merge, and merge.
The log lists every merge with an Undo. Only Reviewers (MERGE_PERMISSION) merge or undo; everyone on staff
may look.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.html import format_html

from registry.merging import PICKABLE, merge_prisoners, merge_problems, undo_merge
from registry.models import Merge, Prisoner, Visibility
from registry.models.publication import least_visible
from registry.staff.history import RecordAdmin
from registry.staff.roles import MERGE_PERMISSION

# What is counted per record under the fields (rows of these move to the kept record).
COUNTED = [
    ("names", "name forms"),
    ("custody_periods", "custody periods"),
    ("convictions", "cases"),
    ("events", "events"),
    ("pardons", "pardons"),
    ("contacts", "contact log entries"),
    ("sources", "sources"),
]
MAX_RECORDS = 5


def merge_url(*ids: int) -> str:
    return f"{reverse('admin:registry_prisoner_merge')}?ids={','.join(map(str, ids))}"


def _ids(text: str) -> list[int]:
    ids = [int(part) for part in text.split(",") if part.strip().isdigit()]
    return list(dict.fromkeys(ids))


def _value(person: Prisoner, group: str) -> str:
    shown = []
    for name in PICKABLE[group]:
        if name.endswith("_precision"):
            continue
        display = getattr(person, f"get_{name}_display", None)
        value = display() if display and getattr(person, name) else getattr(person, name)
        shown.append(str(value or "").strip())
    return " / ".join(part for part in shown if part)


def merge_view(model_admin, request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(MERGE_PERMISSION):
        raise PermissionDenied
    ids = _ids(request.POST.get("ids") or request.GET.get("ids", ""))
    people = Prisoner.objects.filter(pk__in=ids).select_related("region").prefetch_related("names")
    found = {p.pk: p for p in people}
    records = [found[pk] for pk in ids if pk in found]
    changelist = reverse("admin:registry_prisoner_changelist")
    if not 2 <= len(records) <= MAX_RECORDS:
        messages.error(request, f"Choose 2 to {MAX_RECORDS} existing records of one person to merge.")
        return HttpResponseRedirect(changelist)
    chosen = request.POST.get("keep", "")
    keep = found.get(int(chosen), records[0]) if chosen.isdigit() else records[0]
    others = [p for p in records if p.pk != keep.pk]
    if request.method == "POST" and "merge" in request.POST:
        picks = {
            group: int(request.POST[f"pick_{group}"])
            for group in PICKABLE
            if request.POST.get(f"pick_{group}", "").isdigit() and int(request.POST[f"pick_{group}"]) != keep.pk
        }
        try:
            merges = merge_prisoners(
                keep=keep, others=others, picks=picks, by=request.user, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            log = reverse("admin:registry_merge_changelist")
            messages.success(
                request,
                format_html(
                    "Merged {} into #{}. The other ids now redirect here. <a href='{}'>Undo in the merge log</a>.",
                    ", ".join(f"#{m.merged_id} {m.merged_name}" for m in merges),
                    keep.pk,
                    log,
                ),
            )
            return HttpResponseRedirect(reverse("admin:registry_prisoner_change", args=[keep.pk]))
    rows = []
    for group in PICKABLE:
        values = [(p.pk, _value(p, group)) for p in records]
        chosen = request.POST.get(f"pick_{group}") or str(next((pk for pk, v in values if v), records[0].pk))
        label = Prisoner._meta.get_field(PICKABLE[group][0]).verbose_name
        rows.append(
            {"label": label, "group": group, "cells": [(pk, v, str(pk) == chosen) for pk, v in values],
             "differ": len({v for _pk, v in values}) > 1}
        )  # fmt: skip
    counts = [{"label": label, "cells": [getattr(p, relation).count() for p in records]} for relation, label in COUNTED]
    least = least_visible(*(p.visibility for p in records))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": Prisoner._meta,
        "title": "Merge records of one person",
        "records": records,
        "keep": keep,
        "rows": rows,
        "counts": counts,
        "problems": merge_problems(keep=keep, others=others),
        "least_visible": Visibility(least).label,
        "lowers_visibility": any(p.visibility != least for p in records),
        "ids": ",".join(str(p.pk) for p in records),
        "reason": request.POST.get("reason", ""),
    }
    return TemplateResponse(request, "admin/registry/prisoner/merge.html", context)


@admin.register(Merge)
class MergeAdmin(RecordAdmin):
    """The merge log: who merged which record into which, what was picked; Undo for Reviewers."""

    list_display = ["merged_at", "merged", "kept", "merged_by", "undone_at", "undone_by"]
    list_filter = ["undone_at"]
    search_fields = ["merged_name", "=merged_id", "=kept_id"]
    fields = ["merged_at", "merged_id", "merged_name", "kept_id", "merged_by", "reason", "picked", "undone_at",
              "undone_by"]  # fmt: skip
    readonly_fields = fields
    actions = ["undo"]

    @admin.display(description="merged-away record")
    def merged(self, merge: Merge) -> str:
        return f"#{merge.merged_id} {merge.merged_name}"

    @admin.display(description="kept record")
    def kept(self, merge: Merge) -> str:
        return format_html("<a href='{}'>#{}</a>", reverse("admin:registry_prisoner_change", args=[merge.kept_id]),
                           merge.kept_id)  # fmt: skip

    @admin.action(description="Undo: bring the merged-away records back as they were", permissions=["merge"])
    def undo(self, request, queryset):
        for merge in queryset.filter(undone_at__isnull=True).order_by("-merged_at", "-pk"):
            try:
                restored = undo_merge(merge=merge, by=request.user)
            except ValidationError as error:
                self.message_user(request, f"{merge}: {' '.join(error.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"#{restored.pk} {restored} is back as it was before the merge.")

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm(MERGE_PERMISSION)
