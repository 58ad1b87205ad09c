"""The per-decree counts PostgreSQL keeps on write equal a recount from the records after random writes by every
kind of statement: pardons recorded, moved and deleted; people's visibility and sex; charges and cases moved between
people; vulnerabilities; an article's "extremism" flag; raw multi-row SQL."""

import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q

from pardons.models import HEALTH_LINES, TALLIED_LINES, Pardon, PardonDecree
from registry.models import Conviction, Prisoner, Sex, Vulnerability, visibility
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


def tallied() -> list[dict]:
    return list(PardonDecree.objects.order_by("pk").with_identified_counts().values("pk", *COLUMNS))


def attempt(write, *args, **fields) -> None:
    try:
        with transaction.atomic():  # a second pardon of one person on one decree is refused: skipped
            write(*args, **fields)
    except IntegrityError:
        pass


def random_writes(rng: random.Random, decrees, articles, rounds: int) -> None:
    for _ in range(rounds):
        people = list(Prisoner.objects.all())
        if len(people) < 3:
            PrisonerFactory()
            continue
        person, other = rng.sample(people, 2)
        choice = rng.randrange(11)
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
        assert Pardon.objects.exists()
        assert tallied() == recount()
