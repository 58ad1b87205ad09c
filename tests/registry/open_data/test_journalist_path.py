"""A journalist's path from end to end, through the public surfaces only: follow a filtered feed, see a staff
edit appear in it, download releases N and N+1, read the changelog, validate both data packages with
frictionless, and reproduce headline numbers from release N's own files — finding nobody hidden anywhere."""

import csv
import datetime as dt
import hashlib
import io
import json
import xml.etree.ElementTree as ET

import pytest
from django.core.management import call_command
from frictionless import Package

from registry.staff.roles import REVIEWER
from tests.admin_forms import form_data
from tests.factories import FacilityFactory, PardonDecreeFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
HIDDEN = ["Anonymus Secretus", "Анонімус Сакрэтус", "Privatny Niabachny"]


def download(client, url: str) -> bytes:
    response = client.get(url.removeprefix("http://testserver"))
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def fetch_release(client, number: int, folder) -> dict:
    """Download every file of a release as the API lists it, checking each against its size and SHA-256."""
    listed = client.get(f"/api/v1/releases/{number}/").json()
    folder.mkdir()
    for item in listed["files"]:
        data = download(client, item["url"])
        assert (len(data), hashlib.sha256(data).hexdigest()) == (item["size"], item["sha256"]), item["name"]
        (folder / item["name"]).write_bytes(data)
    return listed


def rows(folder, name: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO((folder / f"{name}.csv").read_text(encoding="utf-8"))))


def test_a_journalist_follows_a_change_from_feed_to_release_and_reproduces_the_numbers(client, role_user, tmp_path):
    facility = FacilityFactory(name_en="Fictional Colony No. 77")
    decree = PardonDecreeFactory(announced_on=dt.date(2025, 3, 10), announced_total=5, title="Fictional decree")
    held = make_person("Fiktyuny Zniavoleny", facility=facility)
    make_person("Fiktyuny Pamilavany", facility=facility, decree=decree)
    make_person(
        "Anonymus Secretus", visibility="anonymous", facility=facility, decree=decree, names={"be": "Анонімус Сакрэтус"}
    )
    make_person("Privatny Niabachny", visibility="private", facility=facility)  # fmt: skip

    # 1. Subscribe to the feed of the list filtered to one facility.
    feed_url = f"/prisoners/feed.atom?facility={facility.pk}"
    before = client.get(feed_url)
    assert before.status_code == 200
    assert client.get(feed_url, HTTP_IF_NONE_MATCH=before["ETag"]).status_code == 304

    # 2. Release N.
    call_command("publish_release", stdout=io.StringIO())

    # 3. A Reviewer corrects the held person's sentence in the admin.
    staff = client_for(role_user(REVIEWER))
    conviction = held.convictions.get()
    change_url = f"/admin/registry/conviction/{conviction.pk}/change/"
    data = form_data(staff.get(change_url)) | {"sentence_months": "48"}
    assert staff.post(change_url, data).status_code == 302

    # 4. The feed has changed and tells it.
    after = client.get(feed_url, HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200
    feed = ET.fromstring(after.content)
    newest = next(feed.iter(f"{ATOM}entry"))
    assert "Fiktyuny Zniavoleny" in newest.findtext(f"{ATOM}title")
    assert "4 years imprisonment" in newest.findtext(f"{ATOM}summary")  # 48 months, as the admin entered

    # 5. Release N+1; both listed, each file matching its checksum.
    call_command("publish_release", stdout=io.StringIO())
    numbers = [release["number"] for release in client.get("/api/v1/releases/").json()["results"]]
    assert numbers == [2, 1]
    first = fetch_release(client, 1, tmp_path / "1")
    second = fetch_release(client, 2, tmp_path / "2")
    assert first["citation"]["release"] == 1 and "CC BY 4.0" in first["citation"]["text"]

    # 6. The changelog of N+1 tells the sentence change, in the API and in its files.
    changelog = client.get("/api/v1/releases/2/changelog/").json()
    assert changelog["people"] == [
        {"change": "sentence", "id": held.pk, "display_name": "Fiktyuny Zniavoleny", "detail": "36 → 48"}
    ]
    assert json.loads((tmp_path / "2" / "changelog.json").read_text()) == changelog
    assert [row["change"] for row in rows(tmp_path / "2", "changelog")] == ["sentence"]
    assert second["changes"]["sentence"] == 1

    # 7. Both data packages are valid.
    for number in ("1", "2"):
        report = Package(str(tmp_path / number / "datapackage.json")).validate()
        assert report.valid, report.flatten(["resourceName", "rowNumber", "fieldName", "type", "note"])

    # 8. Release N's headline numbers, reproduced from its own files.
    numbers = json.loads((tmp_path / "1" / "statistics.json").read_text())
    people = rows(tmp_path / "1", "prisoners")
    decrees = {row["id"]: row for row in rows(tmp_path / "1", "decrees")}
    pardons = rows(tmp_path / "1", "pardons")
    assert numbers["headline"]["held"] == sum(row["status"] == "in_custody" for row in people) == 1
    named = sum(row["decree"] == str(decree.pk) for row in pardons)
    listed_decree = decrees[str(decree.pk)]
    assert (named, int(listed_decree["names_withheld"])) == (1, 1)
    assert int(listed_decree["identified_count"]) == named + int(listed_decree["names_withheld"]) == 2
    per_decree = {item["decree"]: item for item in numbers["pardons_per_decree"]}
    assert per_decree[decree.pk]["identified"] == 2
    assert client.get("/api/v1/statistics/headline/", {"release": 1}).json()["held"] == 1

    # 9. Nobody hidden anywhere the journalist looked.
    everything = b"".join(path.read_bytes() for path in tmp_path.rglob("*") if path.is_file())
    everything += after.content + client.get("/api/v1/releases/").content
    for name in HIDDEN:
        assert name.encode() not in everything, name


def client_for(user):
    from django.test import Client

    staff = Client()
    staff.force_login(user)
    return staff
