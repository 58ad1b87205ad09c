"""The profile page: names in their scripts, timeline with dates as precise as known and sources,
where the person is held with the address for letters, and the same 404 for hidden people."""

import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pardons.services import record_pardon
from registry import services
from registry.dates import format_partial
from registry.models import Contact, Recognition
from tests.factories import (
    ArticleFactory,
    ConvictionFactory,
    CriminalCodeFactory,
    EventFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PrisonerFactory,
    SourceFactory,
)
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db


def url(prisoner) -> str:
    return reverse("prisoner_detail", args=[prisoner.pk])


def test_it_shows_names_in_their_scripts_and_status(client):
    prisoner = make_person("Publicus Heldovich", names={"be": "Публікус Хэлдавіч", "ru": "Публикус Хелдович"})
    content = client.get(url(prisoner)).content.decode()
    assert "Публікус Хэлдавіч" in content and "Публикус Хелдович" in content
    assert "in custody" in content


def test_it_shows_where_the_person_is_held_with_the_postal_address(client):
    facility = FacilityFactory(name_en="Fictional Colony No. 7", postal_address="Fictional Street 1, 000000")
    prisoner = make_person("Publicus Heldovich", facility=facility)
    content = client.get(url(prisoner)).content.decode()
    assert "Where held now" in content
    assert "Fictional Colony No. 7" in content
    assert "Fictional Street 1, 000000" in content


def test_it_shows_dates_no_more_precisely_than_known(client):
    prisoner = make_person("Publicus Heldovich", detained_on=dt.date(2021, 5, 1))
    content = client.get(url(prisoner)).content.decode()
    assert "May 2021" in content
    assert "May 1, 2021" not in content


def test_its_timeline_has_conviction_articles_pardon_release_and_sources(client):
    article = ArticleFactory(number="342", title_en="Fictional gross violation of order")
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    prisoner = make_person("Publicus Pardonatus", article=article, decree=decree)
    response = client.get(url(prisoner))
    content = response.content.decode()
    kinds = [entry.kind for entry in response.context["timeline"]]
    assert kinds == ["detention", "conviction", "event", "pardon"]  # the pardon tells the release
    assert "art. 342 part 1" in content and "Fictional gross violation of order" in content
    assert reverse("decree_detail", args=[decree.pk]) in content
    assert "Test report" in content  # sources are cited
    assert "Released by pardon" in content
    assert "3 years imprisonment" in content


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_hidden_people_get_the_same_404_as_a_missing_id(client, visibility):
    prisoner = make_person("Hidden Person", visibility=visibility)
    missing_url = reverse("prisoner_detail", args=[prisoner.pk + 1000])
    missing = client.get(missing_url)
    hidden = client.get(url(prisoner))
    assert hidden.status_code == missing.status_code == 404

    def page_of(response, path: str) -> str:
        # What differs by request alone: the page's own address (in the language form) and its CSRF token.
        text = response.content.decode().replace(path, "PATH")
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "TOKEN", text)

    assert page_of(hidden, url(prisoner)) == page_of(missing, missing_url)
    assert "Page not found" in page_of(hidden, url(prisoner))
    assert sorted(k for k, _ in hidden.headers.items()) == sorted(k for k, _ in missing.headers.items())


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client):
    # Both have one record of every kind (an empty relation skips its nested prefetch); "many" has many.
    facility = FacilityFactory()
    few = make_person("Few Records", facility=facility, article=ArticleFactory(), decree=PardonDecreeFactory())
    many = make_person("Many Records", facility=facility, article=ArticleFactory())
    for i in range(8):
        services.transfer(prisoner=many, facility=FacilityFactory(), on=dt.date(2022, 1 + i, 1))
    for _ in range(6):
        EventFactory(prisoner=many).sources.add(SourceFactory(), SourceFactory())
    record_pardon(
        sources=[SourceFactory()], decree=PardonDecreeFactory(), prisoner=many, released_on=dt.date(2024, 9, 16)
    )
    assert count_queries(client, url(few)) == count_queries(client, url(many))


def test_a_profile_not_kept_is_one_query_its_version_read_with_its_stored_rows(client, django_assert_num_queries):
    first, second = make_person("Publicus Primus"), make_person("Publicus Secundus")
    client.get(url(first))  # prepares the statement on this connection

    with django_assert_num_queries(1):
        response = client.get(url(second))

    assert response.status_code == 200 and "Publicus Secundus" in response.content.decode()


def test_a_release_without_a_pardon_shows_its_reason(client):
    prisoner = make_person("Publicus Liberatus")
    services.release(prisoner=prisoner, released_on=dt.date(2024, 2, 1), reason="served")
    response = client.get(url(prisoner))
    release = next(entry for entry in response.context["timeline"] if entry.kind == "release")
    assert release.details == ["sentence served"]
    assert release.date_display == "Feb. 1, 2024"


def test_it_shows_the_photo_with_a_text_alternative(client):
    prisoner = make_person("Publicus Photographatus")
    picture = io.BytesIO()
    Image.new("RGB", (8, 10), "grey").save(picture, format="PNG")
    prisoner.photo = SimpleUploadedFile("fictional.png", picture.getvalue(), content_type="image/png")
    prisoner.save()
    content = client.get(url(prisoner)).content.decode()
    assert f'src="{prisoner.photo.url}"' in content
    assert 'alt="Photo of Publicus Photographatus"' in content


def test_a_reported_pardon_of_someone_still_held_is_not_shown_as_a_release(client):
    prisoner = make_person("Fictional Still Held")
    record_pardon(sources=[SourceFactory()], decree=PardonDecreeFactory(), prisoner=prisoner, confirmation="reported")

    page = client.get(url(prisoner)).content.decode()

    assert "Pardon reported, not yet confirmed" in page
    assert "Released by pardon" not in page and ">Pardoned<" not in page
    assert "tl-pardon-reported" in page


def test_every_recognition_is_in_the_facts_and_a_dated_one_once_on_the_timeline(client):
    prisoner = make_person("Fictional Recognised")
    Recognition.objects.create(
        prisoner=prisoner, organisation="Fictional Rights Group", recognised_on=dt.date(2021, 6, 1)
    )
    Recognition.objects.create(prisoner=prisoner, organisation="Undated Fictional Group")

    page = client.get(url(prisoner)).content.decode()

    assert page.count("Recognised as a political prisoner by") == 1
    assert page.count("Recognised as a political prisoner (Fictional Rights Group)") == 1
    assert page.count("Undated Fictional Group") == 1


def test_someone_held_without_known_facility_or_sentence_is_told_not_known(client):
    prisoner = PrisonerFactory(visibility="public", display_name="Fictional Little Known")
    services.record_detention(prisoner=prisoner, detained_on=None)

    response = client.get(url(prisoner))

    page = response.content.decode()
    assert response.context["custody"] == {
        "kind": "detention",
        "behind_bars_only": True,
        "since": "",
        "placement": None,
        "sentence": "",
        "court": "",
        "expected_release": "",
        "expected_release_passed": False,
        "life": False,
        "days": None,
    }
    for label, value in [
        ("In custody since", "date not known"),
        ("Held in", "not known"),
        ("Sentence", "not known"),
        ("Expected release", "not known"),
    ]:
        assert re.search(rf"<dt>{label}</dt><dd>{value}</dd>", page), label


def test_someone_held_on_a_known_sentence_shows_it_with_the_place(client):
    facility = FacilityFactory(name_en="Fictional Colony No. 7")
    prisoner = make_person("Fictional Sentenced", facility=facility)
    conviction = prisoner.convictions.get()
    conviction.sentence_months, conviction.regime = 66, "strict"
    conviction.save()

    page = client.get(url(prisoner)).content.decode()

    assert f"5 years 6 months imprisonment, strict regime — {conviction.court}" in page
    assert re.search(r"<dt>Held in</dt><dd><a href=\"[^\"]+\">Fictional Colony No. 7</a></dd>", page)


def test_someone_under_house_arrest_is_not_said_to_be_held_in_prison(client):
    prisoner = PrisonerFactory(visibility="public", display_name="Fictional At Home")
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2024, 3, 1), kind="house_arrest")

    page = client.get(url(prisoner)).content.decode()

    assert "<dt>Under house arrest since</dt><dd>March 1, 2024</dd>" in page
    assert "In custody since" not in page and "<dt>Held in</dt>" not in page
    assert "Days behind bars" not in page
    assert "<dt>Days in custody, house arrest and restricted freedom included</dt>" in page


def test_a_sentence_whose_term_has_passed_while_still_held_says_so(client):
    prisoner = make_person("Fictional Overdue", detained_on=dt.date(2021, 5, 1))
    conviction = prisoner.convictions.get()
    conviction.verdict_on, conviction.sentence_months = dt.date(2021, 9, 1), 24
    conviction.save()

    page = client.get(url(prisoner)).content.decode()

    assert "May 2023 — the term has ended, but no release is recorded" in page


def test_the_profile_and_the_api_give_the_same_expected_release_and_days(client):
    prisoner = PrisonerFactory(visibility="public", display_name="Fictional Counted")
    services.record_detention(prisoner=prisoner, detained_on=dt.date(2021, 5, 14))
    ConvictionFactory(prisoner=prisoner, verdict_on=dt.date(2022, 3, 1), sentence_months=180)

    page = client.get(url(prisoner)).content.decode()
    summary = client.get(reverse("api:prisoner-detail", args=[prisoner.pk])).json()["custody_summary"]

    days = (dt.date.today() - dt.date(2021, 5, 14)).days
    assert summary == {
        "expected_release": "2036-05-14",
        "expected_release_precision": "day",
        "days_in_custody": days,
        "days_in_custody_approximate": False,
    }
    assert f"<dt>Expected release</dt><dd>{format_partial(dt.date(2036, 5, 14), 'day')}</dd>" in page
    assert f"<dt>Days behind bars</dt><dd>{days:,}</dd>" in page


def test_the_summary_says_what_they_were_charged_with_and_for_the_released_when_and_how(client):
    article = ArticleFactory(number="342", title_en="Fictional group actions article")
    prisoner = make_person("Fictional Freed", article=article)
    services.release(prisoner=prisoner, released_on=dt.date(2024, 3, 1), reason="served")

    page = client.get(url(prisoner)).content.decode()

    assert "<dt>Charged under</dt>" in page and "art. 342 part 1 — Fictional group actions article" in page
    assert re.search(r"<dt>Released</dt><dd>[^<]*2024 — sentence served</dd>", page)
    assert "<dt>In custody since</dt>" not in page


@pytest.mark.parametrize(
    ("language", "said"), [("en", "CC BY art. 342"), ("be", "КК РБ арт. 342"), ("ru", "УК РБ ст. 342")]
)
def test_a_charge_names_the_code_as_readers_of_the_language_know_it(client, language, said):
    article = ArticleFactory(number="342", code=CriminalCodeFactory(short_name_be="КК РБ", short_name_ru="УК РБ"))
    prisoner = make_person("Fictional Charged", article=article)

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert page.count(said) == 2  # the summary and the timeline


# Words Belarusian and Russian say only of a man, and what the profile says instead of any person, or of a woman.
OF_A_MAN = {
    "be": r"\b(Нарадзіўся|Прызнаны|Затрыманы|Вызвалены|Асуджаны|Памілаваны|апраўданы|пазбаўлены|змешчаны)\b",
    "ru": r"\b(Родился|Признан|Задержан|Освобождён|Осуждён|Помилован|оправдан|лишён|помещён)\b",
}
SAID_OF_HER = {
    "be": ["Дата нараджэння", "Прызнаная палітвязынкай", "Прызнанне палітвязнем (Fictional Rights Group)",
           "Затрыманне", "Прысуд", "Вызваленне паводле памілавання", "Вызваленне", "апраўданне",
           "Недапушчэнне адваката", "Змяшчэнне ў ШІЗА", "вызваленая"],
    "ru": ["Дата рождения", "Признана политзаключённой", "Признание политзаключённым (Fictional Rights Group)",
           "Задержание", "Приговор", "Освобождение по помилованию", "Освобождение", "оправдание",
           "Недопуск адвоката", "Помещение в ШИЗО", "освобождена"],
}  # fmt: skip


@pytest.mark.parametrize("language", OF_A_MAN)
def test_a_womans_profile_says_nothing_of_her_that_only_a_man_could_be_said_to_be(client, language):
    woman = make_person("Fictiona Testova", sex="female", decree=PardonDecreeFactory())
    Recognition.objects.create(prisoner=woman, organisation="Fictional Rights Group", recognised_on=dt.date(2021, 6, 1))
    services.record_detention(prisoner=woman, detained_on=dt.date(2024, 10, 1))
    services.release(prisoner=woman, released_on=dt.date(2024, 12, 1), reason="acquitted")
    for kind in ("no_lawyer", "punishment_cell"):
        EventFactory(prisoner=woman, kind=kind)
    type(woman).objects.filter(pk=woman.pk).update(birth_date=dt.date(1980, 1, 1), verification="recognised")

    page = client.get(f"{url(woman)}?lang={language}").content.decode()

    assert re.findall(OF_A_MAN[language], page) == []
    for said in SAID_OF_HER[language]:
        assert said in page, said


@pytest.mark.parametrize(
    ("language", "months", "kind", "said"),
    [
        ("ru", 66, "imprisonment", "5 лет 6 месяцев лишения свободы"),
        ("be", 6, "imprisonment", "6 месяцаў пазбаўлення волі"),
        ("ru", 12, "restricted_freedom", "1 год ограничения свободы"),
        ("be", 24, "restricted_freedom", "2 гады абмежавання волі"),
    ],
)
def test_a_sentence_after_its_length_is_in_the_genitive(client, language, months, kind, said):
    prisoner = make_person("Fictional Sentenced")
    prisoner.convictions.update(sentence_months=months, sentence_kind=kind, regime="")

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert page.count(said) == 2  # the summary and the timeline


@pytest.mark.parametrize(
    ("language", "said"), [("be", "пажыццёвае пазбаўленне волі"), ("ru", "пожизненное лишение свободы")]
)
def test_a_life_sentence_reads_as_life_imprisonment(client, language, said):
    prisoner = make_person("Fictional Sentenced")
    prisoner.convictions.update(sentence_months=None, life_sentence=True, regime="")

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert page.count(said) == 2


@pytest.mark.parametrize(("language", "label"), [("be", "Месца ўтрымання"), ("ru", "Место содержания")])
def test_where_someone_was_held_is_a_label_needing_no_case_or_tense(client, language, label):
    prisoner = make_person("Fictional Transferred", facility=FacilityFactory(name_en="Fictional Colony No. 7"))

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert re.search(rf'<h3 class="tl-title">{label}: <a href="[^"]+">', page)
    assert f"<dt>{label}</dt>" in page


@pytest.mark.parametrize(
    ("language", "sex", "said"),
    [
        ("ru", "female", "<dt>Последняя весточка</dt><dd>Пришло письмо от неё, "),
        ("be", "female", "<dt>Апошняя вестка</dt><dd>Прыйшоў ліст ад яе, "),
        ("ru", "male", "<dt>Последняя весточка</dt><dd>Пришло письмо от него, "),
        ("be", "", "<dt>Апошняя вестка</dt><dd>Прыйшоў ліст ад гэтага чалавека, "),
    ],
)
def test_the_last_sign_of_life_says_whom_a_letter_came_from_as_said_of_them(client, language, sex, said):
    prisoner = make_person("Fictional Writer", sex=sex)
    Contact.objects.create(prisoner=prisoner, kind="letter", occurred_on=dt.date.today() - dt.timedelta(days=10))

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert said in page


@pytest.mark.parametrize(
    ("language", "days", "said"),
    [("ru", 52, "нет вестей 52 дня"), ("be", 52, "няма вестак 52 дні"), ("be", 31, "няма вестак 31 дзень")],
)
def test_days_without_news_are_counted_in_the_languages_plural(client, language, days, said):
    prisoner = make_person("Fictional Silent")
    Contact.objects.create(prisoner=prisoner, kind="call", occurred_on=dt.date.today() - dt.timedelta(days=days))

    page = client.get(f"{url(prisoner)}?lang={language}").content.decode()

    assert said in page
