"""Backups that restore: the database in PostgreSQL's custom format, the media files, and a manifest.

A backup is a folder: `database.dump` (pg_dump -Fc), `media.tar.gz` (photos and other uploads) and
`manifest.json` (when, which data version, which migrations, each file's size and SHA-256). A restore
checks the checksums, loads into an empty database (pg_restore, one transaction) and unpacks the media.

After a restore the data version is moved on, and every cache key carries the version's timestamp as
well as its number (registry/db/freshness.py): numbers issued after the backup was taken may be issued
again, but never with the same timestamp, so no cache in any worker or in Redis can answer from before.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.recorder import MigrationRecorder

from registry.db import freshness, version_triggers

FORMAT = 1
DATABASE_FILE = "database.dump"
MEDIA_FILE = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


def backup(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Write a backup folder at `path` (which must not exist yet); return its manifest."""
    if path.exists():
        raise BackupError(f"{path} already exists: give a new folder for each backup.")
    path.mkdir(parents=True)
    version = freshness.current(using)
    _run([_tool("pg_dump", using), "--format=custom", "--no-owner", "--file", str(path / DATABASE_FILE)], using)
    with tarfile.open(path / MEDIA_FILE, "w:gz") as archive:
        if Path(settings.MEDIA_ROOT).is_dir():
            archive.add(settings.MEDIA_ROOT, arcname="media")
    manifest = {
        "format": FORMAT,
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "data_version": version.number,
        "migrations": _latest_migrations(using),
        "files": {name: _describe(path / name) for name in (DATABASE_FILE, MEDIA_FILE)},
    }
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest


def restore(*, path: Path, using: str = DEFAULT_DB_ALIAS) -> dict:
    """Restore the backup folder at `path` into the (empty) database and MEDIA_ROOT; return its manifest."""
    manifest = verify(path=path)
    existing = connections[using].introspection.table_names()
    if existing:
        raise BackupError(
            f"The database {connections[using].settings_dict['NAME']!r} is not empty ({len(existing)} tables): "
            "restore into a new, empty database (createdb), then point DATABASE_URL at it."
        )
    connections[using].close()
    _run(
        [
            _tool("pg_restore", using),
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            str(path / DATABASE_FILE),
        ],
        using,
    )
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path / MEDIA_FILE, "r:gz") as archive:
        for member in archive.getmembers():
            if member.name.startswith("media/") and (member.isfile() or member.isdir()):
                member.name = member.name.removeprefix("media/")
                archive.extract(member, media_root, filter="data")
    version_triggers.install_triggers(using)
    with transaction.atomic(using=using):
        freshness.claim_write(using)  # a new number and timestamp: nothing cached before matches
    return manifest


def verify(*, path: Path) -> dict:
    """The manifest of an intact backup folder; BackupError if a file is missing or differs from it."""
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{path} is not a registry backup (no readable {MANIFEST}): {exc}") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: backup format {manifest.get('format')!r} is not {FORMAT}.")
    for name, expected in manifest["files"].items():
        if not (path / name).is_file() or _describe(path / name) != expected:
            raise BackupError(f"{path / name} is missing or damaged (its size or SHA-256 differs from the manifest).")
    return manifest


def _describe(file: Path) -> dict:
    digest = hashlib.sha256()
    with file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return {"bytes": file.stat().st_size, "sha256": digest.hexdigest()}


def _latest_migrations(using: str) -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[using]).applied_migrations():
        latest[app] = max(latest.get(app, ""), name)
    return dict(sorted(latest.items()))


def _connection(using: str) -> tuple[str, dict[str, str]]:
    """A conninfo for the command line and an environment carrying the password (kept out of `ps`)."""
    params = connections[using].get_connection_params()
    keep = {k: str(v) for k, v in params.items() if k in {"host", "port", "user", "dbname", "sslmode"} and v}
    env = {"PGPASSWORD": str(params["password"])} if params.get("password") else {}
    return psycopg.conninfo.make_conninfo(**keep), env


def _tool(name: str, using: str) -> str:
    """pg_dump or pg_restore of at least the server's major version: PG_BIN_DIR, the embedded one's, or PATH."""
    with connections[using].cursor() as cursor:
        cursor.execute("SHOW server_version_num")
        server_major = int(cursor.fetchone()[0]) // 10000
    candidates = [Path(settings.PG_BIN_DIR) / name] if settings.PG_BIN_DIR else []
    import pgserver  # the embedded server's own tools (PostgreSQL 18), also fine for any older server

    candidates.append(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)
    candidates += [Path(p) for p in sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)]
    if shutil.which(name):
        candidates.append(Path(shutil.which(name)))
    for candidate in candidates:
        if candidate.is_file():
            found = subprocess.run([str(candidate), "--version"], capture_output=True, text=True).stdout
            if int(found.split()[-1].split(".")[0]) >= server_major:
                return str(candidate)
    raise BackupError(
        f"No {name} for PostgreSQL {server_major} or newer: install postgresql-client-{server_major} "
        "or set PG_BIN_DIR to the folder holding it."
    )


def _run(command: list[str], using: str) -> None:
    conninfo, env = _connection(using)
    result = subprocess.run(
        [*command, f"--dbname={conninfo}"], capture_output=True, text=True, env={**os.environ, **env}
    )
    if result.returncode:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")
