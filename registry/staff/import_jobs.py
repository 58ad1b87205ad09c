"""CSV imports as background tasks: the admin queues a dry run or an apply, the task worker runs it.

Checking 200 people for possible duplicates takes longer than a web request may last, so the admin
page (registry.staff.csv_import) creates an ImportJob, queues `run_import_job` (django-tasks, stored
in PostgreSQL, run by `manage.py db_worker`) and shows the job's progress until its report is ready.
An apply is queued only from a finished dry run without errors, and runs the same file again.

Each kind of import registers how a job of its kind runs (`register`); the pardons app registers its
decree-people import the same way, so this module never needs to know it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django_tasks import task

from registry.models import ImportJob, Source
from registry.staff.csv_import import ImportReport, RowResult

# kind → run(job, progress) -> ImportReport
IMPORTERS: dict[str, Callable[[ImportJob, Callable[[str, int, int], None]], ImportReport]] = {}


def register(kind: str, run: Callable[[ImportJob, Callable[[str, int, int], None]], ImportReport]) -> None:
    IMPORTERS[kind] = run


def start(*, kind: str, text: str, user, source: Source | None = None, target: dict | None = None) -> ImportJob:
    """Queue a dry run of `text`. Nothing is written by it; its report says what an apply would do."""
    if kind not in IMPORTERS:
        raise ValueError(f"Unknown import {kind!r}.")
    job = ImportJob.objects.create(kind=kind, csv_text=text, created_by=user, source=source, target=target or {})
    _enqueue(job)
    return job


def apply(*, preview: ImportJob, user) -> ImportJob:
    """Queue the apply of a finished dry run without errors: the same file, source and target."""
    if preview.apply or preview.state != ImportJob.State.DONE or report_of(preview).has_errors:
        raise ValidationError("Only a finished dry run without errors can be applied; check the file again.")
    if not preview.csv_text or ImportJob.objects.filter(preview=preview).exists():
        raise ValidationError("This file has already been applied (or discarded); check it again to import it.")
    job = ImportJob.objects.create(
        kind=preview.kind,
        csv_text=preview.csv_text,
        created_by=user,
        source=preview.source,
        target=preview.target,
        apply=True,
        preview=preview,
    )
    _enqueue(job)
    return job


def _enqueue(job: ImportJob) -> None:
    # After the commit: the worker must find the job row when it picks the task up.
    transaction.on_commit(lambda: run_import_job.enqueue(str(job.pk)))


@task()
def run_import_job(job_id: str) -> None:
    """Run one queued import job (in the task worker) and store its report; a job runs at most once."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJob.State.QUEUED).update(
        state=ImportJob.State.CHECKING, started_at=timezone.now()
    )
    if not claimed:
        return
    job = ImportJob.objects.select_related("created_by", "source").get(pk=job_id)

    def progress(stage: str, done: int, total: int) -> None:
        # Inside the import's own transaction nothing could be seen by the page before the commit.
        if not connection.in_atomic_block:
            state = ImportJob.State.CHECKING if stage == "checking" else ImportJob.State.WRITING
            ImportJob.objects.filter(pk=job.pk).update(state=state, rows_done=done, rows_total=total)

    try:
        report = IMPORTERS[job.kind](job, progress)
    except Exception as exc:
        ImportJob.objects.filter(pk=job.pk).update(
            state=ImportJob.State.FAILED, error=f"{type(exc).__name__}: {exc}", csv_text="", finished_at=timezone.now()
        )
        raise
    finished = {"state": ImportJob.State.DONE, "report": report_as_json(report), "finished_at": timezone.now()}
    if job.apply:
        finished["csv_text"] = ""  # applied or refused, the file is not needed again
        if job.preview_id:
            ImportJob.objects.filter(pk=job.preview_id).update(csv_text="")
    ImportJob.objects.filter(pk=job.pk).update(**finished)


# --- reports kept as JSON ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Duplicate:
    """A person already in the registry that a row may describe, as the report keeps them."""

    pk: int
    name: str
    born: str


def report_as_json(report: ImportReport) -> dict:
    return {
        "applied": report.applied,
        "file_errors": list(report.file_errors),
        "rows": [
            {
                "line": row.line,
                "label": row.label,
                "status": row.status,
                "errors": [list(error) for error in row.errors],
                "duplicates": [
                    {"pk": person.pk, "name": person.display_name, "born": person.birth_date_display}
                    for person in row.duplicates
                ],
                "changes": [list(change) for change in row.changes],
            }
            for row in report.rows
        ],
    }


def report_of(job: ImportJob) -> ImportReport:
    """The job's report (empty until it has finished)."""
    data = job.report or {}
    rows = [
        RowResult(
            line=row["line"],
            label=row["label"],
            status=row["status"],
            errors=[tuple(error) for error in row["errors"]],
            duplicates=[Duplicate(**person) for person in row["duplicates"]],
            changes=[tuple(change) for change in row.get("changes", [])],
        )
        for row in data.get("rows", [])
    ]
    return ImportReport(rows=rows, file_errors=data.get("file_errors", []), applied=data.get("applied", False))


def prune(*, older_than_days: int) -> int:
    """Delete finished jobs older than that, and files of unfinished ones; returns the number deleted."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    old = ImportJob.objects.filter(created_at__lt=cutoff)
    deleted, _ = old.filter(state__in=[ImportJob.State.DONE, ImportJob.State.FAILED]).delete()
    old.update(csv_text="")
    return deleted
