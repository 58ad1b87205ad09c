"""A public person with everything their profile shows, in one statement (the profile and letter-kit pages).

Prefetching a profile's relations took fourteen queries, each compiled by the ORM and wired by its prefetch
machinery: two thirds of the page's time. Here the same kind of querysets, compiled to SQL once per process,
run as one statement (prepared once per connection) that returns each relation as JSON; the rows become
model instances wired the way prefetch_related wires them, so the page, the timeline and the models'
methods read them unchanged (no query on any relation). tests/registry/queries/test_profile.py compares
the two on many people.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from decimal import Decimal
from functools import cache, lru_cache

import orjson
from django.db import DEFAULT_DB_ALIAS, connections, router
from django.db.models import Exists, Model, OuterRef, QuerySet, Subquery

from pardons.models import Pardon, PardonDecree
from registry.models import (
    Article,
    Attachment,
    Charge,
    Contact,
    Conviction,
    CriminalCode,
    Custody,
    Event,
    Facility,
    Placement,
    Prisoner,
    PrisonerName,
    Recognition,
    Region,
    Source,
)

# Stands for the person's id while the statement is compiled; the prepared statement's parameter.
_PERSON = -7_777_777_777
_PREPARED = "registry_load_profile"
# Records that cite sources, by the name of their link table's column to them.
_CITING = {"prisoner": Prisoner, "custody": Custody, "conviction": Conviction, "event": Event, "pardon": Pardon}


def _person() -> QuerySet[Prisoner]:
    """The person if a public page may name them, with what the page asks besides their relations."""
    signs = Contact.objects.signs_of_life().filter(prisoner=OuterRef("pk")).order_by("-occurred_on", "-pk")
    return (
        Prisoner.objects.published()
        .filter(pk=_PERSON)
        .annotate(
            can_write=Exists(Prisoner.objects.filter(pk=OuterRef("pk")).can_write_now()),
            last_sign_kind=Subquery(signs.values("kind")[:1]),
            last_sign_on=Subquery(signs.values("occurred_on")[:1]),
        )
    )


def _parts() -> dict[str, QuerySet]:
    """Each relation of the profile, for the one person; orders as the pages read them."""
    person = _PERSON
    links = {
        kind: model.sources.through.objects.filter(**{f"{kind}__prisoner_id" if kind != "prisoner" else kind: person})
        for kind, model in _CITING.items()
    }
    placements = Placement.objects.filter(custody__prisoner_id=person)
    charges = Charge.objects.filter(conviction__prisoner_id=person)
    articles = Article.objects.filter(pk__in=charges.values("article_id"))
    pardons = Pardon.objects.filter(prisoner_id=person)
    return {
        "person": _person(),
        "region": Region.objects.filter(prisoners__pk=person),
        "names": PrisonerName.objects.filter(prisoner_id=person),
        "recognitions": Recognition.objects.filter(prisoner_id=person),
        "custody": Custody.objects.filter(prisoner_id=person).order_by("detained_on", "pk"),
        "placements": placements.order_by("arrived_on", "pk"),
        "facilities": Facility.objects.filter(pk__in=placements.values("facility_id")),
        "convictions": Conviction.objects.filter(prisoner_id=person).order_by("verdict_on", "pk"),
        "charges": charges,
        "articles": articles,
        "codes": CriminalCode.objects.filter(pk__in=articles.values("code_id")),
        "events": Event.objects.filter(prisoner_id=person).order_by("occurred_on", "pk"),
        "pardons": pardons,
        "decrees": PardonDecree.objects.filter(pk__in=pardons.values("decree_id")),
        # Evidence files of the person's own sources: a public person's sources are cited publicly, so
        # registry.site.evidence serves them.
        "attachments": Attachment.objects.filter(is_public=True, source__in=links["prisoner"].values("source_id")),
        # Per kind of citing record: its sources (in their own order) and which record cites which.
        **{f"{kind}_sources": Source.objects.filter(pk__in=link.values("source_id")) for kind, link in links.items()},
        **{f"{kind}_links": link.order_by() for kind, link in links.items()},
    }


@lru_cache(maxsize=1)
def _statement() -> str:
    """The statement, with its constants written in and the person's id as $1."""
    pieces, params = [], []
    for name, queryset in _parts().items():
        sql, part_params = queryset.query.sql_with_params()
        # json_agg over an ordered subquery keeps its order (the subquery is read as it is sorted).
        pieces.append(f"'{name}', (SELECT coalesce(json_agg(t), '[]') FROM ({sql}) t)")
        params += part_params
    text = connections[DEFAULT_DB_ALIAS].ops.compose_sql(f"SELECT json_build_object({', '.join(pieces)})::text", params)
    return re.sub(rf"(?<![\d.]){_PERSON}(?![\d.])", "$1", text)


# Connections on which the statement is prepared: planning it took a third of a profile's time.
_prepared_on: weakref.WeakSet = weakref.WeakSet()


def _fetch(pk: int, using: str) -> dict:
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.connection not in _prepared_on:
            cursor.execute(f"PREPARE {_PREPARED}(bigint) AS {_statement()}")
            _prepared_on.add(connection.connection)
        cursor.execute(f"EXECUTE {_PREPARED}(%s)", [pk])
        return orjson.loads(cursor.fetchone()[0])


def _decimal(places: int):
    step = Decimal(1).scaleb(-places)
    return lambda value: Decimal(str(value)).quantize(step)


@cache
def _columns(model: type[Model]) -> tuple[list[str], list[tuple[str, object]]]:
    """The model's attribute names, and per column the JSON key and how to read its value (None: as it is)."""
    readers = {"DateField": dt.date.fromisoformat, "DateTimeField": dt.datetime.fromisoformat}
    attnames, columns = [], []
    for field in model._meta.concrete_fields:
        kind = field.get_internal_type()
        read = _decimal(field.decimal_places) if kind == "DecimalField" else readers.get(kind)
        attnames.append(field.attname)
        columns.append((field.column, read))
    return attnames, columns


def _read(row: dict, columns: list[tuple[str, object]]) -> list:
    values = []
    for key, read in columns:
        value = row[key]
        values.append(value if read is None or value is None else read(value))
    return values


def _instances(model: type[Model], rows: list[dict], using: str) -> list:
    attnames, columns = _columns(model)
    return [model.from_db(using, attnames, _read(row, columns)) for row in rows]


def _set_related(instance: Model, name: str, value) -> None:
    """`instance.name` (a foreign key) is `value`, with no query, as select_related leaves it."""
    type(instance)._meta.get_field(name).set_cached_value(instance, value)


def _set_prefetched(instance: Model, name: str, rows: list) -> None:
    """`instance.name.all()` are `rows`, with no query, as prefetch_related leaves them."""
    manager = getattr(instance, name)
    queryset = manager.get_queryset()
    queryset._result_cache, queryset._prefetch_done = rows, True
    cache_name = getattr(manager, "prefetch_cache_name", None) or manager.field.remote_field.cache_name
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[cache_name] = queryset


def _children(parents: list, name: str, children: list, parent_column: str, parent_field: str) -> None:
    """Each parent's `name` are the children whose `parent_column` is its id (each child points back)."""
    by_parent: dict[int, list] = {parent.pk: [] for parent in parents}
    for child in children:
        by_parent[getattr(child, parent_column)].append(child)
    for parent in parents:
        for child in by_parent[parent.pk]:
            _set_related(child, parent_field, parent)
        _set_prefetched(parent, name, by_parent[parent.pk])


def load_profile(pk: int) -> Prisoner | None:
    """The person with their relations loaded as the profile reads them, or None when no public page may
    name them (anonymous, private or unknown: one answer for all three). One query.

    Annotates `can_write` (PrisonerQuerySet.can_write_now), `last_sign_kind` and `last_sign_on` (the latest
    sign of life in the contact log, or None).
    """
    if not 0 < pk < 2**63:  # no such id (and not a bigint: the statement's parameter is one)
        return None
    using = router.db_for_read(Prisoner)
    found = _fetch(pk, using)
    if not found["person"]:
        return None
    row = found["person"][0]
    [person] = _instances(Prisoner, [row], using)
    person.can_write = row["can_write"]
    person.last_sign_kind = row["last_sign_kind"]
    person.last_sign_on = dt.date.fromisoformat(row["last_sign_on"]) if row["last_sign_on"] else None
    _set_related(person, "region", next(iter(_instances(Region, found["region"], using)), None))

    def rows(model: type[Model], name: str) -> list:
        return _instances(model, found[name], using)

    def by_id(model: type[Model], name: str) -> dict[int, Model]:
        return {instance.pk: instance for instance in rows(model, name)}

    _children([person], "names", rows(PrisonerName, "names"), "prisoner_id", "prisoner")
    _children([person], "recognitions", rows(Recognition, "recognitions"), "prisoner_id", "prisoner")

    custody, placements = rows(Custody, "custody"), rows(Placement, "placements")
    facilities = by_id(Facility, "facilities")
    for placement in placements:
        _set_related(placement, "facility", facilities[placement.facility_id])
    _children([person], "custody_periods", custody, "prisoner_id", "prisoner")
    _children(custody, "placements", placements, "custody_id", "custody")

    convictions, charges = rows(Conviction, "convictions"), rows(Charge, "charges")
    articles, codes = by_id(Article, "articles"), by_id(CriminalCode, "codes")
    for article in articles.values():
        _set_related(article, "code", codes[article.code_id])
    for charge in charges:
        _set_related(charge, "article", articles[charge.article_id])
    _children([person], "convictions", convictions, "prisoner_id", "prisoner")
    _children(convictions, "charges", charges, "conviction_id", "conviction")

    events, pardons, decrees = rows(Event, "events"), rows(Pardon, "pardons"), by_id(PardonDecree, "decrees")
    for pardon in pardons:
        _set_related(pardon, "decree", decrees[pardon.decree_id])
    _children([person], "events", events, "prisoner_id", "prisoner")
    _children([person], "pardons", pardons, "prisoner_id", "prisoner")

    # Sources in their own order (newest first), each citing record's separately, as prefetching gives them.
    owners = {"prisoner": [person], "custody": custody, "conviction": convictions, "event": events, "pardon": pardons}
    for kind, records in owners.items():
        sources = rows(Source, f"{kind}_sources")
        cites = {(link[f"{kind}_id"], link["source_id"]) for link in found[f"{kind}_links"]}
        for record in records:
            _set_prefetched(record, "sources", [s for s in sources if (record.pk, s.pk) in cites])
    attachments = rows(Attachment, "attachments")
    for source in person.sources.all():
        source.public_attachments = [a for a in attachments if a.source_id == source.pk]
        for attachment in source.public_attachments:
            _set_related(attachment, "source", source)
    return person
