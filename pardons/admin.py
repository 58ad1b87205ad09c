"""Staff entry of pardon decrees: counts first, people later.

Pardons added or removed on a decree go through pardons.services, so a confirmed pardon closes the
person's custody (and removing it restores the custody) exactly as the API does.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from pardons import services
from pardons.models import BreakdownItem, Confirmation, DecreeSeries, Pardon, PardonDecree


class BreakdownInline(admin.TabularInline):
    model = BreakdownItem
    extra = 3
    fields = ["category", "count", "label"]


class PardonInlineForm(forms.ModelForm):
    class Meta:
        model = Pardon
        fields = ["prisoner", "released_on", "released_on_precision", "confirmation", "notes"]

    def clean(self):
        data = super().clean()
        prisoner = data.get("prisoner")
        becomes_confirmed = (
            data.get("confirmation") == Confirmation.CONFIRMED and self.instance.closed_custody_id is None
        )
        if prisoner and becomes_confirmed and not prisoner.custody_periods.open().exists():
            self.add_error(
                "prisoner",
                f"{prisoner} has no open custody period, so cannot be released by this pardon. "
                "Record it as 'reported' or correct the custody first.",
            )
        if self.instance.pk and self.instance.closed_custody_id and "prisoner" in self.changed_data:
            self.add_error("prisoner", "Remove this pardon and add a new one to change the person.")
        return data


class PardonInline(admin.TabularInline):
    model = Pardon
    form = PardonInlineForm
    extra = 1
    autocomplete_fields = ["prisoner"]
    fields = ["prisoner", "released_on", "released_on_precision", "confirmation", "notes"]


@admin.register(PardonDecree)
class PardonDecreeAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "announced_on", "announced_total", "names_disclosed", "series"]
    list_filter = ["kind", "names_disclosed", "series", "is_synthetic"]
    search_fields = ["title", "decree_number", "conditions"]
    autocomplete_fields = ["series", "sources"]
    inlines = [BreakdownInline, PardonInline]
    fieldsets = [
        (None, {"fields": ["kind", "title", ("announced_on", "announced_on_precision"), "announced_total"]}),
        ("Decree", {"fields": [("signed_on", "signed_on_precision"), "decree_number", "issuing_authority"]}),
        ("Announcement", {"fields": ["names_disclosed", "conditions"]}),
        ("Series", {"fields": ["series", "reported_series_ordinal"]}),
        ("Sources", {"fields": ["sources", "is_synthetic"]}),
    ]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Pardon:
            return super().save_formset(request, form, formset, change)
        pardons = formset.save(commit=False)
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
                        notes=pardon.notes,
                    )
                    continue
                becomes_confirmed = pardon.confirmation == Confirmation.CONFIRMED and pardon.closed_custody_id is None
                if becomes_confirmed:
                    pardon.confirmation = Confirmation.REPORTED
                    pardon.save()
                    services.confirm_pardon(pardon=pardon)
                else:
                    pardon.save()
        except ValidationError as exc:
            # The inline form validated this already; anything left is a race with another editor.
            raise ValidationError(exc.messages) from None
        formset.save_m2m()


@admin.register(DecreeSeries)
class DecreeSeriesAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "started_on"]
    search_fields = ["name_en", "name_be", "name_ru"]


@admin.register(Pardon)
class PardonAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "decree", "released_on", "confirmation"]
    list_filter = ["confirmation"]
    search_fields = ["prisoner__display_name", "prisoner__names__full_name"]
    list_select_related = ["prisoner", "decree"]
    readonly_fields = ["decree", "prisoner", "closed_custody"]
    autocomplete_fields = ["sources"]

    def has_add_permission(self, request):
        # Pardons are added on their decree's page, which runs the release workflow.
        return False

    def delete_model(self, request, obj):
        services.undo_pardon(pardon=obj)

    def delete_queryset(self, request, queryset):
        for pardon in queryset:
            services.undo_pardon(pardon=pardon)
