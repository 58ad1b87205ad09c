"""Admin building blocks shared by the registry and pardons admins.

- `EditTokenForm` + `OptimisticLockAdmin`: no lost updates. The change form carries the record's
  `updated_at` as it was when the page was opened; a save is refused if the record was saved by
  someone else since, with a link to the history page that shows what they changed.
- `StaffAdminSite`: the admin site, requiring a TOTP device login when settings.REQUIRE_2FA is on.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin import AdminSite
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django_otp.admin import OTPAdminAuthenticationForm, OTPAdminSite

from registry import freshness

EDIT_TOKEN = "edit_token"


def edit_token_for(value) -> str:
    return value.isoformat() if value else ""


def history_url(instance: models.Model) -> str:
    opts = instance._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[instance.pk])


class EditTokenForm(forms.ModelForm):
    """A ModelForm refusing to save over a version of the record its user has not seen."""

    edit_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields[EDIT_TOKEN].initial = edit_token_for(self.instance.updated_at)

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        model = type(self.instance)
        # Locked until the admin's transaction ends, so two saves cannot both pass this check; the
        # data-version lock first, as every write takes it first (registry/freshness.py).
        freshness.claim_write()
        current = (
            model._default_manager.select_for_update()
            .filter(pk=self.instance.pk)
            .values_list("updated_at", flat=True)
            .first()
        )
        if data.get(EDIT_TOKEN) != edit_token_for(current):
            raise ValidationError(self.conflict_message(), code="edit_conflict")
        return data

    def conflict_message(self) -> str:
        latest = self.instance.history.select_related("history_user").first()
        who = "someone else"
        when = ""
        if latest is not None:
            if latest.history_user is not None:
                who = latest.history_user.get_username()
            when = f" at {timezone.localtime(latest.history_date):%Y-%m-%d %H:%M:%S}"
        return format_html(
            "This record was changed by {}{} after you opened it, so your changes were not saved "
            '(nothing was overwritten). <a href="{}" target="_blank">See what changed in the history</a>, '
            'then <a href="">reload this page</a> and enter your changes again.',
            who,
            when,
            history_url(self.instance),
        )


class OptimisticLockAdmin:
    """Mix into a ModelAdmin whose form subclasses EditTokenForm (the model must have updated_at)."""

    form = EditTokenForm

    def get_fields(self, request, obj=None):
        # Without declared fieldsets Django lists every form field; the token goes in its own fieldset.
        return [name for name in super().get_fields(request, obj) if name != EDIT_TOKEN]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append((None, {"fields": [EDIT_TOKEN], "classes": ["hidden"]}))
        return fieldsets


class StaffAdminSite(AdminSite):
    """The default admin site; with REQUIRE_2FA on, only staff verified by a TOTP device get in."""

    @property
    def login_form(self):
        return OTPAdminAuthenticationForm if settings.REQUIRE_2FA else None

    @property
    def login_template(self):
        return OTPAdminSite.login_template if settings.REQUIRE_2FA else None

    def has_permission(self, request) -> bool:
        if not super().has_permission(request):
            return False
        return not settings.REQUIRE_2FA or request.user.is_verified()


class CsvImportForm(forms.Form):
    """Upload a CSV, preview the dry run, then apply the same text (carried in a hidden field)."""

    file = forms.FileField(required=False, help_text="UTF-8 CSV, first line naming the columns.")
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.ModelChoiceField(
        queryset=None, required=False, help_text="Cited by every record the import creates (optional)."
    )

    def __init__(self, *args, **kwargs):
        from registry.models import Source

        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("title")

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None:
            try:
                data["csv_text"] = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                message = "The file is not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'."
                raise ValidationError({"file": message}) from None
        if not data.get("csv_text"):
            raise ValidationError({"file": "Choose a CSV file."})
        return data


def csv_import_view(request, *, model_admin, title: str, columns: list[str], run, done_url: str, help_text: str = ""):
    """The preview → apply page shared by the prisoner and decree-people imports.

    `run(text, source=..., apply=...)` returns an ImportReport; nothing is written unless applied.
    """
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.template.response import TemplateResponse

    report = None
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        apply = "apply" in request.POST
        report = run(form.cleaned_data["csv_text"], source=form.cleaned_data["source"], apply=apply)
        if report.applied:
            messages.success(
                request,
                f"Imported {report.new} row(s); skipped {report.duplicates} possible duplicate(s) "
                "already in the registry.",
            )
            return redirect(done_url)
        form = CsvImportForm(initial={"csv_text": form.cleaned_data["csv_text"], "source": form.cleaned_data["source"]})
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "report": report,
        "columns": columns,
        "help_text": help_text,
        "done_url": done_url,
    }
    return TemplateResponse(request, "admin/csv_import.html", context)
