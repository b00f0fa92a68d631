"""Attendance: the stated count of those present, in the forms the headings give it."""

from __future__ import annotations

import pytest

from ingest.reading import protocol_from_text

HEADER = "Протокол № 5\nзаседания совета\nот 10.10.2023\n\n"


@pytest.mark.parametrize(
    ("attendance", "count"),
    [
        ("Присутствовали члены педагогического совета (31 из 35):\nИванова И.И., Петров П.П.", 31),
        ("Присутствовали (22 чел.):\nИванова И.И., Петров П.П.", 22),
        ("Присутствовали: руководители школ (всего 40 подключений)", 40),
        ("Присутствовали: 12 участников (список прилагается)", 12),
        ("Присутствовапи: 17 педагогических работников", 17),  # OCR slip in the heading
        ("Прнсутствовали: 9 чел.\nОтсутствовалн: нет", 9),  # "и" read as "н"
        ("Присутствовали: руководители 24 образовательных организаций", None),
        ("Присутствовали: Иванова И.И., Петров П.П.\nОтсутствовали: 3 человека", None),
    ],
)
def test_count_of_those_present(extractor, attendance, count):
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\n\nПовестка дня:\n1. Разное.", "case.txt"))
    assert (protocol.participant_count.value if protocol.participant_count else None) == count


@pytest.mark.parametrize(
    ("attendance", "count"),
    [
        ("Присутствовали: члены педагогического совета – 27 человек (список прилагается).", 27),
        ("Присутствовали: Всего: 9 человек.", 9),
        ("Присутствовали: родители – 40 человек, учителя – 12 человек.", None),  # counts by category, no total
        ("Присутствовали: члены комиссии – 5 человек, эксперты – 2.", None),  # the second category without its unit
    ],
)
def test_count_on_the_heading_line(extractor, attendance, count):
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\n\nПовестка дня:\n1. Разное.", "case.txt"))
    assert (protocol.participant_count.value if protocol.participant_count else None) == count


@pytest.mark.parametrize(
    ("attendance", "count"),
    [
        # one category's count, then staff named on the same line: no total
        ("Присутствовали: 17 родителей (из 25), учитель музыки Зотова Зоя Захаровна, соц. педагог Орлов О.О.", None),
        ("Присутствовали: 30 учащихся, классный руководитель Гусева И.И.", None),
        # a total with its own breakdown, nobody named after it
        ("Присутствовали: 25 человек, из них 3 приглашённых", 25),
        ("Присутствовали: 12 педагогов (список прилагается)", 12),
    ],
)
def test_a_categorys_count_beside_named_people(extractor, attendance, count):
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\n\nПовестка дня:\n1. Разное.", "case.txt"))
    assert (protocol.participant_count.value if protocol.participant_count else None) == count


def test_a_count_in_a_speech_is_not_the_attendance(extractor):
    text = ("Протокол № 3\nзаседания консилиума\nот 12.03.2019\n\nПрисутствовали:\nПредседатель – Иванова И.И.\nЧлены: Петров П.П.\n\n"
            "Повестка дня:\n1. Разное.\n\n1. Выступила Иванова И.И. о списках детей-инвалидов (всего 12 чел.).\n"
            "Решение: принять к сведению.\n\nПредседатель ______ И.И. Иванова")
    assert extractor.extract(protocol_from_text(text, "case.txt")).participant_count is None


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("Всего членов комиссии – 9, присутствовали – 7.", 7),
        ("Кворум имеется (присутствуют 11 из 14 членов совета).", 11),
        # those present out of all members, in the quorum's parenthesis
        ("Кворум есть (7 из 9 членов жюри).", 7),
        ("Кворум: (4 из 5).", 4),
        # an online meeting's attendance: those connected
        ("Подключились: 31 участник из 12 детских садов района.", 31),
        ("К трансляции подключилось 45 родителей.", 45),
        ("Подключился к конференции Орлов О.О. в 10 часов.", None),
    ],
)
def test_counts_inside_a_sentence(extractor, line, count):
    text = HEADER + line + "\nПредседатель – Орлова О.О.\n\nПовестка дня:\n1. Разное."
    found = extractor.extract(protocol_from_text(text, "case.txt")).participant_count
    assert (found.value if found else None) == count


def test_a_tab_separated_attendance_table_keeps_each_name_apart_from_its_school(extractor):
    attendance = ("Присутствовали:\n№\tФамилия, имя, отчество\tМесто работы\n1\tКоротков Павел Ильич\tМБОУ «СОШ № 3»\n"
                  "2\tЗайцева Мария Олеговна\tМКОУ «Лесная ООШ»\n")
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\nПовестка дня:\n1. Разное.", "case.txt"))
    assert [p.name for p in protocol.participants] == ["Коротков П.И.", "Зайцева М.О."]


def test_a_deputy_chair_on_a_labelled_line_is_present(extractor):
    text = (HEADER + "Председатель комиссии: Орлова Ольга Олеговна, директор\nЗаместитель председателя: Гусев Иван Петрович, завуч\n"
            "Секретарь: Зуева Ф.Ф.\n\nПовестка дня:\n1. Разное.\n\nСлушали: Орлову О.О.\nЗаместитель председателя комиссии "
            "Гусев И.П. предложил перенести заседание.\nРешили: перенести заседание.")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(p.name, p.attendance) for p in protocol.participants] == [
        ("Орлова О.О.", "chair"), ("Гусев И.П.", "present"), ("Зуева Ф.Ф.", "secretary")]
    assert [d.text for d in protocol.decisions] == ["перенести заседание."]


def test_a_labelled_role_with_an_abbreviated_adjective_after_the_absentees(extractor):
    text = (HEADER + "Присутствовали: 15 из 20 родителей\nОтсутствовали: 5 (список у воспитателя)\nХуд. руководитель: Орлова Ольга Олеговна\n"
            "Секретарь – Зуева Ф.Ф.\n\nПовестка дня:\n1. Разное.")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [(p.name, p.attendance) for p in protocol.participants if p.attendance != "absent"] == [
        ("Орлова О.О.", "head"), ("Зуева Ф.Ф.", "secretary")]


def test_an_attendance_table_read_without_its_tabs_keeps_each_name(extractor):
    attendance = ("Присутствовали:\n№ ФИО Место работы\n1 Коротков Павел Ильич МБОУ «СОШ № 3»\n"
                  "2 Зайцева Мария Олеговна МКОУ «Лесная ООШ»\n")
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\nПовестка дня:\n1. Разное.", "case.txt"))
    assert [p.name for p in protocol.participants] == ["Коротков П.И.", "Зайцева М.О."]


def test_an_attendance_table_with_a_column_for_each_part_of_the_name(extractor):
    attendance = "Присутствовали:\n№\tФамилия\tИмя\tОтчество\n1\tКоротков\tПавел\tИльич\n2\tЗайцева\tМария\tОлеговна\n"
    protocol = extractor.extract(protocol_from_text(HEADER + attendance + "\nПовестка дня:\n1. Разное.", "case.txt"))
    assert [p.name for p in protocol.participants] == ["Коротков П.И.", "Зайцева М.О."]
