"""Builders for the public-site tests: fully populated fictitious people, and a query counter.

Every person here is synthetic (the factories flag them so) and named so a leak is easy to grep for.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pardons.services import record_pardon
from registry import services
from registry.models import Prisoner
from tests.factories import (
    ChargeFactory,
    ConvictionFactory,
    EventFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    SourceFactory,
)


def make_person(
    name: str,
    *,
    visibility: str = "public",
    facility=None,
    decree=None,
    article=None,
    region=None,
    sex: str = "male",
    detained_on: dt.date = dt.date(2021, 5, 1),
    names: dict[str, str] | None = None,
) -> Prisoner:
    """A person with names in other scripts, a detention (in `facility`), a conviction, an event,
    sources on each, and — given a decree — a confirmed pardon under it."""
    prisoner = PrisonerFactory(display_name=name, visibility=visibility, region=region, sex=sex)
    prisoner.sources.add(SourceFactory())
    for language, full_name in (names or {"be": f"{name} (be)", "ru": f"{name} (ru)"}).items():
        PrisonerNameFactory(prisoner=prisoner, full_name=full_name, language=language)
    custody = services.record_detention(
        prisoner=prisoner, detained_on=detained_on, precision="month", facility=facility
    )
    custody.sources.add(SourceFactory())
    conviction = ConvictionFactory(prisoner=prisoner)
    conviction.sources.add(SourceFactory())
    if article is not None:
        ChargeFactory(conviction=conviction, article=article)
    EventFactory(prisoner=prisoner).sources.add(SourceFactory())
    if decree is not None:
        record_pardon(decree=decree, prisoner=prisoner, released_on=decree.announced_on, sources=[SourceFactory()])
    prisoner.refresh_from_db()
    return prisoner


def count_queries(client, url: str) -> int:
    """Queries one GET makes (the response must be 200), leaving out the PREPARE of a statement that a
    connection prepares once (registry.queries.graphs): whether it falls in this GET depends on the tests
    that ran before on the same connection."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return sum(not query["sql"].startswith("PREPARE ") for query in queries.captured_queries)
