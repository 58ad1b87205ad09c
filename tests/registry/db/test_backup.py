"""`manage.py backup` / `restore`: a round trip keeps every row of every table and every photo; a damaged backup
or a non-empty database is refused; and after a restore no cache answers with data from before it."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import urllib.parse

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection
from PIL import Image

from registry.db import freshness
from tests.factories import RegionFactory
from tests.servers import ROOT, database_url
from tests.site_data import make_person

pytestmark = pytest.mark.django_db(transaction=True)


def person_with_photo(name: str):
    person = make_person(name)
    picture = io.BytesIO()
    Image.new("RGB", (40, 60), "gray").save(picture, format="JPEG")
    person.photo = SimpleUploadedFile("face.jpg", picture.getvalue(), "image/jpeg")
    person.save()
    return person


def table_digests(url: str) -> dict[str, tuple[int, str]]:
    """Row count and a digest of every row, per table (the data version row aside: a restore moves it on)."""
    with psycopg.connect(url) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'registry_dataversion'"
            )
        ]
        return {
            table: conn.execute(
                f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM \"{table}\" t"
            ).fetchone()
            for table in tables
        }


def files_under(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture
def empty_database():
    url = database_url()
    name = urllib.parse.urlsplit(url).path.lstrip("/") + "_restored"
    admin = urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    yield urllib.parse.urlunsplit(urllib.parse.urlsplit(url)._replace(path=f"/{name}"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_round_trip_keeps_every_table_and_every_photo(tmp_path, settings, empty_database):
    person_with_photo("Fiktyuny Zberazheny")
    make_person("Anonymus Zberazheny", visibility="anonymous")
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    restored_media = tmp_path / "restored-media"

    env = {**os.environ, "DATABASE_URL": empty_database, "MEDIA_ROOT": str(restored_media), "DEBUG": "true"}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")], cwd=ROOT, env=env, capture_output=True
    )

    assert result.returncode == 0, result.stderr.decode()
    original = table_digests(database_url())
    assert len(original) > 30
    assert table_digests(empty_database) == original
    assert files_under(restored_media) == files_under(settings.MEDIA_ROOT) != {}


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "backup"))


def test_restore_refuses_a_damaged_backup(tmp_path):
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    dump = tmp_path / "backup" / "database.dump"
    data = bytearray(dump.read_bytes())
    data[len(data) // 2] ^= 0xFF
    dump.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"database\.dump is missing or damaged"):
        call_command("restore", str(tmp_path / "backup"))


def test_backup_never_overwrites_an_earlier_one(tmp_path):
    (tmp_path / "backup").mkdir()

    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(tmp_path / "backup"))


def test_after_a_restore_a_person_withdrawn_is_never_served_from_a_cache_of_before(tmp_path, api_client):
    person = make_person("Fiktyuny Adnawleny")
    call_command("backup", str(tmp_path / "backup"), stdout=io.StringIO())
    for _ in range(30):
        RegionFactory()
    before_restore = freshness.current()
    assert api_client.get(f"/api/v1/prisoners/{person.pk}/").status_code == 200  # cached at this version

    # A restore while the app runs: the database goes back to the backup's data version.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public")
    call_command("restore", str(tmp_path / "backup"), stdout=io.StringIO())
    person.refresh_from_db()
    person.visibility = "private"
    person.save()
    while freshness.current().number < before_restore.number:  # new writes reuse the numbers of before
        freshness.claim_write()  # one number each (a write's triggers may take several)

    assert freshness.current().number == before_restore.number
    assert api_client.get(f"/api/v1/prisoners/{person.pk}/").status_code == 404
