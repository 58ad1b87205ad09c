"""The OpenAPI schema and the docs page: complete, valid, local assets only, no hidden person in examples."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command

pytestmark = pytest.mark.django_db


@pytest.fixture
def schema(api_client) -> dict:
    return api_client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))


def test_every_operation_and_parameter_is_described(schema):
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary") or operation.get("description"), f"{method} {path}"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{method} {path} {parameter['name']}"


def test_every_list_has_a_csv_download(schema):
    for name in ("prisoners", "decrees", "pardons", "facilities", "articles", "sources"):
        assert "text/csv" in schema["paths"][f"/api/v1/{name}.csv"]["get"]["responses"]["200"]["content"]


def test_the_examples_name_only_fictitious_people(schema, three_people):
    text = str(schema)

    assert "Testavy Prykladny" in text
    for person in three_people.values():
        assert person.display_name not in text


def test_the_docs_page_loads_nothing_from_another_host(client):
    page = client.get("/api/v1/docs/").content.decode()
    script = client.get("/api/v1/docs/?script=").content.decode()

    urls = re.findall(r"""(?:src|href)=["']([^"']+)""", page)
    assert urls, "the page should load its scripts and styles"
    assert all(url.startswith("/") for url in urls), urls
    assert "validatorUrl" in script and "null" in script
    for asset in urls:
        if asset.startswith("/api/v1/docs/"):
            continue  # the page's own script, checked above
        # Shipped by drf-spectacular-sidecar and collected with the site's static files.
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), asset
