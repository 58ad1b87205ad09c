"""The site list's rows and filters after a write (registry.site.people): the rows kept per person version and what
all rows share, the filters per version of the counts (registry.db.freshness.counts_current) or, when they scan the
people, of what the filters read (freshness.filtered_current) — served again only when what they are made of is
unchanged; otherwise built afresh, never stale."""

import re

import pytest

from registry.models import Prisoner
from registry.site import people as list_view
from tests.factories import EventFactory
from tests.kept_answers import WRITES, people

pytestmark = pytest.mark.django_db
ROWS = re.compile(r'<ul class="person-list">.*?</ul>', re.S)
FILTERS = re.compile(r'<details class="filters".*?</details>', re.S)


@pytest.fixture
def named(monkeypatch) -> dict[str, Prisoner]:
    monkeypatch.setattr(list_view, "PER_PAGE", 2)
    return people()


def rows_of(client, url: str, part: re.Pattern = ROWS) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return part.search(response.content.decode()).group(0)


def filters_of(client, url: str) -> str:
    return rows_of(client, url, FILTERS)


def urls(client) -> list[str]:
    """The first two pages, in English and Belarusian, a list filtered by the tallies' columns, one by custody dates
    and a name search."""
    second = "/prisoners/?" + re.search(r'href="\?(after=[^"]+)"', client.get("/prisoners/").content.decode()).group(1)
    second = second.replace("&amp;", "&")
    return ["/prisoners/", second, "/prisoners/?lang=be", f"{second}&lang=be", "/prisoners/?status=in_custody",
            "/prisoners/?detained_year=2022", "/prisoners/?q=testavy"]  # fmt: skip


def computed_afresh(client, settings, url: str, part: re.Pattern = ROWS) -> str:
    entries, settings.DERIVED_CACHE_ENTRIES = settings.DERIVED_CACHE_ENTRIES, 0
    try:
        return rows_of(client, url, part)
    finally:
        settings.DERIVED_CACHE_ENTRIES = entries


@pytest.mark.parametrize("part", [ROWS, FILTERS], ids=["rows", "filters and counts"])
@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_after_a_write_every_page_shows_its_rows_and_filters_computed_afresh(client, settings, named, write, part):
    asked = urls(client)
    for url in asked:
        rows_of(client, url, part)

    write(named)

    for url in asked:
        assert rows_of(client, url, part) == computed_afresh(client, settings, url, part), url


def test_after_a_write_about_someone_else_the_rows_are_not_built_again(client, named, monkeypatch):
    before = rows_of(client, "/prisoners/")
    built = []
    monkeypatch.setattr(list_view, "list_rows", lambda people: built.append(people) or [])

    EventFactory(prisoner=named["Ema"])  # the data version moves: the page itself is not kept any more

    assert rows_of(client, "/prisoners/") == before
    assert built == []


def test_after_a_write_about_someone_on_the_page_their_row_is_built_again(client, named):
    rows_of(client, "/prisoners/")

    Prisoner.objects.filter(pk=named["Adam"].pk).update(display_name="Testavy Abel")

    assert "Testavy Abel" in rows_of(client, "/prisoners/")


def test_each_language_keeps_its_own_rows(client, named):
    english, belarusian = rows_of(client, "/prisoners/"), rows_of(client, "/prisoners/?lang=be")

    assert "Fictional Region" in english and "Выдуманая вобласць" in belarusian
    assert rows_of(client, "/prisoners/?lang=en") == english


def test_after_an_edit_that_changes_no_count_the_filters_are_not_built_again(client, named, monkeypatch):
    before = filters_of(client, "/prisoners/?status=in_custody")
    built = []
    original = list_view._filters
    monkeypatch.setattr(list_view, "_filters", lambda *args, **kwargs: built.append(args) or original(*args, **kwargs))

    EventFactory(prisoner=named["Bela"])  # the data version moves: the page itself is not kept any more

    assert filters_of(client, "/prisoners/?status=in_custody") == before
    assert built == []
    Prisoner.objects.filter(pk=named["Bela"].pk).update(sex="female")  # the one held: a count of the page moves
    assert filters_of(client, "/prisoners/?status=in_custody") != before
    assert len(built) == 1
