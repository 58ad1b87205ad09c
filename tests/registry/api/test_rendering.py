"""The API's JSON renderer writes what DRF's would, byte for byte."""

import datetime as dt
import decimal
import json

import pytest
from django.core.management import call_command
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.serializer_helpers import ReturnDict, ReturnList

from registry.api.rendering import FastJSONRenderer
from registry.models import Status

pytestmark = pytest.mark.django_db

TRICKY = ReturnDict(
    {
        "name": "Тэставы Прыкладны «Ўладзь»",
        "line_separators": "a\u2028b\u2029c",
        "near_separators": "1990–2024, “quoted”… \u2027\u202a ⸻",
        "moment": dt.datetime(2024, 5, 14, 9, 30, 15, 123456, tzinfo=dt.UTC),
        "local_moment": dt.datetime(2024, 5, 14, 9, 30, tzinfo=dt.timezone(dt.timedelta(hours=3))),
        "day": dt.date(2021, 5, 14),
        "time": dt.time(8, 0, 1, 500),
        "amount": decimal.Decimal("1.50"),
        "label": gettext_lazy("Status"),
        "status": Status.IN_CUSTODY,
        "numbers": [0, -1, 2**40, 1.5, 0.1, True, False, None],
        "nested": ReturnList([{"b": 1, "a": 2}, []], serializer=None),
        "empty": {},
    },
    serializer=None,
)


def test_it_writes_the_same_bytes_as_drfs_renderer():
    assert FastJSONRenderer().render(TRICKY) == JSONRenderer().render(TRICKY)


def test_a_tiny_float_reads_the_same_though_its_exponent_is_written_shorter():
    data = {"share": 1e-7}
    assert (FastJSONRenderer().render(data), JSONRenderer().render(data)) == (b'{"share":1e-7}', b'{"share":1e-07}')
    assert json.loads(FastJSONRenderer().render(data)) == data


def test_a_dict_keyed_by_numbers_is_written_as_drf_writes_it():
    # DRF's errors for the lines of a list: {"breakdown": {0: {"count": [...]}}}.
    errors = {"errors": {"breakdown": {0: {"count": ["Ensure this value is greater than or equal to 0."]}}}}

    assert FastJSONRenderer().render(errors) == JSONRenderer().render(errors)


def test_an_indented_answer_is_still_drfs():
    media_type = "application/json; indent=2"
    assert FastJSONRenderer().render(TRICKY, media_type) == JSONRenderer().render(TRICKY, media_type)


def test_the_demos_list_a_document_and_the_index_read_as_drf_writes_them(api_client):
    call_command("load_demo", verbosity=0)
    first = api_client.get("/api/v1/prisoners/").json()["results"][0]["id"]
    for path in ("/api/v1/prisoners/?page_size=100", f"/api/v1/prisoners/{first}/", "/api/v1/"):
        compact, indented = api_client.get(path), api_client.get(path, HTTP_ACCEPT="application/json; indent=2")
        assert compact.status_code == indented.status_code == 200
        # The documents are sent as stored (orjson.Fragment, registry.api.prisoner_documents): read back first.
        data = json.loads(compact.content)
        assert compact.content == JSONRenderer().render(data)
        assert indented.content == JSONRenderer().render(data, "application/json; indent=2")
