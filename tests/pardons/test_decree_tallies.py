"""The per-decree counts and the pardoned people PostgreSQL keeps on write equal a recount from the records after
random writes by every kind of statement: pardons recorded, moved and deleted; decrees redated; people's visibility
and sex; charges and cases moved between people; vulnerabilities; an article's "extremism" flag; raw multi-row SQL."""

import datetime as dt
import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q

from pardons.models import HEALTH_LINES, TALLIED_LINES, Pardon, PardonDecree
from registry.dates import Precision
from registry.models import Conviction, Prisoner, Sex, Vulnerability, visibility
from registry.queries import statistics
from tests.factories import (
    ArticleFactory,
    ChargeFactory,
    ConvictionFactory,
    PardonDecreeFactory,
    PardonFactory,
    PrisonerFactory,
)

pytestmark = pytest.mark.django_db


def recount() -> list[dict]:
    """Every decree's counts as they were computed before the tallies: joins and distinct counts on read."""
    counted, named = visibility.counted("pardons__prisoner"), visibility.published("pardons__prisoner")
    lines = {
        "women": Q(pardons__prisoner__sex=Sex.FEMALE),
        "men": Q(pardons__prisoner__sex=Sex.MALE),
        "extremist": Q(pardons__prisoner__convictions__articles__is_extremism_related=True),
        **{line: Q(pardons__prisoner__vulnerabilities__category=line) for line in HEALTH_LINES},
    }
    rows = PardonDecree.objects.order_by("pk").annotate(
        identified_count=Count("pardons", filter=counted, distinct=True),
        identified_named=Count("pardons", filter=named, distinct=True),
        recorded_count=Count("pardons", distinct=True),
        **{f"identified_{line}": Count("pardons", filter=counted & q, distinct=True) for line, q in lines.items()},
        **{f"named_{line}": Count("pardons", filter=named & q, distinct=True) for line, q in lines.items()},
    )
    return list(rows.values("pk", *COLUMNS))


COLUMNS = ["identified_count", "identified_named", "recorded_count"] + [
    f"{kind}_{line}" for line in TALLIED_LINES for kind in ("identified", "named")
]


SINCE = [dt.date(2023, 1, 1), dt.date(2024, 3, 15), dt.date(2024, 7, 1), dt.date(2024, 12, 31), dt.date(2025, 6, 1)]


def may_be_on_or_after(since: dt.date) -> Q:
    """Decrees whose partial date may fall on or after `since`, spelled out per precision as before the generated
    `announced_until` (an oracle apart from it)."""
    return (
        Q(announced_on__gte=since)
        | Q(announced_on_precision=Precision.YEAR, announced_on__year=since.year)
        | Q(announced_on_precision=Precision.MONTH, announced_on__year=since.year, announced_on__month=since.month)
    )


def people_since_joined() -> list[int]:
    """People identified on decrees since each date, the old way: every pardon since then joined to its person."""
    counts = []
    for since in SINCE:
        decrees = PardonDecree.objects.filter(may_be_on_or_after(since))
        pardons = Pardon.objects.counted().filter(decree__in=decrees.values("pk"))
        counts.append(pardons.values("prisoner").distinct().count())
    return counts


def tallied() -> list[dict]:
    return list(PardonDecree.objects.order_by("pk").with_identified_counts().values("pk", *COLUMNS))


def attempt(write, *args, **fields) -> None:
    try:
        with transaction.atomic():  # a second pardon of one person on one decree is refused: skipped
            write(*args, **fields)
    except IntegrityError:
        pass


# Announcement dates of every precision, around the SINCE dates.
DATES = [
    (dt.date(2024, 7, 1), "day"), (dt.date(2024, 6, 30), "day"), (dt.date(2024, 1, 1), "year"),
    (dt.date(2024, 7, 1), "month"), (dt.date(2024, 3, 1), "month"), (dt.date(2022, 1, 1), "year"),
    (dt.date(2025, 1, 1), "year"), (dt.date(2025, 6, 1), "day"),
]  # fmt: skip


def random_writes(rng: random.Random, decrees, articles, rounds: int) -> None:
    for _ in range(rounds):
        people = list(Prisoner.objects.all())
        if len(people) < 3:
            PrisonerFactory()
            continue
        person, other = rng.sample(people, 2)
        choice = rng.randrange(12)
        if choice == 0:
            PrisonerFactory(
                visibility=rng.choice(["public", "anonymous", "private"]), sex=rng.choice(["", "male", "female"])
            )
        elif choice in (1, 2):
            attempt(PardonFactory, prisoner=person, decree=rng.choice(decrees))
        elif choice == 3 and Pardon.objects.exists():
            pardon = rng.choice(list(Pardon.objects.all()))
            attempt(Pardon.objects.filter(pk=pardon.pk).update, decree=rng.choice(decrees))
        elif choice == 4 and Pardon.objects.exists():
            rng.choice(list(Pardon.objects.all())).delete()
        elif choice == 5:
            person.visibility = rng.choice(["public", "anonymous", "private"])
            person.sex = rng.choice(["", "male", "female"])
            person.save()
        elif choice == 6:
            with connection.cursor() as cursor:  # one raw statement over many people
                cursor.execute(
                    "UPDATE registry_prisoner SET visibility = %s, sex = %s WHERE id %% 3 = %s",
                    [rng.choice(["public", "anonymous"]), rng.choice(["male", "female"]), rng.randrange(3)],
                )
        elif choice == 7:
            ChargeFactory(conviction=ConvictionFactory(prisoner=person), article=rng.choice(articles))
        elif choice == 8 and Conviction.objects.exists():
            # A case moved to another person, as a merge does; or its charges dropped.
            conviction = rng.choice(list(Conviction.objects.all()))
            if rng.random() < 0.5:
                Conviction.objects.filter(pk=conviction.pk).update(prisoner=other)
            else:
                conviction.charges.all().delete()
        elif choice == 9:
            category = rng.choice(sorted(HEALTH_LINES))
            found = Vulnerability.objects.filter(prisoner=person, category=category)
            if found.exists():
                found.delete()
            else:
                Vulnerability.objects.create(prisoner=person, category=category)
        elif choice == 10:
            decree = rng.choice(decrees)
            decree.announced_on, decree.announced_on_precision = rng.choice(DATES)
            decree.save()
        else:
            article = rng.choice(articles)
            article.is_extremism_related = not article.is_extremism_related
            article.save()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_decree_count_equals_a_recount_after_random_writes(seed):
    rng = random.Random(seed)
    decrees = [PardonDecreeFactory() for _ in range(3)]
    articles = [ArticleFactory(is_extremism_related=i == 0) for i in range(3)]
    for decree in decrees:
        PardonFactory(decree=decree, prisoner__sex="female")
    for _ in range(4):
        random_writes(rng, decrees, articles, rounds=30)
        PardonFactory(decree=rng.choice(decrees), prisoner__visibility=rng.choice(["public", "anonymous"]))
        assert tallied() == recount()
        assert [statistics.people_identified_since(since) for since in SINCE] == people_since_joined()
        # With an upper bound past every decree, the same; before some, the join answers (and agrees with itself).
        assert [statistics.people_identified_since(s, dt.date(2030, 1, 1)) for s in SINCE] == people_since_joined()


def test_a_pardoned_person_made_private_leaves_the_people_identified_and_comes_back():
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    pardon = PardonFactory(decree=decree, prisoner__visibility="anonymous")
    assert statistics.people_identified_since(dt.date(2024, 7, 1)) == 1

    Prisoner.objects.filter(pk=pardon.prisoner_id).update(visibility="private")
    assert statistics.people_identified_since(dt.date(2024, 7, 1)) == 0

    pardon.prisoner.visibility = "public"
    pardon.prisoner.save()
    decree.announced_on, decree.announced_on_precision = dt.date(2024, 1, 1), "year"
    decree.save()
    assert statistics.people_identified_since(dt.date(2024, 7, 1)) == 1  # "2024" may be after July
    assert statistics.people_identified_since(dt.date(2025, 1, 1)) == 0


def test_one_statement_pardoning_thousands_is_counted_without_a_lock_per_person():
    decree = PardonDecreeFactory(announced_on=dt.date(2024, 9, 16))
    people = Prisoner.objects.bulk_create(
        Prisoner(display_name=f"Testavy Masavy {n}", visibility="anonymous" if n % 3 else "public") for n in range(1500)
    )
    Pardon.objects.bulk_create(Pardon(decree=decree, prisoner=person, confirmation="reported") for person in people)

    with connection.cursor() as cursor:  # the bulk path: one table lock, not 1,500 in PostgreSQL's lock table
        cursor.execute(
            "SELECT mode FROM pg_locks WHERE pid = pg_backend_pid() AND relation = 'pardons_pardonedperson'::regclass"
        )
        assert "ExclusiveLock" in {row[0] for row in cursor.fetchall()}
    assert statistics.people_identified_since(dt.date(2024, 7, 1)) == people_since_joined()[2] == 1500
    assert tallied() == recount()
