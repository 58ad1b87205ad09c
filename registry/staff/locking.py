"""No lost updates in the admin: the change form carries the record's `updated_at` as it was when the
page was opened; a save is refused if someone else saved the record since, with a link to the history
page that shows what they changed."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator

from registry.db import freshness

EDIT_TOKEN = "edit_token"
NOTHING_SAVED = "Nothing was changed, so nothing was saved."


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
    """Mix into a ModelAdmin whose form subclasses EditTokenForm (the model must have updated_at).

    A page saved with nothing changed on it writes nothing: the record's updated_at ("Last updated", the API's
    updated_at), its history and the feeds would otherwise say it changed. A record whose own fields are unchanged is
    still saved when one of its inlines changed, so its edit token moves for whoever has the page open (a decree's
    identified people). Admins that save through a service override `save_record`, not save_model.
    """

    form = EditTokenForm

    def save_model(self, request, obj, form, change):
        if change and not form.has_changed():
            request._unchanged_record = obj  # saved in save_related if an inline changed
            return
        self.save_record(request, obj, form, change)

    def save_record(self, request, obj, form, change):
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        record = form.instance
        saved_for_inlines = None
        if getattr(request, "_unchanged_record", None) is record:
            del request._unchanged_record
            if any(formset.has_changed() for formset in formsets):
                # Saved before its inlines, as Django saves a record: a saved inline may refresh the record's row
                # (a person's status), which saving the form's copy afterwards would undo.
                before = record.history.values_list("pk", flat=True).first()
                self.save_record(request, record, form, change)
                saved_for_inlines = record.history.exclude(pk=before).first()
            else:
                request._nothing_saved = True
        # Saves what changed (nothing, for an unchanged page; the change message reads what the formsets saved).
        super().save_related(request, form, formsets, change)
        if saved_for_inlines is not None:
            # Its fields are as they were, so its history row says what changed on its page, not only who saved it
            # and when (the edit-conflict message names whoever saved the record last).
            said = LogEntry(change_message=json.dumps(self.construct_change_message(request, form, formsets, False)))
            room = type(saved_for_inlines)._meta.get_field("history_change_reason").max_length
            saved_for_inlines.history_change_reason = Truncator(said.get_change_message()).chars(room)
            saved_for_inlines.save(update_fields=["history_change_reason"])

    def message_user(self, request, message, level=messages.INFO, *args, **kwargs):
        # Not "… was changed successfully." when nothing was.
        if level == messages.SUCCESS and getattr(request, "_nothing_saved", False):
            message, level = NOTHING_SAVED, messages.INFO
        super().message_user(request, message, level, *args, **kwargs)

    def get_fields(self, request, obj=None):
        # Without declared fieldsets Django lists every form field; the token goes in its own fieldset.
        return [name for name in super().get_fields(request, obj) if name != EDIT_TOKEN]

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None and self.has_change_permission(request, obj):
            fieldsets.append((None, {"fields": [EDIT_TOKEN], "classes": ["hidden"]}))
        return fieldsets
