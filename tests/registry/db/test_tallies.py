"""The tallies PostgreSQL keeps on write give every figure a full recount of the records gives, after random writes
by every kind of statement: ORM saves, bulk updates, raw multi-row SQL, moves between people and deletes."""

import datetime as dt
import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import Count

from registry.models import Custody, Prisoner, ReleaseReason, Verification
from registry.queries import statistics
from registry.queries.filters import PrisonerFilter
from tests.factories import ArticleFactory, ChargeFactory, ConvictionFactory, PrisonerFactory, RegionFactory

pytestmark = pytest.mark.django_db

DAYS = [dt.date(2019 + i // 12, i % 12 + 1, 1 + 14 * (i % 2)) for i in range(0, 84, 3)]  # firsts and fifteenths
REASONS = ReleaseReason.values
FILTERS = [{}, {"status": ["in_custody"]}, {"sex": "female"}, {"status": ["released", "in_custody"], "sex": "male"},
           {"verification": ["reported"]}]  # fmt: skip


def recount(regions) -> dict:
    """Every tallied figure, computed the old way: from the people and custody rows themselves."""
    counted, published = Prisoner.objects.counted(), Prisoner.objects.published()
    figures: dict = {}
    for day in DAYS:
        figures[("held", day)] = counted.held_on(day).count()
        figures[("named", day)] = published.held_on(day).count()
        figures[("reported", day)] = counted.held_on(day).filter(verification=Verification.REPORTED).count()
    ended = Custody.objects.counted().filter(released_on__gte=statistics.SINCE_2020)
    by_reason = dict(ended.exclude(release_reason="died").values_list("release_reason").annotate(n=Count("pk")))
    figures["releases"] = {r: by_reason.get(r, 0) for r in ReleaseReason.values if r not in ("", "died")}
    figures["deaths"] = ended.filter(release_reason="died").values("prisoner").distinct().count()
    months = {}
    dated = Custody.objects.counted().filter(released_on__isnull=False, released_on_precision__in=["day", "month"])
    for period in dated:
        key = (period.released_on.replace(day=1), period.release_reason)
        months[key] = months.get(key, 0) + 1
    figures["by_month"] = sorted((m, r, n) for (m, r), n in months.items())
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
    figures["releases"] = statistics.releases_by_reason(statistics.SINCE_2020)
    figures["deaths"] = statistics.deaths_in_custody(statistics.SINCE_2020)
    figures["by_month"] = sorted((r["month"], r["reason"], r["count"]) for r in statistics.releases_by_month())
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


def random_writes(rng: random.Random, regions, articles, rounds: int) -> None:
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

    def attempt(write, **fields) -> None:
        try:
            with transaction.atomic():  # overlapping periods are refused by PostgreSQL: that write is skipped
                write(**fields)
        except IntegrityError:
            pass

    for _ in range(rounds):
        people = list(Prisoner.objects.all())
        choice = rng.randrange(10)
        if choice == 0 or len(people) < 4:
            person = PrisonerFactory(
                visibility=rng.choice(["public", "public", "anonymous", "private"]),
                verification=rng.choice(["reported", "verified"]),
                sex=rng.choice(["", "male", "female"]),
                region=rng.choice([None, *regions]),
                status=rng.choice(["in_custody", "released", "unknown"]),
            )
            attempt(Custody.objects.create, prisoner=person, **period_fields())
        elif choice == 1:
            person = rng.choice(people)
            attempt(Custody.objects.create, prisoner=person, **period_fields())
        elif choice == 2 and Custody.objects.exists():
            period = rng.choice(list(Custody.objects.all()))
            attempt(Custody.objects.filter(pk=period.pk).update, **period_fields())
        elif choice == 3:
            person = rng.choice(people)
            person.visibility = rng.choice(["public", "anonymous", "private"])
            person.verification = rng.choice(["reported", "verified"])
            person.save()
        elif choice == 4:
            # One raw statement over many rows: a region and sex for every third person.
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE registry_prisoner SET region_id = %s, sex = %s WHERE id %% 3 = %s",
                    [rng.choice(regions).pk, rng.choice(["male", "female"]), rng.randrange(3)],
                )
        elif choice == 5:
            ChargeFactory(conviction=ConvictionFactory(prisoner=rng.choice(people)), article=rng.choice(articles))
        elif choice == 6 and Custody.objects.exists():
            # A period moved to another person, as a merge does.
            period, other = rng.choice(list(Custody.objects.all())), rng.choice(people)
            attempt(Custody.objects.filter(pk=period.pk).update, prisoner=other)
        elif choice == 7 and Custody.objects.exists():
            rng.choice(list(Custody.objects.all())).delete()
        elif choice == 8:
            person = rng.choice(people)
            person.custody_periods.all().delete()
            person.delete()
        else:
            Prisoner.objects.filter(pk__in=[p.pk for p in rng.sample(people, 3)]).update(
                status=rng.choice(["in_custody", "released", "died"]), visibility=rng.choice(["public", "anonymous"])
            )


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
