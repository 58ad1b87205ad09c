"""The statistics after a write: figures read from the tallies are kept per version of the counts
(registry.queries.statistics.from_tallies), so the statistics page, the home page and the tallied API statistics
are built again around them after any write — and must equal answers computed with the caches off, whatever
was written."""

import datetime as dt
import re

import pytest

from pardons.models import PardonDecree
from registry.models import Contact, Custody, Prisoner, Vulnerability
from registry.queries import graphs
from tests.factories import BreakdownItemFactory, EventFactory, FacilityFactory, PardonDecreeFactory, PardonFactory
from tests.kept_answers import WRITES, people

pytestmark = pytest.mark.django_db
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')  # each response's own
PAGES = ["/statistics/", "/statistics/?lang=be", "/"]
TALLIED_API = ["held/", "held-over-time/", "releases-by-month/", "releases-by-reason/", "deaths-in-custody/",
               "pardons-per-decree/", "headline/", "at-risk/", "without-contact/"]  # fmt: skip
# What the statistics count and the list's writes leave alone: dates of custody, age, pardons, decrees.
STATISTICS_WRITES = {
    **WRITES,
    "a detention date corrected": lambda p: Custody.objects.filter(prisoner=p["Bela"]).update(
        detained_on=dt.date(2023, 5, 1)
    ),
    "a birth date that makes the held person over 60": lambda p: Prisoner.objects.filter(pk=p["Bela"].pk).update(
        birth_date=dt.date(1950, 1, 1), birth_date_precision="day"
    ),
    "a pardon recorded": lambda p: PardonFactory(prisoner=p["Adam"], decree=PardonDecree.objects.get()),
    "a decree's announced total corrected": lambda p: PardonDecree.objects.update(announced_total=33),
    # Moving no one's version, only the counts' (registry.db.version_triggers.shared_rows).
    "a new decree with its breakdown": lambda p: BreakdownItemFactory(
        decree=PardonDecreeFactory(announced_on=dt.date(2025, 1, 10), announced_total=7), count=4
    ),
    "a decree's breakdown corrected": lambda p: BreakdownItemFactory(decree=PardonDecree.objects.get(), count=9),
    "a new facility": lambda p: FacilityFactory(name_en="Another Fictional Colony"),
    # What at risk and without contact read besides the tallies.
    "a vulnerability of the held person": lambda p: Vulnerability.objects.create(prisoner=p["Bela"], category="parent"),
    "a letter from the held person": lambda p: Contact.objects.create(
        prisoner=p["Bela"], kind="letter", occurred_on=dt.date(2024, 1, 1)
    ),
    "the held person's custody moved to someone else": lambda p: Custody.objects.filter(prisoner=p["Bela"]).update(
        prisoner=p["Adam"]
    ),
}


@pytest.fixture
def named() -> dict[str, Prisoner]:
    PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20)
    return people()


def answers(client, api_client) -> list:
    pages = [client.get(url) for url in PAGES]
    api = [api_client.get(f"/api/v1/statistics/{path}") for path in TALLIED_API]
    assert [r.status_code for r in pages + api] == [200] * (len(pages) + len(api))
    return [CSRF.sub("", r.content.decode()) for r in pages] + [r.json() for r in api]


def computed_afresh(client, api_client, settings) -> list:
    entries, settings.DERIVED_CACHE_ENTRIES = settings.DERIVED_CACHE_ENTRIES, 0
    try:
        return answers(client, api_client)
    finally:
        settings.DERIVED_CACHE_ENTRIES = entries


@pytest.mark.parametrize("write", STATISTICS_WRITES.values(), ids=STATISTICS_WRITES.keys())
def test_after_a_write_the_statistics_equal_ones_computed_afresh(client, api_client, settings, named, write):
    answers(client, api_client)

    write(named)

    assert answers(client, api_client) == computed_afresh(client, api_client, settings)


def test_after_an_edit_that_changes_no_count_no_tallied_figure_is_computed_again(client, named, monkeypatch):
    client.get("/statistics/")
    computed = []
    real_run = graphs.run

    def counting(statement: str, using: str) -> dict:
        computed.append(statement)
        return real_run(statement, using)

    monkeypatch.setattr(graphs, "run", counting)  # how every tallied figure reads PostgreSQL

    EventFactory(prisoner=named["Bela"])  # the data version moves: the page is built again

    assert client.get("/statistics/").status_code == 200
    assert computed == []
    Custody.objects.filter(prisoner=named["Bela"]).update(detained_on=dt.date(2023, 5, 1))
    assert client.get("/statistics/").status_code == 200
    assert any("registry_heldtally" in statement for statement in computed)
    assert any("registry_releasemonthtally" in statement for statement in computed)


def test_the_statistics_page_and_its_tables_are_kept_through_an_edit_that_changes_no_figure(
    client, named, django_assert_num_queries
):
    # Each in its language: a link's language is kept for the next page (registry.site.languages).
    pages = ["/statistics/?lang=en", "/statistics/?lang=be", "/statistics/held.csv", "/statistics/without-contact.csv"]
    first = [client.get(url).content for url in pages]

    Prisoner.objects.filter(pk=named["Bela"].pk).update(display_name="Testavy Berta", biography="Fictional.")
    EventFactory(prisoner=named["Adam"])

    for url, was in zip(pages, first, strict=True):
        with django_assert_num_queries(1):  # the figures' versions only: the page from the cache
            again = client.get(url)
        assert CSRF.sub("", again.content.decode()) == CSRF.sub("", was.decode())
