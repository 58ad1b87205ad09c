"""Per-person versions (registry.models.PersonVersion): a write about one person changes only that person's
version (and every write still changes the data version); a write to what all persons' pages share changes the
shared one. A person's cached profile and their API document's ETag follow exactly these."""

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from pardons.models import BreakdownItem, PardonDecree
from pardons.services import record_pardon
from registry import services
from registry.db import documents, freshness, version_triggers
from registry.models import (
    Article,
    Attachment,
    Contact,
    CriminalCode,
    Facility,
    PersonDocument,
    Prisoner,
    Recognition,
    Region,
    Source,
    Vulnerability,
)
from registry.queries.documents import DETAIL
from registry.queries.profile import PROFILE, READ
from registry.queries.rows import ROWS
from tests.factories import (
    ArticleFactory,
    BreakdownItemFactory,
    ChargeFactory,
    ConvictionFactory,
    CustodyFactory,
    DecreeSeriesFactory,
    EventFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PlacementFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db

# Every table whose rows are each about one person: a write to any other versioned table changes the shared
# version. Listed here so that a change in the classification is seen in review.
PERSON_TABLES = {
    "registry_prisoner", "registry_prisonername", "registry_prisonersearchkey", "registry_prisoner_sources",
    "registry_custody", "registry_custody_sources", "registry_placement",
    "registry_conviction", "registry_conviction_sources", "registry_charge", "registry_event",
    "registry_event_sources", "registry_contact", "registry_vulnerability", "registry_recognition",
    "registry_publicationrequest", "pardons_pardon", "pardons_pardon_sources",
    "registry_source", "registry_attachment",  # about the people citing it (its source)
    "pardons_pardondecree",  # about the people it pardoned
    "registry_facility",  # about the people placed there
}  # fmt: skip


def version(person) -> str:
    return freshness.person_current(person.pk).key


def stamp(person) -> int:
    """Moves each time a write marks the person's stored document to be rebuilt (registry.db.documents)."""
    return PersonDocument.objects.get(prisoner_id=person.pk).stamp


def test_every_versioned_table_is_about_one_person_or_shared_and_carries_its_trigger():
    scoped = {
        t for t in version_triggers.versioned_tables() if version_triggers.person_scope(version_triggers.model_of(t))
    }

    assert scoped == PERSON_TABLES
    assert version_triggers.tables_without_trigger() == []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TRIGGER {version_triggers.SCOPE_TRIGGER}_shared ON registry_region")
    assert version_triggers.tables_without_trigger() == ["registry_region"]


def test_each_kind_of_write_about_a_person_changes_their_version_and_no_one_elses():
    person, bystander = PrisonerFactory(), PrisonerFactory()
    custody = CustodyFactory(prisoner=person, detained_on=dt.date(2020, 1, 1))
    conviction = ConvictionFactory(prisoner=person)
    # What every person's pages share is made first: writing it changes everyone's version.
    source, decree, facility, article = SourceFactory(), PardonDecreeFactory(), FacilityFactory(), ArticleFactory()
    writes = [
        lambda: PrisonerNameFactory(prisoner=person),
        lambda: Prisoner.objects.filter(pk=person.pk).update(occupation="fictional baker"),
        lambda: person.sources.add(source),
        lambda: PlacementFactory(custody=custody, facility=facility),
        lambda: custody.sources.add(source),
        lambda: ChargeFactory(conviction=conviction, article=article),
        lambda: EventFactory(prisoner=person),
        lambda: Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2024, 1, 1)),
        lambda: Vulnerability.objects.create(prisoner=person, category="disabled"),
        lambda: Recognition.objects.create(prisoner=person, organisation="Fictional Group"),
        lambda: services.release(prisoner=person, released_on=dt.date(2021, 1, 1), reason="served"),
        lambda: record_pardon(decree=decree, prisoner=person, confirmation="reported"),
    ]
    for number, write in enumerate(writes):
        before, others = version(person), version(bystander)
        write()
        assert version(person) != before, number
        assert version(bystander) == others, number


def test_a_row_moved_to_another_person_changes_both():
    a, b, bystander = PrisonerFactory(), PrisonerFactory(), PrisonerFactory()
    event = EventFactory(prisoner=a)
    before = version(a), version(b), version(bystander)

    type(event).objects.filter(pk=event.pk).update(prisoner=b)

    after = version(a), version(b), version(bystander)
    assert after[0] != before[0] and after[1] != before[1] and after[2] == before[2]


def test_a_write_to_what_every_page_shares_changes_everyones_version():
    a, b = PrisonerFactory(), PrisonerFactory()
    region, article = RegionFactory(), ArticleFactory()
    for write in (
        lambda: Region.objects.filter(pk=region.pk).update(name_en="Renamed Fictional Region"),
        lambda: Article.objects.filter(pk=article.pk).update(title_be="Выдуманы артыкул"),
        lambda: CriminalCode.objects.filter(pk=article.code_id).update(short_name="CC X"),
        lambda: Region.objects.filter(pk=region.pk).delete(),
    ):
        before = version(a), version(b)
        write()
        assert version(a) != before[0] and version(b) != before[1]


def counts() -> str:
    return freshness.counts_current().key


def test_a_new_region_facility_article_or_decree_moves_the_counts_and_no_persons_version():
    person = PrisonerFactory()
    for number, write in enumerate(
        (
            lambda: RegionFactory(name_en="Another Fictional Region"),
            lambda: FacilityFactory(name_en="Another Fictional Colony"),
            lambda: ArticleFactory(number="999"),
            lambda: PardonDecreeFactory(series=DecreeSeriesFactory()),
        )
    ):
        before = version(person), counts()
        write()
        assert version(person) == before[0], number
        assert counts() != before[1], number


def test_a_decree_corrected_moves_the_versions_of_the_people_it_pardoned_and_the_counts_and_no_one_elses():
    pardoned, bystander = PrisonerFactory(), PrisonerFactory()
    decree = PardonDecreeFactory()
    record_pardon(decree=decree, prisoner=pardoned, confirmation="reported")
    for write in (
        lambda: PardonDecree.objects.filter(pk=decree.pk).update(announced_on=dt.date(2024, 9, 17)),
        lambda: PardonDecree.objects.filter(pk=decree.pk).update(announced_total=25),
    ):
        before = version(pardoned), version(bystander), counts()
        write()
        assert version(pardoned) != before[0]
        assert version(bystander) == before[1]
        assert counts() != before[2]


def test_a_decree_saved_with_only_its_edit_lock_moved_moves_no_version_document_or_count_of_anyone():
    # The admin saves a decree each time staff identify someone on its page (registry.staff.locking).
    pardoned = PrisonerFactory()
    decree = PardonDecreeFactory()
    record_pardon(decree=decree, prisoner=pardoned, confirmation="reported")
    before = version(pardoned), counts(), stamp(pardoned), freshness.current().key, decree.updated_at

    PardonDecree.objects.get(pk=decree.pk).save()

    assert PardonDecree.objects.get(pk=decree.pk).updated_at != before[4]
    assert freshness.current().key != before[3]  # the decree's own pages still read it again
    assert (version(pardoned), counts(), stamp(pardoned)) == before[:3]

    PardonDecree.objects.filter(pk=decree.pk).update(title="Corrected", updated_at=dt.datetime.now(dt.UTC))

    assert version(pardoned) != before[0]
    assert counts() != before[1]
    assert stamp(pardoned) != before[2]


def test_a_kept_profile_shows_its_pardons_decree_corrected(client):
    person, decree = PrisonerFactory(), PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    record_pardon(decree=decree, prisoner=person, confirmation="reported")
    profile = f"/prisoners/{person.pk}/"
    assert "decree announced Sept. 16, 2024" in client.get(profile).content.decode()

    PardonDecree.objects.filter(pk=decree.pk).update(announced_on=dt.date(2024, 10, 2))

    assert "decree announced Oct. 2, 2024" in client.get(profile).content.decode()


def test_a_write_to_what_no_persons_page_reads_moves_the_counts_and_no_persons_version():
    person, decree = PrisonerFactory(), PardonDecreeFactory()
    item = BreakdownItemFactory(decree=decree)
    for number, write in enumerate(
        (
            lambda: BreakdownItemFactory(decree=decree, category="chronically_ill", count=14),
            lambda: BreakdownItem.objects.filter(pk=item.pk).update(count=12),
            lambda: decree.sources.add(SourceFactory()),
            lambda: BreakdownItem.objects.filter(pk=item.pk).delete(),
        )
    ):
        before = version(person), counts()
        write()
        assert version(person) == before[0], number
        assert counts() != before[1], number


def test_no_statement_a_persons_pages_are_made_of_reads_a_table_whose_writes_move_no_persons_version():
    statements = {
        "profile": PROFILE.statement,
        "profile read": READ.statement,
        "stored page": documents.page_sql(),
        "API document": DETAIL.statement,
        "list rows": ROWS.statement,
        "stored document": documents.DOCUMENT,
    }
    for table in version_triggers.NOT_ON_PERSON_PAGES:
        for name, sql in statements.items():
            assert not re.search(rf"\b{table}\b", sql), (name, table)
    # The guard can fail: the profile reads the decrees its pardons name.
    assert re.search(r"\bpardons_pardondecree\b", PROFILE.statement)


def test_a_new_source_moves_no_ones_version_until_it_is_cited_and_then_only_the_citing_persons():
    person, bystander = PrisonerFactory(), PrisonerFactory()
    before = version(person), version(bystander)

    source = SourceFactory(title="A new fictional report")

    assert (version(person), version(bystander)) == before
    person.sources.add(source)
    assert version(person) != before[0] and version(bystander) == before[1]


def test_a_source_corrected_moves_the_versions_and_documents_of_the_people_citing_it_and_no_one_elses():
    by_person, by_pardon, bystander = (PrisonerFactory() for _ in range(3))
    source = SourceFactory(published_on=dt.date(2024, 1, 1))
    by_person.sources.add(source)
    record_pardon(decree=PardonDecreeFactory(), prisoner=by_pardon, confirmation="reported", sources=[source])
    citing = (by_person, by_pardon)
    everyone = (*citing, bystander)

    for number, write in enumerate(
        (
            lambda: Source.objects.filter(pk=source.pk).update(title="Fictional report, corrected"),
            lambda: Source.objects.filter(pk=source.pk).update(published_on=dt.date(2023, 1, 1)),
        )
    ):
        before, others, counted = [version(p) for p in citing], version(bystander), counts()
        documents_before = [stamp(p) for p in everyone]
        write()
        assert all(version(p) != was for p, was in zip(citing, before, strict=True)), number
        assert version(bystander) == others, number
        documents_now = [stamp(p) for p in everyone]
        assert [now == was for now, was in zip(documents_now, documents_before, strict=True)] == [False, False, True]
        assert counts() == counted, number  # nothing counted lists sources

    before = [(version(p), stamp(p)) for p in everyone]
    Source.objects.get(pk=source.pk).save()  # unchanged but for its edit lock
    assert [(version(p), stamp(p)) for p in everyone] == before


def test_a_facility_corrected_moves_the_people_ever_placed_there_and_the_counts_and_no_one_elses():
    colony = FacilityFactory()
    held_now, held_before, bystander = (PrisonerFactory() for _ in range(3))
    PlacementFactory(custody=CustodyFactory(prisoner=held_now), facility=colony)
    earlier = CustodyFactory(prisoner=held_before, released_on=dt.date(2024, 1, 1), release_reason="served")
    PlacementFactory(custody=earlier, facility=colony)
    before, unmoved, counted = [version(p) for p in (held_now, held_before)], version(bystander), counts()

    Facility.objects.filter(pk=colony.pk).update(postal_address="Fictional Street 2")

    assert version(held_now) != before[0] and version(held_before) != before[1]
    assert version(bystander) == unmoved
    assert counts() != counted  # the list's choices name it


def attach(source, *, public: bool = True) -> Attachment:
    paper = SimpleUploadedFile("paper.pdf", b"%PDF-1.4\n% fictional court paper\n%%EOF\n")
    return Attachment.objects.create(source=source, file=paper, is_public=public)


def test_an_evidence_file_moves_the_versions_of_the_people_citing_its_source_and_no_one_elses():
    by_person, by_custody, by_event, bystander = (PrisonerFactory() for _ in range(4))
    source, uncited = SourceFactory(), SourceFactory()
    by_person.sources.add(source)
    CustodyFactory(prisoner=by_custody).sources.add(source)
    EventFactory(prisoner=by_event).sources.add(source)
    citing = (by_person, by_custody, by_event)

    for write in (
        lambda: attach(source, public=False),
        lambda: Attachment.objects.filter(source=source).update(is_public=True),
        lambda: Attachment.objects.filter(source=source).delete(),
    ):
        before, others = [version(p) for p in citing], version(bystander)
        write()
        assert all(version(p) != was for p, was in zip(citing, before, strict=True))
        assert version(bystander) == others

    before = [version(p) for p in (*citing, bystander)]
    attach(uncited)
    assert [version(p) for p in (*citing, bystander)] == before


def test_a_persons_kept_profile_shows_an_evidence_file_added_to_a_source_they_cite(client):
    person = PrisonerFactory(display_name="Testavy Dokaz")
    source = SourceFactory(title="Fictional verdict")
    person.sources.add(source)
    profile = f"/prisoners/{person.pk}/"
    assert "/media/evidence/" not in client.get(profile).content.decode()

    attachment = attach(source)

    assert attachment.file.name.rsplit("/", 1)[-1] in client.get(profile).content.decode()


def test_a_rehearsal_changes_no_version():
    person = PrisonerFactory()
    before = version(person)
    with pytest.raises(RuntimeError), transaction.atomic():
        freshness.rehearsal()
        EventFactory(prisoner=person)
        assert version(person) == before
        raise RuntimeError("roll back")
    assert version(person) == before


def test_a_persons_cached_profile_and_document_etag_survive_a_write_about_someone_else(
    client, django_assert_num_queries
):
    person, other = PrisonerFactory(display_name="Testavy Kesh"), PrisonerFactory()
    document, profile = f"/api/v1/prisoners/{person.pk}/", f"/prisoners/{person.pk}/"
    first = client.get(document)
    client.get(profile)

    EventFactory(prisoner=other)  # the data version moves: lists and statistics are recomputed
    with django_assert_num_queries(1):  # the person's version only: the page from the cache
        again = client.get(profile)
    assert again.status_code == 200
    assert client.get(document)["ETag"] == first["ETag"]

    EventFactory(prisoner=person, description="Fictional cached-away event.")
    assert "Fictional cached-away event." in client.get(document).content.decode()
    assert "Fictional cached-away event." in client.get(profile).content.decode()

    Prisoner.objects.filter(pk=person.pk).update(visibility="private")
    assert client.get(document).status_code == 404
    assert client.get(profile).status_code == 404


def test_a_persons_cached_profile_survives_a_new_source_and_shows_it_once_cited(client, django_assert_num_queries):
    person = PrisonerFactory(display_name="Testavy Krynica")
    profile = f"/prisoners/{person.pk}/"
    client.get(profile)

    source = SourceFactory(title="Fictional report on a new find")
    with django_assert_num_queries(1):  # the person's version only: the page from the cache
        assert client.get(profile).status_code == 200

    person.sources.add(source)
    assert "Fictional report on a new find" in client.get(profile).content.decode()
    Source.objects.filter(pk=source.pk).update(title="Fictional report, corrected")
    assert "Fictional report, corrected" in client.get(profile).content.decode()


def test_a_source_corrected_leaves_the_kept_profile_of_someone_who_does_not_cite_it(client, django_assert_num_queries):
    citing, bystander = PrisonerFactory(display_name="Testavy Citavany"), PrisonerFactory(display_name="Testavy Inshy")
    source = SourceFactory(title="Fictional report")
    citing.sources.add(source)
    profiles = {person: f"/prisoners/{person.pk}/" for person in (citing, bystander)}
    for profile in profiles.values():
        client.get(profile)

    Source.objects.filter(pk=source.pk).update(title="Fictional report, corrected")

    with django_assert_num_queries(1):  # the bystander's version only: the page from the cache
        assert client.get(profiles[bystander]).status_code == 200
    assert "Fictional report, corrected" in client.get(profiles[citing]).content.decode()


def test_a_facility_corrected_shows_on_the_kept_pages_of_those_held_there_and_leaves_everyone_elses(
    client, django_assert_num_queries
):
    colony = FacilityFactory(name_en="Fictional Colony No. 9", postal_address="Fictional Street 1")
    held, bystander = PrisonerFactory(letters="open"), PrisonerFactory()
    PlacementFactory(custody=CustodyFactory(prisoner=held), facility=colony)
    profile, letter_kit, listed = f"/prisoners/{held.pk}/", f"/prisoners/{held.pk}/letter/", "/prisoners/"
    assert "Fictional Street 1" in client.get(profile).content.decode()
    assert "Fictional Street 1" in client.get(letter_kit).content.decode()
    assert "Fictional Colony No. 9" in client.get(listed).content.decode()
    client.get(f"/prisoners/{bystander.pk}/")

    Facility.objects.filter(pk=colony.pk).update(name_en="Fictional Colony No. 10", postal_address="Fictional Street 2")

    with django_assert_num_queries(1):  # the bystander's version only: the page from the cache
        assert client.get(f"/prisoners/{bystander.pk}/").status_code == 200
    assert "Fictional Street 2" in client.get(profile).content.decode()
    assert "Fictional Street 2" in client.get(letter_kit).content.decode()
    assert "Fictional Colony No. 10" in client.get(listed).content.decode()


def test_a_persons_cached_profile_survives_a_new_decree_and_shows_it_once_they_are_pardoned_by_it(
    client, django_assert_num_queries
):
    person = PrisonerFactory(display_name="Testavy Pomilavany")
    profile = f"/prisoners/{person.pk}/"
    client.get(profile)

    decree = PardonDecreeFactory(announced_on=dt.date(2025, 3, 7), announced_total=16)
    BreakdownItemFactory(decree=decree, category="women", count=5)
    with django_assert_num_queries(1):  # the person's version only: the page from the cache
        assert client.get(profile).status_code == 200

    record_pardon(decree=decree, prisoner=person, confirmation="reported")
    assert f"/decrees/{decree.pk}/" in client.get(profile).content.decode()


def test_truncating_a_persons_table_changes_everyones_version():
    person = PrisonerFactory()
    before = version(person)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_contact")
    assert version(person) != before
