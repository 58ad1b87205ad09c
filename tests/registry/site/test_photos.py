"""Photos: stored without metadata under a random name, served only while their person is public."""

import io
import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from registry.models import Prisoner
from tests.factories import PrisonerFactory

pytestmark = pytest.mark.django_db
GPS_IFD = 0x8825


def jpeg_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "Fictional Camera Maker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (53.0, 54.0, 0.0), 3: "E", 4: (27.0, 33.0, 0.0)}
    out = io.BytesIO()
    Image.new("RGB", (40, 60), "red").save(out, format="JPEG", exif=exif)
    return out.getvalue()


@pytest.fixture
def person():
    prisoner = PrisonerFactory(visibility="public", display_name="Fictional Photographed Person")
    prisoner.photo = SimpleUploadedFile("fictional-photographed-person.jpg", jpeg_with_gps(), "image/jpeg")
    prisoner.save()
    return prisoner


def test_the_upload_itself_carries_gps_and_camera_data():
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        assert image.getexif()[0x010F] == "Fictional Camera Maker"
        assert image.getexif().get_ifd(GPS_IFD)


def test_the_stored_photo_keeps_the_picture_and_no_metadata(person):
    with person.photo.open() as stored, Image.open(stored) as image:
        assert image.size == (40, 60)
        assert not image.getexif()
        assert "exif" not in image.info


def test_the_url_names_neither_the_person_nor_their_id(person):
    # 24 random URL-safe characters: nothing of the file's name or the record's id.
    assert re.fullmatch(r"/media/photos/[A-Za-z0-9_-]{24}\.jpg", person.photo.url)


def test_a_public_persons_photo_is_served_and_revalidated(client, person):
    response = client.get(person.photo.url)
    body = b"".join(response.streaming_content)
    response.close()

    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-cache"  # no shared cache keeps it; reuse asks again
    with person.photo.open() as stored:
        assert body == stored.read()


@pytest.mark.parametrize("visibility", ["anonymous", "private"])
def test_a_withdrawn_persons_photo_answers_as_a_missing_file(client, person, visibility, settings):
    settings.DEBUG = False
    url = person.photo.url
    Prisoner.objects.filter(pk=person.pk).update(visibility=visibility)

    withdrawn = client.get(url)
    missing = client.get("/media/photos/" + "x" * 24 + ".jpg")

    assert withdrawn.status_code == missing.status_code == 404
    assert withdrawn.content == missing.content
    assert sorted(withdrawn.headers.items()) == sorted(missing.headers.items())


def test_staff_still_see_a_withdrawn_persons_photo(client, person, staff_user):
    Prisoner.objects.filter(pk=person.pk).update(visibility="private")
    client.force_login(staff_user)
    response = client.get(person.photo.url)
    response.close()

    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_the_public_profile_shows_the_photo_by_its_served_url(client, person):
    page = client.get(reverse("prisoner_detail", args=[person.pk])).content.decode()

    assert f'src="{person.photo.url}"' in page


def test_a_file_that_is_not_a_picture_is_refused_on_save_with_a_field_error_and_nothing_stored(settings):
    prisoner = PrisonerFactory()
    prisoner.photo = SimpleUploadedFile("notes.jpg", b"%PDF-1.4 not a picture", "image/jpeg")

    with pytest.raises(ValidationError) as raised:
        prisoner.save()

    assert list(raised.value.message_dict) == ["photo"]
    assert not list(Path(settings.MEDIA_ROOT).rglob("*.jpg"))


def test_photos_stored_before_cleaning_are_reencoded_and_renamed_by_the_migration(settings):
    from importlib import import_module

    from django.apps import apps
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    old_name = default_storage.save("photos/fictional-person-42.jpg", ContentFile(jpeg_with_gps()))
    person = PrisonerFactory()
    Prisoner.objects.filter(pk=person.pk).update(photo=old_name)
    missing = PrisonerFactory()
    Prisoner.objects.filter(pk=missing.pk).update(photo="photos/gone.jpg")

    import_module("registry.migrations.0012_photos_reencoded").reencode(apps, None)

    person.refresh_from_db()
    assert re.fullmatch(r"photos/[A-Za-z0-9_-]{24}\.jpg", person.photo.name)
    assert not default_storage.exists(old_name)
    with person.photo.open() as stored, Image.open(stored) as image:
        assert not image.getexif()
    assert Prisoner.objects.get(pk=missing.pk).photo.name == "photos/gone.jpg"
