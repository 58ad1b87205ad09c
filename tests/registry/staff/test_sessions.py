"""Staff sessions end after a working day without a request, and each request starts the day again."""

import datetime as dt

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db
ADMIN = reverse("admin:index")


def test_a_session_lasts_a_working_day_from_the_last_request(client, staff_user, settings):
    client.force_login(staff_user)
    assert settings.SESSION_COOKIE_AGE == 9 * 60 * 60

    client.get(ADMIN)

    expires = Session.objects.get().expire_date
    assert dt.timedelta(hours=8, minutes=59) < expires - timezone.now() <= dt.timedelta(hours=9)


def test_an_idle_session_is_logged_out(client, staff_user):
    client.force_login(staff_user)
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))

    response = client.get(ADMIN)

    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]


def test_an_active_session_is_extended(client, staff_user):
    client.force_login(staff_user)
    Session.objects.update(expire_date=timezone.now() + dt.timedelta(minutes=5))

    assert client.get(ADMIN).status_code == 200
    assert Session.objects.get().expire_date - timezone.now() > dt.timedelta(hours=8)


def test_a_reader_gets_no_session_row(client, db):
    client.get("/")

    assert not Session.objects.exists()
