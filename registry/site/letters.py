"""The letter kit: how to write to a person held now, as Belarusian facilities require it.

Shown only when anyone may write and the person is held in a facility with a postal address
(`PrisonerQuerySet.can_write_now`, the rule the list filter and the API use); otherwise the page says
why not. A hidden person's kit is the same 404 as an unknown id.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from registry.models import NameKind, NameLanguage
from registry.queries.profile import ProfileRead, read_profile


def letter_kit(request: HttpRequest, pk: int, read: ProfileRead | None = None) -> HttpResponse:
    """`read`: the person as the page cache read them with their version (registry.site.page_cache)."""
    prisoner = (read or read_profile(pk)).person()
    if prisoner is None:
        raise Http404
    russian = next(
        (n for n in prisoner.names.all() if n.language == NameLanguage.RUSSIAN and n.kind == NameKind.PRIMARY), None
    )
    context = {
        "prisoner": prisoner,
        "display": prisoner.name_in(),
        "can_write": prisoner.can_write,
        # Facilities deliver letters addressed with the full name in Russian and the year of birth.
        "recipient": russian.full_name if russian else prisoner.display_name,
        "recipient_is_russian": russian is not None,
        "birth_year": prisoner.birth_date.year if prisoner.birth_date else None,
        "placement": prisoner.current_placement(),
    }
    return render(request, "registry/letter_kit.html", context)
