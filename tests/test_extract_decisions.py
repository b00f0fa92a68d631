"""Decisions: numbering and nesting, lead-ins and addressees, responsibles, deadlines, votes, tables, decrees."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.decisions import find_decrees
from ingest.reading import protocol_from_text

HEADER = "Протокол № 1\nзаседания педагогического совета\nот 30.08.2021\n\nПовестка дня:\n1. Об итогах года.\n\n"


def decisions_of(extractor, body: str):
    text = HEADER + body
    return extractor.extract(protocol_from_text(text, "case.txt")).decisions


def rows(decisions):
    return [(d.number, d.text, d.responsible, d.deadline) for d in decisions]


def test_addressee_line_is_the_responsible_of_its_sub_items(extractor):
    body = (
        "Решили:\n1. Информацию о работе принять к сведению.\n3. Районному методическому кабинету:\n"
        " - 1) Подготовить методические материалы.\n - 2) Обеспечить методическое сопровождение.\n\n"
        "- 3) Создать электронный контент.\n"
    )
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Информацию о работе принять к сведению.", None, None),
        ("3.1", "Подготовить методические материалы.", "Районный методический кабинет", None),
        ("3.2", "Обеспечить методическое сопровождение.", "Районный методический кабинет", None),
        ("3.3", "Создать электронный контент.", "Районный методический кабинет", None),
    ]


@pytest.mark.parametrize(
    ("lead_in", "responsible"),
    [
        ("Руководителям ОО:", "Руководители ОО"),
        ("Рекомендовать заместителям директоров по УВР:", "заместители директоров по УВР"),
        ("Классным руководителям 9-х классов:", "Классные руководители 9-х классов"),
        ("Заместителю директора по УВР Ивановой И.И.:", "Иванова И.И."),
        ("МКУ «ИМЦ» (Латышева Е.А.):", "МКУ «ИМЦ» (Латышева Е.А.)"),
        ("Утвердить:", None),
    ],
)
def test_lead_ins(extractor, lead_in, responsible):
    body = f"Решили:\n1. {lead_in}\n1.1. провести анализ результатов;\n1.2. подготовить план.\n"
    assert rows(decisions_of(extractor, body)) == [
        ("1.1", "провести анализ результатов;", responsible, None),
        ("1.2", "подготовить план.", responsible, None),
    ]


def test_labels_on_their_own_lines_inline_and_in_parentheses(extractor):
    body = (
        "Решили:\n"
        "1. Утвердить основные задачи школы на год.\nОтветственный: Гончаренко Л.В., директор\nСрок: в течение года\n"
        "2. Провести классные часы. Ответственные: классные руководители, срок – до 01.03.2022.\n"
        "3. Провести повторную диагностику (срок-апрель 2013г., отв.-Смоляк Т.В.).\n"
        "4. Заместителю директора Шевченко Н.А. разработать план-график в срок до 15.09.2021.\n"
    )
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Утвердить основные задачи школы на год.", "Гончаренко Л.В.", "в течение года"),
        ("2", "Провести классные часы.", "классные руководители", "до 01.03.2022"),
        ("3", "Провести повторную диагностику", "Смоляк Т.В.", "апрель 2013г."),
        # a dative and a date inside the sentence stay text
        ("4", "Заместителю директора Шевченко Н.А. разработать план-график в срок до 15.09.2021.", None, None),
    ]


def test_a_label_under_a_lead_in_wins_and_belongs_to_the_entry_above(extractor):
    body = (
        "Решили:\n4. МКУ «ИМЦ»:\n4.1. Обобщить опыт лицея.\nСрок: до 20.12.2021\n"
        "4.2. Провести семинар для кураторов.\nОтветственный: Осипова Д.В.\nСрок: ноябрь 2021 г.\n"
    )
    decisions = decisions_of(extractor, body)
    assert rows(decisions) == [
        ("4.1", "Обобщить опыт лицея.", "МКУ «ИМЦ»", "до 20.12.2021"),
        ("4.2", "Провести семинар для кураторов.", "Осипова Д.В.", "ноябрь 2021 г."),
    ]
    assert [d.deadline_date for d in decisions] == [dt.date(2021, 12, 20), dt.date(2021, 11, 30)]


def test_vote_lines_signatures_and_attachments_are_not_decisions(extractor):
    body = (
        "ПОСТАНОВИЛИ:\n1. Согласовать программу развития.\nГолосовали: «за» – 9, «против» – 0, «воздержались» – 0. "
        "Решение принято единогласно.\n2. Отчет принять к сведению.\n\nПриложение 1: список на 2 л.\n\n"
        "Председатель ____________ Л.Г. Гутник\nСекретарь ____________ О.И. Зуева\n"
    )
    assert [d.text for d in decisions_of(extractor, body)] == ["Согласовать программу развития.", "Отчет принять к сведению."]


def test_flattened_and_ocr_numbering(extractor):
    body = ("Решили:1.Продолжить индивидуальную работу с обучающимися,рекомендованными на муниципальный этап\n"
            "олимпиады.2.Включить олимпиадные задания в занятия.Срок:до 30.11.2019 3.Результаты обсудить с родителями.\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Продолжить индивидуальную работу с обучающимися,рекомендованными на муниципальный этап олимпиады.", None, None),
        ("2", "Включить олимпиадные задания в занятия.", None, "до 30.11.2019"),
        ("3", "Результаты обсудить с родителями.", None, None),
    ]


def test_inline_bullets(extractor):
    body = "Решили: - поставить обучающегося на учет; - классному руководителю информировать мать; - рекомендовать консультацию.\n"
    assert [d.text for d in decisions_of(extractor, body)] == [
        "поставить обучающегося на учет;", "классному руководителю информировать мать;", "рекомендовать консультацию.",
    ]


def test_unnumbered_decisions_are_sentences(extractor):
    body = "ПОСТАНОВИЛИ: Предложение Черных П.С. поддержать. Организацию встречи поручить заместителю директора по ВР.\n"
    assert [d.text for d in decisions_of(extractor, body)] == [
        "Предложение Черных П.С. поддержать.", "Организацию встречи поручить заместителю директора по ВР.",
    ]


def test_a_table_of_decisions(extractor):
    body = (
        "РЕШЕНИЕ:\n№ | Мероприятие | Ответственный | Срок\n"
        "1 | Обеспечить ежедневный мониторинг. | Дьячук А.С. | ежедневно\n"
        "2 | Устранить замечания. | Самойлова И.П., Тихонова В.А. | до 29.01.2021\n"
    )
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Обеспечить ежедневный мониторинг.", "Дьячук А.С.", "ежедневно"),
        ("2", "Устранить замечания.", "Самойлова И.П., Тихонова В.А.", "до 29.01.2021"),
    ]


def test_decisions_gathered_at_the_end_have_no_agenda_item(extractor):
    text = (
        "Протокол № 1\nзаседания совета\nот 01.02.2021\n\nПовестка дня:\n1. Первый вопрос.\n2. Второй вопрос.\n\n"
        "По первому вопросу слушали Иванову А.А., которая рассказала.\n\nПо второму вопросу слушали Петрову Б.Б., которая рассказала.\n\n"
        "Решили:\n1. Принять к сведению.\n"
    )
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(s.name, s.agenda_item) for s in protocol.speakers] == [("Иванова А.А.", 1), ("Петрова Б.Б.", 2)]
    assert [d.agenda_item for d in protocol.decisions] == [None]
    assert "decision_without_item" in {w.code for w in protocol.warnings}


def test_decisions_per_item(extractor):
    text = (
        "Протокол № 1\nзаседания совета\nот 01.02.2021\n\nПовестка дня:\n1. Первый вопрос.\n2. Второй вопрос.\n\n"
        "1. СЛУШАЛИ: Иванову А.А., которая рассказала.\nРЕШИЛИ: Принять к сведению.\n\n"
        "2. СЛУШАЛИ: Петрову Б.Б., которая рассказала.\nРЕШИЛИ: Утвердить план.\n"
    )
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(d.text, d.agenda_item) for d in protocol.decisions] == [("Принять к сведению.", 1), ("Утвердить план.", 2)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # the only decision block stands between two speeches: it closes the first item, it gathers nothing
        ("1. СЛУШАЛИ: Носову Е.Е. о кружках.\nПОСТАНОВИЛИ:\n1. Открыть кружок.\n2. Назначить руководителя.\n\n"
         "2. СЛУШАЛИ: Лебедева К.К. о питании.\n",
         [("Открыть кружок.", 1), ("Назначить руководителя.", 1)]),
        ("По первому вопросу слушали Носову Е.Е.\nРешение: принять к сведению.\n"
         "По второму вопросу слушали Лебедева К.К., который рассказал о пита",
         [("принять к сведению.", 1)]),
        # after every speech it is the common block of all items
        ("1. СЛУШАЛИ: Носову Е.Е. о кружках.\n2. СЛУШАЛИ: Лебедева К.К. о питании.\nПОСТАНОВИЛИ:\n1. Открыть кружок.\n",
         [("Открыть кружок.", None)]),
    ],
)
def test_a_single_decision_block_closes_the_item_before_it(extractor, body, expected):
    text = (
        "Протокол № 3\nзаседания совета\nот 11.03.2022\n\nПовестка дня:\n1. О кружках.\n2. О питании.\n\n" + body
    )
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(d.text, d.agenda_item) for d in protocol.decisions] == expected


@pytest.mark.parametrize(
    ("text", "decrees"),
    [
        ("утверждена приказом отдела образования администрации МР «Медынский район» от 02.07.2020 г. № 145",
         [("приказ", dt.date(2020, 7, 2), "145")]),
        ("в соответствии с приказом Минпросвещения России и Рособрнадзора от 04.04.2023 № 233/554",
         [("приказ", dt.date(2023, 4, 4), "233/554")]),
        ("во исполнение постановления Администрации района от 28.08.2023 № 611 «Об организации питания»",
         [("постановление", dt.date(2023, 8, 28), "611")]),
        ("согласно распоряжению № 12-р от 1 марта 2021 года", [("распоряжение", dt.date(2021, 3, 1), "12-р")]),
        ("решение принять к сведению", []),
    ],
)
def test_decree_references(text, decrees):
    assert [(d.kind, d.date, d.number) for d in find_decrees(text, 0, len(text))] == decrees


# --- forms the held-out protocols showed, in new phrasings ---------------------------------------------------------
@pytest.mark.parametrize(
    ("lead_in", "responsible"),
    [
        # coordinated and parenthesized addressees: every dative phrase in the nominative, dependents as written
        ("Тьюторам и классным руководителям 10-11 классов:", "Тьюторы и классные руководители 10-11 классов"),
        ("Педагогу-психологу, социальному педагогу и логопеду:", "Педагог-психолог, социальный педагог и логопед"),
        ("Опекунам (приёмным родителям) обучающихся:", "Опекуны (приёмные родители) обучающихся"),
        # a body with its head in parentheses
        ("Методическому кабинету (Гринько О.Н.):", "Методический кабинет (Гринько О.Н.)"),
    ],
)
def test_more_lead_ins(extractor, lead_in, responsible):
    body = f"Решили:\n2. {lead_in}\n2.1. провести консультации;\n2.2. составить графики.\n"
    assert [d.responsible for d in decisions_of(extractor, body)] == [responsible, responsible]


def test_flattened_multi_level_numbers_and_labels(extractor):
    body = ("Решение: 1.1. Отчёт утвердить. 1.2. Подготовить стенд. Срок: до 01.05.2024 г. 1.3. Разослать итоги. "
            "Ответственный за рассылку: Гринько О.Н. 1.4. Педагогам: 1.4.1. обновить КТП; 1.4.2. сдать отчёты.\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1.1", "Отчёт утвердить.", None, None),
        ("1.2", "Подготовить стенд.", None, "до 01.05.2024 г."),
        ("1.3", "Разослать итоги.", "Гринько О.Н.", None),
        ("1.4.1", "обновить КТП;", "Педагоги", None),
        ("1.4.2", "сдать отчёты.", "Педагоги", None),
    ]


def test_a_year_ends_a_sentence_and_labels_in_parentheses_on_their_own_line(extractor):
    body = ("Решили: Провести смотр кабинетов до 20 мая 2024 г. Победителей наградить грамотами.\n"
            "(ответственный: Гринько О.Н., срок: до 25 мая)\n")
    assert rows(decisions_of(extractor, body)) == [
        (None, "Провести смотр кабинетов до 20 мая 2024 г.", None, None),
        (None, "Победителей наградить грамотами.", "Гринько О.Н.", "до 25 мая"),
    ]


def test_table_cells_with_a_dash_mean_none(extractor):
    body = "РЕШИЛИ:\n№ | Содержание решения | Ответственный | Срок\n1 | Принять к сведению. | — | —\n2 | Обновить стенды. | Гринько О.Н. | нет\n"
    assert rows(decisions_of(extractor, body)) == [("1", "Принять к сведению.", None, None), ("2", "Обновить стенды.", "Гринько О.Н.", None)]


def test_a_closing_entry_after_the_last_items_numbering(extractor):
    text = ("Протокол № 1\nзаседания совета\nот 01.02.2021\n\nПовестка дня:\n1. Первый вопрос.\n2. Второй вопрос.\n\n"
            "1. СЛУШАЛИ: Гринько О.Н.\nПОСТАНОВИЛИ:\n1.1. Принять к сведению.\n"
            "2. СЛУШАЛИ: Бойко Т.Т.\nПОСТАНОВИЛИ:\n2.1. Утвердить план.\nОтветственный за контроль: Бойко Т.Т.\n"
            "Голосовали: единогласно.\n3. Контроль за исполнением решений оставляю за собой.\n")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(d.number, d.text, d.agenda_item, d.responsible) for d in protocol.decisions] == [
        ("1.1", "Принять к сведению.", 1, None),
        ("2.1", "Утвердить план.", 2, "Бойко Т.Т."),
        ("3", "Контроль за исполнением решений оставляю за собой.", None, None),
    ]


def test_a_labels_value_stops_at_a_glued_signature(extractor):
    body = "Решение: 1.1. Утвердить план. Срок: до 01.09.2024 Руководитель МО ________ А.А. Гринько Просмотров: 12\n"
    assert rows(decisions_of(extractor, body)) == [("1.1", "Утвердить план.", None, "до 01.09.2024")]


@pytest.mark.parametrize("heading", ["педагогический совет РЕШИЛ:", "Педсовет постановил:", "собрание решило:"])
def test_the_bodys_own_verb_heads_the_decisions(extractor, heading):
    body = f"Слушали: Сомову Т.И. об итогах.\nЗаслушав и обсудив информацию, {heading}\n1. Признать работу удовлетворительной.\n"
    assert [(d.text, d.agenda_item) for d in decisions_of(extractor, body)] == [("Признать работу удовлетворительной.", 1)]


# --- decision forms the second held-out set showed, in new phrasings ------------------------------------------------
@pytest.mark.parametrize(
    ("lead_in", "responsible"),
    [
        ("Учителям физики и астрономии:", "Учителя физики и астрономии"),
        ("Учителям истории и классным руководителям:", "Учителя истории и классные руководители"),
        ("Руководителям ШМО и МО:", "Руководители ШМО и МО"),
    ],
)
def test_coordinated_addressees(extractor, lead_in, responsible):
    body = f"Решили:\n1. {lead_in}\n1.1. провести диагностику;\n1.2. составить план."
    assert {d.responsible for d in decisions_of(extractor, body)} == {responsible}


def test_lettered_sub_items_inline_after_a_colon(extractor):
    body = "Решили:\n1. Провести неделю математики: а) конкурс газет; б) олимпиаду для 5-7 классов.\nСрок: до 20.03.2021.\n"
    assert rows(decisions_of(extractor, body)) == [
        ("1.а", "конкурс газет;", None, None),
        ("1.б", "олимпиаду для 5-7 классов.", None, "до 20.03.2021"),
    ]


@pytest.mark.parametrize(
    "closing",
    [
        "С протоколом ознакомлены:\nИванова И.И. ________\nПетрова П.П. ________",
        "Ознакомлен(а):\nИванова И.И.",
        "Дата проведения заседания: 30.08.2021",
        "…\n\nПредседатель ______ И.И. Иванова",
    ],
)
def test_closing_lines_are_no_decisions(extractor, closing):
    body = "Решили:\n1. Утвердить план.\n2. Информацию принять к сведению.\n\n" + closing
    assert [d.text for d in decisions_of(extractor, body)] == ["Утвердить план.", "Информацию принять к сведению."]


def test_a_decision_table_naming_each_rows_item(extractor):
    text = ("Протокол № 1\nсовещания\nот 30.08.2021\n\nПовестка дня:\n1. О питании.\n2. О подвозе.\n\n"
            "Слушали: Иванову И.И.\n\nРешили:\n№ | Пункт повестки | Решение | Ответственный | Срок\n"
            "1 | 2 | Утвердить маршрут. | Петров П.П. | до 01.09.2021\n2 | 1 | Обновить меню. | – | постоянно\n")
    decisions = extractor.extract(protocol_from_text(text, "case.txt")).decisions
    assert [(d.text, d.agenda_item, d.responsible, d.deadline) for d in decisions] == [
        ("Утвердить маршрут.", 2, "Петров П.П.", "до 01.09.2021"),
        ("Обновить меню.", 1, None, "постоянно"),
    ]


def test_a_label_inside_running_decisions_ends_at_its_sentence(extractor):
    body = ("Решили: Отчет принять к сведению. Классным руководителям провести беседы. Срок – в течение месяца. "
            "Родителям усилить контроль.")
    assert rows(decisions_of(extractor, body)) == [
        (None, "Отчет принять к сведению.", None, None),
        (None, "Классным руководителям провести беседы.", None, "в течение месяца"),
        (None, "Родителям усилить контроль.", None, None),
    ]


def test_a_tab_separated_decision_table(extractor):
    body = ("Решили:\n№\tМероприятие\t\tОтветственный\tСрок\n1\tПровести неделю музыки.\t\tЗуева Ф.Ф.\tдо 20.11.2021\n"
            "2\tОбновить стенды.\t\tОрлов О.О.\tв течение месяца\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Провести неделю музыки.", "Зуева Ф.Ф.", "до 20.11.2021"),
        ("2", "Обновить стенды.", "Орлов О.О.", "в течение месяца"),
    ]


def test_labels_naming_the_executor(extractor):
    body = ("Решили:\n1. Провести неделю музыки.\nОтветственный исполнитель: Зуева Ф.Ф.\nСрок выполнения: до 20.11.2021\n"
            "2. Обновить стенды.\nИсполнители: Орлов О.О., Петров П.П.")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Провести неделю музыки.", "Зуева Ф.Ф.", "до 20.11.2021"),
        ("2", "Обновить стенды.", "Орлов О.О., Петров П.П.", None),
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("Решили:\n1. Провести неделю: 1) конкурс газет; 2) олимпиаду.\n2. Утвердить план.",
         [("1.1", "конкурс газет;"), ("1.2", "олимпиаду."), ("2", "Утвердить план.")]),
        ("Решили:\n1. Провести неделю: а) конкурс газет, б) олимпиаду.", [("1.а", "конкурс газет"), ("1.б", "олимпиаду.")]),
        ("Решили: 1) провести неделю; 2) утвердить план; 3) информацию принять к сведению.",
         [("1", "провести неделю;"), ("2", "утвердить план;"), ("3", "информацию принять к сведению.")]),
    ],
)
def test_inline_sub_items(extractor, body, expected):
    assert [(d.number, d.text) for d in decisions_of(extractor, body)] == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # "(отв. …, срок – …)": the abbreviation's dot is its separator
        ("Решили:\n- обновить стенды (отв. Орлов О.О., срок – до 01.12.2021);\n- провести конкурс (отв. учителя музыки; срок - май).",
         [(None, "обновить стенды", "Орлов О.О.", "до 01.12.2021"), (None, "провести конкурс", "учителя музыки", "май")]),
        # "(срок до …)": the deadline word before "до" needs no separator
        ("Решили:\n1) обновить стенды (срок до 01.12.2021);\n2) провести конкурс.",
         [("1", "обновить стенды", None, "до 01.12.2021"), ("2", "провести конкурс.", None, None)]),
        # "Отв. …, срок – …" glued after the sentence
        ("Решили: Провести неделю музыки. Отв. Зуева Ф.Ф., срок – до 20.11.2021.",
         [(None, "Провести неделю музыки.", "Зуева Ф.Ф.", "до 20.11.2021")]),
    ],
)
def test_abbreviated_responsible_label_without_a_dash(extractor, body, expected):
    assert rows(decisions_of(extractor, body)) == expected


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # items lettered with a dot
        ("Решили:\nа. Обновить стенды в холле;\nб. Провести конкурс чтецов;\nв. Учителям музыки подготовить хор.",
         [("а", "Обновить стенды в холле;"), ("б", "Провести конкурс чтецов;"), ("в", "Учителям музыки подготовить хор.")]),
        # a wrapped line opening with a town's "г." is no lettered item: no "в." came before it
        ("Решили:\n1. Направить команду на турнир в\nг. Озёрск в марте.\n2. Утвердить состав.",
         [("1", "Направить команду на турнир в г. Озёрск в марте."), ("2", "Утвердить состав.")]),
    ],
)
def test_items_lettered_with_a_dot(extractor, body, expected):
    assert [(d.number, d.text) for d in decisions_of(extractor, body)] == expected


def test_a_table_flattened_one_cell_per_line(extractor):
    body = ("Решение совещания:\n\n№\nп/п\nМероприятие\nОтветственный\nСрок\n1.\nОбновить информационные стенды\nв холле "
            "первого этажа.\nОрлов О.О., зам.\nдиректора по АХЧ\nдо 15.12.2021\n2.\nПровести конкурс чтецов.\nУчителя литературы,\n"
            "библиотекарь Зуева Ф.Ф.\nв течение\nдекабря\n3.\nОрганизовать дежурство.\nКлассные руководители\nпостоянно\n\n"
            "Голосовали: за – 20, против – 0.\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Обновить информационные стенды в холле первого этажа.", "Орлов О.О.", "до 15.12.2021"),
        ("2", "Провести конкурс чтецов.", "Учителя литературы, Зуева Ф.Ф.", "в течение декабря"),
        ("3", "Организовать дежурство.", "Классные руководители", "постоянно"),
    ]


def test_a_closing_vote_sentence_naming_the_body_is_no_decision(extractor):
    body = "Решили:\n1. Утвердить план.\nГолосовали: единогласно.\n\nРешение методического объединения принято большинством голосов.\n"
    assert [d.text for d in decisions_of(extractor, body)] == ["Утвердить план."]


@pytest.mark.parametrize(
    ("lead_in", "responsible"),
    [
        # a participle after the addressee agrees with it in the plural; "в" is a preposition, not a noun
        ("Педагогам, работающим в 5-х классах:", "Педагоги, работающие в 5-х классах"),
        ("Воспитателям, ведущим в группах кружки:", "Воспитатели, ведущие в группах кружки"),
    ],
)
def test_a_participle_after_a_plural_addressee(extractor, lead_in, responsible):
    body = f"Решили:\n1. {lead_in}\nа) провести беседы;\nб) оформить стенды.\n"
    assert [d.responsible for d in decisions_of(extractor, body)] == [responsible, responsible]


def test_an_ocr_zero_for_the_capital_o_of_a_label(extractor):
    body = "Решили:\nа) обновить стенды;\nб) провести конкурс.\n0тветственные: Орлов О.О., Зуева Ф.Ф.\n"
    assert rows(decisions_of(extractor, body)) == [
        ("а", "обновить стенды;", None, None), ("б", "провести конкурс.", "Орлов О.О., Зуева Ф.Ф.", None),
    ]


def test_a_deadline_word_wrapped_after_a_preposition_stays_in_the_sentence(extractor):
    body = "Решили:\n1. Сдать отчёты о наставничестве в\nсрок до 15.12.2021.\n2. Обновить стенды.\nСрок: до 20.12.2021\n"
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Сдать отчёты о наставничестве в срок до 15.12.2021.", None, None),
        ("2", "Обновить стенды.", None, "до 20.12.2021"),
    ]


def test_the_last_items_heading_before_its_speech_is_no_decision(extractor):
    text = ("Протокол № 1\nсобрания\nот 30.08.2021\n\nПовестка дня:\n1. О питании.\n2. Прочее (ремонт класса).\n\n"
            "По 1 вопросу слушали Орлову О.О.\nРешили: меню утвердить.\n\nПрочее. Выступила Зуева Ф.Ф. с предложением о ремонте.\n"
            "Решили: провести ремонт в июле.")
    decisions = extractor.extract(protocol_from_text(text, "case.txt")).decisions
    assert [(d.text, d.agenda_item) for d in decisions] == [("меню утвердить.", 1), ("провести ремонт в июле.", 2)]


def test_a_cell_per_line_table_with_the_deadline_before_the_responsible(extractor):
    body = ("Решение:\n№\nМероприятие\nСрок\nОтветственный\n1.\nПроводить мониторинг посещаемости\nв течение года.\nпостоянно\n"
            "Классные руководители\n2.\nОбновить стенды.\nдо 15.12.2021\nОрлов О.О., завхоз\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Проводить мониторинг посещаемости в течение года.", "Классные руководители", "постоянно"),
        ("2", "Обновить стенды.", "Орлов О.О.", "до 15.12.2021"),
    ]


def test_a_vote_line_wrapped_inside_its_parenthesis(extractor):
    body = "Решили: Утвердить план.\nГолосовали: «за» – 8, «против» – нет, «воздержались» – 1 (Орлов\nО.О.).\n\nРешили: Обновить стенды."
    assert [d.text for d in decisions_of(extractor, body)] == ["Утвердить план.", "Обновить стенды."]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # letters with a dot running on one line after the heading
        ("Решили: а. обновить стенды; б. провести конкурс; в. закупить мячи.",
         [("а", "обновить стенды;", None), ("б", "провести конкурс;", None), ("в", "закупить мячи.", None)]),
        # a parenthesized label after the sentence's full stop belongs to that sentence
        ("Решили: Обновить стенды. (Отв. Орлов О.О.) Провести конкурс.",
         [(None, "Обновить стенды.", "Орлов О.О."), (None, "Провести конкурс.", None)]),
    ],
)
def test_letters_inline_and_a_label_in_parentheses_after_the_sentence(extractor, body, expected):
    assert [(d.number, d.text, d.responsible) for d in decisions_of(extractor, body)] == expected


def test_a_cell_per_line_table_with_a_responsible_cell_in_lower_case(extractor):
    body = ("Решение:\n№ п/п\nСодержание\nОтветственный\nСрок\n1\nОбновить информационные\nстенды.\nклассные руководители\n"
            "до 15.12.2021\n2\nПровести конкурс.\nучителя музыки\nмай 2022 г.\n")
    assert rows(decisions_of(extractor, body)) == [
        ("1", "Обновить информационные стенды.", "классные руководители", "до 15.12.2021"),
        ("2", "Провести конкурс.", "учителя музыки", "май 2022 г."),
    ]
