"""API errors are JSON, say what was wrong in the parameter the client sent, and are never a 5xx."""

import base64
import json

import pytest

from registry.queries.keyset import encode_cursor
from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db


def test_a_tampered_cursor_is_a_400_naming_the_cursor(api_client, three_people):
    response = api_client.get("/api/v1/prisoners/?cursor=zzz")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


@pytest.mark.parametrize(
    "position",
    [
        ["n", 3, 1],  # a number where a name goes
        ["n", "Fictional", "one"],  # a name where the id goes
        ["n", "Fictional"],  # too few values
        ["x", "Fictional", 1],  # no direction
        ["n", "Fictional", 1e300],
        ["n", {"d": "2024-01-01"}, 1],  # a date where a name goes
    ],
)
def test_a_well_formed_cursor_that_does_not_fit_the_ordering_is_a_400(api_client, three_people, position):
    response = api_client.get("/api/v1/prisoners/", {"cursor": encode_cursor(position)})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["cursor"]


def test_a_cursor_given_out_for_another_ordering_is_a_400(api_client):
    PrisonerFactory.create_batch(2)
    by_update = api_client.get("/api/v1/prisoners/", {"ordering": "-updated_at", "page_size": 1}).json()["next"]
    cursor = by_update.split("cursor=")[1].split("&")[0]

    response = api_client.get("/api/v1/prisoners/", {"cursor": cursor, "page_size": 1})

    assert response.status_code == 400


def test_an_unknown_ordering_is_a_400_listing_the_choices(api_client):
    response = api_client.get("/api/v1/prisoners/?ordering=-display_name,shoe_size")

    assert response.status_code == 400
    assert "shoe_size" in response.json()["errors"]["ordering"][0]
    assert "display_name" in response.json()["errors"]["ordering"][0]


def test_a_known_ordering_still_orders(api_client, three_people):
    assert api_client.get("/api/v1/prisoners/?ordering=-display_name").status_code == 200
    assert api_client.get("/api/v1/prisoners.csv?ordering=bogus").status_code == 400


@pytest.mark.parametrize("path", ["/api/v1/prisoners/1%0A/", "/api/v1/regions/a%00/", "/api/v1/no/such/thing"])
def test_a_path_no_route_matches_is_a_json_404(api_client, path):
    response = api_client.get(path)

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert "message" in response.json()


@pytest.mark.parametrize("q", ["!", "-", "'", "—", "😀", "%_\\"])
def test_facets_of_a_search_without_letters_are_empty_not_an_error(api_client, three_people, q):
    response = api_client.get("/api/v1/statistics/facets/", {"q": q})

    assert response.status_code == 200
    assert response.json() == {"status": {}, "region": {}, "sex": {}, "article": {}, "anonymous_included": True}


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
@pytest.mark.parametrize("who", ["anonymous", "superuser"])
def test_a_method_a_resource_does_not_have_is_a_405_with_allow(api_client, staff_user, three_people, method, who):
    from tests.factories import PardonDecreeFactory

    if who == "superuser":
        api_client.force_authenticate(staff_user)
    decree = PardonDecreeFactory()
    resources = {  # a decree can be corrected (PATCH, staff); a person is read-only in the API
        f"/api/v1/decrees/{decree.pk}/": "GET, PATCH, HEAD, OPTIONS",
        f"/api/v1/prisoners/{three_people['public'].pk}/": "GET, HEAD, OPTIONS",
    }

    for url, allowed in resources.items():
        if method.upper() in allowed:
            continue  # tests/pardons/api/test_decree_corrections.py
        response = getattr(api_client, method)(url, {}, format="json")
        assert response.status_code == 405, url
        assert response["Allow"] == allowed
        assert response.json()["message"]


def test_a_range_error_names_the_parameter_the_client_sent(api_client):
    only_start = api_client.get("/api/v1/statistics/held-over-time/", {"start": "1990-01-01"})
    both = api_client.get("/api/v1/statistics/held-over-time/", {"start": "1990-01-01", "end": "2024-01-01"})

    assert list(only_start.json()["errors"]) == ["start"]
    assert list(both.json()["errors"]) == ["end"]


def test_a_cursor_in_drfs_earlier_form_is_a_400_not_a_wrong_page(api_client, three_people):
    drf_form = base64.b64encode(b"p=Fictional+Public+Person").decode()  # given out before cursors held every value

    response = api_client.get("/api/v1/prisoners/", {"cursor": drf_form})

    assert response.status_code == 400
    assert "drop `cursor`" in response.json()["errors"]["cursor"][0]


# Values that do not fit a field, sent in every field of every write body (the lines of a list included).
BAD_BODY_VALUES = ["zzz", "\x00", "", -1, 99999999999, 1.5, None, [], {}]


def write_operations() -> list[tuple[str, str, dict]]:
    """(method, path template, JSON body schema) of every write in the API's schema, references resolved."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    components = {f"#/components/schemas/{name}": part for name, part in schema["components"]["schemas"].items()}

    def resolved(part: dict) -> dict:
        part = components.get(part.get("$ref"), part)
        if "properties" in part:
            return {**part, "properties": {name: resolved(field) for name, field in part["properties"].items()}}
        return {**part, "items": resolved(part["items"])} if "items" in part else part

    return [
        (method, path, resolved(operation["requestBody"]["content"]["application/json"]["schema"]))
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if method in ("post", "patch", "put") and "requestBody" in operation
    ]


def bodies_with(schema: dict, value) -> list:
    """One body per place a value can go (each field, each field of a list's line), holding `value` there."""
    if "properties" in schema:
        return [value] + [
            {name: body} for name, field in schema["properties"].items() for body in bodies_with(field, value)
        ]
    if "items" in schema:
        return [value] + [[body] for body in bodies_with(schema["items"], value)]
    return [value]


@pytest.mark.parametrize(
    ("method", "template", "schema"), [pytest.param(*op, id=f"{op[0]} {op[1]}") for op in write_operations()]
)
def test_no_bad_value_in_a_write_body_is_a_server_error(staff_client, settings, method, template, schema):
    from pardons import services
    from tests.factories import CustodyFactory, PardonDecreeFactory, SourceFactory

    settings.DEBUG = False
    settings.API_TOKEN_RATE = "1000000/minute"
    decree = PardonDecreeFactory()
    pardon = services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=CustodyFactory().prisoner)
    path = template.replace("{id}", str(pardon.pk if "pardons" in template else decree.pk))

    for value in BAD_BODY_VALUES:
        for body in bodies_with(schema, value):
            response = staff_client.generic(method.upper(), path, json.dumps(body), content_type="application/json")
            assert response.status_code < 500, (body, response.content)
            assert response["Content-Type"] == "application/json", body
