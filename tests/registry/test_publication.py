"""Two-person publishing: more visible only after a second Reviewer approves; less visible at once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry import services
from registry.models import Prisoner, PublicationRequest
from registry.staff.roles import EDITOR, REVIEWER, VIEWER
from tests.admin_forms import form_data
from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db
QUEUE = "/admin/registry/publicationrequest/"


def visibility(person) -> str:
    return Prisoner.objects.get(pk=person.pk).visibility


def test_publishing_waits_for_a_second_reviewer_who_is_not_the_one_who_asked(role_user):
    person = PrisonerFactory(visibility="private")
    editor, reviewer = role_user(EDITOR), role_user(REVIEWER)

    asked = services.request_visibility(prisoner=person, visibility="public", by=editor)
    assert (asked.state, visibility(person)) == ("pending", "private")
    with pytest.raises(ValidationError, match="Another Reviewer"):
        services.decide_visibility(request=asked, by=editor, approve=True)

    services.decide_visibility(request=asked, by=reviewer, approve=True)

    assert visibility(person) == "public"
    asked.refresh_from_db()
    assert (asked.state, asked.decided_by) == ("approved", reviewer)
    assert Prisoner.objects.get(pk=person.pk).history.first().history_user == reviewer


def test_a_reviewer_cannot_approve_their_own_request_even_past_the_service(role_user):
    person = PrisonerFactory(visibility="private")
    reviewer = role_user(REVIEWER)
    asked = services.request_visibility(prisoner=person, visibility="public", by=reviewer)

    asked.state, asked.decided_by = "approved", reviewer
    with pytest.raises(IntegrityError), transaction.atomic():
        asked.save()


def test_withdrawal_applies_at_once_and_supersedes_a_waiting_publication(role_user):
    person = PrisonerFactory(visibility="anonymous")
    editor = role_user(EDITOR)
    waiting = services.request_visibility(prisoner=person, visibility="public", by=editor)

    done = services.request_visibility(prisoner=person, visibility="private", by=editor, reason="family asked")

    assert (done.state, visibility(person)) == ("applied", "private")
    waiting.refresh_from_db()
    assert waiting.state == "superseded"


def test_a_second_request_waits_its_turn_and_a_stale_one_cannot_be_approved(role_user):
    person = PrisonerFactory(visibility="private")
    editor, reviewer = role_user(EDITOR), role_user(REVIEWER)
    asked = services.request_visibility(prisoner=person, visibility="anonymous", by=editor)
    with pytest.raises(ValidationError, match="already waiting"):
        services.request_visibility(prisoner=person, visibility="public", by=editor)

    Prisoner.objects.filter(pk=person.pk).update(visibility="public")  # changed behind the request's back
    with pytest.raises(ValidationError, match="changed since"):
        services.decide_visibility(request=asked, by=reviewer, approve=True)


@pytest.mark.parametrize("role", [EDITOR, REVIEWER])
def test_choosing_public_in_the_admin_form_asks_and_changes_nothing_yet(client, role_user, role):
    person = PrisonerFactory(visibility="private", display_name="Fiktyuny Chakae")
    client.force_login(role_user(role))
    url = f"/admin/registry/prisoner/{person.pk}/change/"

    response = client.post(url, form_data(client.get(url)) | {"visibility": "public"}, follow=True)

    assert "another Reviewer must approve it" in response.content.decode()
    assert visibility(person) == "private"
    assert PublicationRequest.objects.get(prisoner=person).state == "pending"


def test_choosing_private_in_the_admin_form_withdraws_at_once_even_for_an_editor(client, role_user):
    person = PrisonerFactory(visibility="public")
    client.force_login(role_user(EDITOR))
    url = f"/admin/registry/prisoner/{person.pk}/change/"

    client.post(url, form_data(client.get(url)) | {"visibility": "private"})

    assert visibility(person) == "private"


def test_the_message_after_a_withdrawal_names_the_visibility_the_person_now_has(client, role_user):
    person = PrisonerFactory(visibility="public", display_name="Fiktyuny Shovany")
    client.force_login(role_user(EDITOR))
    url = f"/admin/registry/prisoner/{person.pk}/change/"

    response = client.post(url, form_data(client.get(url)) | {"visibility": "anonymous"}, follow=True)

    shown = [str(message) for message in response.context["messages"]]
    assert "Fiktyuny Shovany is now anonymous: applied at once." in shown
    assert visibility(person) == "anonymous"


@pytest.mark.parametrize(("role", "decides"), [(VIEWER, False), (EDITOR, False), (REVIEWER, True)])
def test_only_another_reviewer_approves_from_the_queue(client, role_user, role, decides):
    person = PrisonerFactory(visibility="private", display_name="Fiktyuny U Chargje")
    asked = services.request_visibility(
        prisoner=person, visibility="public", by=role_user("Editor") if role != EDITOR else role_user(REVIEWER)
    )
    client.force_login(role_user(role))

    page = client.get(f"{QUEUE}{asked.pk}/change/")
    client.post(QUEUE, {"action": "approve", "_selected_action": [str(asked.pk)]})

    assert page.status_code == 200 and "Never shown this way before" in page.content.decode()
    assert visibility(person) == ("public" if decides else "private")
