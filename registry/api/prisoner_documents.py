"""The API's prisoner representation: what PrisonerSerializer gives, from documents PostgreSQL keeps ready.

`PrisonerSerializer` (registry/api/serializers.py) is the contract: the OpenAPI schema, the field list and
the CSV's sibling. Rendering it through DRF costs ~13 queries and ~2 ms of Python per person; PostgreSQL builds the
same document on write and keeps it (registry.db.documents), so a page of people is one indexed fetch. Python adds
only the fields whose format is DRF's (`url`, `updated_at`), with DRF's own field classes, and the custody
summary (expected release, days in custody: they move with the date) by the profile's own rule.

Same output is a test, not a hope: tests/registry/api/test_prisoner_documents.py compares this with the
serializer, field for field, for people with every kind of record, and for the whole demo dataset.
A field added to the serializer must be added to registry.db.documents.DOCUMENT; that test fails until it is.
"""

from __future__ import annotations

import datetime as dt

import orjson
from rest_framework import serializers

from registry.api.serializers import custody_summary
from registry.dates import PartialDate
from registry.db import documents as stored
from registry.models import Prisoner, terms


class _Stamps(serializers.Serializer):
    """The two fields of PrisonerSerializer whose format is DRF's: an absolute URL and a local timestamp.

    Declared as PrisonerSerializer declares them (the equality test holds them together); building the
    whole serializer just to borrow them would construct every nested field on each request.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:prisoner-detail")
    updated_at = serializers.DateTimeField()


def documents(prisoners: list[Prisoner], context: dict | None) -> list[dict]:
    """The representations of these people, in their order (one query; none for a person loaded with a
    current `stored_document`, registry.queries.documents).

    `prisoners` are already visibility-checked instances (id and updated_at loaded); `context` is the
    view's serializer context (its request makes the URLs absolute). Without one (the dataset's files) the
    documents have no `url`, as the dataset's serializer has none.
    """
    if not prisoners:
        return []
    found = {p.pk: p.stored_document for p in prisoners if getattr(p, "stored_document", None) is not None}
    found.update(stored.ready([p.pk for p in prisoners if p.pk not in found]))
    stamps = _Stamps(context=context or {}).fields
    url = _url_maker(stamps["url"], prisoners[0]) if context is not None else None
    updated_at = stamps["updated_at"]
    result = []
    for prisoner in prisoners:
        document = orjson.loads(found[prisoner.pk])
        if url is None:
            del document["url"]
        else:
            document["url"] = url(prisoner)
        document["custody_summary"] = custody_summary(*_terms(document))
        document["updated_at"] = updated_at.to_representation(prisoner.updated_at)
        result.append(document)
    return result


def _url_maker(field: serializers.HyperlinkedIdentityField, sample: Prisoner):
    """DRF's URL for one person, then the same URL with each id in place: one reverse() per page, not per row."""
    first = field.to_representation(sample)
    marker = f"/{sample.pk}/"
    if not isinstance(first, str) or first.count(marker) != 1:
        return field.to_representation
    prefix, suffix = first.split(marker)
    return lambda prisoner: f"{prefix}/{prisoner.pk}/{suffix}"


def _terms(document: dict) -> tuple[list[terms.Period], list[terms.Sentence]]:
    def day(value: str | None) -> dt.date | None:
        return PartialDate.parse(value).date if value else None

    periods = [
        terms.Period(day(c["detained_on"]), c["detained_on_precision"], day(c["released_on"]))
        for c in document["custody_periods"]
    ]
    sentences = [
        terms.Sentence(day(c["verdict_on"]), c["sentence_months"], c["life_sentence"]) for c in document["convictions"]
    ]
    return periods, sentences
