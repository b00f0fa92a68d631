"""Dates and times as archives write them, as declarative grammar rules (regular expressions).

Forms: 20.04.2022, "20 .01.2021" and "26. 08. 2010" (stray spaces), 20/01/2021, 20-01-2021,
2021-01-20, "« 05 » 09 2018 г." (a form's blanks), «20» января 2021 г., 20 января 2021 года, "двадцатого января 2021 года",
two-digit years (20.04.22, expanded: 00-49 -> 20xx, 50-99 -> 19xx); month and year alone
("апрель 2008", for deadlines). Times: 15.00, 15:00, "11. 30 ч.", "в 15 ч. 00 мин.".
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

MONTH_STEMS = {
    "январ": 1, "янв": 1, "феврал": 2, "фев": 2, "март": 3, "мар": 3, "апрел": 4, "апр": 4,
    "ма": 5, "июн": 6, "июл": 7, "август": 8, "авг": 8, "сентябр": 9, "сен": 9, "сент": 9,
    "октябр": 10, "окт": 10, "ноябр": 11, "ноя": 11, "нояб": 11, "декабр": 12, "дек": 12,
}

ORDINAL_STEMS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8,
    "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12, "тринадцат": 13, "четырнадцат": 14,
    "пятнадцат": 15, "шестнадцат": 16, "семнадцат": 17, "восемнадцат": 18, "девятнадцат": 19,
    "двадцат": 20, "тридцат": 30,
}

# --- grammar -------------------------------------------------------------------------------
DAY = r"(?P<day>[0-3]?\d)"
MONTH_NUMBER = r"(?P<month>[01]?\d)"
YEAR = r"(?P<year>(?:1[89]|20)\d\d|\d\d)(?!\d)"
YEAR4 = r"(?P<year>(?:1[89]|20)\d\d)(?!\d)"
# "г." only on the date's own line: "24.10.2022\nг. Ясногорск" is a date, then a town.
YEAR_WORD = r"(?:[ \t]?(?:г\.\s?г\.|гг\.|г\.|г(?![а-яё])|года|году|год(?![а-яё])))?"
MONTH_NAME = (
    r"(?P<month_name>январ[яьеи]|феврал[яьеи]|марта|марте|март|апрел[яьеи]|ма[яйе]|июн[яьеи]|июл[яьеи]"
    r"|августа|августе|август|сентябр[яьеи]|октябр[яьеи]|ноябр[яьеи]|декабр[яьеи]"
    r"|янв\.|февр?\.|мар\.|апр\.|авг\.|сент?\.|окт\.|нояб?\.|дек\.)"
)
ORDINAL_DAY = (
    r"(?P<day_words>(?:(?:двадцать|тридцать)\s+)?(?:"
    + "|".join(sorted(ORDINAL_STEMS, key=len, reverse=True))
    + r")(?:ое|ого|ье|ьего|ий|ый|ом|ым|ое)?)"
)
QUOTED_DAY = r"(?:[«\"“]\s?)?" + DAY + r"(?:\s?[»\"”])?"

OCR_ZERO = re.compile(r"(?<=[\d./-])[OoОо](?=\d)|(?<=\d)[OoОо](?=[\d./-])")
DATE_NUMERIC = re.compile(
    r"(?<![\d.,/])" + DAY + r"\s?(?P<sep>[./-])\s?" + MONTH_NUMBER + r"\s?(?P=sep)\s?" + YEAR + YEAR_WORD,
)
# "« 05 » 09 2018 г.", "«05».09.2018": a form's blanks filled by hand, the day in quotes and the month as a
# number; the quotes delimit the day, so the separators may be spaces.
DATE_QUOTED_NUMERIC = re.compile(
    r"[«\"“]\s?" + DAY + r"\s?[»\"”]\s?(?:[./-]\s?)?" + MONTH_NUMBER + r"(?!\d)\s?(?:[./-]\s?)?" + YEAR4 + YEAR_WORD,
)
DATE_ISO = re.compile(r"(?<![\d.])(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?![\d])")
DATE_WORDS = re.compile(
    r"(?<![\d])(?:" + QUOTED_DAY + r"|" + ORDINAL_DAY + r")(?:-?(?:го|е|ое))?\s+" + MONTH_NAME
    + r"(?:\s+" + YEAR4 + YEAR_WORD + r")?",
    re.IGNORECASE,
)
# "27–28 июня 2023 г.": a meeting over two days; the date is its first day.
DATE_DAY_RANGE = re.compile(
    r"(?<![\d.])" + DAY + r"(?:\s?[-–—]\s?|\s+(?:и|по)\s+)(?P<last_day>[0-3]?\d)\s+" + MONTH_NAME + r"(?:\s+" + YEAR4 + YEAR_WORD + r")?",
    re.IGNORECASE,
)
# "27-28.06.2023": the same range written in figures
DATE_DAY_RANGE_NUMERIC = re.compile(
    r"(?<![\d.])" + DAY + r"\s?[-–—]\s?(?P<last_day>[0-3]?\d)\.(?P<month>[01]?\d)\.(?P<year>(?:19|20)\d\d)(?!\d)" + YEAR_WORD
)
MONTH_YEAR = re.compile(
    r"(?<![\d\w])(?P<month_name>январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?"
    r"|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])\s+" + YEAR4 + YEAR_WORD,
    re.IGNORECASE,
)

TIME_HM = re.compile(
    r"(?<![\d.])(?P<hour>[01]?\d|2[0-3])\s?[.:]\s?(?P<minute>[0-5]\d)(?![\d.]\d)(?:\s?ч(?:ас(?:ов|а)?)?\.?)?"
)
# "Начало заседания – 15 ч.": a whole hour, only after a label
TIME_HOUR = re.compile(r"(?<![\d.])(?P<hour>[01]?\d|2[0-3])\s?ч(?:ас(?:ов|а)?)?\.?(?![\s.]*\d)(?P<minute>)")
TIME_DASHED = re.compile(r"(?<![\d.])(?P<hour>[01]?\d|2[0-3])-(?P<minute>[0-5]\d)(?!\d)")  # "Начало: 18-00", only after a label
TIME_WORDS = re.compile(
    r"(?<!\d)(?P<hour>[01]?\d|2[0-3])\s?ч(?:ас(?:ов|а)?)?\.?\s?(?P<minute>[0-5]\d)\s?мин(?:ут)?\.?"
)
# "Время:", "Время проведения:", "Начало в 15-00", "Время начала: 10.00", "Время: 10.02.2022, 14:30" (a date
# may come first on the line: it is skipped), or a bare "в 15.00".
TIME_LABEL = re.compile(
    r"(?:время|начало)(?![ \t]+(?:окончания|завершения))(?:[ \t]+[а-яё]+){0,2}[ \t]*[:\-–—]?(?:[ \t]*в(?=\s?\d))?"
    r"|(?<![а-яё])в(?=\s?\d)|(?<![а-яё])с(?=\s?\d)",
    re.IGNORECASE,
)
# "Опубликовано 17.09.2019 в 09:12 | Автор: admin": a web page's post line; its clock time is not the meeting's.
POST_LINE = re.compile(r"^[ \t]*(?:опубликовано|дата\s+публикации|размещено|добавлено|обновлено|создано)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class FoundDate:
    value: dt.date
    raw: str
    start: int
    end: int
    has_year: bool = True
    last: dt.date | None = None  # the last day of a range of days ("27–28 июня 2023 г."): one meeting over days


def expand_year(year: str) -> int:
    """Two-digit years as archives mean them: 00-49 are 20xx, 50-99 are 19xx."""
    value = int(year)
    if len(year) == 2:
        value += 2000 if value < 50 else 1900
    return value


def month_of(name: str) -> int | None:
    name = name.lower().rstrip(".")
    for stem in sorted(MONTH_STEMS, key=len, reverse=True):
        if name.startswith(stem):
            if stem == "ма" and not re.fullmatch(r"ма[яйе]", name):
                continue
            return MONTH_STEMS[stem]
    return None


def day_of_words(words: str) -> int | None:
    total = 0
    words = words.lower()
    if words.startswith("двадцать"):
        total, words = 20, words[len("двадцать"):].strip()
    elif words.startswith("тридцать"):
        total, words = 30, words[len("тридцать"):].strip()
    for stem in sorted(ORDINAL_STEMS, key=len, reverse=True):
        if words.startswith(stem):
            return total + ORDINAL_STEMS[stem]
    return None


def _make(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


PHONE_BEFORE = re.compile(
    r"(?:тел|телефон|факс|т\.|ф\.|моб)\.?(?:[ \t]+[а-яё]+){0,2}[ \t]*[:.]?[ \t]*(?:[+\d()\s-]*[\d)][ \t]*)?$", re.IGNORECASE
)


def find_dates(text: str, start: int = 0, end: int | None = None, *, default_year: int | None = None) -> list[FoundDate]:
    """Every calendar date in text[start:end], in text order, overlapping readings dropped."""
    end = len(text) if end is None else end
    region = text[start:end]
    found: list[FoundDate] = []

    def add(m: re.Match, value: dt.date | None, has_year: bool = True, last: dt.date | None = None) -> None:
        if value is None:
            return
        raw = m.group(0).rstrip()
        s, e = start + m.start(), start + m.start() + len(raw)
        if any(f.start < e and s < f.end for f in found):
            return
        found.append(FoundDate(value, raw, s, e, has_year, last))

    for m in [*DATE_DAY_RANGE.finditer(region), *DATE_DAY_RANGE_NUMERIC.finditer(region)]:
        year = int(m["year"]) if m["year"] else default_year
        month = month_of(m["month_name"]) if "month_name" in m.groupdict() else int(m["month"])
        first, last = _make(year, month, int(m["day"])), _make(year, month, int(m["last_day"]))
        if first is not None and last is not None and first < last:
            add(m, first, has_year=m["year"] is not None, last=last)

    for m in DATE_ISO.finditer(region):
        add(m, _make(int(m["year"]), int(m["month"]), int(m["day"])))
    for m in DATE_QUOTED_NUMERIC.finditer(region):
        add(m, _make(int(m["year"]), int(m["month"]), int(m["day"])))
    for m in DATE_WORDS.finditer(region):
        day = int(m["day"]) if m["day"] else day_of_words(m["day_words"])
        year = int(m["year"]) if m["year"] else default_year
        add(m, _make(year, month_of(m["month_name"]), day), has_year=m["year"] is not None)
    # "21.O3.2024": OCR reads a zero as the letter O; digits are read with it as 0 (same length, offsets kept)
    for m in DATE_NUMERIC.finditer(OCR_ZERO.sub("0", region)):
        if PHONE_BEFORE.search(text, max(0, start + m.start() - 30), start + m.start()):
            continue  # "тел. 3-12-45", "факс (8352) 2-14-07": a phone number, not a date
        add(m, _make(expand_year(m["year"]), int(m["month"]), int(m["day"])))
    return sorted(found, key=lambda f: f.start)


def is_date_line(line: str) -> bool:
    """A line holding one date and nothing else ("27.06.2023", "28 июня 2023 г."): a day's heading in a protocol of
    a meeting held over days, not part of an agenda item or a decision."""
    found = find_dates(line, default_year=2000)
    return len(found) == 1 and not (line[:found[0].start] + line[found[0].end:]).strip(" \t.:*")


def parse_date(text: str) -> dt.date | None:
    """The first date in `text`, or None."""
    found = find_dates(text)
    return found[0].value if found else None


def parse_deadline(text: str, *, default_year: int | None = None) -> dt.date | None:
    """The date a deadline names: a full date, or the last day of a month named with its year."""
    found = find_dates(text, default_year=default_year)
    if found:
        return found[0].last or found[0].value  # "21-24.05.2024": a range's last day is the deadline
    m = MONTH_YEAR.search(text)
    if m:
        year, month = int(m["year"]), month_of(m["month_name"])
        if month:
            return dt.date(year, month, calendar.monthrange(year, month)[1])
    return None


@dataclass(frozen=True)
class FoundTime:
    value: str  # "HH:MM"
    start: int
    end: int


def _time(m: re.Match, offset: int) -> FoundTime:
    raw = m.group(0).rstrip()
    return FoundTime(f"{int(m['hour']):02d}:{m['minute'] or '00'}", offset + m.start(), offset + m.start() + len(raw))


def find_time(text: str, start: int = 0, end: int | None = None) -> FoundTime | None:
    """The meeting time in text[start:end]: after a "Время"/"Начало" label or "в" (not a date's digits)."""
    end = len(text) if end is None else end
    region = text[start:end]
    # every date, with a year or not ("Время: 3 ноября, 15.00"), so its digits are not read as a time
    dates = [(d.start - start, d.end - start) for d in find_dates(text, start, end, default_year=2000)]
    posts = [(m.start(), m.start() + len(region[m.start():].split("\n", 1)[0])) for m in POST_LINE.finditer(region)]
    labels = [m for m in TIME_LABEL.finditer(region) if not any(s <= m.start() < e for s, e in posts)]
    # "Время: 18.00" wins over a bare "в 09:12" written before it.
    labels.sort(key=lambda m: m.group().lower().strip() in ("в", "с"))
    for label in labels:
        window_start = label.end()
        labelled = not label.group().lower().strip() in ("в", "с")
        date_first = next((de for ds, de in dates if labelled and ds >= window_start and not region[window_start:ds].strip()), None)
        if date_first is not None:
            skip = re.match(r"[ \t]*(?:г\.|года)?[ \t,;–—-]*(?:в[ \t]+)?", region[date_first:])  # "27.06.2023 – 13.00"
            window_start = date_first + skip.end()
        window = region[window_start:window_start + 40]
        for grammar in (TIME_WORDS, TIME_HM, TIME_DASHED, TIME_HOUR) if labelled else (TIME_WORDS, TIME_HM):
            m = grammar.match(window.lstrip())
            if m is None:
                continue
            skipped = len(window) - len(window.lstrip())
            s = window_start + skipped + m.start()
            if any(ds <= s < de for ds, de in dates):
                continue
            return _time(m, start + window_start + skipped)
    # "Дата: 12 января 2022 года, 18 ч. 00 мин.": hours and minutes in words need no label
    for m in TIME_WORDS.finditer(region):
        if not any(ds <= m.start() < de for ds, de in dates) and not any(s <= m.start() < e for s, e in posts):
            return _time(m, start)
    return None
