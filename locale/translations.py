"""Interface translations (Belarusian, Russian), kept as data and written into the .po files.

Run `python locale/translations.py` after `manage.py makemessages -l be -l ru` to fill the catalogs,
then `manage.py compilemessages`. Plural entries list four forms (one, few, many, fraction), as the
catalogs' Plural-Forms header asks.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from page_texts import PAGE_TEXTS  # beside this script

T: dict[str, tuple] = {
    # choices: pardons
    "pardon": ("памілаванне", "помилование"),
    "amnesty": ("амністыя", "амнистия"),
    "women": ("жанчыны", "женщины"),
    "men": ("мужчыны", "мужчины"),
    "with chronic illnesses": ("з хранічнымі хваробамі", "с хроническими заболеваниями"),
    "pensioners": ("пенсіянеры", "пенсионеры"),
    "under 25": ("да 25 гадоў", "до 25 лет"),
    "with disabilities": ("з інваліднасцю", "с инвалидностью"),
    "convicted of 'extremist' crimes": (
        "асуджаныя за «экстрэмісцкія» злачынствы",
        "осуждённые за «экстремистские» преступления",
    ),
    "parents of minor children": ("бацькі непаўналетніх дзяцей", "родители несовершеннолетних детей"),
    "foreign citizens": ("замежныя грамадзяне", "иностранные граждане"),
    "other (see label)": ("іншае (гл. подпіс)", "другое (см. подпись)"),
    "confirmed": ("пацверджана", "подтверждено"),
    "reported, not yet confirmed": ("паведамлена, яшчэ не пацверджана", "сообщено, ещё не подтверждено"),
    "day": ("дзень", "день"),
    "month": ("месяц", "месяц"),
    "year": ("год", "год"),
    # filters: a label describes the people listed, so in the plural, which says nothing of their sex
    "Name (any spelling, any script)": ("Імя (любое напісанне, любы алфавіт)", "Имя (любое написание, любой алфавит)"),
    "Status": ("Статус", "Статус"),
    "Region": ("Рэгіён", "Регион"),
    "Sex": ("Пол", "Пол"),
    "Article (number, e.g. 342)": ("Артыкул (нумар, напр. 342)", "Статья (номер, напр. 342)"),
    "Held now in facility": ("Зараз утрымліваюцца ва ўстанове", "Сейчас содержатся в учреждении"),
    "Pardoned by decree": ("Памілаваныя ўказам", "Помилованы указом"),
    "Year detained": ("Год затрымання", "Год задержания"),
    "Detained on or after": ("Затрыманыя не раней за", "Задержаны не ранее"),
    "Detained on or before": ("Затрыманыя не пазней за", "Задержаны не позднее"),
    "Released on or after": ("Вызваленыя не раней за", "Освобождены не ранее"),
    "Released on or before": ("Вызваленыя не пазней за", "Освобождены не позднее"),
    "Sentence at least (months)": ("Тэрмін не менш за (месяцаў)", "Срок не меньше (месяцев)"),
    "Sentence at most (months)": ("Тэрмін не больш за (месяцаў)", "Срок не больше (месяцев)"),
    "Release reason": ("Падстава вызвалення", "Основание освобождения"),
    "Pardoned by a decree since": ("Памілаваныя ўказам пачынаючы з", "Помилованы указом начиная с"),
    "Recognised on or after": ("Прызнаныя не раней за", "Признаны не ранее"),
    "Changed since (ISO 8601 date-time)": (
        "Зменена пасля (дата і час ISO 8601)",
        "Изменено после (дата и время ISO 8601)",
    ),
    # facilities, custody
    "temporary detention centre (IVS / TsIP)": (
        "ізалятар часовага ўтрымання (ІЧУ / ЦІП)",
        "изолятор временного содержания (ИВС / ЦИП)",
    ),
    "pre-trial detention centre (SIZO)": ("следчы ізалятар (СІЗА)", "следственный изолятор (СИЗО)"),
    "penal colony": ("папраўчая калонія", "исправительная колония"),
    "prison": ("турма", "тюрьма"),
    "colony-settlement": ("калонія-пасяленне", "колония-поселение"),
    "open-type correctional institution": (
        "папраўчая ўстанова адкрытага тыпу",
        "исправительное учреждение открытого типа",
    ),
    "medical or psychiatric institution": (
        "лячэбная або псіхіятрычная ўстанова",
        "лечебное или психиатрическое учреждение",
    ),
    "other": ("іншае", "другое"),
    "detention / imprisonment": ("затрыманне / пазбаўленне волі", "задержание / лишение свободы"),
    "house arrest": ("хатні арышт", "домашний арест"),
    "restricted freedom": ("абмежаванне волі", "ограничение свободы"),
    "not released": ("не вызвалены", "не освобождён"),
    "sentence served": ("тэрмін адбыты", "срок отбыт"),
    "parole": ("умоўна-датэрміновае вызваленне", "условно-досрочное освобождение"),
    "sentence changed": ("пакаранне зменена", "наказание изменено"),
    "died in custody": ("памёр у зняволенні", "умер в заключении"),
    "unknown": ("невядома", "неизвестно"),
    # release reasons and events as nouns: true of anyone, as a participle would not be (вызвалены, вызваленая)
    "release reason\x04acquitted": ("апраўданне", "оправдание"),
    "release reason\x04deported / forced exile": (
        "дэпартацыя / прымусовая эміграцыя",
        "депортация / принудительная эмиграция",
    ),
    "release reason\x04died in custody": ("смерць у зняволенні", "смерть в заключении"),
    "event\x04recognised as a political prisoner": ("прызнанне палітвязнем", "признание политзаключённым"),
    "event\x04denied family visits": ("пазбаўленне спатканняў з сям'ёй", "лишение свиданий с семьёй"),
    "event\x04denied a lawyer": ("недапушчэнне адваката", "недопуск адвоката"),
    "event\x04denied medical care": ("адмова ў медыцынскай дапамозе", "отказ в медицинской помощи"),
    "event\x04placed in a punishment cell": ("змяшчэнне ў ШІЗА", "помещение в ШИЗО"),
    "event\x04Recognised as a political prisoner": ("Прызнанне палітвязнем", "Признание политзаключённым"),
    "event\x04Detained": ("Затрыманне", "Задержание"),
    "event\x04Died in custody": ("Смерць у зняволенні", "Смерть в заключении"),
    "event\x04Released": ("Вызваленне", "Освобождение"),
    "event\x04Sentenced": ("Прысуд", "Приговор"),
    "event\x04Pardoned": ("Памілаванне", "Помилование"),
    "event\x04Released by pardon": ("Вызваленне паводле памілавання", "Освобождение по помилованию"),
    # a count's label (a release's changes: "Released: 12"), impersonal as a count is said: вызвалена 12 чалавек
    "number of people\x04Released": ("Вызвалена", "Освобождено"),
    "number of people\x04Detained again": ("Затрымана зноў", "Задержано снова"),
    "number of people\x04Died in custody": ("Памерла ў зняволенні", "Умерло в заключении"),
    # events
    "recognised as a political prisoner": ("прызнаны палітвязнем", "признан политзаключённым"),
    "held incommunicado": ("утрымліваецца інкамунікада", "содержится инкоммуникадо"),
    "hunger strike": ("галадоўка", "голодовка"),
    "new charges": ("новае абвінавачанне", "новое обвинение"),
    "health deteriorated": ("здароўе пагоршылася", "здоровье ухудшилось"),
    "exactly": ("роўна", "ровно"),
    "about": ("каля", "около"),
    "at least": ("не менш за", "не менее"),
    "over": ("больш за", "более"),
    # law
    "imprisonment": ("пазбаўленне волі", "лишение свободы"),
    "home confinement": ("хатняя хімія", "домашняя химия"),
    "fine": ("штраф", "штраф"),
    "correctional labour": ("папраўчыя работы", "исправительные работы"),
    "compulsory psychiatric treatment": ("прымусовае псіхіятрычнае лячэнне", "принудительное психиатрическое лечение"),
    "suspended sentence": ("умоўны тэрмін", "условный срок"),
    "not applicable / unknown": ("не прымяняецца / невядома", "не применяется / неизвестно"),
    "general regime": ("агульны рэжым", "общий режим"),
    "enhanced regime": ("узмоцнены рэжым", "усиленный режим"),
    "strict regime": ("строгі рэжым", "строгий режим"),
    "special regime": ("асаблівы рэжым", "особый режим"),
    "prison regime": ("турэмны рэжым", "тюремный режим"),
    "no appeal recorded": ("апеляцыя не запісана", "апелляция не записана"),
    "pending": ("на разглядзе", "на рассмотрении"),
    "verdict upheld": ("прысуд пакінуты ў сіле", "приговор оставлен в силе"),
    "sentence reduced": ("тэрмін скарочаны", "срок сокращён"),
    "sentence increased": ("тэрмін павялічаны", "срок увеличен"),
    "verdict overturned": ("прысуд адменены", "приговор отменён"),
    "life": ("пажыццёва", "пожизненно"),
    "life imprisonment": ("пажыццёвае пазбаўленне волі", "пожизненное лишение свободы"),
    # after a length ("6 months imprisonment"): the genitive, 6 месяцаў пазбаўлення волі
    "sentence kind after its length\x04imprisonment": ("пазбаўлення волі", "лишения свободы"),
    "sentence kind after its length\x04restricted freedom": ("абмежавання волі", "ограничения свободы"),
    "sentence kind after its length\x04home confinement": ("хатняй хіміі", "домашней химии"),
    "sentence kind after its length\x04fine": ("штрафу", "штрафа"),
    "sentence kind after its length\x04correctional labour": ("папраўчых работ", "исправительных работ"),
    "sentence kind after its length\x04compulsory psychiatric treatment": (
        "прымусовага псіхіятрычнага лячэння",
        "принудительного психиатрического лечения",
    ),
    "sentence kind after its length\x04suspended sentence": ("умоўнага тэрміну", "условного срока"),
    "sentence kind after its length\x04other": ("іншага пакарання", "иного наказания"),
    # people
    "public": ("публічны", "публичный"),
    "anonymous": ("ананімны", "анонимный"),
    "private": ("непублічны", "непубличный"),
    "in custody": ("за кратамі", "в заключении"),
    "restricted freedom / house arrest": ("абмежаванне волі / хатні арышт", "ограничение свободы / домашний арест"),
    "released": ("вызвалены", "освобождён"),
    "said of a woman\x04released": ("вызваленая", "освобождена"),
    "said of a woman\x04died in custody": ("памерла ў зняволенні", "умерла в заключении"),
    "said of a woman\x04recognised as a political prisoner": ("прызнаная палітвязынкай", "признана политзаключённой"),
    # a count's or a filter's label: a group, in the plural
    "said of a group\x04released": ("вызваленыя", "освобождены"),
    "said of a group\x04died in custody": ("памерлі ў зняволенні", "умерли в заключении"),
    "said of a group\x04recognised as a political prisoner": ("прызнаныя палітвязнямі", "признаны политзаключёнными"),
    "female": ("жанчына", "женщина"),
    "male": ("мужчына", "мужчина"),
    "not recorded": ("не пазначана", "не указано"),
    "primary name in this language": ("асноўнае імя на гэтай мове", "основное имя на этом языке"),
    "other spelling": ("іншае напісанне", "другое написание"),
    "alias": ("псеўданім", "псевдоним"),
    "maiden name": ("дзявочае прозвішча", "девичья фамилия"),
    "former name": ("ранейшае імя", "прежнее имя"),
    "Belarusian": ("па-беларуску", "по-белорусски"),
    "Russian": ("па-руску", "по-русски"),
    "English / Latin": ("па-англійску / лацінкай", "по-английски / латиницей"),
    "Belarusian Łacinka": ("беларуская лацінка", "белорусская латинка"),
    # timeline
    # labels, so the facility's name needs no case and the entry no tense
    "Held in": ("Месца ўтрымання", "Место содержания"),
    "before a facility's name\x04Held in": ("Месца ўтрымання:", "Место содержания:"),
    "Recognised as a political prisoner by": ("Прызнанне палітвязнем", "Признание политзаключённым"),
    "In custody since": ("Пад вартай з", "Под стражей с"),
    "Under house arrest since": ("Пад хатнім арыштам з", "Под домашним арестом с"),
    "Restricted freedom since": ("Абмежаванне волі з", "Ограничение свободы с"),
    "the term has ended, but no release is recorded": (
        "тэрмін скончыўся, але вызваленне не запісана",
        "срок истёк, но освобождение не записано",
    ),
    "Days in custody, house arrest and restricted freedom included": (
        "Дзён пад вартай, уключаючы хатні арышт і абмежаванне волі",
        "Дней под стражей, включая домашний арест и ограничение свободы",
    ),
    "Charged under": ("Абвінавачванне па", "Обвинение по"),
    "Expected release": ("Чаканае вызваленне", "Ожидаемое освобождение"),
    "none: a life sentence": ("няма: пажыццёвае зняволенне", "нет: пожизненное заключение"),
    "Days behind bars": ("Дзён за кратамі", "Дней за решёткой"),
    "about %(days)s": ("каля %(days)s", "около %(days)s"),
    "date not known": ("дата невядомая", "дата неизвестна"),
    "Sentence": ("Прысуд", "Приговор"),
    "Pardon reported, not yet confirmed": (
        "Паведамлялася пра памілаванне, яшчэ не пацверджана",
        "Сообщалось о помиловании, ещё не подтверждено",
    ),
    "Appeal": ("Апеляцыя", "Апелляция"),
    "decree announced %(date)s": ("указ абвешчаны: %(date)s", "указ объявлен: %(date)s"),
    # list and statistics
    "Name": ("Імя", "Имя"),
    "Recently recognised": ("Нядаўна прызнаныя", "Недавно признанные"),
    "Recently updated": ("Нядаўна абноўленыя", "Недавно обновлённые"),
    "Best match": ("Найлепшае супадзенне", "Лучшее совпадение"),
    "People held, on the first day of each month": (
        "Колькасць зняволеных на першы дзень кожнага месяца",
        "Число заключённых на первый день каждого месяца",
    ),
    "Month": ("Месяц", "Месяц"),
    "Held": ("За кратамі", "В заключении"),
    "Releases per month, by reason": ("Вызваленні па месяцах і падставах", "Освобождения по месяцам и основаниям"),
    "Releases since 2020, by reason": ("Вызваленні з 2020 года па падставах", "Освобождения с 2020 года по основаниям"),
    "Reason": ("Падстава", "Основание"),
    "Releases": ("Вызваленні", "Освобождения"),
    "People pardoned per decree: announced and identified": (
        "Памілаваныя па ўказах: абвешчана і ўстаноўлена",
        "Помилованные по указам: объявлено и установлено",
    ),
    "Decree announced": ("Указ абвешчаны", "Указ объявлен"),
    "Announced": ("Абвешчана", "Объявлено"),
    "Identified": ("Устаноўлена", "Установлено"),
    "People in the registry, by status": ("Людзі ў рэестры па статусе", "Люди в реестре по статусу"),
    "People": ("Людзей", "Человек"),
    "People in the registry, by region": ("Людзі ў рэестры па рэгіёнах", "Люди в реестре по регионам"),
    "People in the registry, by sex": ("Людзі ў рэестры па поле", "Люди в реестре по полу"),
    "People in the registry, by article of conviction": (
        "Людзі ў рэестры па артыкулах асуджэння",
        "Люди в реестре по статьям осуждения",
    ),
    "Article": ("Артыкул", "Статья"),
    "Announced, not yet identified": ("Абвешчана, яшчэ не ўстаноўлена", "Объявлено, ещё не установлено"),
    "Copy address": ("Скапіяваць адрас", "Скопировать адрес"),
    "Copied": ("Скапіявана", "Скопировано"),
    # base
    "Political Prisoner Registry": ("Рэестр палітвязняў", "Реестр политзаключённых"),
    "Skip to content": ("Перайсці да зместу", "Перейти к содержанию"),
    "Language": ("Мова", "Язык"),
    "Main": ("Галоўнае меню", "Главное меню"),
    "Home": ("Галоўная", "Главная"),
    "Prisoners": ("Вязні", "Заключённые"),
    "Pardon decrees": ("Указы аб памілаванні", "Указы о помиловании"),
    "Facilities": ("Установы", "Учреждения"),
    "Statistics": ("Статыстыка", "Статистика"),
    "Every number on this site is computed from the registry's records, each of which cites its sources. "
    "People whose families asked for it are counted but not named.": (
        "Кожная лічба на сайце вылічана з запісаў рэестра, і кожны запіс спасылаецца на крыніцы. "
        "Людзі, чые сем'і пра гэта папрасілі, улічаныя, але не названыя.",
        "Каждое число на сайте вычислено из записей реестра, и каждая запись ссылается на источники. "
        "Люди, чьи семьи об этом попросили, учтены, но не названы.",
    ),
    "This site loads nothing from other servers: no fonts, scripts, analytics or maps from elsewhere.": (
        "Гэты сайт нічога не загружае з іншых сервераў: ні шрыфтоў, ні скрыптоў, ні аналітыкі, ні мапаў.",
        "Этот сайт ничего не загружает с других серверов: ни шрифтов, ни скриптов, ни аналитики, ни карт.",
    ),
    # home
    "Political prisoners in Belarus": ("Палітвязні ў Беларусі", "Политзаключённые в Беларуси"),
    "Figures as of %(date)s, computed from the records in this registry.": (
        "Лічбы на %(date)s, вылічаныя з запісаў гэтага рэестра.",
        "Данные на %(date)s, вычисленные из записей этого реестра.",
    ),
    "Headline figures": ("Галоўныя лічбы", "Главные цифры"),
    "held now": ("зараз за кратамі", "сейчас в заключении"),
    "%(identified)s of them identified here, named or not": (
        "з іх %(identified)s устаноўлена тут, з імёнамі і без",
        "из них %(identified)s установлено здесь, с именами и без",
    ),
    "Figures reported by others": ("Лічбы, якія прыводзяць іншыя", "Цифры, которые приводят другие"),
    "For comparison; never added into the registry's own counts.": (
        "Для параўнання; у лічбы рэестра не дадаюцца.",
        "Для сравнения; в подсчёты реестра не добавляются.",
    ),
    "Latest pardon decrees": ("Апошнія ўказы аб памілаванні", "Последние указы о помиловании"),
    "identified %(identified)s of %(total)s": (
        "устаноўлена %(identified)s з %(total)s",
        "установлено %(identified)s из %(total)s",
    ),
    "%(identified)s identified, total not announced": (
        "устаноўлена %(identified)s, агульная колькасць не абвешчана",
        "установлено %(identified)s, общее число не объявлено",
    ),
    "No decrees recorded yet.": ("Указаў яшчэ няма.", "Указов пока нет."),
    "All decrees": ("Усе ўказы", "Все указы"),
    "Recently updated profiles": ("Нядаўна абноўленыя профілі", "Недавно обновлённые профили"),
    "Search all prisoners": ("Пошук сярод усіх вязняў", "Поиск среди всех заключённых"),
    "Bar": ("Слупок", "Столбец"),
    "No data yet.": ("Даных пакуль няма.", "Данных пока нет."),
    "Download the numbers (CSV)": ("Спампаваць лічбы (CSV)", "Скачать данные (CSV)"),
    "for Excel": ("для Excel", "для Excel"),
    "The numbers are in the table below.": ("Лічбы — у табліцы ніжэй.", "Числа — в таблице ниже."),
    "Show the numbers": ("Паказаць лічбы", "Показать числа"),
    "detained %(date)s": ("затрыманне: %(date)s", "задержание: %(date)s"),
    "arrived %(date)s": ("прыбыццё: %(date)s", "прибытие: %(date)s"),
    "month after since\x04F Y": ("E Y г.", "E Y г."),
    # when something happened, after a verb (абвешчана ў верасні 2024 г.): the month in the locative
    "when, after a verb\x04in %(year)s": ("ў %(year)s г.", "в %(year)s г."),
    "when, after a verb\x04in January %(year)s": ("ў студзені %(year)s г.", "в январе %(year)s г."),
    "when, after a verb\x04in February %(year)s": ("ў лютым %(year)s г.", "в феврале %(year)s г."),
    "when, after a verb\x04in March %(year)s": ("ў сакавіку %(year)s г.", "в марте %(year)s г."),
    "when, after a verb\x04in April %(year)s": ("ў красавіку %(year)s г.", "в апреле %(year)s г."),
    "when, after a verb\x04in May %(year)s": ("ў траўні %(year)s г.", "в мае %(year)s г."),
    "when, after a verb\x04in June %(year)s": ("ў чэрвені %(year)s г.", "в июне %(year)s г."),
    "when, after a verb\x04in July %(year)s": ("ў ліпені %(year)s г.", "в июле %(year)s г."),
    "when, after a verb\x04in August %(year)s": ("ў жніўні %(year)s г.", "в августе %(year)s г."),
    "when, after a verb\x04in September %(year)s": ("ў верасні %(year)s г.", "в сентябре %(year)s г."),
    "when, after a verb\x04in October %(year)s": ("ў кастрычніку %(year)s г.", "в октябре %(year)s г."),
    "when, after a verb\x04in November %(year)s": ("ў лістападзе %(year)s г.", "в ноябре %(year)s г."),
    "when, after a verb\x04in December %(year)s": ("ў снежні %(year)s г.", "в декабре %(year)s г."),
    "No one matches.": ("Нікога не знойдзена.", "Никого не найдено."),
    "Sources": ("Крыніцы", "Источники"),
    "archived copy": ("архіўная копія", "архивная копия"),
    # decrees
    "%(kind)s announced %(date)s": ("%(kind)s, абвешчана %(date)s", "%(kind)s, объявлено %(date)s"),
    "announced as pardoned": ("абвешчана памілаванымі", "объявлено помилованными"),
    "total not announced": ("колькасць не абвешчана", "число не объявлено"),
    "identified of %(total)s": ("устаноўлена з %(total)s", "установлено из %(total)s"),
    "identified": ("устаноўлена", "установлено"),
    "in the series “%(series)s”": ("у серыі «%(series)s»", "в серии «%(series)s»"),
    "the source reported no. %(n)s": ("крыніца паведаміла № %(n)s", "источник сообщил № %(n)s"),
    "More people are identified than the announced total: the announcement or a record needs checking.": (
        "Устаноўлена больш людзей, чым абвешчана: трэба праверыць паведамленне або запіс.",
        "Установлено больше людей, чем объявлено: нужно проверить сообщение или запись.",
    ),
    "Issued by": ("Кім выдадзены", "Кем издан"),
    "Signed": ("Падпісаны", "Подписан"),
    "not known": ("невядома", "неизвестно"),
    "Decree number": ("Нумар указа", "Номер указа"),
    "not published": ("не апублікаваны", "не опубликован"),
    "Names disclosed by the authorities": ("Імёны раскрытыя ўладамі", "Имена раскрыты властями"),
    "yes": ("так", "да"),
    "no": ("не", "нет"),
    "Stated conditions": ("Заяўленыя ўмовы", "Заявленные условия"),
    "Announced breakdown": ("Абвешчаная структура", "Объявленная структура"),
    "Group": ("Група", "Группа"),
    "Identified here": ("Устаноўлена тут", "Установлено здесь"),
    "Pardon or amnesty": ("Памілаванне або амністыя", "Помилование или амнистия"),
    "Series (id)": ("Серыя (id)", "Серия (id)"),
    "Announced on or after": ("Абвешчана не раней за", "Объявлено не раньше"),
    "Announced on or before": ("Абвешчана не пазней за", "Объявлено не позже"),
    "Did the authorities publish the names?": ("Ці апублікавалі ўлады імёны?", "Опубликовали ли власти имена?"),
    # Django's validation messages in the official orthography (registry/site/form_messages.py); Russian as Django's
    "Select a valid choice. %(value)s is not one of the available choices.": (
        "Выберыце правільны варыянт. %(value)s няма сярод даступных значэнняў.",
        "Выберите корректный вариант. %(value)s нет среди допустимых значений.",
    ),
    "Select a valid choice. That choice is not one of the available choices.": (
        "Выберыце правільны варыянт. Выбранага варыянта няма сярод даступных значэнняў.",
        "Выберите корректный вариант. Вашего варианта нет среди допустимых значений.",
    ),
    "Enter a valid date.": ("Увядзіце правільную дату.", "Введите правильную дату."),
    "Enter a number.": ("Увядзіце лік.", "Введите число."),
    "Ensure this value is greater than or equal to %(limit_value)s.": (
        "Значэнне павінна быць не менш за %(limit_value)s.",
        "Убедитесь, что это значение больше либо равно %(limit_value)s.",
    ),
    "Ensure this value is less than or equal to %(limit_value)s.": (
        "Значэнне павінна быць не больш за %(limit_value)s.",
        "Убедитесь, что это значение меньше либо равно %(limit_value)s.",
    ),
    "Enter a valid URL.": ("Увядзіце правільную спасылку.", "Введите правильный URL."),
    "Use true or false.": ("Укажыце true або false.", "Укажите true или false."),
    "Use a moment between 1900 and 2100.": (
        "Укажыце момант паміж 1900 і 2100 гадамі.",
        "Укажите момент между 1900 и 2100 годами.",
    ),
    "Identified here counts only people we name: too few of the people identified are withheld to count them "
    "without revealing who they are.": (
        "«Устаноўлена тут» лічыць толькі людзей, якіх мы называем: людзей, чые імёны не раскрываюцца, "
        "занадта мала, каб лічыць іх і не выдаць, хто яны.",
        "«Установлено здесь» считает только людей, которых мы называем: людей, чьи имена не раскрываются, "
        "слишком мало, чтобы считать их и не выдать, кто они.",
    ),
    "People identified": ("Устаноўленыя людзі", "Установленные люди"),
    "released %(date)s": ("вызваленне: %(date)s", "освобождение: %(date)s"),
    "No one identified yet.": ("Пакуль нікога не ўстаноўлена.", "Пока никто не установлен."),
    "Since %(date)s — decrees: %(decrees)s; people announced as pardoned: %(announced)s; of them identified in "
    "this registry: %(identified)s.": (
        "З %(date)s: указаў — %(decrees)s, абвешчана памілаваных — %(announced)s, з іх устаноўлена ў рэестры — "
        "%(identified)s.",
        "С %(date)s: указов — %(decrees)s, объявлено помилованных — %(announced)s, из них установлено в реестре — "
        "%(identified)s.",
    ),
    "Kind": ("Від", "Вид"),
    "Announced total": ("Абвешчана ўсяго", "Объявлено всего"),
    "In series": ("У серыі", "В серии"),
    "not announced": ("не абвешчана", "не объявлено"),
    "no. %(n)s of “%(series)s”": ("№ %(n)s у серыі «%(series)s»", "№ %(n)s в серии «%(series)s»"),
    "source says no. %(n)s": ("паводле крыніцы № %(n)s", "по источнику № %(n)s"),
    "Pages": ("Старонкі", "Страницы"),
    "« Newer": ("« Навейшыя", "« Новее"),
    "Older »": ("Старэйшыя »", "Старше »"),
    # facilities
    "Place": ("Месца", "Место"),
    "Held now": ("Зараз за кратамі", "Сейчас в заключении"),
    "Address for letters": ("Адрас для лістоў", "Адрес для писем"),
    "Held here now": ("Зараз утрымліваюцца тут", "Сейчас содержатся здесь"),
    "All %(count)s named people held here": (
        "Усе %(count)s названыя людзі, якія тут утрымліваюцца",
        "Все %(count)s названных людей, содержащихся здесь",
    ),
    "Places of detention, with the address for letters and how many political prisoners are held there now.": (
        "Месцы зняволення з адрасам для лістоў і колькасцю палітвязняў, якія там зараз утрымліваюцца.",
        "Места заключения с адресом для писем и числом политзаключённых, которые там сейчас содержатся.",
    ),
    "Facility": ("Установа", "Учреждение"),
    "No facilities recorded yet.": ("Установаў пакуль няма.", "Учреждений пока нет."),
    # profile
    "Photo of %(name)s": ("Фота: %(name)s", "Фото: %(name)s"),
    "Names": ("Імёны", "Имена"),
    "Names in other scripts": ("Імёны ў іншых напісаннях", "Имена в других написаниях"),
    "Born": ("Дата нараджэння", "Дата рождения"),
    "Occupation": ("Занятак", "Род занятий"),
    "Where held now": ("Дзе зараз утрымліваецца", "Где сейчас содержится"),
    "Biography": ("Біяграфія", "Биография"),
    "Timeline": ("Храналогія", "Хронология"),
    "date unknown": ("дата невядомая", "дата неизвестна"),
    "art.": ("арт.", "ст."),
    "part": ("ч.", "ч."),
    "No dated records yet.": ("Запісаў з датамі пакуль няма.", "Записей с датами пока нет."),
    # list
    "Search": ("Шукаць", "Искать"),
    "Filters and sorting": ("Фільтры і сартаванне", "Фильтры и сортировка"),
    "Skip to the results": ("Перайсці да вынікаў", "Перейти к результатам"),
    "Any region": ("Любы рэгіён", "Любой регион"),
    "Any": ("Любы", "Любой"),
    "Article of conviction": ("Артыкул асуджэння", "Статья осуждения"),
    "Any article": ("Любы артыкул", "Любая статья"),
    "Any facility": ("Любая ўстанова", "Любое учреждение"),
    "Sentence length (months)": ("Тэрмін (месяцаў)", "Срок (месяцев)"),
    "at most": ("не больш за", "не более"),
    "Recognised as a political prisoner on or after": (
        "Прызнаныя палітвязнямі не раней за",
        "Признаны политзаключёнными не ранее",
    ),
    "Also filtered by:": ("Таксама адфільтравана па:", "Также отфильтровано по:"),
    "Sort by": ("Сартаваць па", "Сортировать по"),
    "Apply filters": ("Ужыць фільтры", "Применить фильтры"),
    "Clear all": ("Скінуць усё", "Сбросить всё"),
    "« First page": ("« Першая старонка", "« Первая страница"),
    "Next page »": ("Наступная старонка »", "Следующая страница »"),
    "Charts on this page": ("Графікі на гэтай старонцы", "Графики на этой странице"),
    "As of %(date)s. People whose names are withheld are counted, but a row of the tables by status, region, sex "
    "and article, a cell of releases by month and reason, and a count of people without contact or over 60 take "
    "them only when at least %(least)s are in it; records not yet verified are counted too. Dates known only to "
    "the year are left out of monthly charts.": (
        "Звесткі на %(date)s: людзі, чые імёны не раскрываюцца, улічаныя, але радок табліц па статусе, рэгіёне, "
        "поле і артыкуле, клетка вызваленняў па месяцы і прычыне і лік людзей без сувязі або старэйшых за 60 "
        "ўлічваюць іх, толькі калі іх там не менш за %(least)s; неправераныя запісы таксама ўлічаныя. Даты, "
        "вядомыя толькі да года, у месячныя графікі не трапляюць.",
        "Данные на %(date)s: люди, чьи имена не раскрываются, учтены, но строка таблиц по статусу, региону, полу "
        "и статье, ячейка освобождений по месяцу и причине и число людей без связи или старше 60 учитывают их, "
        "только если их там не меньше %(least)s; непроверенные записи тоже учтены. Даты, известные только до "
        "года, в помесячные графики не попадают.",
    ),
}

# Month names: nominative for the date format's F, genitive (context "alt. month") for E.
# The reader pages' longer texts live beside this file; a key in both would be a mistake.
assert not set(PAGE_TEXTS) & set(T), set(PAGE_TEXTS) & set(T)
T.update(PAGE_TEXTS)

MONTHS: dict[str, tuple] = {
    "January": ("студзень", "январь"),
    "alt. month\x04January": ("студзеня", "января"),
    "February": ("люты", "февраль"),
    "alt. month\x04February": ("лютага", "февраля"),
    "March": ("сакавік", "март"),
    "alt. month\x04March": ("сакавіка", "марта"),
    "April": ("красавік", "апрель"),
    "alt. month\x04April": ("красавіка", "апреля"),
    "May": ("травень", "май"),
    "alt. month\x04May": ("траўня", "мая"),
    "June": ("чэрвень", "июнь"),
    "alt. month\x04June": ("чэрвеня", "июня"),
    "July": ("ліпень", "июль"),
    "alt. month\x04July": ("ліпеня", "июля"),
    "August": ("жнівень", "август"),
    "alt. month\x04August": ("жніўня", "августа"),
    "September": ("верасень", "сентябрь"),
    "alt. month\x04September": ("верасня", "сентября"),
    "October": ("кастрычнік", "октябрь"),
    "alt. month\x04October": ("кастрычніка", "октября"),
    "November": ("лістапад", "ноябрь"),
    "alt. month\x04November": ("лістапада", "ноября"),
    "December": ("снежань", "декабрь"),
    "alt. month\x04December": ("снежня", "декабря"),
}

# Plural entries: msgid → (be forms, ru forms), four forms each.
P: dict[str, tuple] = {
    "%(people)s person announced, %(identified)s identified": (
        [
            "абвешчаны %(people)s чалавек, устаноўлена %(identified)s",
            "абвешчана %(people)s чалавекі, устаноўлена %(identified)s",
            "абвешчана %(people)s чалавек, устаноўлена %(identified)s",
            "абвешчана %(people)s чалавека, устаноўлена %(identified)s",
        ],
        [
            "объявлен %(people)s человек, установлено %(identified)s",
            "объявлено %(people)s человека, установлено %(identified)s",
            "объявлено %(people)s человек, установлено %(identified)s",
            "объявлено %(people)s человека, установлено %(identified)s",
        ],
    ),
    "people pardoned since %(date)s by %(decrees)s decree": (
        [
            "памілаваных з %(date)s па %(decrees)s указе",
            "памілаваных з %(date)s па %(decrees)s указах",
            "памілаваных з %(date)s па %(decrees)s указах",
            "памілаваных з %(date)s па %(decrees)s указах",
        ],
        [
            "помилованных с %(date)s по %(decrees)s указу",
            "помилованных с %(date)s по %(decrees)s указам",
            "помилованных с %(date)s по %(decrees)s указам",
            "помилованных с %(date)s по %(decrees)s указам",
        ],
    ),
    "%(counter)s name withheld at the family's request.": (
        [
            "%(counter)s імя не раскрываецца па просьбе сям'і.",
            "%(counter)s імёны не раскрываюцца па просьбе сем'яў.",
            "%(counter)s імёнаў не раскрываецца па просьбе сем'яў.",
            "%(counter)s імя не раскрываецца па просьбе сем'яў.",
        ],
        [
            "%(counter)s имя не раскрывается по просьбе семьи.",
            "%(counter)s имени не раскрываются по просьбе семей.",
            "%(counter)s имён не раскрывается по просьбе семей.",
            "%(counter)s имени не раскрывается по просьбе семей.",
        ],
    ),
    "%(counter)s name withheld": (
        [
            "%(counter)s імя не раскрываецца",
            "%(counter)s імёны не раскрываюцца",
            "%(counter)s імёнаў не раскрываецца",
            "%(counter)s імя не раскрываецца",
        ],
        [
            "%(counter)s имя не раскрывается",
            "%(counter)s имени не раскрываются",
            "%(counter)s имён не раскрывается",
            "%(counter)s имени не раскрывается",
        ],
    ),
    "%(n)d year": (
        ["%(n)d год", "%(n)d гады", "%(n)d гадоў", "%(n)d года"],
        ["%(n)d год", "%(n)d года", "%(n)d лет", "%(n)d года"],
    ),
    "%(n)d month": (
        ["%(n)d месяц", "%(n)d месяцы", "%(n)d месяцаў", "%(n)d месяца"],
        ["%(n)d месяц", "%(n)d месяца", "%(n)d месяцев", "%(n)d месяца"],
    ),
    "%(named)s listed by name; %(withheld)s person is counted whose name is withheld for their safety.": (
        [
            "%(named)s названыя ў спісе; %(withheld)s чалавек улічаны, але імя не раскрываецца дзеля бяспекі.",
            "%(named)s названыя ў спісе; %(withheld)s чалавекі ўлічаныя, але імёны не раскрываюцца дзеля бяспекі.",
            "%(named)s названыя ў спісе; %(withheld)s чалавек улічаныя, але імёны не раскрываюцца дзеля бяспекі.",
            "%(named)s названыя ў спісе; %(withheld)s чалавека ўлічаныя, але імёны не раскрываюцца дзеля бяспекі.",
        ],
        [
            "%(named)s названы в списке; %(withheld)s человек учтён, но имя не раскрывается ради безопасности.",
            "%(named)s названы в списке; %(withheld)s человека учтены, но имена не раскрываются ради безопасности.",
            "%(named)s названы в списке; %(withheld)s человек учтены, но имена не раскрываются ради безопасности.",
            "%(named)s названы в списке; %(withheld)s человека учтены, но имена не раскрываются ради безопасности.",
        ],
    ),
    "no news for %(shown)s day": (
        [
            "няма вестак %(shown)s дзень",
            "няма вестак %(shown)s дні",
            "няма вестак %(shown)s дзён",
            "няма вестак %(shown)s дня",
        ],
        [
            "нет вестей %(shown)s день",
            "нет вестей %(shown)s дня",
            "нет вестей %(shown)s дней",
            "нет вестей %(shown)s дня",
        ],
    ),
    # a headline figure's label, agreeing with the number above it
    "release since 2020": (
        ["вызваленне з 2020 года", "вызваленні з 2020 года", "вызваленняў з 2020 года", "вызвалення з 2020 года"],
        [
            "освобождение с 2020 года",
            "освобождения с 2020 года",
            "освобождений с 2020 года",
            "освобождения с 2020 года",
        ],
    ),
    "pardon decree in the last 12 months": (
        [
            "указ аб памілаванні за 12 месяцаў",
            "указы аб памілаванні за 12 месяцаў",
            "указаў аб памілаванні за 12 месяцаў",
            "указа аб памілаванні за 12 месяцаў",
        ],
        [
            "указ о помиловании за 12 месяцев",
            "указа о помиловании за 12 месяцев",
            "указов о помиловании за 12 месяцев",
            "указа о помиловании за 12 месяцев",
        ],
    ),
    "death in custody since 2020": (
        [
            "смерць у зняволенні з 2020 года",
            "смерці ў зняволенні з 2020 года",
            "смерцяў у зняволенні з 2020 года",
            "смерці ў зняволенні з 2020 года",
        ],
        [
            "смерть в заключении с 2020 года",
            "смерти в заключении с 2020 года",
            "смертей в заключении с 2020 года",
            "смерти в заключении с 2020 года",
        ],
    ),
    # a record, not a person, is verified: said of a person, Belarusian and Russian would need their sex
    "Including %(shown)s record not yet verified (one source so far).": (
        [
            "У тым ліку %(shown)s запіс яшчэ не правераны (пакуль адна крыніца).",
            "У тым ліку %(shown)s запісы яшчэ не правераныя (пакуль адна крыніца).",
            "У тым ліку %(shown)s запісаў яшчэ не правераныя (пакуль адна крыніца).",
            "У тым ліку %(shown)s запісу яшчэ не правераныя (пакуль адна крыніца).",
        ],
        [
            "В том числе %(shown)s запись ещё не проверена (пока один источник).",
            "В том числе %(shown)s записи ещё не проверены (пока один источник).",
            "В том числе %(shown)s записей ещё не проверены (пока один источник).",
            "В том числе %(shown)s записи ещё не проверены (пока один источник).",
        ],
    ),
    "%(shown)s person": (
        ["%(shown)s чалавек", "%(shown)s чалавекі", "%(shown)s чалавек", "%(shown)s чалавека"],
        ["%(shown)s человек", "%(shown)s человека", "%(shown)s человек", "%(shown)s человека"],
    ),
}

LANGS = {"be": 0, "ru": 1}
ENTRY = re.compile(r"\n\n(?=(?:#.*\n)*(?:msgctxt .*\n)?msgid )")


def _unquote(lines: list[str]) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', "\n".join(lines))).replace('\\"', '"')


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _field(lines: list[str], name: str) -> list[str] | None:
    for i, line in enumerate(lines):
        if line.startswith(name + " "):
            out = [line[len(name) + 1 :]]
            for follow in lines[i + 1 :]:
                if not follow.startswith('"'):
                    break
                out.append(follow)
            return out
    return None


def _unfuzzy(line: str) -> str:
    if line.startswith("#,"):
        flags = [flag.strip() for flag in line[2:].split(",") if flag.strip() != "fuzzy"]
        return "#, " + ", ".join(flags)
    return line


def fill(po_path: Path, lang: str) -> list[str]:
    index = LANGS[lang]
    text = po_path.read_text()
    blocks = ENTRY.split(text)
    missing = []
    out = [blocks[0]]
    for block in blocks[1:]:
        lines = block.rstrip("\n").split("\n")
        msgid = _unquote(_field(lines, "msgid") or [])
        context = _field(lines, "msgctxt")
        if context is not None:
            msgid = f"{_unquote(context)}\x04{msgid}"
        # Rebuild: comments, msgid (+plural) as they were, then our msgstr.
        head, seen_msgstr = [], False
        for line in lines:
            if line.startswith("msgstr"):
                seen_msgstr = True
            if not seen_msgstr:
                head.append(line)
        # Our translation replaces msgmerge's guess: drop the fuzzy flag and the previous-msgid comments.
        head = [_unfuzzy(line) for line in head if not line.startswith("#|") and line != "#, fuzzy"]
        if msgid in P:
            forms = P[msgid][index]
            body = [f"msgstr[{i}] {_quote(form)}" for i, form in enumerate(forms)]
        elif msgid in T or msgid in MONTHS:
            body = [f"msgstr {_quote((T.get(msgid) or MONTHS[msgid])[index])}"]
        else:
            missing.append(msgid)
            out.append(block)
            continue
        out.append("\n".join(head + body) + "\n")
    po_path.write_text("\n\n".join(block.rstrip("\n") for block in out) + "\n")
    return missing


if __name__ == "__main__":
    root = Path(__file__).resolve().parent
    problems = 0
    for lang in LANGS:
        missing = fill(root / lang / "LC_MESSAGES" / "django.po", lang)
        for msgid in missing:
            print(f"{lang}: no translation for {msgid!r}", file=sys.stderr)
        problems += len(missing)
    sys.exit(1 if problems else 0)
