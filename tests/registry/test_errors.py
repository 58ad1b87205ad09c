"""Answers no view gives (registry.errors): a null character in the address never reaches a view."""

import pytest

from registry.open_data.releases import publish_release
from registry.staff.roles import EDITOR

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings, client):
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("name", ["prisoners.csv%00", "%00"])
def test_a_null_character_in_a_release_files_name_is_a_404(production, three_people, name):
    number = publish_release().number

    assert production.get(f"/data/releases/{number}/{name}").status_code == 404


@pytest.mark.parametrize("query", ["status__exact=%00", "q=a%00b", "%00=1"])
def test_a_null_character_in_an_admin_lists_query_is_a_400(production, role_user, query):
    production.force_login(role_user(EDITOR))

    assert production.get(f"/admin/registry/prisoner/?{query}").status_code == 400


def test_a_null_character_in_a_public_pages_query_is_a_400(production):
    assert production.get("/prisoners/?q=%00").status_code == 400


def test_the_api_refuses_a_null_character_in_any_parameter_as_it_refuses_a_bad_filter(production):
    unknown, known = production.get("/api/v1/prisoners/?nonsense=%00"), production.get("/api/v1/prisoners/?q=%00")

    assert unknown.status_code == known.status_code == 400
    assert unknown.json() == {
        "message": "The request has invalid values; see `errors`.",
        "errors": {"nonsense": ["Null characters are not allowed."]},
    }
    assert known.json()["errors"] == {"q": ["Null characters are not allowed."]}
