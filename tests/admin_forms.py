"""Build the POST data an admin change/add page would submit, from the page's own forms.

Tests then change only the fields they care about, as a staff member would in the browser.
"""

from __future__ import annotations

import datetime as dt

from django import forms


def _value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return str(value)


def _form_fields(form, data: dict) -> None:
    for bound in form:
        if isinstance(bound.field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField) and not bound.value():
            continue  # an empty multiple select submits nothing
        value = _value(bound.value())
        if value is not None:
            data[bound.html_name] = value


def form_data(response) -> dict:
    """The page's main form and every inline formset (management forms included)."""
    data: dict = {}
    _form_fields(response.context["adminform"].form, data)
    for inline in response.context.get("inline_admin_formsets", []):
        formset = inline.formset
        _form_fields(formset.management_form, data)
        for form in formset.forms:
            _form_fields(form, data)
    return data


def inline_prefix(response, model_name: str) -> str:
    """The formset prefix of the inline for a model, e.g. 'pardons' or 'breakdown'."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.model._meta.model_name == model_name:
            return inline.formset.prefix
    raise LookupError(model_name)


def errors(response) -> list[str]:
    """Every error message on a re-rendered admin page (main form and inlines), flattened."""
    found = list(response.context["adminform"].form.non_field_errors())
    for field_errors in response.context["adminform"].form.errors.values():
        found.extend(field_errors)
    for inline in response.context["inline_admin_formsets"]:
        found.extend(inline.formset.non_form_errors())
        for form_errors in inline.formset.errors:
            for messages in form_errors.values():
                found.extend(messages)
    return [str(message) for message in found]
