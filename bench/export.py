"""Export the registry's PUBLIC data to SQLite for Datasette, the peer the benchmark measures against.

Only what the public site may show: published people (never anonymous or private names), their
name forms (full-text searchable), charges and custody. Statistics count anonymous people too, so
`counted_prisoners` holds one row per publicly counted person with region, status and sex only —
no id, no name. Visibility comes from the QuerySets' own rule, never a hand-written filter.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from registry.models import Charge, Conviction, Custody, Prisoner, PrisonerName

SCHEMA = """
CREATE TABLE prisoners (
    id INTEGER PRIMARY KEY, display_name TEXT NOT NULL, names TEXT, sex TEXT, birth_date TEXT,
    region TEXT, status TEXT, occupation TEXT, biography TEXT, recognised_on TEXT
);
CREATE TABLE charges (prisoner_id INTEGER REFERENCES prisoners(id), article TEXT, part TEXT, verdict_on TEXT);
CREATE TABLE custody (
    prisoner_id INTEGER REFERENCES prisoners(id), kind TEXT, detained_on TEXT, released_on TEXT,
    release_reason TEXT
);
CREATE TABLE counted_prisoners (region TEXT, status TEXT, sex TEXT);
"""

INDEXES = """
CREATE INDEX prisoners_display_name ON prisoners(display_name, id);
CREATE INDEX prisoners_status_region ON prisoners(status, region, display_name);
CREATE INDEX charges_article ON charges(article, prisoner_id);
CREATE INDEX charges_prisoner ON charges(prisoner_id);
CREATE INDEX custody_prisoner ON custody(prisoner_id);
CREATE INDEX counted_status_region ON counted_prisoners(status, region);
CREATE VIRTUAL TABLE prisoners_fts USING fts5(display_name, names, content="prisoners");
INSERT INTO prisoners_fts(prisoners_fts) VALUES ('rebuild');
"""

CHUNK = 5000


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def export(path: Path) -> dict[str, int]:
    """Write a fresh SQLite database at `path`; return the row count of each table."""
    path.unlink(missing_ok=True)
    published = Prisoner.objects.published()
    names: dict[int, list[str]] = {}
    for prisoner_id, full_name in (
        PrisonerName.objects.filter(prisoner__in=published).order_by().values_list("prisoner_id", "full_name")
    ).iterator(chunk_size=CHUNK):
        names.setdefault(prisoner_id, []).append(full_name)

    db = sqlite3.connect(path)
    try:
        db.executescript(SCHEMA)
        people = published.order_by("pk").values_list(
            "pk",
            "display_name",
            "sex",
            "birth_date",
            "region__slug",
            "status",
            "occupation",
            "biography",
            "recognised_on",
        )
        db.executemany(
            "INSERT INTO prisoners VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                (pk, name, " ".join(names.get(pk, [])), sex, _iso(born), region, status, job, bio, _iso(recognised))
                for pk, name, sex, born, region, status, job, bio, recognised in people.iterator(chunk_size=CHUNK)
            ),
        )
        charges = Charge.objects.filter(conviction__in=Conviction.objects.published()).values_list(
            "conviction__prisoner_id", "article__number", "part", "conviction__verdict_on"
        )
        db.executemany(
            "INSERT INTO charges VALUES (?, ?, ?, ?)",
            ((p, a, part, _iso(v)) for p, a, part, v in charges.order_by().iterator(chunk_size=CHUNK)),
        )
        custody = Custody.objects.published().values_list(
            "prisoner_id", "kind", "detained_on", "released_on", "release_reason"
        )
        db.executemany(
            "INSERT INTO custody VALUES (?, ?, ?, ?, ?)",
            ((p, k, _iso(d), _iso(r), reason) for p, k, d, r, reason in custody.order_by().iterator(chunk_size=CHUNK)),
        )
        counted = Prisoner.objects.counted().values_list("region__slug", "status", "sex")
        db.executemany("INSERT INTO counted_prisoners VALUES (?, ?, ?)", counted.order_by().iterator(chunk_size=CHUNK))
        db.executescript(INDEXES)
        db.commit()
        db.execute("ANALYZE")
        tables = ("prisoners", "charges", "custody", "counted_prisoners")
        return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}
    finally:
        db.close()
