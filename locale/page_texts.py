"""Interface translations of the reader pages' longer texts (Belarusian, Russian): the not-found page,
"How we count", the profile summary, reports, the letter kit and upcoming dates. Merged into
`translations.T`; kept apart so each file stays readable.
"""

PAGE_TEXTS: dict[str, tuple] = {
    "Page not found": ("Старонка не знойдзена", "Страница не найдена"),
    "There is no page at this address. It may have been mistyped, or the record is not public.": (
        "Па гэтым адрасе старонкі няма. Магчыма, адрас набраны з памылкай, або запіс не публічны.",
        "По этому адресу страницы нет. Возможно, адрес набран с ошибкой, или запись не публичная.",
    ),
    "How we count": ("Як мы лічым", "Как мы считаем"),
    "How we count: what each number includes": (
        "Як мы лічым: што ўваходзіць у кожную лічбу",
        "Как мы считаем: что входит в каждое число",
    ),
    "Every number on this site is computed from the registry's records when the page is shown. This page "
    "says what each number includes, and why a number can differ from the list it links to.": (
        "Кожная лічба на гэтым сайце вылічваецца з запісаў рэестра ў момант паказу старонкі. Тут сказана, што "
        "ўваходзіць у кожную лічбу і чаму лічба можа адрознівацца ад спісу, на які яна спасылаецца.",
        "Каждое число на этом сайте вычисляется из записей реестра в момент показа страницы. Здесь сказано, что "
        "входит в каждое число и почему число может отличаться от списка, на который оно ссылается.",
    ),
    "A person is counted as held when the registry has an open custody period for them: detained and not yet "
    "released. House arrest and restricted freedom are shown separately, not as held.": (
        "Чалавек лічыцца пад вартай, калі ў рэестры ёсць ягоны незакрыты перыяд зняволення: затрыманы і яшчэ не "
        "вызвалены. Хатні арышт і абмежаванне волі паказваюцца асобна, не як зняволенне.",
        "Человек считается находящимся под стражей, если в реестре есть его незакрытый период заключения: "
        "задержан и ещё не освобождён. Домашний арест и ограничение свободы показываются отдельно, не как "
        "заключение.",
    ),
    "Counted but not named": ("Улічаныя, але не названыя", "Учтены, но не названы"),
    "Some people are counted but never named or listed, at their own or their families' request, for their "
    "safety. A total includes them only when the group counted has at least %(min_anonymous)s of them, so that "
    "nobody can be identified by subtracting one number from another; otherwise they are left out and the page "
    "says so. This is why a total can be higher than the list it links to.": (
        "Некаторыя людзі ўлічваюцца, але ніколі не называюцца і не трапляюць у спісы — па іх просьбе ці просьбе "
        "іх сем'яў, дзеля іх бяспекі. Лічба ўключае іх, толькі калі ў групе іх не менш за %(min_anonymous)s, каб "
        "нікога нельга было вызначыць, адняўшы адну лічбу ад другой; інакш яны не ўлічваюцца, і старонка пра гэта "
        "кажа. Таму лічба можа быць большай за спіс, на які яна спасылаецца.",
        "Некоторые люди учитываются, но никогда не называются и не попадают в списки — по их просьбе или просьбе "
        "их семей, ради их безопасности. Число включает их, только если в группе их не меньше %(min_anonymous)s, "
        "чтобы никого нельзя было вычислить, вычтя одно число из другого; иначе они не учитываются, и страница "
        "об этом говорит. Поэтому число может быть больше списка, на который оно ссылается.",
    ),
    "Releases are counted as events: each custody period that ended, with its reason (sentence served, pardon, "
    "amnesty and so on). Someone released twice is counted twice, while the list of people shows each person "
    "once. Deaths in custody are not counted as releases.": (
        "Вызваленні лічацца як падзеі: кожны скончаны перыяд зняволення з яго прычынай (тэрмін адбыты, "
        "памілаванне, амністыя і г. д.). Чалавек, вызвалены двойчы, улічаны двойчы, а ў спісе людзей ён адзін. "
        "Смерці пад вартай вызваленнямі не лічацца.",
        "Освобождения считаются как события: каждый завершённый период заключения с его причиной (срок отбыт, "
        "помилование, амнистия и т. д.). Человек, освобождённый дважды, учтён дважды, а в списке людей он один. "
        "Смерти под стражей освобождениями не считаются.",
    ),
    "Pardons": ("Памілаванні", "Помилования"),
    "For a pardon decree we show the number of people the authorities announced and, separately, how many of "
    "them this registry has identified. Names are often not published; a person counts as identified only when "
    "a source says so.": (
        "Для ўказа аб памілаванні мы паказваем, колькі людзей абвясцілі ўлады, і асобна — колькі з іх "
        "устаноўлена ў гэтым рэестры. Імёны часта не публікуюцца; чалавек лічыцца ўстаноўленым, толькі калі пра "
        "гэта кажа крыніца.",
        "Для указа о помиловании мы показываем, сколько людей объявили власти, и отдельно — сколько из них "
        "установлено в этом реестре. Имена часто не публикуются; человек считается установленным, только если об "
        "этом говорит источник.",
    ),
    "Deaths in custody": ("Смерці пад вартай", "Смерти под стражей"),
    "The number of people recorded in this registry who died while held, since 2020. Other organisations "
    "publish their own counts; those are shown for comparison and never added into ours.": (
        "Колькасць людзей, запісаных у гэтым рэестры, якія памерлі пад вартай з 2020 года. Іншыя арганізацыі "
        "публікуюць свае падлікі; яны паказваюцца для параўнання і ніколі не дадаюцца да нашых.",
        "Число людей, записанных в этом реестре, которые умерли под стражей с 2020 года. Другие организации "
        "публикуют свои подсчёты; они показываются для сравнения и никогда не добавляются к нашим.",
    ),
    "Dates": ("Даты", "Даты"),
    "Many dates are known only to the month or the year, and are shown no more precisely than known. Monthly "
    "charts leave out dates known only to the year. An expected release is counted from the detention date, as "
    "precisely as that date is known.": (
        "Многія даты вядомыя толькі з дакладнасцю да месяца ці года і паказваюцца не дакладней, чым вядомыя. "
        "Месячныя графікі не ўключаюць даты, вядомыя толькі да года. Чаканае вызваленне лічыцца ад даты "
        "затрымання з той жа дакладнасцю.",
        "Многие даты известны только с точностью до месяца или года и показываются не точнее, чем известны. "
        "Помесячные графики не включают даты, известные только до года. Ожидаемое освобождение считается от даты "
        "задержания с той же точностью.",
    ),
    "Figures published by other organisations are shown beside ours, with who published them and when. They "
    "include people this registry has no records of (yet), so they are usually higher.": (
        "Лічбы іншых арганізацый паказваюцца побач з нашымі — з тым, хто і калі іх апублікаваў. Яны ўключаюць "
        "людзей, пра якіх у рэестры (пакуль) няма запісаў, таму звычайна большыя.",
        "Цифры других организаций показываются рядом с нашими — с тем, кто и когда их опубликовал. Они включают "
        "людей, о которых в реестре (пока) нет записей, поэтому обычно больше.",
    ),
    "Releases, not people: someone released twice is counted twice; releases of people whose names are withheld "
    "are counted only in a month with at least %(least)s for the same reason; the list shows each named person "
    "once.": (
        "Вызваленні, а не людзі: вызвалены двойчы ўлічаны двойчы; вызваленні людзей, чые імёны не раскрываюцца, "
        "улічваюцца толькі ў месяцы, калі па той жа прычыне іх не менш за %(least)s; у спісе кожны названы чалавек "
        "адзін раз.",
        "Освобождения, а не люди: освобождённый дважды учтён дважды; освобождения людей, чьи имена не "
        "раскрываются, учитываются только в месяце, когда по той же причине их не меньше %(least)s; в списке "
        "каждый названный человек один раз.",
    ),
    "the number is the authorities' announcement; most names were not published.": (
        "гэта лічба з абвесткі ўладаў; большасць імёнаў не апублікаваная.",
        "это число из объявления властей; большинство имён не опубликовано.",
    ),
    "Deaths recorded in this registry, each with its sources; deaths of people whose names are withheld are "
    "counted only when there are at least %(least)s.": (
        "Смерці, запісаныя ў гэтым рэестры, кожная з крыніцамі; смерці людзей, чые імёны не раскрываюцца, "
        "улічваюцца, толькі калі іх не менш за %(least)s.",
        "Смерти, записанные в этом реестре, каждая с источниками; смерти людей, чьи имена не раскрываются, "
        "учитываются, только если их не меньше %(least)s.",
    ),
    "Other organisations' counts are below; they include people not (yet) recorded here.": (
        "Падлікі іншых арганізацый — ніжэй; яны ўключаюць людзей, (пакуль) не запісаных тут.",
        "Подсчёты других организаций — ниже; они включают людей, (пока) не записанных здесь.",
    ),
    "Report an inaccuracy": ("Паведаміць пра памылку", "Сообщить об ошибке"),
    "Report a missing person": (
        "Паведаміць пра чалавека, якога няма ў рэестры",
        "Сообщить о человеке, которого нет в реестре",
    ),
    "About the profile of %(name)s.": ("Пра профіль: %(name)s.", "О профиле: %(name)s."),
    "Back to the profile": ("Назад да профілю", "Назад к профилю"),
    "Thank you. Your report is in the staff's queue; they check every report against sources before changing "
    "anything.": (
        "Дзякуй. Ваша паведамленне ў чарзе супрацоўнікаў; яны правяраюць кожнае па крыніцах, перш чым нешта мяняць.",
        "Спасибо. Ваше сообщение в очереди сотрудников; они проверяют каждое по источникам, прежде чем что-то менять.",
    ),
    "If you are in Belarus, think before you write.": (
        "Калі вы ў Беларусі, падумайце, перш чым пісаць.",
        "Если вы в Беларуси, подумайте, прежде чем писать.",
    ),
    "Sending information to a human-rights registry can be dangerous there. We store no name, e-mail or address "
    "with your message, but do not write anything that identifies you, and consider using a safer connection.": (
        "Перадаваць звесткі праваабарончаму рэестру там можа быць небяспечна. Мы не захоўваем з паведамленнем ні "
        "імя, ні электроннай пошты, ні адраса, але не пішыце нічога, што вас выдае, і падумайце пра больш бяспечнае "
        "злучэнне.",
        "Передавать сведения правозащитному реестру там может быть опасно. Мы не храним с сообщением ни имени, ни "
        "электронной почты, ни адреса, но не пишите ничего, что вас выдаёт, и подумайте о более безопасном "
        "соединении.",
    ),
    "Tell us who is missing: their name as you know it, where and when they were detained, and what is known "
    "about their case. A staff member will check it before anyone is added.": (
        "Напішыце, каго не хапае: імя, як вы яго ведаеце, дзе і калі чалавека затрымалі і што вядома пра справу. "
        "Супрацоўнік праверыць гэта, перш чым кагосьці дадаць.",
        "Напишите, кого не хватает: имя, как вы его знаете, где и когда человека задержали и что известно о деле. "
        "Сотрудник проверит это, прежде чем кого-то добавить.",
    ),
    "What is wrong or missing": ("Што не так або чаго не хапае", "Что не так или чего не хватает"),
    "Please do not write your own name, phone number or address.": (
        "Калі ласка, не пішыце свайго імя, тэлефона ці адраса.",
        "Пожалуйста, не пишите своё имя, телефон или адрес.",
    ),
    "Where can we check it? (a link, optional)": (
        "Дзе гэта можна праверыць? (спасылка, не абавязкова)",
        "Где это можно проверить? (ссылка, необязательно)",
    ),
    "Too many reports from your connection in the last hour; please try later.": (
        "Занадта шмат паведамленняў з вашага злучэння за апошнюю гадзіну; паспрабуйце пазней.",
        "Слишком много сообщений с вашего соединения за последний час; попробуйте позже.",
    ),
    "Send": ("Адправіць", "Отправить"),
    "Try another spelling, or fewer words. If the person should be here, tell us:": (
        "Паспрабуйце іншае напісанне або менш слоў. Калі чалавек павінен тут быць, напішыце нам:",
        "Попробуйте другое написание или меньше слов. Если человек должен здесь быть, напишите нам:",
    ),
    "Last updated %(date)s.": ("Апошняе абнаўленне: %(date)s", "Последнее обновление: %(date)s"),
    "Find a person (any spelling, any script)": (
        "Знайсці чалавека (любое напісанне, любы алфавіт)",
        "Найти человека (любое написание, любой алфавит)",
    ),
    "announced in the series up to this decree, %(identified)s of them identified": (
        "абвешчана ў серыі да гэтага ўказа ўключна, з іх устаноўлена %(identified)s",
        "объявлено в серии до этого указа включительно, из них установлено %(identified)s",
    ),
    "anyone may write": ("пісаць можа кожны", "писать может каждый"),
    "only family may write": ("пісаць можа толькі сям'я", "писать может только семья"),
    "held incommunicado: letters do not reach them": (
        "утрымліваецца ў ізаляцыі: лісты не даходзяць",
        "содержится в изоляции: письма не доходят",
    ),
    "Can receive letters now": ("Можна напісаць ліст зараз", "Можно написать письмо сейчас"),
    "Letters": ("Лісты", "Письма"),
    "how to write to them": ("як напісаць", "как написать"),
    "Write to %(name)s": ("Напісаць: %(name)s", "Написать: %(name)s"),
    "We do not know of a way to write to this person now.": (
        "Мы не ведаем, як напісаць гэтаму чалавеку зараз.",
        "Мы не знаем, как написать этому человеку сейчас.",
    ),
    "Only their family may write.": ("Пісаць можа толькі сям'я.", "Писать может только семья."),
    "They are held incommunicado: letters do not reach them.": (
        "Чалавек утрымліваецца ў ізаляцыі: лісты не даходзяць.",
        "Человек содержится в изоляции: письма не доходят.",
    ),
    "We do not know where they are held.": (
        "Мы не ведаем, дзе чалавек утрымліваецца.",
        "Мы не знаем, где человек содержится.",
    ),
    "We do not know whether letters reach them.": (
        "Мы не ведаем, ці даходзяць лісты.",
        "Мы не знаем, доходят ли письма.",
    ),
    "Address the envelope like this": ("Падпішыце канверт так", "Подпишите конверт так"),
    "Facilities deliver a letter only when it names the person in full, in Russian, with their year of birth.": (
        "Установы перадаюць ліст, толькі калі на ім поўнае імя па-руску і год нараджэння.",
        "Учреждения передают письмо, только если на нём полное имя по-русски и год рождения.",
    ),
    "We do not know the year of birth; write the full name only.": (
        "Год нараджэння нам невядомы; напішыце толькі поўнае імя.",
        "Год рождения нам неизвестен; напишите только полное имя.",
    ),
    "Write in Russian or Belarusian. Letters in other languages are often held back by the censor; if you "
    "cannot, a short card in simple words is better than nothing.": (
        "Пішыце па-руску або па-беларуску. Лісты на іншых мовах цэнзар часта затрымлівае; калі не можаце, "
        "кароткая паштоўка простымі словамі лепш, чым нічога.",
        "Пишите по-русски или по-белорусски. Письма на других языках цензор часто задерживает; если не можете, "
        "короткая открытка простыми словами лучше, чем ничего.",
    ),
    "What you may send": ("Што можна дасылаць", "Что можно отправлять"),
    "Letters and postcards; photos of nature, animals or your town.": (
        "Лісты і паштоўкі; фота прыроды, жывёл або вашага горада.",
        "Письма и открытки; фото природы, животных или вашего города.",
    ),
    "A self-addressed envelope with a stamp, so they can answer.": (
        "Канверт з вашым адрасам і маркай, каб можна было адказаць.",
        "Конверт с вашим адресом и маркой, чтобы можно было ответить.",
    ),
    "What not to send or write": ("Чаго не дасылаць і пра што не пісаць", "Чего не отправлять и о чём не писать"),
    "No money, no symbols, no newspapers or printed articles.": (
        "Ніякіх грошай, сімволікі, газет або раздрукаваных артыкулаў.",
        "Никаких денег, символики, газет или распечатанных статей.",
    ),
    "Avoid politics, their case and trial, the war, prison conditions and other political prisoners' names: such "
    "letters are not delivered and can make things worse for them.": (
        "Не пішыце пра палітыку, справу і суд, вайну, умовы ўтрымання і імёны іншых палітвязняў: такія лісты не "
        "перадаюць, і яны могуць нашкодзіць.",
        "Не пишите о политике, деле и суде, войне, условиях содержания и именах других политзаключённых: такие "
        "письма не передают, и они могут навредить.",
    ),
    "Nothing that could be read as an instruction or a code.": (
        "Нічога, што можна прыняць за інструкцыю або шыфр.",
        "Ничего, что можно принять за инструкцию или шифр.",
    ),
    "Write about everyday life, books, nature, and that they are remembered. To print this page, use your "
    "browser's Print command.": (
        "Пішыце пра штодзённае жыццё, кнігі, прыроду і пра тое, што чалавека памятаюць. Каб раздрукаваць гэтую "
        "старонку, скарыстайцеся камандай «Друк» у браўзеры.",
        "Пишите о повседневной жизни, книгах, природе и о том, что человека помнят. Чтобы распечатать эту "
        "страницу, воспользуйтесь командой «Печать» в браузере.",
    ),
    "Upcoming dates": ("Памятныя даты", "Памятные даты"),
    "Birthdays this month and expected releases in the coming weeks of people held now: a card or a letter is "
    "most welcome then.": (
        "Дні нараджэння ў гэтым месяцы і чаканыя вызваленні ў бліжэйшыя тыдні тых, хто зараз за кратамі: тады "
        "паштоўка або ліст асабліва дарэчы.",
        "Дни рождения в этом месяце и ожидаемые освобождения в ближайшие недели тех, кто сейчас за решёткой: тогда "
        "открытка или письмо особенно кстати.",
    ),
    "Subscribe in your calendar (iCal)": ("Падпісацца ў календары (iCal)", "Подписаться в календаре (iCal)"),
    "Birthdays this month": ("Дні нараджэння ў гэтым месяцы", "Дни рождения в этом месяце"),
    "No birthdays known this month.": (
        "У гэтым месяцы вядомых дзён нараджэння няма.",
        "В этом месяце известных дней рождения нет.",
    ),
    "Expected releases in the next %(weeks)s weeks": (
        "Чаканыя вызваленні ў наступныя %(weeks)s тыдняў",
        "Ожидаемые освобождения в следующие %(weeks)s недель",
    ),
    "No releases expected in these weeks, as far as the records tell.": (
        "Паводле запісаў, у гэтыя тыдні вызваленняў не чакаецца.",
        "По записям, в эти недели освобождений не ожидается.",
    ),
    "An expected release is computed from the detention date and the sentence; the authorities may release "
    "earlier or later.": (
        "Чаканае вызваленне вылічана з даты затрымання і тэрміну; улады могуць вызваліць раней ці пазней.",
        "Ожидаемое освобождение вычислено из даты задержания и срока; власти могут освободить раньше или позже.",
    ),
    "Political prisoners: birthdays and expected releases": (
        "Палітвязні: дні нараджэння і чаканыя вызваленні",
        "Политзаключённые: дни рождения и ожидаемые освобождения",
    ),
    "Birthday: %(name)s": ("Дзень нараджэння: %(name)s", "День рождения: %(name)s"),
    "Expected release: %(name)s": ("Чаканае вызваленне: %(name)s", "Ожидаемое освобождение: %(name)s"),
    "Expected in this month; the day is not known.": (
        "Чакаецца ў гэтым месяцы; дзень невядомы.",
        "Ожидается в этом месяце; день неизвестен.",
    ),
    "approximate: a decree of the series is dated only to the month or year": (
        "прыблізна: адзін з указаў серыі датаваны толькі з дакладнасцю да месяца ці года",
        "приблизительно: один из указов серии датирован только с точностью до месяца или года",
    ),
    "approximate": ("прыблізна", "приблизительно"),
    # Atom feeds (registry/site/feeds.py, pardons/site/feeds.py) and the pages' links to them.
    "Added to the registry.": ("Новы запіс у рэестры.", "Новая запись в реестре."),
    "Profile published.": ("Профіль апублікаваны.", "Профиль опубликован."),
    "Name now written “%(name)s”.": ("Імя цяпер пішацца «%(name)s».", "Имя теперь пишется «%(name)s»."),
    "Status: %(before)s → %(after)s.": ("Статус: %(before)s → %(after)s.", "Статус: %(before)s → %(after)s."),
    "Detention recorded (%(date)s).": ("Занесена затрыманне (%(date)s).", "Внесено задержание (%(date)s)."),
    "Release recorded (%(date)s).": ("Занесена вызваленне (%(date)s).", "Внесено освобождение (%(date)s)."),
    "Sentence recorded: %(sentence)s.": ("Занесены прысуд: %(sentence)s.", "Внесён приговор: %(sentence)s."),
    "Profile updated.": ("Профіль абноўлены.", "Профиль обновлён."),
    "Name recorded: %(name)s.": ("Занесена імя: %(name)s.", "Внесено имя: %(name)s."),
    "Held in: %(facility)s.": ("Месца ўтрымання: %(facility)s.", "Место содержания: %(facility)s."),
    "Changes to the profile of %(name)s": ("Змены ў профілі: %(name)s", "Изменения в профиле: %(name)s"),
    "Political Prisoner Registry: changes to profiles": (
        "Рэестр палітвязняў: змены ў профілях",
        "Реестр политзаключённых: изменения в профилях",
    ),
    "New and updated public profiles (those the list's filters select), newest first.": (
        "Новыя і абноўленыя профілі (тыя, што выбіраюць фільтры спісу), спачатку найноўшыя.",
        "Новые и обновлённые профили (те, что выбирают фильтры списка), сначала самые новые.",
    ),
    "Political Prisoner Registry: pardon decrees": (
        "Рэестр палітвязняў: указы аб памілаванні",
        "Реестр политзаключённых: указы о помиловании",
    ),
    "Decrees as they are announced and as people on them are identified.": (
        "Указы — калі іх абвяшчаюць і калі вызначаюць людзей, памілаваных імі.",
        "Указы — когда их объявляют и когда устанавливают людей, помилованных ими.",
    ),
    "%(count)s announced as pardoned": ("абвешчана памілаваных: %(count)s", "объявлено помилованных: %(count)s"),
    "%(count)s identified": ("вызначана: %(count)s", "установлено: %(count)s"),
    "Changes to profiles": ("Змены ў профілях", "Изменения в профилях"),
    "Changes to the profiles of this list": ("Змены ў профілях гэтага спісу", "Изменения в профилях этого списка"),
    "Changes to the profiles of people held here": (
        "Змены ў профілях людзей, якіх тут утрымліваюць",
        "Изменения в профилях людей, которых здесь содержат",
    ),
    # Open data: the Data page, releases and "Cite this" (registry.open_data, registry.citations).
    "Open data": ("Адкрытыя даныя", "Открытые данные"),
    "Everything this site shows about people who may be named, and every number, is published as data: numbered, "
    "dated releases that stay downloadable at the same address, a live API, and feeds.": (
        "Усё, што гэты сайт паказвае пра людзей, якіх можна называць, і кожная лічба публікуюцца як даныя: "
        "нумараваныя выпускі з датай, якія застаюцца даступнымі па тым жа адрасе, жывы API і стужкі.",
        "Всё, что этот сайт показывает о людях, которых можно называть, и каждое число публикуются как данные: "
        "нумерованные выпуски с датой, которые остаются доступными по тому же адресу, живой API и ленты.",
    ),
    "Licence": ("Ліцэнзія", "Лицензия"),
    "The data is published under %(licence)s: you may reuse it, also commercially, if you credit the registry and "
    "say when you took it.": (
        "Даныя публікуюцца паводле %(licence)s: іх можна выкарыстоўваць, у тым ліку ў камерцыйных мэтах, калі "
        "спасылацца на рэестр і пазначаць, калі вы іх узялі.",
        "Данные публикуются по лицензии %(licence)s: их можно использовать, в том числе в коммерческих целях, "
        "если ссылаться на реестр и указывать, когда вы их взяли.",
    ),
    "A record can change or be withdrawn after a release, when a person's safety asks for it. Such people are "
    "removed from every release too, and the release then says how many records it lost, never whose.": (
        "Запіс можа змяніцца або быць зняты пасля выпуску, калі гэтага патрабуе бяспека чалавека. Такія людзі "
        "выдаляюцца і з усіх выпускаў, і выпуск тады паказвае, колькі запісаў ён страціў, але ніколі — чые.",
        "Запись может измениться или быть снята после выпуска, если этого требует безопасность человека. Такие люди "
        "удаляются и из всех выпусков, и выпуск тогда показывает, сколько записей он потерял, но никогда — чьи.",
    ),
    "dataset versions\x04Releases": ("Выпускі", "Выпуски"),
    "Release": ("Выпуск", "Выпуск"),
    "Release %(number)s": ("Выпуск %(number)s", "Выпуск %(number)s"),
    "Published": ("Апублікаваны", "Опубликован"),
    "People named": ("Названыя людзі", "Названные люди"),
    "Decrees": ("Указы", "Указы"),
    "Changes": ("Змены", "Изменения"),
    "added: %(added)s; released: %(released)s; new decrees: %(decrees)s": (
        "дададзена: %(added)s; вызвалена: %(released)s; новых указаў: %(decrees)s",
        "добавлено: %(added)s; освобождено: %(released)s; новых указов: %(decrees)s",
    ),
    "withdrawn since: %(count)s": ("знята з таго часу: %(count)s", "снято с тех пор: %(count)s"),
    "No release has been published yet. The live data is in the API.": (
        "Ніводнага выпуску яшчэ не апублікавана. Актуальныя даныя ёсць у API.",
        "Ни одного выпуска ещё не опубликовано. Актуальные данные есть в API.",
    ),
    "API and feeds": ("API і стужкі", "API и ленты"),
    "The API at %(api)s answers with the live data as JSON or CSV; its documentation is at %(docs)s. Statistics can "
    "be asked as of any date, or as of a release.": (
        "API па адрасе %(api)s адказвае актуальнымі данымі ў JSON або CSV; дакументацыя — па адрасе %(docs)s. "
        "Статыстыку можна запытаць на любую дату або на момант выпуску.",
        "API по адресу %(api)s отвечает актуальными данными в JSON или CSV; документация — по адресу %(docs)s. "
        "Статистику можно запросить на любую дату или на момент выпуска.",
    ),
    "How to cite": ("Як цытаваць", "Как цитировать"),
    "Cite the release you used, or the page with the date you saw it: every profile, decree, list and statistics "
    "page has a “Cite this” section.": (
        "Цытуйце выпуск, якім вы карысталіся, або старонку з датай, калі вы яе бачылі: на кожным профілі, указе, "
        "спісе і старонцы статыстыкі ёсць раздзел «Як цытаваць».",
        "Цитируйте выпуск, которым вы пользовались, или страницу с датой, когда вы её видели: на каждом профиле, "
        "указе, списке и странице статистики есть раздел «Как цитировать».",
    ),
    "Cite this": ("Як цытаваць", "Как цитировать"),
    "A snapshot of the public data taken %(date)s, under %(licence)s. The files keep this address for good.": (
        "Здымак публічных даных, зроблены %(date)s, паводле %(licence)s. Файлы назаўсёды застаюцца па гэтым адрасе.",
        "Снимок публичных данных, сделанный %(date)s, по лицензии %(licence)s. Файлы навсегда остаются по этому "
        "адресу.",
    ),
    "Someone in these files has been withdrawn since publication, for their safety. Downloads already leave them "
    "out; the sizes and checksums below are still those of the files before, until the stored files are rewritten "
    "(within ten minutes).": (
        "Пасля публікацыі з гэтых файлаў дзеля бяспекі выдалены чалавек. Спампоўкі ўжо не ўтрымліваюць звестак пра "
        "яго; памеры і кантрольныя сумы ніжэй — яшчэ ранейшых файлаў, да таго як захаваныя файлы будуць "
        "перапісаныя (на працягу дзесяці хвілін).",
        "После публикации из этих файлов ради безопасности выведен человек. Скачиваемые файлы уже не содержат "
        "сведений о нём; размеры и контрольные суммы ниже — ещё прежних файлов, пока сохранённые файлы не "
        "перезаписаны (в течение десяти минут).",
    ),
    "Records removed from these files since publication, for people's safety: %(count)s. Sizes and checksums are "
    "of the files as they are now.": (
        "Запісаў, выдаленых з гэтых файлаў пасля публікацыі дзеля бяспекі людзей: %(count)s. Памеры і "
        "кантрольныя сумы — для файлаў у цяперашнім выглядзе.",
        "Записей, удалённых из этих файлов после публикации ради безопасности людей: %(count)s. Размеры и "
        "контрольные суммы — для файлов в нынешнем виде.",
    ),
    "Files": ("Файлы", "Файлы"),
    "File": ("Файл", "Файл"),
    "Size": ("Памер", "Размер"),
    "datapackage.json describes every file and column; README.md says who is and is not in the data.": (
        "datapackage.json апісвае кожны файл і слупок; README.md кажа, хто ёсць і каго няма ў даных.",
        "datapackage.json описывает каждый файл и столбец; README.md говорит, кто есть и кого нет в данных.",
    ),
    "Changes since the previous release": ("Змены з папярэдняга выпуску", "Изменения с предыдущего выпуска"),
    "People added": ("Дададзена людзей", "Добавлено людей"),
    "Sentence changed": ("Зменены прысуд", "Изменён приговор"),
    "New decrees": ("Новыя указы", "Новые указы"),
    "No longer listed (withdrawn or names withheld since)": (
        "Больш не ў спісе (знятыя або з таго часу без імя)",
        "Больше не в списке (сняты или с тех пор без имени)",
    ),
    "The first release: everything in it is new.": (
        "Першы выпуск: усё ў ім новае.",
        "Первый выпуск: всё в нём новое.",
    ),
    "Change": ("Змена", "Изменение"),
    "Record": ("Запіс", "Запись"),
    "Detail": ("Падрабязнасці", "Подробности"),
    "More changes, in changelog.csv: %(count)s.": (
        "Яшчэ змен, у changelog.csv: %(count)s.",
        "Ещё изменений, в changelog.csv: %(count)s.",
    ),
    "added": ("дададзены", "добавлен"),
    "detained again": ("затрыманы зноў", "задержан снова"),
    "new decree": ("новы ўказ", "новый указ"),
    "Political prisoners, open data, release %(number)s": (
        "Палітвязні, адкрытыя даныя, выпуск %(number)s",
        "Политзаключённые, открытые данные, выпуск %(number)s",
    ),
    "as of %(date)s": ("на %(date)s", "на %(date)s"),
    "release %(number)s, %(date)s": ("выпуск %(number)s, %(date)s", "выпуск %(number)s, %(date)s"),
    "“%(title)s”. %(registry)s, %(when)s. %(url)s. Licence: %(licence)s.": (
        "«%(title)s». %(registry)s, %(when)s. %(url)s. Ліцэнзія: %(licence)s.",
        "«%(title)s». %(registry)s, %(when)s. %(url)s. Лицензия: %(licence)s.",
    ),
    # People at particular risk: health and family data, counted only (registry.models.vulnerability).
    "chronic illness": ("хранічная хвароба", "хроническое заболевание"),
    "disability": ("інваліднасць", "инвалидность"),
    "caring for minor children": ("даглядае непаўналетніх дзяцей", "воспитывает несовершеннолетних детей"),
    "pregnancy": ("цяжарнасць", "беременность"),
    "other (see note)": ("іншае (гл. нататку)", "другое (см. заметку)"),
    "People held now who are at particular risk": (
        "Людзі пад вартай, якія ў асаблівай небяспецы",
        "Люди под стражей, находящиеся в особой опасности",
    ),
    "over 60": ("старэйшыя за 60 гадоў", "старше 60 лет"),
    "Too few to show: it could tell whose health or family this is.": (
        "Занадта мала, каб паказаць: гэта магло б выдаць, пра чыё здароўе або сям'ю ідзе гаворка.",
        "Слишком мало, чтобы показать: это могло бы выдать, о чьём здоровье или семье идёт речь.",
    ),
    "too few to show": ("занадта мала, каб паказаць", "слишком мало, чтобы показать"),
    "Health and family facts are never shown for any one person. A count is shown only when at least %(least)s "
    "people are in it and at least %(least)s are not; “—” means too few to show.": (
        "Звесткі пра здароўе і сям'ю ніколі не паказваюцца для асобнага чалавека. Лічба паказваецца, толькі калі ў "
        "ёй не менш за %(least)s чалавек і не менш за %(least)s па-за ёй; «—» азначае: занадта мала, каб паказаць.",
        "Сведения о здоровье и семье никогда не показываются для отдельного человека. Число показывается, только если "
        "в нём не меньше %(least)s человек и не меньше %(least)s вне его; «—» означает: слишком мало, чтобы показать.",
    ),
    # The contact log (registry.models.contact).
    "a letter from them arrived": ("прыйшоў ліст ад гэтага чалавека", "пришло письмо от этого человека"),
    "said of a woman\x04a letter from them arrived": ("прыйшоў ліст ад яе", "пришло письмо от неё"),
    "said of a man\x04a letter from them arrived": ("прыйшоў ліст ад яго", "пришло письмо от него"),
    "lawyer's visit": ("візіт адваката", "визит адвоката"),
    "family visit": ("спатканне з сям'ёй", "свидание с семьёй"),
    "seen in court": ("бачылі ў судзе", "видели в суде"),
    "phone or video call": ("тэлефонны або відэазванок", "телефонный или видеозвонок"),
    "other sign of life": ("іншая вестка", "другая весточка"),
    "reported: no contact": ("паведамляюць: няма сувязі", "сообщают: нет связи"),
    "People held now, by time since their last sign of life": (
        "Людзі пад вартай паводле часу з апошняй весткі",
        "Люди под стражей по времени с последней весточки",
    ),
    "Last sign of life": ("Апошняя вестка", "Последняя весточка"),
    "more than %(days)s days ago": ("больш за %(days)s дзён таму", "более %(days)s дней назад"),
    "none recorded": ("не запісана", "не записано"),
    "From the contact log: letters from them, visits by lawyers or family, court appearances, calls. Long silence "
    "often means a person is held incommunicado.": (
        "З журнала сувязі: лісты ад іх, візіты адвакатаў або сям'і, з'яўленні ў судзе, званкі. Доўгае маўчанне "
        "часта азначае, што чалавека трымаюць у рэжыме інкамунікада.",
        "Из журнала связи: письма от них, визиты адвокатов или семьи, появления в суде, звонки. Долгое молчание "
        "часто означает, что человека держат в режиме инкоммуникадо.",
    ),
    # Verification (Prisoner.verification).
    "reported, not yet verified": ("паведамлена, яшчэ не праверана", "сообщено, ещё не проверено"),
    "verified by two independent sources": (
        "пацверджана двума незалежнымі крыніцамі",
        "подтверждено двумя независимыми источниками",
    ),
    "Verification": ("Праверка", "Проверка"),
    "not yet verified": ("яшчэ не праверана", "ещё не проверено"),
    # Recognitions (registry.models.recognition): PACE Resolution 1900 (2012), criteria a-e.
    "definition of a political prisoner\x04criteria": ("крытэрыі", "критерии"),
    "statement": ("заява", "заявление"),
    "a: it violates a fundamental right (thought, expression, assembly, association…)": (
        "a: яно парушае асноўнае права (думкі, слова, сходаў, аб'яднанняў…)",
        "a: оно нарушает основное право (мысли, слова, собраний, объединений…)",
    ),
    "b: it was imposed for purely political reasons, unconnected with any offence": (
        "b: яно прызначана з чыста палітычных прычын, без сувязі з якім-небудзь правапарушэннем",
        "b: оно назначено по чисто политическим причинам, без связи с каким-либо правонарушением",
    ),
    "c: for political motives, its length or conditions are out of proportion": (
        "c: з палітычных матываў яго тэрмін або ўмовы непрапарцыйныя",
        "c: по политическим мотивам его срок или условия непропорциональны",
    ),
    "d: for political motives, it is imposed in a discriminatory manner": (
        "d: з палітычных матываў яно прызначана дыскрымінацыйна",
        "d: по политическим мотивам оно назначено дискриминационно",
    ),
    "e: it results from clearly unfair proceedings, connected with political motives": (
        "e: яно вынік відавочна несправядлівага працэсу, звязанага з палітычнымі матывамі",
        "e: оно результат явно несправедливого процесса, связанного с политическими мотивами",
    ),
    # Evidence files listed under a profile's sources (registry.site.evidence serves them).
    "file": ("файл", "файл"),
}
