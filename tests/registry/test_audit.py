"""Audit history: who changed what and when, from the admin and from every other path."""

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords

from pardons import services as pardon_services
from registry import services as custody_services
from registry.audit import acting_as
from registry.models import Merge, Prisoner, PublicationRequest, Release
from tests.admin_forms import errors, form_data
from tests.factories import CustodyFactory, PardonDecreeFactory, PrisonerFactory, SourceFactory

pytestmark = pytest.mark.django_db


def test_every_record_staff_can_edit_has_history_and_a_history_admin():
    editable = [
        model
        for app_label in ("registry", "pardons")
        for model in apps.get_app_config(app_label).get_models()
        if model in admin.site._registry  # derived data (search keys) is not edited, so not in the admin
        # Published by a button / asked from a person's page / a merge, never edited: each row is itself the record.
        and model not in (Release, PublicationRequest, Merge)
    ]

    assert len(editable) >= 14
    for model in editable:
        assert hasattr(model, "history"), model
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


def test_an_admin_edit_is_recorded_with_the_user_and_the_field_level_change(client, staff_user):
    prisoner = PrisonerFactory(display_name="Testavy Before", occupation="teacher")
    source = SourceFactory()
    client.force_login(staff_user)
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    data = form_data(client.get(url))
    data.update({"display_name": "Testavy After", "sources": [str(source.pk)]})

    response = client.post(url, data)

    assert response.status_code == 302, errors(response)
    latest = prisoner.history.first()
    assert latest.history_user == staff_user
    original = prisoner.history.last()
    changed = {change.field: (change.old, change.new) for change in latest.diff_against(original).changes}
    assert changed["display_name"] == ("Testavy Before", "Testavy After")
    # The cited sources are part of the recorded version too.
    assert [row.source_id for row in latest.sources.all()] == [source.pk]
    page = client.get(reverse("admin:registry_prisoner_history", args=[prisoner.pk])).content.decode()
    assert "Testavy Before" in page
    assert "Testavy After" in page
    assert staff_user.username in page


def test_a_service_call_outside_a_request_is_attributed_to_changed_by(django_user_model):
    user = django_user_model.objects.create_user("importer")
    custody = CustodyFactory()
    decree = PardonDecreeFactory()

    pardon = pardon_services.record_pardon(
        sources=[SourceFactory()], decree=decree, prisoner=custody.prisoner, changed_by=user
    )

    custody.refresh_from_db()
    assert pardon.history.first().history_user == user
    assert custody.history.first().history_user == user
    assert custody.history.first().release_reason == "pardon"
    assert custody.prisoner.history.first().history_user == user


def test_an_unattributed_service_call_records_no_user_rather_than_a_wrong_one(django_user_model):
    user = django_user_model.objects.create_user("someone")
    custody = CustodyFactory()
    with acting_as(user):
        pass

    released = custody_services.release(prisoner=custody.prisoner, released_on=dt.date(2024, 1, 2), reason="served")

    assert released.history.first().history_user is None
    assert not hasattr(HistoricalRecords.context, "request")


def test_acting_as_records_the_reason_given(django_user_model):
    user = django_user_model.objects.create_user("commander")
    with acting_as(user, reason="corrected from the court record"):
        prisoner = PrisonerFactory()

    record = Prisoner.history.get(id=prisoner.pk)
    assert (record.history_user, record.history_change_reason) == (user, "corrected from the court record")


def test_nothing_is_lost_by_an_edit(client, staff_user):
    prisoner = PrisonerFactory(biography="First text.")
    client.force_login(staff_user)
    url = reverse("admin:registry_prisoner_change", args=[prisoner.pk])
    data = form_data(client.get(url))
    data["biography"] = "Second text."

    client.post(url, data)

    assert [h.biography for h in prisoner.history.order_by("history_date")] == ["First text.", "Second text."]
