"""Atom feeds: what changed in public profiles (all, one person, any list filter, a facility) and in decrees;
never a hidden person or anything from when a person was hidden; conditional GET."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry import services
from tests.factories import FacilityFactory, PardonDecreeFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def entries(client, url: str, **params) -> list[tuple[str, str]]:
    response = client.get(url, params)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    return [(e.findtext(f"{ATOM}title"), e.find(f"{ATOM}link").get("href")) for e in feed.iter(f"{ATOM}entry")]


def titles(client, url: str, **params) -> list[str]:
    return [title for title, _link in entries(client, url, **params)]


def test_the_profiles_feed_tells_what_changed_newest_first(client):
    person = make_person("Fiktyuny Sachavany", detained_on=dt.date(2021, 5, 1))
    custody = person.custody_periods.get()
    services.release(prisoner=person, released_on=dt.date(2025, 1, 2), reason=custody.release_reason or "served")

    found = titles(client, reverse("prisoner_list_feed"))

    released = next(i for i, title in enumerate(found) if title.startswith("Fiktyuny Sachavany: Release recorded ("))
    assert "sentence served" in found[released]
    assert set(found[:2]) == {found[released], "Fiktyuny Sachavany: Status: in custody → released."}
    assert found.index("Fiktyuny Sachavany: Detention recorded (May 2021).") > released
    assert found[-1] == "Fiktyuny Sachavany: Added to the registry."


def test_names_in_other_scripts_and_transfers_are_told(client):
    first, second = FacilityFactory(name_en="Fictional Colony No. 1"), FacilityFactory(name_en="Fictional Prison No. 2")
    person = make_person("Fiktyuny Pieraviedzieny", facility=first, names={"be": "Фіктыўны Пераведзены"})
    services.transfer(prisoner=person, facility=second, on=dt.date(2025, 2, 1))

    found = titles(client, reverse("prisoner_feed", args=[person.pk]))

    assert found[0] == "Fiktyuny Pieraviedzieny: Held in: Fictional Prison No. 2."
    assert "Fiktyuny Pieraviedzieny: Held in: Fictional Colony No. 1." in found
    assert "Fiktyuny Pieraviedzieny: Name recorded: Фіктыўны Пераведзены." in found


@pytest.mark.parametrize(
    ("language", "told"),
    [
        ("en", "Status: in custody → released."),
        ("be", "Статус: за кратамі → вызваленая."),
        ("ru", "Статус: в заключении → освобождена."),
    ],
)
def test_a_womans_release_is_told_as_the_language_says_it_of_a_woman(client, language, told):
    woman = make_person("Fiktyuna Vyzvalenaja", sex="female")
    services.release(prisoner=woman, released_on=dt.date(2025, 1, 2), reason="served")

    assert f"{woman.name_in(language)}: {told}" in titles(client, reverse("prisoner_list_feed"), lang=language)


@pytest.mark.parametrize(("language", "told"), [("be", "Новы запіс у рэестры."), ("ru", "Новая запись в реестре.")])
def test_a_womans_addition_to_the_registry_is_told_of_the_record_not_of_a_man(client, language, told):
    make_person("Fiktyuna Dadadzienaja", sex="female", names={language: "Фіктыўна Дададзеная"})

    found = titles(client, reverse("prisoner_list_feed"), lang=language)

    assert f"Фіктыўна Дададзеная: {told}" in found


@pytest.mark.parametrize(
    ("language", "name", "feed_title"),
    [("be", "Фіктыўны Беларускі", "Змены ў профілі: Фіктыўны Беларускі"),
     ("ru", "Фиктивный Русский", "Изменения в профиле: Фиктивный Русский")],
)  # fmt: skip
def test_feeds_name_the_person_in_the_script_of_the_readers_language(client, language, name, feed_title):
    person = make_person("Fiktyuny Lacinkaj", names={language: name})

    found = titles(client, reverse("prisoner_list_feed"), lang=language)
    feed = ET.fromstring(client.get(reverse("prisoner_feed", args=[person.pk]), {"lang": language}).content)

    assert found and all(title.startswith(f"{name}: ") for title in found)
    assert feed.findtext(f"{ATOM}title") == feed_title


def test_a_hidden_person_is_in_no_feed_and_a_person_hidden_later_drops_out(client):
    make_person("Anonymus Feedavy", visibility="anonymous")
    make_person("Privatus Feedavy", visibility="private")
    later = make_person("Fiktyuny Znikly")
    facility = FacilityFactory()
    assert any("Znikly" in t for t in titles(client, reverse("prisoner_list_feed")))

    later.visibility = "private"
    later.save()

    for params in [{}, {"q": "Feedavy"}, {"q": "Znikly"}, {"facility": facility.pk}]:
        found = entries(client, reverse("prisoner_list_feed"), **params)
        assert [t for t, _link in found if "Feedavy" in t or "Znikly" in t] == [], params
        assert all(f"/prisoners/{later.pk}/" not in link for _t, link in found)
    assert client.get(reverse("prisoner_feed", args=[later.pk])).status_code == 404


def test_nothing_from_before_a_person_was_published_is_told(client):
    person = make_person("Fiktyuny Schavany", visibility="private")
    person.display_name = "Fiktyuny Pieraimienavany"  # renamed while private
    person.save()
    person.visibility = "public"
    person.save()

    found = titles(client, reverse("prisoner_feed", args=[person.pk]))

    assert found == ["Fiktyuny Pieraimienavany: Profile published."]


def test_a_list_feed_takes_the_list_filters_and_the_page_links_it(client):
    facility = FacilityFactory()
    inside = make_person("Fiktyuny Unutry", facility=facility)
    make_person("Fiktyuny Zvonku")

    found = entries(client, reverse("prisoner_list_feed"), facility=facility.pk)
    page = client.get(reverse("facility_detail", args=[facility.pk])).content.decode()
    listing = client.get(reverse("prisoner_list"), {"facility": facility.pk, "sort": "name"}).content.decode()

    assert {link for _title, link in found} == {f"http://testserver/prisoners/{inside.pk}/"}
    assert f'people held here" href="/prisoners/feed.atom?facility={facility.pk}"' in page
    assert f'href="/prisoners/feed.atom?facility={facility.pk}"' in listing


def test_the_decrees_feed_lists_decrees_with_their_counts(client):
    PardonDecreeFactory(announced_on=dt.date(2025, 3, 10), announced_total=16)

    found = titles(client, reverse("decree_list_feed"))
    description = client.get(reverse("decree_list_feed")).content.decode()

    assert found[0].startswith("Pardon announced ") and "2025" in found[0]
    assert "16 announced as pardoned; 0 identified." in description


def test_an_unchanged_feed_answers_304_to_its_etag(client):
    make_person("Fiktyuny Uvazhlivy")
    url = reverse("prisoner_list_feed")
    etag = client.get(url)["ETag"]

    unchanged = client.get(url, HTTP_IF_NONE_MATCH=etag)
    make_person("Fiktyuny Novy")
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)

    assert unchanged.status_code == 304
    assert changed.status_code == 200


def test_a_persons_feed_keeps_its_etag_through_writes_about_others_but_not_about_them(client):
    person, other = make_person("Fiktyuny Padpisany"), make_person("Fiktyuny Inshy")
    url = reverse("prisoner_feed", args=[person.pk])
    etag = client.get(url)["ETag"]

    services.release(prisoner=other, released_on=dt.date(2024, 1, 1), reason="served")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    services.release(prisoner=person, released_on=dt.date(2024, 1, 1), reason="served")
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 200


def test_feeds_speak_the_readers_language(client):
    make_person("Fiktyuny Moŭny")

    found = titles(client, reverse("prisoner_list_feed"), lang="be")

    assert all("Added to the registry" not in title for title in found)


def test_a_feed_costs_the_same_number_of_queries_however_many_changes_it_tells(client):
    make_person("Fiktyuny Adzin")
    url = reverse("prisoner_list_feed")

    with CaptureQueriesContext(connection) as few:
        client.get(url, {"lang": "en", "n": 1})  # `n` only makes the URL new: no cached answer
    for i in range(5):
        person = make_person(f"Fiktyuny Mnoga {i}")
        person.display_name = f"Fiktyuny Mnoga Pieraimienavany {i}"
        person.save()

    with CaptureQueriesContext(connection) as many:
        client.get(url, {"lang": "en", "n": 2})

    assert len(many) == len(few)


def test_text_staff_later_removed_or_corrected_is_never_told_from_history(client):
    person = make_person("Fiktyuny Vypraulieny", names={"be": "Сапраўднае Імя Выдаленае"})
    person.names.filter(language="be").delete()  # removed for the person's safety
    person.display_name = "Fiktyuny Pershapraulieny"
    person.save()
    person.display_name = "Fiktyuny Vypraulieny Dakladna"  # corrected again
    person.save()
    conviction = person.convictions.get()
    conviction.delete()  # entered on the wrong person

    text = client.get(reverse("prisoner_feed", args=[person.pk])).content.decode()

    assert "Сапраўднае" not in text
    assert "Pershapraulieny" not in text
    assert "Sentence recorded" not in text
    assert "Fiktyuny Vypraulieny Dakladna" in text


def test_a_release_undone_since_is_not_told(client):
    person = make_person("Fiktyuny Viarnuty")
    custody = services.release(prisoner=person, released_on=dt.date(2025, 1, 2), reason="served")
    services.reopen_custody(custody=custody)

    found = titles(client, reverse("prisoner_feed", args=[person.pk]))

    assert not any("Release recorded" in title for title in found)
