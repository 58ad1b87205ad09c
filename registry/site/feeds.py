"""Atom feeds for following changes without polling pages: every public profile, one person, any list filter.

Entries come from registry.queries.changes (only people public now, only since they became public) and
say what changed in the reader's language. `/prisoners/feed.atom` takes the list page's filters, so a
facility's people are `?facility=ID` (the facility page links it). Conditional GET: each feed carries an
ETag from the data version, so a reader polling an unchanged feed gets 304.
"""

from __future__ import annotations

import hashlib

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registry.dates import format_partial
from registry.db import freshness
from registry.models import Prisoner, ReleaseReason
from registry.models.people import status_label
from registry.queries.changes import Change, recent_changes
from registry.queries.filters import PrisonerFilter
from registry.site.timeline import sentence_line


def feed_etag(request: HttpRequest, *args, **kwargs) -> str:
    """Changes exactly when a feed's content can: the data version (one person's feed: that person's version,
    registry.models.PersonVersion), the URL and the language."""
    version = freshness.person_current(kwargs["pk"]) if "pk" in kwargs else freshness.current()
    parts = f"{version.key}|{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}"
    return hashlib.sha256(parts.encode()).hexdigest()[:32]


class _ChangesFeed(Feed):
    feed_type = Atom1Feed

    def people(self, obj):
        return Prisoner.objects.published()

    def items(self, obj) -> list[Change]:
        changes = recent_changes(self.people(obj))
        named = Prisoner.objects.published().filter(pk__in={c.prisoner_id for c in changes})
        # Named as the profile names them: in the script of the reader's language.
        people = {person.pk: person for person in named.prefetch_related("names")}
        for change in changes:
            if person := people.get(change.prisoner_id):
                change.name, change.display_name = person.name_in(), person.display_name
        return [change for change in changes if change.name]

    def item_title(self, change: Change) -> str:
        return f"{change.name}: {describe(change)}"

    def item_description(self, change: Change) -> str:
        return describe(change)

    def item_link(self, change: Change) -> str:
        return reverse("prisoner_detail", args=[change.prisoner_id])

    def item_guid(self, change: Change) -> str:
        return f"{change.kind}-{change.prisoner_id}-{change.history_id}"

    def item_updateddate(self, change: Change):
        return change.at

    def item_pubdate(self, change: Change):
        return change.at


def describe(change: Change) -> str:
    """One line about one change, in the active language; only what the profile shows now."""
    record = change.record
    if change.kind == "added":
        return _("Added to the registry.")  # a noun in Belarusian and Russian: true of anyone (новы запіс)
    if change.kind == "published":
        return _("Profile published.")
    if change.kind == "renamed":
        return _("Name now written “%(name)s”.") % {"name": change.display_name}
    if change.kind == "status":
        before, after = change.before["status"]
        return _("Status: %(before)s → %(after)s.") % {
            "before": status_label(before, change.before["sex"]),
            "after": status_label(after, change.before["sex"]),
        }
    if change.kind == "detained":
        when = format_partial(record.detained_on, record.detained_on_precision) or _("date not known")
        return _("Detention recorded (%(date)s).") % {"date": when}
    if change.kind == "released":
        when = format_partial(record.released_on, record.released_on_precision)
        reason = dict(ReleaseReason.choices).get(record.release_reason, "")
        return _("Release recorded (%(date)s).") % {"date": ", ".join(filter(None, [when, str(reason)]))}
    if change.kind == "name_added":
        return _("Name recorded: %(name)s.") % {"name": record.full_name}
    if change.kind == "transferred":
        return _("Held in: %(facility)s.") % {"facility": record.facility.localized()}
    if change.kind == "sentenced":
        return _("Sentence recorded: %(sentence)s.") % {"sentence": sentence_line(record) or _("not known")}
    return _("Profile updated.")


class PersonFeed(_ChangesFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Prisoner:
        return get_object_or_404(Prisoner.objects.published(), pk=pk)

    def people(self, obj: Prisoner):
        return Prisoner.objects.published().filter(pk=obj.pk)

    def title(self, obj: Prisoner) -> str:
        return _("Changes to the profile of %(name)s") % {"name": obj.name_in()}

    def link(self, obj: Prisoner) -> str:
        return reverse("prisoner_detail", args=[obj.pk])

    def description(self, obj: Prisoner) -> str:
        return self.title(obj)


class ListFeed(_ChangesFeed):
    """New and changed public profiles; with the list page's filters, of the people it lists
    (`/prisoners/feed.atom?status=in_custody&region=minsk`, a facility's `?facility=ID`)."""

    title = gettext_lazy("Political Prisoner Registry: changes to profiles")
    description = gettext_lazy("New and updated public profiles (those the list's filters select), newest first.")

    def get_object(self, request: HttpRequest) -> PrisonerFilter:
        found = PrisonerFilter(request.GET or None, queryset=Prisoner.objects.published())
        if found.is_bound and not found.is_valid():
            raise Http404
        return found

    def people(self, obj: PrisonerFilter):
        return obj.qs

    def link(self, obj: PrisonerFilter) -> str:
        query = obj.data.urlencode() if obj.is_bound else ""
        return reverse("prisoner_list") + (f"?{query}" if query else "")
