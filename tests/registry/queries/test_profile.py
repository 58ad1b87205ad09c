"""registry.queries.profile: one statement loads what prefetching the profile's relations loads, wired the
same way, for every public person and nobody else."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.db.models import Exists, OuterRef, Prefetch, Subquery

from pardons.models import Pardon
from registry.models import (
    Attachment,
    Charge,
    Contact,
    Conviction,
    Custody,
    Event,
    Placement,
    Prisoner,
    Recognition,
    Source,
)
from registry.queries.profile import load_profile
from registry.samples import demo
from registry.samples.synthetic import generate
from tests.factories import FacilityFactory, PardonFactory, SourceFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db

# The oracle: what the profile page prefetched before it had one statement (each source with its public evidence).
SOURCES = Prefetch(
    "sources",
    queryset=Source.objects.prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.filter(is_public=True), to_attr="public_attachments")
    ),
)
PREFETCHED = [
    "names",
    SOURCES,
    "recognitions",
    Prefetch(
        "custody_periods",
        queryset=Custody.objects.order_by("detained_on", "pk").prefetch_related(
            SOURCES,
            Prefetch("placements", queryset=Placement.objects.select_related("facility").order_by("arrived_on", "pk")),
        ),
    ),
    Prefetch(
        "convictions",
        queryset=Conviction.objects.order_by("verdict_on", "pk").prefetch_related(
            SOURCES, Prefetch("charges", queryset=Charge.objects.select_related("article__code"))
        ),
    ),
    Prefetch("events", queryset=Event.objects.order_by("occurred_on", "pk").prefetch_related(SOURCES)),
    Prefetch("pardons", queryset=Pardon.objects.select_related("decree").prefetch_related(SOURCES)),
]


def prefetched(pk: int) -> Prisoner | None:
    signs = Contact.objects.signs_of_life().filter(prisoner=OuterRef("pk")).order_by("-occurred_on", "-pk")
    return (
        Prisoner.objects.published()
        .select_related("region")
        .prefetch_related(*PREFETCHED)
        .annotate(
            can_write=Exists(Prisoner.objects.filter(pk=OuterRef("pk")).can_write_now()),
            last_sign_kind=Subquery(signs.values("kind")[:1]),
            last_sign_on=Subquery(signs.values("occurred_on")[:1]),
        )
        .filter(pk=pk)
        .first()
    )


def fields(instance) -> dict | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def dump(person: Prisoner) -> dict:
    """Every value the pages can reach through the loaded relations, in order."""

    def cited(record) -> list:
        return [(fields(s), [fields(a) for a in s.public_attachments]) for s in record.sources.all()]

    return {
        "person": fields(person),
        "asked": (person.can_write, person.last_sign_kind, person.last_sign_on),
        "region": fields(person.region),
        "names": [(fields(n), n.prisoner is person) for n in person.names.all()],
        "recognitions": [fields(r) for r in person.recognitions.all()],
        "sources": cited(person),
        "custody": [
            (fields(c), cited(c), [(fields(p), fields(p.facility), p.custody is c) for p in c.placements.all()])
            for c in person.custody_periods.all()
        ],
        "convictions": [
            (
                fields(c),
                cited(c),
                [(fields(ch), fields(ch.article), fields(ch.article.code)) for ch in c.charges.all()],
            )
            for c in person.convictions.all()
        ],
        "events": [(fields(e), cited(e)) for e in person.events.all()],
        "pardons": [(fields(p), fields(p.decree), cited(p)) for p in person.pardons.all()],
    }


@pytest.fixture
def people():
    demo.load_seed_facts()
    generate(prisoners=25, seed=5)
    # Someone with every relation twice over, sources on each, evidence public and not, coordinates.
    facility = FacilityFactory(latitude=Decimal("53.90001"), longitude=Decimal("27.56667"), postal_address="Box 1")
    person = make_person("Fiktyuny Ŭsiomaŭ", facility=facility, names={"be": "Фіктуны Усёмаў", "ru": "Фиктуны Усёмов"})
    source, other = SourceFactory(title="Fictional report A"), SourceFactory(title="Fictional report B")
    person.sources.add(source, other)
    for record in [*person.custody_periods.all(), *person.convictions.all(), *person.events.all()]:
        record.sources.add(other)
    pardon = PardonFactory(prisoner=person)
    pardon.sources.add(source)
    for public in (True, False):
        Attachment.objects.create(
            source=source, file=SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n% fictional\n%%EOF\n"), is_public=public
        )
    Recognition.objects.create(prisoner=person, organisation="Fictional Watch", recognised_on=None)
    Recognition.objects.create(
        prisoner=person, organisation="Another Fictional Watch", recognised_on=dt.date(2022, 1, 2)
    )
    Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2024, 2, 3))
    Contact.objects.create(prisoner=person, kind="no_contact", occurred_on=dt.date(2024, 5, 6))
    return person


def test_it_loads_what_prefetching_loads_for_every_public_person(people, django_assert_num_queries):
    published = list(Prisoner.objects.published().values_list("pk", flat=True))
    assert len(published) > 20
    load_profile(published[0])  # prepares the statement on this connection
    for pk in published:
        with django_assert_num_queries(1):
            loaded = load_profile(pk)
        with django_assert_num_queries(0):
            seen = dump(loaded)
        assert seen == dump(prefetched(pk)), pk


def test_the_rich_person_shows_every_relation(people):
    seen = dump(load_profile(people.pk))

    counts = [len(seen[key]) for key in ("names", "recognitions", "sources", "custody", "events", "pardons")]
    assert counts == [2, 2, 3, 1, 1, 1]  # sources: make_person's and the two added
    assert sorted(len(files) for _source, files in seen["sources"]) == [0, 0, 1]  # the public file only
    assert seen["asked"] == (False, "letter", dt.date(2024, 2, 3))  # the latest word: nobody hears from them
    assert seen["custody"][0][2][0][1]["latitude"] == Decimal("53.90001")


def test_nobody_hidden_or_unknown_is_loaded(people):
    for visibility in ("anonymous", "private"):
        hidden = make_person(f"Fiktyuny {visibility}", visibility=visibility)
        assert load_profile(hidden.pk) is None
    for unknown in (10**9, 0, -1, 2**63, 10**30):
        assert load_profile(unknown) is None


@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_the_statement_again():
    person = make_person("Fiktyuny Znoŭ")
    first = dump(load_profile(person.pk))

    connection.close()  # as when CONN_MAX_AGE runs out, or the database restarted

    assert dump(load_profile(person.pk)) == first
