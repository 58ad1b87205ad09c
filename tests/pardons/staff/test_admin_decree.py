"""Entering a pardon decree in the admin: counts first, people later, custody kept true."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from pardons.models import Pardon, PardonDecree
from registry import services as custody_services
from registry.models import Custody, PersonDocument, Status
from tests.admin_forms import errors, form_data, inline_prefix
from tests.factories import (
    CustodyFactory,
    DecreeSeriesFactory,
    PardonDecreeFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:pardons_pardondecree_add")


def change_url(decree: PardonDecree) -> str:
    return reverse("admin:pardons_pardondecree_change", args=[decree.pk])


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def new_decree_form(staff_client, *lines: dict, **fields) -> dict:
    """The add page's form for a pardon announced on 2024-09-16 with a total of 20, with these breakdown lines
    (each a line's fields) and other fields."""
    data = form_data(staff_client.get(ADD_URL))
    data.update(
        {"kind": "pardon", "announced_on": "2024-09-16", "announced_on_precision": "day", "announced_total": "20"}
    )
    for row, line in enumerate(lines):
        data.update({f"breakdown-{row}-{name}": value for name, value in line.items()})
    return data | fields


def add_person(client, decree, prisoner, *, confirmation="confirmed", released_on="2024-09-17", cite=True):
    page = client.get(change_url(decree))
    data = form_data(page)
    prefix = inline_prefix(page, "pardon")
    row = int(data[f"{prefix}-INITIAL_FORMS"])
    data.update(
        {
            f"{prefix}-{row}-prisoner": str(prisoner.pk),
            f"{prefix}-{row}-released_on": released_on,
            f"{prefix}-{row}-released_on_precision": "day",
            f"{prefix}-{row}-confirmation": confirmation,
        }
    )
    if cite:
        data[f"{prefix}-{row}-sources"] = [str(SourceFactory().pk)]
    return client.post(change_url(decree), data)


def test_it_enters_a_count_only_decree_on_one_page(staff_client):
    source = SourceFactory()
    data = new_decree_form(
        staff_client,
        {"category": "women", "count": "11"},
        {"category": "chronically_ill", "count": "14"},
        {"category": "extremist", "count": "20", "label": "convicted of crimes of an extremist nature"},
        title="20 people pardoned, names not disclosed",
        conditions="All expressed remorse and asked for clemency.",
        sources=[str(source.pk)],
    )
    data.pop("names_disclosed", None)

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, errors(response)
    decree = PardonDecree.objects.get()
    assert decree.announced_total == 20
    assert decree.names_disclosed is False
    assert decree.pardons.count() == 0
    assert list(decree.sources.all()) == [source]
    assert {(item.category, item.count) for item in decree.breakdown.all()} == {
        ("women", 11),
        ("chronically_ill", 14),
        ("extremist", 20),
    }
    page = staff_client.get(change_url(decree)).content.decode()
    assert "identified 0 of announced 20" in page
    assert "11 women: announced 11, identified 0" in page
    assert "14 with chronic illnesses: announced 14, identified — (too few to show: health or family data)" in page


def test_it_enters_a_decrees_texts_in_belarusian_and_russian_beside_the_english(staff_client):
    texts = {
        "title_be": "20 памілаваных",
        "title_ru": "20 помилованных",
        "issuing_authority_be": "Прэзідэнт",
        "issuing_authority_ru": "Президент",
        "conditions_be": "Усе папрасілі аб памілаванні.",
        "conditions_ru": "Все попросили о помиловании.",
    }
    line = {
        "category": "other",
        "count": "2",
        "label": "journalists",
        "label_be": "журналісты",
        "label_ru": "журналисты",
    }
    data = new_decree_form(staff_client, line, **texts)

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, errors(response)
    decree = PardonDecree.objects.get()
    assert {name: getattr(decree, name) for name in texts} == texts
    assert list(decree.breakdown.values_list("label_be", "label_ru")) == [("журналісты", "журналисты")]


def test_it_identifies_a_person_later_and_closes_their_custody(staff_client):
    decree = PardonDecreeFactory(announced_total=20)
    decree.breakdown.create(category="women", count=11)
    custody = CustodyFactory(prisoner=PrisonerFactory(sex="female"))

    response = add_person(staff_client, decree, custody.prisoner)

    assert response.status_code == 302, errors(response)
    custody.refresh_from_db()
    custody.prisoner.refresh_from_db()
    pardon = Pardon.objects.get(decree=decree)
    assert (custody.released_on, custody.release_reason) == (dt.date(2024, 9, 17), "pardon")
    assert pardon.closed_custody == custody
    assert custody.prisoner.status == Status.RELEASED
    page = staff_client.get(change_url(decree)).content.decode()
    assert "identified 1 of announced 20" in page
    assert "11 women: announced 11, identified 1" in page


def test_identifying_someone_on_a_decrees_page_keeps_everyone_elses_kept_profile(
    staff_client, django_assert_num_queries
):
    decree = PardonDecreeFactory(announced_total=20)
    bystander, custody = PrisonerFactory(), CustodyFactory(prisoner=PrisonerFactory(sex="female"))
    reader = Client()
    profiles = {person: f"/prisoners/{person.pk}/" for person in (bystander, custody.prisoner)}
    for url in profiles.values():
        assert decree_link(decree) not in reader.get(url).content.decode()

    assert add_person(staff_client, decree, custody.prisoner).status_code == 302  # the decree's row saved too

    with django_assert_num_queries(1):  # the bystander's version only: the page from the cache
        assert reader.get(profiles[bystander]).status_code == 200
    assert decree_link(decree) in reader.get(profiles[custody.prisoner]).content.decode()


def test_identifying_someone_on_a_decrees_page_keeps_the_kept_profile_and_document_of_those_it_pardoned_before(
    staff_client, django_assert_num_queries
):
    decree = PardonDecreeFactory(announced_total=20)
    earlier, later = (CustodyFactory(prisoner=PrisonerFactory()).prisoner for _ in range(2))
    assert add_person(staff_client, decree, earlier).status_code == 302
    reader, profile = Client(), f"/prisoners/{earlier.pk}/"
    assert decree_link(decree) in reader.get(profile).content.decode()
    stamp = PersonDocument.objects.get(prisoner_id=earlier.pk).stamp

    assert add_person(staff_client, decree, later).status_code == 302  # the decree's row saved again

    with django_assert_num_queries(1):  # the earlier person's version only: the page from the cache
        assert reader.get(profile).status_code == 200
    assert PersonDocument.objects.get(prisoner_id=earlier.pk).stamp == stamp


def decree_link(decree: PardonDecree) -> str:
    return f'href="/decrees/{decree.pk}/"'


def test_removing_the_pardon_restores_the_custody_exactly(staff_client):
    decree = PardonDecreeFactory()
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 1), detained_on_precision="month")
    before = Custody.objects.filter(pk=custody.pk).values().get()
    add_person(staff_client, decree, custody.prisoner)
    page = staff_client.get(change_url(decree))
    data = form_data(page)
    data[f"{inline_prefix(page, 'pardon')}-0-DELETE"] = "on"

    response = staff_client.post(change_url(decree), data)

    assert response.status_code == 302, errors(response)
    assert not Pardon.objects.exists()
    after = Custody.objects.filter(pk=custody.pk).values().get()
    assert {k: v for k, v in after.items() if k != "updated_at"} == {
        k: v for k, v in before.items() if k != "updated_at"
    }
    custody.prisoner.refresh_from_db()
    assert custody.prisoner.status == Status.IN_CUSTODY


def test_a_person_with_no_open_custody_cannot_be_released_again(staff_client):
    decree = PardonDecreeFactory()
    custody = CustodyFactory()
    custody_services.release(prisoner=custody.prisoner, released_on=dt.date(2023, 1, 10), reason="served")
    custody.refresh_from_db()
    history_rows = custody.history.count()

    response = add_person(staff_client, decree, custody.prisoner)

    assert response.status_code == 200
    assert any("has no open custody period" in message for message in errors(response))
    assert not Pardon.objects.exists()
    custody.refresh_from_db()
    assert (custody.released_on, custody.release_reason) == (dt.date(2023, 1, 10), "served")
    assert custody.history.count() == history_rows


def test_a_reported_pardon_leaves_custody_open_until_confirmed(staff_client):
    decree = PardonDecreeFactory()
    custody = CustodyFactory()

    add_person(staff_client, decree, custody.prisoner, confirmation="reported")

    custody.refresh_from_db()
    assert custody.is_open
    assert Pardon.objects.get().confirmation == "reported"


def test_it_warns_when_more_people_are_identified_than_announced(staff_client):
    decree = PardonDecreeFactory(announced_total=1)
    add_person(staff_client, decree, CustodyFactory().prisoner)

    response = add_person(staff_client, decree, CustodyFactory().prisoner)

    assert response.status_code == 302, errors(response)
    followed = staff_client.get(response.url).content.decode()
    page = staff_client.get(change_url(decree)).content.decode()
    assert "identified 2 of announced 1" in page
    assert "Warning: more people identified (2) than announced (1)" in page
    assert "More people identified (2) than announced (1)" in followed


def test_it_shows_the_series_ordinal_beside_the_reported_one_and_running_totals(staff_client):
    series = DecreeSeriesFactory(started_on=dt.date(2024, 7, 1), started_on_precision="month")
    PardonDecreeFactory(series=series, announced_on=dt.date(2024, 7, 3), announced_total=18)
    PardonDecreeFactory(series=series, announced_on=dt.date(2024, 8, 20), announced_total=30)
    decree = PardonDecreeFactory(
        series=series, announced_on=dt.date(2024, 9, 16), announced_total=20, reported_series_ordinal=8
    )
    add_person(staff_client, decree, CustodyFactory().prisoner)

    page = staff_client.get(change_url(decree)).content.decode()

    assert "3rd in the series “Pardons since July 2024” (counted since July 2024) (the source says 8th)" in page
    assert "Series running totals up to this decree: 68 announced, 1 identified." in page


def test_the_person_autocomplete_finds_a_name_in_another_script(staff_client):
    prisoner = PrisonerFactory(display_name="Testavy Latsinski")
    PrisonerNameFactory(prisoner=prisoner, full_name="Тэставы Лацінскі", language="be")
    PrisonerFactory(display_name="Someone Else Entirely")

    response = staff_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "pardons", "model_name": "pardon", "field_name": "prisoner", "term": "Лацін"},
    )

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [str(prisoner.pk)]


def test_the_decree_list_shows_identified_of_announced(staff_client, django_assert_max_num_queries):
    decree = PardonDecreeFactory(announced_total=20)
    add_person(staff_client, decree, CustodyFactory().prisoner)
    PardonDecreeFactory(announced_total=None)

    with django_assert_max_num_queries(12):
        page = staff_client.get(reverse("admin:pardons_pardondecree_changelist")).content.decode()

    assert "1 of 20" in page
    assert "0 of ?" in page


def test_a_confirmed_pardon_cannot_be_unconfirmed_or_redated_in_place(staff_client):
    decree = PardonDecreeFactory()
    custody = CustodyFactory()
    add_person(staff_client, decree, custody.prisoner)
    page = staff_client.get(change_url(decree))
    data = form_data(page)
    prefix = inline_prefix(page, "pardon")
    data[f"{prefix}-0-confirmation"] = "reported"
    data[f"{prefix}-0-released_on"] = "2024-10-01"

    response = staff_client.post(change_url(decree), data)

    assert response.status_code == 200
    messages = errors(response)
    assert any("remove the pardon (the custody is restored)" in m for m in messages)
    assert any("to change the release date" in m for m in messages)
    custody.refresh_from_db()
    assert (custody.released_on, custody.release_reason) == (dt.date(2024, 9, 17), "pardon")


def test_confirming_a_reported_pardon_on_its_own_page_closes_the_custody(staff_client):
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    custody = CustodyFactory(detained_on=dt.date(2021, 5, 14))
    add_person(staff_client, decree, custody.prisoner, confirmation="reported")
    pardon = Pardon.objects.get()
    url = reverse("admin:pardons_pardon_change", args=[pardon.pk])
    data = form_data(staff_client.get(url))
    data["confirmation"] = "confirmed"

    response = staff_client.post(url, data)

    assert response.status_code == 302, errors(response)
    custody.refresh_from_db()
    pardon.refresh_from_db()
    assert (custody.release_reason, pardon.closed_custody) == ("pardon", custody)
    assert custody.released_on == dt.date(2024, 9, 17)  # the date entered when it was reported
    assert custody.prisoner.status == Status.RELEASED


def test_a_repeated_breakdown_category_is_shown_on_its_line_and_nothing_is_saved(staff_client):
    data = new_decree_form(staff_client, {"category": "women", "count": "11"}, {"category": "women", "count": "9"})

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    assert any("already a line of this decree" in message for message in errors(response))
    assert not PardonDecree.objects.exists()


def test_a_line_over_the_announced_total_is_shown_on_its_line_and_nothing_is_saved(staff_client):
    data = new_decree_form(staff_client, {"category": "chronically_ill", "count": "25"})

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 200
    line = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert line.errors["count"] == ["More than the announced total (20): a line counts some of the people announced."]
    assert not PardonDecree.objects.exists()


def test_identifying_a_person_as_confirmed_needs_a_source_and_changes_nothing_without_one(staff_client):
    decree = PardonDecreeFactory(announced_total=20)
    custody = CustodyFactory()

    response = add_person(staff_client, decree, custody.prisoner, cite=False)

    assert response.status_code == 200
    assert any("needs a source that names this person" in message for message in errors(response))
    assert not Pardon.objects.exists()
    custody.refresh_from_db()
    assert custody.is_open


def test_a_reported_pardon_may_wait_for_its_source(staff_client):
    decree = PardonDecreeFactory(announced_total=20)

    response = add_person(staff_client, decree, CustodyFactory().prisoner, confirmation="reported", cite=False)

    assert response.status_code == 302, errors(response)
    assert Pardon.objects.get().confirmation == "reported"
