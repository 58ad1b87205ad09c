"""Every admin URL of every model, walked as a Viewer and as an Editor: no POST changes what the role may not.

Each URL is opened as a superuser to get the form a browser would submit (every field, visibility included),
and that form is POSTed as the role; each changelist action is run on a row. The database is compared
before and after every POST: a Viewer changes nothing anywhere; an Editor never changes visibility, never
deletes outside the rows an editor may remove, never touches accounts, and reverting to an old version
changes nothing for anyone.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection
from django.urls import URLPattern, reverse
from django.urls.resolvers import RegexPattern

from pardons import services as pardon_services
from registry import services
from registry.merging import merge_prisoners
from registry.models import Correction, ImportJob
from registry.models.publication import raises_exposure
from registry.open_data.releases import publish_release
from registry.samples import demo
from registry.staff.roles import EDITOR, EDITOR_DELETABLE, VIEWER
from tests.admin_forms import form_data
from tests.factories import (
    BreakdownItemFactory,
    ChargeFactory,
    ConvictionFactory,
    CustodyFactory,
    EventFactory,
    PardonDecreeFactory,
    PlacementFactory,
    PrisonerFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

OUR_APPS = {"registry", "pardons"}
# Rows no POST may touch except through a login: sessions are the client's own, the admin log only
# records what the snapshot already compares.
NOT_COMPARED = {"django_session", "django_admin_log"}


def one_of_everything() -> None:
    demo.load_reference_data()
    demo.load_seed_facts()
    held = CustodyFactory(prisoner=PrisonerFactory(visibility="private"))
    PlacementFactory(custody=held)
    ChargeFactory(conviction=ConvictionFactory(prisoner=held.prisoner))
    EventFactory(prisoner=held.prisoner)
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    BreakdownItemFactory(decree=decree)
    pardon_services.record_pardon(sources=[SourceFactory()], decree=decree, prisoner=CustodyFactory().prisoner)
    owner = get_user_model().objects.create_superuser("import-owner", "owner@example.org", "x-not-a-real-password")
    ImportJob.objects.create(kind="prisoners", csv_text="display_name\nTestavy Walk\n", created_by=owner)
    Correction.objects.create(kind="missing", message="Fictional Missing Person")
    publish_release()
    services.request_visibility(prisoner=held.prisoner, visibility="public", by=owner)
    merge_prisoners(
        keep=PrisonerFactory(visibility="private"), others=[PrisonerFactory(visibility="private")], by=owner
    )


def snapshot() -> dict[str, tuple[int, str]]:
    """Every table's row count and a digest of its rows, in one query."""
    tables = sorted(set(connection.introspection.table_names()) - NOT_COMPARED)
    union = " UNION ALL ".join(
        f"SELECT '{t}', count(*), md5(coalesce(string_agg(r::text, '|' ORDER BY r::text), '')) FROM \"{t}\" r"
        for t in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(union)
        return {table: (count, digest) for table, count, digest in cursor.fetchall()}


def visibilities() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, visibility FROM registry_prisoner")
        return dict(cursor.fetchall())


def model_admins():
    return [(model, model_admin) for model, model_admin in admin.site._registry.items()]


def url_for(pattern: URLPattern, model, instance) -> str | None:
    """The pattern filled with the instance (and its latest history version), or None if it needs neither."""
    name = f"admin:{pattern.name}"
    if isinstance(pattern.pattern, RegexPattern):  # simple_history's version page: (object id, version id)
        if instance is None:
            return None
        return reverse(name, args=[instance.pk, instance.history.first().history_id])
    converters = pattern.pattern.converters
    if not converters:
        return reverse(name)
    if instance is None:
        return None
    kwargs = {key: instance.pk for key in converters}
    if "job_id" in kwargs:  # an import job's page
        kwargs["job_id"] = ImportJob.objects.get().pk
    return reverse(name, kwargs=kwargs)


def page_form(response) -> dict:
    """The POST body of the page's form as a browser would send it (main form and inlines)."""
    context = response.context
    if response.status_code != 200 or context is None or "adminform" not in context:
        return {"post": "yes"}
    data = form_data(response)
    if "visibility" in data:
        data["visibility"] = "public" if data["visibility"] != "public" else "private"
    return data


def requests_to_try(superuser_client):
    """(url, data, label) for every named admin URL and every changelist action of every model."""
    tries, last = [], []
    for model, model_admin in model_admins():
        instance = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name:
                continue
            url = url_for(pattern, model, instance)
            if url is None:
                continue
            data = page_form(superuser_client.get(url))
            (last if pattern.name.endswith("_delete") else tries).append((url, data, pattern.name))
        if instance is not None:
            changelist = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            request = superuser_client.get(changelist).wsgi_request
            for action in model_admin.get_actions(request):
                data = {"action": action, "_selected_action": [str(instance.pk)], "index": "0", "post": "yes"}
                (last if "delete" in action else tries).append((changelist, data, f"{changelist} {action}"))
    return tries + last


def deletable_tables() -> set[str]:
    from django.apps import apps

    # A deleted row takes its many-to-many links (e.g. the sources a pardon cites) with it.
    models = [apps.get_model(label) for label in EDITOR_DELETABLE]
    return (
        {m._meta.db_table for m in models}
        | {f.remote_field.through._meta.db_table for m in models for f in m._meta.many_to_many}
        # Rows PostgreSQL derives from those (a person with no pardon left has no "pardoned" row).
        | {"pardons_pardonedperson", "registry_persondocument"}
    )


def test_the_walk_covers_every_model_in_the_admin_with_a_row_to_act_on(staff_user):
    one_of_everything()
    empty = [m.__name__ for m, _ in model_admins() if m._meta.app_label in OUR_APPS and not m._default_manager.exists()]
    assert empty == []


@pytest.fixture
def tries(client, staff_user):
    """Every request to try, with the forms a superuser sees."""
    one_of_everything()
    client.force_login(staff_user)
    return requests_to_try(client)


def test_a_viewer_changes_nothing_through_any_admin_page_or_action(client, tries, role_user):
    client.force_login(role_user(VIEWER))

    changed = []
    for url, data, label in tries:
        before = snapshot()
        response = client.post(url, data)
        after = snapshot()
        assert response.status_code < 500, label
        changed += [f"{label}: {t}" for t in before if before[t] != after[t]]

    assert len(tries) > 100
    assert changed == []


def test_an_editor_never_publishes_deletes_beyond_their_role_or_touches_accounts(client, tries, role_user):
    client.force_login(role_user(EDITOR))
    may_delete_from = deletable_tables()

    refused, saved = [], 0
    for url, data, label in tries:
        before, shown = snapshot(), visibilities()
        response = client.post(url, data)
        after = snapshot()
        assert response.status_code < 500, label
        for table in before:
            count_before, digest_before = before[table]
            count_after, digest_after = after.get(table, (0, ""))
            if count_after < count_before and table not in may_delete_from:
                refused.append(f"{label}: rows removed from {table}")
            # Accounts, tokens and every other table outside the two apps are never an editor's to change.
            if not table.startswith(("registry_", "pardons_")) and digest_after != digest_before:
                refused.append(f"{label}: changed {table}")
            if "_simple_history" in label and digest_after != digest_before:
                refused.append(f"{label}: a revert changed {table}")
        # An editor may withdraw someone at once (safety first), never make anyone more visible.
        refused += [
            f"{label}: visibility of {pk}" for pk, v in visibilities().items() if raises_exposure(shown.get(pk, v), v)
        ]
        saved += before != after

    assert refused == []
    assert saved > 10  # the walk really saved what an editor may change, so the refusals above are not vacuous


def test_reverting_to_an_old_version_is_refused_even_for_a_superuser(client, staff_user):
    one_of_everything()
    client.force_login(staff_user)
    for model, _ in model_admins():
        instance = model._default_manager.order_by("pk").first()
        if instance is None or not hasattr(instance, "history"):
            continue
        url = reverse(
            f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
            args=[instance.pk, instance.history.first().history_id],
        )
        page = client.get(url)
        before = snapshot()

        response = client.post(url, page_form(page))

        assert page.status_code == 200, model.__name__
        assert b"Revert" not in page.content
        assert (response.status_code, response["Allow"]) == (405, "GET, HEAD")
        assert snapshot() == before
