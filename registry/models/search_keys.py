"""Folded name keys that name search matches against (written only by registry.search)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Func, Value

from registry.models.people import Prisoner, PrisonerName


class PrisonerSearchKey(models.Model):
    """One normalised spelling of one of a person's names, e.g. 'cichanovski siarhei'.

    Derived data: rebuilt from Prisoner.display_name and PrisonerName rows by registry.search, never
    edited by hand. A key row of a name form goes with it (cascade), so a deleted name stops matching.
    """

    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="search_keys")
    # Empty for the keys of the display name.
    name = models.ForeignKey(PrisonerName, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    # The key's words as a text-search vector, kept by PostgreSQL: a whole word or the start of one
    # ('zubar:*') is an index lookup, whatever the number of people who share a surname or its stem
    # (registry.search tries it before the trigram search). "simple": no stemming, no stop words.
    words = models.GeneratedField(
        expression=Func(Func(Value("simple"), F("key"), function="to_tsvector"), function="strip"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            GinIndex(fields=["key"], opclasses=["gin_trgm_ops"], name="search_key_trgm"),
            GinIndex(fields=["words"], name="search_key_words"),
        ]

    def __str__(self) -> str:
        return self.key
