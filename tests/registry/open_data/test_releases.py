"""Releases: a numbered snapshot with checksums and a changelog; people withdrawn later leave every release."""

import datetime as dt
import hashlib
import json

import pytest
from frictionless import Package

from registry import services
from registry.models import Release
from registry.open_data import releases
from tests.factories import CustodyFactory, PardonDecreeFactory, PrisonerFactory

pytestmark = pytest.mark.django_db


def files(release: Release) -> dict[str, bytes]:
    return {stored.name: releases.content(stored, releases.withdrawn(release)) for stored in release.files.all()}


def test_a_release_is_numbered_and_stores_every_file_with_its_checksum(three_people):
    first = releases.publish_release()
    second = releases.publish_release()

    assert (first.number, second.number) == (1, 2)
    stored = {f.name: f for f in first.files.all()}
    assert {"prisoners.csv", "prisoners.json", "statistics.json", "datapackage.json", "README.md"} <= stored.keys()
    assert {"changelog.json", "changelog.csv"} <= stored.keys()
    for f in stored.values():
        with f.file.open("rb") as opened:
            data = opened.read()
        assert (f.size, f.sha256) == (len(data), hashlib.sha256(data).hexdigest())
    assert first.counts["prisoners"] == 1
    assert first.statistics["headline"]["held"] == 2  # the anonymous person counts, the private one does not


def test_its_files_name_nobody_hidden(three_people):
    release = releases.publish_release()

    everything = b"".join(files(release).values()).decode()
    assert "Fictional Public Person" in everything
    assert "Anonymous Person" not in everything
    assert "Private Person" not in everything
    assert "anonymous person" not in everything and "private person" not in everything


def test_the_changelog_tells_who_was_added_released_redetained_and_resentenced(three_people):
    held = three_people["public"]
    free = CustodyFactory(
        prisoner__display_name="Fictional Freed Person", released_on=dt.date(2023, 1, 1), release_reason="served"
    ).prisoner
    releases.publish_release()
    services.release(prisoner=held, released_on=dt.date(2026, 11, 30), reason="pardon")
    CustodyFactory(prisoner=free, detained_on=dt.date(2026, 11, 1))
    PrisonerFactory(display_name="Fictional Newcomer")
    PardonDecreeFactory(title="Fictional new decree", announced_total=12)

    second = releases.publish_release()

    changes = {(entry["change"], entry["display_name"]) for entry in second.changelog["people"]}
    assert ("released", "Fictional Public Person") in changes
    assert ("redetained", "Fictional Freed Person") in changes
    assert ("added", "Fictional Newcomer") in changes
    assert second.changelog["decrees"][0]["display_name"] == "Fictional new decree"
    assert second.changelog["summary"]["decrees_added"] == 1
    assert json.loads(files(second)["changelog.json"]) == second.changelog


def test_people_who_leave_the_public_set_are_only_counted_in_the_next_changelog(three_people):
    releases.publish_release()
    three_people["public"].visibility = "anonymous"
    three_people["public"].save()

    second = releases.publish_release()

    assert second.changelog["summary"]["no_longer_listed"] == 1
    assert "Fictional Public Person" not in json.dumps(second.changelog)


def test_a_person_withdrawn_after_a_release_leaves_its_downloads_at_once_and_its_files_when_amended(three_people):
    person = three_people["public"]
    release = releases.publish_release()
    person.visibility = "private"
    person.save()

    served = files(release)
    gone = releases.withdrawn(release)
    assert (gone.people, len(gone.sources)) == ({person.pk}, 1)  # and the source cited only about them
    assert all(b"Fictional Public Person" not in data for data in served.values())

    assert releases.amend() == [release]
    release.refresh_from_db()
    assert (release.withdrawn_count, release.people) == (2, [])
    for stored in release.files.all():
        with stored.file.open("rb") as opened:
            data = opened.read()
        assert b"Fictional Public Person" not in data
        assert stored.sha256 == hashlib.sha256(data).hexdigest()
    report = Package(str(release.files.get(name="datapackage.json").file.path)).validate()
    assert report.valid, report.flatten(["resourceName", "type", "note"])


def test_nothing_is_amended_while_everyone_in_a_release_is_still_public(three_people):
    release = releases.publish_release()

    assert not releases.withdrawn(release)
    assert releases.amend() == []


def test_a_person_merged_into_a_public_record_stays_in_releases_and_one_merged_into_a_hidden_one_leaves(
    three_people, role_user
):
    from registry.merging import merge_prisoners
    from registry.staff.roles import REVIEWER

    person, reviewer = three_people["public"], role_user(REVIEWER)
    release = releases.publish_release()
    [merge] = merge_prisoners(keep=PrisonerFactory(), others=[person], by=reviewer)

    assert not releases.withdrawn(release)
    assert releases.amend() == []

    type(person).objects.filter(pk=merge.kept_id).update(visibility="private")
    assert releases.withdrawn(release).people == {person.pk}
