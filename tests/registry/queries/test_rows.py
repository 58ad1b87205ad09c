"""registry.queries.rows: one statement loads what a prisoner list's rows show, as prefetching loaded it."""

import datetime as dt

import pytest
from django.db.models import Prefetch

from registry.models import Custody, Placement, Prisoner
from registry.queries.rows import load_list_relations
from registry.samples import demo
from registry.samples.synthetic import generate
from tests.factories import FacilityFactory, PlacementFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def prefetched(queryset):
    """The oracle: what the lists prefetched before they had one statement."""
    current = Placement.objects.current().select_related("facility")
    open_custody = Custody.objects.open().prefetch_related(Prefetch("placements", current, to_attr="current"))
    return list(
        queryset.select_related("region").prefetch_related(
            "names", Prefetch("custody_periods", open_custody, to_attr="open_custody")
        )
    )


def fields(instance) -> dict | None:
    if instance is None:
        return None
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def dump(people: list[Prisoner]) -> list:
    return [
        (
            fields(person),
            fields(person.region),
            [fields(n) for n in person.names.all()],
            [
                (fields(c), c.prisoner is person, [(fields(p), fields(p.facility), p.custody is c) for p in c.current])
                for c in person.open_custody
            ],
        )
        for person in people
    ]


def test_it_loads_what_prefetching_loads_for_every_row(django_assert_num_queries):
    demo.load_seed_facts()
    generate(prisoners=30, seed=3)
    moved = make_person("Fiktyuny Pieraviedzieny", facility=FacilityFactory())  # moved once: one placement left
    period = moved.custody_periods.get()
    period.placements.update(left_on=dt.date(2023, 6, 1))
    PlacementFactory(custody=period, facility=FacilityFactory(), arrived_on=dt.date(2023, 6, 1))
    queryset = Prisoner.objects.published().order_by("display_name", "pk")
    people = list(queryset)
    assert len(people) > 20

    load_list_relations(people[:1])  # prepares the statement on this connection
    with django_assert_num_queries(1):
        load_list_relations(people)
    with django_assert_num_queries(0):
        seen = dump(people)
    assert seen == dump(prefetched(queryset))
    assert any(custody for *_person, custody in seen) and any(not custody for *_person, custody in seen)


def test_an_empty_page_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert load_list_relations([]) == []
