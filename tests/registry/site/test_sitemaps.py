"""robots.txt and the sitemap: every public page in its three languages, never a hidden person; ?lang= links."""

import re

import pytest
from django.urls import reverse

from tests.factories import FacilityFactory, PardonDecreeFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def sitemap_text(client) -> str:
    index = client.get(reverse("sitemap_index")).content.decode()
    return "".join(client.get(url).content.decode() for url in re.findall(r"<loc>https?://[^/]+(/[^<]+)</loc>", index))


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_the_admin_and_forms(client):
    robots = client.get("/robots.txt")

    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()
    assert "Disallow: /prisoners/*/report/" in robots.content.decode()


def test_the_sitemap_lists_public_profiles_decrees_and_facilities_in_every_language(client):
    person = make_person("Fiktyuny Indeksavany")
    decree = PardonDecreeFactory()
    facility = FacilityFactory()

    text = sitemap_text(client)

    for path in (f"/prisoners/{person.pk}/", f"/decrees/{decree.pk}/", f"/facilities/{facility.pk}/", "/statistics/"):
        for language in ("be", "en", "ru"):
            assert f"http://testserver{path}?lang={language}</loc>" in text, (path, language)
    assert f'hreflang="be" href="http://testserver/prisoners/{person.pk}/?lang=be"' in text
    assert "<lastmod>" in text


def test_the_sitemap_lists_the_open_data_page_and_every_release(client):
    from registry.open_data.releases import publish_release

    make_person("Fiktyuny Vypusk")
    release = publish_release()

    text = sitemap_text(client)

    for path in ("/data/", f"/data/releases/{release.number}/"):
        assert f"http://testserver{path}?lang=be</loc>" in text, path


def test_the_sitemap_never_lists_an_anonymous_or_private_person(client):
    hidden = [make_person(f"Hidden {v}", visibility=v) for v in ("anonymous", "private")]

    text = sitemap_text(client)

    assert all(f"/prisoners/{p.pk}/" not in text for p in hidden)


def test_a_link_with_lang_opens_the_page_in_that_language_whatever_the_cookie(client):
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})

    linked = client.get("/prisoners/?lang=be").content.decode()
    plain = client.get("/prisoners/").content.decode()
    unknown = client.get("/prisoners/?lang=xx")

    assert '<html lang="be"' in linked
    assert '<html lang="be"' in plain  # the link's language is kept for the next page (as the switcher does)
    assert unknown.status_code == 200 and '<html lang="be"' in unknown.content.decode()


def test_each_page_names_its_other_languages_and_the_switcher_drops_the_linked_one(client):
    content = client.get("/prisoners/?status=in_custody&lang=be").content.decode()

    for language in ("be", "en", "ru"):
        assert f'hreflang="{language}" href="/prisoners/?status=in_custody&amp;lang={language}"' in content
    assert 'name="next" value="/prisoners/?status=in_custody"' in content
