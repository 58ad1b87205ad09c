"""registry.queries.filters: each FilterSet's filters are its own, though their definitions are not deep-copied."""

import pytest
from django.http import QueryDict

from registry.models import Prisoner
from registry.queries.filters import PrisonerFilter
from tests.factories import ArticleFactory
from tests.site_data import make_person

pytestmark = pytest.mark.django_db


def test_two_filter_sets_at_once_each_filter_by_their_own_request():
    charged = make_person("Fiktyuny Artykulny", article=ArticleFactory(number="342"))
    make_person("Fiktyuny Inshy", article=ArticleFactory(number="130"))
    first = PrisonerFilter(QueryDict("article=342"), queryset=Prisoner.objects.published())
    second = PrisonerFilter(QueryDict("article=130"), queryset=Prisoner.objects.published())

    # A filter with `method=` calls it on its own FilterSet, not on the other one or the definitions.
    assert first.filters["article"].filter.method.__self__ is first
    assert [p.pk for p in first.qs] == [charged.pk]
    assert charged.pk not in [p.pk for p in second.qs]
    assert not hasattr(PrisonerFilter.base_filters["article"], "parent")


def test_a_filter_sets_filters_share_their_definitions_parts():
    made = PrisonerFilter(QueryDict("status=in_custody"))

    assert made.filters["region"] is not PrisonerFilter.base_filters["region"]
    assert made.filters["region"].queryset is PrisonerFilter.base_filters["region"].queryset  # not copied
