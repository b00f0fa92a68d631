"""The header: kind of meeting, number, date (and competing dates), time, place, format, host body."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass, field

from extract.dates import FoundDate, find_dates, find_time
from extract.morph import Morphology, case_of
from extract.schools import LEGAL_ABBREVIATIONS, OrgMention, same_org
from extract.text import clean_value, first_upper_to_lower, squash, strip_span
from protocols.model import DateValue, ExtractionWarning, Span, TextValue

TITLE = re.compile(r"(?<![А-Яа-яЁё])протокол(?:а)?(?![А-Яа-яЁё])", re.IGNORECASE)
# "№", and what typewriters and OCR make of it: "N 3", "No. 3", "Nº 3", "N° 3".
NUMBER_SIGN = r"(?:№|N[º°o]?\.?(?=\s?\d)|No\.?(?=\s?\d))"
NUMBER_VALUE = r"(?P<number>\d+(?:\s?[/\-.]\s?[0-9A-Za-zА-Яа-я]+)*(?:-?[А-Яа-я]{1,2}(?![а-яё]))?)"
NUMBER_AFTER_TITLE = re.compile(r"[ \t*]*" + NUMBER_SIGN + r"[ \t]*" + NUMBER_VALUE)
NUMBER_ANYWHERE = re.compile(NUMBER_SIGN + r"[ \t]*" + NUMBER_VALUE)
NOT_PROTOCOL_NUMBER = re.compile(
    r"(?:каб|кабинет|шк|школа|школы|сош|сш|оош|гимназия|лицей|сад|приказ\w*|постановлени\w*|распоряжени\w*|письм\w*|"
    # (a class or group in the singular has a number; "МО учителей начальных классов № 4" is the protocol's)
    r"дом|д|корп|кв|приложени\w*|класс[аеу]?|групп[аыеу]|аудитори\w*|ауд|вида|кабинета|корпуса|маршрут\w*|участк\w*)\.?\s*$",
    re.IGNORECASE,
)
MEETING_HEADS = {
    "заседание", "совещание", "собрание", "педсовет", "совет", "конференция", "семинар", "мо", "шмо", "гмо", "рмо",
    "ммо", "комиссия", "слушание", "сход", "планерка", "встреча", "форум", "консилиум", "пмпк", "ппк", "сессия",
    "коллегия", "актив", "объединение", "вебинар", "стол",
}
DECREE_WORDS = re.compile(r"(?:приказ|постановлени|распоряжени|письм|решени|положени|договор|соглашени)\w*[^.\n]{0,60}$", re.IGNORECASE)
PLACE = re.compile(r"(?:место\s+проведения|место)\s*[:\-–—]\s*(?P<value>[^\n]+)", re.IGNORECASE)
FORMAT = re.compile(
    r"(?:формат|форма)(?:\s+(?:проведения|заседания|совещания|собрания|педсовета|совета)){0,2}\s*[:\-–—]\s*(?P<value>[^\n]+)", re.IGNORECASE
)
FORMAT_WORDS = [
    (re.compile(r"вкс|видео-?конференц|видеосвяз", re.IGNORECASE), "ВКС"),
    (re.compile(r"онлайн|он-лайн|online|дистанцион|zoom|вебинар|webinar|teams|skype|скайп|сферум|телемост|discord", re.IGNORECASE), "онлайн"),
    (re.compile(r"(?<![а-яё])очн(?:о|ый|ая|ом|ой)(?![а-яё])", re.IGNORECASE), "очно"),
]
FORMAT_IN_TEXT = re.compile(
    r"(?:в\s+(?:режиме|формате|форме)\s+(?P<a>[^\n,.;]{2,40})|(?P<b>дистанционно|онлайн|в\s+онлайн-формате)"
    r"|в\s+(?P<c>[а-яё-]+)\s+(?:режиме|формате|форме))",
    re.IGNORECASE,
)
ROOM = re.compile(r"(?<![А-Яа-яЁё])(?:каб\.|кабинет|ауд\.|аудитория)\s?№?\s?\d+[а-яА-Я]?", re.IGNORECASE)
# The locality on the date line: town, village, settlement, stanitsa, farmstead, aul…
LOCALITY = re.compile(
    r"[ \t]*(?P<place>(?:г\.|гор\.|с\.|п\.|пос\.|пгт\.?|п\.г\.т\.|р\.?п\.|рп|д\.|дер\.|ст\.|ст-ца|х\.|хут\.|а\.|аул|сл\.|станица"
    r"|город|село|поселок|посёлок|деревня|хутор|слобода)\s?[А-ЯЁ][а-яё]+(?:[ -][А-ЯЁ][а-яё]+)?)[ \t,]*"
)
URL = re.compile(r"https?://[^\s<>»\"]+")


@dataclass
class Header:
    doc_type: TextValue | None = None
    number: TextValue | None = None
    date: DateValue | None = None
    date_conflicts: list[DateValue] = field(default_factory=list)
    time: TextValue | None = None
    place: TextValue | None = None
    format: TextValue | None = None
    format_link: TextValue | None = None
    organization: TextValue | None = None
    warnings: list[ExtractionWarning] = field(default_factory=list)


def _tv(text: str, start: int, end: int, value: str | None = None) -> TextValue:
    start, end = strip_span(text, start, end, " \t\r\n*,;:")
    return TextValue(value=value if value is not None else clean_value(text[start:end]), span=Span(start=start, end=end))


def _dv(found: FoundDate) -> DateValue:
    return DateValue(value=found.value, raw=found.raw, span=Span(start=found.start, end=found.end))


class HeaderReader:
    def __init__(self, morphology: Morphology) -> None:
        self.morph = morphology

    def read(self, text: str, header_end: int, orgs: list[OrgMention], marker_starts: list[int]) -> Header:
        header = Header()
        title = TITLE.search(text, 0, max(header_end, min(len(text), 400)))
        header.number = self._number(text, title, header_end, orgs)
        header.doc_type = self._doc_type(text, title, header_end, orgs)
        self._dates(text, header, header_end, title)
        found_time = find_time(text, 0, header_end)
        if found_time:
            header.time = TextValue(value=found_time.value, span=Span(start=found_time.start, end=found_time.end))
        header.place = self._labelled(text, PLACE, header_end) or self._room(text, header_end) or self._locality(text, header)
        self._format(text, header, header_end)
        venue = _labelled_lines(text, header_end, r"место|адрес|тел|e-?mail")
        hosts = [o for o in orgs if not any(s <= o.start < e for s, e in venue)]
        venue_keys = {o.key for o in orgs if any(s <= o.start < e for s, e in venue)}
        header.organization = self._organization(text, title, header_end, hosts, venue_keys)
        return header

    # --- number ---------------------------------------------------------------------------------
    def _number(self, text: str, title, header_end: int, orgs: list[OrgMention]) -> TextValue | None:
        if title:
            # "Протокол родительского собрания 1 «Б» класса … Протокол №1": the number may follow a later "Протокол".
            for word in TITLE.finditer(text, title.start(), max(header_end, title.end())):
                m = NUMBER_AFTER_TITLE.match(text, word.end())
                if m:
                    return _tv(text, m.start("number"), m.end("number"))
        candidates = list(NUMBER_ANYWHERE.finditer(text, 0, header_end))
        if title:
            # "Протокол от 31 августа 2020 г. № 1" under a letterhead "… детский сад … № 37": numbers from the
            # title on come first.
            candidates.sort(key=lambda m: m.start() < title.start())
        for m in candidates:
            if any(o.start <= m.start() < o.end for o in orgs):
                continue
            dated = re.match(r"\s*от\s*[«\"]?\d", text[m.end():m.end() + 12]) is not None
            if title and dated and m.start() - title.end() < 200:
                # "Протокол родительского собрания 5 «А» класса № 07 от 16.10.2015": a number dated like this is the protocol's.
                return _tv(text, m.start("number"), m.end("number"))
            if NOT_PROTOCOL_NUMBER.search(text[max(0, m.start() - 25):m.start()]):
                continue
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[line_start:m.start()]
            own_line = not text[line_start:m.start()].strip(" \t*")
            after_date = re.search(r"(?:г\.?|года|\d)\s*$", before) is not None and find_dates(before)
            line_end = text.find("\n", m.end())
            ends_line = not text[m.end():len(text) if line_end < 0 else line_end].strip(" \t*")
            # "16.04.2024      п. Заречный      № 4": the number closing the date line, after a wide gap
            # (or, the gaps collapsed to single spaces by a PDF reader, on a line the date opens)
            line_dates = find_dates(before) if ends_line else []
            closes_date_line = bool(line_dates) and (
                re.search(r"\S[ \t]{3,}$|\t$", before) is not None or not before[:line_dates[0].start].strip(" \t*"))
            # "ПРОТОКОЛ\nзаседания совета\n… учреждения «Школа № 12» города N № 3": closing the title's paragraph
            closes_title = ends_line and title and m.start() > title.end() and "\n\n" not in text[title.end():m.start()] \
                and re.search(r"[а-яё»\"]\s*$", before) is not None
            if own_line or after_date or closes_date_line or closes_title or (title and m.start() - title.end() < 120):
                return _tv(text, m.start("number"), m.end("number"))
        return None

    # --- kind of meeting ------------------------------------------------------------------------
    def _doc_type(self, text: str, title, header_end: int, orgs: list[OrgMention]) -> TextValue | None:
        if title is None:
            return None
        stops = sorted({o.start for o in orgs} | {d.start for d in find_dates(text, 0, header_end)})
        pos = title.end()
        num = NUMBER_AFTER_TITLE.match(text, pos)
        if num:
            pos = num.end()
        dated = re.match(r"[ \t]*от[ \t]*", text[pos:pos + 12], re.IGNORECASE)
        if dated:
            # "Протокол № 1 от 20.09.2019\nзаседания …": the date may come before the kind.
            found = find_dates(text, pos + dated.end(), min(header_end, pos + dated.end() + 30))
            if found and found[0].start == pos + dated.end():
                pos = found[0].end
                # "Протокол от 3 ноября 2021 года № 12-п\nсобрания …": the number may follow the date.
                num = re.match(r"[ \t]*(?:г\.|года)?[ \t]*" + NUMBER_SIGN + r"[ \t]*" + NUMBER_VALUE, text[pos:header_end])
                if num:
                    pos += num.end()
        phrase = self._phrase_after(text, pos, header_end, stops)
        if phrase is None:
            phrase = self._phrase_before(text, title.start())
        if phrase is None:
            return None
        start, end = phrase
        return TextValue(value=self.nominative_title(text[start:end]), span=Span(start=start, end=end))

    def _phrase_after(self, text: str, pos: int, limit: int, stops: list[int]) -> tuple[int, int] | None:
        words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", text[pos:min(limit, pos + 400)]))
        head = None
        for k, w in enumerate(words[:6]):
            s = pos + w.start()
            if any(s == st for st in stops) or re.match(r"от$|тема$", w.group(), re.IGNORECASE):
                return None
            if self._lemma(w.group()) in MEETING_HEADS and self._is_head(w.group()):
                head = k
                break
        if head is None:
            return None
        start_word = head
        while start_word > 0 and self._agreeing_adjective(words[start_word - 1].group(), words[head].group()):
            start_word -= 1
        start = pos + words[start_word].start()
        if "\n\n" in text[pos + words[start_word].end():pos + words[head].start()]:
            start = pos + words[head].start()
        end = self._phrase_end(text, pos + words[head].end(), limit, stops)
        return strip_span(text, start, end, " \t\r\n*,;:")

    def _phrase_end(self, text: str, pos: int, limit: int, stops: list[int]) -> int:
        end = pos
        i = pos
        while i < limit:
            c = text[i]
            if i in stops:
                break
            if c == "\n":
                nxt = re.match(r"\n[ \t*]*(\S)", text[i:limit])
                if nxt is None or "\n" in text[i + 1:i + nxt.end() - 1]:
                    break
                first = nxt.group(1)
                rest = text[i + nxt.start(1):i + nxt.start(1) + 40]
                genitive_place = re.match(r"[А-ЯЁ][а-яё]+(?:ого|ой|их|ых)\s+[а-яё]", rest)
                # "…обновлённых ФГОС\nНОО и ФГОС ООО": an abbreviation (not a legal form) going on with the kind
                abbreviation = re.match(r"([А-ЯЁ]{2,6})(?![А-Яа-яЁё])", rest)
                abbreviation = abbreviation is not None and abbreviation.group(1) not in LEGAL_ABBREVIATIONS
                # "…классных руководителей\n5–9 классов": the classes the body serves, wrapped
                classes = re.match(r"\d{1,2}(?:[ \t]*[-–—][ \t]*\d{1,2})?(?:-?х)?[ \t]*(?:«[А-ЯЁа-яё]»[ \t]*)?(?:класс|курс|групп|параллел)", rest)
                if not (first.islower() or first in "(«" or genitive_place or abbreviation or classes) or re.match(r"от\s", rest) \
                        or (i + nxt.start(1)) in stops:
                    break
                if _theme_line(text, i + nxt.start(1)):
                    break  # "…педагогической конференции\n«Качество образования: от … к …»": the event's theme
                if LOCALITY.match(rest) and re.match(r"[ \t]*$", text[i + nxt.start(1) + LOCALITY.match(rest).end():].split("\n", 1)[0]):
                    break  # "п.г.т. Нижний Одес" on its own line is the place, not more of the kind
            numbered_noun = NOT_PROTOCOL_NUMBER.search(text[max(pos, i - 25):i]) is not None  # "группы № 6 «Звёздочки»"
            if (re.match(r"\s+(?:от|№|N)\s*(?:[«\"]?\d)", text[i:i + 8]) and not (numbered_noun and text[i:i + 8].strip().startswith("№"))) \
                    or re.match(r"[ \t]+(?:Тема|Протокол|Дата)", text[i:i + 12]) \
                    or re.match(r"\s+(?:г|п|с|пос|д)\.\s?[А-ЯЁ]|\s+[А-ЯЁ][а-яё]+(?:\s[а-яё]+)?:", text[i:i + 40]):
                break  # flattened headers run on: a locality ("г. Каменск") or a label ("Место проведения:") ends the kind
            if re.match(r"[ \t]*(?:\*\*)", text[i:i + 3]) and c != " ":
                break
            if not c.isspace():
                end = i + 1
            i += 1
        return end

    def _phrase_before(self, text: str, title_start: int) -> tuple[int, int] | None:
        """"… ________ Заседание Совета учреждения Протокол №5": the kind written before the title."""
        window_start = max(0, title_start - 120)
        window = text[window_start:title_start]
        cut = max((m.end() for m in re.finditer(r"_{2,}|\n|[.!?»]\s", window)), default=0)
        for w in re.finditer(r"[А-Яа-яЁё]+", window[cut:]):
            if self._lemma(w.group()) in MEETING_HEADS and self._is_head(w.group()) and w.group()[0].isupper():
                return strip_span(text, window_start + cut + w.start(), title_start, " \t\r\n*,;:")
        if text[window_start + cut:title_start].strip():
            return None
        # "МКУ «ИМЦ» …\nРайонное методическое объединение учителей …\n\nПРОТОКОЛ № 3": the body's own line above
        # the title (a letterhead's last line), its head word in it
        line = re.search(r"(?:^|\n)[ \t]*([А-ЯЁ][^\n]{3,150})\n[ \t\n]*$", text[max(0, title_start - 300):title_start])
        if line is None or re.search(r"[«\"№]|\d", line.group(1)):
            return None
        words = re.findall(r"[А-Яа-яЁё]+", line.group(1))
        if any(self._lemma(w) in MEETING_HEADS and self._is_head(w) for w in words[:4]):
            start = max(0, title_start - 300) + line.start(1)
            return strip_span(text, start, start + len(line.group(1)), " \t\r\n*,;:")
        return None

    def _lemma(self, word: str) -> str:
        parses = self.morph.parse(word.lower())
        return parses[0].normal_form.replace("ё", "е") if parses else word.lower()

    def _is_head(self, word: str) -> bool:
        if word.isupper() and len(word) <= 4:
            return True
        return any(p.tag.POS == "NOUN" for p in self.morph.parse(word.lower()))

    def _agreeing_adjective(self, word: str, head: str) -> bool:
        head_cases = {case_of(p) for p in self.morph.parse(head.lower()) if p.tag.POS == "NOUN"}
        return any(p.tag.POS == "ADJF" and case_of(p) in head_cases for p in self.morph.parse(word.lower()))

    def nominative_title(self, phrase: str) -> str:
        """"совещания заместителей директоров …" -> "совещание заместителей директоров …": the head phrase only."""
        phrase = squash(phrase.replace("*", " "))
        words = phrase.split(" ")
        out = []
        head_seen = False
        head_gender = "neut"
        for k, word in enumerate(words):
            core = re.sub(r"[^А-Яа-яЁё-]", "", word)
            if not head_seen and core:
                parses = self.morph.parse(core.lower())
                if self._lemma(core) in MEETING_HEADS and self._is_head(core):
                    noun = next((p for p in parses if p.tag.POS == "NOUN"), None)
                    if noun is not None and case_of(noun) != "nomn":
                        form = self.morph.inflect(core, {"nomn", "sing"}, like=noun)
                        if form:
                            word = word.replace(core, _case_like(form, core))
                    if noun is not None:
                        head_gender = str(noun.tag.gender or "neut")
                    head_seen = True
                    out.append(word)
                    continue
                adj = next((p for p in parses if p.tag.POS == "ADJF"), None)
                if adj is not None and case_of(adj) != "nomn":
                    out.append(word)  # inflected below, once the head's gender is known
                    continue
            out.append(word)
        if head_seen:
            for k, word in enumerate(out):
                core = re.sub(r"[^А-Яа-яЁё-]", "", word)
                parses = self.morph.parse(core.lower()) if core else ()
                if core and self._lemma(core) in MEETING_HEADS:
                    break
                adj = next((p for p in parses if p.tag.POS == "ADJF"), None)
                if adj is not None and case_of(adj) != "nomn":
                    form = self.morph.inflect(core, {"nomn", "sing", head_gender}, like=adj)
                    if form:
                        out[k] = word.replace(core, _case_like(form, core))
        words = [_lower_caps_word(w, self.morph) for w in out]
        return first_upper_to_lower(" ".join(words))

    # --- dates -----------------------------------------------------------------------------------
    def _dates(self, text: str, header: Header, header_end: int, title) -> None:
        found = [d for d in find_dates(text, 0, header_end) if not DECREE_WORDS.search(text[max(0, d.start - 80):d.start])]
        stamps = _stamps(text, header_end)
        # An approval stamp's date ("УТВЕРЖДАЮ … «23» апреля 2014 г.") is a signature's, not the meeting's.
        found = [d for d in found if not any(s <= d.start < e for s, e in stamps)] or found
        if not found:
            # "Дата проведения : 30 августа 2016 г." written at the end, above the signatures: the meeting's own date.
            found = [d for m in DATE_LABEL_LINE.finditer(text, header_end) for d in find_dates(text, m.end(), m.end() + 40)[:1]
                     if not text[m.end():d.start].strip()][:1]
        if not found:
            header.warnings.append(ExtractionWarning(code="no_date", message="Дата протокола не найдена"))
            return
        primary = self._primary_date(text, found, header.number)
        header.date = _dv(primary)
        seen = {primary.value}
        if primary.last is not None:
            # "27–28 июня 2023 г.": the other days of the meeting do not compete with its first
            seen |= {primary.value + dt.timedelta(days=k) for k in range((primary.last - primary.value).days + 1)}
        for d in found:
            if d.value not in seen and d.has_year:
                seen.add(d.value)
                header.date_conflicts.append(_dv(d))
        if header.date_conflicts:
            others = ", ".join(f"{c.raw}" for c in header.date_conflicts)
            header.warnings.append(ExtractionWarning(
                code="date_conflict",
                message=f"В шапке несколько дат: выбрана {primary.raw}, есть и {others}; проверьте дату протокола",
                span=header.date_conflicts[0].span,
            ))

    def _primary_date(self, text: str, found: list[FoundDate], number: TextValue | None) -> FoundDate:
        def before(d: FoundDate) -> str:
            return text[max(0, d.start - 12):d.start]

        for d in found:
            if re.search(r"(?<![А-Яа-яЁё])от\s*$", before(d), re.IGNORECASE) and d.has_year:
                return d
        if number is not None:
            # "15.05.2022 № 5", "26.01.2022        № 07-11/3": the date on the protocol number's line is the
            # protocol's, whatever a "Дата проведения:" line says.
            line_start = text.rfind("\n", 0, number.span.start) + 1
            line_end = text.find("\n", number.span.end)
            line_end = len(text) if line_end < 0 else line_end
            for d in found:
                if line_start <= d.start < line_end and d.has_year and "дата" not in text[line_start:d.start].lower():
                    return d
        for d in found:
            label = text[text.rfind("\n", 0, d.start) + 1:d.start]
            if re.search(r"дата", label, re.IGNORECASE) and d.has_year:
                return d
        with_year = [d for d in found if d.has_year]
        return (with_year or found)[0]

    # --- place, format, organization -----------------------------------------------------------------
    def _labelled(self, text: str, pattern: re.Pattern, header_end: int) -> TextValue | None:
        m = pattern.search(text, 0, header_end)
        if not m:
            return None
        value = m.group("value")
        start = m.start("value")
        end = start + len(value)
        # A value wrapped onto the next line ("… методический\nкабинет") goes on while that line is not a new label.
        while True:
            nxt = re.match(r"\n[ \t]*([^\n]+)", text[end:header_end])
            unclosed = text[start:end].count("(") > text[start:end].count(")")  # "(с. Ивановка, ул.\nШкольная, 3)"
            if nxt is None or not (nxt.group(1)[:1].islower() or unclosed) or re.match(r"[^:\n(]{0,30}:", nxt.group(1)):
                break
            end += nxt.end()
        cut = re.search(r"\s(?:Дата|Время|Формат)\b", value)
        if cut:
            end = start + cut.start()
        if not clean_value(text[start:end]):
            return None
        return _tv(text, start, end)

    def _room(self, text: str, header_end: int) -> TextValue | None:
        """"Время: 15:30, каб. 305": a room named on a header line is the place."""
        m = ROOM.search(text, 0, header_end)
        return _tv(text, m.start(), m.end()) if m else None

    def _locality(self, text: str, header: Header) -> TextValue | None:
        """"г. Староволжск        15 декабря 2022 года": the locality on the date line, when no venue is given."""
        if header.date is None:
            return None
        line_start = text.rfind("\n", 0, header.date.span.start) + 1
        line_end = text.find("\n", header.date.span.end)
        line_end = len(text) if line_end < 0 else line_end
        number = header.number.span if header.number else None
        for segment_start, segment_end in ((line_start, header.date.span.start), (header.date.span.end, line_end)):
            if number is not None and segment_start <= number.start < segment_end:
                # "16.04.2024    п. Заречный    № 4": the protocol's number beside the locality
                sign = text.rfind("№", segment_start, number.start)
                before, after = (segment_start, sign if sign >= 0 else number.start), (number.end, segment_end)
                segment_start, segment_end = before if text[slice(*before)].strip() else after
            m = LOCALITY.fullmatch(text, segment_start, segment_end)
            if m:
                return _tv(text, m.start("place"), m.end("place"))
        # "«3» ноября 2021 г.\nх. Весёлый": a line right above or below the date line holding only a locality.
        previous_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
        next_end = text.find("\n", line_end + 1)
        next_end = len(text) if next_end < 0 else next_end
        for segment_start, segment_end in ((previous_start, max(previous_start, line_start - 1)), (min(line_end + 1, len(text)), next_end)):
            m = LOCALITY.fullmatch(text, segment_start, segment_end)
            if m:
                return _tv(text, m.start("place"), m.end("place"))
        return None

    def _format(self, text: str, header: Header, header_end: int) -> None:
        m = FORMAT.search(text, 0, header_end)
        source = None
        if m:
            source = (m.start("value"), m.end("value"))
        else:
            m2 = FORMAT_IN_TEXT.search(text, 0, header_end)
            if m2:
                group = next(g for g in ("a", "b", "c") if m2.group(g))
                source = (m2.start(group), m2.end(group))
        if source:
            value_text = text[source[0]:source[1]]
            for rx, label in FORMAT_WORDS:
                hit = rx.search(value_text)
                if hit:
                    header.format = TextValue(value=label, span=Span(start=source[0] + hit.start(), end=source[0] + hit.end()))
                    break
        link = URL.search(text, 0, header_end)
        if link:
            url = link.group().rstrip(".,;)>")
            header.format_link = TextValue(value=url, span=Span(start=link.start(), end=link.start() + len(url)))
            if header.format is None:
                header.format = TextValue(value="ВКС", span=Span(start=link.start(), end=link.start() + len(url)))

    def _organization(self, text: str, title, header_end: int, orgs: list[OrgMention], venue_keys: set[str] = frozenset()) -> TextValue | None:
        in_header = [o for o in orgs if o.end <= header_end]
        if title is not None:
            stamps = _stamps(text, title.start())
            # "УТВЕРЖДАЮ / Директор МБОУ «СОШ № 27»" above the title approves the protocol; it is no letterhead.
            letterhead = [o for o in in_header if o.end <= title.start() and not any(s <= o.start < e for s, e in stamps)]
            while len(letterhead) >= 2 and re.fullmatch(r"\s*\(\s*", text[letterhead[-2].end:letterhead[-1].start]):
                letterhead.pop()  # "(МБУ ДО ЦДТ «Радуга»)" under the full name: its short form, not another body
            if letterhead:
                org = letterhead[-1]
                line_start = text.rfind("\n", 0, org.start) + 1
                line_end = text.find("\n", org.end)
                line_end = len(text) if line_end < 0 else line_end
                line = text[line_start:line_end]
                if len(line) <= 120 and not find_dates(line) and line_end <= title.start():
                    return _tv(text, line_start, line_end)
                return TextValue(value=org.name, span=Span(start=org.start, end=org.end))
            after = [o for o in in_header if o.start >= title.start()]
            if after:
                org = after[0]
                return TextValue(value=org.name, span=Span(start=org.start, end=org.end))
        elif in_header:
            org = in_header[0]
            return TextValue(value=org.name, span=Span(start=org.start, end=org.end))
        return self._most_named(orgs, venue_keys)

    def _most_named(self, orgs: list[OrgMention], venue_keys: set[str]) -> TextValue | None:
        """No body in the header: the organization the text keeps naming (at least twice), if one stands out
        and is not where the meeting was held (a district body meeting at a school is not the school's)."""
        groups: list[list[OrgMention]] = []
        for org in orgs:
            if any(same_org(org.key, key) for key in venue_keys):
                continue
            for group in groups:
                if same_org(group[0].key, org.key):
                    group.append(org)
                    break
            else:
                groups.append([org])
        counts = Counter({k: len(g) for k, g in enumerate(groups)})
        top = counts.most_common(2)
        if not top or top[0][1] < 2 or (len(top) > 1 and top[1][1] == top[0][1]):
            return None
        group = groups[top[0][0]]
        org = max(group, key=lambda o: len(o.name))
        return TextValue(value=org.name, span=Span(start=org.start, end=org.end))


# "Дата проведения: …", "Дата заседания: …" opening a line.
DATE_LABEL_LINE = re.compile(
    r"^[ \t]*дата[ \t]+(?:проведения|заседания|собрания|совещания)(?:[ \t]+[а-яё]+)?[ \t]*[:\-–—][ \t]*", re.MULTILINE | re.IGNORECASE
)
# "УТВЕРЖДАЮ / Директор … / ____ Е.Н. Бондаренко / «23» апреля 2014 г.": an approval or agreement stamp, up to a blank line.
STAMP = re.compile(
    r"^[ \t]*(?:УТВЕРЖДАЮ|УТВЕРЖДЕН[АО]?|УТВЕРЖДЁН|СОГЛАСОВАНО|СОГЛАСОВАН)\b[^\n]*(?:\n[ \t]*\S[^\n]*){0,6}",
    re.MULTILINE | re.IGNORECASE,
)


# "Приложение 3 / к приказу Комитета … / от 11.04.2023 № 88-о" above the title: the order the protocol is appended
# to, with the order's own date and number, up to a blank line or the title.
APPENDIX_STAMP = re.compile(
    r"^[ \t]*Приложение(?:[ \t]*№?[ \t]*\d{1,3})?[ \t]*(?:\n[ \t]*)?к[ \t]+(?:приказу|распоряжению|постановлению|решению)[^\n]*"
    r"(?:\n(?![ \t]*протокол)[ \t]*\S[^\n]*){0,3}",
    re.MULTILINE | re.IGNORECASE,
)


def _stamps(text: str, end: int) -> list[tuple[int, int]]:
    found = [(m.start(), m.end()) for m in STAMP.finditer(text, 0, end) if m.group().lstrip()[:5].isupper()]
    return sorted(found + [(m.start(), m.end()) for m in APPENDIX_STAMP.finditer(text, 0, end)])


def _theme_line(text: str, start: int) -> bool:
    """A line that is one quoted title of several words or with a colon: a conference's or seminar's theme, not
    a name that belongs to the kind ("группы\n«Колокольчик»", "проекта\n«500+»"). The title may wrap over lines."""
    lines = text[start:].split("\n", 3)
    line = lines[0].strip()
    for more in lines[1:3]:
        if re.search(r"[»\"”][ \t.]*$", line) or not more.strip():
            break
        line += " " + more.strip()
    line = line.rstrip(".")
    m = re.fullmatch(r"[«\"„“](?P<title>.+)[»\"”]", line)
    if m is None:
        return False
    return ":" in m["title"] or len(re.findall(r"[А-Яа-яЁёA-Za-z]+", m["title"])) >= 4


def _labelled_lines(text: str, end: int, labels: str) -> list[tuple[int, int]]:
    """Ranges of header lines opening with one of the labels ("Место проведения: …"): a venue is not the host."""
    out = []
    for m in re.finditer(rf"(?im)^[ \t]*(?:{labels})[^\n:]{{0,30}}:[^\n]*", text[:end]):
        out.append((m.start(), m.end()))
    return out


def _case_like(form: str, original: str) -> str:
    if original.isupper() and len(original) > 1:
        return form.upper()
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _lower_caps_word(word: str, morph: Morphology) -> str:
    """"РОДИТЕЛЬСКОГО" -> "родительского"; abbreviations (МО, ШНОР) stay."""
    core = re.sub(r"[^А-ЯЁа-яё]", "", word)
    if len(core) > 4 and core.isupper():
        parses = morph.parse(core.lower())
        if parses and parses[0].is_known:
            return word.lower()
    return word
