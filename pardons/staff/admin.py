"""Staff entry of pardon decrees: counts first, people later.

Pardons added or removed on a decree go through pardons.services, so a confirmed pardon closes the
person's custody (and removing it restores the custody) exactly as the API does.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from pardons import services
from pardons.models import BreakdownItem, DecreeSeries, Pardon, PardonDecree, breakdown_problems
from pardons.staff import people_csv
from registry.staff.history import HistoryAdmin
from registry.staff.import_views import csv_import_view
from registry.staff.locking import EditTokenForm, OptimisticLockAdmin


class BreakdownFormSet(forms.BaseInlineFormSet):
    """The announced lines, checked together by the rules `record_decree` applies (a category once, none over the
    announced total)."""

    def clean(self):
        super().clean()
        kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        kept = [f for f in kept if not f.errors and not f.cleaned_data.get("DELETE")]
        lines = [{name: f.cleaned_data.get(name) for name in ("category", "label", "count")} for f in kept]
        # The decree as its form left it: the announced total entered on this same page.
        total = self.instance.announced_total
        for form, problems in zip(kept, breakdown_problems(lines, announced_total=total), strict=True):
            show_problems(form, problems)


def show_problems(form: forms.Form, problems: dict[str, list[str]]) -> None:
    """A service's problems on the form: beside their field when the form shows it, else above the form."""
    for field, texts in problems.items():
        for text in texts:
            form.add_error(field if field in form.fields else None, text)


class BreakdownInline(admin.TabularInline):
    model = BreakdownItem
    formset = BreakdownFormSet
    extra = 3
    fields = ["category", "count", "label", "label_be", "label_ru"]


class PardonInlineForm(forms.ModelForm):
    class Meta:
        model = Pardon
        fields = ["prisoner", "released_on", "released_on_precision", "confirmation", "sources", "notes"]

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None and not self.has_changed():
            return data
        # The instance as stored (the form has not written to it yet); on the pardon's own page the person
        # is read-only, so it is not in the form data.
        stored = Pardon.objects.get(pk=self.instance.pk) if self.instance.pk else Pardon()
        prisoner = data.get("prisoner") or (stored.prisoner if stored.prisoner_id else None)
        problems = services.edit_problems(
            pardon=stored,
            prisoner=prisoner,
            released_on=data.get("released_on"),
            precision=data.get("released_on_precision"),
            confirmation=data.get("confirmation"),
            sources=data.get("sources") if "sources" in self.fields else None,
        )
        show_problems(self, problems)
        return data


def apply_edits(pardon: Pardon, sources=None) -> Pardon:
    """Save what a pardon form changed, through the service: confirming ends the custody, as in the API."""
    return services.update_pardon(
        pardon=pardon,
        released_on=pardon.released_on,
        precision=pardon.released_on_precision,
        confirmation=pardon.confirmation,
        notes=pardon.notes,
        sources=sources,
    )


class PardonForm(EditTokenForm, PardonInlineForm):
    """The pardon's own change page: same rules as on the decree page, plus the edit lock."""

    class Meta(PardonInlineForm.Meta):
        fields = ["released_on", "released_on_precision", "confirmation", "notes", "sources"]


class PardonInline(admin.TabularInline):
    model = Pardon
    form = PardonInlineForm
    extra = 1
    autocomplete_fields = ["prisoner", "sources"]
    fields = ["prisoner", "released_on", "released_on_precision", "confirmation", "sources", "notes"]


@admin.register(PardonDecree)
class PardonDecreeAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["__str__", "announced_on", "announced_total", "identified", "names_disclosed", "series"]
    list_filter = ["kind", "names_disclosed", "series", "is_synthetic"]
    search_fields = ["title", "decree_number", "conditions"]
    autocomplete_fields = ["series", "sources"]
    inlines = [BreakdownInline, PardonInline]
    readonly_fields = ["identification", "identified_breakdown", "series_position"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "kind",
                    ("title", "title_be", "title_ru"),
                    ("announced_on", "announced_on_precision"),
                    "announced_total",
                ]
            },
        ),
        (
            "Decree",
            {
                "fields": [
                    ("signed_on", "signed_on_precision"),
                    "decree_number",
                    ("issuing_authority", "issuing_authority_be", "issuing_authority_ru"),
                ]
            },
        ),
        ("Announcement", {"fields": ["names_disclosed", "conditions", "conditions_be", "conditions_ru"]}),
        ("Series", {"fields": ["series", "reported_series_ordinal"]}),
        ("Sources", {"fields": ["sources", "is_synthetic"]}),
    ]
    computed_fieldset = (
        "Identified so far (computed from the people linked below; never typed in)",
        {"fields": ["identification", "identified_breakdown", "series_position"]},
    )

    def get_queryset(self, request):
        return super().get_queryset(request).with_identified_counts()

    def get_urls(self):
        return [
            path(
                "<int:pk>/import-people/",
                self.admin_site.admin_view(self.import_people_view),
                name="pardons_pardondecree_import_people",
            ),
            path(
                "<int:pk>/import-people/<uuid:job_id>/",
                self.admin_site.admin_view(self.import_people_view),
                name="pardons_pardondecree_import_job",
            ),
            path(
                "<int:pk>/export-people/",
                self.admin_site.admin_view(self.export_people_view),
                name="pardons_pardondecree_export_people",
            ),
            *super().get_urls(),
        ]

    def import_people_view(self, request, pk: int, job_id=None):
        decree = get_object_or_404(PardonDecree, pk=pk)
        if not (self.has_change_permission(request, decree) and request.user.has_perm("pardons.add_pardon")):
            raise PermissionDenied
        return csv_import_view(
            request,
            model_admin=self,
            kind=people_csv.JOB_KIND,
            target={"decree": decree.pk},
            job_id=job_id,
            start_url=reverse("admin:pardons_pardondecree_import_people", args=[decree.pk]),
            job_url=lambda job: reverse("admin:pardons_pardondecree_import_job", args=[decree.pk, job.pk]),
            title=f"Import identified people of “{decree}”",
            columns=people_csv.DECREE_PEOPLE_COLUMNS,
            done_url=reverse("admin:pardons_pardondecree_change", args=[decree.pk]),
            help_text="One identified person per row: their registry number (prisoner_id) or a name that matches "
            "exactly one person, the actual release date, and confirmation (confirmed or reported; default "
            "confirmed). A confirmed pardon ends the person's open custody, as on the decree page.",
        )

    def export_people_view(self, request, pk: int):
        decree = get_object_or_404(PardonDecree, pk=pk)
        if not self.has_view_permission(request, decree):
            raise PermissionDenied
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="decree-{decree.pk}-people.csv"'
        people_csv.export_decree_people(decree, response)
        return response

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.insert(1, self.computed_fieldset)
        return fieldsets

    @staticmethod
    def _identification(obj: PardonDecree):
        # Two read-only fields show it; compute it once per page.
        if not hasattr(obj, "_identification"):
            obj._identification = obj.identification()
        return obj._identification

    @admin.display(description="identified", ordering="identified_count")
    def identified(self, obj: PardonDecree) -> str:
        announced = obj.announced_total if obj.announced_total is not None else "?"
        return f"{obj.identified_count} of {announced}"

    @admin.display(description="identification")
    def identification(self, obj: PardonDecree) -> str:
        summary = self._identification(obj)
        text = format_html("<strong>{}</strong>", str(summary))
        if summary.not_counted:
            text += format_html(" (plus {} private record(s), not counted)", summary.not_counted)
        if summary.over_identified:
            text += format_html(
                '<br><strong style="color:#ba2121">Warning: more people identified ({}) than announced ({}). '
                "Check for a wrong decree or a person recorded twice.</strong>",
                summary.identified,
                summary.announced,
            )
        return text

    @admin.display(description="breakdown")
    def identified_breakdown(self, obj: PardonDecree) -> str:
        lines = self._identification(obj).breakdown
        if not lines:
            return "No breakdown announced."
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{}: announced {}, identified {}</li>",
                (
                    (
                        line.label,
                        line.announced,
                        "— (too few to show: health or family data)"
                        if line.protected
                        else "— (not derivable from the records)"
                        if line.identified is None
                        else line.identified,
                    )
                    for line in lines
                ),
            ),
        )

    @admin.display(description="place in series")
    def series_position(self, obj: PardonDecree) -> str:
        position = obj.series_position()
        if position is None:
            return "Not in a series."
        return format_html(
            "{}<br>Series running totals up to this decree: {} announced, {} identified.",
            str(position),
            position.announced_total,
            position.identified_total,
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
        # A new decree is recorded with its breakdown in one call of the service, in save_related.

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)
        else:
            breakdown = next(f for f in formsets if f.model is BreakdownItem)
            lines = [
                {name: getattr(item, name) for name in ("category", "label", "label_be", "label_ru", "count")}
                for item in breakdown.save(commit=False)  # unsaved; also what the change message lists
            ]
            services.record_decree(decree=form.instance, breakdown=lines, sources=form.cleaned_data.get("sources", ()))
            for formset in formsets:
                if formset is not breakdown:
                    self.save_formset(request, form, formset, change=change)
        # Counted again: the instance's counts were loaded before the people on this page were saved.
        summary = PardonDecree.objects.with_identified_counts().get(pk=form.instance.pk).identification()
        if summary.over_identified:
            messages.warning(
                request,
                f"More people identified ({summary.identified}) than announced ({summary.announced}) on "
                f"“{form.instance}”. Check for a wrong decree or a person recorded twice.",
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is not Pardon:
            return super().save_formset(request, form, formset, change)
        pardons = formset.save(commit=False)
        # Sources are set by the services with the rest (a confirmed pardon must cite one), not by save_m2m.
        sources_of = {
            id(f.instance): list(f.cleaned_data.get("sources") or []) for f in formset.forms if f.cleaned_data
        }
        try:
            for pardon in formset.deleted_objects:
                services.undo_pardon(pardon=pardon)
            for pardon in pardons:
                if pardon.pk is None:
                    services.record_pardon(
                        decree=form.instance,
                        prisoner=pardon.prisoner,
                        released_on=pardon.released_on,
                        precision=pardon.released_on_precision,
                        confirmation=pardon.confirmation,
                        sources=sources_of.get(id(pardon), []),
                        notes=pardon.notes,
                    )
                else:
                    apply_edits(pardon, sources=sources_of.get(id(pardon)))
        except ValidationError as exc:
            # The inline form validated this already; anything left is a race with another editor.
            raise ValidationError(exc.messages) from None


@admin.register(DecreeSeries)
class DecreeSeriesAdmin(HistoryAdmin):
    list_display = ["name_en", "started_on"]
    search_fields = ["name_en", "name_be", "name_ru"]


@admin.register(Pardon)
class PardonAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["prisoner", "decree", "released_on", "confirmation"]
    list_filter = ["confirmation"]
    search_fields = ["prisoner__display_name", "prisoner__names__full_name"]
    list_select_related = ["prisoner", "decree"]
    form = PardonForm
    readonly_fields = ["decree", "prisoner", "closed_custody"]
    autocomplete_fields = ["sources"]

    def has_add_permission(self, request):
        # Pardons are added on their decree's page, which runs the release workflow.
        return False

    def save_record(self, request, obj, form, change):
        apply_edits(obj, sources=form.cleaned_data.get("sources"))

    def delete_model(self, request, obj):
        services.undo_pardon(pardon=obj)

    def delete_queryset(self, request, queryset):
        for pardon in queryset:
            services.undo_pardon(pardon=pardon)
