"""The contact log: the profile's last sign of life and "no news for N days", the count of people without contact,
and "can write now" — with staff notes never public."""

import datetime as dt

import pytest

from registry.models import Contact, Prisoner
from registry.queries import statistics
from registry.staff.roles import EDITOR
from tests.admin_forms import form_data
from tests.factories import FacilityFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db
NOTE = "Fictional note: told by a cellmate Qwxz"


def heard(person, kind="letter", days_ago=10):
    # Today when the test runs, not when the module was collected: a run that crosses midnight counts one day more.
    return Contact.objects.create(
        prisoner=person, kind=kind, occurred_on=dt.date.today() - dt.timedelta(days=days_ago), note=NOTE
    )


def test_the_profile_shows_the_last_sign_of_life_and_how_long_the_silence_is(client):
    person = make_person("Fiktyuny Maŭklivy", detained_on=dt.date(2021, 5, 1))
    heard(person, "lawyer_visit", days_ago=200)
    heard(person, "letter", days_ago=300)  # an older sign of life, entered later
    heard(person, "no_contact", days_ago=5)

    page = client.get(f"/prisoners/{person.pk}/").content.decode()

    assert "Lawyer&#x27;s visit" in page or "Lawyer's visit" in page
    assert "no news for 200 days" in page
    assert "A letter from them arrived" not in page
    assert NOTE not in page


def test_a_recent_sign_of_life_is_shown_without_an_alarm(client):
    person = make_person("Fiktyuny Pismenny", detained_on=dt.date(2021, 5, 1))
    heard(person, "letter", days_ago=3)

    page = client.get(f"/prisoners/{person.pk}/").content.decode()

    assert "A letter from them arrived" in page
    assert "no news for" not in page


def test_statistics_count_people_held_by_time_since_their_last_sign_of_life(settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1  # who is counted at all; the threshold: tests/registry/test_small_cells.py
    recent, quiet, silent = (make_person(f"Fiktyuny {n}", detained_on=dt.date(2021, 5, 1)) for n in "ABC")
    make_person("Fiktyuny Unknown", detained_on=dt.date(2021, 5, 1))
    anonymous = make_person("Fiktyuny Anonimny", visibility="anonymous", detained_on=dt.date(2021, 5, 1))
    heard(recent, days_ago=3)
    heard(quiet, days_ago=100)
    heard(silent, "court", days_ago=400)
    heard(anonymous, days_ago=400)
    heard(recent, "no_contact", days_ago=500)  # a report of silence is not a sign of life

    numbers = statistics.without_contact(dt.date.today())

    assert (numbers["held"], numbers["unrecorded"]) == (5, 1)
    assert (numbers["over_30"], numbers["over_180"], numbers["over_365"]) == (3, 2, 2)


def test_statistics_of_contact_on_a_past_day_count_only_what_was_heard_by_then(settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1
    before, after = (make_person(f"Fiktyuny {n}", detained_on=dt.date(2021, 5, 1)) for n in "DE")
    heard(before, days_ago=300)
    heard(after, days_ago=10)  # heard of only since the day counted
    heard(before, days_ago=5)

    numbers = statistics.without_contact(dt.date.today() - dt.timedelta(days=100))

    assert (numbers["held"], numbers["unrecorded"]) == (2, 1)
    assert (numbers["over_30"], numbers["over_180"], numbers["over_365"]) == (1, 1, 0)


def test_statistics_of_contact_leave_out_private_people_and_people_not_held():
    today = dt.date.today()
    private = make_person("Fiktyuny Pryvatny", visibility="private")
    released = make_person("Fiktyuny Volny")
    Prisoner.objects.get(pk=released.pk).custody_periods.update(
        released_on=today - dt.timedelta(days=50), release_reason="served"
    )
    later = make_person("Fiktyuny Paslia", detained_on=today + dt.timedelta(days=40))
    for person in (private, released, later):
        heard(person, days_ago=200)

    assert statistics.without_contact(today) == {
        "on": today, "held": 0, "unrecorded": 0, "over_30": 0, "over_180": 0, "over_365": 0,
    }  # fmt: skip


def test_a_report_of_no_contact_takes_a_person_off_can_write_now_until_a_sign_of_life():
    facility = FacilityFactory(postal_address="Fictional Street 1")
    person = make_person("Fiktyuny Adrasat", facility=facility)
    Prisoner.objects.filter(pk=person.pk).update(letters="open")
    assert Prisoner.objects.can_write_now().filter(pk=person.pk).exists()

    heard(person, "no_contact", days_ago=2)
    assert not Prisoner.objects.can_write_now().filter(pk=person.pk).exists()

    heard(person, "letter", days_ago=0)
    assert Prisoner.objects.can_write_now().filter(pk=person.pk).exists()


def test_an_editor_logs_contact_in_the_admin_with_history(client, role_user):
    person = make_person("Fiktyuny Zhurnal")
    user = role_user(EDITOR)
    client.force_login(user)
    url = f"/admin/registry/prisoner/{person.pk}/change/"

    data = form_data(client.get(url)) | {
        "contacts-TOTAL_FORMS": "1", "contacts-INITIAL_FORMS": "0",
        "contacts-0-kind": "family_visit", "contacts-0-occurred_on": "2026-11-20", "contacts-0-note": NOTE,
    }  # fmt: skip
    response = client.post(url, data)

    assert response.status_code == 302
    logged = Contact.objects.get(prisoner=person)
    assert (logged.kind, logged.occurred_on) == ("family_visit", dt.date(2026, 11, 20))
    assert logged.history.get().history_user == user


def test_no_note_reaches_the_api_or_a_feed(client):
    person = make_person("Fiktyuny Notatka")
    heard(person)

    for url in (f"/api/v1/prisoners/{person.pk}/", "/prisoners/feed.atom", "/api/v1/statistics/without-contact/"):
        response = client.get(url)
        assert response.status_code == 200
        assert NOTE.encode() not in response.content


def test_the_api_document_says_the_same_as_the_profile_rule_after_a_report_of_no_contact(api_client):
    facility = FacilityFactory(postal_address="Fictional Street 2")
    person = make_person("Fiktyuny Dakument", facility=facility)
    Prisoner.objects.filter(pk=person.pk).update(letters="open")
    url = f"/api/v1/prisoners/{person.pk}/"
    assert api_client.get(url).json()["can_write_now"] is True

    heard(person, "no_contact", days_ago=1)

    assert api_client.get(url).json()["can_write_now"] is False
    assert not Prisoner.objects.can_write_now().filter(pk=person.pk).exists()
