"""Upcoming dates: birthdays this month and expected releases soon, of public people held now; page and iCal."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from registry import services
from registry.models import Prisoner
from registry.queries import upcoming
from tests.factories import ConvictionFactory, PrisonerFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 4)


def held(name, *, born=None, precision="day", detained=dt.date(2021, 1, 10), months=None, visibility="public"):
    person = PrisonerFactory(display_name=name, visibility=visibility, birth_date=born, birth_date_precision=precision)
    services.record_detention(prisoner=person, detained_on=detained)
    if months:
        ConvictionFactory(prisoner=person, verdict_on=detained + dt.timedelta(days=100), sentence_months=months)
    return person


def test_birthdays_this_month_of_public_people_held_now_only_and_known_to_the_day():
    held("Fictional December", born=dt.date(1980, 12, 20))
    held("Fictional Early December", born=dt.date(1975, 12, 2))
    held("Fictional Year Only", born=dt.date(1980, 1, 1), precision="year")
    held("Fictional Withheld", born=dt.date(1980, 12, 5), visibility="anonymous")
    held("Fictional January", born=dt.date(1980, 1, 20))

    found = [(u.person.display_name, u.on) for u in upcoming.birthdays(TODAY)]

    assert found == [("Fictional Early December", dt.date(2026, 12, 2)), ("Fictional December", dt.date(2026, 12, 20))]


def test_no_birthday_is_listed_of_someone_not_held_now_nor_under_house_arrest():
    PrisonerFactory(
        display_name="Fictional Never Detained", birth_date=dt.date(1980, 12, 20), birth_date_precision="day"
    )
    at_home = PrisonerFactory(
        display_name="Fictional At Home", birth_date=dt.date(1980, 12, 21), birth_date_precision="day"
    )
    services.record_detention(prisoner=at_home, detained_on=dt.date(2025, 1, 10), kind="house_arrest")

    assert upcoming.birthdays(TODAY) == []


def test_expected_releases_in_the_coming_weeks_by_the_profiles_rule():
    held("Fictional Soon", detained=dt.date(2021, 1, 10), months=72)  # 2027-01-10
    held("Fictional Later", detained=dt.date(2021, 6, 10), months=72)  # 2027-06-10
    held("Fictional Past", detained=dt.date(2020, 1, 10), months=72)  # 2026-01-10, overdue: not upcoming

    found = [(u.person.display_name, u.on, u.precision) for u in upcoming.releases(TODAY)]

    assert found == [("Fictional Soon", dt.date(2027, 1, 10), "day")]
    assert Prisoner.objects.get(display_name="Fictional Soon").expected_release().date == dt.date(2027, 1, 10)


def test_the_page_and_the_calendar_show_the_same_dates(client, monkeypatch):
    monkeypatch.setattr("registry.queries.statistics.today", lambda: TODAY)
    monkeypatch.setattr("registry.site.dates.today", lambda: TODAY)
    birthday = held("Fictional December", born=dt.date(1980, 12, 20))
    release = held("Fictional Soon", months=72)

    page = client.get(reverse("upcoming_dates")).content.decode()
    feed = client.get(reverse("upcoming_calendar"))
    events = {str(e["uid"]): e for e in Calendar.from_ical(feed.content).walk("VEVENT")}

    assert "Fictional December" in page and "Fictional Soon" in page
    assert feed["Content-Type"] == "text/calendar; charset=utf-8"
    assert events[f"birthday-{birthday.pk}@testserver"]["rrule"]["FREQ"] == ["YEARLY"]
    assert events[f"birthday-{birthday.pk}@testserver"].decoded("dtstart") == dt.date(2026, 12, 20)
    assert events[f"release-{release.pk}@testserver"].decoded("dtstart") == dt.date(2027, 1, 10)
    assert str(events[f"release-{release.pk}@testserver"]["url"]).endswith(f"/prisoners/{release.pk}/")
