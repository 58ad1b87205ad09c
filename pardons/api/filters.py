"""The API's decree filters (django-filter): kind, series, announcement dates, names disclosed, changed since."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from pardons.models import DecreeKind, DecreeSeries, PardonDecree
from registry.queries.filters import BooleanFilter, ChangedSinceFilter


class DecreeFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DecreeKind.choices, label=_("Pardon or amnesty"))
    series = django_filters.ModelChoiceFilter(queryset=DecreeSeries.objects.all(), label=_("Series (id)"))
    announced_after = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="gte", label=_("Announced on or after")
    )
    announced_before = django_filters.DateFilter(
        field_name="announced_on", lookup_expr="lte", label=_("Announced on or before")
    )
    names_disclosed = BooleanFilter(label=_("Did the authorities publish the names?"))
    updated_since = ChangedSinceFilter()

    class Meta:
        model = PardonDecree
        fields: list[str] = []
