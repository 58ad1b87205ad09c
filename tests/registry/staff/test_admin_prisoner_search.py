"""The admin's prisoner search, autocomplete and duplicate warning use registry.search."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Prisoner, Visibility
from registry.samples import demo
from tests.factories import PrisonerFactory, PrisonerNameFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff-test", "staff@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def test_the_changelist_search_finds_any_spelling_best_first(staff_client):
    demo.load_seed_facts()
    PrisonerFactory(display_name="Siarhei Tsikhanovich", visibility=Visibility.PRIVATE)
    response = staff_client.get(reverse("admin:registry_prisoner_changelist"), {"q": "Сергей Тихановский"})
    assert response.status_code == 200
    found = [p.display_name for p in response.context["cl"].result_list]
    assert found[0] == "Siarhei Tsikhanouski"
    assert "Viktar Babaryka" not in found


def test_a_column_header_click_orders_search_results_by_that_column(staff_client):
    demo.load_seed_facts()
    PrisonerFactory(display_name="Zmitser Babaryka")
    url = reverse("admin:registry_prisoner_changelist")
    for order, expected in [
        ("-1", ["Zmitser Babaryka", "Viktar Babaryka"]),
        ("1", ["Viktar Babaryka", "Zmitser Babaryka"]),
    ]:
        response = staff_client.get(url, {"q": "Babaryka", "o": order})  # by display_name
        assert [p.display_name for p in response.context["cl"].result_list] == expected


def test_the_changelist_without_a_search_lists_everyone(staff_client):
    PrisonerFactory.create_batch(3)
    response = staff_client.get(reverse("admin:registry_prisoner_changelist"))
    assert response.context["cl"].result_count == 3


def test_prisoner_autocomplete_finds_any_spelling(staff_client):
    demo.load_seed_facts()
    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "registry", "model_name": "conviction", "field_name": "prisoner", "term": "Bialacki"},
    )
    assert [r["text"] for r in response.json()["results"]] == ["Ales Bialiatski"]


def _add_form_data(staff_client, **fields) -> dict:
    page = staff_client.get(reverse("admin:registry_prisoner_add"))
    data = {
        "birth_date_precision": "year",
        "recognised_on_precision": "day",
        "visibility": "private",
        "verification": "reported",
    }
    for formset in page.context["inline_admin_formsets"]:
        prefix = formset.formset.prefix
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return data | fields


def test_adding_the_same_person_in_another_script_warns_of_a_duplicate(staff_client):
    existing = PrisonerFactory(display_name="Hanna Zhurauliova", birth_date=dt.date(1971, 1, 1))
    PrisonerNameFactory(prisoner=existing, full_name="Ганна Жураўлёва", language="be")
    data = _add_form_data(staff_client, display_name="Hanna Žuraŭlova", birth_date="1971-01-01")
    data |= {
        "names-TOTAL_FORMS": "1",
        "names-0-full_name": "Ганна Жураўлёва",
        "names-0-language": "be",
        "names-0-kind": "primary",
    }
    response = staff_client.post(reverse("admin:registry_prisoner_add"), data, follow=True)
    assert Prisoner.objects.count() == 2, response.context["adminform"].form.errors if response.context else ""
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert "Hanna Zhurauliova" in warnings[0]
    assert reverse("admin:registry_prisoner_change", args=[existing.pk]) in warnings[0]


def test_a_namesake_born_in_another_year_is_not_flagged(staff_client):
    PrisonerFactory(display_name="Hanna Zhurauliova", birth_date=dt.date(1971, 1, 1))
    data = _add_form_data(staff_client, display_name="Hanna Zhurauliova", birth_date="1985-01-01")
    response = staff_client.post(reverse("admin:registry_prisoner_add"), data, follow=True)
    assert Prisoner.objects.count() == 2
    assert not [m for m in response.context["messages"] if m.level_tag == "warning"]
