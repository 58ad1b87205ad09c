"""Every model is registered in the admin and its list, add and change pages open for staff."""

import pytest
from django.contrib import admin
from django.urls import reverse

from registry.samples import demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("staff-test", "staff@example.org", "a-long-test-password")
    client.force_login(user)
    return client


def our_models():
    return [m for m in admin.site._registry if m._meta.app_label in {"registry", "pardons"}]


def test_every_registry_and_pardons_model_is_in_the_admin():
    from django.apps import apps

    registered = set(admin.site._registry)
    concrete = {
        m
        for app in ("registry", "pardons")
        for m in apps.get_app_config(app).get_models()
        if not m.__name__.startswith("Historical")
    }
    # Charge, BreakdownItem and PrisonerName are edited inline on their parent; search keys and words, the data
    # versions and the statistics' tallies are derived; an import job is shown on its own import page, to the
    # one who started it; a release's files are listed on its page; vulnerability (health data) only inline on
    # its person, for the group allowed to see it; the contact log and recognitions inline on their person;
    # evidence files inline on their source.
    not_on_their_own = {
        "Charge", "BreakdownItem", "PrisonerName", "PrisonerSearchKey", "PrisonerWord", "SearchWord", "DataVersion",
        "PersonVersion", "ImportJob", "ReleaseFile", "Vulnerability", "Contact", "Attachment", "Recognition",
        "PeopleTally", "ArticleTally", "HeldTally", "HeldOver60Tally", "ReleaseTally", "ReleaseMonthTally",
        "WithoutContactTally", "PersonDocument", "DecreeTally", "PardonedPerson",
    }  # fmt: skip
    assert {m for m in concrete if m.__name__ not in not_on_their_own} <= registered


ADDED_ON_THEIR_PARENT_PAGE = {"Pardon"}
SENT_BY_READERS = {"Correction"}
PUBLISHED_BY_A_BUTTON = {"Release"}  # and never typed in, edited or deleted (registry/open_data/admin.py)
ASKED_ON_THE_PERSON = {"PublicationRequest"}  # from the person's page or an import, never typed in
MADE_ON_THE_MERGE_SCREEN = {"Merge"}  # registry/staff/merging.py; the log is never typed in or edited


@pytest.mark.parametrize("model", our_models(), ids=lambda m: m.__name__)
def test_the_list_and_add_pages_open(staff_client, model):
    demo.load_reference_data()
    demo.load_seed_facts()
    opts = model._meta
    changelist = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
    assert changelist.status_code == 200
    add = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
    # Pardons are added on their decree's page only, where the release workflow runs; reports come from readers.
    refused = (
        ADDED_ON_THEIR_PARENT_PAGE
        | SENT_BY_READERS
        | PUBLISHED_BY_A_BUTTON
        | ASKED_ON_THE_PERSON
        | MADE_ON_THE_MERGE_SCREEN
    )
    assert add.status_code == (403 if model.__name__ in refused else 200)
    instance = model.objects.first()
    if instance is not None:
        change = staff_client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[instance.pk]))
        assert change.status_code == 200


def test_the_seed_decree_page_shows_its_breakdown(staff_client):
    demo.load_reference_data()
    demo.load_seed_facts()
    from pardons.models import PardonDecree

    decree = PardonDecree.objects.get(announced_total=20, is_synthetic=False)
    page = staff_client.get(reverse("admin:pardons_pardondecree_change", args=[decree.pk]))
    body = page.content.decode()
    assert 'value="11"' in body and 'value="14"' in body
    assert "asked for clemency" in body


def test_a_persons_occupation_and_biography_are_entered_in_belarusian_and_russian_too(staff_client):
    from registry.models import Prisoner
    from tests.admin_forms import form_data
    from tests.factories import PrisonerFactory

    person = PrisonerFactory()
    url = reverse("admin:registry_prisoner_change", args=[person.pk])
    texts = {
        "occupation_be": "настаўніца",
        "occupation_ru": "учительница",
        "biography_be": "Выдуманая біяграфія.",
        "biography_ru": "Вымышленная биография.",
    }

    response = staff_client.post(url, form_data(staff_client.get(url)) | texts)

    assert response.status_code == 302
    saved = Prisoner.objects.get(pk=person.pk)
    assert {name: getattr(saved, name) for name in texts} == texts
