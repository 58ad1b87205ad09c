"""The small-cell rule: no published figure tells an attribute of a person whose name is withheld.

A figure counts the anonymous people of a set only when at least STATISTICS_MIN_ANONYMOUS of them are in
it (registry.models.visibility.anonymous_may_be_counted); otherwise named people only, and it says so.
"""

import datetime as dt

import pytest
from django.urls import reverse

from pardons import services
from registry.models import Contact, Prisoner
from registry.models.visibility import anonymous_may_be_counted
from tests.factories import BreakdownItemFactory, CustodyFactory, PardonDecreeFactory, SourceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decree():
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16), announced_total=20)
    BreakdownItemFactory(decree=decree, category="women", count=11)
    return decree


def pardon(decree, *, visibility: str, n: int = 1) -> None:
    for _ in range(n):
        prisoner = CustodyFactory(prisoner__visibility=visibility, prisoner__sex="female").prisoner
        services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=prisoner)


@pytest.mark.parametrize(("anonymous", "counted"), [(0, True), (1, False), (4, False), (5, True), (50, True)])
def test_anonymous_people_are_counted_only_in_sets_of_none_or_at_least_five(anonymous, counted):
    assert anonymous_may_be_counted(anonymous) is counted


def test_facets_narrowed_to_one_anonymous_person_tell_nothing_about_them(api_client, decree):
    pardon(decree, visibility="anonymous")

    body = api_client.get("/api/v1/statistics/facets/", {"decree": decree.pk}).json()

    assert body == {"status": {}, "region": {}, "sex": {}, "article": {}, "anonymous_included": False}


def test_facets_count_anonymous_people_once_there_are_enough_of_them(api_client, decree):
    pardon(decree, visibility="anonymous", n=5)

    body = api_client.get("/api/v1/statistics/facets/", {"decree": decree.pk}).json()

    assert body["sex"] == {"female": 5}
    assert body["anonymous_included"] is True


def test_the_threshold_is_a_setting(api_client, decree, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1
    pardon(decree, visibility="anonymous")

    assert api_client.get("/api/v1/statistics/facets/", {"decree": decree.pk}).json()["sex"] == {"female": 1}


def test_a_decree_line_does_not_tell_the_sex_of_a_lone_anonymous_person(api_client, client, decree):
    pardon(decree, visibility="anonymous")
    pardon(decree, visibility="public")

    document = api_client.get(f"/api/v1/decrees/{decree.pk}/").json()
    page = client.get(reverse("decree_detail", args=[decree.pk]))

    assert document["identified_count"] == 2  # counted, never named: the registry's promise
    assert document["names_withheld"] == 1
    assert [line["identified"] for line in document["breakdown"]] == [1]  # the named woman only
    assert document["breakdown_includes_withheld"] is False
    assert [line.identified for line in page.context["breakdown"]] == [1]
    assert "too few of the people identified are withheld" in page.content.decode()


def test_a_decree_line_counts_withheld_people_once_there_are_enough(api_client, decree):
    pardon(decree, visibility="anonymous", n=5)

    document = api_client.get(f"/api/v1/decrees/{decree.pk}/").json()

    assert [line["identified"] for line in document["breakdown"]] == [5]
    assert document["breakdown_includes_withheld"] is True


@pytest.mark.parametrize("tallied", [True, False], ids=["from the tallies", "scanned"])
def test_a_facets_row_tells_nothing_of_a_lone_withheld_person_in_a_set_holding_enough_of_them(api_client, tallied):
    from tests.factories import ArticleFactory, RegionFactory
    from tests.site_data import make_person

    region, treason = RegionFactory(slug="fictional-oblast"), ArticleFactory(number="356")
    make_person("Fiktyuny Nazvany", region=region, sex="female")
    for i in range(5):
        make_person(f"Fiktyuny Schavany {i}", visibility="anonymous", region=region, sex="female",
                    article=treason if i == 0 else None)  # fmt: skip
    # A region is answered from the tallies; a detention date, here matching everyone, by scanning the set.
    query = {"region": region.slug} if tallied else {"region": region.slug, "detained_after": "2000-01-01"}

    body = api_client.get("/api/v1/statistics/facets/", query).json()

    assert body["sex"] == {"female": 6}  # five withheld women: enough to count
    assert "356" not in body["article"]  # the one withheld person charged with treason: not told
    assert body["anonymous_included"] is False


def released(visibility: str, on: dt.date, reason: str, n: int = 1) -> None:
    for _ in range(n):
        CustodyFactory(
            prisoner__visibility=visibility, released_on=on, release_reason=reason, released_on_precision="day"
        )


def test_release_figures_tell_nothing_of_when_or_how_a_lone_withheld_person_left_custody(api_client, client):
    released("public", dt.date(2024, 3, 10), "pardon")
    released("anonymous", dt.date(2024, 3, 12), "pardon")
    released("anonymous", dt.date(2024, 4, 2), "died")
    since = {"since": "2024-01-01"}

    by_month = api_client.get("/api/v1/statistics/releases-by-month/", {"start": "2024-01-01"}).json()
    by_reason = api_client.get("/api/v1/statistics/releases-by-reason/", since).json()["releases"]
    deaths = api_client.get("/api/v1/statistics/deaths-in-custody/", since).json()["deaths_in_custody"]
    headline = api_client.get("/api/v1/statistics/headline/").json()
    csv = client.get(reverse("statistics_csv", args=["releases-by-month"])).content.decode()

    assert by_month == [{"month": "2024-03-01", "reason": "pardon", "count": 1}]  # the named person only
    assert by_reason["pardon"] == 1 and deaths == 0
    assert headline["released_since_2020"]["pardon"] == 1 and headline["deaths_in_custody_since_2020"] == 0
    assert "2024-03,1" in csv.splitlines() and "2024-04,0" in csv.splitlines()


def test_release_figures_count_withheld_people_once_a_month_and_reason_holds_enough_of_them(api_client):
    released("public", dt.date(2024, 3, 10), "pardon")
    released("anonymous", dt.date(2024, 3, 12), "pardon", n=5)
    released("anonymous", dt.date(2024, 2, 12), "pardon", n=4)  # too few in February; March and February: nine

    by_month = api_client.get("/api/v1/statistics/releases-by-month/", {"start": "2024-01-01"}).json()
    by_reason = api_client.get("/api/v1/statistics/releases-by-reason/", {"since": "2024-01-01"}).json()

    assert by_month == [{"month": "2024-03-01", "reason": "pardon", "count": 6}]  # February's four: not told
    # Nor by the total: it is the sum of the months (10 less March's 6 told February's four).
    assert by_reason["releases"]["pardon"] == 6


def test_two_ranges_differ_only_by_cells_that_are_shown(api_client):
    released("public", dt.date(2024, 3, 10), "pardon")
    for day in (3, 9, 17, 24, 31):  # enough for March, never enough on a day
        released("anonymous", dt.date(2024, 3, day), "pardon")
    released("anonymous", dt.date(2024, 2, 12), "died", n=4)  # too few for February
    released("anonymous", dt.date(2024, 4, 2), "died", n=5)

    def pardons(since: str, until: str) -> int:
        answer = api_client.get("/api/v1/statistics/releases-by-reason/", {"since": since, "until": until}).json()
        return answer["releases"]["pardon"]

    def deaths(since: str, until: str) -> int:
        answer = api_client.get("/api/v1/statistics/deaths-in-custody/", {"since": since, "until": until}).json()
        return answer["deaths_in_custody"]

    # Moving the end a day at a time through March tells no withheld release's day: the month counts them, whole.
    ends = [dt.date(2024, 3, day).isoformat() for day in range(1, 32)]
    assert [pardons("2024-01-01", end) for end in ends] == [0] * 9 + [1] * 21 + [6]
    assert [pardons(start, "2024-12-31") for start in ("2024-03-01", "2024-03-02", "2024-03-10", "2024-03-11")] == [
        6,
        1,
        1,
        0,
    ]
    # February to April less March to April: February's four deaths stay untold; April's five are shown.
    assert deaths("2024-02-01", "2024-04-30") == deaths("2024-03-01", "2024-04-30") == 5


def test_a_count_of_people_without_contact_tells_nothing_of_when_a_lone_withheld_person_was_last_heard_of(api_client):
    from tests.site_data import make_person

    today = dt.date.today()
    named = make_person("Fiktyuny Nazvany", detained_on=dt.date(2021, 5, 1))
    withheld = make_person("Fiktyuny Schavany", visibility="anonymous", detained_on=dt.date(2021, 5, 1))
    Contact.objects.create(prisoner=named, kind="letter", occurred_on=today - dt.timedelta(days=100))
    Contact.objects.create(prisoner=withheld, kind="letter", occurred_on=today - dt.timedelta(days=400))

    body = api_client.get("/api/v1/statistics/without-contact/").json()

    assert body["held"] == 2  # both are held: the registry's count, as the headline's
    assert (body["over_30"], body["over_180"], body["over_365"], body["unrecorded"]) == (1, 0, 0, 0)


def test_a_count_of_people_without_contact_takes_withheld_people_once_it_holds_enough_of_them(api_client):
    from tests.site_data import make_person

    for i in range(5):
        make_person(f"Fiktyuny Schavany {i}", visibility="anonymous", detained_on=dt.date(2021, 5, 1))
    make_person("Fiktyuny Nazvany", detained_on=dt.date(2021, 5, 1))

    body = api_client.get("/api/v1/statistics/without-contact/").json()

    assert (body["held"], body["unrecorded"]) == (6, 6)


def test_the_count_of_the_held_over_60_does_not_tell_a_lone_withheld_persons_age(api_client):
    from tests.site_data import make_person

    named = make_person("Fiktyuny Stary")
    withheld = make_person("Fiktyuny Schavany Stary", visibility="anonymous")
    Prisoner.objects.filter(pk__in=[named.pk, withheld.pk]).update(
        birth_date=dt.date(1950, 1, 1), birth_date_precision="year"
    )

    body = api_client.get("/api/v1/statistics/at-risk/").json()

    assert (body["held"], body["over_60"]) == (2, 1)  # the named man's birth year is on his profile
