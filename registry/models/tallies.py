"""Counts PostgreSQL keeps on every write, so the public statistics sum a few hundred rows instead of scanning people.

Triggers on registry_prisoner and registry_custody (migration 0029_tally_triggers) add a write's new rows and
subtract its old ones, in the writing statement, for every write path (admin, services, imports, raw SQL); those of
the without-contact tally (0052), on the contact log too, count the people a statement touched as they were and
are. Only publicly counted people (PUBLICLY_COUNTED) are tallied; `published` tells named people from anonymous
ones. A test makes random writes and compares every figure read from here with a recount
(tests/registry/db/test_tallies.py).

Never written by Python; statistics read them (registry/queries/statistics.py).
"""

from __future__ import annotations

from django.db import models


class FacetColumns(models.Model):
    """The list's facet columns of a person, and how many counted people have them."""

    status = models.CharField(max_length=10)
    region = models.ForeignKey(
        "registry.Region", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    sex = models.CharField(max_length=6)
    verification = models.CharField(max_length=10)
    published = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        abstract = True


class PeopleTally(FacetColumns):
    """How many counted people have each combination of the facet columns (the statistics' facets)."""

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["status", "region", "sex", "verification", "published"],
                name="people_tally_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.status}/{self.region_id}/{self.sex}/{self.verification}/{self.published}: {self.n}"


class ArticleTally(FacetColumns):
    """The same per article number a person is charged under (Prisoner.article_numbers): the article facet."""

    article = models.CharField(max_length=20)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["article", "status", "region", "sex", "verification", "published"],
                name="article_tally_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.article}/{self.status}/{self.region_id}/{self.sex}: {self.n}"


class HeldTally(models.Model):
    """Detention periods of counted people as steps: +1 on the day held from (None: not known, so always before),
    -1 on the release day. People held on a date = the sum of every step up to it (periods of one person never
    overlap, so each held person is one period)."""

    day = models.DateField(null=True)
    published = models.BooleanField()
    verification = models.CharField(max_length=10)
    change = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "published", "verification"], name="held_tally_key", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}/{self.published}/{self.verification}: {self.change:+}"


class HeldOver60Tally(models.Model):
    """The same steps for the held who are certainly over 60: +1 on the later of the day held from and the day
    the person is certainly 60 (the last day the birth date may be, plus 60 years), -1 on the release day if that
    comes later. People held and over 60 on a date = the sum of every step up to it: the rule of
    `registry.models.vulnerability.over_60`, without looking at everyone held (the older the registry's people,
    the more that cost: 157 ms at 300,000 people). Named people's steps apart from withheld people's (the
    small-cell rule: migration 0051)."""

    day = models.DateField()
    published = models.BooleanField()
    change = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "published"], name="held_over_60_tally_key")]

    def __str__(self) -> str:
        return f"{self.day}/{self.published}: {self.change:+}"


class WithoutContactTally(models.Model):
    """Held people without a sign of life as steps by day: for each threshold of WITHOUT_CONTACT_DAYS, +1 on the
    day a counted person held has gone longer than it since their last recorded sign of life (or from the day held,
    if later), -1 on the day a new sign of life or the release ends that; `over_days` None: no sign of life recorded
    yet. People held and without contact on a date = the sum of every step up to it, the rule of
    `registry.queries.statistics.without_contact` without looking at everyone held (198–322 ms at 100,000 people
    with 170,000 contacts). Named people's steps apart from withheld people's. Kept by migration 0052's triggers on
    custody, contacts and people's visibility."""

    day = models.DateField(null=True)
    over_days = models.SmallIntegerField(null=True)
    published = models.BooleanField()
    change = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "over_days", "published"], name="without_contact_tally_key", nulls_distinct=False
            )
        ]

    def __str__(self) -> str:
        return f"{self.day}/{self.over_days}/{self.published}: {self.change:+}"


class ReleaseTally(models.Model):
    """Custody periods (any kind) of counted people ended on a day, by how precisely it is known and why, named
    people's apart from withheld people's (the small-cell rule: migration 0050)."""

    day = models.DateField()
    precision = models.CharField(max_length=5)
    reason = models.CharField(max_length=10)
    published = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "precision", "reason", "published"], name="release_tally_key")
        ]

    def __str__(self) -> str:
        return f"{self.day}/{self.precision}/{self.reason}/{self.published}: {self.n}"


class ReleaseMonthTally(models.Model):
    """The release tally summed per month: kept from it by PostgreSQL (migration 0039), so that a figure over years
    reads a row per month and reason, and the days of at most the two months a range cuts (about 600 rows rather
    than 15,000 at 300,000 people)."""

    month = models.DateField(help_text="First day of the month.")
    precision = models.CharField(max_length=5)
    reason = models.CharField(max_length=10)
    published = models.BooleanField()
    n = models.IntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "precision", "reason", "published"], name="release_month_tally_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m}/{self.precision}/{self.reason}/{self.published}: {self.n}"
