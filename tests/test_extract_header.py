"""The header: kind of meeting, number, date and competing dates, time, place, format, host body."""

from __future__ import annotations

import datetime as dt

import pytest

from ingest.reading import protocol_from_text


def header_of(extractor, text: str):
    return extractor.extract(protocol_from_text(text + "\n\nПовестка дня:\n1. Разное.", "case.txt"))


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        ("**ПРОТОКОЛ\nсовещания заместителей директоров\nобщеобразовательных учреждений города Смоленска**\n\nот 20.04.2022 г. № 2",
         "совещание заместителей директоров общеобразовательных учреждений города Смоленска"),
        ("Протокол заседания РОДИТЕЛЬСКОГО КОМИТЕТА Муниципального бюджетного образовательного учреждения "
         "дополнительного образования детей «Дом детского творчества» от 24.09.2015г. № 2", "заседание родительского комитета"),
        ("Протокол родительского собрания 11 класса\nМКОУ «СОШ №2» с. п. Сармаково от 17 декабря 2015 года.", "родительское собрание 11 класса"),
        ("Протокол №2\nРодительского собрания группы «Колокольчик»\nТема: «Поездка»\nОт «6» октября 2022г.",
         "родительское собрание группы «Колокольчик»"),
        ("Протокол № 3\n\n решения собрания трудового коллектива\n\nМОУ «Основная общеобразовательная школа № 4»", "собрание трудового коллектива"),
        ("ПРОТОКОЛ №  5\n\nМО учителей музыки\n\nот 26. 08. 2010 г.", "МО учителей музыки"),
        ("Протокол N3\nмалого педагогического совета от 25.10.12г.", "малый педагогический совет"),
        ("Протокол № 1 от 20.09.2019\nзаседания районного методического объединения учителей физической культуры\n"
         "Ольховского муниципального района\n\nМесто проведения: спортзал",
         "заседание районного методического объединения учителей физической культуры Ольховского муниципального района"),
        ("ОТДЕЛ ОБРАЗОВАНИЯ ______ Заседание Совета учреждения Протокол №5 от 22.04. 2015г.", "заседание Совета учреждения"),
        ("Протокол педагогического совета № 4 от 30.08.2021", "педагогический совет"),
        ("Протокол №5\n\n26 декабря 2007 года", None),
    ],
)
def test_kind_of_meeting_in_the_nominative(extractor, text, doc_type):
    protocol = header_of(extractor, text)
    assert (protocol.doc_type.value if protocol.doc_type else None) == doc_type


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Протокол № 2\nот 01.02.2021", "2"),
        ("ПРОТОКОЛ №1 от 01.02.2021", "1"),
        ("ПРОТОКОЛ № 3/2021\nсовещания при директоре", "3/2021"),
        ("ПРОТОКОЛ №  5", "5"),
        ("Протокол N3\nмалого педсовета", "3"),
        ("Протокол № 01\nзаседания ШМО", "01"),
        ("Протокол\nзаседания группы\n\nот 20 .01.2021 г.\n\n№ 1", "1"),
        ("ПРОТОКОЛ\nобщего собрания МБДОУ «Детский сад № 45»\n\n30.01.2020 г.                  № 1", "1"),
        ("Протокол родительского собрания 11 класса МКОУ «СОШ №2» от 17 декабря 2015 года.", None),
    ],
)
def test_number(extractor, text, number):
    protocol = header_of(extractor, text)
    assert (protocol.number.value if protocol.number else None) == number


def test_conflicting_header_dates_give_a_warning(extractor):
    protocol = header_of(extractor, "ПРОТОКОЛ\nсовещания\n\nот 20.04.2022 г. № 2\n\nДата, время: 20.04.2023 в 15.00")
    assert protocol.date.value == dt.date(2022, 4, 20)
    assert [d.value for d in protocol.date_conflicts] == [dt.date(2023, 4, 20)]
    assert [w.code for w in protocol.warnings if w.code == "date_conflict"] == ["date_conflict"]
    assert protocol.time.value == "15:00"


def test_dates_in_decisions_are_not_the_protocols(extractor):
    text = ("Протокол № 1\nзаседания группы\n\nПрисутствовали: 5 человек\n\nРешили:\n"
            "1. Продолжить работу (утверждена приказом от 02.07.2020 г. № 145) в срок до 01.09.2021.")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert protocol.date is None
    assert {w.code for w in protocol.warnings} >= {"no_date"}
    (decision,) = protocol.decisions
    assert [(d.kind, d.date, d.number) for d in decision.decrees] == [("приказ", dt.date(2020, 7, 2), "145")]


@pytest.mark.parametrize(
    ("text", "place", "fmt", "link"),
    [
        ("Протокол № 2\nот 20.04.2022\n\nМесто проведения: МБУ ДО «ЦДО»\n\nФормат проведения: ВКС <https://telemost.yandex.ru/j/1328>",
         "МБУ ДО «ЦДО»", "ВКС", "https://telemost.yandex.ru/j/1328"),
        ("Протокол № 2\nот 20.04.2022\nФорма проведения: дистанционная (платформа «Сферум»)", None, "онлайн", None),
        ("Протокол № 2\nот 20.04.2022\nЗаседание проведено в очном формате\nМесто: каб. 214", "каб. 214", "очно", None),
        ("Протокол № 2\nот 20.04.2022\nВремя: 15:30, каб. 305", "каб. 305", None, None),
        ("ПРОТОКОЛ №1\nзаседания совета\n\nг. Староволжск                    15 декабря 2022 года", "г. Староволжск", None, None),
        ("ПРОТОКОЛ №1\nот 15.12.2022\nМесто проведения: МАДОУ «Детский сад № 7», методический\nкабинет",
         "МАДОУ «Детский сад № 7», методический кабинет", None, None),
    ],
)
def test_place_and_format(extractor, text, place, fmt, link):
    protocol = header_of(extractor, text)
    assert (protocol.place.value if protocol.place else None) == place
    assert (protocol.format.value if protocol.format else None) == fmt
    assert (protocol.format_link.value if protocol.format_link else None) == link


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        ("Методический отдел МБУ ДО «ЦДО»\n\n**ПРОТОКОЛ\nсовещания**\n\nот 20.04.2022 г. № 2", "Методический отдел МБУ ДО «ЦДО»"),
        ("Протокол № 3\n\nзаседания МО учителей истории\n\nМБОУ СОШ с УИОП № 43 от 7.11.2012 г.", "МБОУ СОШ с УИОП № 43"),
        ("УПРАВЛЕНИЕ ОБРАЗОВАНИЯ\nАДМИНИСТРАЦИИ ВЕРХНЕОЗЁРСКОГО МУНИЦИПАЛЬНОГО ОКРУГА\n\nПРОТОКОЛ\nзаседания группы\n\nот 14.10.2021 № 4",
         "УПРАВЛЕНИЕ ОБРАЗОВАНИЯ АДМИНИСТРАЦИИ ВЕРХНЕОЗЁРСКОГО МУНИЦИПАЛЬНОГО ОКРУГА"),
        ("ПРОТОКОЛ № 5\n\nМО учителей музыки\n\nот 26. 08. 2010 г.\n\nМесто проведения: ЦО ТПК, каб. № 214", None),
    ],
)
def test_host_organization(extractor, text, organization):
    protocol = header_of(extractor, text)
    assert (protocol.organization.value if protocol.organization else None) == organization


def test_header_values_point_into_the_text(extractor):
    text = "Протокол № 3/2021\nсовещания при директоре\n\nДата: 2021-01-20\nВремя: в 15 ч. 00 мин.\nМесто: кабинет директора"
    protocol = header_of(extractor, text)
    assert protocol.text[protocol.number.span.start:protocol.number.span.end] == "3/2021"
    assert protocol.text[protocol.date.span.start:protocol.date.span.end] == "2021-01-20"
    assert protocol.text[protocol.time.span.start:protocol.time.span.end] == "15 ч. 00 мин."
    assert protocol.text[protocol.place.span.start:protocol.place.span.end] == "кабинет директора"
    assert protocol.text[protocol.doc_type.span.start:protocol.doc_type.span.end] == "совещания при директоре"


# --- header forms the held-out protocols showed ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "number", "doc_type"),
    [
        ("ПРОТОКОЛ Nº 7\nзаседания методического совета\nот 02.03.18г.", "7", "заседание методического совета"),
        ("Протокол N° 12\nсовещания при заведующем\nот 02.03.2018", "12", "совещание при заведующем"),
        # the number after the date, under a letterhead that carries another number
        ("Муниципальное автономное дошкольное образовательное учреждение\nдетский сад № 118 «Ромашка»\n\n"
         "Протокол от 2 марта 2018 г. № 3\nитогового педагогического совета", "3", "итоговый педагогический совет"),
        # a group's number belongs to the kind
        ("Протокол № 2\nродительского собрания старшей группы № 11 «Пчёлки»\nот 02.03.2018", "2",
         "родительское собрание старшей группы № 11 «Пчёлки»"),
    ],
)
def test_numbers_and_kinds(extractor, text, number, doc_type):
    protocol = header_of(extractor, text)
    assert (protocol.number.value if protocol.number else None) == number
    assert protocol.doc_type.value == doc_type


@pytest.mark.parametrize(
    ("text", "date", "conflicts"),
    [
        # the date on the number's line is the protocol's; the meeting day competes
        ("ПРОТОКОЛ\n04.04.2023 № 9\nзаседания педагогического совета\nДата проведения: 03.04.2023", "2023-04-04", ["2023-04-03"]),
        ("ПРОТОКОЛ\nзаседания совета\n\n04.04.2023                 № 9/1\n", "2023-04-04", []),
    ],
)
def test_the_date_on_the_number_line(extractor, text, date, conflicts):
    protocol = header_of(extractor, text)
    assert str(protocol.date.value) == date
    assert [str(c.value) for c in protocol.date_conflicts] == conflicts


@pytest.mark.parametrize(
    ("text", "time"),
    [
        ("Протокол № 1\nот 04.04.2023\nНачало в 16-30", "16:30"),
        ("Протокол № 1\nот 04.04.2023\nВремя начала: 9.00", "09:00"),
        ("Протокол № 1\nДата и время: 04.04.2023, 16.30", "16:30"),
        ("Протокол № 1\nот 04.04.2023\nВремя: 4 апреля, в 15:00", "15:00"),
    ],
)
def test_time_after_labels(extractor, text, time):
    protocol = header_of(extractor, text)
    assert protocol.time.value == time


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("ПРОТОКОЛ № 3\nзаседания совета\n«4» апреля 2023 г.                         ст-ца Ладожская", "ст-ца Ладожская"),
        ("ПРОТОКОЛ № 3\nзаседания совета\n04.04.2023                         х. Красный", "х. Красный"),
        ("ПРОТОКОЛ № 3\nзаседания совета\nот 04.04.2023\nп.г.т. Верхний Уфалей\n", "п.г.т. Верхний Уфалей"),
        ("ПРОТОКОЛ № 3\nот 04.04.2023\nМесто проведения: МБОУ «Лицей № 1» (г. Энгельс, ул.\nТельмана, 5)",
         "МБОУ «Лицей № 1» (г. Энгельс, ул. Тельмана, 5)"),
    ],
)
def test_places(extractor, text, place):
    protocol = header_of(extractor, text)
    assert protocol.place.value == place


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        # a letterhead's short form in parentheses is the same body
        ("Муниципальное бюджетное учреждение дополнительного образования\n«Дом детского творчества «Юность»»\n(МБУ ДО ДДТ «Юность»)\n\n"
         "ПРОТОКОЛ № 2\nпедагогического совета\nот 04.04.2023",
         "Муниципальное бюджетное учреждение дополнительного образования «Дом детского творчества «Юность»»"),
        # the authority above, the lower body on its own line is the host
        ("АДМИНИСТРАЦИЯ ЛЕСНОГОРСКОГО РАЙОНА\nОТДЕЛ ОБРАЗОВАНИЯ\n\nПРОТОКОЛ № 2\nсовещания руководителей\nот 04.04.2023",
         "ОТДЕЛ ОБРАЗОВАНИЯ"),
    ],
)
def test_more_host_organizations(extractor, text, organization):
    protocol = header_of(extractor, text)
    assert protocol.organization.value == organization


# --- header forms the second held-out set showed, in new phrasings ---------------------------------------------
def test_a_number_under_a_later_protocol_line(extractor):
    text = ("Новости / Родителям\n\nПротокол общешкольного родительского собрания\nРазмещено 03.10.2022\n\n"
            "МКОУ «Ясненская СОШ»\n\nПротокол № 2\nДата: 29.09.2022")
    protocol = header_of(extractor, text)
    assert protocol.number.value == "2"
    assert protocol.doc_type.value == "общешкольное родительское собрание"


@pytest.mark.parametrize(
    ("text", "doc_type"),
    [
        # a quoted theme on its own line is the event's title, not the kind
        ("ПРОТОКОЛ № 2\nзаседания круглого стола\nмуниципального педагогического форума\n«Наставничество: от идеи к практике»\n"
         "от 12.11.2022", "заседание круглого стола муниципального педагогического форума"),
        ("ПРОТОКОЛ № 4\nзаседания секции учителей истории\n«Современный урок истории в условиях обновлённых ФГОС»\nот 12.11.2022",
         "заседание секции учителей истории"),
        # a short quoted name on the next line still belongs to the kind
        ("Протокол № 1\nродительского собрания группы\n«Ягодка»\nот 12.11.2022", "родительское собрание группы «Ягодка»"),
    ],
)
def test_a_theme_line_ends_the_kind(extractor, text, doc_type):
    assert header_of(extractor, text).doc_type.value == doc_type


def test_an_approval_stamp_is_neither_date_nor_host(extractor):
    text = ("                                  СОГЛАСОВАНО\n                                  Заведующий МБДОУ «Детский сад № 4»\n"
            "                                  ________ А.Б. Соколова\n                                  «2» марта 2021 г.\n\n"
            "ПРОТОКОЛ № 3\nзаседания психолого-педагогического консилиума\nМБДОУ «Детский сад № 4 «Берёзка» г. Ясного\n\n"
            "Дата проведения: 26.02.2021")
    protocol = header_of(extractor, text)
    assert str(protocol.date.value) == "2021-02-26" and protocol.date_conflicts == []
    assert protocol.organization.value == "МБДОУ «Детский сад № 4 «Берёзка» г. Ясного"


def test_a_meeting_date_written_at_the_end(extractor):
    text = ("Протокол № 6\nзаседания методического объединения\n\nПрисутствовали: 5 человек\n\nПовестка дня:\n1. Разное.\n\n"
            "Слушали: Иванову И.И.\nРешили:\n1. Информацию принять к сведению.\n\nДата заседания – 14 мая 2019 года\n\n"
            "Руководитель МО ______ И.И. Иванова")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert str(protocol.date.value) == "2019-05-14"
    assert [d.text for d in protocol.decisions] == ["Информацию принять к сведению."]


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a town alone under the number and date line (the "г." of the date does not take it)
        ("Комитет по образованию\n\nПРОТОКОЛ\nзаседания комиссии\n\nпр. № 7                     11.05.2021 г.\nс. Воронцовка\n",
         "с. Воронцовка"),
        ("ПРОТОКОЛ\nзаседания комиссии\n\n11.05.2021\nг. Ясный\n", "г. Ясный"),
    ],
)
def test_a_town_under_the_date_line(extractor, text, place):
    assert header_of(extractor, text).place.value == place


def test_a_letterhead_in_capitals_with_its_district_below(extractor):
    text = ("МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ\n«ВОРОНЦОВСКАЯ СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА»\n"
            "Ясненского муниципального района Камской области\n\nПРОТОКОЛ № 2\nзаседания педагогического совета\nот 12.11.2022")
    assert header_of(extractor, text).organization.value == (
        "МУНИЦИПАЛЬНОЕ БЮДЖЕТНОЕ ОБЩЕОБРАЗОВАТЕЛЬНОЕ УЧРЕЖДЕНИЕ «ВОРОНЦОВСКАЯ СРЕДНЯЯ ОБЩЕОБРАЗОВАТЕЛЬНАЯ ШКОЛА» "
        "Ясненского муниципального района Камской области")


@pytest.mark.parametrize(
    ("text", "number", "time"),
    [
        # a whole hour after a label; hours and minutes in words without one
        ("Протокол № 3\nзаседания совета\nот 12.01.2022\nНачало заседания – 16 ч.", "3", "16:00"),
        ("Протокол № 3\nзаседания совета\nДата: 12 января 2022 года, 17 ч. 30 мин.", "3", "17:30"),
        # a number after a plural noun closes the title line: it is the protocol's
        ("Протокол заседания ШМО учителей иностранных языков № 6\nДата проведения: 12.01.2022", "6", None),
        # a number after a group in the singular is the group's own
        ("Протокол № 2\nродительского собрания группы № 5\nДата: 12.01.2022", "2", None),
    ],
)
def test_hours_and_numbers_after_the_kind(extractor, text, number, time):
    protocol = header_of(extractor, text)
    assert (protocol.number.value if protocol.number else None) == number
    assert (protocol.time.value if protocol.time else None) == time


@pytest.mark.parametrize(
    ("text", "number", "place", "fmt"),
    [
        # date, locality and number on one line, spread by wide gaps
        ("ОТДЕЛ ОБРАЗОВАНИЯ\n\nПРОТОКОЛ\nсовещания руководителей\n\n21.02.2023        с. Заозёрное        № 11\n",
         "11", "с. Заозёрное", None),
        # the number closing the title's paragraph, after the host's own numbered name
        ("ПРОТОКОЛ\nзаседания попечительского совета\nмуниципального бюджетного учреждения «Гимназия № 7» города Ясного № 2\n\n"
         "г. Ясный                     14 мая 2023 г.\n\nФорма проведения собрания: очная", "2", "г. Ясный", "очно"),
        # the same line with its gaps collapsed to single spaces (a PDF reader's)
        ("ОТДЕЛ ОБРАЗОВАНИЯ\n\nПРОТОКОЛ\nсовещания руководителей\n\n21.02.2023 с. Заозёрное № 11\n", "11", "с. Заозёрное", None),
        # a format label of two words
        ("Протокол № 5\nзаседания совета\nот 12.01.2022\nФорма проведения заседания – дистанционная", "5", None, "онлайн"),
    ],
)
def test_a_number_beside_the_locality_or_closing_the_title(extractor, text, number, place, fmt):
    protocol = header_of(extractor, text)
    assert (protocol.number.value if protocol.number else None) == number
    assert (protocol.place.value if protocol.place else None) == place
    assert (protocol.format.value if protocol.format else None) == fmt


def test_a_meeting_over_two_days_is_dated_by_its_first(extractor):
    text = ("ПРОТОКОЛ № 2\nзаседания совета\n\n14–15 марта 2022 г.                 г. Ясный\n\n"
            "Время начала: 14.03.2022 – 15.30, 15.03.2022 – 09.00")
    protocol = header_of(extractor, text)
    assert protocol.date.value == dt.date(2022, 3, 14)
    assert protocol.date_conflicts == []
    assert protocol.time.value == "15:30"


@pytest.mark.parametrize(
    ("text", "doc_type", "organization"),
    [
        # the body's own line under the host's letterhead, above a bare title
        ("МБУ «Методический центр» Ясненского района\nГородской совет молодых педагогов\n\nПРОТОКОЛ № 4\nот 12.01.2024",
         "Городской совет молодых педагогов", "МБУ «Методический центр» Ясненского района"),
        ("Отдел образования администрации Камского округа\nРайонная аттестационная комиссия\nПРОТОКОЛ № 1\nот 12.01.2024",
         "Районная аттестационная комиссия", "Отдел образования администрации Камского округа"),
    ],
)
def test_the_body_named_on_its_own_line_above_the_title(extractor, text, doc_type, organization):
    protocol = header_of(extractor, text)
    assert protocol.doc_type.value.lower() == doc_type.lower()
    assert protocol.organization.value == organization


def test_a_kind_wrapped_before_the_classes_it_serves(extractor):
    text = "МБОУ «СОШ № 3»\n\nПротокол заседания методического объединения учителей начальных\n1–4 классов\n\n09 ноября 2020 г."
    assert header_of(extractor, text).doc_type.value == "заседание методического объединения учителей начальных 1–4 классов"


@pytest.mark.parametrize(
    ("stamp", "kind", "date", "organization"),
    [
        # the order a protocol is appended to, with the order's date and number, above the title
        ("Управление образования города Белозёрска\n                         Приложение № 2\n                         к распоряжению "
         "Управления образования\n                         от 03.02.2022 № 14-р\n\n",
         "заседание комиссии по распределению стимулирующих выплат", dt.date(2022, 2, 10),
         "Управление образования города Белозёрска"),
        ("Управление образования города Белозёрска\nПриложение 1 к приказу от 01.09.2021 № 101\n",
         "заседание комиссии по распределению стимулирующих выплат", dt.date(2022, 2, 10),
         "Управление образования города Белозёрска"),
    ],
)
def test_an_orders_appendix_header_above_the_title(extractor, stamp, kind, date, organization):
    text = (stamp + "ПРОТОКОЛ № 3\nзаседания комиссии по распределению стимулирующих выплат\n\n10 февраля 2022 г.\n\n"
            "Присутствовали: Орлова О.О., Зуева Ф.Ф.\n\nПовестка дня:\n1. О выплатах.")
    protocol = header_of(extractor, text)
    assert (protocol.doc_type.value, protocol.date.value, protocol.number.value) == (kind, date, "3")
    assert protocol.organization.value == organization
    # the stamp opens no attachments section: the agenda under the title is read
    assert [item.text for item in protocol.agenda] == ["О выплатах."]


@pytest.mark.parametrize(
    ("title", "doc_type"),
    [
        # the title ends with the kind of the host; the protocol's number below it, after a blank line, is no school's
        ("ПРОТОКОЛ\nзаседания педагогического совета техникума\n\n№ 4                                        от 15.05.2023",
         "заседание педагогического совета техникума"),
        ("ПРОТОКОЛ\nзаседания совета лицея\n\n№ 4 от 15.05.2023", "заседание совета лицея"),
    ],
)
def test_a_title_ending_with_the_hosts_kind_above_the_number(extractor, title, doc_type):
    text = ("ГБПОУ «Северный строительный техникум»\n\n" + title + "\n\nПрисутствовали: 9 человек\n\n"
            "Повестка дня:\n1. Об итогах года.")
    protocol = header_of(extractor, text)
    assert (protocol.doc_type.value, protocol.number.value, protocol.date.value) == (doc_type, "4", dt.date(2023, 5, 15))
    assert [s.name for s in protocol.schools] == ["ГБПОУ «Северный строительный техникум»"]
