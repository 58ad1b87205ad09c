"""A prisoner's timeline for the profile page: detention, transfers, convictions, pardons, releases, events.

Reads only loaded relations (registry.queries.profile.load_profile), so building it adds no queries. Each entry
keeps its date as precise as it is known (the models' *_display properties).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from pardons.models import Confirmation
from registry.dates import format_partial
from registry.models import (
    Conviction,
    CustodyKind,
    Prisoner,
    ReleaseReason,
    SentenceKind,
)


@dataclass
class Entry:
    date: dt.date | None
    date_display: str
    kind: str  # a CSS-friendly key: detention, transfer, conviction, appeal, pardon, release, event, recognised
    title: str
    details: list[str] = field(default_factory=list)
    sources: list = field(default_factory=list)
    url: str = ""
    facility: object = None
    charges: list = field(default_factory=list)


def sentence_text(conviction: Conviction) -> str:
    """ "3 years 6 months", "life" — in the active language."""
    if conviction.life_sentence:
        return _("life")
    if not conviction.sentence_months:
        return ""
    years, months = divmod(conviction.sentence_months, 12)
    parts = []
    if years:
        parts.append(ngettext("%(n)d year", "%(n)d years", years) % {"n": years})
    if months:
        parts.append(ngettext("%(n)d month", "%(n)d months", months) % {"n": months})
    return " ".join(parts)


# After a length Belarusian and Russian put the kind in the genitive: "6 месяцаў пазбаўлення волі".
KIND_AFTER_LENGTH = {
    SentenceKind.IMPRISONMENT: pgettext_lazy("sentence kind after its length", "imprisonment"),
    SentenceKind.RESTRICTED_FREEDOM: pgettext_lazy("sentence kind after its length", "restricted freedom"),
    SentenceKind.HOME_CONFINEMENT: pgettext_lazy("sentence kind after its length", "home confinement"),
    SentenceKind.FINE: pgettext_lazy("sentence kind after its length", "fine"),
    SentenceKind.CORRECTIONAL_LABOUR: pgettext_lazy("sentence kind after its length", "correctional labour"),
    SentenceKind.COMPULSORY_TREATMENT: pgettext_lazy(
        "sentence kind after its length", "compulsory psychiatric treatment"
    ),
    SentenceKind.SUSPENDED: pgettext_lazy("sentence kind after its length", "suspended sentence"),
    SentenceKind.OTHER: pgettext_lazy("sentence kind after its length", "other"),
}


def sentence_with_kind(conviction: Conviction) -> str:
    """ "5 years 6 months imprisonment", "life imprisonment", or the kind alone when no length is known."""
    kind = conviction.get_sentence_kind_display()
    if conviction.life_sentence and conviction.sentence_kind == SentenceKind.IMPRISONMENT:
        return _("life imprisonment")
    length = sentence_text(conviction)
    if length and not conviction.life_sentence:
        kind = KIND_AFTER_LENGTH.get(conviction.sentence_kind, kind)
    return " ".join(filter(None, [length, str(kind)]))


def sentence_line(conviction: Conviction) -> str:
    """ "5 years 6 months imprisonment, strict regime": the sentence as the profile states it."""
    parts = [
        sentence_with_kind(conviction),
        conviction.get_regime_display() if conviction.regime else "",
    ]
    return ", ".join(part for part in parts if part)


def build_timeline(prisoner: Prisoner) -> list[Entry]:
    # Titles in the context "event": nouns in Belarusian and Russian (затрыманне, освобождение), true of anyone.
    entries: list[Entry] = []
    # A confirmed pardon and the release it caused are one event; the pardon entry tells it.
    ended_by_pardon = {p.closed_custody_id for p in prisoner.pardons.all() if p.closed_custody_id}
    recognised = pgettext("event", "Recognised as a political prisoner")
    for recognition in prisoner.recognitions.all():
        if recognition.recognised_on:
            entries.append(
                Entry(
                    recognition.recognised_on,
                    recognition.recognised_on_display,
                    "recognised",
                    f"{recognised} ({recognition.organisation})",
                )
            )
    for custody in prisoner.custody_periods.all():
        sources = list(custody.sources.all())
        detained = custody.kind == CustodyKind.DETENTION
        title = pgettext("event", "Detained") if detained else capfirst(custody.get_kind_display())
        entries.append(Entry(custody.detained_on, custody.detained_on_display, "detention", title, sources=sources))
        for placement in custody.placements.all():
            entries.append(
                Entry(
                    placement.arrived_on,
                    placement.arrived_on_display,
                    "transfer",
                    # A label, not a sentence: Belarusian and Russian would need the facility's name declined
                    # after "у"/"в", and a tense (the entry may be long past).
                    pgettext("before a facility's name", "Held in"),
                    facility=placement.facility,
                )
            )
        if custody.released_on and custody.pk not in ended_by_pardon:
            kind = "death" if custody.release_reason == ReleaseReason.DIED else "release"
            title = pgettext("event", "Died in custody") if kind == "death" else pgettext("event", "Released")
            entries.append(
                Entry(
                    custody.released_on,
                    custody.released_on_display,
                    kind,
                    title,
                    details=[] if kind == "death" else [custody.get_release_reason_display()],
                    sources=sources,
                )
            )
    for conviction in prisoner.convictions.all():
        details = [d for d in [conviction.court, sentence_line(conviction)] if d]
        entries.append(
            Entry(
                conviction.verdict_on,
                conviction.verdict_on_display,
                "conviction",
                pgettext("event", "Sentenced"),
                details=details,
                sources=list(conviction.sources.all()),
                charges=list(conviction.charges.all()),
            )
        )
        if conviction.appeal_on or conviction.appeal_outcome:
            entries.append(
                Entry(
                    conviction.appeal_on,
                    format_partial(conviction.appeal_on, conviction.appeal_on_precision),
                    "appeal",
                    _("Appeal"),
                    details=[conviction.get_appeal_outcome_display()] if conviction.appeal_outcome else [],
                )
            )
    for pardon in prisoner.pardons.all():
        decree = pardon.decree
        announced = _("decree announced %(date)s") % {"date": decree.announced_on_display}
        if pardon.confirmation != Confirmation.CONFIRMED:
            # Reported only: not shown as a release (the person may well still be held).
            kind, title = "pardon-reported", _("Pardon reported, not yet confirmed")
        else:
            released = pardon.closed_custody_id is not None
            kind = "pardon"
            title = pgettext("event", "Released by pardon") if released else pgettext("event", "Pardoned")
        entries.append(
            Entry(
                pardon.released_on or decree.announced_on,
                pardon.released_on_display or decree.announced_on_display,
                kind,
                title,
                details=[announced] if kind == "pardon-reported" else [announced, pardon.get_confirmation_display()],
                sources=list(pardon.sources.all()),
                url=reverse("decree_detail", args=[pardon.decree_id]),
            )
        )
    for event in prisoner.events.all():
        entries.append(
            Entry(
                event.occurred_on,
                event.occurred_on_display,
                "event",
                capfirst(event.get_kind_display()),  # not capitalize(): ШІЗА stays upper case
                details=[event.translated("description")[0]] if event.description else [],
                sources=list(event.sources.all()),
            )
        )
    # Unknown dates first: an undated detention still comes before what followed it.
    order = {"recognised": 0, "detention": 1, "transfer": 2, "conviction": 3, "appeal": 4}
    entries.sort(key=lambda e: (e.date or dt.date.min, order.get(e.kind, 5)))
    return entries
