"""Readers report an inaccuracy on a profile, or a person missing from the registry.

Stored as a staff queue (registry.models.Correction, worked through in the admin), never e-mailed and
never shown publicly. The form asks for no personal data and warns people writing from Belarus. Each
address may send REPORTS_PER_HOUR reports (django-ratelimit, counted in the cache: Redis when REDIS_URL is
set); more get 429 with the form kept, nothing stored. Submissions the form refuses count apart, under a
higher limit. A hidden person's form is the same 404 as an
unknown id.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_ratelimit.core import is_ratelimited

from registry.models import Correction, Prisoner


class CorrectionForm(forms.Form):
    message = forms.CharField(
        label=_("What is wrong or missing"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Please do not write your own name, phone number or address."),
    )
    evidence_url = forms.URLField(
        label=_("Where can we check it? (a link, optional)"), required=False, max_length=1000, assume_scheme="https"
    )


# A report the form refuses (empty, an invalid link) is the reader's slip, not a report: counted apart, under a
# higher limit, so that a reader who mistypes does not lose the hour's reports, and a flood still meets a limit.
REJECTED_PER_ACCEPTED = 5


def _limited(request: HttpRequest, *, accepted: bool) -> bool:
    per_hour = settings.REPORTS_PER_HOUR * (1 if accepted else REJECTED_PER_ACCEPTED)
    group = "corrections" if accepted else "corrections-refused"
    return is_ratelimited(request, group=group, key="ip", rate=f"{per_hour}/h", method="POST", increment=True)


def _report(request: HttpRequest, *, kind: str, prisoner: Prisoner | None, initial: dict) -> HttpResponse:
    form = CorrectionForm(request.POST or None, initial=initial)
    status, sent = 200, False
    if request.method == "POST":
        valid = form.is_valid()
        if _limited(request, accepted=valid):
            status = 429
            form.add_error(None, _("Too many reports from your connection in the last hour; please try later."))
        elif valid:
            Correction.objects.create(
                kind=kind,
                prisoner=prisoner,
                message=form.cleaned_data["message"],
                evidence_url=form.cleaned_data["evidence_url"],
                language=get_language() or "",
            )
            sent = True
        else:
            status = 400
    context = {"form": form, "prisoner": prisoner, "kind": kind, "sent": sent}
    response = render(request, "registry/report.html", context, status=status)
    response["Cache-Control"] = "private, no-store"  # names the person, holds what the reader typed
    return response


def report_inaccuracy(request: HttpRequest, pk: int) -> HttpResponse:
    prisoner = get_object_or_404(Prisoner.objects.published(), pk=pk)
    return _report(request, kind=Correction.Kind.INACCURACY, prisoner=prisoner, initial={})


def report_missing(request: HttpRequest) -> HttpResponse:
    searched = request.GET.get("q", "")[:200]
    return _report(request, kind=Correction.Kind.MISSING, prisoner=None, initial={"message": searched})
