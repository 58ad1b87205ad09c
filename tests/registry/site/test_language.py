"""The language switcher and names in the script of the chosen language."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def test_the_switcher_offers_three_languages_on_every_page(client):
    content = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("set_language")}"' in content
    for code in ("en", "be", "ru"):
        assert f'name="language" value="{code}"' in content


def test_switching_language_translates_the_interface_and_returns_to_the_page(client):
    response = client.post(reverse("set_language"), {"language": "be", "next": reverse("prisoner_list")})
    assert response.status_code == 302
    assert response["Location"] == reverse("prisoner_list")
    content = client.get(reverse("prisoner_list")).content.decode()
    assert '<html lang="be"' in content
    assert "Вязні" in content
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert "Заключённые" in client.get(reverse("prisoner_list")).content.decode()


def test_a_page_opened_by_a_link_in_a_language_keeps_that_language_for_the_next_page(client):
    shared = client.get(reverse("home"), {"lang": "be"}, HTTP_ACCEPT_LANGUAGE="en")
    next_page = client.get(reverse("prisoner_list"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    api = client.get("/api/v1/statistics/headline/", {"lang": "ru"})

    assert shared.cookies[settings.LANGUAGE_COOKIE_NAME].value == "be"
    assert '<html lang="be"' in next_page and "Вязні" in next_page
    assert settings.LANGUAGE_COOKIE_NAME not in api.cookies  # the API speaks English whatever the link says


def test_a_link_in_the_language_already_chosen_sets_no_cookie(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"

    response = client.get(reverse("home"), {"lang": "ru"})

    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_names_are_shown_in_the_script_of_the_chosen_language(client):
    prisoner = make_person("Publicus Heldovich", names={"be": "Публікус Хэлдавіч", "ru": "Публикус Хелдович"})
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    response = client.get(reverse("prisoner_list"))
    assert [p.name_in() for p in response.context["page"].rows] == ["Публикус Хелдович"]
    assert "<h1>Публикус Хелдович</h1>" in client.get(reverse("prisoner_detail", args=[prisoner.pk])).content.decode()


def test_a_name_without_the_chosen_script_falls_back_to_the_display_name(client):
    make_person("Publicus Latinus", names={"be": "Публікус Лацінус"})
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    assert "Publicus Latinus" in client.get(reverse("prisoner_list")).content.decode()


@pytest.mark.parametrize("language", ["en", "be", "ru"])
@pytest.mark.parametrize("page", ["home", "prisoner_list", "decree_list", "statistics"])
def test_no_page_ends_a_date_with_a_doubled_full_stop(client, language, page):
    from tests.factories import PardonDecreeFactory

    make_person("Publicus Heldovich")
    PardonDecreeFactory()
    client.post(reverse("set_language"), {"language": language, "next": "/"})

    content = client.get(reverse(page)).content.decode()

    assert "г.." not in content


def test_data_readers_see_is_shown_in_their_language_with_an_english_fallback_marked(client):
    from pardons.models import PardonDecree
    from registry.models import Article, Prisoner
    from registry.samples import demo
    from tests.factories import PardonDecreeFactory

    demo.load_reference_data()
    demo.load_seed_facts()
    seed = PardonDecree.objects.get(is_synthetic=False)
    untranslated = PardonDecreeFactory(title="Fictional decree title in English only")
    bialiatski = Prisoner.objects.get(display_name="Ales Bialiatski")
    client.post(reverse("set_language"), {"language": "be", "next": "/"})

    decree_page = client.get(reverse("decree_detail", args=[seed.pk])).content.decode()
    other_page = client.get(reverse("decree_detail", args=[untranslated.pk])).content.decode()
    profile = client.get(reverse("prisoner_detail", args=[bialiatski.pk])).content.decode()

    assert "Памілаваныя 20 чалавек" in decree_page and "раскаяліся" in decree_page
    assert "злачынствы экстрэмісцкай накіраванасці" in decree_page
    assert 'class="untranslated"' not in decree_page
    assert '<span lang="en" class="untranslated">Fictional decree title in English only</span>' in other_page
    assert "Праваабаронца" in profile and "Лаўрэат Нобелеўскай прэміі міру" in profile
    assert not Article.objects.filter(title_be="").exists()
