"""Photos of people, stored so that they reveal nothing but the picture.

An upload is re-encoded (upright, as JPEG) so the stored file keeps no EXIF, GPS, camera or editing
metadata, and is named by a random token, so its URL names neither the person nor their id. Who may
fetch it is decided by the person's visibility (registry.site.photos).
"""

from __future__ import annotations

import io
import secrets

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps

FOLDER = "photos"
MAX_SIDE = 1600


def random_name(instance=None, filename: str = "") -> str:
    """upload_to: a fresh unguessable name, whatever the upload was called."""
    return f"{FOLDER}/{secrets.token_urlsafe(18)}.jpg"


def without_metadata(upload) -> ContentFile:
    """The picture alone: orientation applied, pixels re-encoded as JPEG, nothing else carried over.

    Raises ValidationError (under `photo`) for anything that is not a picture Pillow can read, whatever
    path the file came by (the admin's form checks first; a script or import may not).
    """
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ValidationError({"photo": "This file is not a picture that can be stored (JPEG, PNG, WebP…)."}) from exc
    picture.thumbnail((MAX_SIDE, MAX_SIDE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue())
