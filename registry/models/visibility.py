"""Who may be seen: the one visibility rule, for people and for every record reached through a person.

A person is `public` (named and shown), `anonymous` (counted in every statistic, never named) or
`private` (staff only, counted nowhere public). Records about a person (cases, custody, events,
pardons, placements) are as visible as the person. Every QuerySet that reaches people builds its
`published()` and `counted()` from `published()` / `counted()` here, so a change to who may be seen
is made in this file alone.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.lookups import Exact, GreaterThanOrEqual
from django.utils.translation import gettext_lazy as _


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    ANONYMOUS = "anonymous", _("anonymous")
    PRIVATE = "private", _("private")


# Anonymous people count in every public statistic; private ones count nowhere public.
PUBLICLY_COUNTED = (Visibility.PUBLIC, Visibility.ANONYMOUS)


def anonymous_may_be_counted(anonymous: int) -> bool:
    """The small-cell rule: a figure may count the anonymous people of a set only if there are none, or at
    least STATISTICS_MIN_ANONYMOUS of them; otherwise it counts named people only and says so. A filter
    narrowed to one anonymous person would otherwise tell their status, region, sex or articles.
    """
    return anonymous == 0 or anonymous >= settings.STATISTICS_MIN_ANONYMOUS


def under_small_cell_rule(named: int, withheld: int) -> int:
    """A figure's count of `named` and `withheld` people: the withheld only when `anonymous_may_be_counted`."""
    return named + withheld if anonymous_may_be_counted(withheld) else named


def count_under_small_cell_rule(person: str = "") -> models.Expression:
    """`anonymous_may_be_counted` as an aggregate, for a figure counted in SQL (one per facility on a page): the
    rows of named people, plus those of anonymous people when there are none or enough of them."""
    named = models.Count("pk", filter=published(person))
    anonymous = models.Count("pk", filter=Q(**{_field(person): Visibility.ANONYMOUS}))
    return models.Case(
        models.When(
            Q(Exact(anonymous, 0)) | Q(GreaterThanOrEqual(anonymous, settings.STATISTICS_MIN_ANONYMOUS)),
            then=named + anonymous,
        ),
        default=named,
    )


def _field(person: str) -> str:
    return f"{person}__visibility" if person else "visibility"


def published(person: str = "") -> Q:
    """Rows whose person a public page may name; `person` is the lookup path to the Prisoner ("" on Prisoner)."""
    return Q(**{_field(person): Visibility.PUBLIC})


def counted(person: str = "") -> Q:
    """Rows whose person public statistics count: anonymous included, private excluded."""
    return Q(**{f"{_field(person)}__in": PUBLICLY_COUNTED})


class PersonRecordQuerySet(models.QuerySet):
    """Rows that belong to a person: they are as visible as that person.

    `person_lookup` is the path from the model to the Prisoner ("" for Prisoner itself).
    """

    person_lookup = "prisoner"

    def published(self):
        return self.filter(published(self.person_lookup))

    def counted(self):
        return self.filter(counted(self.person_lookup))

    def withheld(self):
        """Rows of people counted but never named (anonymous): what the small-cell rule counts."""
        return self.filter(**{_field(self.person_lookup): Visibility.ANONYMOUS})


class PublicRecordQuerySet(models.QuerySet):
    """Rows about no one person (decrees, figures others reported): always shown, so nothing they cite hides."""

    person_lookup = None

    def published(self):
        return self

    def counted(self):
        return self
