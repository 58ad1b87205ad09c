"""Evidence: files attached to a source — a document, a screenshot, a court paper — stored with their SHA-256.

Private to staff unless marked public; a public attachment is served only while its source is cited by something
public (registry.site.evidence), so evidence about a person withdrawn since disappears with them. Uploads are
checked by content, not by name: PDF, JPEG, PNG or WebP up to EVIDENCE_MAX_BYTES; pictures are re-encoded so no
EXIF, GPS or camera data is kept; stored under a random name, so a URL tells nothing.
"""

from __future__ import annotations

import hashlib
import io
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from PIL import Image, ImageOps
from simple_history.models import HistoricalRecords

from registry.models.base import Source, TimeStampedModel

FOLDER = "evidence"
PICTURES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}


def random_name(instance=None, filename: str = "") -> str:
    extension = filename.rsplit(".", 1)[-1] if "." in filename else "bin"
    return f"{FOLDER}/{secrets.token_urlsafe(18)}.{extension}"


def checked(upload) -> tuple[ContentFile, str, str]:
    """(the bytes to store, content type, extension) of an upload, or ValidationError under `file`: a PDF as it
    is, a picture re-encoded without its metadata, anything else refused."""
    upload.seek(0)
    data = upload.read(settings.EVIDENCE_MAX_BYTES + 1)
    if len(data) > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": f"Files up to {settings.EVIDENCE_MAX_BYTES // 1_000_000} MB only."})
    if data.startswith(b"%PDF-"):
        return ContentFile(data), "application/pdf", "pdf"
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind = image.format
            if kind not in PICTURES:
                raise ValidationError({"file": f"{kind} pictures are not accepted: use JPEG, PNG or WebP."})
            picture = ImageOps.exif_transpose(image)
            out = io.BytesIO()
            picture.convert("RGB" if kind == "JPEG" else "RGBA").save(out, format=kind)
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"file": "Only PDF documents and JPEG, PNG or WebP pictures are accepted."}) from exc
    content_type, extension = PICTURES[kind]
    return ContentFile(out.getvalue()), content_type, extension


class Attachment(TimeStampedModel):
    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=random_name, max_length=120)
    title = models.CharField(max_length=200, blank=True, help_text="What it is, e.g. 'verdict, page 1'.")
    content_type = models.CharField(max_length=40, editable=False)
    size = models.PositiveBigIntegerField(editable=False)
    sha256 = models.CharField(max_length=64, editable=False)
    is_public = models.BooleanField(
        default=False, help_text="Shown to readers while the source is cited by something public. Staff only otherwise."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["source", "pk"]

    def __str__(self) -> str:
        return self.title or self.file.name.rsplit("/", 1)[-1]

    def save(self, *args, **kwargs) -> None:
        if self.file and not self.file._committed:
            content, self.content_type, extension = checked(self.file)
            data = content.read()
            self.size, self.sha256 = len(data), hashlib.sha256(data).hexdigest()
            self.file.save(random_name(filename=f"x.{extension}"), ContentFile(data), save=False)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        if self.file and not self.file._committed:
            checked(self.file)
