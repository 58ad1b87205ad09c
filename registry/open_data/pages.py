"""The public "Data" pages: the licence, how to cite, every release with its changelog, files, sizes and
SHA-256, and the downloads themselves (stable URLs, for good; without anyone withdrawn since)."""

from __future__ import annotations

from django.conf import settings
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy

from registry import citations
from registry.models import Release, ReleaseFile, ReleaseReason, Status
from registry.models.releases import withdrawn, without
from registry.open_data import releases

SHOWN_CHANGES = 500  # the page lists this many; changelog.csv has them all
CHANGES = {
    "added": gettext_lazy("added"),
    "released": gettext_lazy("released"),
    "redetained": gettext_lazy("detained again"),
    "died": gettext_lazy("died in custody"),
    "sentence": gettext_lazy("sentence changed"),
    "decree_added": gettext_lazy("new decree"),
}
CONTENT_TYPES = {".csv": "text/csv; charset=utf-8", ".json": "application/json", ".md": "text/markdown; charset=utf-8"}


def data_page(request: HttpRequest) -> HttpResponse:
    listed = Release.objects.prefetch_related("files")
    context = {
        "releases": listed,
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
    }
    return render(request, "open_data/data.html", context)


def release_page(request: HttpRequest, number: int) -> HttpResponse:
    release = get_object_or_404(Release.objects.prefetch_related("files"), number=number)
    gone = withdrawn(release)
    changes = without(release.changelog, gone)
    entries = [
        {
            **entry,
            "change": CHANGES[entry["change"]],
            "detail": readable(entry),
            "url": reverse(page, args=[entry["id"]]),
        }
        for page, listed in (("prisoner_detail", changes["people"]), ("decree_detail", changes["decrees"]))
        for entry in listed
    ]
    context = {
        "release": release,
        "entries": entries[:SHOWN_CHANGES],
        "more_entries": max(0, len(entries) - SHOWN_CHANGES),
        "summary": changes["summary"],
        "amended_now": bool(gone),
        "licence": settings.DATA_LICENCE,
        "licence_url": settings.DATA_LICENCE_URL,
        "citation": citations.of_release(release, request.build_absolute_uri(reverse("data_release", args=[number]))),
    }
    return render(request, "open_data/release.html", context)


def readable(entry: dict) -> str:
    """A changelog entry's detail for readers: status and release reason in their language (files keep the codes)."""
    labels = {**dict(Status.choices), **dict(ReleaseReason.choices)}
    return " ".join(str(labels.get(word, word)) for word in entry["detail"].split(" ") if word)


def release_file(request: HttpRequest, number: int, name: str) -> HttpResponse:
    """One file of a release: the stored bytes (ETag = its SHA-256), or, when someone in it has been withdrawn
    since and the files are not yet amended, the same file without them."""
    stored = ReleaseFile.objects.select_related("release").filter(release__number=number, name=name).first()
    if stored is None:
        raise Http404("No such release file.")
    content_type = CONTENT_TYPES.get(name[name.rfind(".") :], "application/octet-stream")
    gone = withdrawn(stored.release)
    if gone:
        response = HttpResponse(releases.content(stored, gone), content_type=content_type)
    else:
        response = FileResponse(stored.file.open("rb"), content_type=content_type)
        response["ETag"] = f'"{stored.sha256}"'
    response["Content-Disposition"] = f'attachment; filename="registry-release-{number}-{name}"'
    return response
