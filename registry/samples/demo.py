"""Demo data: reference lists, and the facts of the seed article with that article as their source.

About real people this holds only what the seed article (shared/seed/) says: their names (with the
standard Belarusian and Russian spellings of those names), that they are held, that rights
activists count them as political prisoners, and how the article describes them. Everything else
on the demo site is synthetic and flagged so (see registry.samples.synthetic).
Every function here is idempotent: running it twice neither duplicates nor fails.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from pardons.models import BreakdownCategory, BreakdownItem, DecreeSeries, PardonDecree
from registry.dates import Precision
from registry.models import (
    Article,
    CriminalCode,
    Custody,
    CustodyKind,
    Prisoner,
    PrisonerName,
    Qualifier,
    Recognition,
    Region,
    ReportedFigure,
    Source,
    Verification,
    Visibility,
    Vulnerability,
    VulnerabilityCategory,
)

REGIONS = [
    ("minsk-city", "Minsk", "Мінск", "Минск"),
    ("minsk", "Minsk Region", "Мінская вобласць", "Минская область"),
    ("brest", "Brest Region", "Брэсцкая вобласць", "Брестская область"),
    ("vitebsk", "Vitebsk Region", "Віцебская вобласць", "Витебская область"),
    ("gomel", "Gomel Region", "Гомельская вобласць", "Гомельская область"),
    ("grodno", "Grodno Region", "Гродзенская вобласць", "Гродненская область"),
    ("mogilev", "Mogilev Region", "Магілёўская вобласць", "Могилёвская область"),
]

# Articles of the Criminal Code of Belarus most used against political prisoners (public law).
ARTICLES = [
    # number, title in English / Belarusian / Russian, extremism-related
    (
        "130",
        "Incitement of racial, national, religious or other social hatred",
        "Распальванне расавай, нацыянальнай, рэлігійнай або іншай сацыяльнай варожасці",
        "Разжигание расовой, национальной, религиозной либо иной социальной вражды",
        True,
    ),
    ("293", "Mass riots", "Масавыя беспарадкі", "Массовые беспорядки", False),
    (
        "342",
        "Organisation of or active participation in group actions grossly violating public order",
        "Арганізацыя групавых дзеянняў, якія груба парушаюць грамадскі парадак, або актыўны ўдзел у іх",
        "Организация групповых действий, грубо нарушающих общественный порядок, либо активное участие в них",
        False,
    ),
    ("356", "High treason", "Здрада дзяржаве", "Измена государству", False),
    (
        "357",
        "Conspiracy to seize state power",
        "Змова з мэтай захопу дзяржаўнай улады",
        "Заговор с целью захвата государственной власти",
        False,
    ),
    (
        "361",
        "Calls for actions aimed at harming national security",
        "Заклікі да дзеянняў, накіраваных на прычыненне шкоды нацыянальнай бяспецы",
        "Призывы к действиям, направленным на причинение вреда национальной безопасности",
        True,
    ),
    (
        "361-1",
        "Creation of or participation in an extremist formation",
        "Стварэнне экстрэмісцкага фарміравання або ўдзел у ім",
        "Создание экстремистского формирования либо участие в нём",
        True,
    ),
    (
        "361-4",
        "Facilitation of extremist activity",
        "Садзейнічанне экстрэмісцкай дзейнасці",
        "Содействие экстремистской деятельности",
        True,
    ),
    (
        "363",
        "Resistance to a police officer",
        "Супраціўленне супрацоўніку органаў унутраных спраў",
        "Сопротивление сотруднику органов внутренних дел",
        False,
    ),
    (
        "364",
        "Violence or threat of violence against a police officer",
        "Гвалт або пагроза гвалту ў дачыненні да супрацоўніка органаў унутраных спраў",
        "Насилие либо угроза применения насилия в отношении сотрудника органов внутренних дел",
        False,
    ),
    (
        "368",
        "Insulting the President",
        "Абраза Прэзідэнта Рэспублікі Беларусь",
        "Оскорбление Президента Республики Беларусь",
        False,
    ),
    (
        "369",
        "Insulting a representative of authority",
        "Абраза прадстаўніка ўлады",
        "Оскорбление представителя власти",
        False,
    ),
]

SEED_SOURCE_TITLE = "Lukashenko pardons 20 people labeled as political prisoners by rights activists"
SEED_EXCERPT = (
    "Belarusian President Alexander Lukashenko has pardoned 20 individuals labeled as political prisoners by "
    "rights activists. [...] The identities of those released were not disclosed by Belarusian officials, but "
    "the individuals were said to have been convicted of “crimes of an extremist nature.” The group included 11 "
    "women and 14 individuals with chronic illnesses. The presidential administration stated that all those "
    "released had expressed remorse for their actions and asked for clemency. This announcement marks the eighth "
    "such pardon by Lukashenko since the summer of 2024, with a total of 207 political prisoners having been "
    "released according to [...] Viasna. [...] over 1,250 individuals are still in custody, including prominent "
    "opposition figures like Nobel Peace Prize laureate Ales Bialatski and political activists Siarhei "
    "Tsikhanouski and Viktar Babaryka. [...] At least seven political prisoners have died in custody since 2020."
)

# The people the article names as still held. Names only in their standard written forms.
SEED_PEOPLE = [
    {
        "display_name": "Ales Bialiatski",
        "occupation": "Human rights defender",
        "occupation_be": "Праваабаронца",
        "occupation_ru": "Правозащитник",
        "biography": "Nobel Peace Prize laureate, named by the source as a prominent opposition figure still in "
        "custody.",
        "biography_be": "Лаўрэат Нобелеўскай прэміі міру; крыніца называе яго вядомым апазіцыйным дзеячам, які "
        "застаецца пад вартай.",
        "biography_ru": "Лауреат Нобелевской премии мира; источник называет его известным оппозиционным деятелем, "
        "который остаётся под стражей.",
        "names": [
            ("Алесь Бяляцкі", "be", "primary", "Алесь", "Бяляцкі"),
            ("Алесь Беляцкий", "ru", "primary", "Алесь", "Беляцкий"),
            ("Ales Bialiatski", "en", "primary", "Ales", "Bialiatski"),
            ("Ales Bialatski", "en", "variant", "Ales", "Bialatski"),
            ("Aleś Bialacki", "be-latn", "primary", "Aleś", "Bialacki"),
        ],
    },
    {
        "display_name": "Siarhei Tsikhanouski",
        "occupation": "Political activist",
        "occupation_be": "Палітычны актывіст",
        "occupation_ru": "Политический активист",
        "biography": "Political activist, named by the source as a prominent opposition figure still in custody.",
        "biography_be": "Палітычны актывіст; крыніца называе яго вядомым апазіцыйным дзеячам, які застаецца пад "
        "вартай.",
        "biography_ru": "Политический активист; источник называет его известным оппозиционным деятелем, который "
        "остаётся под стражей.",
        "names": [
            ("Сяргей Ціханоўскі", "be", "primary", "Сяргей", "Ціханоўскі"),
            ("Сергей Тихановский", "ru", "primary", "Сергей", "Тихановский"),
            ("Siarhei Tsikhanouski", "en", "primary", "Siarhei", "Tsikhanouski"),
            ("Sergei Tikhanovsky", "en", "variant", "Sergei", "Tikhanovsky"),
            ("Siarhiej Cichanoŭski", "be-latn", "primary", "Siarhiej", "Cichanoŭski"),
        ],
    },
    {
        "display_name": "Viktar Babaryka",
        "occupation": "Political activist",
        "occupation_be": "Палітычны актывіст",
        "occupation_ru": "Политический активист",
        "biography": "Political activist, named by the source as a prominent opposition figure still in custody.",
        "biography_be": "Палітычны актывіст; крыніца называе яго вядомым апазіцыйным дзеячам, які застаецца пад "
        "вартай.",
        "biography_ru": "Политический активист; источник называет его известным оппозиционным деятелем, который "
        "остаётся под стражей.",
        "names": [
            ("Віктар Бабарыка", "be", "primary", "Віктар", "Бабарыка"),
            ("Виктор Бабарико", "ru", "primary", "Виктор", "Бабарико"),
            ("Viktar Babaryka", "en", "primary", "Viktar", "Babaryka"),
            ("Viktor Babariko", "en", "variant", "Viktor", "Babariko"),
            ("Viktar Babaryka", "be-latn", "primary", "Viktar", "Babaryka"),
        ],
    },
]


def load_reference_data() -> None:
    for slug, en, be, ru in REGIONS:
        Region.objects.update_or_create(slug=slug, defaults={"name_en": en, "name_be": be, "name_ru": ru})
    code, _ = CriminalCode.objects.update_or_create(
        country="BY",
        short_name="CC BY",
        defaults={
            "name_en": "Criminal Code of the Republic of Belarus",
            "name_be": "Крымінальны кодэкс Рэспублікі Беларусь",
            "name_ru": "Уголовный кодекс Республики Беларусь",
            "short_name_be": "КК РБ",
            "short_name_ru": "УК РБ",
        },
    )
    for number, title_en, title_be, title_ru, extremist in ARTICLES:
        Article.objects.update_or_create(
            code=code,
            number=number,
            defaults={
                "title_en": title_en,
                "title_be": title_be,
                "title_ru": title_ru,
                "is_extremism_related": extremist,
            },
        )


def _demo_record(model, lookup: dict, defaults: dict, *, update: bool = False):
    """(record, created): the oldest record matching `lookup` — the one an earlier run made — or a new one.

    Not get_or_create: staff may later add a record with the same title or name (a second source with the
    seed article's title), and the demo must still load, not fail with MultipleObjectsReturned.
    """
    found = model.objects.filter(**lookup).order_by("pk").first()
    if found is None:
        return model.objects.create(**lookup, **defaults), True
    if update:
        for field, value in defaults.items():
            setattr(found, field, value)
        found.save()
    return found, False


# The seed article quotes Viasna; it gives no date, criteria or statement link, so none is invented.
SEED_RECOGNISED_BY = "Viasna (as quoted by the source)"
TRANSLATED_PERSON_FIELDS = ["occupation_be", "occupation_ru", "biography_be", "biography_ru"]


def _fill_blank(record, values: dict) -> None:
    """Set the fields that are still empty (translations added later), leaving staff edits alone."""
    blank = {field: value for field, value in values.items() if not getattr(record, field)}
    if blank:
        for field, value in blank.items():
            setattr(record, field, value)
        record.save(update_fields=[*blank, "updated_at"] if hasattr(record, "updated_at") else list(blank))


def seed_source() -> Source:
    # The article names no publisher: none is invented (and no file path is shown to readers).
    source, _ = _demo_record(
        Source,
        {"title": SEED_SOURCE_TITLE, "is_synthetic": False},
        {"publisher": "", "excerpt": SEED_EXCERPT},
        update=True,
    )
    return source


@transaction.atomic
def load_seed_facts() -> None:
    """The seed article's facts, each citing it."""
    source = seed_source()

    series, _ = _demo_record(
        DecreeSeries,
        {"name_en": "Pardons since summer 2024"},
        {
            "name_be": "Памілаванні з лета 2024 года",
            "name_ru": "Помилования с лета 2024 года",
            # "Since the summer of 2024": summer began in June; only the year and month are claimed.
            "started_on": dt.date(2024, 6, 1),
            "started_on_precision": Precision.MONTH,
        },
    )
    # The article gives no date; it speaks of the January 2025 election as upcoming, so: 2024.
    decree, created = _demo_record(
        PardonDecree,
        {"title": "20 people pardoned, names not disclosed", "is_synthetic": False},
        {
            "kind": "pardon",
            "announced_on": dt.date(2024, 1, 1),
            "announced_on_precision": Precision.YEAR,
            "issuing_authority": "President of the Republic of Belarus (Alexander Lukashenko)",
            "announced_total": 20,
            "names_disclosed": False,
            "conditions": "The presidential administration stated that all those released had expressed remorse "
            "for their actions and asked for clemency.",
            "series": series,
            "reported_series_ordinal": 8,
        },
    )
    _fill_blank(
        decree,
        {
            "title_be": "Памілаваныя 20 чалавек, імёны не раскрытыя",
            "title_ru": "Помилованы 20 человек, имена не раскрыты",
            "issuing_authority_be": "Прэзідэнт Рэспублікі Беларусь (Аляксандр Лукашэнка)",
            "issuing_authority_ru": "Президент Республики Беларусь (Александр Лукашенко)",
            "conditions_be": "Адміністрацыя прэзідэнта заявіла, што ўсе вызваленыя раскаяліся ў сваіх дзеяннях "
            "і папрасілі аб памілаванні.",
            "conditions_ru": "Администрация президента заявила, что все освобождённые раскаялись в своих действиях "
            "и попросили о помиловании.",
        },
    )
    decree.sources.add(source)
    if created:
        BreakdownItem.objects.bulk_create(
            [
                BreakdownItem(decree=decree, category=BreakdownCategory.WOMEN, count=11),
                BreakdownItem(decree=decree, category=BreakdownCategory.CHRONICALLY_ILL, count=14),
                BreakdownItem(
                    decree=decree,
                    category=BreakdownCategory.EXTREMIST,
                    count=20,
                    label="convicted of “crimes of an extremist nature”",
                    label_be="асуджаныя за «злачынствы экстрэмісцкай накіраванасці»",
                    label_ru="осуждённые за «преступления экстремистской направленности»",
                ),
            ]
        )

    # (metric, label in en/be/ru, value, qualifier, since, its precision): only what the article says.
    figures = [
        (
            "released_pardon_series",
            (
                "political prisoners released by pardons since summer 2024",
                "палітвязняў, вызваленых памілаваннямі з лета 2024 года",
                "политзаключённых, освобождённых помилованиями с лета 2024 года",
            ),
            207,
            Qualifier.EXACTLY,
            dt.date(2024, 6, 1),
            Precision.MONTH,
        ),
        (
            "held",
            (
                "political prisoners still in custody",
                "палітвязняў па-ранейшаму пад вартай",
                "политзаключённых по-прежнему под стражей",
            ),
            1250,
            Qualifier.OVER,
            None,
            Precision.DAY,
        ),
        (
            "died_in_custody",
            (
                "political prisoners who died in custody since 2020",
                "палітвязняў, якія памерлі пад вартай з 2020 года",
                "политзаключённых, умерших под стражей с 2020 года",
            ),
            7,
            Qualifier.AT_LEAST,
            dt.date(2020, 1, 1),
            Precision.YEAR,
        ),
    ]
    for metric, (label, label_be, label_ru), value, qualifier, since, since_precision in figures:
        figure, _ = _demo_record(
            ReportedFigure,
            {"metric": metric, "reported_by": "Viasna (as quoted by the source)"},
            {
                "label": label,
                "label_be": label_be,
                "label_ru": label_ru,
                "reported_by_be": "«Вясна» (паводле крыніцы)",
                "reported_by_ru": "«Весна» (по данным источника)",
                "value": value,
                "qualifier": qualifier,
                "as_of": dt.date(2024, 1, 1),
                "as_of_precision": Precision.YEAR,
                "since": since,
                "since_precision": since_precision,
            },
            update=True,
        )
        figure.sources.add(source)

    for person in SEED_PEOPLE:
        prisoner, created = _demo_record(
            Prisoner,
            {"display_name": person["display_name"], "is_synthetic": False},
            {
                "occupation": person["occupation"],
                "biography": person["biography"],
                "verification": Verification.RECOGNISED,
                "visibility": Visibility.PUBLIC,
            },
        )
        _fill_blank(prisoner, {field: person[field] for field in TRANSLATED_PERSON_FIELDS})
        if not prisoner.recognitions.exists():
            Recognition.objects.create(prisoner=prisoner, organisation=SEED_RECOGNISED_BY)
        prisoner.sources.add(source)
        for full_name, language, kind, first, last in person["names"]:
            PrisonerName.objects.get_or_create(
                prisoner=prisoner,
                full_name=full_name,
                language=language,
                defaults={"kind": kind, "first_name": first, "last_name": last},
            )
        if not prisoner.custody_periods.exists():
            # Held, per the source; the detention date is not in it, so it stays unknown.
            custody = Custody.objects.create(prisoner=prisoner, kind=CustodyKind.DETENTION, detained_on=None)
            custody.sources.add(source)
        prisoner.refresh_status()


# The demo identifies fictitious people on the seed decree, so its breakdown shows identified counts ("women",
# "chronically ill"). They are synthetic (flagged, fictitious names), and each pardon says so in its notes.
# (sex, the name in Latin, Belarusian and Russian, how many): each language's pages show their own script.
SEED_DECREE_IDENTIFIED = [
    ("female", ("Fiktyŭnaja Pamilavanaja", "Фіктыўная Памілаваная", "Фиктивная Помилованная"), 7),
    ("male", ("Fiktyŭny Pamilavany", "Фіктыўны Памілаваны", "Фиктивный Помилованный"), 5),
]
SEED_DECREE_CHRONICALLY_ILL = 6
DEMO_PARDON_NOTE = "Fictitious demo identification: this person and this link are invented."


def identify_fictitious_people_on_seed_decree() -> int:
    """Create fictitious people pardoned by the seed decree (once); returns how many it identifies now."""
    from pardons.services import record_pardon
    from registry import services

    decree = PardonDecree.objects.filter(sources=seed_source(), is_synthetic=False).order_by("pk").first()
    if decree is None or decree.pardons.exists():
        return decree.pardons.count() if decree else 0
    source = _demo_record(
        Source,
        {"title": "Fictitious demo source", "is_synthetic": True},
        {"publisher": "Demo data (fictitious)"},
    )[0]
    people = []
    for sex, (latin, be, ru), count in SEED_DECREE_IDENTIFIED:
        for number in range(1, count + 1):
            person = Prisoner.objects.create(
                display_name=f"{latin} {number}", sex=sex, visibility=Visibility.PUBLIC, is_synthetic=True
            )
            for language, name in (("be", be), ("ru", ru)):
                PrisonerName.objects.create(prisoner=person, full_name=f"{name} {number}", language=language)
            person.sources.add(source)
            services.record_detention(prisoner=person, detained_on=dt.date(2021, 5, 1), precision=Precision.MONTH)
            people.append(person)
    with transaction.atomic():
        for index, person in enumerate(people):
            record_pardon(
                decree=decree,
                prisoner=person,
                released_on=decree.announced_on,
                precision=decree.announced_on_precision,
                sources=[source],
                notes=DEMO_PARDON_NOTE,
            )
            if index % 2 == 0 and index // 2 < SEED_DECREE_CHRONICALLY_ILL:
                Vulnerability.objects.create(
                    prisoner=person, category=VulnerabilityCategory.CHRONICALLY_ILL, note="Fictitious."
                )
    return len(people)
