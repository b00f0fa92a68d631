"""Hard-wrapped text as a PDF reader gives it: a speech line wrapped so it looks like a new entry, a name or a
role split across lines, decision table rows and labels broken over lines or pages. New phrasings, not the gold's."""

from __future__ import annotations

import pytest

from extract.text import wrap_width
from ingest.reading import protocol_from_text

FILLER = "Обсуждали вопросы организации работы школьного методического объединения учителей.\n" * 6


def extract(extractor, text: str):
    return extractor.extract(protocol_from_text(text, "case.txt"))


def test_wrap_width_of_hard_wrapped_and_paragraph_texts():
    wrapped = "\n".join(["Обсуждали вопросы организации работы школьного методического объединения"] * 20)
    paragraphs = "\n".join(["Короткая строка.", "Очень длинная строка " * 20] * 8)
    assert wrap_width(wrapped) == len("Обсуждали вопросы организации работы школьного методического объединения")
    assert wrap_width(paragraphs) is None


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a nominative remark wrapped to open a line after a full line is no new presenter
        ("Слушали: методиста Орлову О.О., которая рассказала о плане проведения предметной недели в\n"
         "начальной школе и о подготовке открытых уроков, конкурсов и викторин для учащихся.\n"
         "Учитель физики Зуев Ф.Ф. предложил включить в план неделю естественных наук.\nРешили: принять.",
         [("Орлова О.О.", "методист")]),
        # a report word opening a line after a sentence's end still opens an entry, however full the line before
        ("Слушали: методиста Орлову О.О., которая рассказала о плане проведения предметной недели в\n"
         "начальной школе и о подготовке открытых уроков, конкурсов и викторин для учащихся школы.\n"
         "Информация учителя физики Зуева Федора Фёдоровича о неделе естественных наук.\nРешили: принять.",
         [("Орлова О.О.", "методист"), ("Зуев Ф.Ф.", "учитель физики")]),
        # a role broken before its "по …" phrase
        ("Слово было предоставлено заместителю директора\nпо ВР Зуевой Фаине Фёдоровне, которая рассказала о плане.",
         [("Зуева Ф.Ф.", "заместитель директора по ВР")]),
        # initials at a line's end, the surname on the next
        ("Слушали заместителя директора по УВР Ф.Ф.\nЗуеву. Фаина Фёдоровна рассказала о плане.", [("Зуева Ф.Ф.", "заместитель директора по УВР")]),
    ],
)
def test_speeches_in_wrapped_lines(extractor, body, speakers):
    text = "Протокол № 2\nзаседания ШМО\nот 10.11.2021\n\n" + FILLER + "\nПовестка дня:\n1. О предметной неделе.\n\n" + body
    assert [(s.name, s.role) for s in extract(extractor, text).speakers] == speakers


@pytest.mark.parametrize(
    ("listing", "names"),
    [
        ("Члены совета: Зуева Ф. Ф., Орлов О. О., Панина П.\nП., Рябов Р. Р.", ["Зуева Ф.Ф.", "Орлов О.О.", "Панина П.П.", "Рябов Р.Р."]),
        ("Приглашены: учитель музыки МБОУ «СОШ № 9» Зуева\nФаина Фёдоровна, логопед Орлов О.О.", ["Зуева Ф.Ф.", "Орлов О.О."]),
        ("Присутствовали:\n1. | Зуева Фаина Фёдоровна, учитель музыки\n2. | Кузнец Ольга Олеговна, логопед", ["Зуева Ф.Ф.", "Кузнец О.О."]),
    ],
)
def test_names_split_over_lines_and_cells(extractor, listing, names):
    text = "Протокол № 2\nзаседания совета\nот 10.11.2021\n\n" + listing + "\n\nПовестка дня:\n1. Разное."
    assert [p.name for p in extract(extractor, text).participants] == names


def test_attendance_roles_wrapped_and_before_the_next_name(extractor):
    text = ("Протокол № 2\nзаседания совета\nот 10.11.2021\n\nПредседатель: Зуева Фаина Фёдоровна (председатель попечительского\n"
            "совета школы)\nПриглашены: Орлов Олег Олегович, логопед Рябова Р.Р.\n\nПовестка дня:\n1. Разное.")
    assert [(p.name, p.role) for p in extract(extractor, text).participants] == [
        ("Зуева Ф.Ф.", "председатель попечительского совета школы"), ("Орлов О.О.", None), ("Рябова Р.Р.", "логопед")]


def test_decision_table_rows_wrapped_over_lines_and_a_page(extractor):
    text = ("Протокол № 2\nзаседания совета\nот 10.11.2021\n\nПовестка дня:\n1. Разное.\n\nСлушали: Зуеву Ф.Ф.\nРешили:\n"
            "№ | Мероприятие | Ответственный | Срок\n1 | Провести неделю музыки для учащихся\n5-9 классов. | Зуева Ф.Ф. | до\n"
            "20.11.2021\n2 | Обновить стенды в\n\nрекреации второго этажа. | Орлов О.О. | в течение\nмесяца\n")
    decisions = extract(extractor, text).decisions
    assert [(d.text, d.responsible, d.deadline) for d in decisions] == [
        ("Провести неделю музыки для учащихся 5-9 классов.", "Зуева Ф.Ф.", "до 20.11.2021"),
        ("Обновить стенды в рекреации второго этажа.", "Орлов О.О.", "в течение месяца"),
    ]


@pytest.mark.parametrize(
    ("decisions_text", "expected"),
    [
        # a deadline label at a line's end, its value on the next line
        ("1. Провести неделю музыки. Срок:\nдо 20.11.2021\n2. Обновить стенды.",
         [("Провести неделю музыки.", None, "до 20.11.2021"), ("Обновить стенды.", None, None)]),
        # a label in parentheses broken by a page
        ("1. Провести неделю музыки (отв.\n\n– Зуева Ф.Ф., срок – до 20.11.2021).\n2. Обновить стенды.",
         [("Провести неделю музыки", "Зуева Ф.Ф.", "до 20.11.2021"), ("Обновить стенды.", None, None)]),
        # a year at a line's start is no vote
        ("1. Отчет о расходовании средств\nза 2021 год принять к сведению.",
         [("Отчет о расходовании средств за 2021 год принять к сведению.", None, None)]),
        # a wrap right after a name's initials: the next line goes on in a parenthesis or after a comma
        ("1. Назначить ответственным за сайт Орлова О.О.\n(учитель информатики).\n2. Обновить стенды.",
         [("Назначить ответственным за сайт Орлова О.О. (учитель информатики).", None, None), ("Обновить стенды.", None, None)]),
        ("1. Включить в жюри Зуеву Ф.Ф., Орлова О.О.\n, Гусеву И.И.\n2. Обновить стенды.",
         [("Включить в жюри Зуеву Ф.Ф., Орлова О.О. , Гусеву И.И.", None, None), ("Обновить стенды.", None, None)]),
        # lettered sub-items inline after a colon, wrapped
        ("1. Организовать неделю музыки: а)\nконкурс хоров; б) викторину.",
         [("конкурс хоров;", None, None), ("викторину.", None, None)]),
    ],
)
def test_wrapped_decisions(extractor, decisions_text, expected):
    text = "Протокол № 2\nзаседания совета\nот 10.11.2021\n\nПовестка дня:\n1. Разное.\n\nСлушали: Зуеву Ф.Ф.\nРешили:\n" + decisions_text
    assert [(d.text, d.responsible, d.deadline) for d in extract(extractor, text).decisions] == expected


def test_unnumbered_agenda_items_wrapped(extractor):
    text = ("Протокол № 2\nродительского собрания\nот 10.11.2021\n\n" + FILLER +
            "Повестка собрания:\nВыступление учителя музыки Зуевой Ф.Ф. о подготовке к новогоднему концерту с\n"
            "участием родителей.\nВыступление логопеда Орлова О.О. с докладом:\n«Речевые игры дома».\nРазное.\n\n"
            "Слушали: Зуеву Ф.Ф.")
    assert [item.text for item in extract(extractor, text).agenda] == [
        "Выступление учителя музыки Зуевой Ф.Ф. о подготовке к новогоднему концерту с участием родителей.",
        "Выступление логопеда Орлова О.О. с докладом: «Речевые игры дома».",
        "Разное.",
    ]


@pytest.mark.parametrize(
    ("header", "doc_type", "organization"),
    [
        ("Муниципальное бюджетное\nобщеобразовательное учреждение «Школа № 9»\n\nПротокол заседания методического совета\n"
         "«Функциональная грамотность: от диагностики\nк практике»\nот 10.11.2021",
         "заседание методического совета", "Муниципальное бюджетное общеобразовательное учреждение «Школа № 9»"),
        ("МБОУ «Школа № 9»\n\nПротокол заседания рабочей группы по введению ФГОС\nСОО от 10.11.2021",
         "заседание рабочей группы по введению ФГОС СОО", "МБОУ «Школа № 9»"),
    ],
)
def test_headers_wrapped(extractor, header, doc_type, organization):
    protocol = extract(extractor, header + "\n\nПовестка дня:\n1. Разное.")
    assert protocol.doc_type.value == doc_type
    assert protocol.organization.value == organization


@pytest.mark.parametrize(
    ("body", "role"),
    [
        # a role's adjective ends a line, its head opens the next
        ("1. По первому вопросу слушали старшего\nвоспитателя Гусеву И.И., которая рассказала о плане.\nРешили: принять.",
         "старший воспитатель"),
        ("1. Слушали: ведущего\nинженера МКУ «ЦОКО» Орлова О.О. о графике.\nРешили: принять.", "ведущий инженер МКУ «ЦОКО»"),
    ],
)
def test_a_role_wrapped_between_its_adjective_and_head(extractor, body, role):
    text = "Протокол № 4\nзаседания совета\nот 14.03.2023\n\nПовестка дня:\n1. О плане.\n\n" + body
    assert [s.role for s in extract(extractor, text).speakers] == [role]


def test_a_name_wrapped_over_lines_inside_a_decision_is_no_signature(extractor):
    text = ("Протокол № 4\nсовещания\nот 14.03.2023\n\nПовестка дня:\n1. О ремонте.\n\nСлушали: Орлова О.О.\n"
            "Решили: Информацию принять к сведению.\nДиректору МКОУ «Лесная ООШ» (Гусева\nИ.И.) обеспечить занятия на\n"
            "базе Дома культуры.\n\nПредседатель ______ О.О. Орлов")
    assert [d.text for d in extract(extractor, text).decisions] == [
        "Информацию принять к сведению.", "Директору МКОУ «Лесная ООШ» (Гусева И.И.) обеспечить занятия на базе Дома культуры."]


@pytest.mark.parametrize(
    ("body", "speakers"),
    [
        # a role's coordinated dependent wrapped onto the next line after "и"
        ("По первому вопросу.\nДокладчик: Орлова О.О., руководитель ШМО учителей истории\nи обществознания.\n"
         "Ольга Олеговна представила анализ.\nРешили: принять.",
         [("Орлова О.О.", "руководитель ШМО учителей истории и обществознания")]),
        # but not another person after "и"
        ("Слушали: Орлову О.О., учителя истории\nи Гусеву И.И., учителя химии.\nРешили: принять.",
         [("Орлова О.О.", "учитель истории"), ("Гусева И.И.", "учитель химии")]),
    ],
)
def test_a_role_wrapped_before_its_coordinated_dependent(extractor, body, speakers):
    text = "Протокол № 4\nзаседания совета\nот 14.03.2023\n\nПовестка дня:\n1. О плане.\n\n" + body
    assert [(s.name, s.role) for s in extract(extractor, text).speakers] == speakers
