"""registry.queries.rows: one statement gives what a prisoner list's rows show, as the models show it."""

import datetime as dt

import pytest
from django.db.models import Prefetch
from django.utils import translation

from registry.models import Custody, Placement, Prisoner
from registry.queries.rows import HeldNow, ListRow, list_rows
from registry.samples import demo
from registry.samples.synthetic import generate
from tests.factories import FacilityFactory, PlacementFactory, RegionFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def shown_by_the_models(queryset) -> list[ListRow]:
    """The oracle: each row as the models' own methods show it, over what prefetching loads."""
    current = Placement.objects.current().select_related("facility")
    open_custody = Custody.objects.open().prefetch_related(Prefetch("placements", current, to_attr="current"))
    people = queryset.select_related("region").prefetch_related(
        "names", Prefetch("custody_periods", open_custody, to_attr="open_custody")
    )
    return [
        ListRow(
            pk=person.pk,
            name=person.name_in(),
            status=person.status,
            status_label=person.status_label(),
            unverified=person.verification == "reported",
            region=person.region.localized() if person.region else "",
            held=[
                HeldNow(custody.detained_on_display, [placement.facility.localized() for placement in custody.current])
                for custody in person.open_custody
            ],
        )
        for person in people
    ]


def test_every_row_shows_what_the_models_show_in_every_language(django_assert_num_queries):
    demo.load_seed_facts()
    generate(prisoners=30, seed=3)
    moved = make_person("Fiktyuny Pieraviedzieny", facility=FacilityFactory(name_be="", name_ru="Фиктивное СИЗО"))
    period = moved.custody_periods.get()
    period.placements.update(left_on=dt.date(2023, 6, 1))  # moved once: one placement left, one current
    PlacementFactory(custody=period, facility=FacilityFactory(), arrived_on=dt.date(2023, 6, 1))
    make_person("Fiktyuny Biez Rehijona", region=None)
    make_person("Fiktyuny Z Rehijonam", region=RegionFactory(name_be="", name_ru="Вымышленная область"))
    queryset = Prisoner.objects.published().order_by("display_name", "pk")
    people = list(queryset)
    assert len(people) > 20

    list_rows(people[:1])  # prepares the statement on this connection
    for language in ("en", "be", "ru"):
        with translation.override(language):
            with django_assert_num_queries(1):
                rows = list_rows(people)
            assert rows == shown_by_the_models(queryset)
    assert any(row.held and row.held[0].facilities for row in rows) and any(not row.held for row in rows)
    assert any(row.unverified for row in rows) and any(not row.unverified for row in rows)
    assert any(not row.region for row in rows)


def test_a_row_names_the_person_in_the_readers_script_and_where_they_are_held_now():
    facility = FacilityFactory(name_en="Fictional Colony No. 9", name_be="Выдуманая калонія № 9", name_ru="")
    person = make_person("Fiktyuny Radok", facility=facility, names={"be": "Фіктыўны Радок", "ru": "Фиктивный Рядок"})
    with translation.override("be"):
        (row,) = list_rows([person])
    assert (row.name, row.held[0].facilities) == ("Фіктыўны Радок", ["Выдуманая калонія № 9"])
    with translation.override("ru"):
        (row,) = list_rows([person])
    assert (row.name, row.held[0].facilities) == ("Фиктивный Рядок", ["Fictional Colony No. 9"])  # no Russian name
    assert row.held[0].detained  # detained in May 2021 (month precision)


def test_an_empty_page_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert list_rows([]) == []
