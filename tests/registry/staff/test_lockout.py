"""Staff login protection: lockout after repeated failures, optional two-factor (TOTP) admin login."""

import io

import pytest
from axes.utils import reset as reset_axes
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = [pytest.mark.django_db, pytest.mark.axes]

LOGIN_URL = reverse("admin:login")
PASSWORD = "x-not-a-real-password"


@pytest.fixture(autouse=True)
def _fresh_axes(settings):
    settings.AXES_FAILURE_LIMIT = 3
    reset_axes()
    yield
    reset_axes()


def attempt(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def test_a_few_failures_do_not_lock_a_staff_member_out(client, staff_user):
    attempt(client, staff_user.username, "wrong")
    attempt(client, staff_user.username, "wrong")

    response = attempt(client, staff_user.username, PASSWORD)

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, staff_user):
    for _ in range(3):
        attempt(client, staff_user.username, "wrong")

    response = attempt(client, staff_user.username, PASSWORD)

    assert response.status_code == 429
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_lockout_does_not_reveal_whether_the_user_exists(client, staff_user):
    for _ in range(3):
        attempt(client, staff_user.username, "wrong")
        attempt(client, "nobody-by-this-name", "wrong")

    existing = attempt(client, staff_user.username, "wrong")
    unknown = attempt(client, "nobody-by-this-name", "wrong")

    assert existing.status_code == unknown.status_code == 429
    assert existing.content == unknown.content


def test_without_require_2fa_a_password_is_enough(client, staff_user, settings):
    settings.REQUIRE_2FA = False

    assert attempt(client, staff_user.username, PASSWORD).status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_with_require_2fa_a_password_alone_does_not_open_the_admin(client, staff_user, settings):
    settings.REQUIRE_2FA = True
    TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)

    response = attempt(client, staff_user.username, PASSWORD)
    client.force_login(staff_user)  # even a session without a verified device is refused

    assert response.status_code == 200
    assert "Please enter your OTP token." in response.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302


def test_with_require_2fa_the_code_from_the_device_opens_the_admin(client, staff_user, settings):
    settings.REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=staff_user, name="phone", confirmed=True)
    token = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)

    response = client.post(
        LOGIN_URL,
        {
            "username": staff_user.username,
            "password": PASSWORD,
            "otp_device": device.persistent_id,
            "otp_token": f"{token:0{device.digits}d}",
            "next": "/admin/",
        },
    )

    assert response.status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_add_totp_device_prints_the_setup_url(staff_user):
    out = io.StringIO()

    call_command("add_totp_device", staff_user.username, stdout=out)

    assert TOTPDevice.objects.filter(user=staff_user, confirmed=True).count() == 1
    assert "otpauth://totp/" in out.getvalue()
