"""Criminal code articles (/api/v1/articles/)."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view

from registry.api import columns
from registry.api.base import ERROR_EXAMPLE, PublicReadViewSet, csv_export
from registry.api.serializers import ArticleSerializer
from registry.models import Article
from registry.queries.filters import BooleanFilter


def article_queryset() -> QuerySet[Article]:
    return Article.objects.select_related("code")


class ArticleFilter(django_filters.FilterSet):
    number = django_filters.CharFilter(help_text="Article number, e.g. '342' or '361-1'.")
    country = django_filters.CharFilter(field_name="code__country", help_text="ISO country code, e.g. 'BY'.")
    is_extremism_related = BooleanFilter(help_text="Counted as 'extremist' by the authorities.")

    class Meta:
        model = Article
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Criminal code articles"),
    retrieve=extend_schema(summary="One article", examples=[ERROR_EXAMPLE]),
)
class ArticleViewSet(PublicReadViewSet):
    serializer_class = ArticleSerializer
    filterset_class = ArticleFilter
    ordering_fields = ["number", "id"]
    ordering = ["id"]
    csv_columns = columns.ARTICLE_COLUMNS
    export = csv_export("Articles as CSV", tag="articles")
    csv_filename = "articles.csv"

    def get_queryset(self) -> QuerySet[Article]:
        return article_queryset()
