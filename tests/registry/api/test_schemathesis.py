"""Property-based contract test of the whole API (schemathesis): no server errors, no response breaking the schema.

Every operation of the live schema is called with 100 generated requests, both anonymously (throttle lifted)
and with a staff token so the write paths are exercised too, and checked with all of schemathesis' checks.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import PositiveDataAcceptanceConfig

from pardons import services
from registry.wsgi import application
from tests.factories import (
    BreakdownItemFactory,
    ChargeFactory,
    CustodyFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PlacementFactory,
    SourceFactory,
    api_token,
)


def _generated_schema() -> dict:
    """The schema /api/v1/schema/ serves, generated in-process (no database needed)."""
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    return json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(request=None, public=True)))


schema = schemathesis.openapi.from_dict(_generated_schema())
schema.app = application

# A filter naming an id or slug that does not exist is refused with 400 and a message (django-filter's
# "Select a valid choice"): valid by the schema's types, invalid by the data. Every other check keeps its defaults.
schema.config.checks.positive_data_acceptance = PositiveDataAcceptanceConfig(
    expected_statuses=["2xx", "3xx", "400", "401", "403", "404", "409", "429"]
)


@pytest.fixture(autouse=True, params=["anonymous", "staff token"])
def caller(request, db, settings, three_people):
    """Data for every operation to act on, and the caller: anonymous or a staff token."""
    settings.API_ANON_RATE = settings.API_TOKEN_RATE = "100000/minute"
    decree = PardonDecreeFactory()
    BreakdownItemFactory(decree=decree)
    services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=three_people["public"])
    PlacementFactory(facility=FacilityFactory(), custody=CustodyFactory())
    ChargeFactory()
    # As Django's test client does: the test's transaction must outlive each WSGI request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    # Set on the schema, not per call, so schemathesis knows it as the auth its auth checks tamper with.
    schema.config.headers = {}
    if request.param == "staff token":
        token = api_token(username="schemathesis-staff", is_staff=True, permissions=["add_pardondecree", "add_pardon"])
        schema.config.update(headers={"Authorization": f"Token {token}"})
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=100, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_the_api_keeps_its_contract(case):
    response = case.call()
    case.validate_response(response, checks=None, additional_checks=(), excluded_checks=())
    assert response.status_code < 500
