"""Evidence files, served by the registry itself (never from MEDIA_ROOT directly): a public attachment while its
source is cited by something public; every attachment to staff who may view sources; otherwise the same 404 as
a file that never existed."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404

from registry.models import Source
from registry.models.evidence import FOLDER, Attachment


def attachment(request, name: str):
    path = f"{FOLDER}/{name}"
    stored = Attachment.objects.filter(file=path).first()
    public = (
        stored is not None and stored.is_public and Source.objects.cited_publicly().filter(pk=stored.source_id).exists()
    )
    # The user is read whether the file exists or not: reading it adds `Vary: Cookie` to the answer, which would
    # otherwise tell a hidden file from a name that never existed.
    if not public and not (request.user.has_perm("registry.view_source") and stored is not None):
        raise Http404
    try:
        file = default_storage.open(path)
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(file, content_type=stored.content_type)
    response["ETag"] = f'"{stored.sha256}"'
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # A withdrawal takes effect at once: nothing keeps it; what only staff may see is not stored at all.
    response["Cache-Control"] = "private, no-cache" if public else "private, no-store"
    return response
