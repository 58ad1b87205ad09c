"""The benchmark's floor view: trivial JSON, and not routed unless BENCH_FLOOR is on."""

import json

import pytest
from django.test import RequestFactory

from registry.samples.floor import floor

pytestmark = pytest.mark.django_db


def test_it_answers_trivial_json_without_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        response = floor(RequestFactory().get("/bench/floor"))
    assert json.loads(response.content) == {"ok": True}


def test_it_is_not_served_by_default(client):
    assert client.get("/bench/floor").status_code == 404
