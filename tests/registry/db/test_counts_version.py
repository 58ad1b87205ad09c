"""The counts' version (registry.db.freshness.counts_current): it moves when a write changes a tally (people,
articles, held, held over 60, releases, a decree's identified people, the pardoned), or a region's, article's or
decree's own row (with row 0 of the person versions, so also on a write to any table every page shares), and not on
the edits that change no count — names, notes, events, citations — so the list filters, facets and statistics kept
under it outlive those edits. And the risks' version (freshness.risks_current), which at risk and without contact are
kept under: it also moves on any write to who is held or their vulnerabilities and signs of life."""

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from pardons.models import PardonDecree
from registry import services
from registry.db import freshness, version_triggers
from registry.models import Article, Contact, Custody, Facility, Prisoner, Recognition, Region, Source, Vulnerability
from registry.queries import statistics
from registry.queries.filters import PrisonerFilter
from registry.search import refresh_search_keys
from tests.factories import (
    ArticleFactory,
    ChargeFactory,
    CustodyFactory,
    EventFactory,
    FacilityFactory,
    PardonDecreeFactory,
    PardonFactory,
    PlacementFactory,
    PrisonerFactory,
    PrisonerNameFactory,
    RegionFactory,
    SourceFactory,
)

pytestmark = pytest.mark.django_db


def counts() -> str:
    return freshness.counts_current().key


@pytest.fixture
def person() -> Prisoner:
    person = PrisonerFactory(display_name="Testavy Lichba", region=RegionFactory())
    CustodyFactory(prisoner=person, detained_on=dt.date(2022, 3, 1))
    ChargeFactory(conviction__prisoner=person)
    SourceFactory()  # cited by "a source cited" below
    person.other_region, person.other_article = RegionFactory(), ArticleFactory()
    person.decree = PardonDecreeFactory()
    return person


COUNTED = {
    "a new person": lambda p: PrisonerFactory(),
    "a release": lambda p: services.release(prisoner=p, released_on=dt.date(2024, 1, 2), reason="served"),
    "someone hidden": lambda p: Prisoner.objects.filter(pk=p.pk).update(visibility="private"),
    "someone's sex recorded": lambda p: Prisoner.objects.filter(pk=p.pk).update(sex="female"),
    "someone moved to another region": lambda p: Prisoner.objects.filter(pk=p.pk).update(region=p.other_region),
    "a charge under another article": lambda p: ChargeFactory(conviction=p.convictions.get(), article=p.other_article),
    "someone deleted": lambda p: Prisoner.objects.filter(pk=p.pk).delete(),
    "a detention date corrected": lambda p: Custody.objects.filter(prisoner=p).update(detained_on=dt.date(2022, 4, 1)),
    "a birth date that makes someone held over 60": lambda p: Prisoner.objects.filter(pk=p.pk).update(
        birth_date=dt.date(1950, 1, 1), birth_date_precision="day"
    ),
    "a pardon recorded": lambda p: PardonFactory(prisoner=p, decree=p.decree),
    "a decree's announced total corrected": lambda p: PardonDecree.objects.update(announced_total=21),
    "a new region": lambda p: RegionFactory(),
    "a region renamed": lambda p: Region.objects.update(name_en="Renamed Fictional Region"),
    "an article renamed": lambda p: Article.objects.update(title_en="Renamed test offence"),
}
UNCOUNTED = {
    "a rename": lambda p: Prisoner.objects.filter(pk=p.pk).update(display_name="Testavy Inshy"),
    "a name in another script": lambda p: PrisonerNameFactory(prisoner=p),
    "a biography": lambda p: Prisoner.objects.filter(pk=p.pk).update(biography="Fictional biography."),
    "an event": lambda p: EventFactory(prisoner=p),
    "a source cited": lambda p: p.sources.add(Source.objects.get()),
    "the bench writer's touch": lambda p: Prisoner.objects.filter(pk=p.pk).update(updated_at=dt.datetime.now(dt.UTC)),
}


@pytest.mark.parametrize("write", COUNTED.values(), ids=COUNTED.keys())
def test_a_write_that_changes_a_count_or_a_region_or_article_moves_the_counts_version(person, write):
    before = counts()

    write(person)

    assert counts() != before


@pytest.mark.parametrize("write", UNCOUNTED.values(), ids=UNCOUNTED.keys())
def test_an_edit_that_changes_no_count_leaves_the_counts_version(person, write):
    before, data_version = counts(), freshness.current()

    write(person)

    assert freshness.current() != data_version  # every cache keyed by the data version is recomputed
    assert counts() == before


@pytest.mark.parametrize("tally", version_triggers.COUNTED_TALLIES)
def test_emptying_a_tally_moves_it(person, tally):
    before = counts()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tally}")
    assert counts() != before


def test_a_rehearsal_leaves_it_and_an_apply_that_locks_at_commit_moves_it_then():
    before = counts()
    with pytest.raises(RuntimeError), transaction.atomic():
        freshness.rehearsal()
        PrisonerFactory()
        assert counts() == before
        raise RuntimeError("roll back")
    assert counts() == before

    with transaction.atomic():
        bump = freshness.lock_at_commit()
        PrisonerFactory()
        assert counts() == before
        bump()
    assert counts() != before


def test_a_figure_asked_inside_a_rehearsal_is_not_kept_for_after_it(person):
    # A rehearsal's writes move no version: a figure kept during it would be served, rolled back, as current.
    day = dt.date(2023, 1, 1)
    before = statistics.held_on(day)
    with pytest.raises(RuntimeError), transaction.atomic():
        freshness.rehearsal()
        CustodyFactory(prisoner=PrisonerFactory(), detained_on=dt.date(2022, 1, 1))
        assert statistics.held_on(day) == before + 1
        raise RuntimeError("roll back")

    assert statistics.held_on(day) == before


# The risks' version (freshness.risks_current): at risk and without contact read who is held, their vulnerabilities
# and signs of life besides the tallies.
def risks() -> str:
    return freshness.risks_current().key


RISKY = {
    **COUNTED,
    "a vulnerability recorded": lambda p: Vulnerability.objects.create(prisoner=p, category="disabled"),
    "a letter from them": lambda p: Contact.objects.create(prisoner=p, kind="letter", occurred_on=dt.date(2024, 1, 1)),
    # Held on the same days, by someone else: no tally row changes.
    "a custody period moved to another person": lambda p: Custody.objects.filter(prisoner=p).update(
        prisoner=PrisonerFactory()
    ),
    "someone made anonymous": lambda p: Prisoner.objects.filter(pk=p.pk).update(visibility="anonymous"),
}


@pytest.mark.parametrize("write", RISKY.values(), ids=RISKY.keys())
def test_a_write_to_who_is_held_their_vulnerabilities_or_contact_moves_the_risks_version(person, write):
    before = risks()

    write(person)

    assert risks() != before


@pytest.mark.parametrize("write", UNCOUNTED.values(), ids=UNCOUNTED.keys())
def test_an_edit_that_changes_no_count_leaves_the_risks_version(person, write):
    before = risks()

    write(person)

    assert risks() == before


def test_without_contact_is_kept_through_a_rename_and_counts_a_letter_recorded_after_it(person):
    day = dt.date(2023, 1, 1)
    with CaptureQueriesContext(connection) as first:
        assert statistics.without_contact(day)["unrecorded"] == 1
    Prisoner.objects.filter(pk=person.pk).update(display_name="Testavy Inshy")
    with CaptureQueriesContext(connection) as kept:
        assert statistics.without_contact(day)["unrecorded"] == 1
    assert len(kept) == 1 < len(first)  # the version only

    Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2022, 12, 1))

    assert statistics.without_contact(day)["unrecorded"] == 0


def test_a_letter_leaves_the_counts_version_and_moves_without_contact(person):
    # Letters arrive daily: the list's facets and filters, kept under the counts' version, outlive them.
    day = dt.date(2023, 1, 1)
    assert statistics.without_contact(day)["unrecorded"] == 1
    before = counts()

    Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2022, 12, 1))

    assert counts() == before
    assert statistics.without_contact(day)["unrecorded"] == 0


def test_without_contact_is_counted_again_when_a_custody_period_moves_to_someone_with_no_letters(person):
    # The same days held, so no tally row changes: only the risks' version tells.
    Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2022, 12, 1))
    day = dt.date(2023, 1, 1)
    silent = PrisonerFactory(display_name="Testavy Maŭklivy", region=person.region)
    assert statistics.without_contact(day)["unrecorded"] == 0
    before = counts()

    Custody.objects.filter(prisoner=person).update(prisoner=silent)

    assert counts() == before
    assert statistics.without_contact(day)["unrecorded"] == 1


def test_without_contact_is_counted_again_when_two_held_people_swap_visibility_in_one_statement():
    region, day = RegionFactory(), dt.date(2023, 1, 1)
    hidden, shown = (PrisonerFactory(region=region, visibility=v) for v in ("private", "public"))
    for held in (hidden, shown):
        CustodyFactory(prisoner=held, detained_on=dt.date(2022, 3, 1))
    Contact.objects.create(prisoner=hidden, kind="letter", occurred_on=dt.date(2022, 12, 1))
    assert statistics.without_contact(day)["unrecorded"] == 1
    before = counts()

    with connection.cursor() as cursor:  # the people tally's rows end as they began
        cursor.execute(
            "UPDATE registry_prisoner SET visibility = CASE WHEN id = %s THEN 'public' ELSE 'private' END "
            "WHERE id IN (%s, %s)",
            [hidden.pk, hidden.pk, shown.pk],
        )

    assert counts() == before
    assert statistics.without_contact(day)["unrecorded"] == 0


# The filtered version (freshness.filtered_current): a filtered list's facets and total, when they scan the people,
# are kept under it. It moves on every write but those to what no filter, facet or choice reads.
def filtered() -> str:
    return freshness.filtered_current().key


def renamed(person: Prisoner) -> None:
    Prisoner.objects.filter(pk=person.pk).update(display_name="Fiktyŭny Inshy")
    refresh_search_keys(prisoner=Prisoner.objects.get(pk=person.pk))


FILTERED = {
    **{name: write for name, write in RISKY.items() if name != "a vulnerability recorded"},
    "a rename, with its search keys": renamed,
    "a name in another script": UNCOUNTED["a name in another script"],
    "a detention moved to another year": lambda p: Custody.objects.filter(prisoner=p).update(
        detained_on=dt.date(2021, 6, 1)
    ),
    "someone placed in a facility": lambda p: PlacementFactory(
        custody=p.custody_periods.get(), facility=FacilityFactory(postal_address="Fictional street 3")
    ),
    "a facility's postal address": lambda p: Facility.objects.update(postal_address="Fictional street 1"),
    "a decree redated": lambda p: PardonDecree.objects.update(announced_on=dt.date(2024, 1, 1)),
    "someone recognised": lambda p: Recognition.objects.create(
        prisoner=p, organisation="Fictional Rights Centre", recognised_on=dt.date(2023, 5, 1)
    ),
    "letters closed": lambda p: Prisoner.objects.filter(pk=p.pk).update(letters="closed"),
}
UNFILTERED = {
    "a biography": UNCOUNTED["a biography"],
    # Search reads the keys, which the services rewrite with a name (`renamed` above); the name as shown, no filter.
    "a rename as shown": UNCOUNTED["a rename"],
    "an event": UNCOUNTED["an event"],
    "a source cited": UNCOUNTED["a source cited"],
    "the bench writer's touch": UNCOUNTED["the bench writer's touch"],
    "an occupation": lambda p: Prisoner.objects.filter(pk=p.pk).update(occupation="Fictional teacher"),
    "a source corrected": lambda p: Source.objects.update(title="A corrected fictional source"),
    "a vulnerability recorded": RISKY["a vulnerability recorded"],
}


@pytest.mark.parametrize("write", FILTERED.values(), ids=FILTERED.keys())
def test_a_write_to_what_the_filters_read_moves_the_filtered_version(person, write):
    FacilityFactory()
    before = filtered()

    write(person)

    assert filtered() != before


@pytest.mark.parametrize("write", UNFILTERED.values(), ids=UNFILTERED.keys())
def test_an_edit_no_filter_reads_leaves_the_filtered_version(person, write):
    before, data_version = filtered(), freshness.current()

    write(person)

    assert freshness.current() != data_version
    assert filtered() == before


def test_a_statement_over_many_people_moves_it_without_comparing_their_rows(person):
    many = [PrisonerFactory().pk for _ in range(version_triggers.FILTERED_COMPARED_ROWS)] + [person.pk]
    before = filtered()
    Prisoner.objects.filter(pk__in=many).update(biography="Fictional biography, the same for all.")
    after_biographies = filtered()

    Prisoner.objects.filter(pk__in=many).update(letters="closed")

    assert before != after_biographies != filtered()


SCANNED_FILTERS = [
    {"q": "Testavy"},
    {"detained_year": "2022"},
    {"detained_after": "2022-01-01", "status": "in_custody"},
    {"can_write": "true"},
    {"pardoned_since": "2023-06-01"},
    {"recognised_since": "2023-01-01"},
    {"updated_since": "2000-01-01T00:00:00Z"},
]


def scanned_facets(chosen: dict) -> dict:
    people = PrisonerFilter(chosen, queryset=Prisoner.objects.counted())
    assert people.tallied() is None
    return statistics.facets(people.qs, chosen=None, scanned_under=people.scanned_version)


@pytest.mark.parametrize("write", {**FILTERED, **UNFILTERED}.values(), ids={**FILTERED, **UNFILTERED}.keys())
def test_facets_kept_under_the_filtered_version_are_never_stale(person, write, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 1
    placed = CustodyFactory(prisoner=PrisonerFactory(display_name="Testavy Pismo"), detained_on=dt.date(2022, 5, 1))
    PlacementFactory(custody=placed, facility=FacilityFactory(postal_address="Fictional street 2"))
    Prisoner.objects.update(letters="open")
    for someone in Prisoner.objects.all():
        refresh_search_keys(prisoner=someone)
    for chosen in SCANNED_FILTERS:
        scanned_facets(chosen)  # kept

    write(person)

    kept = [scanned_facets(chosen) for chosen in SCANNED_FILTERS]
    settings.DERIVED_CACHE_ENTRIES = 0
    assert kept == [scanned_facets(chosen) for chosen in SCANNED_FILTERS]


@pytest.mark.parametrize("other", [{}, {"detained_year": "not a year"}], ids=["alone", "beside an invalid filter"])
def test_changed_since_is_kept_under_the_data_version_which_any_edit_moves(other):
    # Any edit moves `updated_at`, biographies and sources included: the filtered version does not follow those.
    chosen = PrisonerFilter({"updated_since": "2000-01-01T00:00:00Z", **other}, queryset=Prisoner.objects.counted())
    assert chosen.scanned_version() == freshness.current()
    by_name = PrisonerFilter({"q": "Testavy"}, queryset=Prisoner.objects.counted())
    assert by_name.scanned_version() == freshness.filtered_current()


def test_facets_and_the_filter_column_outlive_an_edit_no_filter_reads(person, client):
    url = "/prisoners/?detained_year=2022"
    scanned_facets({"detained_year": "2022"})
    client.get(url)

    Source.objects.update(title="A corrected fictional source")

    with CaptureQueriesContext(connection) as kept:
        scanned_facets({"detained_year": "2022"})
    assert len(kept) == 1  # the version only: no scan
    with CaptureQueriesContext(connection) as page:
        client.get(url)
    assert not any("WITH people AS MATERIALIZED" in query["sql"] for query in page.captured_queries)
