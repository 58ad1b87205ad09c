"""The client address behind trusted proxies: one rule for the API throttle, the lockout and the report limit."""

import pytest
from axes.utils import reset as reset_axes
from django.test import RequestFactory
from django.urls import reverse

from registry.network import client_address

PASSWORD = "x-not-a-real-password"


def request_from(socket_address, forwarded=None):
    extra = {"REMOTE_ADDR": socket_address}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("198.51.100.7", "203.0.113.1")) == "198.51.100.7"


def test_behind_one_proxy_the_client_is_the_entry_the_proxy_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The client forged the first two entries; nginx appended the address it saw last.
    assert client_address(request_from("127.0.0.1", "10.0.0.1, 10.0.0.2, 203.0.113.9")) == "203.0.113.9"


def test_behind_two_proxies_the_client_is_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request_from("10.1.1.1", "6.6.6.6, 203.0.113.9, 10.0.0.5")) == "203.0.113.9"


def test_a_request_that_skipped_the_proxies_is_counted_under_its_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2

    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"
    assert client_address(request_from("198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("entry", "address"),
    [("[2001:db8::1]:443", "2001:db8::1"), ("2001:db8::1", "2001:db8::1"), ("203.0.113.9:5555", "203.0.113.9")],
)
def test_ports_and_brackets_are_taken_off_an_entry(settings, entry, address):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("127.0.0.1", entry)) == address


def test_an_entry_that_is_not_an_address_falls_back_to_the_socket(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("127.0.0.1", "unknown")) == "127.0.0.1"


@pytest.mark.django_db
@pytest.mark.parametrize("proxies", [0, 1])
def test_a_new_forged_forwarded_header_on_every_request_does_not_escape_the_api_throttle(api_client, settings, proxies):
    settings.TRUSTED_PROXY_COUNT = proxies
    settings.API_ANON_RATE = "5/minute"

    statuses = [
        api_client.get(
            "/api/v1/articles/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"10.9.{i}.1, 203.0.113.9"
        ).status_code
        for i in range(20)
    ]

    assert statuses.count(200) == 5
    assert statuses.count(429) == 15


@pytest.mark.django_db
def test_behind_a_proxy_each_real_client_has_its_own_api_limit(api_client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.API_ANON_RATE = "2/minute"

    def get(client_ip):
        return api_client.get("/api/v1/articles/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=client_ip).status_code

    assert [get("203.0.113.1") for _ in range(3)] == [200, 200, 429]
    assert get("203.0.113.2") == 200


@pytest.mark.django_db
@pytest.mark.axes
class TestLoginLockoutBehindAProxy:
    @pytest.fixture(autouse=True)
    def _proxy(self, settings):
        settings.TRUSTED_PROXY_COUNT = 1
        settings.AXES_FAILURE_LIMIT = 3
        reset_axes()
        yield
        reset_axes()

    def attempt(self, client, username, password, address):
        return client.post(
            reverse("admin:login"),
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )

    def test_failures_from_rotating_addresses_do_not_lock_the_staff_member_out(self, client, staff_user):
        for i in range(10):
            self.attempt(client, staff_user.username, "wrong", f"198.51.100.{i}")

        response = self.attempt(client, staff_user.username, PASSWORD, "203.0.113.50")

        assert response.status_code == 302

    def test_the_attackers_address_is_locked_out_whichever_usernames_it_tries(self, client, staff_user):
        for name in ("alice", "bob", "carol"):
            self.attempt(client, name, "wrong", "198.51.100.66")

        locked = self.attempt(client, staff_user.username, PASSWORD, "198.51.100.66")
        elsewhere = self.attempt(client, staff_user.username, PASSWORD, "203.0.113.50")

        assert locked.status_code == 429
        assert elsewhere.status_code == 302

    def test_a_forged_header_does_not_free_a_locked_out_address(self, client, staff_user):
        for _ in range(3):
            self.attempt(client, "alice", "wrong", "198.51.100.66")

        response = self.attempt(client, staff_user.username, PASSWORD, "10.0.0.1, 198.51.100.66")

        assert response.status_code == 429
