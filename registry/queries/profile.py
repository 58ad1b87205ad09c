"""A public person with everything their profile shows, in one indexed fetch (the profile and letter-kit pages).

Prefetching a profile's relations took fourteen queries: two thirds of the page's time. They are one statement
(`PROFILE`, registry.queries.graphs) whose answer PostgreSQL keeps ready for each person beside their API document,
built on every write (registry.db.documents: the page); a read fetches it with the person's columns that such a
build leaves out, and runs the statement itself only when the stored rows are not current. The page, the timeline
and the models' methods read the relations unchanged, with no query. tests/registry/queries/test_profile.py
compares the result with prefetch_related on many people.
"""

from __future__ import annotations

import datetime as dt
import re

import orjson
from django.db import router
from django.db.models import Exists, Func, JSONField, OuterRef, Q, QuerySet, Subquery

from pardons.models import Pardon, PardonDecree
from registry.db import documents as stored
from registry.db import freshness
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
from registry.queries.documents import current_stored, version_of, version_rows
from registry.queries.graphs import (
    PARAMETER,
    PreparedGraph,
    by_id,
    children,
    instances,
    may_be_id,
    set_prefetched,
    set_related,
)

# Records that cite sources, by the name of their link table's column to them.
_CITING = {"prisoner": Prisoner, "custody": Custody, "conviction": Conviction, "event": Event, "pardon": Pardon}


def _person() -> QuerySet[Prisoner]:
    """The person if a public page may name them, with what the page asks besides their relations; not the columns
    whose update builds nothing stored (registry.db.documents.NOT_READ): `load_profile` reads those live."""
    signs = Contact.objects.signs_of_life().filter(prisoner=OuterRef("pk")).order_by("-occurred_on", "-pk")
    return (
        Prisoner.objects.published()
        .filter(pk=PARAMETER)
        .defer(*stored.NOT_READ)
        .annotate(
            can_write=Exists(Prisoner.objects.filter(pk=OuterRef("pk")).can_write_now()),
            last_sign_kind=Subquery(signs.values("kind")[:1]),
            last_sign_on=Subquery(signs.values("occurred_on")[:1]),
        )
    )


def _parts() -> dict[str, QuerySet]:
    """Each relation of the profile, for the one person; orders as the pages read them."""
    person = PARAMETER
    links = {
        kind: model.sources.through.objects.filter(**{f"{kind}__prisoner_id" if kind != "prisoner" else kind: person})
        for kind, model in _CITING.items()
    }
    cited = Q()
    for link in links.values():
        cited |= Q(source__in=link.values("source_id"))
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
        # Evidence files of every source the page shows (the person's own, and on the timeline their records'):
        # a public person's sources are cited publicly, so registry.site.evidence serves them.
        "attachments": Attachment.objects.filter(cited, is_public=True),
        # Per kind of citing record: its sources (in their own order) and which record cites which.
        **{f"{kind}_sources": Source.objects.filter(pk__in=link.values("source_id")) for kind, link in links.items()},
        **{f"{kind}_links": link.order_by() for kind, link in links.items()},
    }


PROFILE = PreparedGraph("registry_load_profile", "bigint", _parts)


def stored_page_sql() -> str:
    """`PROFILE` over the person `p` of the query around it instead of its parameter: what registry.db.documents
    builds and keeps as each person's page."""
    return re.sub(r"\$1\b", "p.id", PROFILE.statement)


def _read_parts() -> dict[str, QuerySet]:
    """The person if a public page may name them: their columns the stored page leaves out, and the page if
    current (as registry.db.documents.ready_pages tells it), as JSON, not text to parse twice; and their version."""
    page = Func(current_stored("page"), template="(%(expressions)s)::json", output_field=JSONField())
    person = Prisoner.objects.published().filter(pk=PARAMETER).values(*stored.NOT_READ).annotate(page=page)
    return {"person": person, "versions": version_rows()}


READ = PreparedGraph("registry_read_profile", "bigint", _read_parts)


class ProfileRead:
    """A person's version (what their profile is kept under: freshness.person_current) and the rows of their
    profile, as of one moment, in one query; `person()` makes the instances, only for a page not already kept."""

    def __init__(self, pk: int, version: freshness.ScopedVersion, live: dict | None, using: str):
        self.pk, self.version, self._live, self._using = pk, version, live, using

    def person(self) -> Prisoner | None:
        """As `load_profile`."""
        if self._live is None:
            return None
        live = dict(self._live)
        found = live.pop("page") or orjson.loads(stored.ready_pages([self.pk], self._using).get(self.pk) or "{}")
        if not found.get("person"):  # hidden since the person was read
            return None
        return _person_with_relations({**found["person"][0], **live}, found, self._using)


def read_profile(pk: int) -> ProfileRead:
    """The person's version and profile rows (None when no public page may name them). One query; three when
    their stored rows are not current and `person()` is asked (building and keeping them)."""
    using = router.db_for_read(Prisoner)
    if not may_be_id(pk):
        return ProfileRead(pk, freshness.person_current(pk), None, using)
    found = READ.fetch(pk, using)
    return ProfileRead(pk, version_of(pk, found["versions"]), next(iter(found["person"]), None), using)


def load_profile(pk: int) -> Prisoner | None:
    """The person with their relations loaded as the profile reads them, or None when no public page may
    name them (anonymous, private or unknown: one answer for all three). One query (`read_profile`).

    Annotates `can_write` (PrisonerQuerySet.can_write_now), `last_sign_kind` and `last_sign_on` (the latest
    sign of life in the contact log, or None).
    """
    return read_profile(pk).person()


def _person_with_relations(row: dict, found: dict, using: str) -> Prisoner:
    """The person of `row` with the relations of `found` (PROFILE's parts) wired as prefetch_related wires them."""
    [person] = instances(Prisoner, [row], using)
    person.can_write = row["can_write"]
    person.last_sign_kind = row["last_sign_kind"]
    person.last_sign_on = dt.date.fromisoformat(row["last_sign_on"]) if row["last_sign_on"] else None
    set_related(person, "region", next(iter(instances(Region, found["region"], using)), None))

    def rows(model, name: str) -> list:
        return instances(model, found[name], using)

    children([person], "names", rows(PrisonerName, "names"), "prisoner_id", "prisoner")
    children([person], "recognitions", rows(Recognition, "recognitions"), "prisoner_id", "prisoner")

    custody, placements = rows(Custody, "custody"), rows(Placement, "placements")
    facilities = by_id(Facility, found["facilities"], using)
    for placement in placements:
        set_related(placement, "facility", facilities[placement.facility_id])
    children([person], "custody_periods", custody, "prisoner_id", "prisoner")
    children(custody, "placements", placements, "custody_id", "custody")

    convictions, charges = rows(Conviction, "convictions"), rows(Charge, "charges")
    articles, codes = by_id(Article, found["articles"], using), by_id(CriminalCode, found["codes"], using)
    for article in articles.values():
        set_related(article, "code", codes[article.code_id])
    for charge in charges:
        set_related(charge, "article", articles[charge.article_id])
    children([person], "convictions", convictions, "prisoner_id", "prisoner")
    children(convictions, "charges", charges, "conviction_id", "conviction")

    events, pardons, decrees = (
        rows(Event, "events"),
        rows(Pardon, "pardons"),
        by_id(PardonDecree, found["decrees"], using),
    )
    for pardon in pardons:
        set_related(pardon, "decree", decrees[pardon.decree_id])
    children([person], "events", events, "prisoner_id", "prisoner")
    children([person], "pardons", pardons, "prisoner_id", "prisoner")

    # Sources in their own order (newest first), each citing record's separately, as prefetching gives them.
    owners = {"prisoner": [person], "custody": custody, "conviction": convictions, "event": events, "pardon": pardons}
    attachments = rows(Attachment, "attachments")
    for kind, records in owners.items():
        sources = rows(Source, f"{kind}_sources")
        for source in sources:
            source.public_attachments = [a for a in attachments if a.source_id == source.pk]
            for attachment in source.public_attachments:
                set_related(attachment, "source", source)
        cites = {(link[f"{kind}_id"], link["source_id"]) for link in found[f"{kind}_links"]}
        for record in records:
            set_prefetched(record, "sources", [s for s in sources if (record.pk, s.pk) in cites])
    return person
