"""Photos, served by the registry itself: only while their person is public (staff see every photo).

A photo of a person made anonymous or private answers exactly as a file that never existed, and every
reuse of a cached copy asks again, so a withdrawal takes effect at once.
"""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from registry.models import Prisoner
from registry.models.photos import FOLDER


def photo(request, name: str):
    people = Prisoner.objects.all() if request.user.has_perm("registry.view_prisoner") else Prisoner.objects.published()
    path = f"{FOLDER}/{name}"
    if not people.filter(photo=path).exists():
        raise Http404
    try:
        file = default_storage.open(path)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type="image/jpeg")
    response["Cache-Control"] = "no-cache"
    return response
