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
    # ('zubar:*') is an index lookup, whatever the number of people who share a surname or its stem; a
    # misspelt word is looked up as the words like it (SearchWord). "simple": no stemming, no stop words.
    words = models.GeneratedField(
        expression=Func(Func(Value("simple"), F("key"), function="to_tsvector"), function="strip"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        indexes = [
            GinIndex(fields=["words"], name="search_key_words"),
        ]

    def __str__(self) -> str:
        return self.key


class SearchWord(models.Model):
    """One word of the search keys, each once: the vocabulary a misspelt query word is looked up in.

    Kept by PostgreSQL (triggers, migration 0037): a word joins when a key holding it is written and leaves
    with the last such key, so a removed name leaves nothing behind. pg_trgm then compares a misspelt word
    with each distinct word once, not with every key of every person who shares it (registry.search).
    """

    word = models.CharField(max_length=300, primary_key=True)

    class Meta:
        indexes = [GinIndex(fields=["word"], opclasses=["gin_trgm_ops"], name="search_word_trgm")]

    def __str__(self) -> str:
        return self.word


class PrisonerWord(models.Model):
    """A word a person's search keys hold whole, with the rank a search for that word alone gives them.

    Kept by PostgreSQL from the keys (triggers, migration 0044), ranked by the function name search ranks with,
    `registry_name_score`. A one-word search that a crowd of people answers ("ivan") walks the index below in
    rank order and stops at the page, where ranking every one of them cost what the crowd's size does.
    """

    # Indexed by the unique constraint, which leads with it.
    prisoner = models.ForeignKey(Prisoner, on_delete=models.CASCADE, related_name="search_words", db_index=False)
    word = models.CharField(max_length=300)
    # registry.search's rank_key for a search of this word alone.
    rank_key = models.IntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prisoner", "word"], name="prisoner_word_once")]
        indexes = [models.Index(F("word"), F("rank_key").desc(), name="prisoner_word_rank")]

    def __str__(self) -> str:
        return self.word
