"""What the synthetic generator draws from: fictitious name parts, occupations, and the shapes of
sentences, custody periods, events and facilities; plus the transliteration of generated names.

Kept apart from registry.samples.synthetic (which writes the rows) so each file can be read on its own.
"""

from __future__ import annotations

from registry.models import EventKind, FacilityKind, ReleaseReason

MALE_FIRST_NAMES = [
    ("Аляксандр", "Александр", "Aliaksandr"),
    ("Сяргей", "Сергей", "Siarhei"),
    ("Дзмітрый", "Дмитрий", "Dzmitry"),
    ("Андрэй", "Андрей", "Andrei"),
    ("Аляксей", "Алексей", "Aliaksei"),
    ("Павел", "Павел", "Pavel"),
    ("Мікалай", "Николай", "Mikalai"),
    ("Віктар", "Виктор", "Viktar"),
    ("Уладзімір", "Владимир", "Uladzimir"),
    ("Ігар", "Игорь", "Ihar"),
    ("Максім", "Максим", "Maksim"),
    ("Іван", "Иван", "Ivan"),
    ("Юрый", "Юрий", "Yury"),
    ("Міхаіл", "Михаил", "Mikhail"),
    ("Васіль", "Василий", "Vasil"),
    ("Вадзім", "Вадим", "Vadzim"),
    ("Антон", "Антон", "Anton"),
    ("Дзяніс", "Денис", "Dzianis"),
    ("Раман", "Роман", "Raman"),
    ("Яўген", "Евгений", "Yauhen"),
]
FEMALE_FIRST_NAMES = [
    ("Вольга", "Ольга", "Volha"),
    ("Наталля", "Наталья", "Natallia"),
    ("Алена", "Елена", "Alena"),
    ("Таццяна", "Татьяна", "Tatsiana"),
    ("Ірына", "Ирина", "Iryna"),
    ("Марына", "Марина", "Maryna"),
    ("Святлана", "Светлана", "Sviatlana"),
    ("Ганна", "Анна", "Hanna"),
    ("Юлія", "Юлия", "Yulia"),
    ("Кацярына", "Екатерина", "Katsiaryna"),
    ("Людміла", "Людмила", "Liudmila"),
    ("Марыя", "Мария", "Maryia"),
    ("Надзея", "Надежда", "Nadzeya"),
    ("Вераніка", "Вероника", "Veranika"),
    ("Дар'я", "Дарья", "Daria"),
]
# Invented surname stems (Belarusian, Russian): "test", "made-up", "example", "mock-up", "pattern"…
SURNAME_STEMS = [
    ("Тэстав", "Тестов"),
    ("Выдумк", "Выдумк"),
    ("Прыклад", "Приклад"),
    ("Макет", "Макет"),
    ("Узор", "Узор"),
    ("Фікцыян", "Фикцион"),
    ("Шаблон", "Шаблон"),
    ("Чарнавік", "Черновик"),
    ("Муляж", "Муляж"),
    ("Пробн", "Пробн"),
    ("Фантом", "Фантом"),
    ("Прататып", "Прототип"),
    ("Эталон", "Эталон"),
    ("Сінтэт", "Синтет"),
    ("Выдуман", "Выдуман"),
    ("Узорн", "Узорн"),
    ("Мадэл", "Модел"),
    ("Эскіз", "Эскиз"),
]
SURNAME_INFIXES = [("", ""), ("ан", "ан"), ("ул", "ул"), ("ен", "ен")]
# (Belarusian male, Belarusian female, Russian male, Russian female)
SURNAME_SUFFIXES = [
    ("іч", "іч", "ич", "ич"),
    ("енка", "енка", "енко", "енко"),
    ("ік", "ік", "ик", "ик"),
    ("скі", "ская", "ский", "ская"),
    ("ец", "ец", "ец", "ец"),
    ("ук", "ук", "ук", "ук"),
    ("ейка", "ейка", "ейко", "ейко"),
    ("ін", "іна", "ин", "ина"),
    ("аў", "ава", "ов", "ова"),
    ("овіч", "овіч", "ович", "ович"),
]
OCCUPATIONS = [
    # English, Belarusian, Russian
    ("Fictional engineer", "Выдуманы інжынер", "Вымышленный инженер"),
    ("Fictional teacher", "Выдуманы настаўнік", "Вымышленный учитель"),
    ("Fictional IT specialist", "Выдуманы айцішнік", "Вымышленный айтишник"),
    ("Fictional journalist", "Выдуманы журналіст", "Вымышленный журналист"),
    ("Fictional student", "Выдуманы студэнт", "Вымышленный студент"),
    ("Fictional doctor", "Выдуманы лекар", "Вымышленный врач"),
    ("Fictional factory worker", "Выдуманы рабочы завода", "Вымышленный рабочий завода"),
    ("Fictional entrepreneur", "Выдуманы прадпрымальнік", "Вымышленный предприниматель"),
    ("Fictional musician", "Выдуманы музыка", "Вымышленный музыкант"),
    ("Fictional pensioner", "Выдуманы пенсіянер", "Вымышленный пенсионер"),
    ("", "", ""),
]
# Articles of the Belarus Criminal Code (loaded by registry.samples.demo) and how often they are charged.
ARTICLE_WEIGHTS = {
    "342": 40,
    "361-1": 12,
    "130": 10,
    "368": 9,
    "369": 9,
    "364": 7,
    "361": 5,
    "293": 4,
    "361-4": 4,
    "363": 3,
    "357": 1,
    "356": 1,
}
RELEASE_REASONS = [
    (ReleaseReason.SENTENCE_SERVED, 60),
    (ReleaseReason.PAROLE, 10),
    (ReleaseReason.UNKNOWN, 8),
    (ReleaseReason.AMNESTY, 6),
    (ReleaseReason.SENTENCE_CHANGED, 6),
    (ReleaseReason.DEPORTED, 2),
    (ReleaseReason.ACQUITTED, 1),
]
# Lengths in days (range, weight): of closed periods, of the current one for those held, under house arrest.
CLOSED_LENGTHS = [((20, 120), 35), ((120, 450), 35), ((450, 1100), 25), ((1100, 1800), 5)]
OPEN_LENGTHS = [((10, 365), 40), ((365, 1100), 45), ((1100, 1800), 15)]
RESTRICTED_LENGTHS = [((30, 700), 1)]
EVENT_KINDS = [
    (EventKind.INCOMMUNICADO, 15),
    (EventKind.HUNGER_STRIKE, 8),
    (EventKind.NO_FAMILY_VISITS, 15),
    (EventKind.NO_LAWYER, 10),
    (EventKind.NO_MEDICAL_CARE, 10),
    (EventKind.NEW_CHARGES, 8),
    (EventKind.PUNISHMENT_CELL, 20),
    (EventKind.HEALTH, 10),
]
FACILITY_KINDS = [
    # kind, English, Belarusian, Russian ("fictional" agreeing with the noun's gender), share of facilities
    (
        FacilityKind.SIZO,
        "Pre-trial Detention Centre",
        "Выдуманы следчы ізалятар",
        "Вымышленный следственный изолятор",
        8,
    ),
    (
        FacilityKind.TEMPORARY,
        "Temporary Detention Centre",
        "Выдуманы ізалятар часовага ўтрымання",
        "Вымышленный изолятор временного содержания",
        3,
    ),
    (FacilityKind.COLONY, "Penal Colony", "Выдуманая папраўчая калонія", "Вымышленная исправительная колония", 20),
    (FacilityKind.PRISON, "Prison", "Выдуманая турма", "Вымышленная тюрьма", 4),
    (FacilityKind.MEDICAL, "Medical Institution", "Выдуманая лячэбная ўстанова", "Вымышленное лечебное учреждение", 2),
]


def transliterate(text: str) -> str:
    """Belarusian Cyrillic to Latin, as in Belarusian passports ("Ціханоўскі" -> "Tsikhanouski")."""
    out: list[str] = []
    previous = ""
    for char in text:
        lower = char.lower()
        if lower in _IOTATED:
            after_consonant = previous.isalpha() and previous.lower() not in _VOWELS
            latin = ("i" if after_consonant else "y") + _IOTATED[lower]
        elif lower == "й" and previous.lower() == "ы":
            latin = ""  # "Юрый" -> "Yury"
        else:
            latin = _LATIN.get(lower, lower)
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = char
    return "".join(out)


_VOWELS = set("аеёіоуўыэюяи")
_IOTATED = {"е": "e", "ё": "o", "ю": "u", "я": "a"}
_LATIN = {
    **dict(zip("абвгґдзійклмнопрстуўфыэ", "abvhgdziiklmnoprstuufye", strict=True)),
    **{"х": "kh", "ж": "zh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ъ": "", "'": "", "ʼ": ""},
}
_LATIN["и"] = "i"
