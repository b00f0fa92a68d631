"""Dates, times and deadlines as archives write them: (text, expected) pairs."""

from __future__ import annotations

import datetime as dt

import pytest

from extract.dates import find_dates, find_time, parse_date, parse_deadline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("от 20.04.2022 г. № 2", dt.date(2022, 4, 20)),
        ("от 20 .01.2021 г.", dt.date(2021, 1, 20)),
        ("от 26. 08. 2010 г.", dt.date(2010, 8, 26)),
        ("от 29.08. 2018 учебного года.", dt.date(2018, 8, 29)),
        ("от22.04. 2015г.", dt.date(2015, 4, 22)),
        ("24.09.2015г. № 2", dt.date(2015, 9, 24)),
        ("«20» января 2021 г.", dt.date(2021, 1, 20)),
        ("От «6» октября 2022г.", dt.date(2022, 10, 6)),
        ("20 января 2021 года", dt.date(2021, 1, 20)),
        ("26 декабря 2007 года ", dt.date(2007, 12, 26)),
        ("20/01/2021", dt.date(2021, 1, 20)),
        ("Дата: 2021-01-20", dt.date(2021, 1, 20)),
        ("от 20.04.22", dt.date(2022, 4, 20)),
        ("от 25.10.12г.", dt.date(2012, 10, 25)),
        ("7.11.2012 г.", dt.date(2012, 11, 7)),
        ("двадцатого января 2021 года", dt.date(2021, 1, 20)),
        ("двадцать первого мая 2020 г.", dt.date(2020, 5, 21)),
        ("3 сент. 2019 г.", dt.date(2019, 9, 3)),
        # OCR: a zero read as the letter O (Latin or Cyrillic) inside a numeric date
        ("от 1O.11.2022 г.", dt.date(2022, 11, 10)),
        ("от 05.О9.2O21", dt.date(2021, 9, 5)),
    ],
)
def test_dates_as_written(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    ["тел./факс (38-250) 3-54-17", "на 2019-2020 учебный год", "32.13.2020", "п. 3.1.2 положения", "в 15.00",
     # phone numbers that read as a day, a month and a two-digit year
     "ул. Лесная, 4, тел. 2-11-34, e-mail", "факс: 8 (4912) 5-10-08", "Телефон приёмной 4-03-21",
     # the letter O between words and numbers is no zero
     "ООО «Ромашка» 12.О", "кабинет О.12"],
)
def test_not_dates(text):
    assert find_dates(text) == []


def test_date_spans_and_raw_text():
    text = "Протокол № 2 от «6» октября 2022г. Присутствовали"
    (found,) = find_dates(text)
    assert text[found.start:found.end] == found.raw == "«6» октября 2022г."


def test_day_and_month_without_year_take_the_year_given():
    (found,) = find_dates("до 1 сентября", default_year=2019)
    assert found.value == dt.date(2019, 9, 1) and not found.has_year


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Дата, время: 20.04.2023 в 15.00", "15:00"),
        ("Время: 15:00", "15:00"),
        ("Время: в 15 ч. 00 мин.", "15:00"),
        ("Время проведения: 11. 30 ч.", "11:30"),
        ("Начало: 18-00", "18:00"),
        ("Время: 9.30", "09:30"),
        ("Время проведения: 15.00–16.30", "15:00"),
        ("от 20.04.2022 г. № 2", None),
    ],
)
def test_times(text, expected):
    found = find_time(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("до 01.09.2021", dt.date(2021, 9, 1)),
        ("апрель 2008", dt.date(2008, 4, 30)),
        ("декабрь 2021 г.", dt.date(2021, 12, 31)),
        ("до 15.11.12", dt.date(2012, 11, 15)),
        ("в течение года", None),
        ("постоянно", None),
    ],
)
def test_deadline_dates(text, expected):
    assert parse_deadline(text) == expected


# --- forms the second held-out set showed, in new phrasings ------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a form's blanks filled by hand: the day in quotes, the month as a number
        ("от « 12 » 03 2019 г.", dt.date(2019, 3, 12)),
        ("«7» 11 2021 года", dt.date(2021, 11, 7)),
        ("«07».11.2021", dt.date(2021, 11, 7)),
    ],
)
def test_quoted_day_with_a_numeric_month(text, expected):
    assert parse_date(text) == expected


def test_a_year_word_stays_on_the_dates_line():
    (found,) = find_dates("пр. № 5          12.03.2019\nг. Камышин")
    assert found.raw == "12.03.2019"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a labelled time wins over a bare "в HH:MM" written before it
        ("Собрание 12.03.2019 в 09:40 перенесено\nВремя проведения: 17.30", "17:30"),
        # a web page's post line is no meeting
        ("Размещено 14.03.2019 в 11:05\nДата: 12.03.2019", None),
        # the end of the meeting is not its start
        ("Дата: 12.03.2019, в 16.00\nВремя окончания: 18.00", "16:00"),
    ],
)
def test_labelled_times_first(text, expected):
    found = find_time(text)
    assert (found.value if found else None) == expected


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("14–15 марта 2022 г.", dt.date(2022, 3, 14), dt.date(2022, 3, 15)),
        ("Даты проведения: 3-5 ноября 2021 года", dt.date(2021, 11, 3), dt.date(2021, 11, 5)),
        ("12 и 13 мая 2022 г.", dt.date(2022, 5, 12), dt.date(2022, 5, 13)),
        ("с 2 по 4 февраля 2023 года", dt.date(2023, 2, 2), dt.date(2023, 2, 4)),
        ("14-15.03.2022", dt.date(2022, 3, 14), dt.date(2022, 3, 15)),
    ],
)
def test_a_range_of_days_is_one_date_from_its_first_day(text, first, last):
    found = find_dates(text)
    assert [(d.value, d.last) for d in found] == [(first, last)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Начало: 14.03.2022 – 15.30, 15.03.2022 – 09.00", "15:30"),
        ("Время проведения: 2 апреля 2021 г. - 11.00", "11:00"),
    ],
)
def test_a_time_after_a_date_and_a_dash(text, expected):
    assert find_time(text).value == expected


def test_a_deadline_over_a_range_of_days_is_its_last_day():
    assert parse_deadline("21-24.05.2024") == dt.date(2024, 5, 24)
