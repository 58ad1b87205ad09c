"""The home page: headline numbers from registry.queries.statistics, latest decrees and changes, no leaks."""

import datetime as dt

import pytest
from django.urls import reverse

from registry import services
from registry.queries import statistics
from tests.factories import FacilityFactory, PardonDecreeFactory
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


def test_it_shows_the_same_held_number_as_the_statistics_module(client):
    make_person("Publicus Heldovich")
    make_person("Anonymus Secretus", visibility="anonymous")
    make_person("Privatus Hiddenus", visibility="private")
    response = client.get(reverse("home"))
    assert response.status_code == 200
    held = statistics.headline()["held"]
    assert held == 2  # anonymous counted, private not
    assert response.context["headline"]["held"] == held
    assert '<span class="figure-number">2</span>' in response.content.decode()


def test_it_names_public_people_only(client):
    make_person("Publicus Heldovich")
    make_person("Anonymus Secretus", visibility="anonymous")
    make_person("Privatus Hiddenus", visibility="private")
    content = client.get(reverse("home")).content.decode()
    assert "Publicus Heldovich" in content
    assert "Anonymus" not in content
    assert "Privatus" not in content


def test_it_links_each_headline_number_to_the_list_behind_it(client):
    content = client.get(reverse("home")).content.decode()
    assert f"{reverse('prisoner_list')}?status=in_custody" in content
    assert f"{reverse('prisoner_list')}?status=died" in content
    assert f"{reverse('prisoner_list')}?pardoned_since=" in content


def test_it_lists_the_latest_decrees_with_identified_counts(client):
    decree = PardonDecreeFactory(announced_on=dt.date(2025, 3, 10), announced_total=20)
    make_person("Publicus Pardonatus", decree=decree)
    make_person("Anonymus Pardonatus", visibility="anonymous", decree=decree)
    content = client.get(reverse("home")).content.decode()
    assert reverse("decree_detail", args=[decree.pk]) in content
    assert "identified 2 of 20" in content


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client):
    facility = FacilityFactory()
    decree = PardonDecreeFactory()
    make_person("First Person", facility=facility)
    few = count_queries(client, reverse("home"))
    for i in range(12):
        make_person(f"Person {i}", facility=facility, decree=decree if i % 2 else None)
        PardonDecreeFactory(announced_on=dt.date(2025, 1, 1) + dt.timedelta(days=i))
    many = count_queries(client, reverse("home"))
    assert few == many


def test_the_releases_link_lists_released_people_but_not_deaths_in_custody(client):
    released = make_person("Publicus Liberatus")
    services.release(prisoner=released, released_on=dt.date(2024, 2, 1), reason="served")
    died = make_person("Publicus Mortuus")
    services.record_death(prisoner=died, died_on=dt.date(2024, 3, 1))
    link = client.get(reverse("home")).context["released_query"]
    names = [p.display_name for p in client.get(f"{reverse('prisoner_list')}?{link}").context["page"].rows]
    assert names == ["Publicus Liberatus"]


def test_latest_decrees_are_the_five_newest_newest_first(client):
    for announced in ["2021-03-01", "2026-11-20", "2022-07-02", "2024-09-16", "2023-01-05", "2025-06-21"]:
        PardonDecreeFactory(announced_on=dt.date.fromisoformat(announced), announced_total=1)

    latest = client.get(reverse("home")).context["latest_decrees"]

    assert [str(decree.announced_on) for decree in latest] == [
        "2026-11-20",
        "2025-06-21",
        "2024-09-16",
        "2023-01-05",
        "2022-07-02",
    ]


def test_each_number_that_differs_from_its_list_says_why_beside_it(client, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 5
    make_person("Publicus Heldovich")
    for number in range(5):
        make_person(f"Anonymus Secretus {number}", visibility="anonymous")

    response = client.get(reverse("home"))
    page = response.content.decode()

    assert response.context["headline"]["held"] == 6
    assert "1 listed by name; 5 people are counted whose names are withheld for their safety." in page
    assert "Releases, not people" in page
    assert (
        "releases of people whose names are withheld are counted only in a month with at least 5 for the same reason"
        in page
    )
    assert "of them identified here, named or not" in page
    assert f'href="{reverse("about")}"' in page
    assert "Anonymus" not in page


def test_the_how_we_count_page_names_the_small_cell_threshold(client, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 7

    page = client.get(reverse("about")).content.decode()

    assert "at least 7 of them" in page


@pytest.fixture
def one_of_each():
    """One person held on a record not yet verified, one death in custody, one release, one recent decree."""
    make_person("Fictional Held Unverified")
    services.release(prisoner=make_person("Fictional Died"), released_on=dt.date(2024, 2, 1), reason="died")
    services.release(prisoner=make_person("Fictional Freed"), released_on=dt.date(2024, 2, 1), reason="served")
    PardonDecreeFactory(announced_on=dt.date.today() - dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["release since 2020", "pardon decree in the last 12 months", "death in custody since 2020"]),
        ("be", ["вызваленне з 2020 года", "указ аб памілаванні за 12 месяцаў", "смерць у зняволенні з 2020 года"]),
        ("ru", ["освобождение с 2020 года", "указ о помиловании за 12 месяцев", "смерть в заключении с 2020 года"]),
    ],
)
def test_a_headline_figures_label_agrees_with_its_number(client, one_of_each, language, labels):
    content = client.get(reverse("home"), {"lang": language}).content.decode()

    for label in labels:
        assert f'<span class="figure-number">1</span>\n        <span class="figure-label">{label}</span>' in content


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("en", "Including 1 record not yet verified (one source so far)."),
        ("be", "У тым ліку 1 запіс яшчэ не правераны (пакуль адна крыніца)."),
        ("ru", "В том числе 1 запись ещё не проверена (пока один источник)."),
    ],
)
def test_the_records_not_yet_verified_are_counted_in_the_languages_plural(client, one_of_each, language, said):
    content = client.get(reverse("home"), {"lang": language}).content.decode()

    assert said in content


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("be", "з іх 0 устаноўлена тут, з імёнамі і без — гэта лічба з абвесткі ўладаў;"),
        ("ru", "из них 0 установлено здесь, с именами и без — это число из объявления властей;"),
    ],
)
def test_the_pardoned_figures_note_has_one_dash(client, language, said):
    content = client.get(reverse("home"), {"lang": language}).content.decode()

    assert said in content
