"""CSV import and export of prisoners and of the people of a pardon decree.

The export and the import use the same columns, so a file exported here and imported into an empty
registry gives the same people, names, birth dates, regions, articles, custody and facility.

An import is always checked by really running it inside a transaction that is rolled back (the dry
run the staff member previews); applying runs it again and commits only if every row succeeds, so a
bad file changes nothing. Errors name the file line (the header is line 1) and the column.
People who may already be in the registry — another spelling or script, same birth year — are
flagged by `registry.search.find_possible_duplicates` and not created again (also within one file).
Custody is opened and closed through registry.services, pardons through pardons.services.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from registry import services as custody_services
from registry.audit import acting_as
from registry.dates import PartialDate, format_partial_iso
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
    Region,
    ReleaseReason,
    Sex,
    Source,
    Visibility,
)
from registry.roles import PUBLISH_PERMISSION
from registry.search import find_possible_duplicates, search_prisoners

MAX_ROWS = 5000

# Primary name forms get a column each; any other form goes to `other_names`.
NAME_COLUMNS = {
    "name_be": NameLanguage.BELARUSIAN,
    "name_ru": NameLanguage.RUSSIAN,
    "name_en": NameLanguage.ENGLISH,
    "name_be_latn": NameLanguage.BELARUSIAN_LATIN,
}
PRISONER_COLUMNS = [
    "display_name",
    *NAME_COLUMNS,
    "other_names",
    "sex",
    "birth_date",
    "region",
    "occupation",
    "visibility",
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
DECREE_PEOPLE_COLUMNS = ["prisoner_id", "name", "released_on", "confirmation", "notes"]

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


def _read(text: str, columns: list[str], required: set[str], report: ImportReport) -> list[tuple[int, dict]]:
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
    return [] if report.file_errors else rows


def _run(
    rows: list[tuple[int, dict]], handle: Callable[[int, dict], RowResult], *, apply: bool, user, report: ImportReport
) -> ImportReport:
    """Run every row in one transaction, each in a savepoint; keep it only if applying and all succeeded."""
    with transaction.atomic(), acting_as(user, reason="CSV import"):
        for line, row in rows:
            cells = {key: (value or "").strip() for key, value in row.items()}
            try:
                with transaction.atomic():
                    result = handle(line, cells)
            except RowInvalid as exc:
                result = RowResult(line=line, label=_row_label(cells), status="error", errors=exc.errors)
            report.rows.append(result)
        report.applied = apply and not report.has_errors
        if not report.applied:
            transaction.set_rollback(True)
    return report


def _row_label(cells: dict) -> str:
    return cells.get("display_name") or cells.get("name") or cells.get("prisoner_id") or ""


def _partial(cells: dict, column: str, errors: list) -> PartialDate | None:
    if not cells.get(column):
        return None
    try:
        return PartialDate.parse(cells[column])
    except ValueError as exc:
        errors.append((column, str(exc)))
        return None


def _choice(cells: dict, column: str, choices, errors: list, default: str = "") -> str:
    value = cells.get(column, "") or default
    if value not in choices.values:
        errors.append((column, f"{value!r} is not one of: {', '.join(v for v in choices.values if v)}."))
    return value


def _errors_from(exc: ValidationError, columns: dict[str, str], default: str = "") -> list[tuple[str, str]]:
    """A model or service ValidationError as (column, message) pairs."""
    if not hasattr(exc, "error_dict"):
        return [(default, message) for message in exc.messages]
    return [
        (columns.get(key, key if key != "__all__" else default), message)
        for key, errors in exc.message_dict.items()
        for message in errors
    ]


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


def _prisoner_row_handler(*, user, source: Source | None) -> Callable[[int, dict], RowResult]:
    may_publish = user is not None and user.has_perm(PUBLISH_PERMISSION)

    def handle(line: int, cells: dict) -> RowResult:
        errors: list[tuple[str, str]] = []
        display_name = cells.get("display_name", "")
        if not display_name:
            errors.append(("display_name", "A display name is required."))
        names = [(cells[col], lang, NameKind.PRIMARY) for col, lang in NAME_COLUMNS.items() if cells.get(col)]
        names += _parse_other_names(cells.get("other_names", ""), errors)
        sex = _choice(cells, "sex", Sex, errors)
        birth = _partial(cells, "birth_date", errors)
        recognised = _partial(cells, "recognised_on", errors)
        region = None
        if cells.get("region"):
            region = Region.objects.filter(slug=cells["region"]).first()
            if region is None:
                errors.append(("region", f"No region with the code {cells['region']!r}."))
        visibility = _choice(cells, "visibility", Visibility, errors, default=Visibility.PRIVATE)
        if visibility != Visibility.PRIVATE and not may_publish:
            errors.append(("visibility", "Only Reviewers may import people as public or anonymous; leave it empty."))
        charges = _parse_articles(cells.get("articles", ""), errors)
        custody_given = any(cells.get(c) for c in ("custody_kind", "detained_on", "released_on", "facility"))
        custody_kind = _choice(cells, "custody_kind", CustodyKind, errors, default=CustodyKind.DETENTION)
        detained = _partial(cells, "detained_on", errors)
        released = _partial(cells, "released_on", errors)
        reason = cells.get("release_reason", "")
        if released and reason in ("", ReleaseReason.NOT_RELEASED):
            errors.append(("release_reason", "A release date needs a reason (e.g. pardon, served, unknown)."))
        elif reason and not released:
            errors.append(("release_reason", "A release reason needs a release date (the year at least)."))
        elif reason:
            _choice(cells, "release_reason", ReleaseReason, errors)
        facility = _facility(cells.get("facility", ""), errors)
        synthetic = cells.get("is_synthetic", "").lower()
        if synthetic not in TRUE_WORDS | FALSE_WORDS:
            errors.append(("is_synthetic", "Use true or false."))
        if errors:
            raise RowInvalid(errors)

        all_names = [display_name, *(name for name, _, _ in names)]
        duplicates = list(find_possible_duplicates(names=all_names, birth_year=birth.date.year if birth else None)[:5])
        if duplicates:
            return RowResult(line=line, label=display_name, status="duplicate", duplicates=duplicates)

        prisoner = Prisoner(
            display_name=display_name,
            sex=sex,
            birth_date=birth.date if birth else None,
            birth_date_precision=birth.precision if birth else Prisoner._meta.get_field("birth_date_precision").default,
            region=region,
            occupation=cells.get("occupation", ""),
            visibility=visibility,
            recognised_on=recognised.date if recognised else None,
            recognised_on_precision=recognised.precision if recognised else "day",
            recognised_by=cells.get("recognised_by", ""),
            is_synthetic=synthetic in TRUE_WORDS,
        )
        try:
            prisoner.full_clean()
            prisoner.save()
            for full_name, language, name_kind in names:
                column = next((c for c, lang in NAME_COLUMNS.items() if lang == language), "other_names")
                name = PrisonerName(prisoner=prisoner, full_name=full_name, language=language, kind=name_kind)
                try:
                    name.full_clean()
                except ValidationError as exc:
                    raise RowInvalid(_errors_from(exc, {}, default=column)) from None
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
        except ValidationError as exc:
            raise RowInvalid(_errors_from(exc, PRISONER_ERROR_COLUMNS)) from None
        return RowResult(line=line, label=display_name)

    return handle


def import_prisoners(text: str, *, user, source: Source | None = None, apply: bool = False) -> ImportReport:
    """Check (apply=False) or import (apply=True) a prisoners CSV. All rows or none are imported.

    Side effects when applied: creates Prisoner, PrisonerName, Conviction/Charge, Custody/Placement
    (through registry.services), cites `source`; history names `user` with reason "CSV import".
    Possible duplicates are reported and skipped. Only users with registry.publish_prisoner may
    import people as public or anonymous.
    """
    report = ImportReport()
    rows = _read(text, PRISONER_COLUMNS, {"display_name"}, report)
    if report.file_errors:
        return report
    return _run(rows, _prisoner_row_handler(user=user, source=source), apply=apply, user=user, report=report)


def export_prisoners(prisoners: Iterable[Prisoner], out) -> None:
    """Write prisoners as CSV in the import's columns (one row each; latest custody period)."""
    writer = csv.DictWriter(out, fieldnames=PRISONER_COLUMNS)
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
    charges = [str(charge) for conviction in prisoner.convictions.all() for charge in conviction.charges.all()]
    periods = sorted(prisoner.custody_periods.all(), key=lambda p: (p.detained_on is not None, p.detained_on, p.pk))
    custody = periods[-1] if periods else None
    placement = None
    if custody is not None:
        placements = sorted(custody.placements.all(), key=lambda p: (p.left_on is None, p.left_on, p.pk))
        placement = placements[-1] if placements else None
    return {
        "display_name": prisoner.display_name,
        **primary,
        "other_names": "; ".join(other),
        "sex": prisoner.sex,
        "birth_date": format_partial_iso(prisoner.birth_date, prisoner.birth_date_precision),
        "region": prisoner.region.slug if prisoner.region else "",
        "occupation": prisoner.occupation,
        "visibility": prisoner.visibility,
        "recognised_on": format_partial_iso(prisoner.recognised_on, prisoner.recognised_on_precision),
        "recognised_by": prisoner.recognised_by,
        "articles": "; ".join(dict.fromkeys(charges)),
        "custody_kind": custody.kind if custody else "",
        "detained_on": format_partial_iso(custody.detained_on, custody.detained_on_precision) if custody else "",
        "released_on": format_partial_iso(custody.released_on, custody.released_on_precision) if custody else "",
        "release_reason": custody.release_reason if custody else "",
        "facility": placement.facility.name_en if placement else "",
        "is_synthetic": "true" if prisoner.is_synthetic else "false",
    }


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
    from pardons import services as pardon_services
    from pardons.models import Confirmation

    def handle(line: int, cells: dict) -> RowResult:
        errors: list[tuple[str, str]] = []
        prisoner = _find_person(cells, errors)
        released = _partial(cells, "released_on", errors)
        confirmation = _choice(cells, "confirmation", Confirmation, errors, default=Confirmation.CONFIRMED)
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
            raise RowInvalid(_errors_from(exc, {"prisoner": person_column, "release_reason": "released_on"})) from None
        return RowResult(line=line, label=str(prisoner))

    return handle


def import_decree_people(text: str, *, decree, user, source: Source | None = None, apply: bool = False) -> ImportReport:
    """Check or import the identified people of a decree; each row goes through record_pardon.

    Side effects when applied: as pardons.services.record_pardon for every row (a confirmed pardon
    closes the person's open custody); history names `user`. All rows or none.
    """
    report = ImportReport()
    rows = _read(text, DECREE_PEOPLE_COLUMNS, set(), report)
    if not report.file_errors and not ({"prisoner_id", "name"} & {k for _, row in rows[:1] for k in row}):
        report.file_errors.append("The file needs a prisoner_id or a name column.")
    if report.file_errors:
        return report
    return _run(rows, _decree_row_handler(decree=decree, source=source), apply=apply, user=user, report=report)


def export_decree_people(decree, out) -> None:
    """Write the people of a decree in the import's columns."""
    writer = csv.DictWriter(out, fieldnames=DECREE_PEOPLE_COLUMNS)
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
