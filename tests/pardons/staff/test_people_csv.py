"""Importing the identified people of a decree from CSV, through pardons.services.record_pardon."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pardons.models import Pardon
from pardons.staff import people_csv as imports
from registry import services as custody_services
from registry.staff import import_jobs
from tests.factories import (
    CustodyFactory,
    PardonDecreeFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    SourceFactory,
)
from tests.task_worker import run_worker

pytestmark = pytest.mark.django_db


def test_people_are_found_by_number_or_by_name_in_any_script_and_released(staff_user):
    decree = PardonDecreeFactory()
    by_number = CustodyFactory()
    by_name = CustodyFactory(prisoner=PrisonerFactory(display_name="Testavy Kirilny"))
    PrisonerNameFactory(prisoner=by_name.prisoner, full_name="Тэставы Кірыльны", language="be")
    text = (
        "prisoner_id,name,released_on,confirmation,notes\n"
        f"{by_number.prisoner_id},,2024-09-17,confirmed,\n"
        ",Тэставы Кірыльны,2024-09,reported,seen at home\n"
    )

    report = imports.import_decree_people(text, decree=decree, user=staff_user, source=SourceFactory(), apply=True)

    assert report.applied, report.error_messages()
    by_number.refresh_from_db()
    by_name.refresh_from_db()
    assert (by_number.released_on, by_number.release_reason) == (dt.date(2024, 9, 17), "pardon")
    assert by_name.is_open  # reported, not yet confirmed
    pardon = Pardon.objects.get(prisoner=by_name.prisoner)
    assert (pardon.released_on_precision, pardon.notes) == ("month", "seen at home")
    assert pardon.history.first().history_user == staff_user


def test_a_bad_row_changes_nothing_and_is_named_by_line_and_column(staff_user):
    decree = PardonDecreeFactory()
    held = CustodyFactory()
    released = CustodyFactory()
    custody_services.release(prisoner=released.prisoner, released_on=dt.date(2023, 1, 1), reason="served")
    text = (
        "prisoner_id,released_on\n"
        f"{held.prisoner_id},2024-09-17\n"
        f"{released.prisoner_id},2024-09-17\n"
        "999999,2024-09-17\n"
        f"{held.prisoner_id},2024-09-17\n"
    )

    report = imports.import_decree_people(text, decree=decree, user=staff_user, source=SourceFactory(), apply=True)

    messages = report.error_messages()
    assert not report.applied
    assert any(m.startswith("line 3, column prisoner_id:") and "no open custody" in m for m in messages)
    assert "line 4, column prisoner_id: No person with registry number 999999." in messages
    assert any(m.startswith("line 5, column prisoner_id:") and "already recorded" in m for m in messages)
    assert not Pardon.objects.exists()
    held.refresh_from_db()
    assert held.is_open


def test_a_name_matching_several_people_asks_for_the_number(staff_user):
    PrisonerFactory(display_name="Testavy Dvojny")
    PrisonerFactory(display_name="Testavy Dvojny")
    for prisoner in PrisonerFactory._meta.model.objects.all():
        PrisonerNameFactory(prisoner=prisoner, full_name="Testavy Dvojny", language="en")

    report = imports.import_decree_people(
        "name\nTestavy Dvojny\n", decree=PardonDecreeFactory(), user=staff_user, apply=True
    )

    assert any("matches several people" in m and "give prisoner_id" in m for m in report.error_messages())


def test_export_then_import_into_another_decree_gives_the_same_people(staff_user):
    first, second = PardonDecreeFactory(), PardonDecreeFactory(announced_on=dt.date(2024, 10, 1))
    custody = CustodyFactory()
    reported = CustodyFactory()
    imports.import_decree_people(
        f"prisoner_id,released_on,confirmation,notes\n{custody.prisoner_id},2024-09,confirmed,a note\n"
        f"{reported.prisoner_id},,reported,\n",
        decree=first,
        user=staff_user,
        source=SourceFactory(),
        apply=True,
    )
    exported = io.StringIO()
    imports.export_decree_people(first, exported)
    for pardon in first.pardons.all():
        from pardons.services import undo_pardon

        undo_pardon(pardon=pardon)

    report = imports.import_decree_people(
        exported.getvalue(), decree=second, user=staff_user, source=SourceFactory(), apply=True
    )
    again = io.StringIO()
    imports.export_decree_people(second, again)

    assert report.applied, report.error_messages()
    assert again.getvalue() == exported.getvalue()


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_the_decree_page_offers_the_import_and_the_worker_previews_it_first(client, staff_user):
    decree = PardonDecreeFactory()
    custody = CustodyFactory()
    client.force_login(staff_user)
    url = reverse("admin:pardons_pardondecree_import_people", args=[decree.pk])
    upload = SimpleUploadedFile("people.csv", f"prisoner_id\n{custody.prisoner_id}\n".encode(), "text/csv")

    change_page = client.get(reverse("admin:pardons_pardondecree_change", args=[decree.pk])).content.decode()
    job_page = client.post(url, {"file": upload, "source": SourceFactory().pk})["Location"]
    run_worker()

    assert url in change_page and job_page.startswith(url)
    assert "will be imported" in client.get(job_page).content.decode()
    assert not Pardon.objects.exists()
    applied_page = client.post(job_page, {"apply": "1"})["Location"]
    run_worker()
    assert "Imported 1 row(s)" in client.get(applied_page).content.decode()
    assert Pardon.objects.get().prisoner == custody.prisoner


def test_a_job_of_one_decree_is_not_shown_under_another(client, staff_user):
    decree, other = PardonDecreeFactory(), PardonDecreeFactory()
    job = import_jobs.start(
        kind=imports.JOB_KIND, text="prisoner_id\n1\n", user=staff_user, target={"decree": decree.pk}
    )
    client.force_login(staff_user)

    mine = client.get(reverse("admin:pardons_pardondecree_import_job", args=[decree.pk, job.pk]))
    theirs = client.get(reverse("admin:pardons_pardondecree_import_job", args=[other.pk, job.pk]))

    assert (mine.status_code, theirs.status_code) == (200, 404)


def test_a_name_that_is_only_similar_is_not_guessed(staff_user):
    custody = CustodyFactory(prisoner=PrisonerFactory(display_name="Testavy Padobny"))

    report = imports.import_decree_people(
        "name\nTestavy Padobnyi\n", decree=PardonDecreeFactory(), user=staff_user, apply=True
    )

    assert not report.applied
    assert any("No person is named exactly 'Testavy Padobnyi'" in m for m in report.error_messages())
    custody.refresh_from_db()
    assert custody.is_open


def test_a_confirmed_row_without_a_source_for_the_import_is_named_and_nothing_is_imported(staff_user):
    custody = CustodyFactory()

    report = imports.import_decree_people(
        f"prisoner_id\n{custody.prisoner_id}\n", decree=PardonDecreeFactory(), user=staff_user, apply=True
    )

    assert not report.applied
    assert any(
        m.startswith("line 2, column confirmation: A confirmed pardon needs a source") for m in report.error_messages()
    )
    custody.refresh_from_db()
    assert custody.is_open
