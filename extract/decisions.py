"""Decisions: numbered and nested items, addressees, responsible persons, deadlines, decree references.

Numbering styles ("1.", "3.1.", "1)", "- 1)", "а)", bullets) are ranked by first appearance, so a
"- 1)" list under "3. Районному методическому кабинету:" nests under it. A line ending in a colon
that is a dative phrase without a verb is an addressee: it is not a decision, and it becomes the
responsible party (in the nominative) of the items under it. "Ответственный: …" and "Срок: …" lines
(or such trailing parts of a line) go to the item before them and out of its text; vote lines
("Голосовали: за – 25 …") are not decisions. Unnumbered text gives one decision per sentence.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import razdel

from extract.dates import find_dates, parse_deadline
from extract.morph import Morphology, case_of
from extract.names import NameContext, NameMention, NameNormalizer
from extract.sections import Sections, TableRow
from extract.text import DASHES, squash, strip_span
from protocols.model import Decision, DecreeRef, Span

ITEM_NUMBER = re.compile(
    rf"^[ \t*]*(?P<dash>[{DASHES}•·*][ \t]*)?(?P<num>(?:\d{{1,2}}\.){{1,3}}\d{{0,2}}(?![\d])|\d{{1,2}}\)|[а-еa-e]\))[ \t]*(?=\S)"
)
BULLET = re.compile(rf"^[ \t]*[{DASHES}•·*][ \t]*(?=\S)")
RESPONSIBLE = re.compile(
    r"(?:(?<=^)|(?<=[.;,(]\s)|(?<=[.;,(]))[ \t]*(?P<label>ответственн\w*(?:\s+за\s+(?:исполнение|выполнение))?|отв\.|исполнител\w*)"
    rf"[ \t]*[:{DASHES}][ \t]*(?P<value>[^\n;)]+)",
    re.IGNORECASE | re.MULTILINE,
)
DEADLINE = re.compile(
    r"(?:(?<=^)|(?<=[.;,(]\s)|(?<=[.;,(]))[ \t]*(?P<label>срок\w*(?:\s+(?:исполнения|выполнения|проведения|реализации))?|дата\s+исполнения)"
    rf"[ \t]*[:{DASHES}]?[ \t]*(?P<value>[^\n;)]+)",
    re.IGNORECASE | re.MULTILINE,
)
VOTE = re.compile(
    r"^[ \t*]*(?:голосовал\w*|проголосовал\w*|итоги\s+голосования|результаты\s+голосования|результат\s+голосования|"
    r"«?\s*за\s*»?\s*[:\-–—]?\s*\d|«?\s*против\s*»?\s*[:\-–—]|«?\s*воздержал\w*|решение\s+принято|принято\s+единогласно|единогласно)",
    re.IGNORECASE,
)
INLINE_DEADLINE = re.compile(
    r"(?P<value>(?:в\s+срок\s+)?до\s+(?:(?:[«\"]?\d{1,2}[»\"]?\s*[./]?\s*(?:\d{1,2}|[а-я]+\.?)(?:\s*[./]?\s*\d{2,4})?(?:\s*(?:г\.|года|г(?![а-я])))?)"
    r"|конца\s+(?:\d{4}\s+)?(?:учебного\s+|календарного\s+)?(?:года|четверти|полугодия|месяца|триместра)(?:\s+\d{4}(?:\s*г\.)?)?)"
    r"|в\s+течение\s+(?:всего\s+)?(?:\d{4}[-–/]\d{4}\s+)?(?:учебного\s+|текущего\s+|календарного\s+)?(?:года|месяца|четверти|полугодия|недели|триместра)"
    r"|постоянно|ежемесячно|ежеквартально|еженедельно|систематически|в\s+течение\s+\d{4}[-–/]\d{4}\s+учебного\s+года)",
    re.IGNORECASE,
)
MONTH_YEAR_AT_END = re.compile(
    r"(?P<value>(?:январ[ья]|феврал[ья]|март|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|август|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])"
    r"\s+\d{4}(?:\s*(?:г\.|года))?)\s*$",
    re.IGNORECASE,
)
DECREE_KIND = re.compile(
    r"(?P<kind>приказ(?:ом|а|у|е|ы|ов)?|постановлени(?:ем|е|я|ю|й)|распоряжени(?:ем|е|я|ю)|письм(?:ом|о|а|у)|решени(?:ем|е|я|ю))(?![а-яё])",
    re.IGNORECASE,
)
DECREE_NUMBER = re.compile(r"№\s?(?P<number>[0-9][0-9A-Za-zА-Яа-я/\-.]*[0-9A-Za-zА-Яа-я])|№\s?(?P<digit>\d)")
DECREE_KINDS = {"приказ": "приказ", "постановлени": "постановление", "распоряжени": "распоряжение", "письм": "письмо", "решени": "решение"}
SIGNATURE = re.compile(r"^[ \t]*(?:[А-ЯЁа-яё.\s]{0,60})?(?:_{3,}|\s{5,})")


@dataclass
class Item:
    start: int
    end: int
    number: str | None
    style: str | None
    level: int = 0
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    responsible: tuple[str, int, int] | None = None
    deadline: tuple[str, int, int] | None = None
    removed: list[tuple[int, int]] = field(default_factory=list)
    addressee: str | None = None


class DecisionReader:
    def __init__(self, morphology: Morphology, normalizer: NameNormalizer) -> None:
        self.morph = morphology
        self.normalizer = normalizer

    def read(self, text: str, sections: Sections, mentions: list[NameMention], protocol_date: dt.date | None) -> list[Decision]:
        decisions: list[Decision] = []
        for block in sections.items:
            if block.kind == "decided":
                decisions += self._block(text, block.start, block.end, block.agenda_item, mentions, protocol_date)
        for row in sections.table_rows:
            decisions += self._table_row(text, row, mentions, protocol_date)
        return decisions

    def _table_row(self, text: str, row: TableRow, mentions, protocol_date) -> list[Decision]:
        style = text[row.start:row.item_start].strip()[-1:]
        first = None
        for m in re.finditer(r"^[ \t]*\d{1,2}([.)])[ \t]*\S", text[row.item_end:row.end], re.MULTILINE):
            if m.group(1) != style:
                first = row.item_end + m.start()
                break
        if first is None:
            return []
        return self._block(text, first, row.end, row.number, mentions, protocol_date)

    # --- one block ------------------------------------------------------------------------------
    def _block(self, text: str, start: int, end: int, agenda_item: int | None, mentions, protocol_date) -> list[Decision]:
        items = self._items(text, start, end, mentions)
        out = []
        for item in items:
            out += self._emit(text, item, agenda_item, mentions, protocol_date, inherited=None)
        return out

    def _segments(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Lines of the block, with inline numbering ("1. … 2. …" in flattened text) split apart."""
        segments = []
        pos = start
        for line in re.finditer(r"[^\n]*", text[start:end]):
            s, e = start + line.start(), start + line.end()
            if s < pos and e <= pos:
                continue
            segments += self._split_inline(text, s, e)
            pos = e
        return [(s, e) for s, e in segments if text[s:e].strip()]

    def _split_inline(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        segment = text[start:end]
        cuts = []
        first = ITEM_NUMBER.match(segment)
        expected = None
        if first and re.fullmatch(r"\d{1,2}[.)]", first["num"]):
            expected = int(first["num"][:-1]) + 1
            sep = first["num"][-1]
            for m in re.finditer(rf"(?<=[.;!?»\"])\s+(\d{{1,2}}){re.escape(sep)}\s?(?=[А-ЯЁ«\"])", segment):
                if int(m.group(1)) == expected:
                    cuts.append(m.start() + (len(m.group()) - len(m.group().lstrip())))
                    expected += 1
        for m in re.finditer(r"(?<=[.;!?])\s+(?=(?:голосовали|проголосовали|итоги голосования)\b)", segment, re.IGNORECASE):
            cuts.append(m.end())
        if not cuts:
            return [(start, end)]
        bounds = [start] + [start + c for c in sorted(cuts)] + [end]
        return [(bounds[k], bounds[k + 1]) for k in range(len(bounds) - 1)]

    def _items(self, text: str, start: int, end: int, mentions) -> list[Item]:
        styles: list[str] = []
        roots: list[Item] = []
        stack: list[Item] = []
        last: Item | None = None
        for s, e in self._segments(text, start, end):
            line = text[s:e]
            if VOTE.match(line):
                last = None
                continue
            if self._is_signature(text, s, e, mentions):
                break
            label = self._label_line(text, s, e)
            if label is not None and last is not None:
                kind, value = label
                setattr(last, kind, value)
                last.removed.append((s, e))
                continue
            m = ITEM_NUMBER.match(line)
            bullet = BULLET.match(line) if m is None else None
            if m or bullet:
                style = _style(m) if m else "bullet"
                if style not in styles:
                    styles.append(style)
                level = styles.index(style)
                if m and "." in m["num"].rstrip(".") and "dot" in styles:
                    level = styles.index("dot") + m["num"].rstrip(".").count(".")
                item = Item(s + (m.end() if m else bullet.end()), e, m["num"].rstrip(".)") if m else None, style, level)
                while stack and stack[-1].level >= level:
                    stack.pop()
                if stack:
                    item.parent = stack[-1]
                    stack[-1].children.append(item)
                else:
                    roots.append(item)
                stack.append(item)
                last = item
            elif last is not None and (last.style is not None or not _ends_sentence(text[last.start:last.end])) and not line[:1].isupper():
                last.end = e
            elif last is not None and last.style is not None and not (text[last.start:last.end].rstrip().endswith((".", ";", ":", "!"))):
                last.end = e
            else:
                item = Item(s, e, None, None, 0)
                if stack and stack[-1].style is not None and text[stack[-1].start:stack[-1].end].rstrip().endswith(":"):
                    item.level = stack[-1].level + 1
                    item.parent = stack[-1]
                    stack[-1].children.append(item)
                else:
                    roots.append(item)
                    stack = [item] if item.style else stack
                last = item
        return roots

    def _is_signature(self, text: str, s: int, e: int, mentions) -> bool:
        line = text[s:e]
        if re.search(r"_{3,}", line):
            return True
        names = [m for m in mentions if s <= m.start < e]
        if names and not text[names[-1].end:e].strip(" .") and len(line.strip()) < 90:
            before = text[s:names[-1].start]
            if not re.search(r"[а-яё]{3,}\s+[а-яё]{3,}\s+[а-яё]{3,}", before) or re.search(r"\s{3,}|\t", before):
                return not ITEM_NUMBER.match(line) and not re.search(r"ответствен|отв\.", line, re.IGNORECASE)
        return False

    def _label_line(self, text: str, s: int, e: int):
        line = text[s:e]
        m = RESPONSIBLE.match(line)
        if m:
            return "responsible", (squash(m["value"]).strip(" .,"), s + m.start("value"), s + m.start("value") + len(m["value"].rstrip()))
        m = DEADLINE.match(line)
        if m and m["value"].strip():
            return "deadline", (squash(m["value"]).strip(" .,"), s + m.start("value"), s + m.start("value") + len(m["value"].rstrip()))
        return None

    # --- emitting decisions -------------------------------------------------------------------------
    def _emit(self, text, item: Item, agenda_item, mentions, protocol_date, inherited) -> list[Decision]:
        body = text[item.start:item.end]
        if item.children and body.rstrip().endswith(":"):
            addressee = self._addressee(text, item.start, item.start + len(body.rstrip()) - 1, mentions)
            if addressee is not None:
                out = []
                for child in item.children:
                    out += self._emit(text, child, agenda_item, mentions, protocol_date, inherited=addressee)
                return out
        out = []
        if item.style is None:
            pieces = self._sentences(text, item.start, item.end)
        else:
            pieces = [(item.start, item.end)]
        for k, (s, e) in enumerate(pieces):
            out.append(self._decision(text, s, e, item, agenda_item, mentions, protocol_date, inherited, k, len(pieces)))
        for child in item.children:
            out += self._emit(text, child, agenda_item, mentions, protocol_date, inherited=inherited)
        return [d for d in out if d is not None]

    def _sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        chunk = text[start:end]
        return [(start + s.start, start + s.stop) for s in razdel.sentenize(chunk) if s.text.strip()]

    def _decision(self, text, s, e, item: Item, agenda_item, mentions, protocol_date, inherited, k, total) -> Decision | None:
        responsible = item.responsible
        deadline = item.deadline
        cut = e
        for rx, kind in ((RESPONSIBLE, "responsible"), (DEADLINE, "deadline")):
            m = rx.search(text, s, cut)
            if m and m.start("label") > s + 5:
                value = (squash(m["value"]).strip(" .,"), m.start("value"), m.start("value") + len(m["value"].rstrip()))
                if kind == "responsible" and responsible is None:
                    responsible = value
                if kind == "deadline" and deadline is None:
                    deadline = value
                cut = min(cut, m.start("label"))
        s, cut = strip_span(text, s, cut, " \t\r\n(,;")
        if cut <= s:
            return None
        body = squash(text[s:cut])
        if not body or VOTE.match(body):
            return None
        if deadline is None:
            deadline = self._inline_deadline(text, s, cut)
        responsible_value = responsible[0] if responsible else None
        if responsible_value is None and inherited is not None:
            responsible_value = inherited
        if responsible_value is None:
            responsible_value = self._leading_addressee(text, s, cut, mentions)
        deadline_value = deadline[0] if deadline else None
        deadline_date = parse_deadline(deadline_value, default_year=protocol_date.year if protocol_date else None) if deadline_value else None
        number = item.number if total == 1 else (f"{item.number}.{k + 1}" if item.number else None)
        if item.parent is not None and item.parent.number and number and "." not in number and item.style not in ("dot",):
            number = f"{item.parent.number}.{number}"
        return Decision(
            number=number,
            text=body,
            agenda_item=agenda_item,
            responsible=responsible_value,
            deadline=deadline_value,
            deadline_date=deadline_date,
            decrees=find_decrees(text, s, cut),
            span=Span(start=s, end=cut),
        )

    def _inline_deadline(self, text: str, s: int, e: int):
        m = None
        for m in INLINE_DEADLINE.finditer(text, s, e):
            pass
        if m is not None:
            value = squash(m["value"]).rstrip(" .,")
            if value.lower().startswith("до") and not re.search(r"\d|конца", value):
                return None
            return value, m.start("value"), m.start("value") + len(value)
        m = MONTH_YEAR_AT_END.search(text, s, e)
        if m:
            return squash(m["value"]), m.start("value"), m.end("value")
        return None

    # --- addressees ---------------------------------------------------------------------------------
    def _addressee(self, text: str, start: int, end: int, mentions) -> str | None:
        """"Районному методическому кабинету" -> "Районный методический кабинет"; None when the phrase is no addressee."""
        phrase = text[start:end]
        words = re.findall(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", phrase)
        if not words or len(words) > 12:
            return None
        if any(self._is_verb(w) for w in words):
            return None
        names = [m for m in mentions if start <= m.start < end]
        return self._dative_phrase_nominative(text, start, end, names)

    def _leading_addressee(self, text: str, s: int, e: int, mentions) -> str | None:
        """"Социально-психологической службе подготовить …": a dative phrase before the first infinitive."""
        words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", text[s:min(e, s + 160)]))
        for k, w in enumerate(words[:8]):
            word = w.group()
            if word.lower() == "поручить":
                continue
            if self._is_infinitive(word):
                if k == 0 or (k == 1 and words[0].group().lower() == "поручить"):
                    return None
                start = s + (words[1].start() if words[0].group().lower() == "поручить" else words[0].start())
                end = s + words[k - 1].end()
                names = [m for m in mentions if start <= m.start < end]
                return self._dative_phrase_nominative(text, start, end, names)
        return None

    def _dative_phrase_nominative(self, text: str, start: int, end: int, names: list[NameMention]) -> str | None:
        if names:
            first = names[0]
            if not text[start:first.start].strip():
                return self.normalizer.normalize(first, NameContext(cases=frozenset({"datv"})))
        words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?", text[start:end]))
        if not words:
            return None
        first_parses = self.morph.parse(words[0].group().lower())
        if not any(case_of(p) == "datv" and p.tag.POS in ("NOUN", "ADJF", "PRTF") for p in first_parses):
            return None
        out = []
        pos = start
        head_done = False
        plural = None
        for w in words:
            word = w.group()
            ws, we = start + w.start(), start + w.end()
            if head_done:
                break
            parses = [p for p in self.morph.parse(word.lower()) if case_of(p) == "datv" and p.tag.POS in ("NOUN", "ADJF", "PRTF")]
            if not parses:
                break
            p = parses[0]
            if plural is None:
                plural = p.tag.number == "plur"
            grammemes = {"nomn", "plur" if plural else "sing"}
            if p.tag.POS != "NOUN" and not plural:
                noun = next((q for ww in words for q in self.morph.parse(ww.group().lower()) if q.tag.POS == "NOUN" and case_of(q) == "datv"), None)
                if noun is not None and noun.tag.gender:
                    grammemes.add(str(noun.tag.gender))
            form = self.morph.inflect(word, grammemes, like=p) or word
            out.append(text[pos:ws])
            out.append(form[:1].upper() + form[1:] if word[:1].isupper() else form)
            pos = we
            if p.tag.POS == "NOUN":
                head_done = True
        out.append(text[pos:end])
        for name in names:
            nominative = self.normalizer.normalize(name, NameContext(cases=frozenset({"datv"})))
            raw = text[name.start:name.end]
            out = [piece.replace(raw, nominative) for piece in out]
        value = squash("".join(out)).strip(" :,.")
        return value or None

    def _is_verb(self, word: str) -> bool:
        parses = self.morph.parse(word.lower())
        return bool(parses) and parses[0].tag.POS in ("INFN", "VERB") and parses[0].score > 0.3

    def _is_infinitive(self, word: str) -> bool:
        parses = self.morph.parse(word.lower())
        return bool(parses) and parses[0].tag.POS == "INFN"


def _style(m: re.Match) -> str:
    num = m["num"]
    dash = "dash" if m["dash"] else ""
    if num.endswith(")"):
        return dash + ("letter" if num[0].isalpha() else "paren")
    if "." in num.rstrip("."):
        return dash + "dotdot"
    return dash + "dot"


def _ends_sentence(value: str) -> bool:
    return value.rstrip().endswith((".", "!", "?", ";"))


def find_decrees(text: str, start: int, end: int) -> list[DecreeRef]:
    """"приказом … от 02.07.2020 г. № 145" -> DecreeRef(kind="приказ", date, number)."""
    out = []
    for m in DECREE_KIND.finditer(text, start, end):
        window_end = min(end, m.end() + 220)
        stop = re.search(r"[;)]|\.\s+[А-ЯЁ]", text[m.end():window_end])
        if stop:
            window_end = m.end() + stop.start()
        window = text[m.end():window_end]
        date_m = re.search(r"от\s+(?=[«\"]?\d)", window)
        found_date = None
        if date_m:
            dates = find_dates(text, m.end() + date_m.end(), min(window_end, m.end() + date_m.end() + 30))
            found_date = dates[0] if dates else None
        num_m = DECREE_NUMBER.search(window)
        if found_date is None and num_m is None:
            continue
        if num_m is not None and date_m is not None and num_m.start() > date_m.start() + 40:
            num_m = None if found_date is None else num_m
        kind = next(v for k, v in DECREE_KINDS.items() if m["kind"].lower().startswith(k))
        span_end = max(
            (found_date.end if found_date else m.end()),
            (m.end() + num_m.end() if num_m else m.end()),
        )
        number = (num_m["number"] or num_m["digit"]) if num_m else None
        out.append(DecreeRef(kind=kind, date=found_date.value if found_date else None, number=number,
                             span=Span(start=m.start(), end=span_end)))
    return out

