"""Dated releases of the public dataset: numbered snapshots (the files `export_dataset` writes, a changelog
against the previous release) kept for good at stable URLs. Published by registry.open_data.releases.

A release lists who it names (`people`, `sources`): when one of them stops being public, `withdrawn` finds them,
downloads leave them out at once, and registry.open_data.releases.amend rewrites the stored files.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import connections, models
from django.db.models import Q

from registry.db import freshness
from registry.db.constraints import Check, Unique
from registry.models.base import Source
from registry.models.merges import Merge
from registry.models.people import Prisoner


class Release(models.Model):
    number = models.PositiveIntegerField(unique=True)
    published_at = models.DateTimeField(help_text="When the snapshot was taken.")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    counts = models.JSONField(default=dict, help_text="Rows per list, as published.")
    statistics = models.JSONField(default=dict, help_text="statistics.json: the numbers as of the release.")
    changelog = models.JSONField(default=dict, help_text="Changes since the previous release (changelog.json).")
    people = ArrayField(models.IntegerField(), default=list, help_text="Ids of the people the release names.")
    sources = ArrayField(models.IntegerField(), default=list, help_text="Ids of the sources it lists.")
    withdrawn_count = models.PositiveIntegerField(
        default=0, help_text="Records taken out of the stored files since publication, for people's safety."
    )
    amended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            Check(condition=Q(number__gte=1), name="release_number_positive", message="Releases count from 1."),
        ]

    def __str__(self) -> str:
        return f"Release {self.number} ({self.published_at:%Y-%m-%d})"


def release_path(instance: ReleaseFile, filename: str) -> str:
    return f"releases/{instance.release.number}/{filename}"


class ReleaseFile(models.Model):
    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=64)
    file = models.FileField(upload_to=release_path, max_length=200)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        ordering = ["release", "name"]
        constraints = [
            Unique(fields=["release", "name"], name="release_file_unique", message="A release has one file per name."),
        ]

    def __str__(self) -> str:
        return f"{self.release.number}/{self.name}"


@dataclass(frozen=True)
class Withdrawn:
    """Ids a release lists that are not public now: people (made anonymous or private, or deleted) and the
    sources cited only about such people."""

    people: frozenset[int] = frozenset()
    sources: frozenset[int] = frozenset()

    def __bool__(self) -> bool:
        return bool(self.people or self.sources)

    def __len__(self) -> int:
        return len(self.people) + len(self.sources)


def withdrawn(release: Release) -> Withdrawn:
    """Who in the release is no longer public: one query per kind, kept per data version."""

    def find() -> Withdrawn:
        return Withdrawn(
            people=_gone(Prisoner.objects.published(), release, "people"),
            sources=_gone(Source.objects.cited_publicly(), release, "sources"),
        )

    return freshness.remember(f"release-withdrawn:{release.pk}:{release.withdrawn_count}", find)


def _gone(public, release: Release, field: str) -> frozenset[int]:
    """The ids the release lists that `public` no longer holds: PostgreSQL compares them (an anti-join), so only
    the few gone ids travel, not every id of the release."""
    sql, params = public.order_by().values("pk").query.sql_with_params()
    with connections[public.db].cursor() as cursor:
        cursor.execute(
            f"SELECT listed FROM registry_release r CROSS JOIN LATERAL unnest(r.{field}) AS listed "
            f"WHERE r.id = %s AND listed NOT IN ({sql})",
            [release.pk, *params],
        )
        gone = frozenset(row[0] for row in cursor.fetchall())
    if field == "people":  # a record merged into a public one is not withdrawn: its id redirects there
        gone -= {pk for pk in gone if public.filter(pk=Merge.objects.kept_for(pk) or 0).exists()}
    return gone


def without(changelog: dict, gone: Withdrawn) -> dict:
    """A changelog without the entries about people withdrawn since."""
    return {**changelog, "people": [entry for entry in changelog["people"] if entry["id"] not in gone.people]}
