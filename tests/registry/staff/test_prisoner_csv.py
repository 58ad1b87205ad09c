"""CSV import and export of prisoners: preview, per-row errors, all-or-nothing, duplicates, round trip."""

import csv
import datetime as dt
import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from registry import services as custody_services
from registry.models import Custody, ImportJob, Prisoner, PrisonerName, PublicationRequest
from registry.staff import import_jobs
from registry.staff import prisoner_csv as imports
from registry.staff.import_jobs import run_import_job
from registry.staff.roles import EDITOR, REVIEWER
from tests.factories import (
    ArticleFactory,
    ChargeFactory,
    CriminalCodeFactory,
    FacilityFactory,
    PlacementFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
    SourceFactory,
)
from tests.task_worker import run_worker

pytestmark = pytest.mark.django_db

HEADER = ",".join(imports.STAFF_COLUMNS)


def csv_of(*rows: dict) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=imports.STAFF_COLUMNS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue()


@pytest.fixture
def reference():
    code = CriminalCodeFactory()
    return {
        "region": RegionFactory(slug="test-oblast"),
        "article": ArticleFactory(code=code, number="342"),
        "facility": FacilityFactory(name_en="Fictional Penal Colony No. 700"),
    }


def good_row(**overrides) -> dict:
    row = {
        "display_name": "Testavy Importny",
        "name_be": "Тэставы Імпартны",
        "name_ru": "Тестовый Импортный",
        "other_names": "Testavy Importnyi|en|variant",
        "sex": "female",
        "birth_date": "1962",
        "region": "test-oblast",
        "articles": "CC BY art. 342 part 1",
        "custody_kind": "detention",
        "detained_on": "2021-05",
        "facility": "Fictional Penal Colony No. 700",
        "is_synthetic": "true",
    }
    row.update(overrides)
    return row


def test_a_dry_run_reports_what_would_happen_and_changes_nothing(staff_user, reference):
    second = good_row(display_name="Testavy Druhi", name_be="Тэставы Другі", name_ru="", other_names="")
    text = csv_of(good_row(), second)

    report = imports.import_prisoners(text, user=staff_user)

    assert (report.has_errors, report.new, report.applied) == (False, 2, False)
    assert not Prisoner.objects.exists()
    assert not Custody.objects.exists()


def test_applying_a_good_file_creates_people_with_names_dates_articles_and_custody(staff_user, reference):
    source = SourceFactory()
    text = csv_of(good_row(released_on="2024-09-17", release_reason="pardon"))

    report = imports.import_prisoners(text, user=staff_user, source=source, apply=True)

    assert report.applied, report.error_messages()
    prisoner = Prisoner.objects.get()
    assert (prisoner.birth_date, prisoner.birth_date_precision) == (dt.date(1962, 1, 1), "year")
    assert prisoner.region == reference["region"]
    assert prisoner.visibility == "private"
    assert prisoner.status == "released"
    assert set(prisoner.names.values_list("full_name", "language", "kind")) == {
        ("Тэставы Імпартны", "be", "primary"),
        ("Тестовый Импортный", "ru", "primary"),
        ("Testavy Importnyi", "en", "variant"),
    }
    assert [str(c) for c in prisoner.convictions.get().charges.all()] == ["CC BY art. 342 part 1"]
    custody = prisoner.custody_periods.get()
    assert (custody.detained_on, custody.detained_on_precision) == (dt.date(2021, 5, 1), "month")
    assert custody.release_reason == "pardon"
    assert custody.placements.get().facility == reference["facility"]
    assert list(prisoner.sources.all()) == [source]
    record = prisoner.history.last()
    assert (record.history_user, record.history_change_reason) == (staff_user, "CSV import")


def test_a_file_with_bad_rows_changes_nothing_and_names_each_row_and_column(staff_user, reference):
    text = csv_of(
        good_row(),
        good_row(display_name="Testavy Bad Date", name_be="", name_ru="", other_names="", birth_date="1962-13"),
        good_row(display_name="", name_be="", name_ru="", other_names="", region="atlantis"),
        good_row(
            display_name="Testavy Bad Law",
            name_be="",
            name_ru="",
            other_names="",
            articles="CC BY art. 999",
            released_on="2024",
        ),
    )

    report = imports.import_prisoners(text, user=staff_user, apply=True)

    assert report.applied is False
    assert not Prisoner.objects.exists()
    assert not PrisonerName.objects.exists()
    messages = report.error_messages()
    assert any(m.startswith("line 3, column birth_date:") for m in messages)
    assert "line 4, column display_name: A display name is required." in messages
    assert any(m.startswith("line 4, column region: No region") for m in messages)
    assert any(m.startswith("line 5, column articles:") and "999" in m for m in messages)
    assert any(m.startswith("line 5, column release_reason:") for m in messages)


def test_a_release_before_the_detention_is_refused_by_the_custody_rules(staff_user, reference):
    text = csv_of(good_row(detained_on="2021-05-14", released_on="2020-01-01", release_reason="served"))

    report = imports.import_prisoners(text, user=staff_user, apply=True)

    assert not report.applied
    assert any(m.startswith("line 2, column released_on:") for m in report.error_messages())
    assert not Prisoner.objects.exists()


def test_a_person_already_in_the_registry_under_another_script_is_flagged_not_created(staff_user, reference):
    existing = PrisonerFactory(display_name="Testavy Importny", birth_date=dt.date(1962, 1, 1))
    PrisonerNameFactory(prisoner=existing, full_name="Тэставы Імпартны", language="be")
    text = csv_of(
        good_row(display_name="Testavy Importnyi", name_ru="", other_names=""),  # same be name, same year
        good_row(display_name="Testavy Inshy", name_be="Тэставы Іншы", name_ru="", other_names=""),
    )

    preview = imports.import_prisoners(text, user=staff_user)
    report = imports.import_prisoners(text, user=staff_user, apply=True)

    assert [row.status for row in preview.rows] == ["duplicate", "new"]
    assert preview.rows[0].duplicates == [existing]
    assert report.applied
    assert Prisoner.objects.count() == 2
    assert Prisoner.objects.filter(display_name="Testavy Importnyi").count() == 0


def test_the_same_person_twice_in_one_file_is_created_once(staff_user, reference):
    text = csv_of(good_row(), good_row(display_name="Testavy Importny (again)", name_ru="", other_names=""))

    report = imports.import_prisoners(text, user=staff_user, apply=True)

    assert [row.status for row in report.rows] == ["new", "duplicate"]
    assert Prisoner.objects.count() == 1


@pytest.mark.parametrize("role", [EDITOR, REVIEWER])
def test_an_import_asks_for_publication_and_publishes_nobody_itself(role_user, reference, role):
    report = imports.import_prisoners(csv_of(good_row(visibility="public")), user=role_user(role), apply=True)

    assert report.applied, report.error_messages()
    person = Prisoner.objects.get()
    assert person.visibility == "private"
    asked = person.publication_requests.get()
    assert (asked.to_visibility, asked.state) == ("public", "pending")


def test_an_import_without_a_user_cannot_ask_for_publication(reference):
    report = imports.import_prisoners(csv_of(good_row(visibility="public")), user=None, apply=True)

    assert any(m.startswith("line 2, column visibility:") for m in report.error_messages())
    assert not Prisoner.objects.exists()


def test_unknown_columns_are_a_file_error(staff_user):
    report = imports.import_prisoners("display_name,nickname\nTestavy,Tes\n", user=staff_user, apply=True)

    assert report.file_errors == [f"Unknown column(s): nickname. Expected: {', '.join(imports.STAFF_COLUMNS)}."]
    assert not Prisoner.objects.exists()


def test_export_then_import_into_an_empty_registry_loses_nothing(
    staff_user, reference, django_assert_num_queries, role_user
):
    prisoner = PrisonerFactory(
        display_name="Testavy Kruhavy",
        sex="male",
        birth_date=dt.date(1970, 3, 1),
        birth_date_precision="month",
        region=reference["region"],
        occupation="=HYPERLINK(\"http://example.org\") 'engineer'",
        visibility="anonymous",
        recognised_on=dt.date(2021, 6, 1),
        recognised_by="Test Group",
    )
    PrisonerNameFactory(prisoner=prisoner, full_name="Тэставы Кругавы", language="be")
    PrisonerNameFactory(prisoner=prisoner, full_name="Testavy Krugovoy", language="en", kind="alias")
    PrisonerNameFactory(prisoner=prisoner, full_name="'Quoted -Testavy", language="en", kind="variant")
    ChargeFactory(conviction__prisoner=prisoner, article=reference["article"], part="2")
    custody_services.record_detention(
        prisoner=prisoner, detained_on=dt.date(2020, 8, 10), facility=reference["facility"]
    )
    custody_services.release(prisoner=prisoner, released_on=dt.date(2024, 9, 17), reason="pardon")
    held = PrisonerFactory(display_name="Testavy Trymany", birth_date=None)
    PlacementFactory(custody__prisoner=held, custody__detained_on=None, facility=reference["facility"])
    out = io.StringIO()
    with django_assert_num_queries(9):  # fixed: one per prefetched relation, whatever the size
        imports.export_prisoners(imports.export_queryset(Prisoner.objects.order_by("display_name")), out)
    exported = out.getvalue()

    Prisoner.objects.all().delete()
    # Into another (here: emptied) registry: without the ids, every row adds a person.
    without_ids = re.sub(r"(?m)^\d+,", ",", exported)
    report = imports.import_prisoners(without_ids, user=staff_user, apply=True)
    again = io.StringIO()

    assert report.applied, report.error_messages()
    # Visibility comes back as asked for: a second Reviewer approves it (two-person publishing).
    asked = Prisoner.objects.get(display_name="Testavy Kruhavy").publication_requests.get()
    assert (asked.to_visibility, asked.state) == ("anonymous", "pending")
    reviewer = role_user(REVIEWER)
    for waiting in PublicationRequest.objects.filter(state="pending"):
        custody_services.decide_visibility(request=waiting, by=reviewer, approve=True)
    imports.export_prisoners(imports.export_queryset(Prisoner.objects.order_by("display_name")), again)
    assert re.sub(r"(?m)^\d+,", ",", again.getvalue()) == without_ids
    assert "'=HYPERLINK" in exported
    assert Prisoner.objects.get(display_name="Testavy Kruhavy").occupation.startswith("=HYPERLINK")
    assert Prisoner.objects.get(display_name="Testavy Trymany").status == "in_custody"


@pytest.mark.django_db(transaction=True)  # the worker sees only committed jobs
def test_the_admin_checks_the_upload_in_the_worker_then_applies_it_there(client, staff_user, reference):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("people.csv", csv_of(good_row()).encode("utf-8"), content_type="text/csv")

    queued = client.post(reverse("admin:registry_prisoner_import_csv"), {"file": upload})
    job_page = queued["Location"]
    waiting = client.get(job_page).content.decode()
    run_worker()
    preview = client.get(job_page).content.decode()

    assert "waiting for the worker" in waiting and 'http-equiv="refresh"' in waiting
    assert "will be imported" in preview and 'value="Apply import"' in preview
    assert 'http-equiv="refresh"' not in preview
    assert not Prisoner.objects.exists()
    applied_page = client.post(job_page, {"apply": "1"})["Location"]
    run_worker()
    assert "Imported 1 row(s)" in client.get(applied_page).content.decode()
    assert Prisoner.objects.filter(display_name="Testavy Importny").exists()
    assert ImportJob.objects.get(pk=applied_page.rstrip("/").rsplit("/", 1)[1]).csv_text == ""


def test_a_dry_run_is_applied_once_and_only_by_its_owner_or_a_superuser(client, staff_user, role_user, reference):
    job = import_jobs.start(kind=imports.JOB_KIND, text=csv_of(good_row()), user=staff_user)
    run_import_job.call(str(job.pk))
    job_page = reverse("admin:registry_prisoner_import_job", args=[job.pk])
    client.force_login(role_user(EDITOR))

    assert client.get(job_page).status_code == 404
    assert client.post(job_page, {"apply": "1"}).status_code == 404
    client.force_login(staff_user)
    client.post(job_page, {"apply": "1"})
    again = client.post(job_page, {"apply": "1"}, follow=True)
    assert "already been applied" in again.content.decode()
    assert ImportJob.objects.filter(preview=job).count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_admin_shows_row_errors_and_offers_no_apply_button(client, staff_user, reference):
    client.force_login(staff_user)
    upload = SimpleUploadedFile("people.csv", csv_of(good_row(birth_date="someday")).encode(), content_type="text/csv")

    job_page = client.post(reverse("admin:registry_prisoner_import_csv"), {"file": upload})["Location"]
    run_worker()
    page = client.get(job_page).content.decode()

    assert "column <code>birth_date</code>" in page
    assert 'value="Apply import"' not in page


def test_a_job_that_crashes_is_shown_as_failed_and_keeps_nothing(staff_user, reference, monkeypatch):
    job = import_jobs.start(kind=imports.JOB_KIND, text=csv_of(good_row()), user=staff_user)

    def crash(*args, **kwargs):
        raise RuntimeError("the disk is on fire")

    monkeypatch.setitem(import_jobs.IMPORTERS, imports.JOB_KIND, crash)
    with pytest.raises(RuntimeError):
        run_import_job.call(str(job.pk))

    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and "the disk is on fire" in job.error and job.csv_text == ""


def test_progress_is_reported_for_each_row_checked_then_written(staff_user, reference):
    heard = []

    imports.import_prisoners(
        csv_of(good_row(), good_row(display_name="Testavy Druhi")),
        user=staff_user,
        progress=lambda stage, done, total: heard.append((stage, done, total)),
    )

    assert heard == [
        ("checking", 1, 2),
        ("checking", 2, 2),
        ("importing", 0, 2),
        ("importing", 1, 2),
        ("importing", 2, 2),
    ]


def test_old_jobs_are_pruned_with_their_files(staff_user):
    old = import_jobs.start(kind=imports.JOB_KIND, text="display_name\nTestavy Stary\n", user=staff_user)
    ImportJob.objects.filter(pk=old.pk).update(
        state=ImportJob.State.DONE, created_at=timezone.now() - dt.timedelta(days=8)
    )
    recent = import_jobs.start(kind=imports.JOB_KIND, text="display_name\nTestavy Novy\n", user=staff_user)

    call_command("prune_import_jobs", "--days", "7", stdout=io.StringIO())

    assert list(ImportJob.objects.all()) == [recent]


def test_the_admin_export_downloads_the_same_columns(client, staff_user):
    PrisonerFactory(display_name="Testavy Eksport")
    client.force_login(staff_user)

    response = client.get(reverse("admin:registry_prisoner_export_csv"))

    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode().splitlines()
    assert lines[0] == HEADER
    assert lines[1].startswith(f"{Prisoner.objects.get().pk},Testavy Eksport,")


def exported_rows(queryset) -> list[dict]:
    out = io.StringIO()
    imports.export_prisoners(imports.export_queryset(queryset), out)
    return list(csv.DictReader(io.StringIO(out.getvalue())))


def as_csv(rows: list[dict], delimiter: str = ",", bom: bool = False) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if bom else "") + out.getvalue()


def test_a_spreadsheet_round_trip_updates_people_by_id_and_the_preview_lists_each_change(staff_user, reference):
    person = PrisonerFactory(display_name="Testavy Abnoŭleny", occupation="teacher", visibility="public")
    PrisonerNameFactory(prisoner=person, full_name="Тэставы Абноўлены", language="be")
    untouched = PrisonerFactory(display_name="Testavy Nязменны")
    rows = exported_rows(Prisoner.objects.order_by("pk"))
    rows[0] |= {"occupation": "engineer", "name_be": "Тэставы Абноўлены-Новы", "birth_date": "1980-05"}
    # Excel in much of Europe: UTF-8 with a byte-order mark, semicolons.
    text = as_csv(rows, delimiter=";", bom=True)

    preview = imports.import_prisoners(text, user=staff_user, apply=False)
    applied = imports.import_prisoners(text, user=staff_user, apply=True)

    assert [row.status for row in preview.rows] == ["updated", "unchanged"]
    assert preview.rows[0].changes == [
        ("name_be", "Тэставы Абноўлены", "Тэставы Абноўлены-Новы"),
        ("birth_date", "", "1980-05"),
        ("occupation", "teacher", "engineer"),
    ]
    assert applied.applied and applied.updated == 1 and applied.new == 0
    person.refresh_from_db()
    assert (person.occupation, person.birth_date_display, person.name_in("be")) == (
        "engineer", "May 1980", "Тэставы Абноўлены-Новы"
    )  # fmt: skip
    assert Prisoner.objects.count() == 2 and untouched.history.count() == 1


def test_an_update_that_touches_custody_or_names_a_missing_id_changes_nothing(staff_user, reference):
    person = PrisonerFactory(display_name="Testavy Pamylkovy", occupation="teacher")
    rows = exported_rows(Prisoner.objects.all())
    good = rows[0] | {"occupation": "engineer"}
    custody = rows[0] | {"detained_on": "2021-05"}
    unknown = rows[0] | {"id": "999999"}

    for bad, column in ((custody, "detained_on"), (unknown, "id")):
        report = imports.import_prisoners(as_csv([good, bad]), user=staff_user, apply=True)
        assert not report.applied
        assert any(m.startswith(f"line 3, column {column}:") for m in report.error_messages()), report.error_messages()
    person.refresh_from_db()
    assert person.occupation == "teacher"


def test_raising_visibility_by_update_asks_a_second_reviewer(staff_user, reference):
    person = PrisonerFactory(display_name="Testavy Prykhavany", visibility="private")
    rows = exported_rows(Prisoner.objects.all())

    imports.import_prisoners(as_csv([rows[0] | {"visibility": "public"}]), user=staff_user, apply=True)

    person.refresh_from_db()
    assert person.visibility == "private"
    assert person.publication_requests.get().state == "pending"
