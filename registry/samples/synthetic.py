"""Synthetic registry data: obviously fictitious people, cases, custody, contact logs, facilities and pardons.

Used by `load_demo` (a few hundred people, so every page and filter has something to show) and by
the benchmark (`generate_synthetic --prisoners 100000`). The same seed always gives the same data:
one `random.Random(seed)` and fixed dates, never today's date. A run first removes earlier
synthetic rows (flagged `is_synthetic`, and everything hanging off them) and never touches real
records. Rows are written with PostgreSQL COPY — one statement per table, not one save per row —
and foreign keys are checked once per table at the end rather than once per row: 100,000 people
(about 2.2 million rows) took 68 s on an idle 2-core machine (187 s under a load average of 14).
No history rows are written for synthetic data.
COPY bypasses the signal that keeps name-search keys current, so the keys are written here too,
computed by registry.search's own function.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace

from django.db import connection, transaction

from pardons.models import BreakdownCategory, BreakdownItem, Confirmation, Pardon, PardonDecree
from registry import search
from registry.dates import Precision, normalise
from registry.db import documents
from registry.models import (
    Article,
    Charge,
    Contact,
    ContactKind,
    Conviction,
    Custody,
    CustodyKind,
    Event,
    EventKind,
    Facility,
    FacilityKind,
    NameKind,
    Placement,
    Prisoner,
    PrisonerName,
    PrisonerSearchKey,
    Recognition,
    Region,
    ReleaseReason,
    Sex,
    Source,
    Status,
    Verification,
    Visibility,
)
from registry.samples import demo
from registry.samples.bulk import CopyTable, delete_with_dependants, foreign_keys_checked_once, reserve_ids, tables_of
from registry.samples.vocabulary import (
    ARTICLE_WEIGHTS,
    CLOSED_LENGTHS,
    EVENT_KINDS,
    FACILITY_KINDS,
    FEMALE_FIRST_NAMES,
    MALE_FIRST_NAMES,
    OCCUPATIONS,
    OPEN_LENGTHS,
    RELEASE_REASONS,
    RESTRICTED_LENGTHS,
    SURNAME_INFIXES,
    SURNAME_STEMS,
    SURNAME_SUFFIXES,
    transliterate,
)

# Fixed dates so a seed always gives the same registry, whenever it is run.
EARLIEST_DETENTION = dt.date(2020, 8, 1)
AS_OF = dt.date(2025, 11, 1)
FIRST_DECREE = dt.date(2021, 3, 1)

GENERATOR_PUBLISHER = "Synthetic data generator (fictitious)"
RIGHTS_GROUP = "Fictional Rights Group (synthetic)"
CRITERIA = [["a"], ["a", "e"], ["b"], ["c", "e"]]  # of PACE Resolution 1900 (registry.models.recognition)
# Who may write to a synthetic person: most anyone, some only family, a few no one, some not known.
LETTER_CYCLE = ["open", "open", "open", "open", "family", "none", ""]
# Descriptions of synthetic events, in English, Belarusian and Russian (nouns: true of a woman too).
RECOGNISED_TEXT = (
    "Recognised as a political prisoner (fictitious).",
    "Прызнанне палітвязнем (выдумана).",
    "Признание политзаключённым (вымышлено).",
)
EVENT_TEXT = (
    "Fictional event generated for testing; it never happened.",
    "Выдуманая падзея для тэстаў; яе ніколі не было.",
    "Вымышленное событие для тестов; его никогда не было.",
)


# Signs of life staff hear of (and a few reports that nobody does), by how often.
CONTACT_KINDS = [
    (ContactKind.LETTER, 45), (ContactKind.LAWYER_VISIT, 20), (ContactKind.FAMILY_VISIT, 10), (ContactKind.COURT, 10),
    (ContactKind.CALL, 5), (ContactKind.OTHER_SIGN, 3), (ContactKind.NO_CONTACT, 7),
]  # fmt: skip
CONTACT_NOTE = "Synthetic contact log entry (fictitious): it never happened."


def delete_synthetic() -> None:
    """Remove every synthetic row and its dependants; real records are never touched."""
    pardon_decree = connection.ops.quote_name(PardonDecree._meta.db_table)
    with connection.cursor() as cursor:
        # Pardons point at decrees, people and custody with PROTECT, so they go first.
        delete_with_dependants(cursor, Pardon, f"decree_id IN (SELECT id FROM {pardon_decree} WHERE is_synthetic)")
        # …and the demo's fictitious identifications on the seed decree (registry.samples.demo); any other
        # real record pointing at a synthetic person still stops the run.
        prisoner = connection.ops.quote_name(Prisoner._meta.db_table)
        delete_with_dependants(
            cursor,
            Pardon,
            f"prisoner_id IN (SELECT id FROM {prisoner} WHERE is_synthetic) AND notes = '{demo.DEMO_PARDON_NOTE}'",
        )
        delete_with_dependants(cursor, PardonDecree, "is_synthetic")
        delete_with_dependants(cursor, Prisoner, "is_synthetic")
        delete_with_dependants(cursor, Facility, "is_synthetic")
        # Only the generator's own sources: tests and staff may flag other sources synthetic.
        delete_with_dependants(cursor, Source, f"is_synthetic AND publisher = '{GENERATOR_PUBLISHER}'")


@dataclass
class _Period:
    kind: str
    detained: dt.date  # as it happened; `detained_on` below is what is stored
    detained_on: dt.date
    detained_precision: str
    released: dt.date | None = None
    released_on: dt.date | None = None
    released_precision: str = Precision.DAY
    reason: str = ReleaseReason.NOT_RELEASED
    id: int = 0


@dataclass
class _Person:
    sex: str
    first: tuple[str, str, str]
    last: tuple[str, str, str]
    periods: list[_Period] = field(default_factory=list)
    pardon: tuple | None = None  # (decree index, release date or None, confirmed)


class _Generator:
    def __init__(self, *, prisoners: int, seed: int) -> None:
        self.n = prisoners
        self.seed = seed
        self.rng = random.Random(seed)
        # Contacts draw from a stream of their own: adding them kept every other generated value.
        self.contact_rng = random.Random(f"contacts-{seed}")
        self.search_keys = functools.cache(self._search_keys)
        self.regions = list(Region.objects.filter(country="BY").order_by("slug").values_list("pk", "name_en"))
        articles = dict(Article.objects.filter(code__country="BY").values_list("number", "pk"))
        self.articles = [articles[number] for number in ARTICLE_WEIGHTS if number in articles]
        self.article_weights = [w for number, w in ARTICLE_WEIGHTS.items() if number in articles]
        self.surnames = [
            (stem_be + inf_be + s[0], stem_be + inf_be + s[1], stem_ru + inf_ru + s[2], stem_ru + inf_ru + s[3])
            for stem_be, stem_ru in SURNAME_STEMS
            for inf_be, inf_ru in SURNAME_INFIXES
            for s in SURNAME_SUFFIXES
        ]

    # -- small random helpers ------------------------------------------------------------------

    def day_between(self, start: dt.date, end: dt.date) -> dt.date:
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def precision(self, day: float, month: float) -> str:
        r = self.rng.random()
        return Precision.DAY if r < day else Precision.MONTH if r < day + month else Precision.YEAR

    def weighted(self, pairs: Sequence[tuple]) -> object:
        return self.rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]

    def boundaries(self, after: dt.date, last: dt.date, count: int) -> list[dt.date]:
        span = (last - after).days
        offsets = sorted(self.rng.sample(range(1, span + 1), min(count, max(span, 0))))
        return [after + dt.timedelta(days=o) for o in offsets]

    @staticmethod
    def _search_keys(display_name: str | None, full_name: str | None) -> tuple[str, ...]:
        """Search keys of a display name or of one name form, by registry.search's own rule.

        Keys depend on the text alone and names repeat a lot, so each text is keyed once (cached).
        A name form's parts are left out: its full name is "first last" already, so they add no key.
        """
        name = SimpleNamespace(pk=0, full_name=full_name or "", first_name="", patronymic="", last_name="")
        rows = search._keys_for(0, display_name or "", [name] if full_name else [])
        wanted = None if display_name else 0
        return tuple(row.key for row in rows if row.name_id == wanted)

    # -- people ---------------------------------------------------------------------------------

    def person(self) -> _Person:
        rng = self.rng
        r = rng.random()
        sex = Sex.MALE if r < 0.85 else Sex.FEMALE if r < 0.99 else Sex.UNKNOWN
        first = rng.choice(FEMALE_FIRST_NAMES if sex == Sex.FEMALE else MALE_FIRST_NAMES)
        be_m, be_f, ru_m, ru_f = rng.choice(self.surnames)
        be, ru = (be_f, ru_f) if sex == Sex.FEMALE else (be_m, ru_m)
        return _Person(sex=sex, first=first, last=(be, ru, transliterate(be)))

    def days(self, ranges: Sequence[tuple[tuple[int, int], int]]) -> dt.timedelta:
        low, high = self.weighted(ranges)
        return dt.timedelta(days=self.rng.randint(low, high))

    def timeline(self, person: _Person, state: str, pardon_release: dt.date | None, open_before: dt.date | None):
        """Custody periods: 1–3, in order, non-overlapping even after dates are cut to their precision.

        Built backwards from the latest period, with lengths chosen so that about a quarter of all
        people are held at any moment (as in Belarus, ~1,300 held of ~5,000 recognised in 2024).
        """
        rng = self.rng
        k = rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        raw: list[tuple[dt.date, dt.date | None]] = []
        if state in ("held", "restricted"):
            lengths = OPEN_LENGTHS if state == "held" else RESTRICTED_LENGTHS
            raw.append((max(EARLIEST_DETENTION, (open_before or AS_OF) - self.days(lengths)), None))
        else:
            release = pardon_release or self.day_between(EARLIEST_DETENTION + dt.timedelta(days=60), AS_OF)
            raw.append((max(EARLIEST_DETENTION, release - self.days(CLOSED_LENGTHS)), release))
        while len(raw) < k:
            release = raw[-1][0] - dt.timedelta(days=rng.randint(30, 700))
            if release < EARLIEST_DETENTION + dt.timedelta(days=20):
                break
            raw.append((max(EARLIEST_DETENTION, release - self.days(CLOSED_LENGTHS)), release))
        raw.reverse()

        floor = EARLIEST_DETENTION.replace(month=1, day=1)
        periods: list[_Period] = []
        for j, (detained, released) in enumerate(raw):
            precision = self.precision(0.85, 0.12)
            detained_on = normalise(detained, precision)
            if detained_on < floor:  # cut to its month, it would overlap the previous period
                detained_on, precision = detained, Precision.DAY
            period = _Period(CustodyKind.DETENTION, detained, detained_on, precision)
            floor = detained_on
            if released is not None:
                pardoned = pardon_release is not None and j == len(raw) - 1
                precision = Precision.DAY if pardoned else self.precision(0.9, 0.1)
                released_on = normalise(released, precision)
                if released_on < floor:
                    released_on, precision = released, Precision.DAY
                period.released, period.released_on, period.released_precision = released, released_on, precision
                period.reason = self.weighted(RELEASE_REASONS)
                if rng.random() < 0.05:
                    period.kind = CustodyKind.HOUSE_ARREST
                    period.reason = rng.choice([ReleaseReason.SENTENCE_SERVED, ReleaseReason.SENTENCE_CHANGED])
                floor = released_on
            periods.append(period)
        last = periods[-1]
        if state == "restricted":
            last.kind = rng.choice([CustodyKind.HOUSE_ARREST, CustodyKind.RESTRICTED_FREEDOM])
        elif state == "died":
            last.kind, last.reason = CustodyKind.DETENTION, ReleaseReason.DIED
        elif pardon_release:
            last.kind, last.reason = CustodyKind.DETENTION, ReleaseReason.PARDON
        person.periods = periods

    @staticmethod
    def status_of(person: _Person) -> str:
        # By construction, mirroring Prisoner.derive_status (tests check every generated person).
        if not person.periods:
            return Status.UNKNOWN
        last = person.periods[-1]
        if last.released_on is None:
            return Status.IN_CUSTODY if last.kind == CustodyKind.DETENTION else Status.RESTRICTED
        return Status.DIED if last.reason == ReleaseReason.DIED else Status.RELEASED

    # -- the whole registry ---------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        rng = self.rng
        n = self.n
        self.tables = tables = {
            m: CopyTable(m, with_pk=True)
            for m in (Source, Facility, PardonDecree, Prisoner, Custody, Conviction, Event)
        }
        tables[Pardon] = CopyTable(Pardon, with_pk=True)
        tables[PrisonerName] = CopyTable(PrisonerName, with_pk=True)
        tables.update({m: CopyTable(m) for m in (Placement, Charge, BreakdownItem, PrisonerSearchKey, Contact)})
        # Before the people (foreign keys are checked once, at the end): each person's row trigger derives
        # recognised_on/by from these, and a "recognised" person must already have one.
        self.tables = tables = {Recognition: CopyTable(Recognition), **tables}
        self.through = through = {
            m: CopyTable(m.sources.through) for m in (Prisoner, Custody, Conviction, Event, PardonDecree, Pardon)
        }

        # Decide who is where first, so pardoned people's custody ends on their decree's date.
        states = rng.choices(["held", "restricted", "died", "unknown", "released"], weights=[25, 3, 0.5, 1, 70.5], k=n)
        decree_count = max(5, n * 3 // 1000)
        decree_dates = sorted(
            self.day_between(FIRST_DECREE, AS_OF - dt.timedelta(days=10)) for _ in range(decree_count)
        )
        released = [i for i, s in enumerate(states) if s == "released"]
        held = [i for i, s in enumerate(states) if s == "held"]
        rng.shuffle(released)
        rng.shuffle(held)
        pardons: dict[int, tuple] = {}  # person index -> (decree index, release date, confirmed)
        decree_sizes = []
        for d, announced in enumerate(decree_dates):
            size = rng.randint(15, 35)
            decree_sizes.append(size)
            for _ in range(size):
                if rng.random() < 0.05 and held:
                    pardons[held.pop()] = (d, None, False)  # reported, not yet confirmed: still held
                elif released:
                    release = min(announced + dt.timedelta(days=rng.randint(0, 4)), AS_OF)
                    pardons[released.pop()] = (d, release, True)

        people: list[_Person] = []
        for i in range(n):
            person = self.person()
            pardon = pardons.get(i)
            if states[i] != "unknown":
                release = pardon[1] if pardon and pardon[2] else None
                open_before = decree_dates[pardon[0]] if pardon and not pardon[2] else None
                self.timeline(person, states[i], release, open_before)
            person.pardon = pardon
            people.append(person)

        with connection.cursor() as django_cursor:
            cursor = django_cursor.cursor  # psycopg's own cursor, for COPY
            self.ids = ids = {
                m: iter(reserve_ids(cursor, m, count))
                for m, count in (
                    (Source, max(20, n // 20)),
                    (Facility, max(8, min(40, round(n / 2500)))),
                    (PardonDecree, decree_count),
                    (Prisoner, n),
                    (PrisonerName, 3 * n),
                    (Custody, sum(len(p.periods) for p in people)),
                    # At most one conviction per period, two per person; events at most four per person.
                    (Conviction, sum(min(2, len(p.periods)) for p in people)),
                    (Event, 3 * n),
                    (Pardon, len(pardons)),
                )
            }
            self.source_ids = sources = self.sources()
            self.facility_ids = self.facilities()
            decrees = self.decrees(decree_dates)
            women_on_decree = [0] * decree_count
            on_decree = [0] * decree_count
            for i, person in enumerate(people):
                self.write_person(i, person)
                if person.pardon:
                    d, release, confirmed = person.pardon
                    on_decree[d] += 1
                    women_on_decree[d] += person.sex == Sex.FEMALE
                    closed = person.periods[-1] if confirmed else None
                    pardon_pk = next(ids[Pardon])
                    through[Pardon].add(pardon_id=pardon_pk, source_id=rng.choice(sources))
                    tables[Pardon].add(
                        id=pardon_pk,
                        decree_id=decrees[d],
                        prisoner_id=person.id,
                        released_on=release,
                        released_on_precision=Precision.DAY,
                        confirmation=Confirmation.CONFIRMED if confirmed else Confirmation.REPORTED,
                        closed_custody_id=closed.id if closed else None,
                    )
            self.announce(decrees, on_decree, women_on_decree)

            # Referenced tables first: the unique and exclusion constraints are checked row by row.
            counts: dict = {model: table.copy(cursor) for model, table in tables.items()}
            counts["citations"] = sum(table.copy(cursor) for table in through.values())
        return counts

    def sources(self) -> list[int]:
        pks, table = [], self.tables[Source]
        for i, pk in enumerate(self.ids[Source], start=1):
            table.add(
                id=pk,
                title=f"Fictional report No. {i} (synthetic data, seed {self.seed})",
                url=f"https://example.org/synthetic/{self.seed}/report-{i}",
                publisher=GENERATOR_PUBLISHER,
                published_on=self.day_between(EARLIEST_DETENTION, AS_OF),
                excerpt="A fictitious citation generated for demonstration and testing; it reports nothing real.",
                is_synthetic=True,
            )
            pks.append(pk)
        return pks

    def facilities(self) -> dict[str, list[int]]:
        by_kind: dict[str, list[int]] = {}
        table = self.tables[Facility]
        kinds = [k for k in FACILITY_KINDS for _ in range(k[4])]
        for i, pk in enumerate(self.ids[Facility]):
            kind, en, be, ru, _ = kinds[i % len(kinds)] if i >= len(FACILITY_KINDS) else FACILITY_KINDS[i]
            number = str(101 + i)
            region_pk, region_name = self.regions[i % len(self.regions)]
            table.add(
                id=pk,
                kind=kind,
                number=number,
                name_en=f"Fictional {en} No. {number}",
                name_be=f"{be} № {number}",
                name_ru=f"{ru} № {number}",
                city=f"Fictional Town {i + 1}",
                region_id=region_pk,
                postal_address=(
                    f"Fictional Street {number}, Fictional Town {i + 1}, 000{number}, {region_name} "
                    "(synthetic address, do not post)"
                ),
                is_synthetic=True,
            )
            by_kind.setdefault("first" if kind in (FacilityKind.SIZO, FacilityKind.TEMPORARY) else "later", []).append(
                pk
            )
        return by_kind

    def decrees(self, dates: list[dt.date]) -> list[int]:
        pks, table, through = [], self.tables[PardonDecree], self.through[PardonDecree]
        conditions = "Fictional condition: all asked for clemency (synthetic)."
        for i, (pk, announced) in enumerate(zip(self.ids[PardonDecree], dates, strict=False), start=1):
            signed = announced - dt.timedelta(days=self.rng.randint(0, 3)) if self.rng.random() < 0.6 else None
            table.add(
                id=pk,
                announced_on=announced,
                announced_on_precision=Precision.DAY,
                signed_on=signed,
                signed_on_precision=Precision.DAY,
                decree_number=f"SYN-{self.seed}-{i}" if self.rng.random() < 0.7 else "",
                issuing_authority="Fictional Head of State (synthetic)",
                names_disclosed=self.rng.random() < 0.2,
                conditions=conditions if self.rng.random() < 0.5 else "",
                is_synthetic=True,
            )
            for source in self.rng.sample(self.source_ids, 2 if self.rng.random() < 0.3 else 1):
                through.add(pardondecree_id=pk, source_id=source)
            pks.append(pk)
        return pks

    def announce(self, decrees: list[int], identified: list[int], women: list[int]) -> None:
        """The announced totals: at least the identified people, with a breakdown of that total."""
        table, breakdown = self.tables[PardonDecree], self.tables[BreakdownItem]
        title = table.index["title"]
        total_column = table.index["announced_total"]
        for row, pk, known, known_women in zip(table.rows, decrees, identified, women, strict=True):
            total = known + self.rng.randint(0, 12)
            row[total_column] = total
            row[title] = f"Fictional pardon: {total} people (synthetic)"
            breakdown.add(decree_id=pk, category=BreakdownCategory.WOMEN, count=known_women + self.rng.randint(0, 3))
            if self.rng.random() < 0.6:
                breakdown.add(
                    decree_id=pk, category=BreakdownCategory.CHRONICALLY_ILL, count=self.rng.randint(0, total)
                )
            if self.rng.random() < 0.4:
                breakdown.add(decree_id=pk, category=BreakdownCategory.EXTREMIST, count=total)

    def write_person(self, i: int, person: _Person) -> None:
        rng, tables, through, ids, sources = self.rng, self.tables, self.through, self.ids, self.source_ids
        pk = next(ids[Prisoner])
        person.id = pk
        first_be, first_ru, first_en = person.first
        last_be, last_ru, last_en = person.last
        r = rng.random()
        visibility = Visibility.PUBLIC if r < 0.85 else Visibility.ANONYMOUS if r < 0.95 else Visibility.PRIVATE
        birth = None
        birth_precision = self.precision(0.8, 0.05)
        if rng.random() < 0.98:
            birth = normalise(self.day_between(dt.date(1950, 1, 1), dt.date(2004, 12, 31)), birth_precision)
        recognised = None
        if person.periods and rng.random() < 0.9:
            recognised = min(person.periods[0].detained + dt.timedelta(days=rng.randint(10, 120)), AS_OF)
        region = rng.choice(self.regions)[0] if rng.random() < 0.95 else None
        occupation_en, occupation_be, occupation_ru = rng.choice(OCCUPATIONS)
        two_sources = rng.random() < 0.3  # drawn here, in the same order as before, so other values stay
        tables[Prisoner].add(
            id=pk,
            display_name=f"{first_en} {last_en}",
            sex=person.sex,
            birth_date=birth,
            birth_date_precision=birth_precision,
            region_id=region,
            occupation=occupation_en,
            occupation_be=occupation_be,
            occupation_ru=occupation_ru,
            biography=(
                f"Synthetic, fictitious person generated for demonstration and testing (seed {self.seed}, "
                f"no. {i + 1}). Not a real person; any resemblance is coincidental."
            ),
            recognised_on=recognised,
            recognised_on_precision=Precision.DAY,
            recognised_by=RIGHTS_GROUP if recognised else "",
            verification=Verification.RECOGNISED
            if recognised
            else (Verification.VERIFIED if two_sources else Verification.REPORTED),
            # From the number, not the random stream, so adding this kept every other generated value.
            letters=LETTER_CYCLE[i % len(LETTER_CYCLE)],
            visibility=visibility,
            status=self.status_of(person),
            is_synthetic=True,
        )
        for source in rng.sample(sources, 2 if two_sources else 1):
            through[Prisoner].add(prisoner_id=pk, source_id=source)
        keys = tables[PrisonerSearchKey]
        for key in self.search_keys(f"{first_en} {last_en}", None):
            keys.add(prisoner_id=pk, name_id=None, key=key)
        for language, first, last in (("be", first_be, last_be), ("ru", first_ru, last_ru), ("en", first_en, last_en)):
            name_pk = next(ids[PrisonerName])
            full_name = f"{first} {last}"
            tables[PrisonerName].add(
                id=name_pk,
                prisoner_id=pk,
                full_name=full_name,
                first_name=first,
                last_name=last,
                language=language,
                kind=NameKind.PRIMARY,
            )
            for key in self.search_keys(None, full_name):
                keys.add(prisoner_id=pk, name_id=name_pk, key=key)
        convictions = 0
        for period in person.periods:
            period.id = next(ids[Custody])
            tables[Custody].add(
                id=period.id,
                prisoner_id=pk,
                kind=period.kind,
                detained_on=period.detained_on,
                detained_on_precision=period.detained_precision,
                released_on=period.released_on,
                released_on_precision=period.released_precision,
                release_reason=period.reason,
            )
            through[Custody].add(custody_id=period.id, source_id=rng.choice(sources))
            if period.kind == CustodyKind.DETENTION:
                self.placements(period)
            if convictions < 2 and rng.random() < 0.88:
                convictions += 1
                self.conviction(pk, period, charges=rng.randint(1, 3 if convictions == 1 else 2))
        if recognised:
            self.event(pk, EventKind.RECOGNISED, recognised, RECOGNISED_TEXT)
            # Prisoner.recognised_on/by are derived from this row by PostgreSQL.
            tables[Recognition].add(
                prisoner_id=pk, organisation=RIGHTS_GROUP, recognised_on=recognised,
                criteria=CRITERIA[pk % len(CRITERIA)],
            )  # fmt: skip
        for _ in range(rng.choices([0, 1, 2], weights=[45, 40, 15])[0] if person.periods else 0):
            period = rng.choice(person.periods)
            end = period.released or AS_OF
            kind = self.weighted(EVENT_KINDS)
            when = self.day_between(period.detained, end)
            self.event(pk, kind, when, EVENT_TEXT)
        self.contacts(pk, person)

    def contacts(self, prisoner: int, person: _Person) -> None:
        """The contact log of someone ever detained: for 7 in 10, one to four entries from their detentions."""
        rng = self.contact_rng
        periods = [period for period in person.periods if period.kind == CustodyKind.DETENTION]
        if not periods or rng.random() < 0.3:
            return
        for _ in range(rng.randint(1, 4)):
            period = rng.choice(periods)
            # Within the period as stored (a release known to the month is kept as its first day).
            end = min(period.released, period.released_on) if period.released_on else AS_OF
            kind = rng.choices([k for k, _w in CONTACT_KINDS], weights=[w for _k, w in CONTACT_KINDS])[0]
            day = period.detained + dt.timedelta(days=rng.randint(0, max(0, (end - period.detained).days)))
            if day <= end:
                self.tables[Contact].add(prisoner_id=prisoner, kind=kind, occurred_on=day, note=CONTACT_NOTE)

    def placements(self, period: _Period) -> None:
        table, facilities = self.tables[Placement], self.facility_ids
        end = period.released_on or AS_OF
        transfers = self.boundaries(period.detained, end - dt.timedelta(days=1), self.rng.choice([0, 1, 1, 2]))
        arrivals = [(period.detained_on, period.detained_precision), *((d, Precision.DAY) for d in transfers)]
        pool = facilities.get("first") or facilities["later"]
        for j, (arrived, precision) in enumerate(arrivals):
            last = j == len(arrivals) - 1
            left, left_precision = (
                (period.released_on, period.released_precision) if last else (arrivals[j + 1][0], Precision.DAY)
            )
            table.add(
                custody_id=period.id,
                facility_id=self.rng.choice(pool),
                arrived_on=arrived,
                arrived_on_precision=precision,
                left_on=left,
                left_on_precision=left_precision,
            )
            pool = facilities.get("later") or pool

    def conviction(self, prisoner: int, period: _Period, charges: int) -> None:
        rng, tables, through, ids, sources = self.rng, self.tables, self.through, self.ids, self.source_ids
        pk = next(ids[Conviction])
        verdict = min(period.detained + dt.timedelta(days=rng.randint(30, 400)), AS_OF)
        precision = self.precision(0.9, 0.1)
        verdict_on = normalise(verdict, precision)
        life = rng.random() < 0.0005
        house = period.kind != CustodyKind.DETENTION
        appeal = verdict + dt.timedelta(days=rng.randint(20, 120)) if rng.random() < 0.5 else None
        if appeal and appeal > AS_OF:
            appeal = None
        tables[Conviction].add(
            id=pk,
            prisoner_id=prisoner,
            case_number=f"SYN-{self.seed}-{pk}",
            court=f"Fictional District Court No. {rng.randint(1, 60)}",
            judge=f"Judge {rng.choice(self.surnames)[0]} (fictitious)",
            verdict_on=verdict_on,
            verdict_on_precision=precision,
            sentence_kind=rng.choice(["restricted_freedom", "home_confinement"]) if house else "imprisonment",
            sentence_months=None if life else rng.choice([6, 12, 18, 24, 30, 36, 48, 60, 72, 96, 120, 180]),
            life_sentence=life,
            regime="" if house else self.weighted([("general", 55), ("enhanced", 30), ("strict", 10), ("prison", 5)]),
            appeal_on=appeal,
            appeal_on_precision=Precision.DAY,
            appeal_outcome=(self.weighted([("upheld", 90), ("reduced", 8), ("overturned", 2)]) if appeal else ""),
        )
        through[Conviction].add(conviction_id=pk, source_id=rng.choice(sources))
        for article in set(rng.choices(self.articles, weights=self.article_weights, k=charges)):
            tables[Charge].add(conviction_id=pk, article_id=article, part=rng.choice(["1", "1", "2", "3", ""]))

    def event(self, prisoner: int, kind: str, when: dt.date, text: tuple[str, str, str]) -> None:
        pk = next(self.ids[Event])
        en, be, ru = text
        self.tables[Event].add(
            id=pk,
            prisoner_id=prisoner,
            kind=kind,
            occurred_on=when,
            description=en,
            description_be=be,
            description_ru=ru,
        )
        self.through[Event].add(event_id=pk, source_id=self.rng.choice(self.source_ids))


_TOUCHED_MODELS = (
    Recognition,
    Source,
    Facility,
    PardonDecree,
    BreakdownItem,
    Pardon,
    Prisoner,
    PrisonerName,
    PrisonerSearchKey,
    Custody,
    Placement,
    Conviction,
    Charge,
    Event,
    Contact,
)


def generate(*, prisoners: int, seed: int) -> str:
    """Replace the synthetic data with `prisoners` fictitious people made from `seed`; return a report.

    Side effects: deletes earlier synthetic rows (and their dependants), loads the reference data
    (regions, the Belarus Criminal Code articles) if missing, writes the new rows, and ANALYZEs the
    tables. All in one transaction: on any error nothing is changed.
    """
    if prisoners < 1:
        raise ValueError("prisoners must be at least 1")
    started = time.monotonic()
    with transaction.atomic():
        demo.load_reference_data()
        with foreign_keys_checked_once(_TOUCHED_MODELS):
            delete_synthetic()
            counts = _Generator(prisoners=prisoners, seed=seed).run()
    # Fresh statistics, or the planner takes the new tables for empty (and scans the search keys).
    with connection.cursor() as cursor:
        for table in tables_of(_TOUCHED_MODELS):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    # COPY statements touch more people than the triggers build in-statement: build the documents now.
    documents.refresh()
    elapsed = time.monotonic() - started
    return (
        f"{counts[Prisoner]} prisoners, {counts[PrisonerName]} names, {counts[Custody]} custody periods, "
        f"{counts[Placement]} placements, {counts[Conviction]} convictions, {counts[Charge]} charges, "
        f"{counts[Event]} events, {counts[Contact]} contacts, "
        f"{counts[PardonDecree]} decrees with {counts[Pardon]} pardons, "
        f"{counts[Facility]} facilities, {counts[Source]} sources, {counts['citations']} citations in {elapsed:.1f} s"
    )
