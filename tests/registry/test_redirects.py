"""Ids of merged-away records answer 301 to the kept record (registry.redirects), never to a hidden one."""

import pytest
from django.test import override_settings

from registry.merging import merge_prisoners
from registry.staff.roles import REVIEWER
from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer(role_user):
    return role_user(REVIEWER)


@pytest.fixture
def merged(reviewer):
    keep, other = PrisonerFactory(), PrisonerFactory()
    merge_prisoners(keep=keep, others=[other], by=reviewer)
    return keep, other


@override_settings(DEBUG=False)
@pytest.mark.parametrize(
    "path",
    [
        "/prisoners/{}/",
        "/prisoners/{}/?lang=be",
        "/prisoners/{}/letter/",
        "/prisoners/{}/feed.atom",
        "/api/v1/prisoners/{}/",
        "/api/v1/prisoners/{}/?format=json",
    ],
)
def test_a_merged_away_id_redirects_permanently_to_the_kept_record(client, merged, path):
    keep, other = merged

    response = client.get(path.format(other.pk))

    assert response.status_code == 301
    assert response["Location"] == path.format(keep.pk)


@override_settings(DEBUG=False)
def test_no_redirect_to_a_record_readers_may_not_see_but_staff_follow_it(client, merged, reviewer):
    keep, other = merged
    type(keep).objects.filter(pk=keep.pk).update(visibility="anonymous")

    assert client.get(f"/prisoners/{other.pk}/").status_code == 404
    assert client.get(f"/api/v1/prisoners/{other.pk}/").status_code == 404
    client.force_login(reviewer)
    assert client.get(f"/api/v1/prisoners/{other.pk}/")["Location"] == f"/api/v1/prisoners/{keep.pk}/"


@override_settings(DEBUG=False)
def test_an_id_never_merged_stays_404(client):
    assert client.get("/prisoners/987654/").status_code == 404
    assert client.get("/api/v1/prisoners/987654/").status_code == 404
