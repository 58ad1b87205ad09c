"""The prisoner filters shared by the public site and the API (django-filter).

The caller passes an already visibility-filtered queryset (`Prisoner.objects.published()`); these
filters never decide visibility.
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import lru_cache

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.fields import IsoDateTimeField, ModelMultipleChoiceField
from drf_spectacular.utils import extend_schema_field

from pardons.models import Pardon, PardonDecree
from registry.db import freshness
from registry.models import Conviction, Custody, Facility, Prisoner, Region, ReleaseReason, Sex, Status, Verification
from registry.queries.statistics import TALLIED_FILTERS
from registry.search import search_prisoners


class StrictNullBooleanField(forms.NullBooleanField):
    """true / false (or empty for "either"); anything else is an error rather than silently ignored."""

    widget = forms.TextInput

    def to_python(self, value):
        if value in (None, ""):
            return None
        if str(value).lower() in ("true", "1"):
            return True
        if str(value).lower() in ("false", "0"):
            return False
        raise forms.ValidationError(_("Use true or false."), code="invalid")

    def validate(self, value) -> None:
        pass


class BooleanFilter(django_filters.BooleanFilter):
    field_class = StrictNullBooleanField


class RecentDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment from 1900 to 2100, handed on in UTC (PostgreSQL refuses odd historical offsets)."""

    def clean(self, value):
        moment = super().clean(value)
        if moment is None:
            return None
        if not 1900 <= moment.year <= 2100:
            raise forms.ValidationError(_("Use a moment between 1900 and 2100."), code="invalid")
        return moment.astimezone(dt.UTC)


class ChangedSinceFilter(django_filters.IsoDateTimeFilter):
    field_class = RecentDateTimeField

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("field_name", "updated_at")
        kwargs.setdefault("lookup_expr", "gte")
        kwargs.setdefault("label", _("Changed since (ISO 8601 date-time)"))
        super().__init__(**kwargs)


class _SlugsField(ModelMultipleChoiceField):
    def clean(self, value):
        # The list form's "Any region" option sends `region=`: no choice, not an invalid one.
        if isinstance(value, list | tuple):
            value = [v for v in value if v != ""]
        return super().clean(value)

    def _check_values(self, value) -> list:
        # The few objects (regions) read once per data version, not looked up by slug on every filtered request.
        model = self.queryset.model
        key = self.to_field_name
        known = freshness.remember(f"by-{key}|{model._meta.label}", lambda: {getattr(o, key): o for o in self.queryset})
        try:
            chosen = frozenset(value)
        except TypeError:
            raise forms.ValidationError(self.error_messages["invalid_list"], code="invalid_list") from None
        for slug in chosen:
            self.validate_no_null_characters(slug)
            if str(slug) not in known:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"], code="invalid_choice", params={"value": slug}
                )
        return [known[str(slug)] for slug in chosen]


@extend_schema_field({"type": "string", "description": "Slug, e.g. minsk-city; repeat the parameter for several."})
class SlugsFilter(django_filters.ModelMultipleChoiceFilter):
    """Several related objects chosen by slug (the API schema documents the values as strings), compared by id.

    The form has already looked the slugs up. Compared through a join to the slug, the planner cannot tell which
    object it is, guesses an average share of the rows, and may sort a large region's people all rather than walk
    the name index."""

    field_class = _SlugsField

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        qs = qs.filter(**{f"{self.field_name}__in": [v.pk for v in value]})
        return qs.distinct() if self.distinct else qs


class SharedDefinitions(dict):
    """A FilterSet's filter definitions, copied cheaply for each request.

    django-filter deep-copies every definition for each FilterSet it makes (its field, widget, choices and
    querysets: hundreds of objects a request), yet a request only sets each copy's model and parent. A
    shallow copy does, with its own FilterMethod: a filter with `method=` must find this request's FilterSet.
    """

    def __deepcopy__(self, memo) -> dict:
        copies = {}
        for name, definition in self.items():
            copied = copy.copy(definition)
            copied.method = definition.method  # re-binds `filter` to a FilterMethod of the copy
            copies[name] = copied
        return copies


class PrisonerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_q", label=_("Name (any spelling, any script)"))
    # distinct=False: a person has one status and one region, so no join can repeat them, and DISTINCT
    # would make PostgreSQL sort the whole set.
    status = django_filters.MultipleChoiceFilter(choices=Status.choices, label=_("Status"), distinct=False)
    region = SlugsFilter(
        field_name="region",
        queryset=Region.objects.all(),
        to_field_name="slug",
        label=_("Region"),
        distinct=False,
    )
    sex = django_filters.ChoiceFilter(choices=[c for c in Sex.choices if c[0]], label=_("Sex"))
    verification = django_filters.MultipleChoiceFilter(
        choices=Verification.choices, label=_("Verification"), distinct=False
    )
    article = django_filters.CharFilter(method="filter_article", label=_("Article (number, e.g. 342)"))
    facility = django_filters.ModelChoiceFilter(
        queryset=Facility.objects.all(), method="filter_facility", label=_("Held now in facility")
    )
    decree = django_filters.ModelChoiceFilter(
        queryset=PardonDecree.objects.all(), method="filter_decree", label=_("Pardoned by decree")
    )
    detained_year = django_filters.NumberFilter(
        method="filter_detained_year", label=_("Year detained"), min_value=1900, max_value=2100
    )
    detained_after = django_filters.DateFilter(method="filter_detained_after", label=_("Detained on or after"))
    detained_before = django_filters.DateFilter(method="filter_detained_before", label=_("Detained on or before"))
    released_after = django_filters.DateFilter(method="filter_released_after", label=_("Released on or after"))
    released_before = django_filters.DateFilter(method="filter_released_before", label=_("Released on or before"))
    sentence_min_months = django_filters.NumberFilter(
        method="filter_sentence_min", label=_("Sentence at least (months)"), min_value=0, max_value=10000
    )
    sentence_max_months = django_filters.NumberFilter(
        method="filter_sentence_max", label=_("Sentence at most (months)"), min_value=0, max_value=10000
    )
    release_reason = django_filters.MultipleChoiceFilter(
        choices=[c for c in ReleaseReason.choices if c[0]], method="filter_release_reason", label=_("Release reason")
    )
    pardoned_since = django_filters.DateFilter(method="filter_pardoned_since", label=_("Pardoned by a decree since"))
    recognised_since = django_filters.DateFilter(
        field_name="recognised_on", lookup_expr="gte", label=_("Recognised on or after")
    )
    updated_since = ChangedSinceFilter()
    can_write = BooleanFilter(method="filter_can_write", label=_("Can receive letters now"))

    # False where the form is never shown (the API's backend sets it): the form then holds only the filters the
    # request names. A filter it does not name filters nothing, and each form deep-copies every field it holds.
    form_shown = True

    class Meta:
        model = Prisoner
        fields: list[str] = []

    def get_form_class(self) -> type[forms.Form]:
        if self.form_shown or not self.is_bound:
            return _form_class(type(self), None)
        return _form_class(type(self), frozenset(self.data.keys() & self.base_filters.keys()))

    def tallied(self) -> dict | None:
        """The chosen values when every filter in use is one the statistics' tallies hold (TALLIED_FILTERS:
        status, region, sex, verification), so facets need not scan the people; else None."""
        if not self.is_bound:
            return {}
        self.is_valid()  # a field that does not validate filters nothing, here as in `qs`
        chosen = {}
        for name, value in self.form.cleaned_data.items():
            if name == "region":
                value = [region.pk for region in value or ()]
            if value in (None, "", [], ()):
                continue
            if name not in TALLIED_FILTERS:
                return None
            chosen[name] = value
        return chosen

    def scanned_version(self) -> freshness.Version | freshness.ScopedVersion:
        """What facets and totals of this set are kept under when they scan the people (not `tallied`): the version
        of everything filters read (freshness.filtered_current), or with `updated_since` the data version, as an
        edit of any column moves `updated_at`."""
        if self.is_bound:
            self.is_valid()  # a field that does not validate filters nothing; the others still do (as in `qs`)
            if self.form.cleaned_data.get("updated_since"):
                return freshness.current()
        return freshness.filtered_current()

    def counts_version(self) -> freshness.Version | freshness.ScopedVersion:
        """What this set's facets and total are kept under: the counts' version when the tallies hold every filter
        in use (`tallied`), else `scanned_version`."""
        return freshness.counts_current() if self.tallied() is not None else self.scanned_version()

    def filter_q(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # A name search only ever finds people who may be named: counting anonymous people by a
        # name would tell that such a person is on the register.
        return search_prisoners(queryset.published(), value) if value.strip() else queryset

    def filter_article(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        # Prisoner.article_numbers is kept from the charges by PostgreSQL (GIN-indexed).
        return queryset.filter(article_numbers__contains=[value.strip()])

    def filter_facility(self, queryset: QuerySet, name: str, value: Facility) -> QuerySet:
        return queryset.held_in(value)

    def filter_decree(self, queryset: QuerySet, name: str, value: PardonDecree) -> QuerySet:
        return queryset.filter(Exists(Pardon.objects.filter(prisoner=OuterRef("pk"), decree=value)))

    def filter_release_reason(self, queryset: QuerySet, name: str, value: list[str]) -> QuerySet:
        return self._custody(queryset, Q(release_reason__in=value)) if value else queryset

    def filter_can_write(self, queryset: QuerySet, name: str, value: bool | None) -> QuerySet:
        if value is None:
            return queryset
        writable = queryset.can_write_now().values("pk")
        return queryset.filter(pk__in=writable) if value else queryset.exclude(pk__in=writable)

    def filter_pardoned_since(self, queryset: QuerySet, name: str, value) -> QuerySet:
        # The same "may fall on or after" rule as statistics.pardons_since, so the list matches its count.
        decrees = PardonDecree.objects.filter(announced_until__gte=value)
        return queryset.filter(Exists(Pardon.objects.filter(prisoner=OuterRef("pk"), decree__in=decrees)))

    def _custody(self, queryset: QuerySet, condition: Q) -> QuerySet:
        return queryset.filter(Exists(Custody.objects.filter(condition, prisoner=OuterRef("pk"))))

    def filter_detained_year(self, queryset, name, value):
        return self._custody(queryset, Q(detained_on__year=int(value)))

    def filter_detained_after(self, queryset, name, value):
        return self._custody(queryset, Q(detained_on__gte=value))

    def filter_detained_before(self, queryset, name, value):
        return self._custody(queryset, Q(detained_on__lte=value))

    def filter_released_after(self, queryset, name, value):
        return self._custody(queryset, Q(released_on__gte=value))

    def filter_released_before(self, queryset, name, value):
        return self._custody(queryset, Q(released_on__lte=value))

    def _conviction(self, queryset: QuerySet, condition: Q) -> QuerySet:
        return queryset.filter(Exists(Conviction.objects.filter(condition, prisoner=OuterRef("pk"))))

    def filter_sentence_min(self, queryset, name, value):
        return self._conviction(queryset, Q(sentence_months__gte=value) | Q(life_sentence=True))

    def filter_sentence_max(self, queryset, name, value):
        return self._conviction(queryset, Q(sentence_months__lte=value))


PrisonerFilter.base_filters = SharedDefinitions(PrisonerFilter.base_filters)


@lru_cache(maxsize=256)
def _form_class(filterset: type[django_filters.FilterSet], names: frozenset[str] | None) -> type[forms.Form]:
    """The form of a filter set's filters (None: all of them). django-filter builds the form class, and a field for
    each filter, on every request; these fields depend only on the definitions (no per-request querysets), so each
    class is built once."""
    chosen = {name: definition for name, definition in filterset.base_filters.items() if names is None or name in names}
    fields = {name: copy.deepcopy(definition).field for name, definition in chosen.items()}
    return type(f"{filterset.__name__}Form", (filterset._meta.form,), fields)
