"""The API's prisoner representation: what PrisonerSerializer gives, from documents PostgreSQL keeps ready.

`PrisonerSerializer` (registry/api/serializers.py) is the contract: the OpenAPI schema, the field list and
the CSV's sibling. Rendering it through DRF costs ~13 queries and ~2 ms of Python per person; PostgreSQL builds the
same document on write and keeps it (registry.db.documents), so a page of people is one indexed fetch. Python adds
only the fields whose format is DRF's (`url`, `updated_at`), with DRF's own field classes, and the custody
summary (expected release, days in custody: they move with the date) by the profile's own rule, from the terms
PostgreSQL leaves in its place. They are written into the stored text, which the API sends as it is
(`fragments`): parsing 50 documents only to write them out again cost a third of a page's time.

Same output is a test, not a hope: tests/registry/api/test_prisoner_documents.py compares this with the
serializer, field for field, for people with every kind of record, and for the whole demo dataset.
A field added to the serializer must be added to registry.db.documents.DOCUMENT; that test fails until it is.
"""

from __future__ import annotations

import datetime as dt
import functools

import orjson
from django.urls import get_script_prefix
from rest_framework import serializers

from registry.api.serializers import custody_summary
from registry.db import documents as stored
from registry.models import Prisoner, terms


class _Stamps(serializers.Serializer):
    """The two fields of PrisonerSerializer whose format is DRF's: an absolute URL and a local timestamp.

    Declared as PrisonerSerializer declares them (the equality test holds them together); building the
    whole serializer just to borrow them would construct every nested field on each request.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:prisoner-detail")
    updated_at = serializers.DateTimeField()


def fragments(prisoners: list[Prisoner], context: dict | None) -> list[orjson.Fragment]:
    """The representations of these people, in their order, as JSON to send as it is (one query; none for a
    person loaded with a current `stored_document`, registry.queries.documents).

    `prisoners` are already visibility-checked instances (id and updated_at loaded); `context` is the
    view's serializer context (its request makes the URLs absolute). Without one (the dataset's files) the
    documents have no `url`, as the dataset's serializer has none.
    """
    return [orjson.Fragment(text) for text in _texts(prisoners, context)]


def documents(prisoners: list[Prisoner], context: dict | None) -> list[dict]:
    """The same representations, parsed (the dataset's files)."""
    return [orjson.loads(text) for text in _texts(prisoners, context)]


def _texts(prisoners: list[Prisoner], context: dict | None) -> list[str]:
    if not prisoners:
        return []
    found = {p.pk: p.stored_document for p in prisoners if getattr(p, "stored_document", None) is not None}
    found.update(stored.ready([p.pk for p in prisoners if p.pk not in found]))
    url = _url_maker(context, prisoners[0]) if context is not None else None
    updated_at = _updated_at_field()
    return [
        _filled(found[p.pk], url(p) if url else None, updated_at.to_representation(p.updated_at)) for p in prisoners
    ]


# A stored document's placeholders (compact JSON, registry.db.documents.STORED): `url` is its second key,
# `custody_summary` holds the summary's terms and is followed by `verification`, and `updated_at` is last.
_URL = '"url":null'
_SUMMARY, _AFTER_SUMMARY = '"custody_summary":', ',"verification":'
_UPDATED_AT = '"updated_at":null}'


def _filled(text: str, url: str | None, updated_at: str) -> str:
    """The stored document with its placeholders filled in; only the summary's terms are parsed, not the rest.

    The last `"custody_summary":` is the document's own: only scalars follow it, and a quote inside a string is
    escaped, so no text can forge it; `url` is the first key after the id, a number."""
    start = text.rindex(_SUMMARY) + len(_SUMMARY)
    end = text.index(_AFTER_SUMMARY, start)
    if not text.endswith(_UPDATED_AT):
        raise ValueError("a stored document without its updated_at placeholder")
    summary = orjson.dumps(custody_summary(*_terms(orjson.loads(text[start:end])))).decode()
    head = text[:start]
    head = head.replace(_URL, f'"url":{orjson.dumps(url).decode()}', 1) if url else head.replace(f",{_URL}", "", 1)
    stamp = orjson.dumps(updated_at).decode()
    return f'{head}{summary}{text[end : -len(_UPDATED_AT)]}"updated_at":{stamp}}}'


@functools.cache
def _updated_at_field() -> serializers.DateTimeField:
    """DRF's field for `updated_at`: it reads its format and time zone from the settings on each call, so one
    instance serves every request."""
    return _Stamps().fields["updated_at"]


def _url_maker(context: dict, sample: Prisoner):
    """DRF's URL for one person, then the same URL with each id in place: one reverse() per host, not per row.

    The URL is absolute, so what surrounds the id is kept per scheme, host and script prefix (at most
    `_URL_HOSTS` of them: hosts are ALLOWED_HOSTS', which may be a wildcard)."""
    request = context["request"]
    # A versioned URL may carry the request's query parameters: then DRF's own prefix each time.
    unversioned = getattr(request, "versioning_scheme", None) is None
    key = (request.scheme, request.get_host(), get_script_prefix())
    if unversioned and key in _url_parts:
        prefix, suffix = _url_parts[key]
        return lambda prisoner: f"{prefix}/{prisoner.pk}/{suffix}"
    field = _Stamps(context=context).fields["url"]
    first = field.to_representation(sample)
    marker = f"/{sample.pk}/"
    if not isinstance(first, str) or first.count(marker) != 1:
        return field.to_representation
    prefix, suffix = first.split(marker)
    if unversioned and len(_url_parts) < _URL_HOSTS:
        _url_parts[key] = (prefix, suffix)
    return lambda prisoner: f"{prefix}/{prisoner.pk}/{suffix}"


_URL_HOSTS = 64
_url_parts: dict[tuple[str, str, str], tuple[str, str]] = {}


def _terms(inputs: list) -> tuple[list[terms.Period], list[terms.Sentence]]:
    """The custody summary's terms from a document's `_TERMS` (ISO dates, the first day of an imprecise one)."""
    periods, sentences = inputs

    def day(value: str | None) -> dt.date | None:
        return dt.date.fromisoformat(value) if value else None

    return (
        [terms.Period(day(detained), precision, day(released)) for detained, precision, released in periods],
        [terms.Sentence(day(verdict), months, life) for verdict, months, life in sentences],
    )
