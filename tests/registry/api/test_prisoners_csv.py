"""The prisoners CSV download: streamed, the same filters as the list, named people only."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse

from tests.factories import ChargeFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/prisoners.csv"


def rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_it_streams_named_people_only(api_client, three_people):
    response = api_client.get(URL)

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"] == 'attachment; filename="prisoners.csv"'
    table = rows(response)
    assert [row["display_name"] for row in table] == ["Fictional Public Person"]
    assert table[0]["name_be"] == "Выдуманая public Асоба"
    assert table[0]["detained_on"] == "2021-05-14"
    assert table[0]["status"] == "in_custody"


def test_it_applies_the_list_filters(api_client, three_people):
    ChargeFactory(conviction__prisoner=three_people["public"], article__number="361-1")

    assert (
        rows(api_client.get(URL, {"article": "361-1"}))[0]["articles"]
        == "CC BY art. 361-1 part 1; CC BY art. 900 part 1"
    )
    assert rows(api_client.get(URL, {"article": "910"})) == []
    assert rows(api_client.get(URL, {"q": "anonymous"})) == []


def test_it_refuses_bad_filters_as_json(api_client):
    response = api_client.get(URL, {"status": "nonsense"})

    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_it_reads_the_whole_download_in_a_fixed_number_of_queries(api_client):
    from tests.factories import PlacementFactory

    def download_queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            rows(api_client.get(URL))
        return len(queries)

    PlacementFactory()
    one = download_queries()
    for _ in range(6):
        PlacementFactory()

    assert download_queries() == one  # one chunk of rows, prefetched, whatever its size


def test_a_formula_typed_by_staff_is_downloaded_as_text(api_client, three_people):
    person = three_people["public"]
    person.display_name = '=HYPERLINK("http://example.org","click")'
    person.occupation = "@SUM(1)"
    person.save()

    row = rows(api_client.get(URL))[0]

    assert row["display_name"] == "'" + person.display_name
    assert row["occupation"] == "'@SUM(1)"


def test_with_bom_the_download_starts_with_a_byte_order_mark_for_excel(api_client, three_people):
    plain = b"".join(api_client.get(URL).streaming_content)
    for_excel = b"".join(api_client.get(URL, {"bom": "1"}).streaming_content)

    assert not plain.startswith(b"\xef\xbb\xbf")
    assert for_excel == b"\xef\xbb\xbf" + plain
    assert rows(api_client.get(URL, {"bom": "1"})) == rows(api_client.get(URL))  # DictReader sees no stray BOM


def test_a_bom_value_that_is_no_boolean_is_a_400_naming_the_parameter(api_client):
    response = api_client.get(URL, {"bom": "maybe"})

    assert response.status_code == 400
    assert response.json()["errors"] == {"bom": ["Must be true or false."]}
