"""registry.queries.filters: each FilterSet's filters are its own, though their definitions are not deep-copied; a form
never shown holds only the filters a request names."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from registry.models import Prisoner, Region
from registry.queries.filters import PrisonerFilter, SlugsFilter
from tests.factories import ArticleFactory, PrisonerFactory, RegionFactory
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


def test_a_form_never_shown_holds_only_the_filters_the_request_names_and_filters_alike():
    charged = make_person("Fiktyuny Artykulny", article=ArticleFactory(number="342"))
    make_person("Fiktyuny Inshy", article=ArticleFactory(number="130"))
    data = QueryDict("article=342&status=bogus&page_size=5")
    shown = PrisonerFilter(data, queryset=Prisoner.objects.published())
    unshown = PrisonerFilter(data, queryset=Prisoner.objects.published())
    unshown.form_shown = False

    assert set(shown.form.fields) == set(PrisonerFilter.base_filters)  # the site's list shows every filter
    assert set(unshown.form.fields) == {"article", "status"}
    assert unshown.errors.keys() == shown.errors.keys() == {"status"}
    assert [p.pk for p in unshown.qs] == [p.pk for p in shown.qs] == [charged.pk]


@pytest.mark.parametrize("path", ["/api/v1/prisoners/", "/api/v1/statistics/facets/"])
def test_the_api_builds_its_filter_form_of_the_filters_a_request_names(client, monkeypatch, path):
    built = []
    get_form_class = PrisonerFilter.get_form_class
    monkeypatch.setattr(PrisonerFilter, "get_form_class", lambda self: built.append(get_form_class(self)) or built[-1])

    assert client.get(path, {"q": "Fiktyuny", "sex": "female"}).status_code == 200
    assert [set(form.base_fields) for form in built] == [{"q", "sex"}]


def test_a_slugs_filter_compares_ids_and_keeps_its_distinct_setting():
    region = RegionFactory(slug="fictional-slugland")
    inside = PrisonerFactory(region=region)
    PrisonerFactory(region=RegionFactory(slug="fictional-elsewhere"))
    plain = SlugsFilter(field_name="region", queryset=Region.objects.all(), to_field_name="slug", distinct=False)
    distinct = SlugsFilter(field_name="region", queryset=Region.objects.all(), to_field_name="slug", distinct=True)

    filtered = plain.filter(Prisoner.objects.all(), Region.objects.filter(pk=region.pk))

    assert list(filtered) == [inside]
    assert "registry_region" not in str(filtered.query)
    assert not filtered.query.distinct
    assert distinct.filter(Prisoner.objects.all(), [region]).query.distinct
    assert plain.filter(Prisoner.objects.all(), []).query.where == Prisoner.objects.all().query.where


def test_region_slugs_are_checked_without_a_query_until_something_is_written():
    RegionFactory(slug="fictional-north")
    PrisonerFilter(QueryDict("region=fictional-north")).is_valid()  # the regions read once at this data version

    with CaptureQueriesContext(connection) as queries:
        checked = PrisonerFilter(QueryDict("region=fictional-north&region=nowhere"))
        checked.is_valid()
        valid = PrisonerFilter(QueryDict("region=fictional-north"))
        assert valid.is_valid()
    south = RegionFactory(slug="fictional-south")  # a write: a new data version
    after_write = PrisonerFilter(QueryDict("region=fictional-south"))

    assert [q["sql"] for q in queries.captured_queries if "registry_region" in q["sql"]] == []
    assert "region" in checked.errors and "nowhere" in str(checked.errors["region"])
    assert [region.slug for region in valid.form.cleaned_data["region"]] == ["fictional-north"]
    assert after_write.is_valid() and list(after_write.form.cleaned_data["region"]) == [south]


@pytest.mark.parametrize("value", [["a\x00b"], [["nested"]]])
def test_a_region_slug_that_cannot_be_one_is_an_error_not_a_crash(value):
    form_field = PrisonerFilter.base_filters["region"].field

    with pytest.raises(ValidationError):
        form_field.clean(value)
