"""Photos, served by the registry itself: only while their person is public (staff see every photo).

A photo of a person made anonymous or private answers exactly as a file that never existed. No shared
cache (proxy, CDN) may keep a photo, and a browser asks again before every reuse, so a withdrawal takes
effect at once; a photo only staff may see is not stored at all.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from registry.models import Prisoner
from registry.models.photos import FOLDER


def photo(request, name: str):
    path = f"{FOLDER}/{name}"
    public = Prisoner.objects.published().filter(photo=path).exists()
    if not public and not (
        request.user.has_perm("registry.view_prisoner") and Prisoner.objects.filter(photo=path).exists()
    ):
        raise Http404
    try:
        file = default_storage.open(path)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "private, no-cache" if public else "private, no-store"
    return response
