"""Merging duplicate records (registry.merging): everything moves, conflicts stop it, an undo restores all."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection

from pardons.models import Pardon
from registry import services
from registry.merging import merge_prisoners, merge_problems, person_relations, undo_merge
from registry.models import (
    Contact,
    Merge,
    Prisoner,
    PrisonerName,
    PublicationRequest,
    Vulnerability,
)
from registry.search import search_prisoners
from registry.staff.roles import REVIEWER
from tests.factories import (
    ChargeFactory,
    CustodyFactory,
    EventFactory,
    PardonDecreeFactory,
    PardonFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# Compared without their ids: rows rebuilt rather than kept (search keys and words; a person's source links).
WITHOUT_IDS = {"registry_prisonersearchkey", "registry_prisonerword", "registry_prisoner_sources"}


TALLY_COUNTS = {
    "registry_peopletally": "n",
    "registry_articletally": "n",
    "registry_heldtally": "change",
    "registry_heldover60tally": "change",
    "registry_releasetally": "n",
    "registry_releasemonthtally": "n",
    "registry_withoutcontacttally": "change",
}


def database() -> dict[str, list[tuple]]:
    """Every row of every registry and pardons table except history, the merge log itself and the version rows."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
            "AND (table_name LIKE 'registry\\_%' OR table_name LIKE 'pardons\\_%') "
            "AND table_name NOT LIKE '%historical%' "
            "AND table_name NOT IN ('registry_merge', 'registry_dataversion', 'registry_personversion') "
            "AND table_type = 'BASE TABLE'"
        )
        tables = sorted(row[0] for row in cursor.fetchall())
        dump = {}
        for table in tables:
            # A tally row is its key and count: one whose count went back to 0 is no row at all.
            count = TALLY_COUNTS.get(table)
            # A stored document is its person and text: its stamps move with every rebuild.
            columns = "prisoner_id, document" if table == "registry_persondocument" else "*"
            cursor.execute(f"SELECT {columns} FROM {table}" + (f" WHERE {count} <> 0" if count else ""))
            names = [column.name for column in cursor.description]
            rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
            if table in WITHOUT_IDS or count:
                rows = [{k: v for k, v in row.items() if k != "id"} for row in rows]
            dump[table] = sorted((tuple(sorted(row.items(), key=lambda kv: kv[0])) for row in rows), key=repr)
    return dump


@pytest.fixture
def reviewer(role_user):
    return role_user(REVIEWER)


def two_records_of_one_person():
    """The same (fictitious) person entered twice: each record holds part of what is known."""
    keep = PrisonerFactory(display_name="Testavy Dvajny", birth_date=dt.date(1980, 1, 1))
    other = PrisonerFactory(display_name="Testavyj Dvojny", sex="male", occupation="fictional teacher")
    PrisonerNameFactory(prisoner=keep, full_name="Тэставы Двайны", language="be")
    PrisonerNameFactory(prisoner=other, full_name="Тэставы Двойны", language="be")  # a second primary in be
    PrisonerNameFactory(prisoner=other, full_name="Тэставы Двайны", language="be", kind="variant")  # known form
    PrisonerNameFactory(prisoner=other, full_name="Тестовый Двойной", language="ru")
    CustodyFactory(prisoner=keep, detained_on=dt.date(2020, 8, 10))
    services.release(prisoner=keep, released_on=dt.date(2020, 9, 1), reason="served")
    CustodyFactory(prisoner=other, detained_on=dt.date(2021, 5, 14))
    ChargeFactory(conviction__prisoner=other)
    EventFactory(prisoner=other)
    PardonFactory(prisoner=other, decree=PardonDecreeFactory())
    Contact.objects.create(prisoner=other, kind="letter", occurred_on=dt.date(2024, 1, 5))
    Vulnerability.objects.create(prisoner=other, category="chronically_ill")
    shared, theirs = SourceFactory(), SourceFactory()
    keep.sources.add(shared)
    other.sources.add(shared, theirs)
    return keep, other


def test_a_merge_moves_everything_to_the_kept_record_and_the_other_id_redirects(reviewer):
    keep, other = two_records_of_one_person()

    [merge] = merge_prisoners(keep=keep, others=[other], picks={"sex": other.pk, "occupation": other.pk}, by=reviewer)

    assert not Prisoner.objects.filter(pk=other.pk).exists()
    keep.refresh_from_db()
    assert (keep.sex, keep.occupation, keep.birth_date) == ("male", "fictional teacher", dt.date(1980, 1, 1))
    assert (keep.status, keep.custody_periods.count()) == ("in_custody", 2)
    assert keep.convictions.count() == keep.events.count() == keep.pardons.count() == 1
    assert keep.contacts.count() == keep.vulnerabilities.count() == 1
    assert len(keep.article_numbers) == 1  # PostgreSQL's derived numbers followed the case
    assert keep.sources.count() == 2  # the shared source once, and the other record's own
    names = sorted((n.full_name, n.kind) for n in keep.names.all())
    assert names == [("Тестовый Двойной", "primary"), ("Тэставы Двайны", "primary"), ("Тэставы Двойны", "variant")]
    assert list(search_prisoners(Prisoner.objects.all(), "Тестовый Двойной")) == [keep]
    assert Merge.objects.kept_for(other.pk) == keep.pk
    assert (merge.merged_by, merge.merged_name) == (reviewer, "Testavyj Dvojny")
    assert keep.history.first().history_user == reviewer
    assert Pardon.history.filter(prisoner_id=keep.pk, history_user=reviewer).exists()


def test_a_merge_of_two_demo_people_and_its_undo_leave_the_database_exactly_as_before(reviewer):
    call_command("load_demo")

    def rows(person):
        return sum(fk.model._base_manager.filter(**{fk.name: person}).count() for fk in person_relations())

    # Two of the fictitious people with the most attached to them that can be one person.
    people = sorted(Prisoner.objects.filter(is_synthetic=True)[:60], key=rows, reverse=True)
    keep, other = next((a, b) for a in people for b in people if a != b and not merge_problems(keep=a, others=[b]))
    assert rows(keep) > 3 and rows(other) > 3
    before = database()

    [merge] = merge_prisoners(keep=keep, others=[other], picks={"display_name": other.pk}, by=reviewer)
    assert database() != before
    undo_merge(merge=merge, by=reviewer)

    after = database()
    assert {t for t in before if before[t] != after[t]} == set()
    assert Merge.objects.kept_for(other.pk) is None
    merge.refresh_from_db()
    assert merge.undone_by == reviewer


def test_an_undo_gives_back_set_aside_and_renamed_name_forms(reviewer):
    keep, other = two_records_of_one_person()
    forms = sorted(PrisonerName.objects.filter(prisoner=other).values_list("pk", "full_name", "kind"))

    [merge] = merge_prisoners(keep=keep, others=[other], by=reviewer)
    restored = undo_merge(merge=merge, by=reviewer)

    assert restored.pk == other.pk
    assert sorted(PrisonerName.objects.filter(prisoner=other).values_list("pk", "full_name", "kind")) == forms
    assert list(search_prisoners(Prisoner.objects.all(), "Тестовый Двойной")) == [restored]
    assert restored.history.first().history_change_reason.startswith("undid the merge")


@pytest.mark.parametrize(
    ("conflict", "message"),
    [
        ("open custody", "only one can be open. Resolve it on one of the records first"),
        ("overlap", "overlaps another custody period of the same person"),
        ("same decree", "Pardon with this Decree and Prisoner already exists"),
        ("two waiting requests", "already has a request waiting for review"),
    ],
)
def test_what_cannot_be_on_one_person_stops_the_merge_and_says_what_to_resolve(reviewer, role_user, conflict, message):
    keep, other = PrisonerFactory(), PrisonerFactory()
    if conflict == "open custody":
        CustodyFactory(prisoner=keep), CustodyFactory(prisoner=other)
    elif conflict == "overlap":
        CustodyFactory(prisoner=keep, detained_on=dt.date(2020, 1, 1))
        services.release(prisoner=keep, released_on=dt.date(2021, 1, 1), reason="served")
        CustodyFactory(prisoner=other, detained_on=dt.date(2020, 6, 1))
    elif conflict == "same decree":
        decree = PardonDecreeFactory()
        PardonFactory(prisoner=keep, decree=decree), PardonFactory(prisoner=other, decree=decree)
    else:
        for person in (keep, other):
            Prisoner.objects.filter(pk=person.pk).update(visibility="private")
            services.request_visibility(prisoner=Prisoner.objects.get(pk=person.pk), visibility="public", by=reviewer)
    before = database()

    with pytest.raises(ValidationError, match=message):
        merge_prisoners(keep=keep, others=[other], by=reviewer)

    assert database() == before
    assert not Merge.objects.exists()


def test_a_vulnerability_both_records_have_is_kept_once_with_both_notes_and_undone_exactly(reviewer):
    keep, other = PrisonerFactory(), PrisonerFactory()
    Vulnerability.objects.create(prisoner=keep, category="disabled", note="Fictional note A", since=dt.date(2022, 1, 1))
    Vulnerability.objects.create(
        prisoner=other, category="disabled", note="Fictional note B", since=dt.date(2021, 1, 1)
    )
    Vulnerability.objects.create(prisoner=other, category="parent")
    before = database()

    [merge] = merge_prisoners(keep=keep, others=[other], by=reviewer)

    rows = {v.category: v for v in Vulnerability.objects.filter(prisoner=keep)}
    assert set(rows) == {"disabled", "parent"}
    assert rows["disabled"].since == dt.date(2021, 1, 1)
    assert rows["disabled"].note == f"Fictional note A\n\n(from record #{other.pk}) Fictional note B"
    undo_merge(merge=merge, by=reviewer)
    assert database() == before


def test_the_merged_record_is_as_visible_as_the_least_visible_and_publication_is_asked_again(reviewer):
    keep, other = PrisonerFactory(visibility="public"), PrisonerFactory(visibility="anonymous")

    [merge] = merge_prisoners(keep=keep, others=[other], by=reviewer)

    assert Prisoner.objects.get(pk=keep.pk).visibility == "anonymous"
    asked = PublicationRequest.objects.get(prisoner=keep, state="pending")
    assert (asked.to_visibility, asked.requested_by) == ("public", reviewer)
    undo_merge(merge=merge, by=reviewer)
    assert Prisoner.objects.get(pk=keep.pk).visibility == "public"
    assert not PublicationRequest.objects.filter(pk=asked.pk).exists()


def test_several_records_merge_at_once_and_chains_of_merges_are_followed(reviewer):
    a, b, c = PrisonerFactory(), PrisonerFactory(), PrisonerFactory()
    merge_prisoners(keep=b, others=[a], by=reviewer)
    [later] = merge_prisoners(keep=c, others=[b], by=reviewer)

    assert Merge.objects.kept_for(a.pk) == c.pk
    first = Merge.objects.get(merged_id=a.pk)
    with pytest.raises(ValidationError, match=f"was itself merged into #{c.pk} since: undo that merge first"):
        undo_merge(merge=first, by=reviewer)
    undo_merge(merge=later, by=reviewer)
    undo_merge(merge=first, by=reviewer)
    assert Prisoner.objects.filter(pk__in=[a.pk, b.pk, c.pk]).count() == 3

    d, e, f = PrisonerFactory(), PrisonerFactory(), PrisonerFactory()
    merges = merge_prisoners(keep=d, others=[e, f], picks={"display_name": f.pk}, by=reviewer)
    assert [m.merged_id for m in merges] == [e.pk, f.pk]
    assert Prisoner.objects.get(pk=d.pk).display_name == f.display_name


def test_a_fictitious_person_never_merges_with_a_real_one(reviewer):
    with pytest.raises(ValidationError, match="fictitious demo person"):
        merge_prisoners(keep=PrisonerFactory(), others=[PrisonerFactory(is_synthetic=False)], by=reviewer)


def test_a_pick_must_come_from_a_merged_record(reviewer):
    keep, other, stranger = PrisonerFactory(), PrisonerFactory(), PrisonerFactory()
    with pytest.raises(ValidationError, match=f"not #{stranger.pk}"):
        merge_prisoners(keep=keep, others=[other], picks={"display_name": stranger.pk}, by=reviewer)
    with pytest.raises(ValidationError, match="Unknown fields to pick: status"):
        merge_prisoners(keep=keep, others=[other], picks={"status": other.pk}, by=reviewer)


def test_the_command_merges_and_undoes(reviewer):
    keep, other = PrisonerFactory(), PrisonerFactory(display_name="Testavy Zamienny")

    call_command("merge_prisoners", keep.pk, other.pk, "--pick", f"display_name={other.pk}", "--by", reviewer.username)

    assert Prisoner.objects.get(pk=keep.pk).display_name == "Testavy Zamienny"
    merge = Merge.objects.get()
    call_command("merge_prisoners", "--undo", merge.pk, "--by", reviewer.username)
    assert Prisoner.objects.filter(pk=other.pk).exists()
