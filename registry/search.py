"""Name search used by the site, the API and the admin.

Initial version: case-insensitive containment over every stored name form. The multi-script,
typo-tolerant trigram search replaces the body of these functions without changing their signatures.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, FloatField, OuterRef, QuerySet, Value

from registry.models import Prisoner, PrisonerName


def normalise_name(text: str) -> list[str]:
    return [" ".join(text.lower().split())]


def search_prisoners(queryset: QuerySet[Prisoner], query: str) -> QuerySet[Prisoner]:
    """Filter `queryset` to people whose names match `query`, best first (annotates `search_rank`)."""
    tokens = normalise_name(query)[0].split()
    if not tokens:
        return queryset.none()
    for token in tokens:
        queryset = queryset.filter(
            Exists(PrisonerName.objects.filter(prisoner=OuterRef("pk"), full_name__icontains=token))
        )
    return queryset.annotate(search_rank=Value(1.0, output_field=FloatField())).order_by("display_name", "pk")


def rebuild_search_keys(prisoner_ids: Iterable[int] | None = None) -> int:
    return 0


def find_possible_duplicates(
    *, names: list[str], birth_year: int | None, exclude_pk: int | None = None
) -> QuerySet[Prisoner]:
    matches = Prisoner.objects.none()
    for name in names:
        matches = matches | search_prisoners(Prisoner.objects.all(), name)
    if birth_year is not None:
        matches = matches.filter(birth_date__year=birth_year)
    if exclude_pk is not None:
        matches = matches.exclude(pk=exclude_pk)
    return matches.distinct()
