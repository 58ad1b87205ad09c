"""`manage.py load_demo`: the seed article's facts and a synthetic set, idempotent."""

import datetime as dt

import pytest
from django.core.management import call_command

from pardons.models import PardonDecree
from registry.models import Custody, Prisoner, PrisonerName, Source

pytestmark = pytest.mark.django_db


def counts() -> dict:
    return {model.__name__: model.objects.count() for model in (Prisoner, PrisonerName, Custody, Source, PardonDecree)}


def test_running_it_twice_changes_nothing():
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["Prisoner"] == 315  # 3 from the article, 300 generated, 12 identified on the seed decree


def test_it_loads_the_seed_decree():
    call_command("load_demo")
    decree = PardonDecree.objects.get(is_synthetic=False)
    assert decree.announced_total == 20
    assert decree.names_disclosed is False
    breakdown = dict(decree.breakdown.values_list("category", "count"))
    assert breakdown["women"] == 11
    assert breakdown["chronically_ill"] == 14


def test_the_seed_decree_shows_identified_women_and_chronically_ill_among_fictitious_people(client):
    call_command("load_demo")
    decree = PardonDecree.objects.get(is_synthetic=False)

    lines = {line.item.category: line.identified for line in decree.identification().breakdown}
    people = [pardon.prisoner for pardon in decree.pardons.select_related("prisoner")]

    assert (lines["women"], lines["chronically_ill"]) == (7, 6)
    assert people and all(person.is_synthetic for person in people)
    assert {person.name_in("be").rsplit(" ", 1)[0] for person in people} == {
        "Фіктыўная Памілаваная",
        "Фіктыўны Памілаваны",
    }  # a Belarusian page shows them in its script, and its list orders them among the others
    page = client.get(f"/decrees/{decree.pk}/").content.decode()
    assert "Fictitious demo identification" not in page  # staff notes stay in the admin


@pytest.mark.parametrize(
    ("display_name", "belarusian", "russian"),
    [
        ("Ales Bialiatski", "Алесь Бяляцкі", "Алесь Беляцкий"),
        ("Siarhei Tsikhanouski", "Сяргей Ціханоўскі", "Сергей Тихановский"),
        ("Viktar Babaryka", "Віктар Бабарыка", "Виктор Бабарико"),
    ],
)
def test_it_loads_the_seed_people_in_custody(display_name, belarusian, russian):
    call_command("load_demo")
    person = Prisoner.objects.get(display_name=display_name, is_synthetic=False)
    assert person.status == "in_custody"
    assert person.name_in("be") == belarusian
    assert person.name_in("ru") == russian
    assert person.name_in("en") == display_name


def test_it_still_loads_after_staff_add_records_with_the_seed_articles_titles_and_names():
    from registry.samples.demo import SEED_SOURCE_TITLE

    call_command("load_demo")
    Source.objects.create(title=SEED_SOURCE_TITLE, publisher="Entered again by a staff member")
    Prisoner.objects.create(display_name="Ales Bialiatski", is_synthetic=False)
    PardonDecree.objects.create(
        title="20 people pardoned, names not disclosed", announced_on=dt.date(2024, 1, 1), is_synthetic=False
    )
    before = (Source.objects.count(), Prisoner.objects.count(), PardonDecree.objects.count())

    call_command("load_demo")

    assert (Source.objects.count(), Prisoner.objects.count(), PardonDecree.objects.count()) == before


def test_the_seed_article_shows_no_invented_publisher_or_file_path():
    from registry.samples.demo import seed_source

    call_command("load_demo")

    assert seed_source().publisher == ""
    assert not Source.objects.filter(publisher__contains="shared/seed").exists()


def test_the_demo_shows_every_reader_feature_on_synthetic_people():
    from registry.queries import upcoming

    call_command("load_demo")
    public = Prisoner.objects.published().filter(is_synthetic=True)
    held = public.filter(status="in_custody").prefetch_related("custody_periods", "convictions")

    assert any(person.expected_release() for person in held)  # a computed release date
    assert public.can_write_now().exists()  # a letter kit
    assert public.filter(letters__in=["family", "none"]).exists()  # someone who cannot receive letters
    for month in range(1, 13):  # a birthday this month, whatever the month
        assert upcoming.birthdays(dt.date(2026, month, 1)), month


def test_regenerating_the_synthetic_set_removes_the_fictitious_identifications_too():
    from registry.samples.synthetic import generate

    call_command("load_demo")
    generate(prisoners=20, seed=2)

    decree = PardonDecree.objects.get(is_synthetic=False)
    assert decree.pardons.count() == 0
    assert Prisoner.objects.filter(is_synthetic=True).count() == 20


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("be", "не менш за <strong>7</strong> — палітвязняў, якія памерлі пад вартай з 2020 года"),
        ("ru", "не менее <strong>7</strong> — политзаключённых, умерших под стражей с 2020 года"),
    ],
)
def test_the_seed_articles_count_of_deaths_reads_as_a_phrase_after_its_number(client, language, said):
    call_command("load_demo")

    assert said in client.get("/", {"lang": language}).content.decode()
