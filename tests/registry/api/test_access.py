"""Access: anyone reads (throttled), journalists' tokens get a higher limit, errors are JSON with a message."""

import pytest

from registry.models import Article

pytestmark = pytest.mark.django_db
URL = "/api/v1/articles/"


def test_anonymous_readers_are_throttled_with_a_json_429(api_client, settings):
    settings.API_ANON_RATE = "2/minute"

    statuses = [api_client.get(URL).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    response = api_client.get(URL)
    assert response.json()["message"].startswith("Request was throttled")
    assert "Retry-After" in response


def test_a_journalists_token_gets_the_higher_limit(journalist_client, settings):
    settings.API_ANON_RATE = "2/minute"
    settings.API_TOKEN_RATE = "5/minute"

    statuses = [journalist_client.get(URL).status_code for _ in range(6)]

    assert statuses == [200] * 5 + [429]


def test_a_wrong_token_is_a_401_with_a_message(api_client):
    api_client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")

    response = api_client.get(URL)

    assert response.status_code == 401
    assert response.json() == {"message": "Invalid token."}


def test_an_unknown_endpoint_is_a_json_404(api_client):
    response = api_client.get("/api/v1/no-such-thing/")

    assert response.status_code == 404
    assert response.json()["message"]


def test_a_write_to_a_read_only_resource_is_refused(staff_client):
    response = staff_client.post(URL, {"number": "1"})

    # The resource has no such method: 405 naming the ones it has, for staff as for anyone.
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert not Article.objects.filter(number="1").exists()


def test_a_write_to_a_read_only_resource_is_refused_even_to_a_token_holding_every_permission(api_client):
    from django.contrib.auth.models import Permission

    from tests.factories import api_token

    codenames = list(Permission.objects.values_list("codename", flat=True))
    api_client.credentials(
        HTTP_AUTHORIZATION=f"Token {api_token(username='all', is_staff=True, permissions=codenames)}"
    )

    response = api_client.post(URL, {"number": "1"})

    assert response.status_code == 405
    assert not Article.objects.filter(number="1").exists()


def test_the_api_root_lists_every_list_download_statistic_and_the_docs(api_client):
    body = api_client.get("/api/v1/").json()

    assert body["documentation"] == "http://testserver/api/v1/docs/"
    assert body["lists"]["prisoners"] == "http://testserver/api/v1/prisoners/"
    assert set(body["lists"]) == {
        "prisoners",
        "facilities",
        "articles",
        "sources",
        "regions",
        "decrees",
        "pardons",
        "releases",
    }
    assert body["csv"]["prisoners"] == "http://testserver/api/v1/prisoners.csv"
    assert body["statistics"]["headline"] == "http://testserver/api/v1/statistics/headline/"
    for url in [*body["lists"].values(), *body["statistics"].values()]:
        assert api_client.get(url).status_code == 200, url
