"""Names in every case, put into the nominative "Фамилия И.О." from their context; roles in the nominative."""

from __future__ import annotations

import pytest

from extract.names import NameContext, find_name_mentions
from ingest.reading import protocol_from_text

HEADER = "Протокол № 1\nзаседания методического совета\nот 01.02.2021\n\n"


def extract(extractor, body: str):
    text = HEADER + body
    return text, extractor.extract(protocol_from_text(text, "case.txt"))


@pytest.mark.parametrize(
    ("body", "name", "role"),
    [
        # accusative after "слушали"; the gender of the initials-only name from "которая"
        ("Слушали: Васинову Н.Д., методиста методического отдела МБУ ДО «ЦДО», которая рассказала о работе.",
         "Васинова Н.Д.", "методист методического отдела МБУ ДО «ЦДО»"),
        # the name written in the nominative after "слушали": "учитель" and "которая" say so
        ("Слушали: Нестерова Е.В., учитель физики, которая представила опыт работы.", "Нестерова Е.В.", "учитель физики"),
        # the same spelling as a man's accusative
        ("Слушали: Нестерова Е.В., учителя физики, который представил опыт работы.", "Нестеров Е.В.", "учитель физики"),
        ("По первому вопросу выступила Кулагина О.Ю., заместитель директора по УВР.", "Кулагина О.Ю.", "заместитель директора по УВР"),
        # genitive after "доклад"
        ("Слушали: доклад заместителя директора Сидоровой О.П. о результатах ВПР.", "Сидорова О.П.", "заместитель директора"),
        # dative after "слово предоставили"
        ("По первому вопросу слово предоставили учителю математики Петровой А.А., которая рассказала о ВПР.",
         "Петрова А.А.", "учитель математики"),
        # indeclinable surnames: gender from the verb, the surname unchanged
        ("Слушали Гутник Л.Г. ( директор) – проинформировала присутствующих о делах.", "Гутник Л.Г.", "директор"),
        ("Слушали: Мазур В.С., инспектора ОГИБДД, который напомнил о правилах.", "Мазур В.С.", "инспектор ОГИБДД"),
        # initials first
        ("Слушали: Н.Г. Сорокину – директора школы, которая сообщила о ФОТ.", "Сорокина Н.Г.", "директор школы"),
        # full names, in either order, in the accusative
        ("Слушали: директора школы Кузьмину Ольгу Павловну, которая сообщила о новой системе оплаты.",
         "Кузьмина О.П.", "директор школы"),
        ("Слушали: Иванова Петра Сергеевича, директора лицея, который представил программу.", "Иванов П.С.", "директор лицея"),
        ("Слушали Голуба Сергея Петровича, руководителя РМО, который проанализировал работу.", "Голуб С.П.", "руководитель РМО"),
        ("Слушали: Шевченко Ирину Ивановну, которая представила отчет.", "Шевченко И.И.", None),
        # adjectival surname
        ("Слушали: Осадчую М.В., учителя-логопеда, которая сообщила о речи ребенка.", "Осадчая М.В.", "учитель-логопед"),
        # two-letter initial, the name in the accusative after "выступила" (a slip kept by the writer)
        ("По первому вопросу выступила классный руководитель Шогенову Дж. М. Она рассказала об итогах.",
         "Шогенова Дж.М.", "классный руководитель"),
        # a feminine form of a title stays feminine; an unclosed quote of the school is closed
        ("Слушали: заведующую МДОУ «Детский сад № 5 Кирову Л.М. Она приветствовала родителей.",
         "Кирова Л.М.", "заведующая МДОУ «Детский сад № 5»"),
        ("Заслушали информацию главного врача ГБУЗ «ЦРБ» Лукьяновой С.А. о вакцинации.", "Лукьянова С.А.", "главный врач ГБУЗ «ЦРБ»"),
        ("Слушали: Сороку Н.П., главного специалиста комитета по образованию, которая доложила о питании.",
         "Сорока Н.П.", "главный специалист комитета по образованию"),
    ],
)
def test_speaker_in_the_nominative(extractor, body, name, role):
    text, protocol = extract(extractor, body)
    speakers = [(s.name, s.role) for s in protocol.speakers]
    assert speakers[:1] == [(name, role)]
    (speaker, *_) = protocol.speakers
    assert protocol.text[speaker.span.start:speaker.span.end].replace("\n", " ") == speaker.raw


def test_speakers_listed_under_one_role(extractor):
    _, protocol = extract(
        extractor,
        "Слушали: руководителей ШМО Дмитриеву О. С. (ШМО гуманитарного цикла), Никифорова Г. А. (ШМО "
        "естественно-математического цикла) и Кох И. Р. (ШМО иностранных языков), которые представили планы.",
    )
    assert [(s.name, s.role) for s in protocol.speakers] == [
        ("Дмитриева О.С.", "руководитель ШМО"), ("Никифоров Г.А.", "руководитель ШМО"), ("Кох И.Р.", "руководитель ШМО"),
    ]


def test_a_group_presenting_without_names(extractor):
    _, protocol = extract(
        extractor,
        "Слушали: Грицай О.В., заместителя директора по учебной работе, и классных руководителей 1-8, 10 классов об итогах года.",
    )
    assert [(s.name, s.role) for s in protocol.speakers] == [
        ("Грицай О.В.", "заместитель директора по учебной работе"), (None, "классные руководители 1-8, 10 классов"),
    ]


def test_discussants_are_not_speakers(extractor):
    _, protocol = extract(
        extractor,
        "Слушали: Иванову А.А., которая рассказала о плане.\nВыступили: Петрова Б.Б., Сидоров В.В.\nРешили: план утвердить.",
    )
    assert [s.name for s in protocol.speakers] == ["Иванова А.А."]


@pytest.mark.parametrize(
    ("listing", "names"),
    [
        ("Присутствовали: Иванова Ирина Ивановна, Петров П.П., И. И. Сидорова, Орлов Максим",
         ["Иванова И.И.", "Петров П.П.", "Сидорова И.И.", "Орлов М."]),
        ("Присутствовали:\n1. Мазур Р.Г. – шк. № 16\n2. Седых Т.М. – шк. № 3\n3. Скиба А.Г. – ГУНО", ["Мазур Р.Г.", "Седых Т.М.", "Скиба А.Г."]),
        ("Присутствовали:\nКорнилова Т. В.\nКулагина О.Ю\nШогенова Дж. М.", ["Корнилова Т.В.", "Кулагина О.Ю.", "Шогенова Дж.М."]),
        # a column of initials-first names: a line's initials belong to its own surname, not to the line above
        ("Члены жюри:            Т.В. Мельник\n                       О.Ю. Сазонова\n                       А.А. Гуляев",
         ["Мельник Т.В.", "Сазонова О.Ю.", "Гуляев А.А."]),
        # a full name ending its line: the next line's role label is no surname of it
        ("Председатель собрания – Гарипова Альбина Рашитовна\nСекретарь собрания – Тюрин Артём Евгеньевич",
         ["Гарипова А.Р.", "Тюрин А.Е."]),
        ("Председатель – Мельник Ирина Ильинична\nСекретарь – Сазонова Ольга Юрьевна", ["Мельник И.И.", "Сазонова О.Ю."]),
        # a surname wrapped away from its initials still joins them
        ("Присутствовали: Мельник\nТ.В., учитель; Сазонова О.Ю.", ["Мельник Т.В.", "Сазонова О.Ю."]),
    ],
)
def test_attendance_names(extractor, listing, names):
    _, protocol = extract(extractor, listing + "\n\nПовестка дня:\n1. Разное.")
    assert [p.name for p in protocol.participants] == names


def test_absent_people_are_marked_absent(extractor):
    _, protocol = extract(extractor, "Присутствовали: Иванова А.А., Петрова Б.Б.\nОтсутствовали: Сидорова В.В. (больничный)\n")
    assert [(p.name, p.attendance) for p in protocol.participants] == [
        ("Иванова А.А.", "present"), ("Петрова Б.Б.", "present"), ("Сидорова В.В.", "absent"),
    ]


def test_school_namesakes_are_not_people(extractor):
    text = "МБОУ «СШ № 32 им. С.А. Лавочкина» и ул. Ленина"
    mentions = find_name_mentions(text, extractor.morphology)
    assert [m.raw(text) for m in mentions] == ["С.А. Лавочкина"]  # found here, dropped by the pipeline inside the school
    _, protocol = extract(extractor, "Присутствовали: представители МБОУ «СШ № 32 им. С.А. Лавочкина»\n")
    assert protocol.participants == []


@pytest.mark.parametrize(
    ("surname", "cases", "gender", "expected"),
    [
        ("Васинову", {"accs"}, None, "Васинова"),
        ("Коробкову", {"accs"}, None, "Коробкова"),
        ("Кировой", {"gent"}, "femn", "Кирова"),
        ("Иванову", {"datv"}, "masc", "Иванов"),
        ("Петровой", {"datv"}, None, "Петрова"),
        ("Сороку", {"accs"}, "femn", "Сорока"),
        ("Шульгу", {"accs"}, "femn", "Шульга"),
        ("Литвиненко", {"accs"}, "femn", "Литвиненко"),
        ("Ильину-Маркову", {"accs"}, "femn", "Ильина-Маркова"),
    ],
)
def test_surname_nominative(extractor, surname, cases, gender, expected):
    assert extractor.normalizer.surname_nominative(surname, frozenset(cases), gender) == expected


def test_lists_keep_the_nominative_as_written(extractor):
    (mention,) = find_name_mentions("Скиба А.Г.", extractor.morphology)
    assert extractor.normalizer.normalize(mention, NameContext(as_written=True)) == "Скиба А.Г."


# --- the document's own nominatives, women's -ова surnames, particles, plural subjects, table cells ----------------
@pytest.mark.parametrize(
    ("body", "names"),
    [
        # an oblique adjectival surname is ambiguous (Лесового: Лесовой or Лесовый); the list says which
        ("Присутствовали: Лесовой Г.Т., Крутой А.А.\nПовестка дня:\n1. Отчёт.\n\nСлушали: директора Лесового Григория Тимофеевича.\n",
         ["Лесовой Г.Т."]),
        # the signature names the chair in the nominative
        ("Повестка дня:\n1. Отчёт.\n\nСлушали: председателя совета Крутого Антона Андреевича.\n\n"
         "Председатель ________ А.А. Крутой\n", ["Крутой А.А."]),
        # the agenda's reporter line names her in the nominative
        ("Повестка дня:\n1. Отчёт.\nДокладчик: Садовая Н.Н.\n\nСлушали: заместителя директора Садовую Н.Н.\n", ["Садовая Н.Н."]),
    ],
)
def test_the_documents_own_nominative_wins(extractor, body, names):
    _, protocol = extract(extractor, body)
    assert [s.name for s in protocol.speakers] == names


@pytest.mark.parametrize(
    ("surname", "cases", "gender", "expected"),
    [
        # a woman's -ова/-ева/-ина surname unknown to the dictionary, not the adjective it looks like
        ("Ногтевой", {"datv"}, "femn", "Ногтева"),
        ("Шелковой", {"gent"}, None, "Шелкова"),
        ("Лисициной", {"ablt"}, "femn", "Лисицина"),
        # a real adjectival surname stays adjectival
        ("Толстой", {"gent"}, "femn", "Толстая"),
        # double-barrelled: the adjectival half shows a woman, the other half agrees
        ("Жукова-Бельская", {"accs"}, None, "Жукова-Бельская"),
        # a surname with a particle does not decline
        ("Ван Дер Вельде", {"accs"}, None, "Ван Дер Вельде"),
    ],
)
def test_more_surname_nominatives(extractor, surname, cases, gender, expected):
    assert extractor.normalizer.surname_nominative(surname, frozenset(cases), gender) == expected


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        ("Слушали: учителя итальянского языка Ди Маттео Анну Андреевну, которая рассказала о конкурсе.",
         [("Ди Маттео А.А.", "учитель итальянского языка")]),
        ("По второму вопросу выступили учителя Рахимова А.А. и Жукова-Бельская И.М. с предложением.",
         [("Рахимова А.А.", "учитель"), ("Жукова-Бельская И.М.", "учитель")]),
        ("Слушали:\n1.Т.В. Кравец,заместителя директора по ВР,которая подвела итоги.",
         [("Кравец Т.В.", "заместитель директора по ВР")]),
    ],
)
def test_more_speakers(extractor, body, speakers):
    _, protocol = extract(extractor, "Повестка дня:\n1. Итоги.\n2. Конкурс.\n\n" + body)
    assert [(s.name, s.role) for s in protocol.speakers] == speakers


def test_a_pupil_alone_in_a_table_cell(extractor):
    _, protocol = extract(extractor, "Присутствовали:\n№ | ФИО | Категория\n1 | Гуменюк Полина | представитель обучающихся\n"
                                     "2 | Дорош Ян | представитель обучающихся\n\nПовестка дня:\n1. Разное.")
    assert [p.name for p in protocol.participants] == ["Гуменюк П.", "Дорош Я."]


@pytest.mark.parametrize(
    ("body", "name"),
    [
        ("Заслушали отчёт руководителя ШМО Семёнова Петра Ильича о ВПР.", "Семёнов П.И."),
        ("Слово предоставили учителю труда Фомину Ивану Кузьмичу.", "Фомин И.К."),
    ],
)
def test_irregular_patronymics(extractor, body, name):
    _, protocol = extract(extractor, "Повестка дня:\n1. Отчёт.\n\n" + body)
    assert [s.name for s in protocol.speakers] == [name]


# --- names the second held-out set showed, in new phrasings -----------------------------------------------------
@pytest.mark.parametrize(
    ("listing", "names"),
    [
        # one initial: a pupil, a foreign assistant
        ("Присутствовали: Гринь О.П. (председатель), Мороз К. (обучающийся 11 «Б» класса), Смит Дж. (волонтёр)",
         ["Гринь О.П.", "Мороз К.", "Смит Дж."]),
        # a pupil without a patronymic, a surname the dictionary reads as a plural noun
        ("Приглашены: Котов П.Р. (отец), обучающийся 8 класса Котов Денис.", ["Котов П.Р.", "Котов Д."]),
    ],
)
def test_names_without_a_patronymic(extractor, listing, names):
    _, protocol = extract(extractor, listing + "\n\nПовестка дня:\n1. Разное.")
    assert [p.name for p in protocol.participants] == names


@pytest.mark.parametrize("text", ["в корпусе Б. здания школы", "Приложение А. Список участников", "из группы В. и группы Г."])
def test_a_letter_after_a_word_is_no_initial(extractor, text):
    _, protocol = extract(extractor, "Присутствовали: 5 человек\n\nПовестка дня:\n1. Разное.\n\nСлушали: " + text)
    assert protocol.speakers == [] or all(s.name is None for s in protocol.speakers)


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a common noun as a surname, with a first name, in the dative
        ("Слово было предоставлено представителю обучающихся Соколу Матвею, который рассказал о проекте.",
         [("Сокол М.", "представитель обучающихся")]),
        # a foreigner with a two-letter initial in the accusative
        ("Слушали: волонтёра Брауна Дж., который рассказал о клубе.", [("Браун Дж.", "волонтёр")]),
        # roles before each of several names: each role is its own person's
        ("Слушали: руководителя ШМО учителей физики Журавля Петра Ивановича, руководителя ШМО учителей химии "
         "Ковалёву Анну Сергеевну, которые отчитались о работе.",
         [("Журавль П.И.", "руководитель ШМО учителей физики"), ("Ковалёва А.С.", "руководитель ШМО учителей химии")]),
        ("Слушали: представителя от родителей Лисицу Ольгу Петровну о питании.", [("Лисица О.П.", "представитель от родителей")]),
    ],
)
def test_speakers_of_the_second_set(extractor, body, speakers):
    _, protocol = extract(extractor, "Повестка дня:\n1. Итоги.\n\n" + body)
    assert [(s.name, s.role) for s in protocol.speakers] == speakers


def test_a_bracketed_role_does_not_set_the_names_case(extractor):
    _, protocol = extract(extractor, "Повестка дня:\n1. Итоги.\n\nСлушали: Зуеву З.З. (заместитель директора по ВР) об итогах.")
    assert [(s.name, s.role) for s in protocol.speakers] == [("Зуева З.З.", "заместитель директора по ВР")]
