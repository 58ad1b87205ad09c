"""Staff roles: Editor enters records, Reviewer also publishes, Viewer only reads; superusers delete."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from registry.models import Prisoner
from registry.staff.roles import (
    EDITOR,
    MERGE_PERMISSION,
    PUBLISH_PERMISSION,
    PUBLISH_RELEASE_PERMISSION,
    REVIEWER,
    VIEWER,
)
from tests.admin_forms import errors, form_data
from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:registry_prisoner_add")


def change_url(prisoner):
    return reverse("admin:registry_prisoner_change", args=[prisoner.pk])


def delete_url(prisoner):
    return reverse("admin:registry_prisoner_delete", args=[prisoner.pk])


def test_migrate_creates_the_three_groups():
    assert set(Group.objects.values_list("name", flat=True)) >= {EDITOR, REVIEWER, VIEWER}
    reviewer_only = {
        f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=REVIEWER).permissions.all()
    } - {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=EDITOR).permissions.all()}
    assert reviewer_only == {PUBLISH_PERMISSION, PUBLISH_RELEASE_PERMISSION, MERGE_PERMISSION}


def test_an_editor_adds_a_person_who_stays_private(client, role_user):
    client.force_login(role_user(EDITOR))
    data = form_data(client.get(ADD_URL))
    data.update({"display_name": "Testavy Novy", "visibility": "public"})

    response = client.post(ADD_URL, data)

    assert response.status_code == 302, errors(response)
    assert Prisoner.objects.get(display_name="Testavy Novy").visibility == "private"


def test_an_editor_changes_a_record_and_only_asks_for_publication(client, role_user):
    prisoner = PrisonerFactory(visibility="private", occupation="")
    client.force_login(role_user(EDITOR))
    data = form_data(client.get(change_url(prisoner)))
    data.update({"occupation": "engineer", "visibility": "public"})

    response = client.post(change_url(prisoner), data)

    assert response.status_code == 302, errors(response)
    prisoner.refresh_from_db()
    assert (prisoner.occupation, prisoner.visibility) == ("engineer", "private")
    assert prisoner.publication_requests.get().state == "pending"


def test_an_editor_cannot_delete_a_person(client, role_user):
    prisoner = PrisonerFactory()
    client.force_login(role_user(EDITOR))

    assert client.post(delete_url(prisoner), {"post": "yes"}).status_code == 403
    assert Prisoner.objects.filter(pk=prisoner.pk).exists()


def test_an_editor_enters_decrees_and_imports(client, role_user):
    client.force_login(role_user(EDITOR))

    assert client.get(reverse("admin:pardons_pardondecree_add")).status_code == 200
    assert client.get(reverse("admin:registry_prisoner_import_csv")).status_code == 200


def test_a_viewer_cannot_import(client, role_user):
    client.force_login(role_user(VIEWER))

    assert client.get(reverse("admin:registry_prisoner_import_csv")).status_code == 403
    assert client.get(reverse("admin:registry_prisoner_export_csv")).status_code == 200


def test_a_reviewer_publishes_a_person_another_asked_for(client, role_user):
    prisoner = PrisonerFactory(visibility="private")
    client.force_login(role_user(EDITOR))
    data = form_data(client.get(change_url(prisoner)))
    client.post(change_url(prisoner), data | {"visibility": "public"})
    client.force_login(role_user(REVIEWER))

    asked = prisoner.publication_requests.get()
    response = client.post("/admin/registry/publicationrequest/", {"action": "approve", "_selected_action": [asked.pk]})

    assert response.status_code == 302
    prisoner.refresh_from_db()
    assert prisoner.visibility == "public"


def test_a_reviewer_cannot_delete_a_person_either(client, role_user):
    prisoner = PrisonerFactory()
    client.force_login(role_user(REVIEWER))

    assert client.post(delete_url(prisoner), {"post": "yes"}).status_code == 403
    assert Prisoner.objects.filter(pk=prisoner.pk).exists()


def test_a_viewer_reads_but_cannot_change_or_add(client, role_user):
    prisoner = PrisonerFactory(occupation="teacher")
    client.force_login(role_user(VIEWER))
    page = client.get(change_url(prisoner))
    assert page.status_code == 200
    assert client.get(reverse("admin:registry_prisoner_history", args=[prisoner.pk])).status_code == 200

    assert client.post(change_url(prisoner), {"occupation": "changed"}).status_code == 403
    assert client.get(ADD_URL).status_code == 403
    assert client.get(reverse("admin:pardons_pardondecree_add")).status_code == 403
    prisoner.refresh_from_db()
    assert prisoner.occupation == "teacher"


def test_a_superuser_can_delete_a_person_and_is_pointed_to_the_safe_path(client, staff_user):
    prisoner = PrisonerFactory()
    client.force_login(staff_user)

    confirm = client.get(delete_url(prisoner), follow=True).content.decode()
    response = client.post(delete_url(prisoner), {"post": "yes"})

    assert "set visibility to Private or Anonymous" in confirm
    assert response.status_code == 302
    assert not Prisoner.objects.filter(pk=prisoner.pk).exists()
    assert Prisoner.history.filter(id=prisoner.pk, history_type="-").exists()
