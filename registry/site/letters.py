"""The letter kit: how to write to a person held now, as Belarusian facilities require it.

Shown only when anyone may write and the person is held in a facility with a postal address
(`PrisonerQuerySet.can_write_now`, the rule the list filter and the API use); otherwise the page says
why not. A hidden person's kit is the same 404 as an unknown id.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from registry.models import NameKind, NameLanguage, Prisoner
from registry.site.timeline import PROFILE_PREFETCH


def letter_kit(request: HttpRequest, pk: int) -> HttpResponse:
    prisoner = get_object_or_404(Prisoner.objects.published().prefetch_related(*PROFILE_PREFETCH), pk=pk)
    russian = next(
        (n for n in prisoner.names.all() if n.language == NameLanguage.RUSSIAN and n.kind == NameKind.PRIMARY), None
    )
    context = {
        "prisoner": prisoner,
        "display": prisoner.name_in(),
        "can_write": Prisoner.objects.filter(pk=prisoner.pk).can_write_now().exists(),
        # Facilities deliver letters addressed with the full name in Russian and the year of birth.
        "recipient": russian.full_name if russian else prisoner.display_name,
        "recipient_is_russian": russian is not None,
        "birth_year": prisoner.birth_date.year if prisoner.birth_date else None,
        "placement": prisoner.current_placement(),
    }
    return render(request, "registry/letter_kit.html", context)
