"""No lost updates in the admin: the change form carries the record's `updated_at` as it was when the
page was opened; a save is refused if someone else saved the record since, with a link to the history
page that shows what they changed."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html

from registry.db import freshness

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
        # data-version lock first, as every write takes it first (registry/db/freshness.py).
        freshness.claim_write()
        current = (
            model._default_manager.select_for_update(no_key=True)
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
