"""The tallies PostgreSQL keeps on write give every figure a full recount of the records gives, after random writes
by every kind of statement: ORM saves, bulk updates, raw multi-row SQL, moves between people and deletes."""

import datetime as dt
import importlib
import random

import pytest
from django.db import IntegrityError, connection, transaction

from registry.models import Contact, Custody, Prisoner, ReleaseReason, Verification
from registry.models.contact import SIGNS_OF_LIFE, WITHOUT_CONTACT_DAYS, ContactKind
from registry.models.visibility import anonymous_may_be_counted
from registry.models.vulnerability import over_60
from registry.queries import statistics
from registry.queries.filters import PrisonerFilter
from tests.concurrent_writers import second_writes_while_first_is_open
from tests.factories import ArticleFactory, ChargeFactory, ConvictionFactory, PrisonerFactory, RegionFactory

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2019 + i // 12, i % 12 + 1, 1 + 14 * (i % 2)) for i in range(0, 84, 3)]  # firsts and fifteenths
REASONS = ReleaseReason.values
# Ranges of releases: whole months, cut months at either end, within one month, unbounded.
RANGES = [(dt.date(2020, 1, 1), None), (dt.date(2019, 12, 15), dt.date(2021, 6, 30)), (None, dt.date(2022, 3, 31)),
          (dt.date(2020, 3, 10), dt.date(2020, 3, 20)), (dt.date(2020, 2, 1), dt.date(2023, 1, 14)),
          (dt.date(2021, 4, 15), dt.date(2021, 5, 1)), (dt.date(2020, 4, 10), dt.date(2021, 4, 20)),
          (dt.date(2022, 7, 2), dt.date(2024, 12, 31)), (None, None)]  # fmt: skip
FILTERS = [{}, {"status": ["in_custody"]}, {"sex": "female"}, {"status": ["released", "in_custody"], "sex": "male"},
           {"verification": ["reported"]}]  # fmt: skip


def cells(periods, since: dt.date | None, until: dt.date | None, key) -> dict:
    """Ended custody periods counted per release cell — the month, if the range holds all of it, else the day — and
    reason, a cell's withheld people only when none or enough are in it; then summed per `key(month, reason)`."""
    named, withheld = {}, {}
    for period in periods.select_related("prisoner"):
        day = period.released_on
        first, last = day.replace(day=1), (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        whole = (since is None or since <= first) and (until is None or last - dt.timedelta(days=1) <= until)
        cell = (first if whole else day, period.release_reason)
        counts = named if period.prisoner.visibility == "public" else withheld
        counts[cell] = counts.get(cell, 0) + 1
    summed: dict = {}
    for cell in named.keys() | withheld.keys():
        n = named.get(cell, 0) + (withheld.get(cell, 0) if anonymous_may_be_counted(withheld.get(cell, 0)) else 0)
        summed[key(cell[0].replace(day=1), cell[1])] = summed.get(key(cell[0].replace(day=1), cell[1]), 0) + n
    return summed


def without_contact(day: dt.date) -> dict:
    """People held on a day without contact, counted the old way: each one's last sign of life recorded by then."""
    last: dict[int, dt.date] = {}
    for person, occurred_on in Contact.objects.filter(kind__in=SIGNS_OF_LIFE, occurred_on__lte=day).values_list(
        "prisoner", "occurred_on"
    ):
        last[person] = max(occurred_on, last.get(person, occurred_on))
    counts = {key: {True: 0, False: 0} for key in ["unrecorded", *(f"over_{d}" for d in WITHOUT_CONTACT_DAYS)]}
    held = Prisoner.objects.counted().held_on(day)
    for pk, visibility in held.values_list("pk", "visibility"):
        named = visibility == "public"
        if pk not in last:
            counts["unrecorded"][named] += 1
        for days in WITHOUT_CONTACT_DAYS:
            if pk in last and last[pk] < day - dt.timedelta(days=days):
                counts[f"over_{days}"][named] += 1
    shown = {key: n[True] + n[False] if anonymous_may_be_counted(n[False]) else n[True] for key, n in counts.items()}
    return {"on": day, "held": held.count(), **shown}


def recount(regions) -> dict:
    """Every tallied figure, computed the old way: from the people and custody rows themselves."""
    counted, published = Prisoner.objects.counted(), Prisoner.objects.published()
    figures: dict = {}
    for day in DAYS:
        figures[("held", day)] = counted.held_on(day).count()
        figures[("named", day)] = published.held_on(day).count()
        reported = counted.held_on(day).filter(verification=Verification.REPORTED)
        named, withheld = reported.published().count(), reported.withheld().count()
        figures[("reported", day)] = named + withheld if anonymous_may_be_counted(withheld) else named
        older = over_60(counted.held_on(day), day)
        named, withheld = older.published().count(), older.withheld().count()
        figures[("over_60", day)] = named + withheld if anonymous_may_be_counted(withheld) else named
        figures[("without_contact", day)] = without_contact(day)
    ended = Custody.objects.counted().filter(released_on__gte=statistics.SINCE_2020)
    by_reason = cells(ended, statistics.SINCE_2020, None, lambda month, reason: reason)
    figures["releases"] = {r: by_reason.get(r, 0) for r in ReleaseReason.values if r not in ("", "died")}
    figures["deaths"] = by_reason.get("died", 0)
    for since, until in RANGES:
        ended = Custody.objects.counted().filter(released_on__isnull=False)
        ended = ended.filter(released_on__gte=since) if since else ended
        ended = ended.filter(released_on__lte=until) if until else ended
        by_reason = cells(ended, since, until, lambda month, reason: reason)
        figures[("ended", since, until)] = {
            r: by_reason.get(r, 0) for r in ReleaseReason.values if r not in ("", "died")
        }
        figures[("died", since, until)] = by_reason.get("died", 0)
        months = cells(
            ended.filter(released_on_precision__in=["day", "month"]), since, until, lambda month, r: (month, r)
        )
        figures[("by_month", since, until)] = sorted((m, r, n) for (m, r), n in months.items() if n)
    for i, chosen in enumerate([*FILTERS, {"region": [regions[0].slug]}]):
        for base, named_only in ((counted, False), (published, True)):
            figures[("facets", i, named_only)] = statistics.facets(PrisonerFilter(chosen, queryset=base).qs)
    return figures


def tallied(regions) -> dict:
    """The same figures as the statistics read them now."""
    figures: dict = {}
    for day in DAYS:
        figures[("held", day)] = statistics.held_on(day)
        figures[("named", day)] = statistics.held_named_on(day)
        figures[("reported", day)] = statistics.headline(day)["held_not_yet_verified"]
        figures[("over_60", day)] = statistics.at_risk(day)["over_60"]
        figures[("without_contact", day)] = statistics.without_contact(day)
    figures["releases"] = statistics.releases_by_reason(statistics.SINCE_2020)
    figures["deaths"] = statistics.deaths_in_custody(statistics.SINCE_2020)
    for since, until in RANGES:
        figures[("ended", since, until)] = statistics.releases_by_reason(since or dt.date(1900, 1, 1), until)
        figures[("died", since, until)] = statistics.deaths_in_custody(since or dt.date(1900, 1, 1), until)
        by_month = statistics.releases_by_month(since, until)
        figures[("by_month", since, until)] = sorted((r["month"], r["reason"], r["count"]) for r in by_month)
    for i, chosen in enumerate([*FILTERS, {"region": [regions[0].slug]}]):
        for base, named_only in ((Prisoner.objects.counted(), False), (Prisoner.objects.published(), True)):
            filterset = PrisonerFilter(chosen, queryset=base)
            assert filterset.tallied() is not None
            figures[("facets", i, named_only)] = statistics.facets(
                filterset.qs, chosen=filterset.tallied(), named_only=named_only
            )
    held = statistics.held_over_time(DAYS[0], DAYS[-1])
    assert [row["held"] for row in held] == [statistics.held_on(row["month"]) for row in held]
    return figures


def random_writes(rng: random.Random, regions, articles, rounds: int, kinds=range(17)) -> None:
    def period_fields() -> dict:
        start = rng.choice([None, *DAYS])
        end = rng.choice([None, None, *[d for d in DAYS if start is None or d >= start]])
        return {
            "kind": rng.choice(["detention", "detention", "house_arrest"]),
            "detained_on": start,
            "released_on": end,
            # A date known to the month is kept as its first day (custody_released_on_matches_precision).
            "released_on_precision": rng.choice(["day", "month"]) if end and end.day == 1 else "day",
            "release_reason": rng.choice([r for r in REASONS if r]) if end else "",
        }

    def birth() -> dict:
        """A birth date (or none) that turns 60 within DAYS, known to the day, month or year."""
        precision = rng.choice(["day", "month", "year"])
        born = dt.date(rng.randrange(1955, 1967), rng.randrange(1, 13), rng.choice([1, 15, 28]))
        born = {"day": born, "month": born.replace(day=1), "year": born.replace(month=1, day=1)}[precision]
        return rng.choice([{"birth_date": None}, {"birth_date": born, "birth_date_precision": precision}])

    def contact_fields() -> dict:
        """A sign of life (or a report of none) on a day around a threshold before one of DAYS."""
        back = rng.choice([0, 1, 29, 30, 31, 180, 181, 364, 365, 366, 400, 900])
        kind = rng.choice([*SIGNS_OF_LIFE, ContactKind.NO_CONTACT])
        return {"kind": kind, "occurred_on": rng.choice(DAYS) - dt.timedelta(days=back)}

    def attempt(write, **fields) -> None:
        try:
            with transaction.atomic():  # overlapping periods are refused by PostgreSQL: that write is skipped
                write(**fields)
        except IntegrityError:
            pass

    for _ in range(rounds):
        # In id order, and every choice by position: a seed writes the same whatever ids earlier tests took.
        people = list(Prisoner.objects.order_by("pk"))
        contacts = list(Contact.objects.order_by("pk"))
        choice = rng.choice(kinds)
        if choice == 0 or len(people) < 4:
            person = PrisonerFactory(
                visibility=rng.choice(["public", "public", "anonymous", "private"]),
                verification=rng.choice(["reported", "verified"]),
                sex=rng.choice(["", "male", "female"]),
                region=rng.choice([None, *regions]),
                status=rng.choice(["in_custody", "released", "unknown"]),
                **birth(),
            )
            attempt(Custody.objects.create, prisoner=person, **period_fields())
        elif choice == 1:
            person = rng.choice(people)
            attempt(Custody.objects.create, prisoner=person, **period_fields())
        elif choice == 2 and Custody.objects.exists():
            period = rng.choice(list(Custody.objects.order_by("pk")))
            attempt(Custody.objects.filter(pk=period.pk).update, **period_fields())
        elif choice == 3:
            person = rng.choice(people)
            person.visibility = rng.choice(["public", "anonymous", "private"])
            person.verification = rng.choice(["reported", "verified"])
            person.save()
        elif choice == 4:
            # One raw statement over many rows: a region and sex for every third person.
            third = rng.randrange(3)
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE registry_prisoner SET region_id = %s, sex = %s WHERE id = ANY(%s)",
                    [rng.choice(regions).pk, rng.choice(["male", "female"]), [p.pk for p in people[third::3]]],
                )
        elif choice == 5:
            ChargeFactory(conviction=ConvictionFactory(prisoner=rng.choice(people)), article=rng.choice(articles))
        elif choice == 6 and Custody.objects.exists():
            # A period moved to another person, as a merge does.
            period, other = rng.choice(list(Custody.objects.order_by("pk"))), rng.choice(people)
            attempt(Custody.objects.filter(pk=period.pk).update, prisoner=other)
        # Deletions leave two periods at least: the recount is compared with something to count.
        elif choice == 7 and Custody.objects.count() > 2:
            rng.choice(list(Custody.objects.order_by("pk"))).delete()
        elif choice == 8:
            person = rng.choice(people)
            if Custody.objects.exclude(prisoner=person).count() >= 2:
                person.custody_periods.all().delete()
                person.delete()
        elif choice == 9:
            Prisoner.objects.filter(pk__in=[p.pk for p in rng.sample(people, 3)]).update(
                status=rng.choice(["in_custody", "released", "died"]), visibility=rng.choice(["public", "anonymous"])
            )
        elif choice == 10:
            person = rng.choice(people)
            for field, value in birth().items():
                setattr(person, field, value)
            person.save()
        elif choice == 12:
            Contact.objects.create(prisoner=rng.choice(people), **contact_fields())
        elif choice == 13:
            # Several people's contacts in one statement, as an import writes them.
            Contact.objects.bulk_create(Contact(prisoner=p, **contact_fields()) for p in rng.sample(people, 3))
        elif choice == 14 and contacts:
            Contact.objects.filter(pk=rng.choice(contacts).pk).update(**contact_fields())
        elif choice == 15 and contacts:
            # A contact moved to another person (a merge), or two people's contacts deleted in one statement.
            if rng.random() < 0.5:
                Contact.objects.filter(pk=rng.choice(contacts).pk).update(prisoner=rng.choice(people))
            else:
                Contact.objects.filter(pk__in=[c.pk for c in rng.sample(contacts, min(2, len(contacts)))]).delete()
        elif choice == 16 and contacts:
            rng.choice(contacts).delete()
        else:
            # A birth date for several people in one statement (bulk edits and imports write it so).
            Prisoner.objects.filter(pk__in=[p.pk for p in rng.sample(people, 3)]).update(**birth())


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_tallied_figure_equals_a_recount_after_random_writes(seed, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 2  # so the small-cell rule flips both ways as people come and go
    rng = random.Random(seed)
    regions = [RegionFactory() for _ in range(3)]
    articles = [ArticleFactory() for _ in range(4)]
    for _ in range(4):
        random_writes(rng, regions, articles, rounds=25)
        assert Custody.objects.exists()
        assert tallied(regions) == recount(regions)


# The writes that move the without-contact tally: periods added, changed, moved and deleted, visibility, contacts.
CONTACT_AND_CUSTODY = [1, 2, 3, 6, 7, 9, 12, 12, 13, 14, 15, 16]


@pytest.mark.parametrize("seed", [4, 5])
def test_without_contact_equals_a_recount_after_random_writes_to_many_held_people(seed, settings):
    settings.STATISTICS_MIN_ANONYMOUS = 2
    rng = random.Random(seed)
    regions, articles = [RegionFactory()], [ArticleFactory()]
    for i in range(16):
        person = PrisonerFactory(visibility=["public", "public", "anonymous", "private"][i % 4])
        Custody.objects.create(prisoner=person, detained_on=rng.choice([None, *DAYS[:8]]))
    silences = 0
    for _ in range(4):
        random_writes(rng, regions, articles, rounds=30, kinds=CONTACT_AND_CUSTODY)
        counted = [without_contact(day) for day in DAYS]
        assert [statistics.without_contact(day) for day in DAYS] == counted
        silences += sum(figures["over_365"] for figures in counted)
    assert silences > 0  # the writes left long silences to count


def tally_rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT day, over_days, published, change FROM registry_withoutcontacttally WHERE change <> 0 "
            "ORDER BY day NULLS FIRST, over_days NULLS FIRST, published"
        )
        return cursor.fetchall()


def refilled_tally_rows() -> list[tuple]:
    """The without-contact tally as migration 0052 fills it from the records, in a rolled-back transaction."""
    fill = importlib.import_module("registry.migrations.0052_without_contact_tally").FILL
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM registry_withoutcontacttally")
            cursor.execute(fill)
        rows = tally_rows()
        transaction.set_rollback(True)
    return rows


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_one_persons_contacts_leave_the_without_contact_tally_as_a_recount():
    # Each counts the person as they were and are; the second must see the first's letter, or both letters' days
    # are taken off the silence twice. Without the data-version lock (as in an import's apply), the documents'
    # trigger, which fires first, makes the second statement wait for the first writer's commit.
    person = PrisonerFactory(visibility="public")
    Custody.objects.create(prisoner=person, detained_on=dt.date(2020, 1, 1))

    def letter(day: int):
        return lambda: Contact.objects.create(prisoner_id=person.pk, kind="letter", occurred_on=dt.date(2022, 5, day))

    second_writes_while_first_is_open(letter(1), letter(2))

    assert tally_rows() == refilled_tally_rows()
    day = dt.date(2022, 6, 15)
    assert statistics.without_contact(day) == without_contact(day)


def _custody_from_2020(person):
    return lambda: Custody.objects.create(prisoner_id=person.pk, detained_on=dt.date(2020, 1, 1))


def _made(visibility: str, person):
    return lambda: Prisoner.objects.filter(pk=person.pk).update(visibility=visibility)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("custody_first", [True, False])
@pytest.mark.parametrize(("was", "becomes"), [("private", "public"), ("public", "private")])
def test_a_visibility_change_racing_a_custody_write_leaves_every_tally_as_a_recount(
    custody_first, was, becomes, settings
):
    # Each trigger counts the person as they were and are. If neither write waited for the other, the custody's
    # trigger would count the person at their old visibility and the visibility's without the new period: both
    # commit, and the person is held in no tally (or in one they left). A private person has no document whose
    # row could order them.
    settings.STATISTICS_MIN_ANONYMOUS = 1
    regions = [RegionFactory()]
    person = PrisonerFactory(visibility=was, region=regions[0], birth_date=dt.date(1950, 1, 1))
    Contact.objects.create(prisoner=person, kind="letter", occurred_on=dt.date(2021, 1, 1))
    writes = [_custody_from_2020(person), _made(becomes, person)]

    second_writes_while_first_is_open(*(writes if custody_first else writes[::-1]))

    assert Custody.objects.filter(prisoner=person).exists()
    assert Prisoner.objects.get(pk=person.pk).visibility == becomes
    assert tallied(regions) == recount(regions)
    assert tally_rows() == refilled_tally_rows()


def test_the_tallies_hold_no_private_person():
    region = RegionFactory()
    person = PrisonerFactory(visibility="private", region=region, status="in_custody")
    Custody.objects.create(prisoner=person, detained_on=DAYS[0])
    ChargeFactory(conviction=ConvictionFactory(prisoner=person))

    assert statistics.held_on(DAYS[3]) == 0
    assert statistics.facets(Prisoner.objects.counted(), chosen={})["status"] == {}

    Prisoner.objects.filter(pk=person.pk).update(visibility="anonymous")
    assert statistics.held_on(DAYS[3]) == 1
    assert statistics.held_named_on(DAYS[3]) == 0


def test_the_held_count_as_over_60_from_the_day_they_are_certainly_60_until_released():
    leap = PrisonerFactory(birth_date=dt.date(1964, 2, 29), birth_date_precision="day")  # 60 on 29 February 2024
    year_only = PrisonerFactory(birth_date=dt.date(1963, 1, 1), birth_date_precision="year")  # certainly on 31 Dec
    released_before = PrisonerFactory(birth_date=dt.date(1950, 1, 1), birth_date_precision="year")
    Custody.objects.create(prisoner=leap, detained_on=dt.date(2020, 1, 1))
    Custody.objects.create(
        prisoner=year_only, detained_on=dt.date(2023, 6, 1), released_on=dt.date(2024, 3, 1), release_reason="served"
    )
    Custody.objects.create(
        prisoner=released_before,
        detained_on=dt.date(2000, 1, 1),
        released_on=dt.date(2005, 1, 1),
        release_reason="served",
    )
    Custody.objects.create(prisoner=PrisonerFactory(birth_date=None), detained_on=dt.date(1990, 1, 1))
    days = [  # the days the count changes, and the day before each
        dt.date(2023, 12, 30),
        dt.date(2023, 12, 31),
        dt.date(2024, 2, 28),
        dt.date(2024, 2, 29),
        dt.date(2024, 3, 1),
    ]

    over = [statistics.at_risk(day)["over_60"] for day in days]

    assert over == [0, 1, 1, 2, 1]
    assert over == [over_60(Prisoner.objects.counted().held_on(day), day).count() for day in days]


def test_someone_born_on_29_february_is_60_on_1_march_when_that_year_has_none():
    # 1900 is not a leap year: over_60 reads 29 February 1840 as after the 28th, so the 1st of March it is.
    person = PrisonerFactory(birth_date=dt.date(1840, 2, 29), birth_date_precision="day")
    Custody.objects.create(prisoner=person, detained_on=dt.date(1899, 1, 1))
    days = [dt.date(1900, 2, 28), dt.date(1900, 3, 1)]

    over = [statistics.at_risk(day)["over_60"] for day in days]

    assert over == [0, 1] == [over_60(Prisoner.objects.counted().held_on(day), day).count() for day in days]


def test_releases_over_any_range_count_the_days_of_the_months_it_cuts_and_the_whole_months_between():
    edges = [dt.date(2020, 3, 31), dt.date(2020, 4, 1), dt.date(2020, 4, 10), dt.date(2020, 4, 30), dt.date(2020, 5, 1),
             dt.date(2020, 12, 31), dt.date(2021, 1, 1), dt.date(2021, 2, 15), dt.date(2021, 2, 28)]  # fmt: skip
    for day in edges:
        for reason in ("pardon", "served"):
            person = PrisonerFactory(visibility="public")
            Custody.objects.create(
                prisoner=person, detained_on=dt.date(2019, 1, 1), released_on=day, release_reason=reason
            )

    bounds = [None, *edges, dt.date(2020, 4, 9), dt.date(2020, 4, 11), dt.date(2021, 2, 1)]
    for since in bounds:
        for until in bounds:
            ended = [d for d in edges if (since is None or d >= since) and (until is None or d <= until)]
            by_month = {(d.replace(day=1), r): 0 for d in ended for r in ("pardon", "served")}
            for d in ended:
                for r in ("pardon", "served"):
                    by_month[d.replace(day=1), r] += 1
            expected = [{"month": m, "reason": r, "count": n} for (m, r), n in sorted(by_month.items())]
            assert statistics.releases_by_month(since, until) == expected, (since, until)
            if since:
                assert statistics.releases_by_reason(since, until)["pardon"] == len(ended), (since, until)


def test_no_trigger_tests_each_row_against_a_statements_rows_with_not_in():
    # `x NOT IN (SELECT … FROM new_rows)` is hashed only while the statement's rows fit in work_mem, and past that
    # compares every row with every other: an insert of 370,000 custody periods ran for over 13 minutes (0053).
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT proname FROM pg_proc WHERE proname LIKE 'registry%%' "
            "AND prosrc ~* 'NOT\\s+IN\\s*\\(\\s*SELECT[^)]*\\m(new|old)_rows\\M'"
        )
        assert cursor.fetchall() == []
