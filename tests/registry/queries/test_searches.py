"""registry.queries.searches: a name search's first page in one prepared statement answers what the general path
(the filter set, search_prisoners, the cursor paginator) answers, byte for byte, or leaves the request to it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import search
from registry.api.people import PrisonerViewSet
from registry.queries import searches
from registry.queries.prepared import GENERIC
from tests.factories import PrisonerFactory, PrisonerNameFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/prisoners/"
ORDERING = tuple(PrisonerViewSet.search_ordering)


def statement(query: dict) -> str:
    """A captured query's first word, that of the statement it runs by its generic plan."""
    return query["sql"].removeprefix(GENERIC).split()[0]


def answered_by(asked: CaptureQueriesContext) -> list[str]:
    """The statements a request ran after reading the data version, but for preparing statements and dropping
    old ones (a connection keeps only the latest)."""
    run = [statement(query) for query in asked.captured_queries[1:]]
    return [statement for statement in run if statement not in ("PREPARE", "DEALLOCATE")]


@pytest.fixture
def namesakes(db):
    """People whose names share words in several scripts and spellings, a few of them hidden."""
    for display, belarusian, visibility in [
        ("Siarhei Fiktsiuny", "Сяргей Фікціўны", "public"),
        ("Sergei Fiktsiuny", "Сергей Фикциуный", "public"),
        ("Siarhei Fiktsiuny-Prykladny", "Сяргей Фікціўны-Прыкладны", "public"),
        ("Aliaksandr Fiktsiuny", "Аляксандр Фікціўны", "public"),
        ("Abramau Aliaksandr Fiktsiuny", "Абрамаў Аляксандр Фікціўны", "public"),  # first by name, not by rank
        ("Aliaksandr Testavy", "Аляксандр Тэставы", "public"),
        ("Hanna Testavaya", "Ганна Тэставая", "public"),
        ("Pavel Fiktsiunyvich", "Павел Фікціўнывіч", "public"),  # starts with a word, in no crowd of it
        ("Hanna Fiktsiunaya", "Ганна Фікцыйная", "anonymous"),
        ("Siarhei Fiktsiuny", "Сяргей Фікціўны", "private"),
    ]:
        person = PrisonerFactory(display_name=display, visibility=visibility)
        PrisonerNameFactory(prisoner=person, full_name=belarusian, language="be")


QUERIES = [
    "Siarhei Fiktsiuny",
    "Сяргей Фікціўны",
    "Sergey Fiktsiuny",  # another spelling of the given name
    "Fiktsiuny Siarhei",  # swapped
    "Srgei Fiktsiuny",  # a given name one typo off: corrected
    "Aliaksandr Fik",  # still typing
    "Aliaksandr Fiktsiuny",
    "Fiktsiuny",  # one word, held by a few (a crowd when CROWD is 3)
    "Hanna Testavya",  # a typo in the surname: no one holds it whole
    "Fiktsiunx",  # one word, a typo
    "Ahnna Testavya",  # both words misspelt: the surname alone, typos allowed
    "Hanna Fiktsiunaya",  # only a hidden person holds it
    "Hanna",  # a given name alone
    "Zzyzx Qwerty",  # nobody, however spelt
    "!!!",  # nothing searchable
]


@pytest.mark.parametrize("crowd", [100, 3])
def test_a_first_page_answers_byte_for_byte_what_the_general_path_answers(
    api_client, settings, monkeypatch, namesakes, crowd
):
    monkeypatch.setattr(search, "CROWD", crowd)  # 3: "Fiktsiuny" is a crowd, ranked from its holders' stored words
    settings.DERIVED_CACHE_ENTRIES = 0  # each answer made afresh, not read back from the first
    settings.API_ANON_RATE = "100000/minute"  # every answer a page, none a 429
    original, taken = PrisonerViewSet._searched_first_page, {}

    def noting(self, request):
        found = original(self, request)
        taken.setdefault(request.query_params["q"], set()).add(found is not None)
        return found

    for query in QUERIES:
        for size in ({}, {"page_size": 1}, {"page_size": 2}):
            monkeypatch.setattr(PrisonerViewSet, "_searched_first_page", noting)
            fast = api_client.get(URL, {"q": query, **size})
            monkeypatch.setattr(PrisonerViewSet, "_searched_first_page", lambda self, request: None)
            general = api_client.get(URL, {"q": query, **size})
            assert fast.status_code == general.status_code == 200
            assert fast.content == general.content, (query, size)

    assert taken == {query: {True} for query in QUERIES}


def test_a_first_page_is_one_statement_prepared_once_per_connection_for_each_shape(api_client, namesakes):
    # A page length no other test asks for: a shape not prepared on this connection before.
    with CaptureQueriesContext(connection) as first:
        api_client.get(URL, {"q": "Siarhei Fiktsiuny", "page_size": 7})
    with CaptureQueriesContext(connection) as again:
        page = api_client.get(URL, {"q": "Aliaksandr Testavy", "page_size": 7}).json()  # same shape, other words

    statements = [statement(q) for q in first.captured_queries if "registry_search_" in q["sql"]]
    assert [statement for statement in statements if statement != "DEALLOCATE"] == ["PREPARE", "EXECUTE"]
    assert len(again.captured_queries) == 2  # the data version, then the page
    assert again.captured_queries[1]["sql"].removeprefix(GENERIC).startswith("EXECUTE registry_search_")
    assert [p["display_name"] for p in page["results"]] == ["Aliaksandr Testavy"]


def test_a_crowds_first_page_is_one_statement_too(api_client, monkeypatch, namesakes):
    monkeypatch.setattr(search, "CROWD", 3)

    with CaptureQueriesContext(connection) as asked:
        page = api_client.get(URL, {"q": "Fiktsiuny", "page_size": 9}).json()

    assert answered_by(asked) == ["EXECUTE"]
    assert len(page["results"]) == 5


def test_a_first_page_never_holds_a_hidden_person(namesakes):
    for query in ("Siarhei Fiktsiuny", "Hanna Fiktsiunaya", "Hanna Fiktsiunaia", "Fiktsiuny"):
        found = searches.first_page(query, ordering=ORDERING, limit=50, using="default")
        assert {p.visibility for p in found} <= {"public"}, query


@pytest.mark.parametrize("query", ["Hanna Testavya", "Ahnna Testavya", "Fiktsiunx"])
def test_a_misspelt_search_is_answered_in_the_one_statement_too(api_client, namesakes, query):
    with CaptureQueriesContext(connection) as asked:
        page = api_client.get(URL, {"q": query, "page_size": 11}).json()

    assert answered_by(asked) == ["EXECUTE"]
    assert page["results"]


def test_a_search_with_nothing_searchable_is_an_empty_page_without_a_query(namesakes):
    with CaptureQueriesContext(connection) as asked:
        assert searches.first_page("!!! ...", ordering=ORDERING, limit=50, using="default") == []
    assert not asked.captured_queries


def test_a_connection_keeps_only_the_latest_statements(monkeypatch, namesakes):
    monkeypatch.setattr(searches.PREPARED, "kept", 2)
    queries = ["Siarhei Fiktsiuny", "Siarhei Fiktsiuny Prykladny", "Fiktsiuny", "Siarhei Fiktsiuny"]
    for query in queries:  # three shapes, then the first again, dropped in between
        assert searches.first_page(query, ordering=ORDERING, limit=50, using="default")

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_prepared_statements WHERE name LIKE 'registry_search_%%'")
        assert cursor.fetchone()[0] == 2


@pytest.mark.parametrize(
    "asked", [{"status": "in_custody"}, {"ordering": "display_name"}, {"cursor": "x"}, {"sex": "male"}]
)
def test_a_search_with_anything_else_asked_takes_the_general_path(api_client, monkeypatch, namesakes, asked):
    monkeypatch.setattr(searches, "first_page", lambda *args, **kwargs: pytest.fail("not the first page alone"))

    response = api_client.get(URL, {"q": "Siarhei Fiktsiuny", **asked})

    assert response.status_code in (200, 400)


def test_a_bad_page_size_is_refused_as_on_any_list(api_client, namesakes):
    response = api_client.get(URL, {"q": "Siarhei Fiktsiuny", "page_size": "0"})

    assert response.status_code == 400
    assert "page_size" in response.json()["errors"]
