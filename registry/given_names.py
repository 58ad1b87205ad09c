"""Given names that are one name in three languages: Віктар = Виктор = Viktor = Victor.

Name search (registry.search) folds every spelling to a skeleton, which already makes Tsikhanouski =
Cichanoŭski = Тихановский. Given names differ by more than spelling between Belarusian, Russian and
English (Сяргей / Сергей / Sergei: siarhei vs sergei), so this reviewed table says which skeletons are
the same name; search replaces each by the first of its group, in stored keys and queries alike.

Each group lists written forms in any script — the Belarusian, Russian and usual Latin ones. A form
whose skeleton could belong to two groups is an error at start-up (tests/registry/test_given_names.py).
Adding a group changes the keys: run `manage.py rebuild_search_keys` after deploying it (a migration
does it for the groups below).
"""

from __future__ import annotations

GROUPS: tuple[tuple[str, ...], ...] = (
    ("Аляксандр", "Александр", "Aliaksandr", "Alaksandr", "Alexander", "Aleksandr", "Alexandr", "Алесь", "Aleś"),
    ("Аляксандра", "Александра", "Aliaksandra", "Alexandra", "Aleksandra"),
    ("Аляксей", "Алексей", "Aliaksei", "Alexei", "Alexey", "Aleksei", "Aleksey"),
    ("Сяргей", "Сергей", "Siarhei", "Siarhiej", "Sergei", "Sergey", "Serguei"),
    ("Віктар", "Виктор", "Viktar", "Viktor", "Victor"),
    ("Дзмітрый", "Дмитрий", "Зміцер", "Dzmitry", "Dzmitryj", "Dmitry", "Dmitri", "Dmitriy", "Zmicier", "Zmitser"),
    ("Мікалай", "Николай", "Mikalai", "Mikałaj", "Nikolai", "Nikolay"),
    ("Андрэй", "Андрей", "Andrei", "Andrey", "Andrej"),
    ("Павел", "Павал", "Pavel", "Paval", "Paul"),
    ("Яўген", "Евгений", "Yauhen", "Jaŭhien", "Evgeny", "Evgeniy", "Yevgeny", "Eugene"),
    ("Яўгенія", "Евгения", "Yauheniya", "Jaŭhienija", "Evgenia", "Evgeniya", "Yevgenia"),
    ("Уладзімір", "Владимир", "Uladzimir", "Uładzimir", "Vladimir", "Wladimir"),
    ("Уладзіслаў", "Владислав", "Uladzislau", "Vladislav"),
    ("Ігар", "Игорь", "Ihar", "Igor"),
    ("Максім", "Максим", "Maksim", "Maxim"),
    ("Васіль", "Василий", "Vasil", "Vasily", "Vasiliy", "Wasil"),
    ("Міхаіл", "Михаил", "Mikhail", "Michail", "Mikhael"),
    ("Юрый", "Юрий", "Yury", "Yuri", "Yuriy", "Jury"),
    ("Ірына", "Ирина", "Iryna", "Irina"),
    ("Марыя", "Мария", "Maryia", "Maria", "Mariya", "Marya"),
    ("Вольга", "Ольга", "Volha", "Olga"),
    ("Таццяна", "Татьяна", "Tatsiana", "Tacciana", "Tatiana", "Tatyana"),
    ("Наталля", "Наталья", "Natallia", "Natalla", "Natalia", "Natalya"),
    ("Святлана", "Светлана", "Sviatlana", "Svetlana"),
    ("Паліна", "Полина", "Palina", "Polina"),
    ("Канстанцін", "Константин", "Kanstantsin", "Kanstancin", "Konstantin"),
    ("Рыгор", "Григорий", "Ryhor", "Grigory", "Grigoriy"),
    ("Раман", "Роман", "Raman", "Roman"),
    ("Мікіта", "Никита", "Mikita", "Nikita"),
    ("Алег", "Олег", "Aleh", "Oleg"),
    ("Кірыл", "Кирилл", "Kiryl", "Kirill"),
    ("Леанід", "Леонид", "Leanid", "Leonid"),
    ("Валянцін", "Валентин", "Valiantsin", "Valancin", "Valentin"),
    ("Ганна", "Анна", "Hanna", "Anna"),
    ("Кацярына", "Екатерина", "Katsiaryna", "Kaciaryna", "Ekaterina", "Yekaterina", "Katerina"),
    ("Ягор", "Егор", "Yahor", "Jahor", "Egor", "Yegor"),
    ("Арцём", "Артём", "Artsiom", "Arciom", "Artem", "Artyom"),
    ("Станіслаў", "Станислав", "Stanislau", "Stanislav"),
    ("Яраслаў", "Ярослав", "Yaraslau", "Yaroslav"),
    ("Пётр", "Пётр", "Piotr", "Petr", "Pyotr", "Peter"),
    ("Іосіф", "Иосиф", "Iosif", "Joseph", "Józef"),
    ("Люба", "Любовь", "Liubou", "Lyubov", "Liubov"),
    ("Алена", "Елена", "Alena", "Elena", "Yelena", "Helena"),
    ("Вадзім", "Вадим", "Vadzim", "Vadim"),
    ("Дзяніс", "Денис", "Dzianis", "Dzyanis", "Denis"),
    ("Ілля", "Илья", "Illia", "Ilya", "Ilia"),
    ("Віталь", "Виталий", "Vital", "Vitali", "Vitaly", "Vitaliy"),
    ("Генадзь", "Геннадий", "Hienadz", "Henadz", "Gennady", "Gennadiy"),
    ("Анатоль", "Анатолий", "Anatol", "Anatoli", "Anatoly", "Anatoliy"),
    ("Валерый", "Валерий", "Valery", "Valeri", "Valeriy"),
    ("Барыс", "Борис", "Barys", "Boris"),
    ("Юлія", "Юлия", "Yulia", "Yuliya", "Julia"),
    ("Людміла", "Людмила", "Liudmila", "Lyudmila", "Ludmila"),
    ("Надзея", "Надежда", "Nadzeya", "Nadzeja", "Nadezhda"),
    ("Вераніка", "Вероника", "Veranika", "Veronika", "Veronica"),
    ("Дар'я", "Дарья", "Daria", "Darya", "Dariya"),
    # One spelling in every language, listed so that search knows them for given names: whole words are
    # matched by index, not by trigrams, and a typo in one is corrected.
    ("Іван", "Иван", "Ivan"),
    ("Антон", "Anton"),
    ("Марына", "Марина", "Maryna", "Marina"),
)
