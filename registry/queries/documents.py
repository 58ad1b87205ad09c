"""A public person for the API's detail, with their stored document when current and their version, in one
prepared statement.

Asking for the person's version (the ETag and cache key), then for the person through the ORM (DRF's get_object),
then for the document took three queries, and compiling the ORM's cost more than running them; here all three are
one statement compiled once per process and prepared once per connection (registry.queries.graphs).
registry.api.prisoner_documents reads the document, or builds it when it is not current.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.db import router
from django.db.models import F, Func, OuterRef, Q, QuerySet, Subquery, TextField, Value
from django.db.models.expressions import RawSQL

from registry.db import documents as stored
from registry.db import freshness
from registry.models import PersonDocument, PersonVersion, Prisoner
from registry.queries.graphs import PARAMETER, PreparedGraph, may_be_id


def current_stored(column: str = "document") -> Subquery:
    """The outer person's stored document, or with "page" their profile page's rows (JSON text), when current
    (built by this code under the current epoch, as registry.db.documents serves them), else NULL."""
    current = PersonDocument.objects.filter(
        prisoner_id=OuterRef("pk"), format=stored.fingerprint(), epoch=RawSQL(stored.EPOCH_SQL, ())
    )
    return Subquery(current.values(column))


def version_rows() -> QuerySet[PersonVersion]:
    """The PersonVersion rows of the statement's person and of what all persons' pages share, as a part beside
    others (`version_of` reads them)."""
    versions = PersonVersion.objects.filter(Q(prisoner_id=PersonVersion.SHARED) | Q(prisoner_id=PARAMETER))
    return versions.values("prisoner_id", "version", "changed_at")


def version_of(pk: int, rows: list[dict]) -> freshness.ScopedVersion:
    """The person's version as `freshness.person_current` gives it, from the rows `version_rows` read."""
    return freshness.person_version(pk, [(r["prisoner_id"], r["version"], _moment(r["changed_at"])) for r in rows])


def _parts() -> dict:
    person = Prisoner.objects.published().filter(pk=PARAMETER)
    return {
        "person": person.values("id", "updated_at").annotate(document=current_stored()),
        "versions": version_rows(),
    }


DETAIL = PreparedGraph("registry_load_document", "bigint", _parts)


class DocumentRead(NamedTuple):
    """What the API's detail needs before it answers: the person's version, and the person if the public may see
    them (None for anyone else, hidden or unknown alike)."""

    person: Prisoner | None
    version: freshness.ScopedVersion


def read_document(pk: int) -> DocumentRead:
    """The person (id and updated_at loaded) with `stored_document`, their stored document (JSON text) when current
    (else None), and their version as `freshness.person_current` gives it, as of one moment. One query."""
    if not may_be_id(pk):
        return DocumentRead(None, freshness.person_current(pk))
    using = router.db_for_read(Prisoner)
    found = DETAIL.fetch(pk, using)
    version = version_of(pk, found["versions"])
    if not found["person"]:
        return DocumentRead(None, version)
    row = found["person"][0]
    person = Prisoner.from_db(using, ["id", "updated_at"], [row["id"], _moment(row["updated_at"])])
    person.stored_document = row["document"]
    return DocumentRead(person, version)


def _moment(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def with_stored_documents(people: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """`people`, each with `stored_document` as `read_document` sets it: a page of them and their documents
    in one query instead of two. PostgreSQL reads the documents after sorting and LIMIT, so only the page's."""
    return people.annotate(stored_document=current_stored())


class _VersionOf(Func):
    """A person id's PersonVersion as its number and timestamp ('0' without a row): a restore brings back older
    numbers, and later writes issue them again, but never with the same timestamp (freshness.Version.key).
    Written out: a Subquery with OuterRef costs more to build and compile than the rest of a page's query."""

    template = (
        "COALESCE((SELECT v.version || '@' || extract(epoch FROM v.changed_at) "
        f"FROM {PersonVersion._meta.db_table} v WHERE v.prisoner_id = %(expressions)s), '0')"
    )
    output_field = TextField()


def with_versions(people: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """`people`, each with `own_version` and `shared_version`: what their document (and a site list's rows,
    registry.site.people) is kept under, as `freshness.person_current` reads it, read after sorting and LIMIT like
    the document."""
    return people.annotate(own_version=_VersionOf(F("pk")), shared_version=_VersionOf(Value(PersonVersion.SHARED)))
