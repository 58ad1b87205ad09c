"""CSV import and export of the people identified on a decree; each imported row goes through
pardons.services.record_pardon (a confirmed pardon closes the person's open custody)."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db.models import Q

from pardons import services as pardon_services
from pardons.models import Confirmation, PardonDecree
from registry import csv_safe
from registry.dates import format_partial_iso
from registry.models import Prisoner, Source
from registry.search import search_prisoners
from registry.staff import import_jobs
from registry.staff.csv_import import (
    ImportReport,
    Progress,
    RowInvalid,
    RowResult,
    choice_cell,
    errors_from,
    no_progress,
    partial_cell,
    read_rows,
    run_rows,
)

DECREE_PEOPLE_COLUMNS = ["prisoner_id", "name", "released_on", "confirmation", "notes"]


# --- people of a decree ----------------------------------------------------------------------------


def _find_person(cells: dict, errors: list) -> Prisoner | None:
    if cells.get("prisoner_id"):
        if not cells["prisoner_id"].isdigit():
            errors.append(("prisoner_id", "Must be the registry number of the person (digits only)."))
            return None
        prisoner = Prisoner.objects.filter(pk=int(cells["prisoner_id"])).first()
        if prisoner is None:
            errors.append(("prisoner_id", f"No person with registry number {cells['prisoner_id']}."))
        return prisoner
    if not cells.get("name"):
        errors.append(("name", "Give the person's registry number (prisoner_id) or name."))
        return None
    # A pardon ends someone's custody: only an exact name (in any of their written forms) identifies
    # a person here; fuzzy search results are offered as suggestions, never picked.
    name = " ".join(cells["name"].split())
    exact = list(
        Prisoner.objects.filter(Q(display_name__iexact=name) | Q(names__full_name__iexact=name)).distinct()[:6]
    )
    if len(exact) == 1:
        return exact[0]
    if exact:
        listed = ", ".join(f"{p} (#{p.pk})" for p in exact[:5])
        errors.append(("name", f"{name!r} matches several people ({listed}); give prisoner_id."))
        return None
    suggestions = ", ".join(f"{p} (#{p.pk})" for p in search_prisoners(Prisoner.objects.all(), name)[:5])
    hint = f" Closest: {suggestions}; give prisoner_id." if suggestions else " Add them to the registry first."
    errors.append(("name", f"No person is named exactly {name!r}.{hint}"))
    return None


def _decree_row_handler(*, decree, source: Source | None) -> Callable[[int, dict], RowResult]:
    def handle(line: int, cells: dict) -> RowResult:
        errors: list[tuple[str, str]] = []
        prisoner = _find_person(cells, errors)
        released = partial_cell(cells, "released_on", errors)
        confirmation = choice_cell(cells, "confirmation", Confirmation, errors, default=Confirmation.CONFIRMED)
        if errors:
            raise RowInvalid(errors)
        person_column = "prisoner_id" if cells.get("prisoner_id") else "name"
        try:
            pardon_services.record_pardon(
                decree=decree,
                prisoner=prisoner,
                released_on=released.date if released else None,
                precision=released.precision if released else "day",
                confirmation=confirmation,
                sources=[source] if source else (),
                notes=cells.get("notes", ""),
            )
        except ValidationError as exc:
            columns = {"prisoner": person_column, "release_reason": "released_on", "sources": "confirmation"}
            raise RowInvalid(errors_from(exc, columns)) from None
        return RowResult(line=line, label=str(prisoner))

    return handle


def import_decree_people(
    text: str, *, decree, user, source: Source | None = None, apply: bool = False, progress: Progress = no_progress
) -> ImportReport:
    """Check or import the identified people of a decree; each row goes through record_pardon.

    Side effects when applied: as pardons.services.record_pardon for every row (a confirmed pardon
    closes the person's open custody); history names `user`. All rows or none.
    """
    report = ImportReport()
    rows = read_rows(text, DECREE_PEOPLE_COLUMNS, set(), report)
    if not report.file_errors and not ({"prisoner_id", "name"} & {k for _, row in rows[:1] for k in row}):
        report.file_errors.append("The file needs a prisoner_id or a name column.")
    if report.file_errors:
        return report
    handle = _decree_row_handler(decree=decree, source=source)
    return run_rows(rows, handle, apply=apply, user=user, report=report, progress=progress)


def export_decree_people(decree, out) -> None:
    """Write the people of a decree in the import's columns."""
    writer = csv_safe.DictWriter(out, fieldnames=DECREE_PEOPLE_COLUMNS)
    writer.writeheader()
    for pardon in decree.pardons.select_related("prisoner").order_by("prisoner__display_name", "pk"):
        writer.writerow(
            {
                "prisoner_id": pardon.prisoner_id,
                "name": pardon.prisoner.display_name,
                "released_on": format_partial_iso(pardon.released_on, pardon.released_on_precision),
                "confirmation": pardon.confirmation,
                "notes": pardon.notes,
            }
        )


# --- as a background job ---------------------------------------------------------------------------

JOB_KIND = "decree_people"


def _run_job(job, progress: Progress) -> ImportReport:
    decree = PardonDecree.objects.get(pk=job.target["decree"])
    return import_decree_people(
        job.csv_text, decree=decree, user=job.created_by, source=job.source, apply=job.apply, progress=progress
    )


import_jobs.register(JOB_KIND, _run_job)
