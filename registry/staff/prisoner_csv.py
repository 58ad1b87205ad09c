"""CSV import and export of prisoners, for staff: the same columns both ways, so a file exported here and
imported into an empty registry gives the same people, names, birth dates, regions, articles, custody
and facility. People who may already be in the registry — another spelling or script, same birth
year — are flagged by `registry.search.find_possible_duplicates` and not created again (also within
one file). Custody is opened and closed through registry.services.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.core.exceptions import ValidationError

from registry import csv_safe
from registry import services as custody_services
from registry.dates import format_partial_iso
from registry.models import (
    Article,
    Charge,
    Conviction,
    CustodyKind,
    Facility,
    NameKind,
    NameLanguage,
    Prisoner,
    PrisonerName,
    Recognition,
    Region,
    ReleaseReason,
    Sex,
    Source,
    Verification,
    Visibility,
)
from registry.search import find_possible_duplicates
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

# Primary name forms get a column each; any other form goes to `other_names`.
NAME_COLUMNS = {
    "name_be": NameLanguage.BELARUSIAN,
    "name_ru": NameLanguage.RUSSIAN,
    "name_en": NameLanguage.ENGLISH,
    "name_be_latn": NameLanguage.BELARUSIAN_LATIN,
}
# The staff CSV: what the import reads and the admin's export writes, so a file round-trips: a row with an id
# updates that person, a row without one adds a person. It differs from the public download
# (registry.api.columns.PRISONER_COLUMNS): it carries visibility and every name form, and leaves out derived fields.
STAFF_COLUMNS = [
    "id",
    "display_name",
    *NAME_COLUMNS,
    "other_names",
    "sex",
    "birth_date",
    "region",
    "occupation",
    "visibility",
    "verification",
    "recognised_on",
    "recognised_by",
    "articles",
    "custody_kind",
    "detained_on",
    "released_on",
    "release_reason",
    "facility",
    "is_synthetic",
]

# "CC BY art. 342 part 1" — the way a Charge prints itself.
ARTICLE_PATTERN = re.compile(r"^(?P<code>.+?) art\. (?P<number>\S+)(?: part (?P<part>\S+))?$")
# Model and service error keys that are not column names.
PRISONER_ERROR_COLUMNS = {
    "birth_date_precision": "birth_date",
    "recognised_on_precision": "recognised_on",
    "prisoner": "detained_on",
    "on": "detained_on",
}
TRUE_WORDS, FALSE_WORDS = {"true", "yes", "1"}, {"false", "no", "0", ""}
# What a row with an id may change. Custody and articles change on the person's page, where each change runs its
# workflow (a release closes a period, a transfer opens a placement); a row that changes them is refused. The
# recognition columns may give a person without one their first recognition (see _recognition).
UPDATABLE = {
    "display_name", *NAME_COLUMNS, "other_names", "sex", "birth_date", "region", "occupation", "visibility",
    "verification", "recognised_on", "recognised_by", "is_synthetic",
}  # fmt: skip
RECOGNITION_COLUMNS = {"recognised_on", "recognised_by"}


# --- prisoners -------------------------------------------------------------------------------------


def _parse_other_names(value: str, errors: list) -> list[tuple[str, str, str]]:
    names = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        parts = [p.strip() for p in item.split("|")]
        if len(parts) != 3 or not parts[0]:
            errors.append(("other_names", f"{item!r} must look like 'full name|language|kind'."))
            continue
        full_name, language, kind = parts
        if language not in NameLanguage.values:
            errors.append(("other_names", f"{item!r}: language must be one of {', '.join(NameLanguage.values)}."))
        if kind not in NameKind.values:
            errors.append(("other_names", f"{item!r}: kind must be one of {', '.join(NameKind.values)}."))
        names.append((full_name, language, kind))
    return names


def _parse_articles(value: str, errors: list) -> list[tuple[Article, str]]:
    charges = []
    for item in filter(None, (part.strip() for part in value.split(";"))):
        match = ARTICLE_PATTERN.match(item)
        if not match:
            errors.append(("articles", f"{item!r} must look like 'CC BY art. 342 part 1'."))
            continue
        article = Article.objects.filter(code__short_name=match["code"], number=match["number"]).first()
        if article is None:
            errors.append(("articles", f"{item!r}: no article {match['number']} in code {match['code']!r}."))
            continue
        charges.append((article, match["part"] or ""))
    return charges


def _facility(name: str, errors: list) -> Facility | None:
    if not name:
        return None
    matches = list(Facility.objects.filter(name_en__iexact=name)[:2])
    if len(matches) != 1:
        problem = "no facility" if not matches else "more than one facility"
        errors.append(("facility", f"{problem} is named {name!r} (use the English name as in the admin)."))
        return None
    return matches[0]


def _match_names(cells: dict) -> tuple[list[str], int | None]:
    """The names and birth year a row is matched by (its errors are reported when the row is run)."""
    ignored: list = []
    names = [cells.get("display_name", ""), *(cells[column] for column in NAME_COLUMNS if cells.get(column))]
    names += [name for name, _, _ in _parse_other_names(cells.get("other_names", ""), ignored)]
    birth = partial_cell(cells, "birth_date", ignored)
    return names, birth.date.year if birth else None


def _already_in_registry(rows: list[tuple[int, dict]], progress: Progress) -> dict[int, list[Prisoner]]:
    """Possible duplicates already in the registry, by file line.

    Searched before anything is written: the searches are most of an import's time, and an apply
    holds the data-version lock (other staff's saves wait) from its first write to its commit.
    """
    found = {}
    for done, (line, row) in enumerate(rows, start=1):
        if (row.get("id") or "").strip():
            continue  # an update of a known person
        names, birth_year = _match_names({key: (value or "").strip() for key, value in row.items()})
        found[line] = list(find_possible_duplicates(names=names, birth_year=birth_year)[:5])
        progress("checking", done, len(rows))
    return found


def _recognition(cells: dict, verification: str | None, errors: list, *, has_one: bool = False) -> Recognition | None:
    """The recognition a row's recognised_by / recognised_on columns give (prisoner not yet set), or None.

    The columns carry what the person's recognitions derive (every organisation, the earliest date): a file can
    give a person their first recognition; more, or changes, are made on the person's page.
    """
    recognised = partial_cell(cells, "recognised_on", errors)
    organisation = cells.get("recognised_by", "")
    if verification == Verification.RECOGNISED and not (organisation or has_one):
        errors.append(("verification", "A person recognised as a political prisoner needs recognised_by: who."))
    if recognised and not organisation:
        errors.append(("recognised_by", "Say who recognised the person on that date."))
    if not organisation:
        return None
    return Recognition(
        organisation=organisation,
        recognised_on=recognised.date if recognised else None,
        recognised_on_precision=recognised.precision if recognised else "day",
    )


def _prisoner_row_handler(
    *, user, source: Source | None, known: dict[int, list[Prisoner]]
) -> Callable[[int, dict], RowResult]:
    created: list[int] = []  # people this file has added so far: later rows are checked against them

    def handle(line: int, cells: dict) -> RowResult:
        if cells.get("id"):
            return _update_row(line, cells, user=user)
        errors: list[tuple[str, str]] = []
        display_name = cells.get("display_name", "")
        if not display_name:
            errors.append(("display_name", "A display name is required."))
        names = [(cells[col], lang, NameKind.PRIMARY) for col, lang in NAME_COLUMNS.items() if cells.get(col)]
        names += _parse_other_names(cells.get("other_names", ""), errors)
        sex = choice_cell(cells, "sex", Sex, errors)
        birth = partial_cell(cells, "birth_date", errors)
        region = None
        if cells.get("region"):
            region = Region.objects.filter(slug=cells["region"]).first()
            if region is None:
                errors.append(("region", f"No region with the code {cells['region']!r}."))
        visibility = choice_cell(cells, "visibility", Visibility, errors, default=Visibility.PRIVATE)
        verification = choice_cell(cells, "verification", Verification, errors, default=Verification.REPORTED)
        recognition = _recognition(cells, verification, errors)
        if visibility != Visibility.PRIVATE and user is None:
            errors.append(
                ("visibility", "Publishing needs a person to ask for it: import as private (leave it empty).")
            )
        charges = _parse_articles(cells.get("articles", ""), errors)
        custody_given = any(cells.get(c) for c in ("custody_kind", "detained_on", "released_on", "facility"))
        custody_kind = choice_cell(cells, "custody_kind", CustodyKind, errors, default=CustodyKind.DETENTION)
        detained = partial_cell(cells, "detained_on", errors)
        released = partial_cell(cells, "released_on", errors)
        reason = cells.get("release_reason", "")
        if released and reason in ("", ReleaseReason.NOT_RELEASED):
            errors.append(("release_reason", "A release date needs a reason (e.g. pardon, served, unknown)."))
        elif reason and not released:
            errors.append(("release_reason", "A release reason needs a release date (the year at least)."))
        elif reason:
            choice_cell(cells, "release_reason", ReleaseReason, errors)
        facility = _facility(cells.get("facility", ""), errors)
        synthetic = cells.get("is_synthetic", "").lower()
        if synthetic not in TRUE_WORDS | FALSE_WORDS:
            errors.append(("is_synthetic", "Use true or false."))
        if errors:
            raise RowInvalid(errors)

        duplicates = known.get(line, [])
        if not duplicates and created:
            all_names = [display_name, *(name for name, _, _ in names)]
            birth_year = birth.date.year if birth else None
            duplicates = list(find_possible_duplicates(names=all_names, birth_year=birth_year, among=created)[:5])
        if duplicates:
            return RowResult(line=line, label=display_name, status="duplicate", duplicates=duplicates)

        prisoner = Prisoner(
            display_name=display_name,
            sex=sex,
            birth_date=birth.date if birth else None,
            birth_date_precision=birth.precision if birth else Prisoner._meta.get_field("birth_date_precision").default,
            region=region,
            occupation=cells.get("occupation", ""),
            visibility=Visibility.PRIVATE,  # public or anonymous only once a second Reviewer approves (below)
            verification=verification,
            is_synthetic=synthetic in TRUE_WORDS,
        )
        try:
            prisoner.full_clean()
            prisoner.save()
            if recognition is not None:
                recognition.prisoner = prisoner
                recognition.full_clean()
                recognition.save()
            for full_name, language, name_kind in names:
                column = next((c for c, lang in NAME_COLUMNS.items() if lang == language), "other_names")
                name = PrisonerName(prisoner=prisoner, full_name=full_name, language=language, kind=name_kind)
                try:
                    name.full_clean()
                except ValidationError as exc:
                    raise RowInvalid(errors_from(exc, {}, default=column)) from None
                name.save()
            if source is not None:
                prisoner.sources.add(source)
            if charges:
                conviction = Conviction.objects.create(prisoner=prisoner)
                for article, part in charges:
                    Charge.objects.get_or_create(conviction=conviction, article=article, part=part)
            if custody_given:
                custody_services.record_detention(
                    prisoner=prisoner,
                    detained_on=detained.date if detained else None,
                    precision=detained.precision if detained else "day",
                    kind=custody_kind,
                    facility=facility,
                )
                if released:
                    custody_services.release(
                        prisoner=prisoner, released_on=released.date, precision=released.precision, reason=reason
                    )
            if visibility != Visibility.PRIVATE:
                custody_services.request_visibility(
                    prisoner=prisoner, visibility=visibility, by=user, reason="Asked for in a CSV import."
                )
        except ValidationError as exc:
            raise RowInvalid(errors_from(exc, PRISONER_ERROR_COLUMNS)) from None
        created.append(prisoner.pk)
        return RowResult(line=line, label=display_name)

    return handle


def _update_row(line: int, cells: dict, *, user) -> RowResult:
    """A row with an id: change that person's own fields and names to the row's, reporting each change."""
    try:
        pk = int(cells["id"])
    except ValueError:
        raise RowInvalid([("id", f"{cells['id']!r} is not a registry id (leave it empty to add a person).")]) from None
    person = export_queryset(Prisoner.objects.filter(pk=pk)).first()
    if person is None:
        raise RowInvalid([("id", f"No person with id {pk} (to copy people into another registry, empty the id).")])
    before = prisoner_row(person)
    changes = [(c, before[c], cells[c]) for c in STAFF_COLUMNS if c in cells and c != "id" and cells[c] != before[c]]
    fixed = [column for column, _old, _new in changes if column not in UPDATABLE]
    has_recognition = person.recognitions.exists()
    if has_recognition:
        fixed += [column for column, _old, _new in changes if column in RECOGNITION_COLUMNS]
    if fixed:
        raise RowInvalid(
            [(c, "Custody, articles and recognitions change on the person's page, not by import.") for c in fixed]
        )
    if not changes:
        return RowResult(line=line, label=person.display_name, status="unchanged")
    changed, errors = {column for column, _old, _new in changes}, []
    if "display_name" in changed:
        person.display_name = cells["display_name"]
    if "sex" in changed:
        person.sex = choice_cell(cells, "sex", Sex, errors)
    if "verification" in changed:
        person.verification = choice_cell(cells, "verification", Verification, errors)
    if "birth_date" in changed:
        value = partial_cell(cells, "birth_date", errors)
        person.birth_date, person.birth_date_precision = (value.date, value.precision) if value else (None, "year")
    recognition = None
    if changed & (RECOGNITION_COLUMNS | {"verification"}):
        recognition = _recognition(cells, person.verification, errors, has_one=has_recognition)
    if "region" in changed:
        person.region = Region.objects.filter(slug=cells["region"]).first() if cells["region"] else None
        if cells["region"] and person.region is None:
            errors.append(("region", f"No region with the code {cells['region']!r}."))
    if "occupation" in changed:
        person.occupation = cells["occupation"]
    if "is_synthetic" in changed:
        if cells["is_synthetic"].lower() not in TRUE_WORDS | FALSE_WORDS:
            errors.append(("is_synthetic", "Use true or false."))
        person.is_synthetic = cells["is_synthetic"].lower() in TRUE_WORDS
    visibility = choice_cell(cells, "visibility", Visibility, errors) if "visibility" in changed else None
    if visibility is not None and user is None:
        errors.append(("visibility", "A change of visibility needs a person to ask for it."))
    names = None
    if changed & {*NAME_COLUMNS, "other_names"}:
        names = [(cells[c], lang, NameKind.PRIMARY) for c, lang in NAME_COLUMNS.items() if cells.get(c)]
        names += _parse_other_names(cells.get("other_names", ""), errors)
    if errors:
        raise RowInvalid(errors)
    try:
        person.full_clean()
        person.save()
        if recognition is not None and not has_recognition:
            recognition.prisoner = person
            recognition.full_clean()
            recognition.save()
        if names is not None:
            person.names.all().delete()
            for full_name, language, name_kind in names:
                name = PrisonerName(prisoner=person, full_name=full_name, language=language, kind=name_kind)
                name.full_clean()
                name.save()
        if visibility is not None:
            custody_services.request_visibility(prisoner=person, visibility=visibility, by=user, reason="CSV import")
    except ValidationError as exc:
        raise RowInvalid(errors_from(exc, PRISONER_ERROR_COLUMNS)) from None
    return RowResult(line=line, label=person.display_name, status="updated", changes=changes)


def import_prisoners(
    text: str, *, user, source: Source | None = None, apply: bool = False, progress: Progress = no_progress
) -> ImportReport:
    """Check (apply=False) or import (apply=True) a prisoners CSV. All rows or none are imported.

    Side effects when applied: creates Prisoner, PrisonerName, Conviction/Charge, Custody/Placement
    (through registry.services), cites `source`; history names `user` with reason "CSV import".
    Rows with an id update that person instead. Possible duplicates of new people are reported and skipped. A
    public or anonymous visibility is asked for, never set (two-person publishing). `progress(stage, done, total)`
    hears of each row checked
    for duplicates ("checking") and then written ("importing").
    """
    report = ImportReport()
    rows = read_rows(text, STAFF_COLUMNS, {"display_name"}, report)
    if report.file_errors:
        return report
    known = _already_in_registry(rows, progress)
    handle = _prisoner_row_handler(user=user, source=source, known=known)
    # A file that only adds people locks no existing row, so it takes the version lock late: see run_rows.
    adds_only = not any((row.get("id") or "").strip() for _line, row in rows)
    return run_rows(rows, handle, apply=apply, user=user, report=report, progress=progress, adds_only=adds_only)


def export_prisoners(prisoners: Iterable[Prisoner], out) -> None:
    """Write prisoners as CSV in the import's columns (one row each; latest custody period)."""
    writer = csv_safe.DictWriter(out, fieldnames=STAFF_COLUMNS)
    writer.writeheader()
    for prisoner in prisoners:
        writer.writerow(prisoner_row(prisoner))


def export_queryset(queryset):
    """The prefetches `prisoner_row` needs, so an export is a fixed number of queries."""
    return queryset.select_related("region").prefetch_related(
        "names",
        "convictions__charges__article__code",
        "custody_periods__placements__facility",
    )


def prisoner_row(prisoner: Prisoner) -> dict[str, str]:
    primary = {column: "" for column in NAME_COLUMNS}
    other = []
    for name in prisoner.names.all():
        column = next((c for c, lang in NAME_COLUMNS.items() if lang == name.language), None)
        if name.kind == NameKind.PRIMARY and column is not None:
            primary[column] = name.full_name
        else:
            other.append(f"{name.full_name}|{name.language}|{name.kind}")
    custody = prisoner.latest_custody()
    placement = custody.latest_placement() if custody is not None else None
    return {
        "id": str(prisoner.pk),
        "display_name": prisoner.display_name,
        **primary,
        "other_names": "; ".join(other),
        "sex": prisoner.sex,
        "birth_date": format_partial_iso(prisoner.birth_date, prisoner.birth_date_precision),
        "region": prisoner.region.slug if prisoner.region else "",
        "occupation": prisoner.occupation,
        "visibility": prisoner.visibility,
        "verification": prisoner.verification,
        "recognised_on": format_partial_iso(prisoner.recognised_on, prisoner.recognised_on_precision),
        "recognised_by": prisoner.recognised_by,
        "articles": "; ".join(prisoner.charge_labels()),
        "custody_kind": custody.kind if custody else "",
        "detained_on": format_partial_iso(custody.detained_on, custody.detained_on_precision) if custody else "",
        "released_on": format_partial_iso(custody.released_on, custody.released_on_precision) if custody else "",
        "release_reason": custody.release_reason if custody else "",
        "facility": placement.facility.name_en if placement else "",
        "is_synthetic": "true" if prisoner.is_synthetic else "false",
    }


# --- as a background job ---------------------------------------------------------------------------

JOB_KIND = "prisoners"


def _run_job(job, progress: Progress) -> ImportReport:
    return import_prisoners(job.csv_text, user=job.created_by, source=job.source, apply=job.apply, progress=progress)


import_jobs.register(JOB_KIND, _run_job)
