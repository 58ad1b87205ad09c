"""Staff data entry for people, cases, custody and facilities.

Custody edited here (its own page or the person's inline) is saved through registry.services, which
re-derives the person's stored status in the same transaction, so the list filters stay true.
Every model admin is a HistoryAdmin: each record has a read-only History page with field-level changes.
A person becomes more visible only when a second Reviewer approves (Publication requests);
only superusers delete people.
"""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ORDER_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, models, transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from registry import services
from registry.models import (
    Article,
    Attachment,
    Charge,
    Contact,
    Conviction,
    Correction,
    CriminalCode,
    Criterion,
    Custody,
    Event,
    Facility,
    Placement,
    Prisoner,
    PrisonerName,
    PublicationRequest,
    Recognition,
    Region,
    ReportedFigure,
    Source,
    Verification,
    Visibility,
    Vulnerability,
)
from registry.search import find_possible_duplicates, search_prisoners
from registry.staff import prisoner_csv
from registry.staff.history import HistoryAdmin, RecordAdmin
from registry.staff.import_views import csv_import_view
from registry.staff.locking import OptimisticLockAdmin
from registry.staff.merging import merge_url, merge_view
from registry.staff.roles import MERGE_PERMISSION, PUBLISH_PERMISSION


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


class _Undo(Exception):
    """Raised to roll back the trial writes of CustodyFormSet.clean."""


class CustodyFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        # A form of an inline leaves out its person, and with it every rule between a person's periods (overlaps,
        # one open period, nothing after a death): checked here once the person is set, so a refused row is an
        # error beside it rather than the database's 500. Row by row against the saved periods and the rows
        # above it: each row checked is written in a savepoint that is always rolled back (two new rows that
        # overlap each other are otherwise each fine against the saved ones), and PostgreSQL's constraints stay
        # the one statement of the rules. A person being added is written there too, for the rows to belong to.
        rows = [form for form in self.forms if form.has_changed() and form.is_valid()]
        changed = [form for form in rows if not form.cleaned_data.get("DELETE")]
        if not changed:
            return
        added = []
        try:
            with transaction.atomic():
                person = self.instance if self.instance.pk is not None else self._trial_person()
                for form in rows:
                    if form.cleaned_data.get("DELETE") and form.instance.pk is not None:
                        type(form.instance).objects.filter(pk=form.instance.pk).delete()
                for form in changed:
                    setattr(form.instance, self.fk.name, person)
                    try:
                        form.instance.validate_constraints()
                    except ValidationError as error:
                        for field, problems in error.message_dict.items():
                            form.add_error(field if field in form.fields else None, problems)
                        continue
                    if form.instance._state.adding:
                        added.append(form.instance)
                    form.instance.save()
                raise _Undo
        except _Undo:
            pass
        finally:
            for instance in added:  # saved only in the rolled-back savepoint: still to be added
                instance.pk, instance._state.adding = None, True
            for form in changed:
                setattr(form.instance, self.fk.name, self.instance)

    def _trial_person(self) -> models.Model:
        """A copy of the person being added, saved (inside the caller's savepoint) without its photo."""
        person = copy.copy(self.instance)
        person.photo = ""  # a file written to storage would outlive the rollback
        try:
            with transaction.atomic():
                person.save()
        except (DatabaseError, ValidationError):
            raise _Undo from None  # the person's own errors are shown by its form; nothing to check rows against
        return person


class CustodyInline(admin.TabularInline):
    model = Custody
    formset = CustodyFormSet
    extra = 0
    show_change_link = True
    fields = ["kind", "detained_on", "detained_on_precision", "released_on", "released_on_precision", "release_reason"]


class EventInline(admin.TabularInline):
    model = Event
    extra = 0
    fields = ["kind", "occurred_on", "occurred_on_precision", "description"]
    autocomplete_fields = ["sources"]


class RecognitionFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
        if self.instance.verification == Verification.RECOGNISED and not kept:
            raise ValidationError(
                "A person recognised as a political prisoner needs a recognition here: who recognised them (and when)."
            )


class RecognitionInline(admin.TabularInline):
    """Who recognised the person as a political prisoner, when, on which criteria (public); the person's
    "recognised on/by" are derived from these by PostgreSQL."""

    model = Recognition
    formset = RecognitionFormSet
    extra = 0
    fields = ["organisation", "recognised_on", "recognised_on_precision", "criteria", "statement_url"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "criteria":  # checkboxes, not the comma-separated text of an ArrayField
            return forms.TypedMultipleChoiceField(
                choices=Criterion.choices, widget=forms.CheckboxSelectMultiple, required=False,
                help_text=db_field.help_text,
            )  # fmt: skip
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class ContactInline(admin.TabularInline):
    """The contact log: each sign of life (or report of none) as staff hear of it; the note stays here."""

    model = Contact
    extra = 0
    fields = ["kind", "occurred_on", "note"]
    verbose_name_plural = "contact log (signs of life; notes are staff only)"


class VulnerabilityInline(admin.TabularInline):
    """Health and family data: Django shows an inline only to users with its model's permissions, which no role
    has — only the "Health data" group (registry.staff.roles)."""

    model = Vulnerability
    extra = 0
    fields = ["category", "since", "note"]
    verbose_name_plural = "vulnerability (health and family data: staff with the Health data permission only)"


WITHDRAW_HELP = (
    "To take a person off the public site (unverified, withdrawn, or at the family's request), set "
    "visibility to Private or Anonymous: it applies at once — never delete: every version stays in History. "
    "Making a person more visible (Anonymous or Public) is asked for here and applied only when another "
    "Reviewer approves it in Publication requests. Only superusers can delete a record entered by mistake."
)


@admin.register(Prisoner)
class PrisonerAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["display_name", "status", "visibility", "region", "sex", "birth_date_display", "updated_at"]
    list_filter = ["status", "visibility", "verification", "sex", "region", "is_synthetic"]
    search_fields = ["display_name", "names__full_name"]
    readonly_fields = ["status", "recognised"]
    autocomplete_fields = ["region", "sources"]
    inlines = [
        PrisonerNameInline, RecognitionInline, ConvictionInline, CustodyInline, EventInline, ContactInline,
        VulnerabilityInline,
    ]  # fmt: skip
    list_select_related = ["region"]
    fieldsets = [
        (None, {"fields": ["display_name", "visibility", "status", "is_synthetic"], "description": WITHDRAW_HELP}),
        (
            "Person",
            {
                "fields": [
                    "sex",
                    ("birth_date", "birth_date_precision"),
                    "region",
                    ("occupation", "occupation_be", "occupation_ru"),
                    "biography",
                    "biography_be",
                    "biography_ru",
                    "photo",
                ]
            },
        ),
        (
            "Verification and recognition",
            {
                "fields": ["verification", "recognised"],
                "description": "Recognitions (who, when, on which criteria, the statement) are entered below.",
            },
        ),
        (
            "Letters",
            {"fields": ["letters"], "description": "Shown on the profile; 'anyone may write' offers the letter kit."},
        ),
        ("Sources", {"fields": ["sources"]}),
    ]

    @admin.display(description="recognised (from the recognitions below)")
    def recognised(self, obj: Prisoner) -> str:
        return ", ".join(filter(None, [obj.recognised_by, obj.recognised_on_display])) or "—"

    @admin.display(description="born")
    def birth_date_display(self, obj: Prisoner) -> str:
        return obj.birth_date_display

    actions = ["export_csv", "merge_selected"]

    def get_urls(self):
        return [
            path("import-csv/", self.admin_site.admin_view(self.import_csv_view), name="registry_prisoner_import_csv"),
            path(
                "import-csv/<uuid:job_id>/",
                self.admin_site.admin_view(self.import_csv_view),
                name="registry_prisoner_import_job",
            ),
            path("export-csv/", self.admin_site.admin_view(self.export_csv_view), name="registry_prisoner_export_csv"),
            path("merge/", self.admin_site.admin_view(self.merge_view), name="registry_prisoner_merge"),
            *super().get_urls(),
        ]

    def import_csv_view(self, request, job_id=None):
        if not self.has_add_permission(request):
            raise PermissionDenied
        return csv_import_view(
            request,
            model_admin=self,
            kind=prisoner_csv.JOB_KIND,
            job_id=job_id,
            start_url=reverse("admin:registry_prisoner_import_csv"),
            job_url=lambda job: reverse("admin:registry_prisoner_import_job", args=[job.pk]),
            title="Import prisoners from CSV",
            columns=prisoner_csv.STAFF_COLUMNS,
            done_url=reverse("admin:registry_prisoner_changelist"),
            help_text="One person per row; comma- or semicolon-separated, UTF-8 (Excel's 'CSV UTF-8' too). A row with "
            "an id updates that person (export, edit in a spreadsheet, import: the preview lists each change; "
            "custody and articles change on the person's page); a row without one adds a person. Names: one column "
            "per script, other forms in other_names as 'full name|language|kind; …'. Articles as "
            "'CC BY art. 342 part 1; …'. New people who may already be in the registry (another spelling or "
            "script, same birth year) are shown and skipped.",
        )

    def export_csv_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return self._csv_response(self.get_queryset(request))

    @admin.action(description="Export selected people as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return self._csv_response(queryset)

    @admin.action(description="Merge selected records of one person…", permissions=["merge"])
    def merge_selected(self, request, queryset):
        return HttpResponseRedirect(merge_url(*queryset.order_by("pk").values_list("pk", flat=True)))

    def merge_view(self, request):
        return merge_view(self, request)

    def has_merge_permission(self, request) -> bool:
        return request.user.has_perm(MERGE_PERMISSION)

    def _csv_response(self, queryset) -> HttpResponse:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="prisoners.csv"'
        prisoner_csv.export_prisoners(prisoner_csv.export_queryset(queryset.order_by("display_name", "pk")), response)
        return response

    def save_model(self, request, obj, form, change):
        # The form never changes visibility itself: a change is asked for (registry.services.request_visibility)
        # once the record and its inlines are saved — at once if less visible, after a second Reviewer if more.
        wanted = obj.visibility
        obj.visibility = (
            Prisoner.objects.filter(pk=obj.pk).values_list("visibility", flat=True).first() if change else None
        ) or Visibility.PRIVATE
        request._visibility_wanted = wanted
        super().save_model(request, obj, form, change)

    def ask_for_visibility(self, request, prisoner: Prisoner) -> None:
        wanted = getattr(request, "_visibility_wanted", prisoner.visibility)
        if wanted == prisoner.visibility:
            return
        try:
            asked = services.request_visibility(prisoner=prisoner, visibility=wanted, by=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return
        if asked.state == PublicationRequest.State.APPLIED:
            # `prisoner` is the form's copy, still as it was: the request says what it is now.
            messages.success(request, f"{prisoner} is now {asked.get_to_visibility_display()}: applied at once.")
        else:
            messages.warning(
                request,
                f"Asked to make {prisoner} {asked.get_to_visibility_display()}: another Reviewer must approve it "
                "in Publication requests. Until then the person stays as they were.",
            )

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def delete_view(self, request, object_id, extra_context=None):
        if request.method == "GET":
            messages.warning(request, WITHDRAW_HELP)
        return super().delete_view(request, object_id, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.ask_for_visibility(request, form.instance)
        self.warn_of_possible_duplicates(request, form.instance)

    def save_formset(self, request, form, formset, change):
        if formset.model is not Custody:
            return super().save_formset(request, form, formset, change)
        # Custody edited in the inline goes through the service, so the stored status follows it.
        periods = formset.save(commit=False)
        for custody in formset.deleted_objects:
            services.delete_custody(custody=custody)
        for custody in periods:
            services.save_custody(custody=custody)
        formset.save_m2m()

    def get_search_results(self, request, queryset, search_term):
        # The registry's name search (any script or spelling, typos), also behind autocomplete.
        if not search_term.strip():
            return queryset, False
        found = search_prisoners(queryset, search_term)  # best match first…
        if ORDER_VAR in request.GET:  # …unless staff clicked a column header
            found = found.order_by(*queryset.query.order_by)
        return found, False

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
            merge = (
                format_html(' <a href="{}">Compare and merge…</a>', merge_url(prisoner.pk, *(p.pk for p in duplicates)))
                if self.has_merge_permission(request)
                else ""
            )
            messages.warning(
                request,
                format_html("Possible duplicate of {} — same name in another spelling or script.{}", links, merge),
            )


class ChargeInline(admin.TabularInline):
    model = Charge
    extra = 1
    autocomplete_fields = ["article"]


@admin.register(Conviction)
class ConvictionAdmin(OptimisticLockAdmin, HistoryAdmin):
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
class CustodyAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["prisoner", "kind", "detained_on", "released_on", "release_reason"]
    list_filter = ["kind", "release_reason"]
    search_fields = ["prisoner__display_name"]
    autocomplete_fields = ["prisoner", "sources"]
    inlines = [PlacementInline]
    list_select_related = ["prisoner"]

    def save_record(self, request, obj, form, change):
        services.save_custody(custody=obj)

    def delete_model(self, request, obj):
        services.delete_custody(custody=obj)

    def delete_queryset(self, request, queryset):
        for custody in queryset.select_related("prisoner"):
            services.delete_custody(custody=custody)


@admin.register(Facility)
class FacilityAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["name_en", "kind", "number", "city", "region"]
    list_filter = ["kind", "region", "is_synthetic"]
    search_fields = ["name_en", "name_be", "name_ru", "city", "number"]
    autocomplete_fields = ["region"]


@admin.register(Placement)
class PlacementAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["custody", "facility", "arrived_on", "left_on"]
    search_fields = ["custody__prisoner__display_name", "facility__name_en"]
    autocomplete_fields = ["custody", "facility"]


@admin.register(Event)
class EventAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["prisoner", "kind", "occurred_on"]
    list_filter = ["kind"]
    search_fields = ["prisoner__display_name", "description"]
    autocomplete_fields = ["prisoner", "sources"]


class AttachmentInline(admin.TabularInline):
    """Evidence files of a source: checked by content, pictures stripped of metadata, private unless public."""

    model = Attachment
    extra = 0
    fields = ["file", "title", "is_public", "content_type", "size", "sha256"]
    readonly_fields = ["content_type", "size", "sha256"]


@admin.register(Source)
class SourceAdmin(OptimisticLockAdmin, HistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [AttachmentInline]
    list_display = ["title", "publisher", "published_on", "url"]
    list_filter = ["publisher", "is_synthetic"]
    search_fields = ["title", "publisher", "url"]


@admin.register(Region)
class RegionAdmin(HistoryAdmin):
    list_display = ["name_en", "name_be", "name_ru", "country"]
    search_fields = ["name_en", "name_be", "name_ru"]


class ArticleInline(admin.TabularInline):
    model = Article
    extra = 0


@admin.register(CriminalCode)
class CriminalCodeAdmin(HistoryAdmin):
    list_display = ["short_name", "name_en", "country"]
    search_fields = ["short_name", "name_en"]
    inlines = [ArticleInline]


@admin.register(Article)
class ArticleAdmin(HistoryAdmin):
    list_display = ["__str__", "title_en", "is_extremism_related"]
    list_filter = ["code", "is_extremism_related"]
    search_fields = ["number", "title_en", "title_be", "title_ru"]
    list_select_related = ["code"]


@admin.register(ReportedFigure)
class ReportedFigureAdmin(OptimisticLockAdmin, HistoryAdmin):
    list_display = ["label", "qualifier", "value", "reported_by", "as_of"]
    list_filter = ["metric", "reported_by"]
    search_fields = ["label", "reported_by"]
    autocomplete_fields = ["sources"]


@admin.register(Correction)
class CorrectionAdmin(HistoryAdmin):
    """Readers' reports, worked through as a queue: what they sent is kept as sent."""

    list_display = ["received_at", "kind", "prisoner", "short_message", "state", "handled_by"]
    list_filter = ["state", "kind"]
    search_fields = ["message", "prisoner__display_name"]
    list_select_related = ["prisoner", "handled_by"]
    readonly_fields = ["kind", "prisoner", "message", "evidence_url", "language", "received_at", "handled_by"]
    fields = [*readonly_fields, "state", "staff_notes"]

    @admin.display(description="message")
    def short_message(self, correction: Correction) -> str:
        return correction.message[:80] + ("…" if len(correction.message) > 80 else "")

    def has_add_permission(self, request):
        return False  # reports come from readers (registry.site.corrections)

    def save_model(self, request, obj, form, change):
        obj.handled_by = request.user
        super().save_model(request, obj, form, change)


REVIEWED_FIELDS = [
    "display_name", "sex", "birth_date", "region", "occupation", "biography", "photo", "verification", "recognised_on",
    "recognised_by", "letters",
]  # fmt: skip


@admin.register(PublicationRequest)
class PublicationRequestAdmin(RecordAdmin):
    """The review queue of two-person publishing: a Reviewer other than the one who asked approves or rejects,
    with the record (and what changed since it was last as visible) in front of them."""

    list_display = ["prisoner", "from_visibility", "to_visibility", "state", "requested_by", "requested_at",
                    "decided_by"]  # fmt: skip
    list_filter = ["state", "to_visibility"]
    search_fields = ["prisoner__display_name"]
    fields = ["prisoner", "from_visibility", "to_visibility", "reason", "requested_by", "requested_at", "state",
              "decided_by", "decided_at", "decision_note", "record"]  # fmt: skip
    readonly_fields = fields
    actions = ["approve", "reject"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("prisoner", "requested_by", "decided_by")

    @admin.display(description="what would be shown")
    def record(self, obj: PublicationRequest) -> str:
        person = obj.prisoner
        rows = [(Prisoner._meta.get_field(name).verbose_name, getattr(person, name) or "—") for name in REVIEWED_FIELDS]
        rows += [("names", ", ".join(n.full_name for n in person.names.all()) or "—")]
        earlier = person.history.filter(history_date__lt=obj.requested_at).order_by("-history_date")
        before = next((version for version in earlier if version.visibility == obj.to_visibility), None)
        table = format_html_join("", "<tr><th>{}</th><td>{}</td></tr>", rows)
        if before is None:
            return format_html(
                "<p>Never shown this way before: all of it is new to readers.</p><table>{}</table>", table
            )
        now = person.history.order_by("-history_date").first()
        changes = [
            (c.field, c.old or "—", c.new or "—")
            for c in now.diff_against(before).changes
            if c.field in REVIEWED_FIELDS
        ]
        changed = format_html_join("", "<tr><th>{}</th><td>{} → {}</td></tr>", changes) if changes else "nothing"
        return format_html(
            "<p>Changed since it was last {} ({}):</p><table>{}</table><p>The record now:</p><table>{}</table>",
            obj.to_visibility, before.history_date.date(), changed, table,
        )  # fmt: skip

    def _decide(self, request, queryset, *, approve: bool) -> None:
        for waiting in queryset.filter(state=PublicationRequest.State.PENDING):
            try:
                services.decide_visibility(request=waiting, by=request.user, approve=approve)
            except ValidationError as exc:
                self.message_user(request, f"{waiting.prisoner}: {' '.join(exc.messages)}", messages.ERROR)
            else:
                self.message_user(request, f"{waiting.prisoner}: {'approved' if approve else 'rejected'}.")

    @admin.action(description="Approve: apply the visibility asked for", permissions=["decide"])
    def approve(self, request, queryset):
        self._decide(request, queryset, approve=True)

    @admin.action(description="Reject", permissions=["decide"])
    def reject(self, request, queryset):
        self._decide(request, queryset, approve=False)

    def has_decide_permission(self, request) -> bool:
        return request.user.has_perm(PUBLISH_PERMISSION)
