"""registry.queries.documents: the API detail's one statement reads what the separate reads would."""

import pytest

from registry.db import freshness
from registry.queries.documents import read_document
from tests.factories import PrisonerFactory, PrisonerNameFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_a_document_read_gives_each_persons_version_as_person_current_does():
    region = RegionFactory()
    named = PrisonerFactory(region=region)
    PrisonerNameFactory(prisoner=named, kind="variant")  # the person's own version row moves
    region.name_en = "Renamed"
    region.save()  # and the row every person shares
    untouched = PrisonerFactory()
    hidden = PrisonerFactory(visibility="private")

    for pk in (named.pk, untouched.pk, hidden.pk, 999_999_999, 2**63):
        assert read_document(pk).version == freshness.person_current(pk)


def test_a_document_read_finds_only_people_the_public_may_see():
    public, hidden = PrisonerFactory(), PrisonerFactory(visibility="anonymous")

    assert read_document(public.pk).person.pk == public.pk
    assert read_document(hidden.pk).person is None
    assert read_document(999_999_999).person is None
