"""Evidence attached to sources: checked by content, pictures without metadata, SHA-256 kept, private unless public,
and a public file gone as soon as its source stops being cited by anything public."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from registry.models import Attachment
from tests.factories import SourceFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n% fictional court paper\n%%EOF\n"


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (30, 20), "gray")
    exif = Image.Exif()
    exif[0x010F] = "Fictional Camera Maker"  # Make
    exif[0x8825] = {2: (53.0, 54.0, 0.0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def attach(source, data: bytes, name: str, *, public: bool) -> Attachment:
    return Attachment.objects.create(source=source, file=SimpleUploadedFile(name, data), is_public=public)


def served(client, attachment: Attachment):
    response = client.get(f"/media/evidence/{attachment.file.name.rsplit('/', 1)[-1]}")
    if response.streaming:
        response.content_read = b"".join(response.streaming_content)  # read to the end, as a browser would
    return response


def test_a_picture_is_stored_without_its_metadata_under_a_random_name_with_its_checksum():
    attachment = attach(SourceFactory(), jpeg_with_gps(), "Fiktyuny-verdict.jpg", public=False)

    with attachment.file.open("rb") as f:
        stored = f.read()
    assert b"Fictional Camera Maker" not in stored
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert "Fiktyuny" not in attachment.file.name
    assert (attachment.content_type, attachment.size) == ("image/jpeg", len(stored))
    assert attachment.sha256 == hashlib.sha256(stored).hexdigest()


@pytest.mark.parametrize("data", [b"MZ\x90\x00 not a document", b"<html><script>alert(1)</script></html>"])
def test_anything_but_a_pdf_or_a_picture_is_refused_by_its_content(data, settings):
    with pytest.raises(ValidationError, match="Only PDF documents"):
        attach(SourceFactory(), data, "looks-fine.pdf", public=True)


def test_a_file_over_the_limit_is_refused(settings):
    settings.EVIDENCE_MAX_BYTES = 100
    with pytest.raises(ValidationError, match="Files up to"):
        attach(SourceFactory(), PDF + b"x" * 200, "big.pdf", public=True)


def test_a_public_file_of_a_public_source_is_served_and_listed_with_its_checksum(client):
    person = make_person("Fiktyuny Dokaz")
    source = person.sources.first()
    public = attach(source, PDF, "verdict.pdf", public=True)
    private = attach(source, PDF, "notes.pdf", public=False)

    response = served(client, public)
    listed = client.get(f"/api/v1/sources/{source.pk}/").json()["attachments"]

    assert response.status_code == 200 and response.content_read == PDF
    assert response["ETag"] == f'"{public.sha256}"' and response["Content-Type"] == "application/pdf"
    assert [item["sha256"] for item in listed] == [public.sha256]
    assert served(client, private).status_code == 404


def test_evidence_of_a_person_withdrawn_since_is_gone_at_once_but_staff_still_see_it(client, staff_user):
    person = make_person("Fiktyuny Schavany")
    source = SourceFactory(title="Only about this person")
    person.sources.add(source)
    attachment = attach(source, PDF, "verdict.pdf", public=True)
    assert served(client, attachment).status_code == 200

    person.visibility = "private"
    person.save()

    assert served(client, attachment).status_code == 404
    client.force_login(staff_user)
    assert served(client, attachment).status_code == 200


@pytest.mark.parametrize("hidden", ["not public", "of a withdrawn person"])
def test_a_hidden_file_answers_as_a_name_that_never_existed(client, settings, hidden):
    settings.DEBUG = False
    person = make_person("Fiktyuny Shovany")
    attachment = attach(person.sources.first(), PDF, "verdict.pdf", public=hidden != "not public")
    person.visibility = "private"
    person.save()

    found, missing = served(client, attachment), client.get("/media/evidence/" + "x" * 24 + ".pdf")

    assert found.status_code == missing.status_code == 404
    assert found.content == missing.content
    assert sorted(found.headers.items()) == sorted(missing.headers.items())


def test_a_public_profile_links_its_sources_public_evidence_and_never_the_private(client):
    person = make_person("Fiktyuny Dokaz")
    source = SourceFactory()
    person.sources.add(source)
    shown = attach(source, PDF, "verdict.pdf", public=True)
    Attachment.objects.filter(pk=shown.pk).update(title="Fictional verdict")
    hidden = attach(source, PDF.replace(b"court", b"secret"), "private.pdf", public=False)  # other bytes, other name

    page = client.get(f"/prisoners/{person.pk}/?lang=ru").content.decode()

    assert f'<a href="{shown.file.url}" type="application/pdf">Fictional verdict</a>' in page
    assert shown.sha256[:12] in page and "(файл, " in page
    assert hidden.file.url not in page and hidden.sha256[:12] not in page
    assert served(client, Attachment.objects.get(pk=shown.pk)).status_code == 200
