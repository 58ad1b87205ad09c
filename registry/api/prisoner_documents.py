"""The API's prisoner representation, built by PostgreSQL in one query: what PrisonerSerializer gives, faster.

`PrisonerSerializer` (registry/api/serializers.py) is the contract: the OpenAPI schema, the field list and
the CSV's sibling. Rendering it through DRF costs ~13 queries and ~2 ms of Python per person (prefetch
machinery, then ~150 field objects each); at 100,000 people the benchmark showed that cost, not SQL,
dominating the list and detail endpoints. Here json_build_object / json_agg assemble the same
document per person in one statement using the foreign-key indexes; Python adds only the two
fields whose format is DRF's (`url`, `updated_at`), with DRF's own field classes, and the custody summary
(expected release, days in custody) by the profile's own rule.

Same output is a test, not a hope: tests/registry/test_prisoner_json.py compares this with the
serializer, field for field, for people with every kind of record, and for the whole demo dataset.
A field added to the serializer must be added here; that test fails until it is.
"""

from __future__ import annotations

import datetime as dt

import orjson
from django.db import connection
from rest_framework import serializers

from registry.api.serializers import custody_summary
from registry.dates import PartialDate
from registry.models import Prisoner, terms


def _partial(column: str) -> str:
    """A partial date as registry.dates.format_partial_iso writes it: '2021', '2021-05' or '2021-05-14'."""
    return (
        f"CASE WHEN {column} IS NULL THEN NULL "
        f"WHEN {column}_precision = 'year' THEN to_char({column}, 'YYYY') "
        f"WHEN {column}_precision = 'month' THEN to_char({column}, 'YYYY-MM') "
        f"ELSE to_char({column}, 'YYYY-MM-DD') END"
    )


def _list(select: str) -> str:
    """A JSON array from a subquery selecting json_agg(...), [] when there are no rows."""
    return f"COALESCE(({select}), '[]'::json)"


# Orderings follow each model's Meta.ordering, as the serializer's related managers do.
SOURCE_ORDER = "s.published_on DESC, s.title, s.id"


def _source_ids(through: str, column: str, owner: str) -> str:
    return _list(
        f"SELECT json_agg(s.id ORDER BY {SOURCE_ORDER}) FROM registry_source s "
        f"JOIN {through} t ON t.source_id = s.id WHERE t.{column} = {owner}"
    )


_NAMES = _list("""
    SELECT json_agg(json_build_object(
        'full_name', n.full_name, 'first_name', n.first_name, 'patronymic', n.patronymic,
        'last_name', n.last_name, 'language', n.language, 'kind', n.kind
    ) ORDER BY n.language, n.kind, n.id)
    FROM registry_prisonername n WHERE n.prisoner_id = p.id
""")

_REGION = """(
    SELECT json_build_object('slug', r.slug, 'country', r.country, 'name_en', r.name_en,
                             'name_be', r.name_be, 'name_ru', r.name_ru)
    FROM registry_region r WHERE r.id = p.region_id
)"""

_CHARGES = _list("""
    SELECT json_agg(json_build_object(
        'article', json_build_object(
            'id', a.id, 'code', cc.short_name, 'country', cc.country, 'number', a.number,
            'label', cc.short_name || ' art. ' || a.number,
            'title_en', a.title_en, 'title_be', a.title_be, 'title_ru', a.title_ru,
            'is_extremism_related', a.is_extremism_related
        ),
        'part', ch.part
    ) ORDER BY cc.country, cc.short_name, a.number, ch.part)
    FROM registry_charge ch
    JOIN registry_article a ON a.id = ch.article_id
    JOIN registry_criminalcode cc ON cc.id = a.code_id
    WHERE ch.conviction_id = c.id
""")

_CONVICTIONS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', c.id, 'case_number', c.case_number, 'court', c.court, 'judge', c.judge,
        'prosecutor', c.prosecutor, 'verdict_on', {_partial("c.verdict_on")},
        'verdict_on_precision', c.verdict_on_precision, 'charges', {_CHARGES},
        'sentence_kind', c.sentence_kind, 'sentence_months', c.sentence_months,
        'life_sentence', c.life_sentence, 'regime', c.regime, 'appeal_on', {_partial("c.appeal_on")},
        'appeal_on_precision', c.appeal_on_precision, 'appeal_outcome', c.appeal_outcome,
        'sources', {_source_ids("registry_conviction_sources", "conviction_id", "c.id")}
    ) ORDER BY c.verdict_on, c.id)
    FROM registry_conviction c WHERE c.prisoner_id = p.id
""")

_PLACEMENTS = _list(f"""
    SELECT json_agg(json_build_object(
        'facility', json_build_object('id', f.id, 'kind', f.kind, 'number', f.number,
                                      'name_en', f.name_en, 'city', f.city),
        'arrived_on', {_partial("pl.arrived_on")}, 'arrived_on_precision', pl.arrived_on_precision,
        'left_on', {_partial("pl.left_on")}, 'left_on_precision', pl.left_on_precision
    ) ORDER BY pl.arrived_on, pl.id)
    FROM registry_placement pl JOIN registry_facility f ON f.id = pl.facility_id
    WHERE pl.custody_id = cu.id
""")

_CUSTODY = _list(f"""
    SELECT json_agg(json_build_object(
        'id', cu.id, 'kind', cu.kind, 'detained_on', {_partial("cu.detained_on")},
        'detained_on_precision', cu.detained_on_precision, 'released_on', {_partial("cu.released_on")},
        'released_on_precision', cu.released_on_precision, 'release_reason', cu.release_reason,
        'ended_by_decree', (SELECT pd.decree_id FROM pardons_pardon pd WHERE pd.closed_custody_id = cu.id),
        'placements', {_PLACEMENTS},
        'sources', {_source_ids("registry_custody_sources", "custody_id", "cu.id")}
    ) ORDER BY cu.detained_on, cu.id)
    FROM registry_custody cu WHERE cu.prisoner_id = p.id
""")

_PARDONS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', pa.id, 'decree', pa.decree_id, 'released_on', {_partial("pa.released_on")},
        'released_on_precision', pa.released_on_precision, 'confirmation', pa.confirmation,
        'sources', {_source_ids("pardons_pardon_sources", "pardon_id", "pa.id")}
    ) ORDER BY d.announced_on DESC, d.id DESC)
    FROM pardons_pardon pa JOIN pardons_pardondecree d ON d.id = pa.decree_id
    WHERE pa.prisoner_id = p.id
""")

_EVENTS = _list(f"""
    SELECT json_agg(json_build_object(
        'id', e.id, 'kind', e.kind, 'occurred_on', {_partial("e.occurred_on")},
        'occurred_on_precision', e.occurred_on_precision, 'description', e.description,
        'description_be', e.description_be, 'description_ru', e.description_ru,
        'sources', {_source_ids("registry_event_sources", "event_id", "e.id")}
    ) ORDER BY e.occurred_on, e.id)
    FROM registry_event e WHERE e.prisoner_id = p.id
""")

_RECOGNITIONS = _list(f"""
    SELECT json_agg(json_build_object(
        'organisation', r.organisation, 'recognised_on', {_partial("r.recognised_on")},
        'recognised_on_precision', r.recognised_on_precision, 'criteria', to_json(r.criteria),
        'statement_url', r.statement_url
    ) ORDER BY r.recognised_on NULLS LAST, r.organisation, r.id)
    FROM registry_recognition r WHERE r.prisoner_id = p.id
""")

_SOURCES = _list(f"""
    SELECT json_agg(json_build_object(
        'id', s.id, 'title', s.title, 'url', s.url, 'publisher', s.publisher,
        'published_on', to_char(s.published_on, 'YYYY-MM-DD'), 'archived_url', s.archived_url,
        'excerpt', s.excerpt, 'is_synthetic', s.is_synthetic
    ) ORDER BY {SOURCE_ORDER})
    FROM registry_source s JOIN registry_prisoner_sources t ON t.source_id = s.id
    WHERE t.prisoner_id = p.id
""")

# PrisonerQuerySet.can_write_now in SQL (PlacementQuerySet.current, a facility with an address, the contact log's
# latest word not "no contact"); the equality tests hold the two together.
_CAN_WRITE_NOW = """(p.letters = 'open' AND EXISTS (
    SELECT 1 FROM registry_placement pl
    JOIN registry_custody cu ON cu.id = pl.custody_id
    JOIN registry_facility f ON f.id = pl.facility_id
    WHERE cu.prisoner_id = p.id AND cu.released_on IS NULL AND pl.left_on IS NULL AND f.postal_address <> ''
) AND COALESCE((
    SELECT ct.kind FROM registry_contact ct WHERE ct.prisoner_id = p.id ORDER BY ct.occurred_on DESC, ct.id DESC LIMIT 1
), '') <> 'no_contact')"""

# `url`, `custody_summary` and `updated_at` are placeholders here (keeping the key order); Python fills them
# in, the summary by the profile page's own rule (registry.models.terms).
DOCUMENTS_SQL = f"""
    SELECT p.id, json_build_object(
        'id', p.id, 'url', NULL, 'display_name', p.display_name, 'names', {_NAMES}, 'sex', p.sex,
        'birth_date', {_partial("p.birth_date")}, 'birth_date_precision', p.birth_date_precision,
        'region', {_REGION}, 'occupation', p.occupation, 'occupation_be', p.occupation_be,
        'occupation_ru', p.occupation_ru, 'biography', p.biography, 'biography_be', p.biography_be,
        'biography_ru', p.biography_ru,
        'recognised_on', {_partial("p.recognised_on")}, 'recognised_on_precision', p.recognised_on_precision,
        'recognised_by', p.recognised_by, 'recognitions', {_RECOGNITIONS}, 'status', p.status,
        'convictions', {_CONVICTIONS},
        'custody_periods', {_CUSTODY}, 'pardons', {_PARDONS}, 'events', {_EVENTS}, 'sources', {_SOURCES},
        'custody_summary', NULL, 'verification', p.verification, 'letters', p.letters,
        'can_write_now', {_CAN_WRITE_NOW},
        'is_synthetic', p.is_synthetic, 'updated_at', NULL
    )::text
    FROM registry_prisoner p WHERE p.id = ANY(%s)
"""


class _Stamps(serializers.Serializer):
    """The two fields of PrisonerSerializer whose format is DRF's: an absolute URL and a local timestamp.

    Declared as PrisonerSerializer declares them (the equality test holds them together); building the
    whole serializer just to borrow them would construct every nested field on each request.
    """

    url = serializers.HyperlinkedIdentityField(view_name="api:prisoner-detail")
    updated_at = serializers.DateTimeField()


def documents(prisoners: list[Prisoner], context: dict | None) -> list[dict]:
    """The representations of these people, in their order (one query).

    `prisoners` are already visibility-checked instances (id and updated_at loaded); `context` is the
    view's serializer context (its request makes the URLs absolute). Without one (the dataset's files) the
    documents have no `url`, as the dataset's serializer has none.
    """
    if not prisoners:
        return []
    with connection.cursor() as cursor:
        cursor.execute(DOCUMENTS_SQL, [[p.pk for p in prisoners]])
        found = dict(cursor.fetchall())
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
