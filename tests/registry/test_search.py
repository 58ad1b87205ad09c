"""Name search: any script, any romanisation, with or without diacritics, swapped names, typos."""

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from registry import search
from registry.models import Prisoner, PrisonerName, PrisonerSearchKey, Visibility
from registry.samples import demo
from registry.search import find_possible_duplicates, normalise_name, rebuild_search_keys, search_prisoners
from tests.factories import PrisonerFactory, PrisonerNameFactory

pytestmark = pytest.mark.django_db

# Fictitious people (synthetic): (display name, [(full name, language, first, patronymic, last)]).
SYNTHETIC = [
    ("Hanna Zhurauliova", [("Ганна Жураўлёва", "be", "", "", "")]),
    (
        "Zmitser Kavalionak",
        [("Зміцер Кавалёнак", "be", "", "", ""), ("Дмитрий Коваленок", "ru", "", "", "")],
    ),
    (
        "Yauhen Shcharbakovich",
        [
            ("Яўген Міхайлавіч Шчарбаковіч", "be", "Яўген", "Міхайлавіч", "Шчарбаковіч"),
            ("Евгений Щербакович", "ru", "Евгений", "Михайлович", "Щербакович"),
        ],
    ),
    # Near-misses: different people whose names resemble the ones above.
    ("Ivan Babarykin", [("Іван Бабарыкін", "be", "", "", "")]),
    ("Ales Bialevich", [("Алесь Бялевіч", "be", "", "", "")]),
    ("Siarhei Tsikhanovich", [("Сяргей Ціхановіч", "be", "", "", "")]),
]


@pytest.fixture
def people() -> dict[str, Prisoner]:
    demo.load_seed_facts()
    for display_name, names in SYNTHETIC:
        prisoner = PrisonerFactory(display_name=display_name)
        for full_name, language, first, patronymic, last in names:
            PrisonerNameFactory(
                prisoner=prisoner,
                full_name=full_name,
                language=language,
                first_name=first,
                patronymic=patronymic,
                last_name=last,
            )
    return {p.display_name: p for p in Prisoner.objects.all()}


def names_found(query: str) -> list[str]:
    return [p.display_name for p in search_prisoners(Prisoner.objects.published(), query)]


BIALIATSKI, TSIKHANOUSKI, BABARYKA = "Ales Bialiatski", "Siarhei Tsikhanouski", "Viktar Babaryka"
ZHURAULIOVA, KAVALIONAK, SHCHARBAKOVICH = "Hanna Zhurauliova", "Zmitser Kavalionak", "Yauhen Shcharbakovich"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        # Seed people: every script and romanisation, diacritics or not, swapped, typos.
        ("Ales Bialiatski", BIALIATSKI),
        ("Алесь Бяляцкі", BIALIATSKI),
        ("Алесь Беляцкий", BIALIATSKI),
        ("Bialatski", BIALIATSKI),
        ("Aleś Bialacki", BIALIATSKI),
        ("Ales Bialacki", BIALIATSKI),
        ("Byalyatski", BIALIATSKI),
        ("Belyatsky", BIALIATSKI),
        ("Ales Belyatskiy", BIALIATSKI),
        ("Bialiatski Ales", BIALIATSKI),
        ("Беляцкий Алесь", BIALIATSKI),
        ("ALES BIALIATSKI", BIALIATSKI),
        ("Bilyatski", BIALIATSKI),
        ("Ales Bialiatsky", BIALIATSKI),
        ("Siarhei Tsikhanouski", TSIKHANOUSKI),
        ("Сяргей Ціханоўскі", TSIKHANOUSKI),
        ("Сергей Тихановский", TSIKHANOUSKI),
        ("Sergei Tikhanovsky", TSIKHANOUSKI),
        ("Siarhiej Cichanoŭski", TSIKHANOUSKI),
        ("Siarhiej Cichanouski", TSIKHANOUSKI),
        ("Sergey Tikhanovskiy", TSIKHANOUSKI),
        ("Sergei Tikhanovskii", TSIKHANOUSKI),
        ("Syarhey Tsikhanowski", TSIKHANOUSKI),
        ("Tsikhanouski Siarhei", TSIKHANOUSKI),
        ("Тихановский Сергей", TSIKHANOUSKI),
        ("Tikhanovsky", TSIKHANOUSKI),
        ("Tsikhanousky", TSIKHANOUSKI),
        ("Tsihanouski", TSIKHANOUSKI),
        ("Sirhei Tsikanouski", TSIKHANOUSKI),
        ("Tsikhanous", TSIKHANOUSKI),
        ("Sergei Leonidovich Tikhanovsky", TSIKHANOUSKI),  # a patronymic the registry does not hold
        ("S. Tsikhanouski", TSIKHANOUSKI),
        ("Viktar Babaryka", BABARYKA),
        ("Віктар Бабарыка", BABARYKA),
        ("Виктор Бабарико", BABARYKA),
        ("Viktor Babariko", BABARYKA),
        ("Babaryka Viktar", BABARYKA),
        ("Babarika", BABARYKA),
        ("бабарыка", BABARYKA),
        ("Babryka", BABARYKA),
        ("Bobaryka", BABARYKA),
        ("Viktor Babarkyo", BABARYKA),
        # Synthetic people stored in fewer forms: the other script and romanisations still find them.
        ("Анна Журавлёва", ZHURAULIOVA),
        ("Hanna Žuraŭlova", ZHURAULIOVA),
        ("Hanna Zhuraulova", ZHURAULIOVA),
        ("Anna Zhuravlyova", ZHURAULIOVA),
        ("Zhuravleva", ZHURAULIOVA),
        ("Zhurauliova Hanna", ZHURAULIOVA),
        ("Zmicier Kavalonak", KAVALIONAK),
        ("Dzmitry Kovalenok", KAVALIONAK),
        ("Dmitry Kovalenok", KAVALIONAK),
        ("Dmitriy Kovalenok", KAVALIONAK),
        ("Kavalenak", KAVALIONAK),
        ("Jaŭhien Ščarbakovič", SHCHARBAKOVICH),
        ("Yevgeniy Shcherbakovich", SHCHARBAKOVICH),
        ("Евгений Михайлович Щербакович", SHCHARBAKOVICH),
        ("Щербакович Евгений Михайлович", SHCHARBAKOVICH),
        ("Shcharbakovich Yauhen Mikhailavich", SHCHARBAKOVICH),
        ("Yauhen Shcharbakovich", SHCHARBAKOVICH),
        ("Яўген Шчарбаковіч", SHCHARBAKOVICH),
        ("Shcherbakovitch", SHCHARBAKOVICH),
    ],
)
def test_it_finds_the_person_first_from_any_spelling(people, query, expected):
    found = names_found(query)
    assert found, f"{query!r} found nobody"
    assert found[0] == expected, f"{query!r} found {found}"


@pytest.mark.parametrize(
    ("query", "expected", "other"),
    [
        ("Viktar Babaryka", BABARYKA, "Ivan Babarykin"),
        ("Babaryka", BABARYKA, "Ivan Babarykin"),
        ("Ivan Babarykin", "Ivan Babarykin", BABARYKA),
        ("Bialiatski", BIALIATSKI, "Ales Bialevich"),
        ("Ales Bialevich", "Ales Bialevich", BIALIATSKI),
        ("Tsikhanouski", TSIKHANOUSKI, "Siarhei Tsikhanovich"),
        ("Siarhei Tsikhanouski", TSIKHANOUSKI, "Siarhei Tsikhanovich"),
        ("Сяргей Ціхановіч", "Siarhei Tsikhanovich", TSIKHANOUSKI),
    ],
)
def test_a_different_person_with_a_similar_name_ranks_lower(people, query, expected, other):
    found = names_found(query)
    assert found[0] == expected
    if other in found:
        ranks = {p.display_name: search.rank(p) for p in search_prisoners(Prisoner.objects.all(), query)}
        assert ranks[other] < ranks[expected]


@pytest.mark.parametrize("query", ["Kolesnikova", "Lukashenko", "Brzmpfl", "Ptushkin", "", "  ", "!!"])
def test_it_finds_nobody_for_names_nobody_has(people, query):
    assert names_found(query) == []


def test_when_someone_holds_every_word_typo_matches_are_left_out(people):
    PrisonerFactory(display_name="Viktar Babryka")

    assert names_found("Viktar Babryka") == ["Viktar Babryka"]
    assert names_found("Viktar Babaryk") == [BABARYKA]  # nobody holds "babaryk": typos allowed


def test_an_unfinished_last_word_finds_the_names_it_starts_after_the_whole_word(people):
    PrisonerFactory(display_name="Ivan Zubarenka")
    PrisonerFactory(display_name="Ivan Zub")
    PrisonerFactory(display_name="Ivan Dubzuk")  # "zub" inside a word is no start

    assert names_found("Ivan Zub") == ["Ivan Zub", "Ivan Zubarenka"]


def test_a_given_name_misspelt_beyond_recognition_still_finds_the_surname(people):
    # "Sraihei" is two typos from Siarhei: not corrected; the surname alone is the last resort.
    assert names_found("Sraihei Tsikhanouski")[0] == TSIKHANOUSKI
    assert names_found("Sraihei Viktar") == []  # only given names: no last resort (it would match a crowd)


def test_two_letters_swapped_in_the_middle_of_a_surname_still_find_the_person(people):
    PrisonerFactory(display_name="Maksim Uzornulin")
    PrisonerFactory(display_name="Maksim Etalonulin")  # shares the ending: more trigrams with the query than is fair

    assert names_found("Maksim Uzronulin")[0] == "Maksim Uzornulin"


def test_a_given_name_one_typo_off_is_corrected_and_the_surname_matched_whole(people):
    found = search_prisoners(Prisoner.objects.published(), "Sirahei Tsikhanouski")

    assert found[0].display_name == TSIKHANOUSKI
    assert search.rank(found[0]) >= search.EXACT_BONUS  # a whole-word match, not a trigram one


def test_the_name_as_typed_ranks_above_its_correction(people):
    PrisonerFactory(display_name="Ivan Zubar")
    PrisonerFactory(display_name="Ivna Zubar")  # fictitious: a given name one typo from Ivan

    assert names_found("Ivna Zubar") == ["Ivna Zubar", "Ivan Zubar"]


# The rank of one key as word similarity and a strict word-similarity test for the exact tier: what the rank computes
# with pg_trgm's functions alone (registry.search._Rank tells a key holding every word whole by its words column).
TRIGRAM_SCORE = f"""
    SELECT max(word_similarity(%(q)s, key) + 0.1 * similarity(key, %(q)s)
               + CASE WHEN key = %(q)s THEN 0.5 ELSE 0.0 END
               + CASE WHEN strict_word_similarity(%(q)s, key) >= 0.999 THEN {search.EXACT_BONUS} ELSE 0.0 END
               + CASE WHEN key LIKE %(q)s || '%%' OR key LIKE '%% ' || %(q)s || '%%'
                      THEN {search.PREFIX_BONUS} ELSE 0.0 END)
    FROM registry_prisonersearchkey WHERE prisoner_id = %(person)s
"""


@pytest.mark.parametrize("query", ["Ivan Zubar", "Zubar Ivan", "Zubar", "Zub", "Zubar Zubarenka", "Ivan Zubr"])
def test_a_key_holding_the_query_words_side_by_side_ranks_as_the_trigram_functions_score_it(query):
    for name in ["Ivan Zubar", "Zubar Ivan", "Zubarenka Ivan", "Ivan Zubar Zubarenka", "Ivana Zubarava"]:
        PrisonerFactory(display_name=name)
    [key] = search.query_keys(query)

    found = search_prisoners(Prisoner.objects.published(), query)

    assert found
    with connection.cursor() as cursor:
        for person in found:
            cursor.execute(TRIGRAM_SCORE, {"q": key, "person": person.pk})
            assert person.rank_key == round(cursor.fetchone()[0] * search.RANK_SCALE), person.display_name


def test_every_word_of_the_query_whole_is_the_exact_tier_in_any_order_and_with_words_between():
    # strict_word_similarity gave it no exact tier: the word between lowers it.
    PrisonerFactory(display_name="Ivan Piatrovich Zubar")

    found = search_prisoners(Prisoner.objects.published(), "Zubar Ivan")

    assert search.rank(found[0]) >= search.EXACT_BONUS


@pytest.mark.parametrize("name", ["Zubarenka Ivan", "Ivan Zubarenka"])
def test_a_name_or_one_of_its_words_starting_with_the_query_ranks_in_the_prefix_tier(name):
    PrisonerFactory(display_name=name)

    found = search_prisoners(Prisoner.objects.published(), "Zubar")

    assert search.PREFIX_BONUS <= search.rank(found[0]) < search.EXACT_BONUS


@pytest.mark.parametrize(
    ("key", "corrected"),
    [
        ("mkihail zubar", ["michail zubar"]),  # two letters swapped
        ("ivna zubar", ["ivan zubar"]),
        ("viktr zubar", ["viktar zubar"]),  # a letter missing, and Viktor's first form
        ("viktar zubar", []),  # known forms stay
        ("ivn zubar", []),  # too short to tell
        ("olega zubar", []),  # one typo from Oleg and from Olga: not guessed
    ],
)
def test_corrected_keys_fix_given_names_one_typo_off_only(key, corrected):
    assert search.corrected_keys([key]) == corrected


@pytest.mark.parametrize(
    ("query", "respaced"),
    [
        ("Anto Nzubar", ["anton zubar"]),  # a letter of the surname ended the given name
        ("Mikhai Lzubar", ["michail zubar"]),
        ("Ivanz Ubar", ["ivan zubar"]),  # a letter of the given name started the surname
        ("Natalyau Zorets", ["natala uzorec"]),  # moved as written, before spellings are folded
        ("Сярге йЦіханоўскі", ["siarhei cichanovski"]),
        ("Ivan Zubar", []),  # a given name already: nothing moves
        ("Ivanz", []),
        ("Zubar Kavalionak", []),  # no move makes a given name
    ],
)
def test_respaced_keys_move_a_space_one_letter_where_that_makes_a_given_name(query, respaced):
    assert search.respaced_keys(query) == respaced


def test_a_space_one_letter_off_finds_the_person_by_whole_words_not_by_typos(people):
    found = search_prisoners(Prisoner.objects.published(), "Siarhe iTsikhanouski")

    assert found[0].display_name == TSIKHANOUSKI
    assert search.rank(found[0]) >= search.EXACT_BONUS


def test_typo_matches_rank_only_the_closest_keys_however_many_share_a_stem(people, monkeypatch):
    monkeypatch.setattr(search, "FUZZY_CANDIDATES", 4)
    for n in range(8):  # namesakes of the stem, each farther from the misspelt query than the person meant
        PrisonerFactory(display_name=f"Testavy Tsikhanouskaya{'x' * (n + 1)}")

    found = names_found("Sraihei Tsikhanouski")

    assert found[0] == TSIKHANOUSKI
    assert len(found) <= 4


def test_a_misspelt_word_stands_for_only_the_closest_words_of_the_vocabulary(people, monkeypatch):
    monkeypatch.setattr(search, "SIMILAR_WORDS", 3)
    farther = [f"Siarhei Tsikhanouski{'x' * n}" for n in range(1, 7)]  # one stem, each farther from the query
    for name in farther:
        PrisonerFactory(display_name=name)

    found = names_found("Siarhei Tsikhanuoski")

    assert found[0] == TSIKHANOUSKI
    assert farther[0] in found
    assert not set(farther[3:]) & set(found)  # like the misspelt word, but not among the three most like it


def test_hidden_namesakes_never_push_a_public_person_out_of_the_typo_ranking(people, monkeypatch):
    monkeypatch.setattr(search, "FUZZY_CANDIDATES", 2)
    for visibility in ("private", "anonymous"):  # closer to the misspelt query than the public person
        for _ in range(3):
            PrisonerFactory(display_name="Sraihei Tsikhanouski", visibility=visibility)

    assert names_found("Sraihei Tsikhanouski")[0] == TSIKHANOUSKI


def test_hidden_peoples_words_never_take_a_public_persons_place_among_the_closest_words(people, monkeypatch):
    monkeypatch.setattr(search, "SIMILAR_WORDS", 3)
    query = "Siarhei Tsikhanuoski"
    before = names_found(query)
    for visibility in ("private", "anonymous"):  # each surname closer to the misspelt word than the public one's
        for ending in ("", "a"):
            PrisonerFactory(display_name=f"Siarhei Tsikhanuosk{ending}{visibility[0]}", visibility=visibility)

    assert before[0] == TSIKHANOUSKI
    assert names_found(query) == before


def test_a_given_name_is_found_in_its_other_languages(people):
    # Viktor (Russian), Victor (English) and Віктар (Belarusian) are one name (registry.given_names).
    assert names_found("Victor Babaryka") == names_found("Виктор Бабарыка") == [BABARYKA]
    assert names_found("Sergey Tsikhanouski") == [TSIKHANOUSKI]
    assert names_found("Alexander Bialiatski") == [BIALIATSKI]
    nadzeya = PrisonerFactory(display_name="Nadzeya Zubar")  # Надзея = Надежда

    assert names_found("Надежда Зубар") == names_found("Nadezhda Zubar") == [nadzeya.display_name]


def test_the_duplicate_check_still_sees_near_misses_beside_exact_matches(people):
    exact = PrisonerFactory(display_name="Viktar Babaryk")

    found = find_possible_duplicates(names=["Viktar Babaryk"], birth_year=None)

    assert {p.pk for p in found} >= {exact.pk, Prisoner.objects.get(display_name=BABARYKA).pk}


def test_it_annotates_an_integer_rank_best_first_and_ranks_each_person_once(people):
    found = search_prisoners(Prisoner.objects.all(), "Siarhei")
    keys = [p.rank_key for p in found]

    assert len(keys) == 2
    assert all(isinstance(key, int) for key in keys)
    assert keys == sorted(keys, reverse=True)
    # One ranking subquery, not one per annotation.
    assert str(found.query).count("FROM registry_prisonersearchkey k ") == 1


def test_it_answers_in_two_queries_whole_words_then_the_list(people, django_assert_num_queries):
    with django_assert_num_queries(2):
        list(search_prisoners(Prisoner.objects.published(), "Сергей Тихановский"))


def test_a_typo_search_matches_trigrams_once_and_ranks_the_candidates_by_id(people):
    with CaptureQueriesContext(connection) as queries:
        found = names_found("Sraihei Tsikhanouskii")

    assert found[0] == TSIKHANOUSKI
    *_, ranked = [query["sql"] for query in queries.captured_queries]
    assert "%>" not in ranked and "= ANY(" in ranked  # the trigram rechecks are not repeated
    candidates = re.search(r"ANY\('\{([0-9,]*)\}'", ranked).group(1).split(",")
    assert len(candidates) == len(set(candidates))  # one id per person, not per matching key


def test_a_typo_search_compares_misspelt_words_with_the_vocabulary_not_with_every_key(people):
    with CaptureQueriesContext(connection) as queries:
        found = names_found("Sraihei Tsikhanouskii")

    assert found[0] == TSIKHANOUSKI
    fuzzy = [query["sql"] for query in queries.captured_queries if "%>" in query["sql"]]
    assert fuzzy and all('"key" %>' not in sql and "registry_searchword" in sql for sql in fuzzy)


def test_an_exact_search_looks_the_words_up_once_and_ranks_the_people_found_by_id(people):
    with CaptureQueriesContext(connection) as queries:
        found = names_found("Siarhei Tsikhanouski")

    assert found[0] == TSIKHANOUSKI
    looked_up, ranked = [query["sql"] for query in queries.captured_queries]
    assert "@@" in looked_up and "LIMIT" not in looked_up  # no exists(): under LIMIT 1 it may walk everyone
    assert "ORDER BY" not in looked_up  # the ranked query sorts them
    # The ranked query finds the people by id and scores their keys (k.words); it looks nothing up.
    assert '"words" @@' not in ranked and "registry_name_score(k.key, k.words" in ranked and "= ANY(" in ranked


def test_an_exact_search_looks_each_word_up_as_its_own_condition(people):
    with CaptureQueriesContext(connection) as queries:
        found = names_found("Siarhei Tsikhanouski")

    assert found[0] == TSIKHANOUSKI
    looked_up = queries.captured_queries[0]["sql"]
    # One tsquery of both words walked a common given name's whole list in the GIN index.
    assert looked_up.count("@@") == 2 and "&" not in looked_up


def test_it_keeps_the_filters_of_the_given_queryset(people):
    queryset = Prisoner.objects.filter(is_synthetic=True)
    assert BABARYKA not in [p.display_name for p in search_prisoners(queryset, "Babaryka")]


# --- Crowds: many people holding a one-word query whole ------------------------------------------


@pytest.fixture
def uzorny(monkeypatch) -> list[Prisoner]:
    """Six people holding the surname whole (names of different lengths rank differently), one whose surname
    only starts with it; a crowd from three people on."""
    monkeypatch.setattr(search, "CROWD", 3)
    names = ["Uzorny", "Hanna Uzorny", "Ivan Uzorny", "Volha Uzorny", "Siarhei Uzorny", "Aliaksandra Uzorny"]
    holders = [PrisonerFactory(display_name=name) for name in names]
    PrisonerFactory(display_name="Hanna Uzornyk")
    return holders


def ranked(query: str) -> list[tuple[str, int]]:
    """What the ranked search finds, best first, without the crowd's walk."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "CROWD", 10_000)
        return list(search_prisoners(Prisoner.objects.published(), query).values_list("display_name", "rank_key"))


def test_a_crowd_holding_the_word_whole_is_listed_ranked_as_the_search_ranks_them(uzorny):
    crowd = list(search_prisoners(Prisoner.objects.published(), "Uzorny").values_list("display_name", "rank_key"))

    assert crowd == [(name, rank) for name, rank in ranked("Uzorny") if name != "Hanna Uzornyk"]
    names = [name for name, _rank in crowd]
    assert names[0] == "Uzorny" and names[-1] == "Aliaksandra Uzorny"  # by rank (the shortest name first), not name
    assert len(crowd) == len(uzorny)


def test_a_crowd_leaves_out_the_names_that_only_start_with_the_word(uzorny):
    # They rank below every one of the crowd: after them in the ranked search, which lists them last.
    assert ranked("Uzorny")[-1][0] == "Hanna Uzornyk"
    assert "Hanna Uzornyk" not in names_found("Uzorny")


def test_a_crowd_is_walked_from_the_stored_words_in_two_queries(uzorny, django_assert_num_queries):
    with django_assert_num_queries(2), CaptureQueriesContext(connection) as queries:
        list(search_prisoners(Prisoner.objects.published(), "Uzorny")[:2])

    counted, page = [query["sql"] for query in queries.captured_queries]
    assert "registry_prisonerword" in counted and "LIMIT 4" in counted  # CROWD + 1 at most
    # The stored ranks, not the keys scored again.
    assert "registry_prisonersearchkey" not in page and '"registry_prisonerword"."rank_key" AS "rank_key"' in page


def test_fewer_people_than_a_crowd_are_ranked_with_the_names_that_start_with_the_word(uzorny, monkeypatch):
    monkeypatch.setattr(search, "CROWD", len(uzorny))

    assert names_found("Uzorny") == [name for name, _rank in ranked("Uzorny")]
    assert "Hanna Uzornyk" in names_found("Uzorny")


def test_hidden_people_holding_the_word_never_make_a_crowd(monkeypatch):
    monkeypatch.setattr(search, "CROWD", 3)
    for name in ["Hanna Uzorny", "Ivan Uzorny", "Hanna Uzornyk"]:
        PrisonerFactory(display_name=name)
    hidden = [PrisonerFactory(display_name="Volha Uzorny", visibility=v) for v in ("private", "anonymous") * 2]
    with_hidden = names_found("Uzorny")

    for person in hidden:
        person.delete()

    assert with_hidden == names_found("Uzorny") == ["Hanna Uzorny", "Ivan Uzorny", "Hanna Uzornyk"]


def test_a_search_of_two_words_is_never_a_crowd(uzorny):
    assert names_found("Hanna Uzorny") == [name for name, _rank in ranked("Hanna Uzorny")]


# --- Visibility -----------------------------------------------------------------------------------


def test_public_search_never_finds_anonymous_or_private_people_by_name():
    hidden = {
        Visibility.ANONYMOUS: PrisonerFactory(display_name="Ulada Niabachnaja", visibility=Visibility.ANONYMOUS),
        Visibility.PRIVATE: PrisonerFactory(display_name="Taisa Schavanaja", visibility=Visibility.PRIVATE),
    }
    PrisonerNameFactory(prisoner=hidden[Visibility.ANONYMOUS], full_name="Улада Нябачная", language="be")
    PrisonerNameFactory(prisoner=hidden[Visibility.PRIVATE], full_name="Таіса Схаваная", language="be")
    PrisonerFactory(display_name="Piotra Bachny")  # public, so the published set is not empty

    queries = ["Ulada Niabachnaja", "Улада Нябачная", "Niabachnaya", "Taisa Schavanaja", "Схаваная"]

    def public_search(query: str) -> tuple[list, list[str]]:
        with CaptureQueriesContext(connection) as run:
            found = list(search_prisoners(Prisoner.objects.published(), query).values())
        return found, [q["sql"] for q in run.captured_queries]

    assert all(list(search_prisoners(Prisoner.objects.all(), q)) for q in queries), "the names are searchable"
    with_hidden = {query: public_search(query) for query in queries}
    for person in hidden.values():
        person.delete()
    without_hidden = {query: public_search(query) for query in queries}

    # Nothing found, by exactly the same SQL as when those people do not exist at all.
    assert with_hidden == without_hidden
    assert all(found == [] for found, _sql in with_hidden.values())


def test_an_empty_query_has_the_same_shape_as_a_real_one():
    PrisonerFactory(display_name="Piotra Bachny")
    empty = search_prisoners(Prisoner.objects.published(), "")
    real = search_prisoners(Prisoner.objects.published(), "Piotra")
    assert list(empty) == []
    assert [p.display_name for p in real] == ["Piotra Bachny"]
    assert isinstance(real[0].rank_key, int) and empty.query.annotations.keys() == real.query.annotations.keys()


# --- Keys stay current ----------------------------------------------------------------------------


def test_renaming_a_name_form_changes_what_finds_the_person():
    name = PrisonerNameFactory(full_name="Мікола Стары", language="be")
    name.full_name = "Мікола Новы"
    name.save()
    assert names_found("Mikola Novy") == [name.prisoner.display_name]
    assert names_found("Stary") == []


def test_changing_the_display_name_changes_what_finds_the_person():
    prisoner = PrisonerFactory(display_name="Pavel Pershy")
    prisoner.display_name = "Pavel Drugi"
    prisoner.save()
    assert names_found("Drugi") == ["Pavel Drugi"]
    assert names_found("Pershy") == []


def test_a_deleted_name_form_no_longer_finds_the_person():
    name = PrisonerNameFactory(full_name="Мікола Зніклы", language="be")
    name.delete()
    assert names_found("Mikola Znikly") == []


def test_a_name_moved_to_another_person_finds_only_that_person():
    name = PrisonerNameFactory(full_name="Мікола Пераезны", language="be")
    other = PrisonerFactory(display_name="Testavy Inshy")
    name.prisoner = other
    name.save()
    assert names_found("Mikola Peraezny") == ["Testavy Inshy"]


def test_a_status_refresh_does_not_rewrite_keys(django_assert_num_queries):
    prisoner = PrisonerFactory(display_name="Pavel Spakojny")
    with django_assert_num_queries(1):
        prisoner.refresh_status()  # reads custody; status unchanged, so nothing is written


def test_rebuild_keys_covers_bulk_inserts():
    prisoners = Prisoner.objects.bulk_create(
        [Prisoner(display_name=f"Bulk Testavy {i}", visibility=Visibility.PUBLIC, is_synthetic=True) for i in range(3)]
    )
    PrisonerName.objects.bulk_create([PrisonerName(prisoner=prisoners[0], full_name="Масавы Ўстаўлены", language="be")])
    assert names_found("Masavy Ustauleny") == []
    written = rebuild_search_keys([p.pk for p in prisoners])
    assert written == PrisonerSearchKey.objects.filter(prisoner__in=prisoners).count() >= 4
    assert names_found("Masavy Ustauleny") == ["Bulk Testavy 0"]


def test_the_rebuild_command_rewrites_every_key(people):
    PrisonerSearchKey.objects.all().delete()
    call_command("rebuild_search_keys", stdout=io.StringIO())
    assert names_found("Sergei Tikhanovsky") == [TSIKHANOUSKI]


@pytest.mark.django_db(transaction=True)
def test_a_rebuild_of_everyone_vacuums_the_keys_and_a_rebuild_of_some_does_not():
    person = PrisonerFactory(display_name="Vakuumny Testavy")
    outputs = []
    for ids in ([], [str(person.pk)]):
        out = io.StringIO()
        with CaptureQueriesContext(connection) as queries:
            call_command("rebuild_search_keys", *ids, stdout=out)
        outputs.append((out.getvalue(), [q["sql"] for q in queries.captured_queries if "VACUUM" in q["sql"]]))

    (everyone, vacuumed), (some, not_vacuumed) = outputs
    assert vacuumed == ["VACUUM ANALYZE registry_prisonersearchkey"] and "Vacuumed" in everyone
    assert not_vacuumed == [] and "Vacuumed" not in some


# --- Normalisation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "key"),
    [
        ("Алесь Бяляцкі", "alaksandr bialacki"),  # Aleś is Alexander (registry.given_names)
        ("Aleś Bialacki", "alaksandr bialacki"),
        ("Ales Bialiatski", "alaksandr bialacki"),
        ("Byalyatski", "bialacki"),
        ("Сяргей Ціханоўскі", "siarhei cichanovski"),
        ("Siarhiej Cichanoŭski", "siarhei cichanovski"),
        ("Sergei Tikhanovsky", "siarhei tichanovski"),
        ("Сергей Тихановский", "siarhei tichanovski"),
        ("Виктор Бабарико", "viktar babariko"),
        ("Віктар Бабарыка", "viktar babarika"),
        ("Victor Babaryka", "viktar babarika"),
        ("Alena Testavaya-Vymyslenka", "alena testavaia vimislenka"),
    ],
)
def test_written_forms_fold_to_the_same_key(written, key):
    assert key in normalise_name(written)


def test_a_belarusian_name_gets_a_key_for_its_russian_style_reading_too():
    assert normalise_name("Гаргун") == ["harhun", "gargun"]


def test_text_without_letters_has_no_key():
    assert normalise_name(" -'’ ") == []


# --- Possible duplicates --------------------------------------------------------------------------


def test_it_flags_the_same_name_in_another_script_with_the_same_birth_year():
    existing = PrisonerFactory(display_name="Siarhei Zhautkevich", birth_date=dt.date(1978, 1, 1))
    PrisonerNameFactory(prisoner=existing, full_name="Сяргей Жаўткевіч", language="be")
    PrisonerNameFactory(prisoner=existing, full_name="Сергей Жавткевич", language="ru")
    private = PrisonerFactory(display_name="Siarhei Zhautkevich", visibility=Visibility.PRIVATE, birth_date=None)

    found = find_possible_duplicates(names=["Siarhiej Žaŭtkievič"], birth_year=1978)
    assert set(found) == {existing, private}
    assert list(find_possible_duplicates(names=["Sergei Zhavtkevich", "Zhautkevich Siarhei"], birth_year=1978)) == [
        existing,
        private,
    ]
    assert list(find_possible_duplicates(names=["Siarhei Zhautkevich"], birth_year=1979)) == [private]
    assert existing not in find_possible_duplicates(
        names=["Siarhei Zhautkevich"], birth_year=1978, exclude_pk=existing.pk
    )
    assert list(find_possible_duplicates(names=["Siarhei Kavalenka"], birth_year=1990)) == []


def test_a_similar_name_is_not_a_duplicate(people):
    assert list(find_possible_duplicates(names=["Ivan Babarykin"], birth_year=None)) == [people["Ivan Babarykin"]]
    assert list(find_possible_duplicates(names=["Ales Babrou"], birth_year=None)) == []
    assert list(find_possible_duplicates(names=["Viktar Barabash"], birth_year=None)) == []
