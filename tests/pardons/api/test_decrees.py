"""Decrees: breakdown, announced vs identified, series ordinal, named people only; staff may enter one."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pardons import services
from pardons.models import PardonDecree
from tests.factories import (
    BreakdownItemFactory,
    CustodyFactory,
    DecreeSeriesFactory,
    PardonDecreeFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/decrees/"


def test_it_shows_announced_vs_identified_and_names_only_the_named(api_client, three_people):
    decree = PardonDecreeFactory(announced_total=20)
    BreakdownItemFactory(decree=decree, category="women", count=11)
    BreakdownItemFactory(decree=decree, category="chronically_ill", count=14)
    for person in three_people.values():
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=person)

    body = api_client.get(f"{URL}{decree.pk}/").json()

    assert body["announced_total"] == 20
    assert body["identified_count"] == 2  # public + anonymous; the private person is not counted
    assert body["names_withheld"] == 1
    assert [p["display_name"] for p in body["identified_people"]] == ["Fictional Public Person"]
    assert body["breakdown"] == [
        # One withheld woman is too few to count on a line (small-cell rule): named people only.
        {
            "category": "women",
            "label": "",
            "label_be": "",
            "label_ru": "",
            "count": 11,
            "identified": 1,
            "protected": False,
        },
        # Derivable, but from so few people it would tell whose health it is (registry.models.vulnerability).
        {
            "category": "chronically_ill",
            "label": "",
            "label_be": "",
            "label_ru": "",
            "count": 14,
            "identified": None,
            "protected": True,
        },
    ]
    assert body["breakdown_includes_withheld"] is False
    assert "Anonymous" not in str(body) and "Private" not in str(body)


def test_it_numbers_decrees_in_their_series_even_on_a_filtered_page(api_client):
    series = DecreeSeriesFactory()
    for month in (7, 8, 9):
        PardonDecreeFactory(series=series, announced_on=dt.date(2024, month, 1))

    rows = api_client.get(URL, {"announced_after": "2024-09-01"}).json()["results"]

    assert [(r["announced_on"], r["series_ordinal"]) for r in rows] == [("2024-09-01", 3)]


def test_running_totals_of_the_series_stay_right_on_a_filtered_page_and_on_the_decree_page(api_client, client):
    series = DecreeSeriesFactory()
    decrees = [
        PardonDecreeFactory(series=series, announced_on=dt.date(2024, month, 1), announced_total=total)
        for month, total in ((7, 10), (8, 20), (9, 30))
    ]
    services.record_pardon(sources=[SourceFactory()], decree=decrees[0], prisoner=CustodyFactory().prisoner)
    services.record_pardon(sources=[SourceFactory()], decree=decrees[2], prisoner=CustodyFactory().prisoner)
    PardonDecreeFactory(announced_on=dt.date(2024, 9, 2), announced_total=99)  # outside the series

    rows = api_client.get(URL, {"announced_after": "2024-09-01"}).json()["results"]
    page = client.get(f"/decrees/{decrees[1].pk}/").content.decode()

    totals = {r["announced_on"]: (r["series_announced_total"], r["series_identified_total"]) for r in rows}
    assert totals == {"2024-09-01": (60, 2), "2024-09-02": (None, None)}
    assert "30</span>" in page and "announced in the series up to this decree, 1 of them identified" in page


def test_it_gives_partial_dates_at_their_precision(api_client):
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 1, 1), announced_on_precision="year")

    body = api_client.get(f"{URL}{decree.pk}/").json()

    assert (body["announced_on"], body["announced_on_precision"], body["signed_on"]) == ("2024", "year", None)


def test_it_runs_the_same_number_of_queries_for_one_row_as_for_many(api_client, django_assert_num_queries):
    for day in range(1, 7):
        decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, day))
        BreakdownItemFactory(decree=decree)
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=CustodyFactory().prisoner)
    with CaptureQueriesContext(connection) as one_row:
        api_client.get(URL, {"page_size": 1})

    with django_assert_num_queries(len(one_row)):
        assert len(api_client.get(URL, {"page_size": 6}).json()["results"]) == 6


def test_it_streams_decrees_as_csv_with_the_withheld_count(api_client, three_people):
    decree = PardonDecreeFactory(title="Fictional decree")
    services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=three_people["anonymous"])

    text = b"".join(api_client.get("/api/v1/decrees.csv").streaming_content).decode()

    header, row = text.splitlines()
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert (values["identified_count"], values["names_withheld"]) == ("1", "1")


NEW_DECREE = {
    "announced_on": "2024-09",
    "announced_total": 20,
    "breakdown": [{"category": "women", "count": 11}, {"category": "chronically_ill", "count": 14}],
    "conditions": "All expressed remorse.",
}


def test_staff_with_permission_may_enter_a_decree_as_counts_only(staff_client):
    response = staff_client.post(URL, NEW_DECREE, format="json")

    assert response.status_code == 201, response.json()
    decree = PardonDecree.objects.get()
    assert (decree.announced_on, decree.announced_on_precision) == (dt.date(2024, 9, 1), "month")
    assert decree.breakdown.count() == 2
    assert response.json()["announced_on"] == "2024-09"


def test_anonymous_clients_may_not_enter_a_decree(api_client):
    response = api_client.post(URL, NEW_DECREE, format="json")

    assert response.status_code == 401
    assert response.json()["message"]
    assert not PardonDecree.objects.exists()


def test_journalists_may_not_enter_a_decree(journalist_client):
    response = journalist_client.post(URL, NEW_DECREE, format="json")

    assert response.status_code == 403
    assert not PardonDecree.objects.exists()


def test_staff_without_the_permission_may_not_enter_a_decree(api_client):
    from tests.factories import api_token

    api_client.credentials(HTTP_AUTHORIZATION=f"Token {api_token(username='intern', is_staff=True)}")

    assert api_client.post(URL, NEW_DECREE, format="json").status_code == 403


def test_it_refuses_an_invalid_decree_per_field_and_saves_nothing(staff_client):
    bad = {**NEW_DECREE, "announced_on": "2024-13", "signed_on": "2025-01-01", "announced_total": -1}

    response = staff_client.post(URL, bad, format="json")

    assert response.status_code == 400
    assert {"announced_on", "announced_total"} <= set(response.json()["errors"])
    assert not PardonDecree.objects.exists()


def test_it_refuses_a_decree_signed_after_its_announcement_under_the_date_the_client_sent(staff_client):
    response = staff_client.post(URL, {**NEW_DECREE, "signed_on": "2025-01-01"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"signed_on": ["A decree cannot be signed after it was announced."]}
    assert "decree_signed_not_after_announced" not in response.content.decode()
    assert not PardonDecree.objects.exists()


def test_it_refuses_a_repeated_breakdown_category_and_keeps_nothing(staff_client):
    repeated = {**NEW_DECREE, "breakdown": [{"category": "women", "count": 1}, {"category": "women", "count": 2}]}

    response = staff_client.post(URL, repeated, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]["breakdown"]) == ["1"]  # the second line, keyed as a bad value is
    assert not PardonDecree.objects.exists()


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"category": "zzz", "count": 1}, "category"),
        ({"category": "women", "count": -1}, "count"),
        ({"category": "women", "count": "abc"}, "count"),
        ({"category": "women"}, "count"),
        ({"category": "women", "count": 99999999999}, "count"),
    ],
)
def test_a_bad_value_in_a_breakdown_line_is_a_400_naming_the_line_and_field(staff_client, settings, line, field):
    settings.DEBUG = False

    response = staff_client.post(URL, {**NEW_DECREE, "breakdown": [line]}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]["breakdown"]["0"]) == [field]
    assert not PardonDecree.objects.exists()


def test_a_line_counting_more_people_than_announced_is_a_400_on_its_line(staff_client):
    over = {**NEW_DECREE, "announced_total": 10, "breakdown": [{"category": "women", "count": 50}]}

    response = staff_client.post(URL, over, format="json")

    assert response.status_code == 400
    assert response.json()["errors"]["breakdown"] == {
        "0": {"count": ["More than the announced total (10): a line counts some of the people announced."]}
    }
    assert not PardonDecree.objects.exists()
