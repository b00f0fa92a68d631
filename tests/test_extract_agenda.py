"""The agenda: items verbatim, reporter lines under them kept out, the list ending where the body starts."""

from __future__ import annotations

import pytest

from ingest.reading import protocol_from_text

HEADER = "Протокол № 6\nзаседания педагогического совета\nот 28.02.2024\n\n"


def agenda_of(extractor, body: str):
    protocol = extractor.extract(protocol_from_text(HEADER + body, "case.txt"))
    return [a.text for a in protocol.agenda], protocol


@pytest.mark.parametrize(
    ("agenda", "items"),
    [
        # labelled reporter lines, with a colon or a dash, singular or plural, co-reporters
        ("Повестка дня:\n1. О профориентации.\nДокладчики: Ершова Л.В., Зуев П.П.\n2. О ГИА.\nСодокладчик – Рябова Е.Е.\n",
         ["О профориентации.", "О ГИА."]),
        # a person opening the line, with the role after or before the name
        ("Повестка дня:\n1. О профориентации.\nЕршова Лидия Викторовна, педагог-психолог\n2. О ГИА.\n"
         "заместитель директора по УВР Рябова Е.Е.\n3. Разное.\n",
         ["О профориентации.", "О ГИА.", "Разное."]),
        ("Повестка дня:\n1. О профориентации.\n   Отв.: Ершова Л.В.\n2. О ГИА.\nВыступающий – Зуев П.П.\n", ["О профориентации.", "О ГИА."]),
        # unnumbered items with reporter lines between them
        ("Повестка дня:\nО профориентации.\nДокладчик: Ершова Л.В.\nО ГИА.\nДокладчик: Зуев П.П.\n", ["О профориентации.", "О ГИА."]),
        # a reporter on the item's own line stays; a parenthesis wrapped onto the next line too
        ("Повестка дня:\n1. О профориентации (Ершова Л.В.).\n2. О подготовке к ГИА в 9-х и 11-х классах\n(заместитель директора Рябова Е.Е.)\n",
         ["О профориентации (Ершова Л.В.).", "О подготовке к ГИА в 9-х и 11-х классах (заместитель директора Рябова Е.Е.)"]),
    ],
)
def test_reporter_lines_are_not_items(extractor, agenda, items):
    assert agenda_of(extractor, agenda)[0] == items


def test_reporter_lines_give_roles_and_nominatives(extractor):
    _, protocol = agenda_of(extractor, "Повестка дня:\n1. О ГИА.\nДокладчик: Белоконь И.Р., начальник отдела образования\n\n"
                                       "Слушали: И.Р. Белоконя о ГИА.\n")
    assert [(s.name, s.role) for s in protocol.speakers] == [("Белоконь И.Р.", "начальник отдела образования")]


def test_the_agenda_ends_where_its_count_starts_over(extractor):
    items, protocol = agenda_of(extractor, "Повестка дня:\n1. О профориентации.\n2. О ГИА.\n\n1. О профориентации.\n"
                                           "СЛУШАЛИ: Ершову Л.В.\nРЕШИЛИ: принять к сведению.\n\n2. О ГИА.\nСЛУШАЛИ: Зуева П.П.\n")
    assert items == ["О профориентации.", "О ГИА."]
    assert [(s.name, s.agenda_item) for s in protocol.speakers] == [("Ершова Л.В.", 1), ("Зуев П.П.", 2)]


def test_day_headings_of_a_meeting_over_days_are_no_part_of_an_item(extractor):
    text = ("Протокол № 2\nзаседания совета\n14–15 марта 2022 г.\n\nПовестка дня:\n14.03.2022\n1. О ремонте.\n2. О питании.\n"
            "15.03.2022\n3. Разное.\n\n14 марта 2022 г.\n\n1. Слушали: Петрову А.А.\nРешили: принять к сведению.\n\n"
            "15 марта 2022 г.\n\n2. Слушали: Орлова О.О.\nРешили: утвердить меню.\n")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [a.text for a in protocol.agenda] == ["О ремонте.", "О питании.", "Разное."]
    assert [(d.text, d.agenda_item) for d in protocol.decisions] == [("принять к сведению.", 1), ("утвердить меню.", 2)]


def test_a_date_wrapped_onto_its_own_line_stays_in_its_item(extractor):
    text = ("Протокол № 2\nзаседания совета\nот 14.03.2022\n\nПовестка дня:\n1. О переходе на новый учебный план с\n01.09.2022\n"
            "2. Разное.\n\nСлушали: Петрову А.А.\n")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [a.text for a in protocol.agenda] == ["О переходе на новый учебный план с 01.09.2022", "Разное."]


def test_a_page_number_after_the_agenda_is_no_part_of_its_last_item(extractor):
    text = ("Протокол № 2\nзаседания совета\nот 14.03.2022\n\nПовестка дня:\n1. О ремонте.\n2. О подготовке к конкурсу\n"
            "«Учитель года».\n\n2\n\n1. Слушали: Петрову А.А.\nРешили: принять к сведению.\n")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [a.text for a in protocol.agenda] == ["О ремонте.", "О подготовке к конкурсу «Учитель года»."]
