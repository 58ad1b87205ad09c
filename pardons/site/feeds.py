"""`/decrees/feed.atom`: new and changed pardon decrees, newest change first (registry/site/feeds.py has the rest)."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pardons.models import PardonDecree


class DecreesFeed(Feed):
    feed_type = Atom1Feed
    title = gettext_lazy("Political Prisoner Registry: pardon decrees")
    description = gettext_lazy("Decrees as they are announced and as people on them are identified.")

    def link(self) -> str:
        return reverse("decree_list")

    def items(self):
        return PardonDecree.objects.published().order_by("-updated_at", "-pk").first_with_identified_counts(50)

    def item_title(self, decree: PardonDecree) -> str:
        heading = _("%(kind)s announced %(date)s") % {
            "kind": decree.get_kind_display().capitalize(),
            "date": decree.announced_when,
        }
        title = decree.translated("title")[0] if decree.title else ""
        return f"{heading}: {title}" if title else heading

    def item_description(self, decree: PardonDecree) -> str:
        announced = (
            _("%(count)s announced as pardoned") % {"count": decree.announced_total}
            if decree.announced_total is not None
            else _("total not announced")
        )
        identified = _("%(count)s identified") % {"count": decree.identified_count}
        return f"{announced}; {identified}."

    def item_link(self, decree: PardonDecree) -> str:
        return reverse("decree_detail", args=[decree.pk])

    def item_updateddate(self, decree: PardonDecree):
        return decree.updated_at

    def item_pubdate(self, decree: PardonDecree):
        return decree.created_at
