"""Recognitions: who recognised a person as a political prisoner, when, on which criteria, with the statement.
The person's recognised_on/by are derived by PostgreSQL; the profile, API and staff CSV show them."""

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from registry.models import Prisoner, Recognition
from registry.staff import prisoner_csv
from registry.staff.roles import EDITOR
from tests.admin_forms import errors, form_data
from tests.factories import PrisonerFactory
from tests.registry.staff.test_prisoner_csv import as_csv, exported_rows

pytestmark = pytest.mark.django_db


def recognise(person, organisation: str, on: dt.date | None = None, **fields) -> Recognition:
    return Recognition.objects.create(prisoner=person, organisation=organisation, recognised_on=on, **fields)


def derived(person) -> tuple:
    return Prisoner.objects.filter(pk=person.pk).values_list("recognised_by", "recognised_on").get()


def test_the_person_shows_the_earliest_date_and_every_organisation_in_date_order_whatever_writes_them():
    person = PrisonerFactory()
    later = recognise(person, "Fictional Group B", dt.date(2022, 3, 1))
    assert derived(person) == ("Fictional Group B", dt.date(2022, 3, 1))

    recognise(person, "Fictional Group A", dt.date(2021, 6, 1))
    recognise(person, "Fictional Group C")
    assert derived(person) == ("Fictional Group A, Fictional Group B, Fictional Group C", dt.date(2021, 6, 1))

    person.recognised_by, person.recognised_on = "typed over", None
    person.save()  # a save cannot make the derived fields disagree with the rows
    assert derived(person)[0].startswith("Fictional Group A")

    other = PrisonerFactory()
    Recognition.objects.filter(pk=later.pk).update(prisoner=other)
    assert derived(other) == ("Fictional Group B", dt.date(2022, 3, 1))
    Recognition.objects.filter(prisoner=person).delete()
    assert derived(person) == ("", None)


def test_criteria_are_letters_of_the_definition():
    with pytest.raises(IntegrityError), transaction.atomic():
        recognise(PrisonerFactory(), "Fictional Group", criteria=["z"])


def test_an_editor_records_a_recognition_with_criteria_and_marks_the_person_recognised(client, role_user):
    person = PrisonerFactory(verification="verified")
    client.force_login(role_user(EDITOR))
    url = reverse("admin:registry_prisoner_change", args=[person.pk])

    data = form_data(client.get(url)) | {"verification": "recognised"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert any("needs a recognition" in e for e in errors(refused))
    assert Prisoner.objects.get(pk=person.pk).verification == "verified"

    data |= {
        "recognitions-TOTAL_FORMS": "1",
        "recognitions-0-organisation": "Fictional Rights Group",
        "recognitions-0-recognised_on": "2023-04-05",
        "recognitions-0-recognised_on_precision": "day",
        "recognitions-0-criteria": ["a", "e"],
        "recognitions-0-statement_url": "https://example.org/statement",
    }
    assert client.post(url, data).status_code == 302

    person.refresh_from_db()
    recognition = person.recognitions.get()
    assert (person.verification, person.recognised_by) == ("recognised", "Fictional Rights Group")
    assert recognition.criteria == ["a", "e"]
    assert recognition.history.first().history_user.username == "editor-tester"


def test_the_profile_and_the_api_document_list_each_recognition(client):
    person = PrisonerFactory(display_name="Testavy Pryznany")
    recognise(person, "Fictional Rights Group", dt.date(2023, 4, 5), criteria=["a", "e"],
              statement_url="https://example.org/statement")  # fmt: skip
    recognise(person, "Another Fictional Group")

    page = client.get(f"/prisoners/{person.pk}/?lang=be").content.decode()
    document = client.get(f"/api/v1/prisoners/{person.pk}/").json()

    assert "Fictional Rights Group" in page and "Another Fictional Group" in page
    assert '<abbr title="e: яно вынік відавочна несправядлівага працэсу' in page
    assert 'href="https://example.org/statement" rel="nofollow noopener noreferrer"' in page
    assert "Прызнанне палітвязнем (Fictional Rights Group)" in page  # the dated one is on the timeline too
    assert document["recognitions"] == [
        {"organisation": "Fictional Rights Group", "recognised_on": "2023-04-05", "recognised_on_precision": "day",
         "criteria": ["a", "e"], "statement_url": "https://example.org/statement"},
        {"organisation": "Another Fictional Group", "recognised_on": None, "recognised_on_precision": "day",
         "criteria": [], "statement_url": ""},
    ]  # fmt: skip
    assert document["recognised_by"] == "Fictional Rights Group, Another Fictional Group"


def test_a_csv_gives_a_new_person_their_recognition_and_refuses_to_change_existing_ones(staff_user):
    row = {"display_name": "Testavy Novy", "verification": "recognised", "recognised_by": "Fictional Group",
           "recognised_on": "2022-05"}  # fmt: skip
    assert prisoner_csv.import_prisoners(as_csv([row]), user=staff_user, apply=True).applied
    added = Prisoner.objects.get(display_name="Testavy Novy")
    assert (added.recognised_by, added.recognised_on_display) == ("Fictional Group", "May 2022")

    without = {"display_name": "Testavy Biez", "verification": "recognised"}
    report = prisoner_csv.import_prisoners(as_csv([without]), user=staff_user, apply=True)
    assert not report.applied
    assert any(m.startswith("line 2, column verification:") for m in report.error_messages())

    rows = exported_rows(Prisoner.objects.filter(pk=added.pk))
    changed = rows[0] | {"recognised_by": "Another Group"}
    report = prisoner_csv.import_prisoners(as_csv([changed]), user=staff_user, apply=True)
    assert not report.applied
    assert "recognitions change on the person's page" in " ".join(report.error_messages())
    assert prisoner_csv.import_prisoners(as_csv(rows), user=staff_user).rows[0].status == "unchanged"

    first = PrisonerFactory(display_name="Testavy Upiershyniu")
    rows = exported_rows(Prisoner.objects.filter(pk=first.pk))
    assert prisoner_csv.import_prisoners(
        as_csv([rows[0] | {"recognised_by": "Fictional Group"}]), user=staff_user, apply=True
    ).applied
    assert first.recognitions.get().organisation == "Fictional Group"
