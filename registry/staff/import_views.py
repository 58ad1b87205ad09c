"""The admin's CSV import pages, shared by the prisoner and decree-people imports.

Upload → the dry run is queued (registry.staff.import_jobs) → its page shows progress, then the report
with every row's errors and possible duplicates → "Apply import" queues the same file for real → its
page says what was imported. Only the staff member who started a job (or a superuser) may see it:
the file and the report name people.
"""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse

from registry.models import ImportJob, Source
from registry.staff import import_jobs


class CsvImportForm(forms.Form):
    file = forms.FileField(help_text="UTF-8 CSV, first line naming the columns.")
    source = forms.ModelChoiceField(
        queryset=None, required=False, help_text="Cited by every record the import creates (optional)."
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Source.objects.order_by("title")

    def clean_file(self) -> str:
        try:
            return self.cleaned_data["file"].read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ValidationError("The file is not UTF-8 text; save it from the spreadsheet as 'CSV UTF-8'.") from None


def csv_import_view(
    request,
    *,
    model_admin,
    kind: str,
    target: dict | None = None,
    job_id=None,
    start_url: str,
    job_url: Callable[[ImportJob], str],
    title: str,
    columns: list[str],
    done_url: str,
    help_text: str = "",
):
    """The upload form (no `job_id`) or one job's page; the caller has checked the staff member's permissions."""
    target = target or {}
    job = None
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if job_id is None:
        if request.method == "POST" and form.is_valid():
            job = import_jobs.start(
                kind=kind,
                text=form.cleaned_data["file"],
                user=request.user,
                source=form.cleaned_data["source"],
                target=target,
            )
            return redirect(job_url(job))
    else:
        job = get_object_or_404(ImportJob, pk=job_id, kind=kind, target=target)
        if job.created_by_id != request.user.pk and not request.user.is_superuser:
            raise Http404
        if request.method == "POST" and "apply" in request.POST:
            try:
                return redirect(job_url(import_jobs.apply(preview=job, user=request.user)))
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
                return redirect(job_url(job))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": title,
        "form": form,
        "job": job,
        "report": import_jobs.report_of(job) if job is not None and job.state == ImportJob.State.DONE else None,
        "columns": columns,
        "help_text": help_text,
        "done_url": done_url,
        "start_url": start_url,
    }
    return TemplateResponse(request, "admin/csv_import.html", context)
