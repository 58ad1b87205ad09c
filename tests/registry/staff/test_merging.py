"""The merge screen and the merge log: Reviewers compare, pick, merge and undo; other roles only look."""

import datetime as dt

import pytest
from django.urls import reverse

from registry.models import Merge, Prisoner
from registry.staff.merging import merge_url
from registry.staff.roles import EDITOR, REVIEWER, VIEWER
from tests.admin_forms import form_data
from tests.factories import CustodyFactory, PrisonerFactory, PrisonerNameFactory

pytestmark = pytest.mark.django_db
LOG = "/admin/registry/merge/"


def test_a_reviewer_compares_two_records_picks_fields_and_merges(client, role_user):
    keep = PrisonerFactory(display_name="Testavy Ekran", birth_date=None)
    other = PrisonerFactory(display_name="Testavyj Ekran", birth_date=dt.date(1975, 1, 1), occupation="fictional")
    client.force_login(role_user(REVIEWER))

    page = client.get(merge_url(keep.pk, other.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Testavy Ekran" in html and "Testavyj Ekran" in html and "1975" in html
    assert 'name="merge"' in html and "disabled" not in html

    response = client.post(
        merge_url(keep.pk, other.pk),
        {"ids": f"{keep.pk},{other.pk}", "keep": keep.pk, "pick_display_name": keep.pk, "pick_birth_date": other.pk,
         "pick_occupation": other.pk, "reason": "same person, two spellings", "merge": "1"},
    )  # fmt: skip

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_prisoner_change", args=[keep.pk])
    kept = Prisoner.objects.get(pk=keep.pk)
    assert (kept.display_name, kept.birth_date, kept.occupation) == ("Testavy Ekran", dt.date(1975, 1, 1), "fictional")
    assert not Prisoner.objects.filter(pk=other.pk).exists()
    assert Merge.objects.get().reason == "same person, two spellings"


def test_the_screen_says_what_stops_a_merge_and_the_merge_button_is_off(client, role_user):
    keep, other = CustodyFactory().prisoner, CustodyFactory().prisoner
    client.force_login(role_user(REVIEWER))

    html = client.get(merge_url(keep.pk, other.pk)).content.decode()

    assert "only one can be open. Resolve it on one of the records first." in html
    assert 'value="Merge into the kept record" class="default" disabled' in html
    forced = client.post(merge_url(keep.pk, other.pk), {"ids": f"{keep.pk},{other.pk}", "keep": keep.pk, "merge": "1"})
    assert forced.status_code == 200 and not Merge.objects.exists()


@pytest.mark.parametrize("role", [EDITOR, VIEWER])
def test_only_reviewers_merge_or_undo(client, role_user, role):
    keep, other = PrisonerFactory(), PrisonerFactory()
    client.force_login(role_user(role))

    assert client.get(merge_url(keep.pk, other.pk)).status_code == 403
    forced = client.post(merge_url(keep.pk, other.pk), {"ids": f"{keep.pk},{other.pk}", "merge": "1"})
    assert forced.status_code == 403
    assert Prisoner.objects.filter(pk=other.pk).exists()
    changelist = client.get(reverse("admin:registry_prisoner_changelist")).content.decode()
    assert "merge_selected" not in changelist


def test_the_log_undoes_a_merge_and_the_people_list_action_opens_the_screen(client, role_user):
    keep, other = PrisonerFactory(), PrisonerFactory()
    client.force_login(role_user(REVIEWER))
    changelist = reverse("admin:registry_prisoner_changelist")

    chosen = client.post(changelist, {"action": "merge_selected", "_selected_action": [other.pk, keep.pk]})
    assert chosen["Location"] == merge_url(keep.pk, other.pk)
    client.post(chosen["Location"], {"ids": f"{keep.pk},{other.pk}", "keep": keep.pk, "merge": "1"})
    merge = Merge.objects.get()
    assert client.get(LOG).status_code == 200

    client.post(LOG, {"action": "undo", "_selected_action": [merge.pk]})

    assert Prisoner.objects.filter(pk=other.pk).exists()
    assert Merge.objects.get().undone_at is not None


def test_the_duplicate_warning_offers_the_merge_screen_to_reviewers(client, role_user):
    known = PrisonerFactory(display_name="Testavy Padvojny", visibility="private")
    PrisonerNameFactory(prisoner=known, full_name="Тэставы Падвойны")
    client.force_login(role_user(REVIEWER))
    add = reverse("admin:registry_prisoner_add")
    data = form_data(client.get(add))
    data.update({"display_name": "Testavy Padvojny", "visibility": "private"})

    page = client.post(add, data, follow=True).content.decode()

    new = Prisoner.objects.exclude(pk=known.pk).get(display_name="Testavy Padvojny")
    assert "Compare and merge" in page
    assert merge_url(new.pk, known.pk).replace("&", "&amp;") in page or merge_url(new.pk, known.pk) in page


def test_bad_input_on_the_merge_screen_gets_a_clear_answer_never_a_500(client, role_user):
    keep, other = PrisonerFactory(), PrisonerFactory()
    client.force_login(role_user(REVIEWER))
    ids = f"{keep.pk},{other.pk}"

    for data in ({"ids": ids, "keep": "abc", "pick_sex": "x"}, {"ids": ids, "keep": "99999999999999999999"}):
        assert client.post(merge_url(keep.pk, other.pk), data).status_code == 200
    for query in ("?ids=abc", "?ids=1", f"?ids={ids},{ids}", "?ids=" + ",".join(["7"] * 9), ""):
        response = client.get(reverse("admin:registry_prisoner_merge") + query)
        assert response.status_code in (200, 302), query
    assert not Merge.objects.exists()
