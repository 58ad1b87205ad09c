"""CSV imports that check before they write: a dry run really runs the import in a transaction that is
rolled back (what staff preview); applying runs it again and commits only if every row succeeds, so a
bad file changes nothing. Errors name the file line (the header is line 1) and the column.

The rows' meaning is the caller's (registry.staff.prisoner_csv, pardons.staff.people_csv); this module
reads the file and runs the rows; registry.staff.import_jobs runs an import in the task worker and
registry.staff.import_views serves its pages.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction

from registry import csv_safe
from registry.audit import acting_as
from registry.dates import PartialDate
from registry.db import freshness
from registry.models import Prisoner

# Each new person is written twice (preview, then apply) with history, search keys and custody, in one
# transaction each: a bound keeps a job to tens of seconds (figures: README, "CSV import and export").
MAX_ROWS = 200


# progress(stage, done, total): an import reports each row it has checked or written.
Progress = Callable[[str, int, int], None]


def no_progress(stage: str, done: int, total: int) -> None:
    pass


class RowInvalid(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        super().__init__(errors)
        self.errors = errors


@dataclass
class RowResult:
    line: int
    label: str = ""
    status: str = "new"  # new | updated | unchanged | duplicate | error
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message)
    duplicates: list[Prisoner] = field(default_factory=list)
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (column, before, after) of an update


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
    def updated(self) -> int:
        return sum(row.status == "updated" for row in self.rows)

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
    text = text.lstrip("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter_of(text))
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


def delimiter_of(text: str) -> str:
    """Comma, or the semicolon spreadsheets write where the comma is the decimal mark (and tab), by the header."""
    header = text.partition("\n")[0]
    return max([",", ";", "\t"], key=header.count) if header else ","


def run_rows(
    rows: list[tuple[int, dict]],
    handle: Callable[[int, dict], RowResult],
    *,
    apply: bool,
    user,
    report: ImportReport,
    progress: Progress = no_progress,
    adds_only: bool = False,
) -> ImportReport:
    """Run every row in one transaction, each in a savepoint; keep it only if applying and all succeeded.

    A dry run is a rehearsal (registry.db.freshness): it is always rolled back, so it takes no data-version
    lock and other staff can save while it runs. An apply whose rows only add records (`adds_only`: it
    locks no existing row for update) takes that lock only at its end, so other staff's saves do not wait.
    """
    progress("importing", 0, len(rows))
    bump_version = None
    with transaction.atomic(), acting_as(user, reason="CSV import"):
        if not apply:
            freshness.rehearsal()
        elif adds_only:
            bump_version = freshness.lock_at_commit()
        for done, (line, row) in enumerate(rows, start=1):
            cells = {key: (value or "").strip() for key, value in row.items()}
            try:
                with transaction.atomic():
                    result = handle(line, cells)
            except RowInvalid as exc:
                result = RowResult(line=line, label=row_label(cells), status="error", errors=exc.errors)
            report.rows.append(result)
            progress("importing", done, len(rows))
        report.applied = apply and not report.has_errors
        if not report.applied:
            transaction.set_rollback(True)
        elif bump_version is not None:
            bump_version()
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
