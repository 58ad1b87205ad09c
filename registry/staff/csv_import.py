"""CSV imports that check before they write: a dry run really runs the import in a transaction that is
rolled back (what staff preview); applying runs it again and commits only if every row succeeds, so a
bad file changes nothing. Errors name the file line (the header is line 1) and the column.

The rows' meaning is the caller's (registry.staff.prisoner_csv, pardons.staff.people_csv); this module
reads the file, runs the rows, and serves the preview → apply page.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction

from registry import csv_safe
from registry.audit import acting_as
from registry.dates import PartialDate
from registry.db import freshness
from registry.models import Prisoner, Source

# Each new person is written twice (preview, then apply) with history, search keys and custody: a
# bound keeps one request short (measured figures: README, "CSV import and export"). Bigger files are split.
MAX_ROWS = 200


class RowInvalid(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class RowResult:
    line: int
    label: str = ""
    status: str = "new"  # new | duplicate | error
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    duplicates: list[Prisoner] = field(default_factory=list)


@dataclass
class ImportReport:
    rows: list[RowResult] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    applied: bool = False

    @property
    def has_errors(self) -> bool:
        return bool(self.file_errors) or any(row.status == "error" for row in self.rows)

    @property
    def new(self) -> int:
        return sum(row.status == "new" for row in self.rows)

    @property
    def duplicates(self) -> int:
        return sum(row.status == "duplicate" for row in self.rows)

    def error_messages(self) -> list[str]:
        """Every problem as one line of text: 'line 3, column birth_date: …'."""
        messages = list(self.file_errors)
        for row in self.rows:
            for column, message in row.errors:
                where = f"line {row.line}, column {column}" if column else f"line {row.line}"
                messages.append(f"{where}: {message}")
        return messages


def read_rows(text: str, columns: list[str], required: set[str], report: ImportReport) -> list[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [name.strip() for name in (reader.fieldnames or [])]
    if not header:
        report.file_errors.append("The file is empty: the first line must name the columns.")
        return []
    reader.fieldnames = header
    unknown = [name for name in header if name not in columns]
    missing = [name for name in required if name not in header]
    if unknown:
        report.file_errors.append(f"Unknown column(s): {', '.join(unknown)}. Expected: {', '.join(columns)}.")
    if missing:
        report.file_errors.append(f"Missing column(s): {', '.join(sorted(missing))}.")
    try:
        rows = [(reader.line_num, row) for row in reader]
    except csv.Error as exc:
        report.file_errors.append(f"line {reader.line_num}: not valid CSV ({exc}).")
        return []
    if len(rows) > MAX_ROWS:
        report.file_errors.append(f"The file has {len(rows)} rows; import at most {MAX_ROWS} at a time.")
    if not rows:
        report.file_errors.append("The file has no rows below the header.")
    for line, row in rows:
        if None in row:
            report.file_errors.append(f"line {line}: more values than columns.")
    if report.file_errors:
        return []
    # Our exports quote cells a spreadsheet would run as formulas (registry.csv_safe): read them back as typed.
    return [(line, {column: csv_safe.unescape(value) for column, value in row.items()}) for line, row in rows]


def run_rows(
    rows: list[tuple[int, dict]], handle: Callable[[int, dict], RowResult], *, apply: bool, user, report: ImportReport
) -> ImportReport:
    """Run every row in one transaction, each in a savepoint; keep it only if applying and all succeeded.

    A dry run is a rehearsal (registry.db.freshness): it is always rolled back, so it takes no data-version
    lock and other staff can save while it runs.
    """
    with transaction.atomic(), acting_as(user, reason="CSV import"):
        if not apply:
            freshness.rehearsal()
        for line, row in rows:
            cells = {key: (value or "").strip() for key, value in row.items()}
            try:
                with transaction.atomic():
                    result = handle(line, cells)
            except RowInvalid as exc:
                result = RowResult(line=line, label=row_label(cells), status="error", errors=exc.errors)
            report.rows.append(result)
        report.applied = apply and not report.has_errors
        if not report.applied:
            transaction.set_rollback(True)
    return report


def row_label(cells: dict) -> str:
    return cells.get("display_name") or cells.get("name") or cells.get("prisoner_id") or ""


def partial_cell(cells: dict, column: str, errors: list) -> PartialDate | None:
    if not cells.get(column):
        return None
    try:
        return PartialDate.parse(cells[column])
    except ValueError as exc:
        errors.append((column, str(exc)))
        return None


def choice_cell(cells: dict, column: str, choices, errors: list, default: str = "") -> str:
    value = cells.get(column, "") or default
    if value not in choices.values:
        errors.append((column, f"{value!r} is not one of: {', '.join(v for v in choices.values if v)}."))
    return value


def errors_from(exc: ValidationError, columns: dict[str, str], default: str = "") -> list[tuple[str, str]]:
    """A model or service ValidationError as (column, message) pairs."""
    if not hasattr(exc, "error_dict"):
        return [(default, message) for message in exc.messages]
    return [
        (columns.get(key, key if key != "__all__" else default), message)
        for key, errors in exc.message_dict.items()
        for message in errors
    ]


class CsvImportForm(forms.Form):
    """Upload a CSV, preview the dry run, then apply the same text (carried in a hidden field)."""

    file = forms.FileField(required=False, help_text="UTF-8 CSV, first line naming the columns.")
    csv_text = forms.CharField(widget=forms.HiddenInput, required=False)
    source = forms.ModelChoiceField(
        queryset=None, required=False, help_text="Cited by every record the import creates (optional)."
    )

    def __init__(self, *args, **kwargs):

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
