"""The Data pages and release downloads: stable URLs, checksums that match, nobody withdrawn."""

import hashlib

import pytest

from registry.open_data.releases import publish_release

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(three_people):
    return publish_release()


def test_the_data_page_lists_each_release_with_its_licence(client, release):
    page = client.get("/data/").content.decode()

    assert f'href="/data/releases/{release.number}/"' in page
    assert 'rel="license"' in page and "CC BY 4.0" in page


def test_a_release_page_lists_every_file_with_its_size_and_checksum_and_how_to_cite_it(client, release):
    page = client.get(f"/data/releases/{release.number}/").content.decode()

    for stored in release.files.all():
        assert f"/data/releases/{release.number}/{stored.name}" in page
        assert stored.sha256 in page
    assert "Cite this" in page and f"release {release.number}" in page and "@misc{" in page


def test_a_release_is_cited_as_open_data(client, release):
    page = client.get(f"/data/releases/{release.number}/").content.decode()

    assert f"Political prisoners, open data, release {release.number}" in page


def test_a_download_is_the_stored_file_with_its_checksum_as_etag(client, release):
    stored = release.files.get(name="prisoners.csv")

    response = client.get(f"/data/releases/{release.number}/prisoners.csv")

    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == stored.sha256
    assert response["ETag"] == f'"{stored.sha256}"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]


def test_an_unknown_release_or_file_is_404(client, release):
    assert client.get("/data/releases/99/").status_code == 404
    assert client.get(f"/data/releases/{release.number}/secrets.txt").status_code == 404
    assert client.get(f"/data/releases/{release.number}/..%2Fsettings.py").status_code == 404


def test_a_person_made_anonymous_after_a_release_is_gone_from_its_pages_and_downloads_at_once(
    client, release, three_people
):
    person = three_people["public"]
    person.visibility = "anonymous"
    person.save()

    for path in ["/data/", f"/data/releases/{release.number}/",
                 *(f"/data/releases/{release.number}/{f.name}" for f in release.files.all())]:  # fmt: skip
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, path
        assert b"Fictional Public Person" not in body, path
        assert "Выдуманая public".encode() not in body, path


def test_a_release_page_says_its_checksums_are_of_the_files_before_until_they_are_rewritten(
    client, release, three_people
):
    from registry.open_data.releases import amend

    person = three_people["public"]
    person.visibility = "anonymous"
    person.save()

    waiting = client.get(f"/data/releases/{release.number}/").content.decode()
    amend()
    rewritten = client.get(f"/data/releases/{release.number}/").content.decode()

    assert "still those of the files before" in waiting and "as they are now" not in waiting
    assert "as they are now" in rewritten and "still those of the files before" not in rewritten


def test_the_api_lists_releases_with_files_checksums_changes_and_a_citation(client, release):
    body = client.get("/api/v1/releases/").json()

    first = body["results"][0]
    assert first["number"] == release.number
    assert {f["name"]: f["sha256"] for f in first["files"]} == {f.name: f.sha256 for f in release.files.all()}
    assert first["files"][0]["url"].startswith(f"http://testserver/data/releases/{release.number}/")
    assert first["changes"]["added"] == 1
    assert client.get(f"/api/v1/releases/{release.number}/").json()["amendment_pending"] is False
    assert first["citation"]["release"] == release.number
    changelog = client.get(f"/api/v1/releases/{release.number}/changelog/").json()
    assert changelog["summary"] == release.changelog["summary"]
    assert client.get("/api/v1/releases/99/").status_code == 404


@pytest.mark.parametrize("role, allowed", [("Viewer", False), ("Editor", False), ("Reviewer", True)])
def test_only_a_reviewer_publishes_a_release_from_the_admin(
    client, role_user, role, allowed, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    client.force_login(role_user(role))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/registry/release/publish/")

    assert response.status_code == (302 if allowed else 403)
    assert DBTaskResult.objects.filter(task_path__endswith="publish_release_task").exists() is allowed
    listing = client.get("/admin/registry/release/").content.decode()
    assert ("Publish a new release" in listing) is allowed
    assert client.get("/admin/registry/release/add/").status_code == 403


def test_the_release_list_costs_the_same_queries_for_one_release_or_three(client, release):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/api/v1/releases/", HTTP_AUTHORIZATION="").status_code == 200
        return len(captured)

    one = queries()
    publish_release()
    publish_release()
    assert queries() == one


def test_a_release_page_tells_changes_in_the_readers_words(client, three_people):
    from tests.factories import CustodyFactory

    publish_release()
    CustodyFactory(prisoner__display_name="Fictional Newcomer", prisoner__visibility="public")
    second = publish_release()

    page = client.get(f"/data/releases/{second.number}/").content.decode()

    assert "Fictional Newcomer" in page
    assert ">in custody<" in page and "in_custody" not in page  # the status as readers read it, not its code


@pytest.mark.parametrize(
    ("language", "labels"),
    [
        ("en", ["Released", "Detained again", "Died in custody"]),
        ("be", ["Вызвалена", "Затрымана зноў", "Памерла ў зняволенні"]),
        ("ru", ["Освобождено", "Задержано снова", "Умерло в заключении"]),
    ],
)
def test_a_release_pages_counts_of_changes_are_labelled_as_counts_are_said(client, three_people, language, labels):
    publish_release()
    second = publish_release()

    page = client.get(f"/data/releases/{second.number}/?lang={language}").content.decode()

    for label in labels:
        assert f"<dt>{label}</dt>" in page, label
