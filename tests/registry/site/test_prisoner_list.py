"""The prisoner list: search in any script, combined filters in the URL with counts, sorting,
keyset pagination, a fixed number of queries, and no anonymous or private person anywhere."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registry.models import Prisoner
from registry.queries.keyset import encode_cursor
from tests.factories import (
    ArticleFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
)
from tests.site_data import count_queries, make_person

pytestmark = pytest.mark.django_db

URL = reverse("prisoner_list")


@pytest.fixture
def people():
    region = RegionFactory(slug="test-oblast", name_en="Test Oblast")
    article = ArticleFactory(number="342")
    facility = FacilityFactory()
    return {
        "public": make_person(
            "Publicus Heldovich",
            region=region,
            article=article,
            facility=facility,
            sex="female",
            names={"be": "Публікус Хэлдавіч", "ru": "Публикус Хелдович"},
        ),
        "other": make_person("Otherus Publicus", sex="male", detained_on=dt.date(2020, 9, 1)),
        "anonymous": make_person(
            "Anonymus Secretus", visibility="anonymous", region=region, article=article, facility=facility
        ),
        "private": make_person(
            "Privatus Hiddenus", visibility="private", region=region, article=article, facility=facility
        ),
        "region": region,
        "article": article,
        "facility": facility,
    }


def names_on(response) -> list[str]:
    return [p.display_name for p in response.context["page"].rows]


def test_it_lists_only_published_people(client, people):
    response = client.get(URL)
    assert names_on(response) == ["Otherus Publicus", "Publicus Heldovich"]
    content = response.content.decode()
    assert "Anonymus" not in content and "Privatus" not in content
    assert response.context["total"] == 2


def test_its_filter_counts_leave_out_anonymous_and_private_people(client, people):
    response = client.get(URL)
    regions = {o["value"]: o["count"] for o in response.context["region_options"]}
    articles = {o["value"]: o["count"] for o in response.context["article_options"]}
    statuses = {o["value"]: o["count"] for o in response.context["status_options"]}
    assert regions["test-oblast"] == 1
    assert articles["342"] == 1
    assert statuses["in_custody"] == 2


def test_it_finds_a_name_written_in_another_script(client, people):
    response = client.get(URL, {"q": "Хелдович"})
    assert names_on(response) == ["Publicus Heldovich"]
    assert client.get(URL, {"q": "Хэлдавіч"}).context["page"].rows == [people["public"]]


def test_a_search_never_finds_anonymous_or_private_people(client, people):
    for query in ("Anonymus", "Privatus", "Secretus (be)", "Hiddenus (ru)"):
        response = client.get(URL, {"q": query})
        assert names_on(response) == [], query
        assert response.context["total"] == 0


def test_filters_combine_and_live_in_the_url(client, people):
    response = client.get(URL, {"region": "test-oblast", "article": "342", "sex": "female", "status": "in_custody"})
    assert names_on(response) == ["Publicus Heldovich"]
    assert client.get(URL, {"region": "test-oblast", "sex": "male"}).context["page"].rows == []
    assert names_on(client.get(URL, {"facility": people["facility"].pk})) == ["Publicus Heldovich"]
    assert names_on(client.get(URL, {"detained_year": "2020"})) == ["Otherus Publicus"]


def test_it_shows_counts_of_the_filtered_set(client, people):
    response = client.get(URL, {"sex": "female"})
    statuses = {o["value"]: o["count"] for o in response.context["status_options"]}
    assert statuses["in_custody"] == 1
    assert 'value="in_custody"' in response.content.decode()


def test_it_reports_a_bad_filter_value_next_to_its_field(client, people):
    response = client.get(URL, {"detained_year": "soon"})
    assert response.status_code == 200
    assert "Enter a number." in response.content.decode()


def test_a_bad_filter_value_is_reported_in_belarusians_official_orthography(client, people):
    bad = {"region": "atlantis", "facility": "999999", "detained_year": "3000", "detained_after": "someday"}

    page = client.get(URL, {"lang": "be", "sentence_min_months": "x", **bad}).content.decode()

    for message in [
        "Выберыце правільны варыянт. atlantis няма сярод даступных значэнняў.",
        "Выберыце правільны варыянт. Выбранага варыянта няма сярод даступных значэнняў.",
        "Значэнне павінна быць не больш за 2100.",
        "Увядзіце лік.",
        "Увядзіце правільную дату.",
    ]:
        assert message in page
    assert not re.search("значэньн|чынн|Набярыце|Абярыце", page)


def test_it_ignores_an_unknown_region_instead_of_failing(client, people):
    response = client.get(URL, {"region": "atlantis"})
    assert response.status_code == 200
    assert "atlantis" in response.content.decode()  # the error names the bad choice


def test_it_sorts_by_recently_updated(client, people):
    people["other"].save()  # now the most recently changed
    assert names_on(client.get(URL, {"sort": "updated"}))[0] == "Otherus Publicus"


def test_it_pages_with_a_cursor_and_no_count_query(client):
    for i in range(55):
        make_person(f"Pagina {i:02d}")
    first = client.get(URL)
    assert len(first.context["page"].rows) == 50
    next_query = first.context["next_query"]
    assert "after=" in next_query
    second = client.get(f"{URL}?{next_query}")
    assert names_on(second) == [f"Pagina {i:02d}" for i in range(50, 55)]
    assert second.context["page"].next_cursor is None
    assert not second.context["page"].is_first


@pytest.mark.parametrize(
    ("language", "found"), [("en", "1,001 people"), ("be", "1\xa0001 чалавек"), ("ru", "1\xa0001 человек")]
)
def test_the_number_found_is_written_as_the_pages_language_writes_numbers(client, language, found):
    Prisoner.objects.bulk_create(
        Prisoner(display_name=f"Fictional Bulk {i}", visibility="public", is_synthetic=True) for i in range(1001)
    )
    page = client.get(f"{URL}?lang={language}").content.decode()
    assert re.search(r'class="results-count"[^>]*>([^<]*)<', page)[1] == found


@pytest.mark.parametrize(("language", "said"), [("en", "released"), ("be", "вызваленая"), ("ru", "освобождена")])
def test_a_released_womans_row_and_profile_say_so_of_a_woman(client, language, said):
    woman = make_person("Fictiona Liberata", sex="female", decree=PardonDecreeFactory())
    row = client.get(f"{URL}?lang={language}").content.decode()
    profile = client.get(f"{reverse('prisoner_detail', args=[woman.pk])}?lang={language}").content.decode()
    assert f'<span class="status status-released">{said}</span>' in row
    assert f'<span class="status status-released">{said}</span>' in profile


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("be", ["Затрыманыя не раней за", "Памілаваныя ўказам", "Прызнаныя палітвязнямі не раней за"]),
        ("ru", ["Задержаны не ранее", "Помилованы указом", "Признаны политзаключёнными не ранее"]),
    ],
)
def test_the_filter_labels_speak_of_the_people_listed_in_the_plural_not_of_a_man(client, language, labels):
    decree = PardonDecreeFactory()
    page = client.get(URL, {"lang": language, "detained_after": "2020-01-01", "decree": decree.pk}).content.decode()
    for label in labels:
        assert f"{label}:" in page or f">{label}</label>" in page


@pytest.mark.parametrize(
    ("language", "options"),
    [
        ("be", ['for="status-released">вызваленыя <', 'for="status-died">памерлі ў зняволенні <',
                ">Прызнаныя палітвязнямі</option>"]),
        ("ru", ['for="status-released">освобождены <', 'for="status-died">умерли в заключении <',
                ">Признаны политзаключёнными</option>"]),
    ],
)  # fmt: skip
def test_the_status_and_verification_options_name_groups_of_people_in_the_plural(client, language, options):
    page = client.get(URL, {"lang": language}).content.decode()
    for option in options:
        assert option in page


@pytest.mark.parametrize(
    ("sort", "language", "first_key"),
    [
        ("", "en", "display_name"),
        ("", "be", "sort_name_be"),
        ("", "ru", "sort_name_ru"),
        ("recognised", "en", "COALESCE(recognised_on"),
        ("updated", "en", "updated_at"),
    ],
)
def test_a_later_page_of_every_order_is_read_from_an_index_starting_at_the_cursor(client, sort, language, first_key):
    person = make_person("Pagina Prima")
    last_row = {
        "": [person.display_name, person.pk],
        "recognised": [dt.date(1, 1, 1), person.pk],
        "updated": [person.updated_at, person.pk],
    }[sort]
    with CaptureQueriesContext(connection) as queries:
        client.get(URL, {"sort": sort, "after": encode_cursor(last_row), "lang": language})
    page_sql = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "registry_prisoner"'))
    with connection.cursor() as cursor:
        # Few rows here: the planner is told not to scan or sort, so it must find a path through the index.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + page_sql)
        plan = [row[0] for row in cursor.fetchall()]

    scans = [i for i, line in enumerate(plan) if re.search(r"Index (Only )?Scan .*on registry_prisoner ", line)]
    assert scans, "\n".join(plan)
    # The cursor bounds the scan: it does not filter every row before it.
    assert "Index Cond" in plan[scans[0] + 1] and first_key in plan[scans[0] + 1], "\n".join(plan)


def test_a_tampered_cursor_falls_back_to_the_first_page(client, people):
    response = client.get(URL, {"after": "not-a-cursor!!"})
    assert response.status_code == 200
    assert names_on(response) == ["Otherus Publicus", "Publicus Heldovich"]


@pytest.mark.parametrize(
    ("sort", "values"),
    [("name", ["Publicus", "one"]), ("name", [3, 1]), ("updated", ["yesterday", 1]), ("recognised", [5, 1])],
)
def test_a_cursor_whose_values_do_not_fit_the_order_falls_back_to_the_first_page(client, people, sort, values):
    response = client.get(URL, {"sort": sort, "after": encode_cursor(values)})

    assert response.status_code == 200
    assert sorted(names_on(response)) == ["Otherus Publicus", "Publicus Heldovich"]


def test_it_makes_the_same_number_of_queries_whatever_the_rows(client, settings):
    settings.DERIVED_CACHE_ENTRIES = 0  # the cost of rendering, not of a cache hit (tests/registry/test_freshness.py)
    region = RegionFactory()
    article = ArticleFactory(number="130")
    facility = FacilityFactory()
    make_person("Many Zero", region=region, article=article, facility=facility)
    url = f"{URL}?q=Many&region={region.slug}&article=130&facility={facility.pk}&status=in_custody&detained_year=2021"
    few_plain, few_filtered = count_queries(client, URL), count_queries(client, url)
    for i in range(60):
        make_person(f"Many {i}", region=region, article=article, facility=facility)
    assert count_queries(client, URL) == few_plain
    assert count_queries(client, url) == few_filtered
    assert len(client.get(url).context["page"].rows) == 50  # the filtered page is full, not trivially empty


def test_a_filtered_pages_counts_are_of_named_people_read_once_with_no_small_cell_count(client):
    article = ArticleFactory(number="130")
    named = make_person("Lichba Nazvanaya", article=article)
    make_person("Lichba Anonimnaya", article=article, visibility="anonymous")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"article": "130", "detained_year": "2021"})  # not answerable from the tallies
    counted = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("WITH people AS MATERIALIZED")]

    assert names_on(response) == [named.display_name]
    assert response.context["total"] == 1  # the anonymous person is neither listed nor counted
    assert len(counted) == 1
    assert not any("'anonymous'" in q["sql"] for q in queries.captured_queries)


def test_the_filter_options_are_read_once_per_data_version_and_language(client):
    facility = FacilityFactory(name_en="Fictional Colony Testava", name_be="Фіктыўная калонія Тэставая")
    client.get(URL)

    with CaptureQueriesContext(connection) as queries:
        another_page = client.get(URL, {"sort": "updated"})  # not a kept page: the view runs again
    read_facilities = [q["sql"] for q in queries.captured_queries if '"registry_facility"' in q["sql"]]
    facility.name_en = "Fictional Colony Renamed"
    facility.save()
    renamed = client.get(URL, {"sort": "updated"})
    belarusian = client.get(URL, {"sort": "updated", "lang": "be"})

    assert "Fictional Colony Testava" in another_page.content.decode()
    assert not read_facilities
    assert "Fictional Colony Renamed" in renamed.content.decode()
    assert "Фіктыўная калонія Тэставая" in belarusian.content.decode()


def test_the_forms_any_region_option_is_no_filter_and_no_error(client):
    make_person("Publicus Regionless")

    response = client.get(reverse("prisoner_list"), {"q": "", "region": "", "status": "in_custody"})

    assert response.status_code == 200
    assert not response.context["form"].errors
    assert "Select a valid choice" not in response.content.decode()
    assert "Publicus Regionless" in response.content.decode()


def test_a_name_typed_into_the_form_ranks_by_best_match_unless_the_reader_chose_an_order(client):
    make_person("Abramovich Zubarenka")
    make_person("Zubar Testavy")

    page = client.get(URL)
    sent_by_the_form = page.context["sort"]  # the option the sort select shows selected
    typed = client.get(URL, {"q": "Zubar", "sort": sent_by_the_form, "region": ""})
    chosen = client.get(URL, {"q": "Zubar", "sort": "name"})

    assert sent_by_the_form == "" and '<option value="" selected>' in page.content.decode()
    assert names_on(typed) == ["Zubar Testavy", "Abramovich Zubarenka"]
    assert names_on(chosen) == ["Abramovich Zubarenka", "Zubar Testavy"]
    assert '<option value="name" selected>' in chosen.content.decode()


def test_every_page_of_one_filter_shares_its_rendered_filters_until_the_data_changes(client):
    region = RegionFactory(slug="test-oblast", name_en="Test Oblast")
    for i in range(55):
        make_person(f"Pagina {i:02d}", region=region)
    first = client.get(URL, {"region": "test-oblast"})
    second = client.get(f"{URL}?{first.context['next_query']}")

    rendered = [[t.name for t in response.templates] for response in (first, second)]
    assert "includes/list_filters.html" in rendered[0] and "includes/list_filters.html" not in rendered[1]
    assert first.context["total"] == second.context["total"] == 55
    assert 'value="test-oblast" selected>Test Oblast (55)' in second.content.decode()

    make_person("Pagina 55", region=region)
    after_a_write = client.get(f"{URL}?{first.context['next_query']}")
    assert after_a_write.context["total"] == 56
    assert 'value="test-oblast" selected>Test Oblast (56)' in after_a_write.content.decode()
    # Another filter, sort or language has its own.
    assert client.get(URL, {"region": "test-oblast", "sort": "updated"}).context["sort"] == "updated"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "be"  # the same URL in another language
    assert "Фільтры і сартаванне" in client.get(URL, {"region": "test-oblast"}).content.decode()


def test_a_list_page_reads_no_biography_or_occupation_it_does_not_show(client):
    make_person("Publicus Textless")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"sort": "updated"})

    assert names_on(response) == ["Publicus Textless"]
    [page] = [q["sql"] for q in queries.captured_queries if "LIMIT 51" in q["sql"]]
    assert '"biography' not in page and '"occupation' not in page


@pytest.mark.parametrize("role", [None, "Viewer", "Editor", "Reviewer"])
def test_every_reader_and_staff_role_gets_the_same_public_list_and_filters(client, people, role_user, settings, role):
    settings.DEBUG = False
    client.get(URL, {"sort": "updated"})  # the filters kept by another reader first
    if role:
        client.force_login(role_user(role))

    response = client.get(URL, {"sort": "updated"})

    page = response.content.decode()
    assert response.status_code == 200 and "2 people" in page  # an anonymous reader's page may be a kept one
    assert "Publicus Heldovich" in page and "Test Oblast (1)" in page
    assert "Anonymus Secretus" not in page and "Privatus Hiddenus" not in page


@pytest.mark.parametrize(
    ("region", "index"), [("test-oblast", "prisoner_region_name_order"), ("", "prisoner_name_order")]
)
def test_a_filtered_page_in_name_order_is_read_from_a_name_index_alone(client, people, region, index):
    filters = {"status": "in_custody", "region": region, "sex": "female"}
    with CaptureQueriesContext(connection) as queries:
        assert names_on(client.get(URL, filters)) == ["Publicus Heldovich"]
    page_sql = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith('SELECT "registry_prisoner"'))
    with connection.cursor() as cursor:
        # Few rows here: the planner is told not to scan or sort, so it must find a path through an index.
        cursor.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off; SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + page_sql)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert f"Index Only Scan using {index} on registry_prisoner" in plan, plan


# (display name, Belarusian, Russian): C order puts і, ў and ё after я; the alphabets do not.
IN_THE_ALPHABETS = [
    ("Zmicier Vydumany", "Зміцер Выдуманы", "Змитер Выдуманный"),
    ("Ihar Vydumany", "Ігар Выдуманы", "Игорь Выдуманный"),
    ("Saula Vydumany", "Саула Выдуманы", "Саула Выдуманный"),
    ("Sauka Vydumany", "Саўка Выдуманы", "Савка Выдуманный"),
    ("Safron Vydumany", "Сафрон Выдуманы", "Сафрон Выдуманный"),
    ("Jauhien Vydumany", "Яўген Выдуманы", "Евгений Выдуманный"),
    ("Josif Vydumany", "Юзаф Выдуманы", "Ёсиф Выдуманный"),
]


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", ["Ihar", "Jauhien", "Josif", "Safron", "Sauka", "Saula", "Zed", "Zmicier"]),
        ("be", ["Zed", "Зміцер", "Ігар", "Саула", "Саўка", "Сафрон", "Юзаф", "Яўген"]),
        ("ru", ["Zed", "Евгений", "Ёсиф", "Змитер", "Игорь", "Савка", "Саула", "Сафрон"]),
    ],
)
def test_a_list_by_name_follows_the_names_the_language_shows_in_its_alphabets_order(client, language, expected):
    for display_name, be, ru in IN_THE_ALPHABETS:
        person = PrisonerFactory(display_name=display_name, visibility="public")
        PrisonerNameFactory(prisoner=person, full_name=be, language="be")
        PrisonerNameFactory(prisoner=person, full_name=ru, language="ru")
    PrisonerFactory(display_name="Zed Latinus", visibility="public")  # no name in Cyrillic: the display name

    page = client.get(URL, {"lang": language}).content.decode()

    assert [name.split()[0] for name in re.findall(r'class="person-name" href="[^"]+">([^<]+)<', page)] == expected


def test_a_list_by_name_in_belarusian_pages_on_from_its_cursor(client):
    for i in range(52):
        person = PrisonerFactory(display_name=f"Pagina {i:02d}", visibility="public")
        PrisonerNameFactory(prisoner=person, full_name=f"Старонка {51 - i:02d}", language="be")

    first = client.get(URL, {"lang": "be"})
    second = client.get(f"{URL}?{first.context['next_query']}")

    assert names_on(second) == ["Pagina 01", "Pagina 00"]
    # Another language orders by other names: its switcher and alternates lead to the top of the list.
    assert "after=" not in re.search(r'name="next" value="([^"]*)"', second.content.decode()).group(1)
    assert 'hreflang="en" href="' in second.content.decode()
    assert not re.search(r'hreflang="en" href="[^"]*after=', second.content.decode())
