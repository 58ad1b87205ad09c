"""Staff data entry for people, cases, custody and facilities.

Custody edited here is saved through the model and the prisoner's status is re-derived in the same
transaction (see `PrisonerAdmin.save_related`), so the list filters stay true.
"""

from django.contrib import admin, messages
from django.contrib.admin.views.main import SEARCH_VAR
from django.db import models
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from simple_history.admin import SimpleHistoryAdmin

from registry.models import (
    Article,
    Charge,
    Conviction,
    CriminalCode,
    Custody,
    Event,
    Facility,
    Placement,
    Prisoner,
    PrisonerName,
    Region,
    ReportedFigure,
    Source,
)
from registry.search import find_possible_duplicates, search_prisoners


class PrisonerNameInline(admin.TabularInline):
    model = PrisonerName
    extra = 1
    fields = ["full_name", "language", "kind", "first_name", "patronymic", "last_name"]


class ConvictionInline(admin.StackedInline):
    model = Conviction
    extra = 0
    show_change_link = True
    fields = [
        ("court", "case_number"),
        ("verdict_on", "verdict_on_precision"),
        ("sentence_kind", "sentence_months", "life_sentence", "regime"),
    ]


class CustodyInline(admin.TabularInline):
    model = Custody
    extra = 0
    show_change_link = True
    fields = ["kind", "detained_on", "detained_on_precision", "released_on", "released_on_precision", "release_reason"]


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["kind", "occurred_on", "occurred_on_precision", "description"]
    autocomplete_fields = ["sources"]


@admin.register(Prisoner)
class PrisonerAdmin(SimpleHistoryAdmin):
    list_display = ["display_name", "status", "visibility", "region", "sex", "birth_date_display", "updated_at"]
    list_filter = ["status", "visibility", "sex", "region", "is_synthetic"]
    search_fields = ["display_name", "names__full_name"]
    readonly_fields = ["status"]
    autocomplete_fields = ["region", "sources"]
    inlines = [PrisonerNameInline, ConvictionInline, CustodyInline, EventInline]
    list_select_related = ["region"]
    fieldsets = [
        (None, {"fields": ["display_name", "visibility", "status", "is_synthetic"]}),
        (
            "Person",
            {
                "fields": [
                    "sex",
                    ("birth_date", "birth_date_precision"),
                    "region",
                    "occupation",
                    "biography",
                    "photo",
                ]
            },
        ),
        ("Recognition", {"fields": [("recognised_on", "recognised_on_precision"), "recognised_by"]}),
        ("Sources", {"fields": ["sources"]}),
    ]

    @admin.display(description="born")
    def birth_date_display(self, obj: Prisoner) -> str:
        return obj.birth_date_display

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Custody may have changed in the inline: the stored status follows it in this transaction.
        form.instance.refresh_status()
        self.warn_of_possible_duplicates(request, form.instance)

    def get_search_results(self, request, queryset, search_term):
        # The registry's name search (any script or spelling, typos), also behind autocomplete.
        if not search_term.strip():
            return queryset, False
        return search_prisoners(queryset, search_term), False

    def get_ordering(self, request):
        # While searching, best match first (a column header click still overrides it).
        if request.GET.get(SEARCH_VAR, "").strip():
            return ["-search_rank", "display_name"]
        return super().get_ordering(request)

    def warn_of_possible_duplicates(self, request, prisoner: Prisoner) -> None:
        names = [prisoner.display_name, *prisoner.names.values_list("full_name", flat=True)]
        birth_year = prisoner.birth_date.year if prisoner.birth_date else None
        duplicates = find_possible_duplicates(names=names, birth_year=birth_year, exclude_pk=prisoner.pk)[:10]
        if duplicates:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a> ({})',
                (
                    (
                        reverse("admin:registry_prisoner_change", args=[p.pk]),
                        p.display_name,
                        p.birth_date_display or "born ?",
                    )
                    for p in duplicates
                ),
            )
            messages.warning(
                request, format_html("Possible duplicate of {} — same name in another spelling or script.", links)
            )


class ChargeInline(admin.TabularInline):
    model = Charge
    extra = 1
    autocomplete_fields = ["article"]


@admin.register(Conviction)
class ConvictionAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "court", "verdict_on", "sentence_kind", "sentence_months", "regime"]
    list_filter = ["sentence_kind", "regime", "appeal_outcome"]
    search_fields = ["prisoner__display_name", "court", "judge", "case_number"]
    autocomplete_fields = ["prisoner", "sources"]
    inlines = [ChargeInline]
    list_select_related = ["prisoner"]


class PlacementInline(admin.TabularInline):
    model = Placement
    extra = 0
    autocomplete_fields = ["facility"]


@admin.register(Custody)
class CustodyAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "kind", "detained_on", "released_on", "release_reason"]
    list_filter = ["kind", "release_reason"]
    search_fields = ["prisoner__display_name"]
    autocomplete_fields = ["prisoner", "sources"]
    inlines = [PlacementInline]
    list_select_related = ["prisoner"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.prisoner.refresh_status()

    def delete_model(self, request, obj):
        prisoner = obj.prisoner
        super().delete_model(request, obj)
        prisoner.refresh_status()


@admin.register(Facility)
class FacilityAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "kind", "number", "city", "region"]
    list_filter = ["kind", "region", "is_synthetic"]
    search_fields = ["name_en", "name_be", "name_ru", "city", "number"]
    autocomplete_fields = ["region"]


@admin.register(Placement)
class PlacementAdmin(SimpleHistoryAdmin):
    list_display = ["custody", "facility", "arrived_on", "left_on"]
    search_fields = ["custody__prisoner__display_name", "facility__name_en"]
    autocomplete_fields = ["custody", "facility"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = ["prisoner", "kind", "occurred_on"]
    list_filter = ["kind"]
    search_fields = ["prisoner__display_name", "description"]
    autocomplete_fields = ["prisoner", "sources"]


@admin.register(Source)
class SourceAdmin(SimpleHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["title", "publisher", "published_on", "url"]
    list_filter = ["publisher", "is_synthetic"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Region)
class RegionAdmin(SimpleHistoryAdmin):
    list_display = ["name_en", "name_be", "name_ru", "country"]
    search_fields = ["name_en", "name_be", "name_ru"]


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0


@admin.register(CriminalCode)
class CriminalCodeAdmin(SimpleHistoryAdmin):
    list_display = ["short_name", "name_en", "country"]
    search_fields = ["short_name", "name_en"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "title_en", "is_extremism_related"]
    list_filter = ["code", "is_extremism_related"]
    search_fields = ["number", "title_en", "title_be", "title_ru"]
    list_select_related = ["code"]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(SimpleHistoryAdmin):
    list_display = ["label", "qualifier", "value", "reported_by", "as_of"]
    list_filter = ["metric", "reported_by"]
    search_fields = ["label", "reported_by"]
    autocomplete_fields = ["sources"]
