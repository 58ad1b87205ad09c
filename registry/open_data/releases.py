"""Releases of the public dataset: publish a numbered, dated snapshot with a changelog against the previous one,
and keep people who have since stopped being public out of every release.

A release's files are kept for good, but a person withdrawn for their safety (made anonymous or private,
or deleted) must not stay downloadable: `withdrawn` finds them in one query, downloads leave their rows out
at once (`content`), and `amend` rewrites the stored files and checksums (run by `publish_release` and
`manage.py amend_releases`; it writes, so it runs on the primary, while downloads may read a replica).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile, File
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from registry import csv_safe
from registry.models import Release, ReleaseFile
from registry.models.releases import Withdrawn, withdrawn, without
from registry.open_data import dataset

HELD = {"in_custody", "restricted"}
CHANGELOG_COLUMNS = ["change", "id", "display_name", "detail"]
LOCK = 4_214_700  # advisory lock: one publication at a time, so numbers follow each other


def publish_release(*, by=None) -> Release:
    """Take a snapshot of the public dataset as the next release, with its changelog against the previous one
    (as published), then amend older releases that list someone no longer public."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK])
        previous = Release.objects.order_by("-number").first()
        number = previous.number + 1 if previous else 1
        folder = Path(tempfile.mkdtemp(prefix=f"release-{number}-"))
        try:
            written = dataset.write_dataset(folder, title=f"{dataset.TITLE}, release {number}", version=str(number))
            changes = changelog(previous, folder, number=number)
            for name, data in changelog_files(changes).items():
                (folder / name).write_bytes(data)
            release = Release.objects.create(
                number=number,
                published_at=written.exported_at,
                published_by=by,
                counts=written.counts,
                statistics=written.statistics,
                changelog=changes,
                **{kind: sorted(ids) for kind, ids in named_in(folder).items()},
            )
            for path in sorted(folder.iterdir()):
                sha256, size = dataset.file_digest(path)
                with open(path, "rb") as f:
                    ReleaseFile.objects.create(
                        release=release, name=path.name, file=File(f, name=path.name), size=size, sha256=sha256
                    )
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    amend()
    return release


def withdrawable() -> dict[str, tuple[str, str]]:
    """Table → (kind, column) of the rows a withdrawal takes out of a release (registry.open_data.dataset)."""
    return {table.name: table.withdrawn_by for table in dataset.tables() if table.withdrawn_by}


def named_in(folder: Path) -> dict[str, set[int]]:
    """The ids of the people and sources a dataset folder names, by kind."""
    named: dict[str, set[int]] = {"people": set(), "sources": set()}
    for table, (kind, column) in withdrawable().items():
        named[kind] |= {int(row[column]) for row in read_csv(folder / f"{table}.csv")}
    return named


def read_csv(path_or_text) -> list[dict]:
    if isinstance(path_or_text, Path):
        with open(path_or_text, encoding="utf-8", newline="") as f:
            return list(csv.DictReader(f))
    return list(csv.DictReader(io.StringIO(path_or_text)))


def stored_rows(release: Release, name: str) -> list[dict]:
    stored = release.files.get(name=name)
    return read_csv(_read(stored).decode("utf-8"))


def changelog(previous: Release | None, folder: Path, *, number: int) -> dict:
    """What changed since `previous`: people added, released, re-detained, died, sentence changed; decrees
    added; people no longer in the dataset only as a count (they may have been withdrawn for their safety)."""
    now = {row["id"]: row for row in read_csv(folder / "prisoners.csv")}
    decrees_now = read_csv(folder / "decrees.csv")
    before = {row["id"]: row for row in stored_rows(previous, "prisoners.csv")} if previous else {}
    decrees_before = {row["id"] for row in stored_rows(previous, "decrees.csv")} if previous else set()
    people, decrees = [], []
    # The first release lists nobody as a change: everything in it is new (the summary counts them).
    for key, row in now.items() if previous else ():
        old = before.get(key)
        entry = {"id": int(key), "display_name": row["display_name"]}
        if old is None:
            people.append({"change": "added", **entry, "detail": row["status"]})
            continue
        if old["status"] in HELD and row["status"] == "released":
            detail = " ".join(filter(None, [row["released_on"], row["release_reason"]]))
            people.append({"change": "released", **entry, "detail": detail})
        elif old["status"] not in HELD and row["status"] in HELD:
            people.append({"change": "redetained", **entry, "detail": row["detained_on"]})
        elif old["status"] != "died" and row["status"] == "died":
            people.append({"change": "died", **entry, "detail": row["released_on"]})
        if old["longest_sentence_months"] != row["longest_sentence_months"]:
            detail = f"{old['longest_sentence_months'] or '-'} → {row['longest_sentence_months'] or '-'}"
            people.append({"change": "sentence", **entry, "detail": detail})
    for row in decrees_now if previous else ():
        if row["id"] not in decrees_before:
            detail = " ".join(
                filter(None, [row["announced_on"], row["announced_total"] and f"total {row['announced_total']}"])
            )
            decrees.append(
                {"change": "decree_added", "id": int(row["id"]), "display_name": row["title"], "detail": detail}
            )
    summary = {kind: sum(1 for entry in people if entry["change"] == kind) for kind in
               ("added", "released", "redetained", "died", "sentence")}  # fmt: skip
    summary["decrees_added"] = len(decrees) if previous else len(decrees_now)
    if not previous:
        summary["added"] = len(now)
    summary["no_longer_listed"] = len(before.keys() - now.keys())
    return {
        "release": number,
        "previous": previous.number if previous else None,
        "previous_published_at": previous.published_at.isoformat(timespec="seconds") if previous else None,
        "summary": summary,
        "people": people,
        "decrees": decrees,
    }


def changelog_files(changes: dict) -> dict[str, bytes]:
    """changelog.json and changelog.csv (one row per change) from a changelog."""
    out = io.StringIO()
    writer = csv_safe.Writer(out)
    writer.writerow(CHANGELOG_COLUMNS)
    for entry in [*changes["people"], *changes["decrees"]]:
        writer.writerow([entry[column] for column in CHANGELOG_COLUMNS])
    text = json.dumps(changes, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2) + "\n"
    return {"changelog.json": text.encode(), "changelog.csv": out.getvalue().encode()}


def content(stored: ReleaseFile, gone: Withdrawn) -> bytes:
    """A stored file's bytes without the rows of people and sources that are no longer public."""
    raw = _read(stored)
    if not gone:
        return raw
    table, _, extension = stored.name.partition(".")
    if table == "changelog":
        return changelog_files(without(stored.release.changelog, gone))[stored.name]
    rule = withdrawable().get(table)
    if extension == "csv" and rule:
        return _csv_without(raw.decode("utf-8"), rule, gone).encode()
    if extension == "json" and (rule or table == "decrees"):
        return _json_without(table, raw.decode("utf-8"), rule, gone).encode()
    return raw


def _hidden(record: dict, rule: tuple[str, str] | None, gone: Withdrawn) -> bool:
    if rule is None:
        return False
    kind, column = rule
    return int(record[column]) in getattr(gone, kind)


def _csv_without(text: str, rule: tuple[str, str], gone: Withdrawn) -> str:
    header, *rows = csv.reader(io.StringIO(text))
    out = io.StringIO()
    # Plain csv: the stored cells are already made safe for spreadsheets; escaping them again would change them.
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(row for row in rows if not _hidden(dict(zip(header, row, strict=True)), rule, gone))
    return out.getvalue()


def _json_without(table: str, text: str, rule: tuple[str, str] | None, gone: Withdrawn) -> str:
    records = [record for record in json.loads(text) if not _hidden(record, rule, gone)]
    if table == "decrees":  # a decree's document names the identified people who may be named
        for record in records:
            record["identified_people"] = [
                person for person in record["identified_people"] if person["prisoner"] not in gone.people
            ]
    body = ",".join("\n" + json.dumps(record, ensure_ascii=False) for record in records)
    return "[" + body + "\n]\n"


def amend(releases=None) -> list[Release]:
    """Rewrite the stored files of every release that lists someone no longer public; returns those amended."""
    amended = []
    for release in releases if releases is not None else Release.objects.all():
        gone = withdrawn(release)
        if gone:
            amend_one(release, gone)
            amended.append(release)
    return amended


def amend_one(release: Release, gone: Withdrawn) -> None:
    with transaction.atomic():
        release = Release.objects.select_for_update().get(pk=release.pk)
        files = {stored.name: stored for stored in release.files.all()}
        rewritten = {name: content(stored, gone) for name, stored in files.items() if name != "datapackage.json"}
        package = json.loads(content(files["datapackage.json"], Withdrawn()))
        for resource in package["resources"]:
            resource["bytes"] = len(rewritten[resource["path"]])
            resource["hash"] = "sha256:" + _sha256(rewritten[resource["path"]])
        rewritten["datapackage.json"] = (json.dumps(package, ensure_ascii=False, indent=2) + "\n").encode()
        for name, data in rewritten.items():
            stored = files[name]
            if data == content(stored, Withdrawn()):
                continue
            stored.file.delete(save=False)
            stored.file.save(name, ContentFile(data), save=False)
            stored.size, stored.sha256 = len(data), _sha256(data)
            stored.save()
        release.changelog = without(release.changelog, gone)
        release.people = [pk for pk in release.people if pk not in gone.people]
        release.sources = [pk for pk in release.sources if pk not in gone.sources]
        release.withdrawn_count += len(gone)
        release.amended_at = timezone.now()
        release.save()


def _read(stored: ReleaseFile) -> bytes:
    with stored.file.open("rb") as f:
        return f.read()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
