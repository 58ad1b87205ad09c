"""Name search: one module used by the site, the API and the admin.

A Belarusian name reaches readers in many spellings: Belarusian and Russian Cyrillic, several Latin
romanisations of each, with or without diacritics, plus typos. Every written name form is turned
into folded keys (`normalise_name`) stored in `PrisonerSearchKey`, their words indexed; a query is
normalised the same way; a name matches when each query word (all but one, from three words on) is
found in it whole, or failing that a word like it (pg_trgm word similarity over the keys' distinct words,
`SearchWord`: typos allowed). Exact and prefix matches rank first.

Normalisation, in order (worked example in README "Name search"):
1. Transliterate Cyrillic by several schemes (Belarusian national/Łacinka, BGN/PCGN, passport/ICAO,
   Russian-based English press); Latin text is taken as it is.
2. Fold: lowercase, č/š/ž to ch/sh/zh, ł to l, strip other diacritics and apostrophes, keep a-z0-9.
3. Collapse spelling variants per word: x→ks, w→v, cz→ch, sz→sh, kh→ch, ts/tz→c, j/y→i,
   doubled letters, ie→e, soft l (lia/lya/lja→la), ou/ov/ow/oŭ (and a-, e-) before a consonant→ov.
4. Given names: a skeleton that is one of the forms of a given name in registry.given_names becomes
   that name's first form (Siarhei = Sergei = Сяргей = Сергей → siarhei).
5. Deduplicate; each distinct result is one key.

Keys stay current without every save path having to remember them: see `registry.signals` for the
saves, `rebuild_search_keys` for bulk inserts and updates (and `manage.py rebuild_search_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable
from functools import lru_cache
from itertools import combinations, pairwise
from typing import NamedTuple

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    F,
    FloatField,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Greatest
from django.db.models.lookups import Lookup

from registry.given_names import GROUPS
from registry.models import Prisoner, PrisonerName, PrisonerSearchKey, PrisonerWord, SearchWord

# --- 1. Transliteration ---------------------------------------------------------------------------

_VOWELS = set("аеёіиоуыэюя")
# Letters that only one of the two languages writes.
_BELARUSIAN_ONLY = set("іў'’")
# Iotated vowels: (after a consonant, elsewhere) per scheme.
_IOTATED = {
    "national": {"е": ("ie", "je"), "ё": ("io", "jo"), "ю": ("iu", "ju"), "я": ("ia", "ja")},
    "bgn_pcgn": {"е": ("e", "ye"), "ё": ("ë", "yo"), "ю": ("yu", "yu"), "я": ("ya", "ya")},
    "icao": {"е": ("e", "e"), "ё": ("e", "e"), "ю": ("iu", "iu"), "я": ("ia", "ia")},
    "press": {"е": ("e", "ye"), "ё": ("yo", "yo"), "ю": ("yu", "yu"), "я": ("ya", "ya")},
}
_COMMON = dict(
    zip("абвдзклмнопрстуф", "abvdzklmnoprstuf", strict=True),
    **{"ґ": "g", "і": "i", "и": "i", "ы": "y", "э": "e", "ъ": "", "'": "", "’": ""},
)
_LETTERS = {
    "national": {"г": "h", "ж": "ž", "й": "j", "ў": "ŭ", "х": "ch", "ц": "c", "ч": "č", "ш": "š", "щ": "šč"},
    "bgn_pcgn": {"г": "h", "ж": "zh", "й": "y", "ў": "w", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    "icao": {"г": "h", "ж": "zh", "й": "i", "ў": "u", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
    "press": {"г": "g", "ж": "zh", "й": "y", "ў": "v", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch"},
}
_SOFT_SIGN = {"national": "", "bgn_pcgn": "ʼ", "icao": "", "press": ""}
SCHEMES = tuple(_LETTERS)
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
# Where a name splits into words before transliteration (folding breaks the rest later).
_WORD_BREAK = re.compile(r"[\s\-‐–—,.;:/()]+")


def _looks_belarusian(text: str) -> bool:
    return bool(_BELARUSIAN_ONLY & set(text.lower()))


def _transliterate(text: str, scheme: str, belarusian: bool | None = None) -> str:
    """One romanisation of Cyrillic `text` (Latin characters pass through)."""
    lower = text.lower()
    if belarusian is None:
        belarusian = _looks_belarusian(lower)
    letters = _LETTERS[scheme]
    out: list[str] = []
    for i, ch in enumerate(lower):
        prev = lower[i - 1] if i else " "
        nxt = lower[i + 1] if i + 1 < len(lower) else " "
        after_consonant = prev.isalpha() and prev not in _VOWELS and prev not in "ьйў"
        if ch in _IOTATED[scheme]:
            soft, plain = _IOTATED[scheme][ch]
            if scheme == "national" and prev == "л":
                out.append(soft[1:])  # Łacinka: ля = la, лю = lu (the l itself is soft)
            else:
                out.append(soft if after_consonant else plain)
        elif ch == "г" and scheme in ("bgn_pcgn", "icao") and not belarusian:
            out.append("g")  # Russian г; the Belarusian one is h
        elif ch == "л" and scheme == "national":
            out.append("l" if nxt in "еёюяіь" else "ł")
        elif ch == "й" and scheme == "press" and prev in "иы" and not nxt.isalpha():
            out.append("")  # press: Тихановский = Tikhanovsky (the и/ы gives the y)
        elif ch == "ь":
            out.append(_SOFT_SIGN[scheme])
        else:
            out.append(letters.get(ch, _COMMON.get(ch, ch)))
    result = "".join(out)
    if scheme == "press":
        result = re.sub(r"[iy](?=\b)", "y", result)  # -ий/-ый endings written -y
    return result


# --- 2. Folding and 3. collapsing -----------------------------------------------------------------

_PRE_FOLD = str.maketrans(
    {
        "č": "ch",
        "š": "sh",
        "ž": "zh",
        "ł": "l",
        "ß": "ss",
        "æ": "ae",
        "œ": "oe",
        "ø": "o",
        "đ": "d",
        "ı": "i",
        # Apostrophes and soft/hard-sign marks are dropped, not turned into word breaks.
        "'": "",
        "’": "",
        "ʼ": "",
        "ʹ": "",
        "`": "",
        "´": "",
        "ˮ": "",
        '"': "",
    }
)
_COLLAPSE = [
    (re.compile(r"x"), "ks"),
    (re.compile(r"w"), "v"),
    (re.compile(r"cz"), "ch"),  # Polish spellings
    (re.compile(r"sz"), "sh"),
    (re.compile(r"kh"), "ch"),  # х: kh (English), ch (Łacinka)
    (re.compile(r"t[sz]"), "c"),  # ц: ts (English), c (Łacinka)
    (re.compile(r"[jy]"), "i"),  # й, ы and the glide of я/е/ё/ю: j, y or i
    (re.compile(r"(.)\1+"), r"\1"),  # -ii/-iy/-yi endings, doubled consonants
    (re.compile(r"ie"), "e"),  # Belarusian е: ie/je/ye/e
    (re.compile(r"li(?=[aeou])"), "l"),  # Łacinka soft l: la = lia = lya = lja
    (re.compile(r"([aeo])[uv](?=[^aeiou]|$)"), r"\1v"),  # ў: ou/ov/ow/oŭ
    (re.compile(r"(.)\1+"), r"\1"),
]


def fold(text: str) -> str:
    """Lowercase Latin without diacritics; anything but a-z and 0-9 becomes a word break."""
    text = text.lower().translate(_PRE_FOLD)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text).split())


def collapse(folded: str) -> str:
    """Collapse spelling variants of each word of folded text to one skeleton."""
    words = []
    for word in folded.split():
        for pattern, replacement in _COLLAPSE:
            word = pattern.sub(replacement, word)
        words.append(word)
    return " ".join(words)


def _skeleton(word: str, scheme: str | None, belarusian: bool) -> str:
    return collapse(fold(_transliterate(word, scheme, belarusian) if scheme else word))


@lru_cache(maxsize=1)
def given_name_forms() -> dict[str, str]:
    """Skeleton of every written form in registry.given_names → the skeleton of its group's first form."""
    forms: dict[str, str] = {}
    for group in GROUPS:
        canonical = _skeleton(group[0].lower(), "national" if _CYRILLIC.search(group[0]) else None, True)
        for written in group:
            cyrillic = bool(_CYRILLIC.search(written))
            for scheme in SCHEMES if cyrillic else (None,):
                for belarusian in (True, False) if cyrillic else (False,):
                    skeleton = _skeleton(written.lower(), scheme, belarusian)
                    if forms.setdefault(skeleton, canonical) != canonical:
                        raise ValueError(f"{written!r} folds to {skeleton!r}, already a form of {forms[skeleton]!r}")
    return forms


@lru_cache(maxsize=1)
def given_names() -> frozenset[str]:
    """The first forms of the given names: what a word of a key is when it is a known given name."""
    return frozenset(given_name_forms().values())


@lru_cache(maxsize=100_000)
def _word_key(word: str, scheme: str | None, belarusian: bool) -> str:
    # Per word and cached: first names and common surnames repeat, which makes bulk rebuilds fast.
    skeleton = _skeleton(word, scheme, belarusian)
    return given_name_forms().get(skeleton, skeleton)


def normalise_name(text: str) -> list[str]:
    """The folded keys of one written name form, one per distinct transliteration (usually 1-2).

    Latin text gives one key; Cyrillic text gives the keys of each scheme in SCHEMES after folding
    and collapsing (most coincide, e.g. Бяляцкі → ['bialacki']; Сяргей → ['siarhei', 'siargei']).
    """
    words = _WORD_BREAK.split(text.lower())
    schemes = SCHEMES if _CYRILLIC.search(text) else (None,)
    belarusian = _looks_belarusian(text)
    keys: list[str] = []
    for scheme in schemes:
        key = " ".join(k for k in (_word_key(word, scheme, belarusian) for word in words) if k)
        if key and key not in keys:
            keys.append(key)
    return keys


def normalisation_steps(text: str) -> list[tuple[str, str]]:
    """Each intermediate form of `text`, for documentation and debugging: (step, value)."""
    steps: list[tuple[str, str]] = [("written", text)]
    forms = [(s, _transliterate(text, s)) for s in SCHEMES] if _CYRILLIC.search(text) else [("latin", text)]
    for scheme, form in forms:
        folded = fold(form)
        steps += [(f"{scheme}: transliterated", form), (f"{scheme}: folded", folded)]
        word = folded
        for pattern, replacement in _COLLAPSE:
            new = " ".join(pattern.sub(replacement, w) for w in word.split())
            if new != word:
                steps.append((f"{scheme}: {pattern.pattern} → {replacement}", new))
            word = new
        named = " ".join(given_name_forms().get(w, w) for w in word.split())
        if named != word:
            steps.append((f"{scheme}: given names (registry.given_names)", named))
    steps.append(("keys", ", ".join(normalise_name(text))))
    return steps


# --- Stored keys ----------------------------------------------------------------------------------


def _name_texts(name: PrisonerName) -> list[str]:
    """The texts of one name form worth a key: as written, and built from its parts."""
    texts = [name.full_name]
    if name.first_name and name.last_name:
        texts.append(f"{name.first_name} {name.last_name}")
        if name.patronymic:
            texts.append(f"{name.first_name} {name.patronymic} {name.last_name}")
    return texts


def _keys_for(prisoner_id: int, display_name: str, names: Iterable[PrisonerName]) -> list[PrisonerSearchKey]:
    rows: dict[tuple[int | None, str], PrisonerSearchKey] = {}
    sources: list[tuple[int | None, str]] = [(None, display_name)]
    sources += [(name.pk, text) for name in names for text in _name_texts(name)]
    for name_id, text in sources:
        for key in normalise_name(text):
            key = key[:300]
            if (name_id, key) not in rows:
                rows[name_id, key] = PrisonerSearchKey(prisoner_id=prisoner_id, name_id=name_id, key=key)
    return list(rows.values())


@transaction.atomic
def refresh_search_keys(*, prisoner: Prisoner) -> int:
    """Rewrite one person's keys from their display name and name forms. Returns rows written.

    Side effects: deletes and recreates that person's PrisonerSearchKey rows.
    """
    return rebuild_search_keys([prisoner.pk])


def rebuild_search_keys(prisoner_ids: Iterable[int] | None = None, *, batch_size: int = 2000) -> int:
    """Rewrite the keys of the given people (everyone when None); for bulk inserts and updates.

    Returns the number of key rows written. Runs in batches, each one transaction, so a rebuild of
    the whole registry neither holds one huge transaction nor leaves a person half-keyed.
    """
    if prisoner_ids is None:
        ids = list(Prisoner.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(prisoner_ids))
    written = 0
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        with transaction.atomic():
            names: dict[int, list[PrisonerName]] = {}
            name_ids: list[int] = []
            for name in PrisonerName.objects.filter(prisoner_id__in=batch).order_by("pk"):
                names.setdefault(name.prisoner_id, []).append(name)
                name_ids.append(name.pk)
            rows = []
            for pk, display_name in Prisoner.objects.filter(pk__in=batch).values_list("pk", "display_name"):
                rows += _keys_for(pk, display_name, names.get(pk, []))
            # Also the rows of a name that moved here from another person since it was keyed.
            PrisonerSearchKey.objects.filter(Q(prisoner_id__in=batch) | Q(name_id__in=name_ids)).delete()
            PrisonerSearchKey.objects.bulk_create(rows, batch_size=5000)
            written += len(rows)
    return written


# --- Querying -------------------------------------------------------------------------------------

# How many keys of a query are tried (a Cyrillic query gives up to one per scheme, usually 1-2).
MAX_QUERY_KEYS = 4
# Words of a query beyond these are ignored (a name rarely has more).
MAX_QUERY_WORDS = 4
# Shorter words are not taken for a misspelt given name (too many are one letter from another name).
TYPO_MIN_LENGTH = 4
# Subtracted from the rank of a match found only with a given name corrected.
CORRECTION_PENALTY = 0.5
# Rank tiers added to the similarity (0..1), so that they always sort first. Written into the SQL function that
# scores a key (registry_name_score, migration 0044); tests/registry/test_search.py ranks with these against it.
EXACT_BONUS = 2.0  # every word of the query is a whole word of the name (any order)
PREFIX_BONUS = 1.0  # the query starts the name or one of its words (typing in progress)
# Typos allowed, a misspelt word can match thousands of keys ("uzorich": every Uzor- name): only the keys most like
# the query are ranked, so the cost does not grow with how many people share a surname's stem.
FUZZY_CANDIDATES = 3000
# A misspelt word stands for the vocabulary's words most like it, at most this many: a stem that many surnames
# share ("uzornan": 136 words in the 100,000-person bench) otherwise makes every one of them, and all their
# people, candidates. One typo keeps the intended word among the closest few (README "Name search").
SIMILAR_WORDS = 20
# Scores (floats) are kept as integers this many times larger (search_prisoners' `rank_key`).
RANK_SCALE = 1_000_000
# More people than this holding a one-word query whole (a given name alone, a common surname) are a crowd: ranked
# from their stored words (PrisonerWord), where ranking each of their keys costs what the crowd's size does (4,400
# Ivans: 100 ms in the 100,000-person bench). Only they are listed: people whose name merely starts with the word
# rank below every one of them.
CROWD = 100
# A possible duplicate matches at least this well: every word in any spelling or script (exact tier),
# a prefix, or a typo or two (Tsikhanouski/Tsikhanouksi); not merely a shared first name.
DUPLICATE_MIN_RANK = 0.8


def query_keys(query: str) -> list[str]:
    """The keys a query is matched by; empty for a query with nothing searchable in it."""
    return normalise_name(query[:200])[:MAX_QUERY_KEYS]


def corrected_keys(keys: list[str]) -> list[str]:
    """The query's keys with their misspelt given names corrected ("mkihail" → Mikhail's first form), so
    that the rest of the query is matched whole rather than by the trigrams of a common stem."""
    corrected = []
    for key in keys:
        fixed = " ".join(_given_name_near(word) or word for word in key.split())
        if fixed not in keys and fixed not in corrected:
            corrected.append(fixed)
    return corrected


def respaced_keys(query: str) -> list[str]:
    """The keys of the query with a space moved one letter left or right, where that makes a known given name
    of one of the two words beside it and neither was one ("Anto Nzubar" → Anton Zubar, "Ivanz Ubar" → Ivan
    Zubar): a slip of the thumb that leaves both words misspelt, so that typos alone would match crowds."""
    words = query[:200].split()[:MAX_QUERY_WORDS]
    keys: list[str] = []
    for i, (left, right) in enumerate(pairwise(words)):
        if _is_given_name(left) or _is_given_name(right):
            continue
        for new_left, new_right in ((left + right[:1], right[1:]), (left[:-1], left[-1:] + right)):
            if new_left and new_right and (_is_given_name(new_left) or _is_given_name(new_right)):
                keys += query_keys(" ".join([*words[:i], new_left, new_right, *words[i + 2 :]]))
    return list(dict.fromkeys(keys))


def _is_given_name(word: str) -> bool:
    return any(key in given_names() for key in normalise_name(word))


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


@lru_cache(maxsize=1)
def _given_name_neighbours() -> dict[str, set[str]]:
    """Each given name's skeleton and its one-letter deletions → the names (first forms) they come from."""
    near: dict[str, set[str]] = {}
    for form, canonical in given_name_forms().items():
        for variant in {form} | _deletions(form):
            near.setdefault(variant, set()).add(canonical)
    return near


@lru_cache(maxsize=10_000)
def _given_name_near(word: str) -> str | None:
    """The given name (first form) a word is one typo from — a letter wrong, missing or extra, or two
    swapped: they share a one-letter deletion — if exactly one; None for short words and known forms."""
    if len(word) < TYPO_MIN_LENGTH or word in given_name_forms():
        return None
    near = _given_name_neighbours()
    found = set().union(*(near.get(variant, set()) for variant in {word} | _deletions(word)))
    return found.pop() if len(found) == 1 else None


class _Rank(Func):
    """A person's rank: the best score over their stored keys and the query keys (a corrected key's a little lower:
    the name as typed comes first), times RANK_SCALE as an integer. Similarity (0..1) plus a bonus per tier: the
    whole name as typed, every query word a whole word of the key, the key or one of its words starting with the
    query — one key's score is the SQL function `registry_name_score` (migration 0044), which also ranks the words
    PrisonerWord keeps for one-word searches.

    Written as SQL here rather than built from ORM expressions: resolving and compiling a subquery and a tree of
    functions and cases for every query key cost more than the database spent ranking."""

    output_field = IntegerField()

    def __init__(self, typed: Iterable[str], corrected: Iterable[str]) -> None:
        super().__init__(F("pk"))
        self.typed, self.corrected = list(typed), list(corrected)

    def as_sql(self, compiler, connection, **extra):
        person, person_params = compiler.compile(self.source_expressions[0])
        assert not person_params, "the person is a column"
        scores = [
            f"registry_name_score(k.key, k.words, %s, {CORRECTION_PENALTY if qk in self.corrected else 0.0})"
            for qk in self.typed + self.corrected
        ]
        table = PrisonerSearchKey._meta.db_table
        best = f"max(GREATEST({', '.join(scores)})) * {RANK_SCALE}"
        return f"(SELECT ({best})::integer FROM {table} k WHERE k.prisoner_id = {person})", self.typed + self.corrected


def _word_sets(keys: list[str]) -> list[tuple[str, ...]]:
    """The sets of query words a stored key must hold: every word of a query key, or all but one from
    three words on (a patronymic or second surname the registry does not hold still finds the person).
    Initials are left out; words beyond MAX_QUERY_WORDS are ignored."""
    sets: list[tuple[str, ...]] = []
    for qk in keys:
        words = [w for w in qk.split() if len(w) > 1] or qk.split()
        words = words[:MAX_QUERY_WORDS]
        need = len(words) if len(words) <= 2 else len(words) - 1
        sets += [chosen for chosen in combinations(words, need) if chosen not in sets]
    return sets


class _Like(NamedTuple):
    """A condition of `_Holding`: the key has a word like one of `words`, typos allowed."""

    words: tuple[str, ...]


class _Holding(Func):
    """Key rows whose words meet one of `alternatives`, each a list of conditions that must all hold. A condition
    is one `words @@ query` on the words GIN index: a text-search query (a word whole, `'ivan'`, or the start of
    one, `'zubar':*`), or `_Like`: any word of the keys among the SIMILAR_WORDS most like one of some words, of
    those pg_trgm's `%>` finds (word similarity at least the connection's threshold) in the vocabulary, SearchWord,
    where each distinct word is compared once, not once per key of everyone who shares it (NULL, matching nothing,
    when no word is like them). Only words a person of `searched` holds compete for those places: hidden people's
    names (words near a public one's) would otherwise take them, and a public person then went unfound — and
    whether they were found told a reader which hidden names exist.

    One condition per word: GIN then skips through a common given name's long list by the rare surname's, where
    one query `'ivan' & 'zubar':*` walked all of it (0.75 → 0.16 ms for a name 17,000 keys share), and intersects
    typo lookups, where one query of them all was 4× slower. The vocabulary is read in the statement, not fetched
    first: the SQL is then the same whatever names hidden people have. Written as SQL here: building it from Q
    objects and expressions, per word, cost more than running it. Query words are folded: only a-z and 0-9."""

    output_field = BooleanField()

    def __init__(self, alternatives: list[list[str | _Like]], searched: QuerySet[Prisoner]) -> None:
        super().__init__(F("words"))
        self.alternatives, self.searched = alternatives, searched

    def as_sql(self, compiler, connection, **extra):
        words, words_params = compiler.compile(self.source_expressions[0])
        assert not words_params, "the words are a column"
        alternatives, params = [], []
        for conditions in self.alternatives:
            every = []
            for condition in conditions:
                if isinstance(condition, _Like):
                    like = " OR ".join(["v.word %%> %s"] * len(condition.words))
                    likeness = ", ".join(["similarity(v.word, %s)"] * len(condition.words))
                    searched, searched_params = self._searched_sql(connection)
                    held = (
                        f"EXISTS (SELECT 1 FROM {PrisonerWord._meta.db_table} w"
                        f" WHERE w.word = v.word AND EXISTS ({searched}))"
                    )
                    closest = (
                        f"SELECT v.word FROM {SearchWord._meta.db_table} v WHERE ({like}) AND {held}"
                        f" ORDER BY GREATEST({likeness}) DESC, v.word LIMIT {SIMILAR_WORDS}"
                    )
                    agreed = "to_tsquery('simple', string_agg(quote_literal(c.word), ' | '))"
                    every.append(f"{words} @@ (SELECT {agreed} FROM ({closest}) c)")
                    params += [*condition.words, *searched_params, *condition.words]
                else:
                    every.append(f"{words} @@ to_tsquery('simple', %s)")
                    params.append(condition)
            alternatives.append(f"({' AND '.join(every)})")
        return f"({' OR '.join(alternatives) or 'FALSE'})", params

    def _searched_sql(self, connection) -> tuple[str, tuple]:
        """Whether the person of a word row (`w`) is one of `searched`: the queryset's own conditions, on one id."""
        one = self.searched.filter(pk=RawSQL("w.prisoner_id", ())).order_by().values("pk")
        return one.query.get_compiler(connection=connection).as_sql()


def _whole(word: str) -> str:
    return f"'{word}'"


class Searched(NamedTuple):
    """What a query is matched by, worked out once: its keys, and the conditions on stored keys of each of
    search_prisoners' answers in turn. Every string in it comes from the query (registry.queries.searches compiles
    its statement from one with a marker in place of each string)."""

    typed: tuple[str, ...]
    corrected: tuple[str, ...]  # a given name corrected or a space moved: ranked a little lower
    one_word: bool  # one word, as typed: maybe a crowd
    whole: tuple[tuple[str, ...], ...]  # every word of a set whole, the last maybe unfinished
    similar: tuple[tuple[str | _Like, ...], ...]  # every word of a set, typos allowed
    surnames: tuple[str, ...]  # the last resort's words, typos allowed: none, when only given names

    @property
    def keys(self) -> list[str]:
        return [*self.typed, *self.corrected]


def searched(query: str) -> Searched | None:
    """How `query` is matched; None for a query with nothing searchable in it."""
    typed = query_keys(query)
    if not typed:
        return None
    corrected = corrected_keys(typed)
    corrected += [key for key in respaced_keys(query) if key not in typed and key not in corrected]
    keys = typed + corrected
    sets = _word_sets(keys)
    return Searched(
        typed=tuple(typed),
        corrected=tuple(corrected),
        one_word=not corrected and len(typed) == 1 and " " not in typed[0],
        whole=tuple((*map(_whole, whole), f"'{last}':*") for *whole, last in sets),
        # A word that is a known given name must be whole (its other spellings are already folded into it); a
        # misspelt given name is the last resort's case. Per word, so that a common first name alone does not make
        # everyone of that name a candidate.
        similar=tuple(tuple(_whole(w) if w in given_names() else _Like((w,)) for w in chosen) for chosen in sets),
        # A word that is not a given name (a surname, most likely): when the given name is misspelt beyond
        # recognition ("Anrdey Raradyonok"). A given name alone would match a crowd.
        surnames=tuple(dict.fromkeys(w for qk in keys for w in qk.split() if len(w) > 3 and w not in given_names())),
    )


def _holding(queryset: QuerySet[Prisoner], alternatives) -> QuerySet[PrisonerSearchKey]:
    return PrisonerSearchKey.objects.filter(_Holding(alternatives, queryset))


def whole_word_matches(queryset: QuerySet[Prisoner], matched: Searched) -> QuerySet[Prisoner]:
    """People of `queryset` holding every word of a set whole: search_prisoners' first answer (unranked)."""
    return queryset.filter(pk__in=_holding(queryset, matched.whole).values("prisoner_id"))


def similar_matches(queryset: QuerySet[Prisoner], matched: Searched) -> QuerySet[Prisoner]:
    """People of `queryset` holding every word of a set, typos allowed: its answer when nobody holds them whole."""
    return queryset.filter(pk__in=_closest(_holding(queryset, matched.similar), queryset, matched))


def surname_matches(queryset: QuerySet[Prisoner], matched: Searched) -> QuerySet[Prisoner]:
    """People of `queryset` holding one of the query's surnames, typos allowed: its last resort (nobody when the
    query has only given names)."""
    if not matched.surnames:
        return queryset.none()
    return queryset.filter(pk__in=_closest(_holding(queryset, [[_Like(matched.surnames)]]), queryset, matched))


def _closest(found: QuerySet[PrisonerSearchKey], queryset: QuerySet[Prisoner], matched: Searched) -> QuerySet:
    """The ids of the people of `queryset` owning the FUZZY_CANDIDATES keys of `found` most like the query (word
    similarity: one cheap function per key)."""
    likeness = [TrigramWordSimilarity(Value(qk), "key") for qk in matched.keys]
    closeness = likeness[0] if len(likeness) == 1 else Greatest(*likeness)
    # Only the given set's people compete for the cap: hidden namesakes must not push anyone out.
    closest = found.filter(prisoner__in=queryset.values("pk")).annotate(closeness=closeness)
    return closest.order_by("-closeness", "pk").values_list("prisoner_id", flat=True)[:FUZZY_CANDIDATES]


def word_holders(queryset: QuerySet[Prisoner], word: str) -> QuerySet[Prisoner]:
    """The people of `queryset` holding `word` whole (their stored words)."""
    return queryset.filter(search_words__word=word)


def crowd_sample(holding: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """Up to CROWD + 1 of `word_holders`' ids: more than CROWD of them make a crowd."""
    return holding.order_by().values_list("pk", flat=True)[: CROWD + 1]


def ranked_crowd(holding: QuerySet[Prisoner]) -> QuerySet[Prisoner]:
    """`word_holders`, ranked as search_prisoners ranks them (the same function scored each stored word), in the same
    order: the walk down the words' index in rank order stops at the page, whatever the crowd's size."""
    return holding.annotate(rank_key=F("search_words__rank_key")).order_by(*RANKED)


def ranked(found: QuerySet[Prisoner], matched: Searched) -> QuerySet[Prisoner]:
    """`found` with `rank_key` (search_prisoners), best first."""
    # The rank is the best score over all of a candidate's keys: scoring the few keys of each found
    # person is cheaper than re-checking which of them matched.
    return found.annotate(rank_key=_Rank(matched.typed, matched.corrected)).order_by(*RANKED)


# search_prisoners' order.
RANKED = ("-rank_key", "display_name", "pk")


class _AnyOf(Lookup):
    """`column = ANY(array)`: a list of ids as one parameter (`pk__in` writes one per id, up to FUZZY_CANDIDATES)."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


def search_prisoners(queryset: QuerySet[Prisoner], query: str, *, exact_first: bool = True) -> QuerySet[Prisoner]:
    """People of `queryset` whose name matches `query` in any spelling, best first.

    Whole words first: when some people hold every word of the query (in any spelling or script: the
    keys are folded; the last word may be unfinished), only they are found, by index lookups per word.
    A given name one typo from a known one is also tried corrected, and a space one letter off moved (both
    ranked a little lower). Otherwise, or with `exact_first=False` (the duplicate check wants near misses
    too), words may have typos; and if that finds nobody either, one word that is not a given name is enough.
    A one-word query that more than CROWD people hold whole is a crowd: they are listed from their stored words
    (`ranked_crowd`), in the same order, without the people whose name only starts with the word.

    Only filters the queryset it is given: public callers pass `Prisoner.objects.published()`, so
    hidden people are never matched there and the query is the same whatever hidden names exist.
    Annotates `rank_key`: the score (higher is better) times RANK_SCALE, as an integer, exact to compare
    in a page cursor (floats may not round-trip through it); `rank(person)` reads it back as the score.
    One annotation, not a float and an integer beside it: PostgreSQL would rank each row twice. An empty
    query matches nobody. Each answer's people are fetched before the next is tried, then ranked in one query;
    registry.queries.searches runs the same answers for a first page as one statement.
    """
    matched = searched(query)
    if matched is None:
        return queryset.none().annotate(rank_key=Value(0))
    if exact_first and matched.one_word:
        holding = word_holders(queryset, matched.typed[0])
        if len(crowd_sample(holding)) > CROWD:
            return ranked_crowd(holding)
    # Fetched, not tested with exists(): under LIMIT 1 the planner may walk every person hoping to meet a match
    # early; and the ranked query below need not look the words up again. Unordered: the ranked query sorts them
    # (a crowd of namesakes was sorted by name twice).
    answers = [whole_word_matches, similar_matches, surname_matches] if exact_first else [similar_matches]
    people = []
    for answer in answers:
        people = list(answer(queryset, matched).order_by().values_list("pk", flat=True))
        if people:
            break
    found = queryset.filter(_AnyOf(F("pk"), Value(people, output_field=ArrayField(BigIntegerField()))))
    return ranked(found, matched)


def rank(person: Prisoner) -> float:
    """The score `search_prisoners` ranked a person by (its `rank_key`)."""
    return person.rank_key / RANK_SCALE


def find_possible_duplicates(
    *, names: list[str], birth_year: int | None, exclude_pk: int | None = None, among: Collection[int] | None = None
) -> QuerySet[Prisoner]:
    """People of any visibility who may be the same person, best match first; for the admin's warning.

    A name matches one of `names` in any spelling or script (rank at least DUPLICATE_MIN_RANK), and
    the birth year is the same — or unknown on either side. `among` limits the search to those people
    (an import checks its own new rows against each other that way).
    """
    candidates = Prisoner.objects.all()
    if among is not None:
        candidates = candidates.filter(pk__in=among)
    if exclude_pk is not None:
        candidates = candidates.exclude(pk=exclude_pk)
    if birth_year is not None:
        candidates = candidates.filter(Q(birth_date__year=birth_year) | Q(birth_date__isnull=True))
    found: dict[int, float] = {}
    # Names in several scripts often fold to the same keys: search each distinct set once.
    searches: dict[tuple[str, ...], str] = {}
    for name in names:
        searches.setdefault(tuple(query_keys(name or "")), name)
    searches.pop((), None)
    for name in searches.values():
        for pk, key in search_prisoners(candidates, name, exact_first=False).values_list("pk", "rank_key"):
            if key >= DUPLICATE_MIN_RANK * RANK_SCALE:
                found[pk] = max(found.get(pk, 0.0), key / RANK_SCALE)
    order = Case(
        *(When(pk=pk, then=Value(rank)) for pk, rank in found.items()),
        default=Value(0.0),
        output_field=FloatField(),
    )
    return Prisoner.objects.filter(pk__in=found).annotate(search_rank=order).order_by("-search_rank", "pk")
