"""API tokens: stored as digests, expiring, revocable by their owner and by an admin."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from registry.staff.roles import EDITOR, VIEWER
from tests.factories import api_token

pytestmark = pytest.mark.django_db
READ = "/api/v1/prisoners/"
WRITE_PERMS = ["add_pardondecree"]


def as_token(api_client, token):
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return api_client


def test_only_a_digest_of_the_token_is_stored(api_client):
    token = api_token(username="journalist")

    stored = AuthToken.objects.get()
    assert token not in {stored.digest, stored.token_key}
    assert len(stored.digest) == 128
    assert as_token(api_client, token).get(READ).status_code == 200


def test_a_token_expires_after_the_configured_days(api_client, settings):
    token = api_token(username="journalist")

    assert AuthToken.objects.get().expiry - timezone.now() > dt.timedelta(days=89)
    AuthToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))

    assert as_token(api_client, token).get(READ).status_code == 401


def test_the_owner_revokes_the_token_in_use_and_it_stops_working(api_client):
    token = api_token(username="journalist")
    client = as_token(api_client, token)

    assert client.post("/api/v1/tokens/revoke/").status_code == 204
    assert client.get(READ).status_code == 401


def test_the_owner_revokes_every_token_of_their_account_and_no_one_elses(api_client, django_user_model):
    first = api_token(username="journalist")
    second = AuthToken.objects.create(user=django_user_model.objects.get(username="journalist"))[1]
    other = api_token(username="another")

    assert as_token(api_client, first).post("/api/v1/tokens/revoke-all/").status_code == 204

    assert as_token(api_client, second).get(READ).status_code == 401
    assert as_token(api_client, other).get(READ).status_code == 200


def test_revoking_needs_a_token(api_client):
    assert api_client.post("/api/v1/tokens/revoke/").status_code == 401


def test_an_admin_revokes_anyones_token_in_the_admin(client, staff_user, api_client):
    token = api_token(username="journalist")
    client.force_login(staff_user)
    stored = AuthToken.objects.get()

    response = client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert as_token(api_client, token).get(READ).status_code == 401


@pytest.mark.parametrize("role", [VIEWER, EDITOR])
def test_viewers_and_editors_can_neither_see_nor_revoke_tokens(client, role_user, role):
    api_token(username="journalist")
    client.force_login(role_user(role))
    stored = AuthToken.objects.get()

    assert client.get(reverse("admin:knox_authtoken_changelist")).status_code == 403
    assert client.post(reverse("admin:knox_authtoken_delete", args=[stored.pk]), {"post": "yes"}).status_code == 403
    assert AuthToken.objects.filter(pk=stored.pk).exists()


def test_issue_token_prints_a_working_token_once(api_client, django_user_model, capsys):
    django_user_model.objects.create_user("journalist")

    call_command("issue_token", "journalist", "--days", "7")
    token = capsys.readouterr().out.strip()

    assert as_token(api_client, token).get(READ).status_code == 200
    assert dt.timedelta(days=6) < AuthToken.objects.get().expiry - timezone.now() <= dt.timedelta(days=7)


def test_plain_text_tokens_of_before_are_hashed_and_keep_working(api_client, django_user_model):
    user = django_user_model.objects.create_user("journalist")
    old_key = "0123456789abcdef0123456789abcdef01234567"
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE authtoken_token (key varchar(40) PRIMARY KEY, user_id int, created timestamptz)")
        cursor.execute("INSERT INTO authtoken_token VALUES (%s, %s, now())", [old_key, user.pk])
    migration = importlib.import_module("registry.migrations.0009_api_tokens_hashed")

    with connection.schema_editor() as editor:
        migration.hash_old_tokens(apps, editor)

    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass('authtoken_token')")
        assert cursor.fetchone()[0] is None
    assert old_key not in AuthToken.objects.get().digest
    assert as_token(api_client, old_key).get(READ).status_code == 200


def test_revoking_answers_whatever_the_accept_header_asks_never_an_undocumented_406(api_client):
    # Found by the schema fuzzer: `Accept: Rg` gave 406, which no operation documents.
    assert api_client.post("/api/v1/tokens/revoke/", HTTP_ACCEPT="Rg").status_code == 401
    assert api_client.post("/api/v1/tokens/revoke-all/", HTTP_ACCEPT="text/nonsense").status_code == 401
