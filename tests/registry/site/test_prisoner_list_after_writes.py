"""The site list's rows after a write (registry.site.people: kept per person version and what all rows share):
served again only when the page's people and their versions are unchanged; otherwise built afresh — never stale."""

import re

import pytest

from registry.models import Prisoner
from registry.site import people as list_view
from tests.factories import EventFactory
from tests.kept_answers import WRITES, people

pytestmark = pytest.mark.django_db
ROWS = re.compile(r'<ul class="person-list">.*?</ul>', re.S)


@pytest.fixture
def named(monkeypatch) -> dict[str, Prisoner]:
    monkeypatch.setattr(list_view, "PER_PAGE", 2)
    return people()


def rows_of(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return ROWS.search(response.content.decode()).group(0)


def urls(client) -> list[str]:
    """The first two pages, in English and Belarusian, a filtered list and a name search."""
    second = "/prisoners/?" + re.search(r'href="\?(after=[^"]+)"', client.get("/prisoners/").content.decode()).group(1)
    second = second.replace("&amp;", "&")
    return ["/prisoners/", second, "/prisoners/?lang=be", f"{second}&lang=be", "/prisoners/?status=in_custody",
            "/prisoners/?q=testavy"]  # fmt: skip


def computed_afresh(client, settings, url: str) -> str:
    entries, settings.DERIVED_CACHE_ENTRIES = settings.DERIVED_CACHE_ENTRIES, 0
    try:
        return rows_of(client, url)
    finally:
        settings.DERIVED_CACHE_ENTRIES = entries


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_after_a_write_every_page_shows_the_rows_computed_afresh(client, settings, named, write):
    asked = urls(client)
    for url in asked:
        rows_of(client, url)

    write(named)

    for url in asked:
        assert rows_of(client, url) == computed_afresh(client, settings, url), url


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
    assert rows_of(client, "/prisoners/") == english
