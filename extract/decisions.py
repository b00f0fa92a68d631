"""Decisions: numbered and nested items, lead-ins and addressees, responsibles, deadlines, decree references.

A decision block is cut into segments: its lines, and inside a line (flattened or OCR'd text) at an
inline item number that continues the count ("…олимпиады.2.Включить…"), an inline bullet ("…; -
рекомендовать…"), a label ("…дефицитам.Срок:до 30.11.2019") or a vote line. Numbering styles
("1.", "3.1.", "1)", "- 1)", "а)", bullets) are ranked by first appearance, so "- 1)" under
"3. Районному методическому кабинету:" nests under it. A lead-in (a line ending in a colon with
sub-items) is not a decision; when it names an addressee in the dative ("Руководителям ОО:",
"Рекомендовать заместителям директоров по УВР:") or a body ("МКУ «ИМЦ»:"), that is the responsible
party of its sub-items. "Ответственный: …"/"Срок: …" labels (own line, after the sentence, or in
parentheses) go to the entry above and out of its text; a dative or a date inside the sentence
stays text. Vote lines are not decisions; unnumbered text gives one decision per sentence; a table
("№ | Мероприятие | Ответственный | Срок") gives one decision per row.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import razdel

from extract.dates import find_dates, is_date_line, parse_deadline
from extract.morph import Morphology, case_of
from extract.names import NameContext, NameMention, NameNormalizer
from extract.roles import ROLE_LEMMAS
from extract.sections import Sections, TableRow
from extract.text import DASHES, squash, strip_span
from protocols.model import Decision, DecreeRef, Span

ITEM_NUMBER = re.compile(
    rf"^[ \t*]*(?P<dash>[{DASHES}•·*][ \t]*)?(?P<num>(?:\d{{1,2}}\.){{1,3}}(?:\d{{1,2}}(?=[ \t]))?(?![\d.])|\d{{1,2}}\)|[а-еa-e]\)|[а-е]\.(?=[ \t]+\S))[ \t]*(?=\S|$)"
)
BULLET = re.compile(rf"^[ \t]*[{DASHES}•·*][ \t]*(?=\S)")
LABEL = re.compile(
    r"(?P<label>(?P<responsible>[о0]тветственн(?:ый|ая|ые|ого|ых)?(?:\s+исполнител(?:ь|и)|\s+за\s+[а-яё]+(?:\s+[а-яё]+){0,2}?)?|отв\.|исполнител(?:ь|и))"
    r"|(?P<deadline>срок(?:и)?(?:\s+(?:исполнения|выполнения|проведения|реализации))?|дата\s+исполнения))"
    rf"[ \t]*(?::|[{DASHES}](?=\s)|(?=\s*до\s)|(?<=отв\.)(?=[ \t]+[А-ЯЁа-яё]))[ \t]*",
    re.IGNORECASE,
)
INLINE_LABEL = re.compile(
    r"(?:(?<=[.;!?)])|(?<=\d))[ \t]*(?=(?:[О0]тветственн\w*|Отв\.|Исполнител\w*|Срок\w*|ответственн\w*|отв\.|срок\w*)"
    rf"(?:\s+(?:исполнения|выполнения|исполнител\w*)|\s+за\s+[а-яё]+(?:\s+[а-яё]+){{0,2}}?)?[ \t]*(?::|[{DASHES}]\s|(?<=[Оо]тв\.)[ \t]+[А-ЯЁ]))"
)
# What separates a label from its value inside parentheses: a colon or dash, or none after "отв." and before "до".
PAREN_SEPARATOR = rf"(?::|[{DASHES}]|(?<=отв\.)(?=\s*[А-ЯЁа-яё])|(?<=срок)(?=\s+до\s))"
PAREN_LABELS = re.compile(
    rf"\(\s*(?:ответственн\w*|отв\.|срок\w*|исполнител\w*)\s*{PAREN_SEPARATOR}[^)]*\)\s*\.?",
    re.IGNORECASE,
)
# Inside parentheses a label may be glued to its value: "(срок-апрель 2013г., отв.-Смоляк Т.В.)".
PAREN_LABEL = re.compile(
    rf"(?P<label>(?P<responsible>ответственн\w*|отв\.|исполнител\w*)|(?P<deadline>срок\w*))\s*{PAREN_SEPARATOR}[ \t]*",
    re.IGNORECASE,
)
VOTE = re.compile(
    r"^[ \t*]*(?:голосовал\w*|проголосовал\w*|итоги\s+голосования|результаты\s+голосования|результат\s+голосования|"
    r"«?\s*за\s*»?\s*[:\-–—]?\s*\d{1,3}(?![\d.])|«?\s*против\s*»?\s*[:\-–—]|«?\s*воздержал\w*|решени[ея](?:\s+[а-яё]+){0,4}?\s+принят[оы]?\s+(?:единогласно|большинством)|решение\s+принято|принято\s+единогласно|единогласно)",
    re.IGNORECASE,
)
# A signature glued after a label's value: "… 15.01.2024 Руководитель ШМО _______ Г.Р. Ханова".
SIGNATURE_AFTER_VALUE = re.compile(r"(?<=[\d.])[ \t]+[А-ЯЁ][А-Яа-яЁё .]{0,60}?_{3,}")
# Lines that close a protocol after its decisions: the meeting's date written at the end, an acknowledgement list.
CLOSING_LINE = re.compile(
    r"[ \t]*(?:дата[ \t]+(?:проведения|заседания|собрания|совещания|составления)(?:[ \t]+[а-яё]+)?[ \t]*[:\-–—]"
    r"|(?:с[ \t]+(?:решением|решениями|протоколом)(?:[ \t]+[А-Яа-яЁё]+){0,3}[ \t]+)?ознакомлен[аы]?(?:[ \t]*\(?[ \t]*а[ \t]*\)?)?(?:[ \t]*:|[ \t]*$))",
    re.IGNORECASE,
)
# "…сведению.\n\nРазное. Выступил …": the customary last item's heading before its speech, no decision
CLOSING_ITEM_HEADING = re.compile(r"(?:разное|прочее|текущие\s+вопросы)[.:]?", re.IGNORECASE)
YEAR_SENTENCE_END = re.compile(r"(?:\d{4}|уч\.)[ \t]?гг?\.(?=\s+[А-ЯЁ][а-яё]+(?![.\w]))")
INLINE_VOTE = re.compile(r"(?<=[.;!?])\s+(?=(?:Голосовали|Проголосовали|Итоги голосования|Решение принято|Принято единогласно))")
INLINE_NUMBER = re.compile(r"(?:(?<=[.;!?»\")])|(?<=\d\s))\s*(?P<num>\d{1,2})(?P<sep>[.)])\s?(?=[А-ЯЁA-Z«\"])")
# "… сведению. 1.2. Учителям …": a multi-level number inside a flattened line.
INLINE_DOTTED = re.compile(r"(?<=[.;:!?»\")])\s+(?P<num>\d{1,2}(?:\.\d{1,2}){1,2})\.?\s?(?=[А-ЯЁA-Zа-яё«\"])")
# Where a label's value ends inside running text: a word's full stop, then a capitalized word (not initials, "г.").
LABEL_VALUE_END = re.compile(r"(?<=[а-яё]{3}\.)[ \t]+(?=[А-ЯЁ][а-яё])")
# "…этапа: а) занятия …; б) разбор …", "…: 1) конкурс; 2) олимпиада", "Решили: 1) провести …; 2) утвердить …"
INLINE_SUB_ITEM = re.compile(r"(?P<sep>[:;,])[ \t]+(?P<mark>[а-е]|\d{1,2})(?:\)|(?<=[а-е])\.(?=[ \t]))(?:[ \t]+(?=\S)|[ \t]*$)", re.MULTILINE)
INLINE_BULLET = re.compile(rf"(?<=;)\s+[{DASHES}•]\s+(?=\S)")
PAGE_NUMBER_LINE = re.compile(rf"^\s*[{DASHES}]?\s*\d{{1,3}}\s*[{DASHES}]?\s*$")
MONTH_YEAR_AT_END = re.compile(
    r"(?<=[.!?])\s+(?P<value>(?:январ[ья]|феврал[ья]|март|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|август|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])"
    r"\s+\d{4}(?:\s*(?:г\.|года))?)\s*$",
    re.IGNORECASE,
)
DECREE_KIND = re.compile(
    r"(?P<kind>приказ(?:ом|а|у|е|ы|ов)?|постановлени(?:ем|е|я|ю|й)|распоряжени(?:ем|е|я|ю)|письм(?:ом|о|а|у)|решени(?:ем|е|я|ю))(?![а-яё])",
    re.IGNORECASE,
)
DECREE_NUMBER = re.compile(r"№\s?(?P<number>[0-9][0-9A-Za-zА-Яа-я/\-.]*[0-9A-Za-zА-Яа-я]|\d)")
DECREE_KINDS = {"приказ": "приказ", "постановлени": "постановление", "распоряжени": "распоряжение", "письм": "письмо", "решени": "решение"}
LEAD_VERBS = {"рекомендовать", "поручить", "предложить", "обязать", "рекомендовано", "поручено", "предложено"}
TABLE_TEXT = re.compile(r"мероприяти|содержани|решени|поручени|что\s|наименовани|предложени|меры|действи", re.IGNORECASE)
TABLE_ITEM = re.compile(r"(?:№\s*)?(?:вопрос(?:а)?|пункт(?:а)?)(?:\s+повестки(?:\s+дня)?)?(?:\s*№)?", re.IGNORECASE)
TABLE_RESPONSIBLE = re.compile(r"ответствен|исполнител", re.IGNORECASE)
TABLE_DEADLINE = re.compile(r"срок|дата\s+исполнения|когда", re.IGNORECASE)
CELL_ROW_NUMBER = re.compile(r"[ \t]*(\d{1,2})[.)]?[ \t]*")
# A deadline cell on its own: "до 22.11.2019", "с 18.11.2019", "18.11.2019", "постоянно", "в течение года", "май 2020 г."
DEADLINE_CELL = re.compile(
    r"(?:(?:до|с|по|к|не\s+позднее)\s+)?\d{1,2}\.\d{1,2}\.\d{2,4}(?:\s*г\.?)?"
    r"|(?:постоянно|ежедневно|еженедельно|ежемесячно|ежеквартально|систематически|регулярно)\.?"
    r"|(?:в\s+течение|по\s+мере|в\s+соответствии|в\s+срок|до\s+конца|в\s+период)\s.{1,40}"
    r"|(?:(?:до|с|в|к)\s+)?(?:\d{1,2}\s+)?(?:январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр)[а-я]*"
    r"(?:\s+\d{4}(?:\s*(?:г\.?|года))?)?",
    re.IGNORECASE,
)
ROLE_WORDS = {lemma.replace("ё", "е") for lemma in ROLE_LEMMAS}


@dataclass
class Item:
    start: int
    end: int
    number: str | None
    style: str | None
    level: int = 0
    parent: "Item | None" = None
    children: list["Item"] = field(default_factory=list)
    responsible: tuple[int, int] | None = None  # the label's value range
    deadline: tuple[int, int] | None = None


class DecisionReader:
    def __init__(self, morphology: Morphology, normalizer: NameNormalizer, org_spans: list[tuple[int, int, str]] | None = None) -> None:
        self.morph = morphology
        self.normalizer = normalizer
        self.orgs = org_spans or []

    def read(self, text: str, sections: Sections, mentions: list[NameMention], protocol_date: dt.date | None) -> list[Decision]:
        self.protocol_date = protocol_date
        self.mentions = mentions
        decisions: list[Decision] = []
        for block in sections.items:
            if block.kind == "decided":
                decisions += self._block(text, block.start, block.end, block.agenda_item)
        for row in sections.table_rows:
            decisions += self._table_row(text, row)
        return decisions

    def _table_row(self, text: str, row: TableRow) -> list[Decision]:
        style = text[row.start:row.item_start].strip()[-1:]
        for m in re.finditer(r"^[ \t]*\d{1,2}([.)])[ \t]*\S", text[row.item_end:row.end], re.MULTILINE):
            if m.group(1) != style:
                return self._block(text, row.item_end + m.start(), row.end, row.number, glued_deadlines=True)
        return []

    # --- one block ----------------------------------------------------------------------------
    def _block(self, text: str, start: int, end: int, agenda_item: int | None, *, glued_deadlines: bool = False) -> list[Decision]:
        table = self._table(text, start, end, agenda_item)
        if table is None:
            table = self._cell_table(text, start, end, agenda_item)
        if table is not None:
            return table
        out = []
        roots = self._items(text, start, end)
        own = {r.number.split(".")[0] for r in roots if r.number and "." in r.number}
        for item in roots:
            item_of = agenda_item
            if agenda_item is not None and own == {str(agenda_item)} and item.number and item.number.isdigit() and item.number != str(agenda_item):
                # "4.1 … 4.3", then "5. Контроль за исполнением решений …": the item's decisions are numbered
                # under its number; a top-level entry beyond them closes the protocol, outside the item.
                item_of = None
            out += self._emit(text, item, item_of, inherited=None, glued_deadlines=glued_deadlines)
        return out

    def _segments(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Lines, cut further at inline item numbers, bullets, labels and vote lines."""
        lines = []
        for m in re.finditer(r"[^\n]+", text[start:end]):
            s, e = start + m.start(), start + m.end()
            # not a page number, nor a line without a word ("…" where an extract leaves a part out, a rule "____")
            if re.search(r"[^\W_]", text[s:e]) and not PAGE_NUMBER_LINE.match(text[s:e]):
                lines.append((s, e))
        cuts: set[int] = set()
        expected = None
        letters, expected_letter = "абвгде", 0  # inline lettered sub-items may run on over a wrapped line
        expected_paren = 0  # the index of the next inline "N)" sub-item
        dotted: tuple[int, ...] | None = None
        for s, e in lines:
            line = text[s:e]
            m = ITEM_NUMBER.match(line)
            if m and re.fullmatch(r"\d{1,2}[.)]", m["num"]):
                expected = int(m["num"][:-1]) + 1
            if m and re.fullmatch(r"\d{1,2}(?:\.\d{1,2}){1,2}\.?", m["num"]):
                dotted = tuple(int(x) for x in m["num"].rstrip(".").split("."))
            # (a number at the line's end counts when the next line goes on with a capital: "… 3.2.\nРуководителям")
            for inline in INLINE_DOTTED.finditer(text, s + (m.end() if m else 0), min(len(text), e + 2)):
                if inline.start("num") >= e:
                    continue
                number = tuple(int(x) for x in inline["num"].split("."))
                if dotted is not None and _next_number(dotted, number):
                    cuts.add(inline.start("num"))
                    dotted = number
            for inline in INLINE_NUMBER.finditer(text, s + (m.end() if m else 0), e):
                if inline.start() == s:
                    continue
                number = int(inline["num"])
                if (expected is not None and number == expected) or (expected is None and number == 1 and inline.start() - s < 3):
                    cuts.add(inline.start() + (len(inline.group()) - len(inline.group().lstrip())))
                    expected = number + 1
            if m and m["num"].endswith(")") and m["num"][:-1].isdigit():
                expected_paren = int(m["num"][:-1])  # "1) провести …; 2) утвердить …" on one line: index 1 is next
            if m and m["num"][0] in letters:
                expected_letter = letters.index(m["num"][0]) + 1  # "а. утвердить …; б. обновить …" on one line
            for inline in INLINE_SUB_ITEM.finditer(text, s, e):
                # sub-items after a lead-in's colon, in order (a letter or a number with a parenthesis)
                mark = inline["mark"]
                index = int(mark) - 1 if mark.isdigit() else letters.index(mark)
                running = expected_paren if mark.isdigit() else expected_letter
                if (index == 0 and inline["sep"] == ":") or (index == running and index > 0):
                    cuts.add(inline.start("mark"))
                    if mark.isdigit():
                        expected_paren = index + 1
                    else:
                        expected_letter = index + 1
            for inline in INLINE_BULLET.finditer(text, s, e):
                cuts.add(inline.start() + len(inline.group()) - len(inline.group().lstrip()))
            if re.match(r"[ \t]*[\-–—•][ \t]+\S", line) and INLINE_BULLET.search(text, s, e):
                cuts.add(s)
            for inline in INLINE_VOTE.finditer(text, s, e):
                cuts.add(inline.end())
            for inline in INLINE_LABEL.finditer(text, s, e):
                if inline.end() > s:
                    cuts.add(inline.end())
                # "… Срок – постоянно. Родителям контролировать …": after a label's value a new sentence is a decision
                after = LABEL_VALUE_END.search(text, inline.end(), e)
                if after is not None and not LABEL.match(text, after.end()):
                    cuts.add(after.end())
        segments = []
        for s, e in lines:
            bounds = [s] + sorted(c for c in cuts if s < c < e) + [e]
            for k in range(len(bounds) - 1):
                a, b = strip_span(text, bounds[k], bounds[k + 1])
                if b > a:
                    segments.append((a, b))
        return segments

    def _items(self, text: str, start: int, end: int) -> list[Item]:
        styles: list[str] = []
        roots: list[Item] = []
        stack: list[Item] = []
        last: Item | None = None
        top_expected: int | None = None
        pending_label = None
        in_vote = False
        vote_parens = 0
        letter_dot = ""
        for s, e in self._segments(text, start, end):
            line = text[s:e]
            if VOTE.match(line) or (in_vote and (line[:1].islower() or vote_parens > 0)):
                # "… «воздержались» – 1 (Дьяченко\nМ.А.).": a vote line wrapped inside its parenthesis goes on
                vote_parens = (vote_parens if in_vote else 0) + line.count("(") - line.count(")")
                last = None
                in_vote = True
                continue
            in_vote = False
            if "\n\n" in text[last.end if last else start:s] and is_date_line(line):
                continue  # "\n\n28 июня 2023 г.": the heading of a meeting's second day
            if last is not None and text[last.start:last.end].count("(") > text[last.start:last.end].count(")"):
                last.end = e  # "… (ответственные – воспитатели групп,\nсрок – постоянно)": inside the parenthesis
                continue
            bracketed = re.fullmatch(r"\(([^()]*)\)\.?", line)
            if bracketed is not None and LABEL.match(bracketed.group(1)):
                # "(срок: до 1 декабря)" on a line of its own: a label of the entry above, inside parentheses
                s, e = s + bracketed.start(1), s + bracketed.end(1)
                line = text[s:e]
            label = LABEL.match(line)
            if label is not None and last is not None and re.search(r"(?:^|\s)(?:в|на|к|с|до|по|и)$", text[last.start:last.end].rstrip(), re.IGNORECASE):
                label = None  # "… первоклассников в\nсрок до 20.09.2022.": the sentence wrapped, no label
            if label is not None and last is not None:
                # "Ответственные: классные руководители, срок – до 01.03.2022": every label of the line; a
                # flattened page may run on into the signature ("Срок: до 15.01.2024 Руководитель ШМО ____ …").
                signature = SIGNATURE_AFTER_VALUE.search(text, s, e)
                for kind, value in self._labels(text, s, signature.start() if signature else e):
                    setattr(last, kind, value)
                    pending_label = (last, kind)
                if signature:
                    break
                continue
            if pending_label is not None and getattr(*pending_label) is not None and not text[slice(*getattr(*pending_label))].strip() \
                    and not ITEM_NUMBER.match(line) and not LABEL.match(line):
                # "Срок:" at a line's end, its value on the next line (a wrapped PDF line), maybe with the signature
                signature = SIGNATURE_AFTER_VALUE.search(text, s, e)
                owner, kind = pending_label
                setattr(owner, kind, self._label_value(text, s, signature.start() if signature else e))
                if signature:
                    break
                continue
            if self._is_signature(text, s, e, last):
                break
            if pending_label is not None and not ITEM_NUMBER.match(line) and not BULLET.match(line) and not LABEL.search(line[:1]):
                # A label's value broken over a line: "Отв. – Рябова\nЕ.Е., Дорошенко И.А."
                owner, kind = pending_label
                value = getattr(owner, kind)
                unfinished = re.search(r"(?:(?:^|\s)(?:до|с|по|в|на|от)|[,–—-])\s*$", text[value[0]:value[1]]) if value else None
                completes_name = re.match(r"(?:Дж|[А-ЯЁ])\.\s?(?:Дж|[А-ЯЁ])\.", line) is not None
                if value is not None and (unfinished or completes_name):
                    setattr(owner, kind, self._label_value(text, value[0], e))
                    continue
            pending_label = None
            m = ITEM_NUMBER.match(line)
            if m and m["num"][0].isalpha() and m["num"].endswith("."):
                # "а. Провести …", "б. …": a letter with a dot counts from "а" on ("г. Озёрск" wrapped is a town)
                letter = m["num"][0]
                if letter != "а" and letter_dot != chr(ord(letter) - 1):
                    m = None
                else:
                    letter_dot = letter
            bullet = BULLET.match(line) if m is None else None
            if (m or bullet) and last is not None and not _ends_sentence(text[last.start:last.end]) and (bullet or m["dash"]):
                # A dash opening a wrapped line ("… сетях (отв.\n– Лещенко Т.А. …)") continues it.
                m = bullet = None
            if m or bullet:
                style = _style(m) if m else "bullet"
                plain = m is not None and re.fullmatch(r"\d{1,2}[.)]", m["num"]) is not None and not m["dash"]
                if plain and styles and style != styles[0] and style not in styles and styles[0] in ("dot", "paren") \
                        and top_expected is not None and int(m["num"][:-1]) == top_expected:
                    style = styles[0]  # "7. …" then "8) …": the count goes on in another style, not a sub-list
                if m and style == (styles[0] if styles else style) and re.fullmatch(r"\d{1,2}[.)]", m["num"]):
                    number = int(m["num"][:-1])
                    if top_expected is not None and number != top_expected and number != 1 and "\n\n" in text[last.end if last else s:s]:
                        break  # "…\n\n4. Вопрос перенесен…": the count broke after a paragraph, the decisions are over
                    top_expected = number + 1
                if style not in styles:
                    styles.append(style)
                if style in ("dot", "dotdot") or (style == styles[0] and plain):
                    # "3.", "3.1.", "3.1.1.": the depth of the number is its level.
                    level = m["num"].rstrip(".").count(".")
                else:
                    level = 10 + [st for st in styles if st not in ("dot", "dotdot")].index(style)
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
                continue
            if last is not None and (line[:1].islower() or not _ends_sentence(text[last.start:last.end]) or WRAPPED_ON.match(line)):
                last.end = e
                continue
            item = Item(s, e, None, None, 0)
            roots.append(item)
            # "Классным руководителям:" over a bulleted list: a lead-in its bullets hang on.
            stack = [item] if line.rstrip().endswith(":") else []
            last = item
        return roots

    def _is_signature(self, text: str, s: int, e: int, last: Item | None) -> bool:
        """"Директор ________ М.Г. Аксенова", "Руководитель РМО С.П. Голуб", "Дата проведения: 30 августа 2016 г.",
        "С решением ознакомлены:": the protocol's closing lines."""
        line = text[s:e]
        if re.search(r"_{3,}", line) or CLOSING_LINE.match(line):
            return True
        # (a name running on into the next line is inside a wrapped sentence: "… «СОШ № 2» (Фомичёва\nЛ.Г.), …")
        names = [m for m in self.mentions if s <= m.start < e and m.end <= e]
        if names and re.search(r"\S\s{4,}|\t", text[s:names[-1].start]) and not text[names[-1].end:e].strip(" ."):
            return True  # "Руководитель ГМО                    С.Н. Воробьёва"
        if last is not None and not _ends_sentence(text[last.start:last.end]):
            return False  # a wrapped line of the decision above ("… Лысенко Р.В.,\nЩербакова Л.И.")
        if names and not text[names[-1].end:e].strip(" .") and len(line.strip()) < 90 and not ITEM_NUMBER.match(line):
            if LABEL.match(line):
                return False
            before = text[s:names[-1].start]
            words = re.findall(r"[А-Яа-яЁё]+", before)
            if not words:
                return False
            # A role and a name and no verb, or a wide gap between them.
            return re.search(r"\s{3,}|\t", before) is not None or (
                len(words) <= 6 and words[0][:1].isupper() and not any(self._is_verb(w) for w in words))
        return False

    def _labels(self, text: str, s: int, e: int) -> list[tuple[str, tuple[int, int]]]:
        found = [m for m in LABEL.finditer(text, s, e) if m.start() == s or re.search(r"[,;.]\s*$", text[s:m.start()])]
        out = []
        for k, m in enumerate(found):
            value_end = found[k + 1].start() if k + 1 < len(found) else e
            out.append(("responsible" if m["responsible"] else "deadline", self._label_value(text, m.end(), value_end)))
        return out

    def _label_value(self, text: str, s: int, e: int) -> tuple[int, int]:
        nxt = LABEL.search(text, s, e)
        if nxt is not None and nxt.start() > s:
            e = nxt.start()
        s, e = strip_span(text, s, e, " \t,;")
        if e > s and text[e - 1] == "." and not re.search(r"(?:[\s\d]|^)(?:г|гг|[А-ЯЁ])\.$", text[s:e]):
            e -= 1
        return s, e

    # --- tables ---------------------------------------------------------------------------------
    def _table(self, text: str, start: int, end: int, agenda_item) -> list[Decision] | None:
        """"№ | Мероприятие | Ответственный | Срок" rows, one decision each."""
        rows = _table_rows(text, start, end)
        if len(rows) < 2:
            return None
        separator = _separator(text, start, end)
        header = [text[a:b] for a, b in _cells(text, *rows[0], separator)]
        text_col = next((k for k, c in enumerate(header) if TABLE_TEXT.search(c)), None)
        if text_col is None or any(len(c) > 50 for c in header):
            return None  # a header names its columns in a few words; a decision's sentence is no header
        resp_col = next((k for k, c in enumerate(header) if TABLE_RESPONSIBLE.search(c)), None)
        dead_col = next((k for k, c in enumerate(header) if TABLE_DEADLINE.search(c)), None)
        num_col = next((k for k, c in enumerate(header) if c in ("№", "N", "№ п/п", "п/п")), None)
        item_col = next((k for k, c in enumerate(header) if TABLE_ITEM.fullmatch(c)), None)
        out = []
        for s, e in rows[1:]:
            cells = _cells(text, s, e, separator)
            if len(cells) != len(header):
                continue
            cs, ce = cells[text_col]
            if ce <= cs:
                continue
            responsible = self._responsible(text, *cells[resp_col]) if resp_col is not None and _filled(text, *cells[resp_col]) else None
            deadline = squash(text[cells[dead_col][0]:cells[dead_col][1]]) if dead_col is not None and _filled(text, *cells[dead_col]) else None
            number = squash(text[cells[num_col][0]:cells[num_col][1]]).rstrip(".") if num_col is not None else None
            # "№ п/п | Вопрос | Содержание решения | …": a column naming each row's agenda item
            item = re.fullmatch(r"\s*(\d{1,2})\.?\s*", text[slice(*cells[item_col])]) if item_col is not None else None
            out.append(self._make(text, cs, ce, number or None, int(item.group(1)) if item else agenda_item, responsible, deadline))
        return out

    def _cell_table(self, text: str, start: int, end: int, agenda_item) -> list[Decision] | None:
        """A table flattened one cell per line (pdftotext): the header's cells on short lines ("№", "п/п",
        "Содержание решения", "Ответственный", "Срок", "исполнения"), then each row's number alone on its line and its
        cells in column order: the decision, its responsible (opening in capitals: a name, "Воспитатели …"), its
        deadline last. A cell wrapped over lines goes on in lower case."""
        lines = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]*\S[^\n]*", text[start:end])]
        first = next((k for k, (s, e) in enumerate(lines) if CELL_ROW_NUMBER.fullmatch(text[s:e])
                      and CELL_ROW_NUMBER.fullmatch(text[s:e]).group(1) == "1"), None)
        if first is None or not 2 <= first <= 10 or any(len(text[s:e].split()) > 3 for s, e in lines[:first]):
            return None
        columns: list[str] = []
        for s, e in lines[:first]:
            cell = text[s:e]
            kind = "text" if TABLE_TEXT.search(cell) else "responsible" if TABLE_RESPONSIBLE.search(cell) \
                else "deadline" if TABLE_DEADLINE.search(cell) else None
            if kind is not None and kind not in columns:
                columns.append(kind)
        if not columns or columns[0] != "text" or len(columns) < 2:
            return None
        rows: list[list[tuple[int, int]]] = []
        expected = 1
        for k in range(first, len(lines)):
            s, e = lines[k]
            number = CELL_ROW_NUMBER.fullmatch(text[s:e])
            if number is not None and int(number.group(1)) == expected:
                rows.append([])
                expected += 1
            elif VOTE.match(text[s:e]) or re.search(r"_{3,}", text[s:e]) or CLOSING_LINE.match(text[s:e]) or (
                    rows and len(rows[-1]) >= len(columns) and "\n\n" in text[rows[-1][-1][1]:s]):
                break  # the table is over: a vote line, a signature, a paragraph after a full row
            elif rows:
                rows[-1].append((s, e))
        deadline_last = columns[-1] == "deadline"
        out = []
        for number, row in enumerate(rows, 1):
            if not row:
                continue
            # the decision's cell ends where a line opens in capitals (a name, "Воспитатели …") or is a whole deadline
            # (not the sentence's own wrapped end: "… мониторинг\nв течение года.")
            cut = next((k for k in range(1, len(row)) if re.match(r"[ \t]*[А-ЯЁA-Z«\"]", text[row[k][0]:row[k][1]])
                        or re.search(r"[а-яё)»]{2}\.\s*$", text[row[k - 1][0]:row[k - 1][1]])  # "…стенды.\nклассные руководители"
                        or (DEADLINE_CELL.fullmatch(squash(text[row[k][0]:row[k][1]]))
                            and not re.search(r"(?<![\sг])\.\s*$", text[row[k][0]:row[k][1]]))), len(row))
            text_lines, rest = row[:cut], row[cut:]
            deadline = None
            if "deadline" in columns:
                for size in (2, 1):  # "в течение\nдекабря": a wrapped deadline first
                    cells = rest[-size:] if deadline_last else rest[:size]
                    if len(cells) == size and DEADLINE_CELL.fullmatch(squash(text[cells[0][0]:cells[-1][1]])):
                        deadline = squash(text[cells[0][0]:cells[-1][1]])
                        rest = rest[:-size] if deadline_last else rest[size:]
                        break
            responsible = self._responsible(text, rest[0][0], rest[-1][1]) if rest and "responsible" in columns else None
            out.append(self._make(text, text_lines[0][0], text_lines[-1][1], str(number), agenda_item, responsible, deadline))
        return out or None

    # --- emitting -------------------------------------------------------------------------------------
    def _emit(self, text, item: Item, agenda_item, inherited, glued_deadlines: bool) -> list[Decision]:
        body_end = len(text[:item.end].rstrip())
        if item.children and text[item.start:body_end].endswith(":"):
            addressee = self._addressee(text, item.start, body_end - 1)
            if item.responsible:
                addressee = self._responsible(text, *item.responsible)
            out = []
            for child in item.children:
                out += self._emit(text, child, agenda_item, addressee or inherited, glued_deadlines)
            return out
        pieces = self._sentences(text, item.start, item.end) if item.style is None else [(item.start, item.end)]
        out = []
        for k, (s, e) in enumerate(pieces):
            number = item.number if len(pieces) == 1 else None
            if item.parent is not None and item.parent.number and number and "." not in number:
                number = f"{item.parent.number}.{number}"
            decision = self._decision(text, s, e, item if k == len(pieces) - 1 else None, number, agenda_item, inherited, glued_deadlines)
            if decision is not None:
                out.append(decision)
        for child in item.children:
            out += self._emit(text, child, agenda_item, inherited, glued_deadlines)
        return out

    def _sentences(self, text: str, start: int, end: int) -> list[tuple[int, int]]:
        """Sentences by razdel, which keeps "… до 10 июня 2018 г. Обучающихся …" together (it reads "г." as an
        abbreviation inside a sentence); after a year, "г." and a capitalized word end one."""
        out = []
        for sentence in razdel.sentenize(text[start:end]):
            if not sentence.text.strip():
                continue
            pos = start + sentence.start
            for m in YEAR_SENTENCE_END.finditer(text, pos, start + sentence.stop):
                out.append((pos, m.end()))
                pos = m.end() + len(re.match(r"\s*", text[m.end():]).group())
            out.append((pos, start + sentence.stop))
        merged: list[tuple[int, int]] = []
        for a, b in out:
            if merged and (text[a] == "(" or text[merged[-1][0]:merged[-1][1]].count("(") > text[merged[-1][0]:merged[-1][1]].count(")")):
                merged[-1] = (merged[-1][0], b)  # "Утвердить план. (Отв. Орлов О.О.)": a parenthesis after a sentence is its own
            else:
                merged.append((a, b))
        return merged

    def _decision(self, text, s, e, item: Item | None, number, agenda_item, inherited, glued_deadlines) -> Decision | None:
        responsible = self._responsible(text, *item.responsible) if item and item.responsible else None
        deadline = squash(text[item.deadline[0]:item.deadline[1]]) if item and item.deadline else None
        cut = e
        # Labels after the sentence or in parentheses after it are not text.
        paren = PAREN_LABELS.search(text, s, e)
        if paren is not None:
            inner_start = paren.start() + 1
            inner = text[inner_start:text.rfind(")", paren.start(), paren.end())]
            labels = list(PAREN_LABEL.finditer(inner))
            for k, label in enumerate(labels):
                value_end = labels[k + 1].start() if k + 1 < len(labels) else len(inner)
                value_start, value_end = strip_span(text, inner_start + label.end(), inner_start + value_end, " \t,;")
                if label["responsible"] and responsible is None:
                    responsible = self._responsible(text, value_start, value_end)
                elif label["deadline"] and deadline is None:
                    deadline = squash(text[slice(*self._label_value(text, value_start, value_end))])
            cut = paren.start()
        s, cut = strip_span(text, s, cut, " \t\r\n,")
        if cut <= s:
            return None
        if glued_deadlines and deadline is None:
            glued = MONTH_YEAR_AT_END.search(text, s, cut)
            if glued is not None:
                deadline = squash(glued["value"])
                cut = glued.start()
        if VOTE.match(text[s:cut]) or CLOSING_ITEM_HEADING.fullmatch(text[s:cut]):
            return None
        return self._make(text, s, cut, number, agenda_item, responsible or inherited, deadline)

    def _make(self, text, s, e, number, agenda_item, responsible, deadline) -> Decision:
        deadline_date = parse_deadline(deadline, default_year=self.protocol_date.year if self.protocol_date else None) if deadline else None
        return Decision(
            number=number,
            text=squash(text[s:e]),
            agenda_item=agenda_item,
            responsible=responsible,
            deadline=deadline,
            deadline_date=deadline_date,
            decrees=find_decrees(text, s, e),
            span=Span(start=s, end=e),
        )

    # --- responsible parties ------------------------------------------------------------------------------
    def _responsible(self, text: str, start: int, end: int) -> str | None:
        """A label's value: named people as "Фамилия И.О." (their roles dropped), other parties as written."""
        value = text[start:end]
        if self._org_at(start) is not None:
            return squash(value).strip(" .,;:") or None
        parties = []
        previous_named = False
        for chunk_start, chunk_end in _chunks(text, start, end):
            chunk = re.sub(r"\(\s*по\s+согласованию\s*\)", "", text[chunk_start:chunk_end], flags=re.IGNORECASE).strip(" .,;")
            names = [m for m in self.mentions if chunk_start <= m.start < chunk_end]
            if names:
                parties += [self.normalizer.normalize(m, NameContext(as_written=True)) for m in names]
                previous_named = True
                continue
            if not chunk:
                continue
            if previous_named and self._singular_role(chunk):
                continue  # "Иванова И.И., зам. директора по УВР": the role of the name before
            parties.append(squash(chunk))
            previous_named = False
        return ", ".join(parties) or None

    def _singular_role(self, chunk: str) -> bool:
        first = re.match(r"[А-Яа-яЁё-]+", chunk)
        if not first:
            return False
        word = first.group().lower()
        if word in ("зам", "зав", "рук", "нач", "и"):
            return True
        parses = self.morph.parse(word)
        return bool(parses) and parses[0].normal_form.replace("ё", "е") in ROLE_WORDS | {"заведующий"} and parses[0].tag.number != "plur"

    def _org_at(self, offset: int):
        return next((o for o in self.orgs if o[0] == offset), None)

    def _addressee(self, text: str, start: int, end: int) -> str | None:
        """Who a lead-in addresses: "Руководителям ОО" -> "Руководители ОО", "МКУ «ИМЦ»" as written; None for "Утвердить"."""
        words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text[start:end]))
        if not words:
            return None
        if words[0].group().lower() in LEAD_VERBS:
            start = start + words[0].end()
            start, end = strip_span(text, start, end)
            words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text[start:end]))
            if not words:
                return None
        org = self._org_at(start)
        if org is not None:
            return squash(text[start:end]).strip(" :")
        if any(self._is_verb(w.group()) for w in words) or len(words) > 12:
            return None
        names = [m for m in self.mentions if start <= m.start < end]
        return self._dative_nominative(text, start, end, names)

    def _dative_nominative(self, text: str, start: int, end: int, names: list[NameMention]) -> str | None:
        """The nominative of a dative addressee: "Офицерам-воспитателям и классным руководителям 5-11 классов" ->
        "Офицеры-воспитатели и классные руководители 5-11 классов", "Родителям (законным представителям)
        воспитанников" -> "Родители (законные представители) воспитанников", "Отделу общего образования
        (Зайченко И.М.)" -> "Отдел общего образования (Зайченко И.М.)". Each coordinated or parenthesized
        noun phrase in the dative is put into the nominative; its dependents stay as written."""
        if names and not text[start:names[0].start].strip():
            return self.normalizer.normalize(names[0], NameContext(cases=frozenset({"datv"})))
        words = list(re.finditer(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*", text[start:end]))
        if not words or not self._dative(words[0].group()):
            return None
        bracketed = [(m.start(), m.end()) for m in re.finditer(r"\([^()]*\)", text[start:end])]
        if any(not any(a <= n.start - start < b for a, b in bracketed) for n in names):
            # "Заместителю директора по УВР Ивановой И.И." - the person is the party.
            return ", ".join(self.normalizer.normalize(n, NameContext(cases=frozenset({"datv"}))) for n in names)
        phrases: list[list[tuple[int, int, object]]] = []
        current: list[tuple[int, int, object]] = []
        collecting = True  # a dative phrase may start here: at the start, after "и", a comma or "("
        previous_end = 0
        for k, w in enumerate(words):
            gap = text[start + previous_end:start + w.start()]
            previous_end = w.end()
            if any(a <= w.start() < b for a, b in bracketed if any(a <= n.start - start < b for n in names)):
                collecting = False  # "(Зайченко И.М.)": the body's head, kept as written
                continue
            if w.group().lower() == "и":
                # "Учителям химии и биологии": after a dependent, "и" joins another dependent in its case, not
                # another addressee ("Учителям химии и классным руководителям").
                nxt = words[k + 1].group() if k + 1 < len(words) else None
                collecting = not (k > 0 and nxt and not current and self._shares_oblique_case(words[k - 1].group(), nxt))
                continue
            if re.search(r"[(,]", gap):
                collecting = True
            following = words[k + 1].group() if k + 1 < len(words) and not re.search(r"[(),]", text[start + w.end():start + words[k + 1].start()]) else None
            abbreviation = len(w.group()) > 1 and w.group().isupper()  # "ШМО и МО": abbreviations do not decline
            parse = self._dative(w.group(), following) if collecting and not abbreviation else None
            if parse is None:
                if current:
                    phrases.append(current)
                current, collecting = [], False
                continue
            current.append((start + w.start(), start + w.end(), parse))
            if parse.tag.POS == "NOUN":
                phrases.append(current)
                current, collecting = [], False
        if current:
            phrases.append(current)
        pieces, pos = [], start
        for phrase in phrases:
            head = next((p for _, _, p in phrase if p.tag.POS == "NOUN"), phrase[-1][2])
            plural = head.tag.number == "plur"
            gender = str(head.tag.gender) if head.tag.gender else None
            for ws, we, p in phrase:
                grammemes = {"nomn", "plur" if plural else "sing"}
                if p.tag.POS != "NOUN" and not plural and gender:
                    grammemes.add(gender)
                form = self.morph.inflect(text[ws:we], grammemes, like=p) or text[ws:we]
                pieces.append(text[pos:ws])
                pieces.append(form[:1].upper() + form[1:] if text[ws].isupper() else form)
                pos = we
        pieces.append(text[pos:end])
        return squash("".join(pieces)).strip(" :,.") or None

    def _dative(self, word: str, following: str | None = None):
        """The dative reading of a noun, adjective or participle, if it has one: the noun's first, unless a dative
        noun follows that the word can agree with as an adjective ("приёмным родителям", not "приёмная" the room)."""
        # not a one-letter preposition read as an abbreviation ("работающим в 9-х классах": "в" no noun)
        parses = [p for p in self.morph.parse(word.lower()) if case_of(p) == "datv" and p.tag.POS in ("NOUN", "ADJF", "PRTF")
                  and not (len(word) == 1 and "Abbr" in p.tag)]
        if not parses:
            return None
        if following is not None and any(p.tag.POS in ("ADJF", "PRTF") for p in parses) and self._dative_noun(following):
            return next(p for p in parses if p.tag.POS in ("ADJF", "PRTF"))
        return next((p for p in parses if p.tag.POS == "NOUN"), parses[0])

    def _shares_oblique_case(self, a: str, b: str) -> bool:
        """Two nouns with a common reading in a case other than the dative ("химии" and "биологии", genitive)."""
        cases = [{case_of(p) for p in self.morph.parse(w.lower()) if p.tag.POS == "NOUN"} - {"datv", None} for w in (a, b)]
        return bool(cases[0] & cases[1])

    def _dative_noun(self, word: str) -> bool:
        return any(case_of(p) == "datv" and p.tag.POS == "NOUN" for p in self.morph.parse(word.lower()))

    def _is_verb(self, word: str) -> bool:
        parses = self.morph.parse(word.lower())
        return bool(parses) and parses[0].tag.POS in ("INFN", "VERB") and parses[0].score > 0.3


# A line that cannot open an entry: it goes on with a comma or a closing bracket, or opens a parenthesis in lower
# case ("… Мухина Г.Ф.\n(председатель комиссии), Лысенко Н.В.": a PDF wrap after a name's initials).
WRAPPED_ON = re.compile(r"[,;)]|\([ \t]*[а-яё]")

def _next_number(previous: tuple[int, ...], number: tuple[int, ...]) -> bool:
    """Whether `number` can follow `previous` in one outline: 1.2 after 1.1, 1.2.1 after 1.2, 2.1 after 1.3."""
    if len(number) == len(previous):
        return number[:-1] == previous[:-1] and number[-1] == previous[-1] + 1
    if len(number) == len(previous) + 1:
        return number[:-1] == previous and number[-1] == 1
    if len(number) < len(previous):
        depth = len(number)
        return number[:-1] == previous[:depth - 1] and number[-1] == previous[depth - 1] + 1
    return False


def _style(m: re.Match) -> str:
    num = m["num"]
    dash = "dash" if m["dash"] else ""
    if num.endswith(")"):
        return dash + ("letter" if num[0].isalpha() else "paren")
    if num[0].isalpha():
        return dash + "letterdot"
    if "." in num.rstrip("."):
        return dash + "dotdot"
    return dash + "dot"


def _ends_sentence(value: str) -> bool:
    """Ends with a full stop (not an abbreviation's: "(отв.", "2021 г.") or ";", ":", "!", "?"."""
    value = value.rstrip()
    if value.endswith(("!", "?", ";", ":")):
        return True
    if not value.endswith("."):
        return False
    last = re.search(r"([А-Яа-яЁёA-Za-z]+)\.$", value)
    if last is None or not last.group(1).islower():
        return True  # "… 2021 г." is "г", lower case; "Щербакова Л.И." ends the sentence with its initials
    word = last.group(1)
    return not (word in {"отв", "им", "тел", "каб", "зам", "рук", "зав", "обл", "руб", "т", "д", "ул", "пр", "см"} or (len(word) == 1 and word != "г"))


def _filled(text: str, start: int, end: int) -> bool:
    """A table cell with a value: not empty, not a dash or "нет" standing for none."""
    return re.fullmatch(rf"[\s{DASHES}.]*|нет|-", text[start:end], re.IGNORECASE) is None


def _separator(text: str, start: int, end: int) -> str:
    """How a flattened table in text[start:end] splits its cells: " | " or (a Word export) tabs."""
    first = next((m.group() for m in re.finditer(r"[^\n]*[|\t][^\n]*", text[start:end])), "")
    return "|" if "|" in first or len(re.findall(r"\t+", first.strip())) < 2 else "\t"


def _table_rows(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Rows of a flattened " | " (or tab-separated) table: a row wrapped over lines (a PDF's narrow cell) goes on
    until it has as many cells as the header ("1 | Обеспечить … и\nпередачу … | Дьячук А.С. | ежедневно")."""
    lines = [(start + m.start(), start + m.end()) for m in re.finditer(r"[^\n]+", text[start:end])]
    separator = _separator(text, start, end)
    rows: list[tuple[int, int]] = []
    width = None
    for k, (s, e) in enumerate(lines):
        bars = _count_cells(text[s:e], separator)
        adjacent = bool(rows) and "\n\n" not in text[rows[-1][1]:s] and text[s:e].strip() != ""
        if rows and text[s:e].strip() and width is not None and _count_cells(text[slice(*rows[-1])], separator) < width:
            rows[-1] = (rows[-1][0], e)  # the row is not complete yet (a page may break it): this line goes on
            continue
        if adjacent and not bars and len(rows) > 1 and (
                text[s:e].lstrip()[:1].islower() or (k + 1 < len(lines) and _count_cells(text[slice(*lines[k + 1])], separator))):
            rows[-1] = (rows[-1][0], e)  # "… | по\nситуации": the last cell wrapped
            continue
        if bars:
            rows.append((s, e))
            width = bars if width is None else width
    return rows


def _count_cells(line: str, separator: str) -> int:
    """The separators between a row's cells (a run of tabs is one: Word aligns with several)."""
    return line.count("|") if separator == "|" else len(re.findall(r"\t+", line.strip(" ")))


def _cells(text: str, start: int, end: int, separator: str = "|") -> list[tuple[int, int]]:
    cells, pos = [], start
    for m in re.finditer(r"\|" if separator == "|" else r"\t+", text[start:end]):
        cells.append(strip_span(text, pos, start + m.start()))
        pos = start + m.end()
    cells.append(strip_span(text, pos, end))
    return cells


def _chunks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Comma- or semicolon-separated parts of a value, not splitting inside quotes or parentheses."""
    out, depth, pos = [], 0, start
    for i in range(start, end):
        c = text[i]
        if c in "«(\"":
            depth += 1
        elif c in "»)" and depth:
            depth -= 1
        elif c in ",;" and depth == 0:
            out.append((pos, i))
            pos = i + 1
    out.append((pos, end))
    return [strip_span(text, s, e) for s, e in out]


def find_decrees(text: str, start: int, end: int) -> list[DecreeRef]:
    """"приказом … от 02.07.2020 г. № 145" -> DecreeRef(kind="приказ", date, number)."""
    out = []
    for m in DECREE_KIND.finditer(text, start, end):
        window_end = min(end, m.end() + 220)
        stop = re.search(r"[;)]|\.\s+[А-ЯЁ]", text[m.end():window_end])
        if stop:
            window_end = m.end() + stop.start()
        window = text[m.end():window_end]
        date_m = re.search(r"от\s*(?=[«\"]?\d)", window)
        found_date = None
        if date_m:
            dates = find_dates(text, m.end() + date_m.end(), min(window_end, m.end() + date_m.end() + 30))
            found_date = dates[0] if dates else None
        num_m = DECREE_NUMBER.search(window)
        if found_date is None and num_m is None:
            continue
        kind = next(v for k, v in DECREE_KINDS.items() if m["kind"].lower().startswith(k))
        span_end = max(found_date.end if found_date else m.end(), m.end() + num_m.end() if num_m else m.end())
        out.append(DecreeRef(kind=kind, date=found_date.value if found_date else None,
                             number=num_m["number"] if num_m else None, span=Span(start=m.start(), end=span_end)))
    return out
