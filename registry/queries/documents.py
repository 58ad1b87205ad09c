"""A public person for the API's detail, with their stored document when current, in one prepared statement.

Asking for the person through the ORM (DRF's get_object) and then for the document took two queries, and
compiling the first cost more than running both; here both are one statement compiled once per process and
prepared once per connection (registry.queries.graphs). registry.api.prisoner_documents reads the document,
or builds it when it is not current.
"""

from __future__ import annotations

import datetime as dt

from django.db import router
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL

from registry.db import documents as stored
from registry.models import PersonDocument, Prisoner
from registry.queries.graphs import PARAMETER, PreparedGraph, may_be_id


def _current_document() -> Subquery:
    """The outer person's stored document (JSON text) when it is current, else NULL."""
    current = PersonDocument.objects.filter(
        prisoner_id=OuterRef("pk"), format=stored.FORMAT, epoch=RawSQL(stored.EPOCH_SQL, ())
    )
    return Subquery(current.values("document"))


def _parts() -> dict:
    person = Prisoner.objects.published().filter(pk=PARAMETER)
    return {"person": person.values("id", "updated_at").annotate(document=_current_document())}


DETAIL = PreparedGraph("registry_load_document", "bigint", _parts)


def load_document_person(pk: int) -> Prisoner | None:
    """The person (id and updated_at loaded) if the public may see them, with `stored_document`: their stored
    document (JSON text) when current, else None. None for anyone else (hidden or unknown alike). One query."""
    if not may_be_id(pk):
        return None
    using = router.db_for_read(Prisoner)
    found = DETAIL.fetch(pk, using)["person"]
    if not found:
        return None
    row = found[0]
    person = Prisoner.from_db(using, ["id", "updated_at"], [row["id"], dt.datetime.fromisoformat(row["updated_at"])])
    person.stored_document = row["document"]
    return person


def with_stored_documents(people: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """`people`, each with `stored_document` as `load_document_person` sets it: a page of them and their documents
    in one query instead of two. PostgreSQL reads the documents after sorting and LIMIT, so only the page's."""
    return people.annotate(stored_document=_current_document())
