"""The agenda: its items, verbatim without their numbers, and the reporters named under them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.dates import is_date_line
from extract.names import NameContext, NameMention, NameNormalizer
from extract.roles import Role, RoleReader
from extract.sections import ITEM_WORD_HEADING, Block, TableRow
from extract.text import DASHES, lines_of, squash, strip_span, wrap_width
from protocols.model import AgendaItem, Span

NUMBERED = re.compile(r"^[ \t*]*(?P<num>\d{1,2})\s?[.)]\s*(?=\S)")
BULLET = re.compile(rf"^[ \t]*[{DASHES}•·*][ \t]*(?=\S)")
# A line under an item naming who reports on it: "Докладчик: …", "Содокладчик – …", "Отв.: …", "(Иванова И.И.)".
REPORTER_LABEL = re.compile(
    rf"[ \t{DASHES}•*(]*(?:докладчик[иа]?|содокладчик[иа]?|докл\.|выступающи[йеи]|ответственн\w*|отв\.|информаци[яю])"
    rf"[ \t]*(?::|[{DASHES}]|(?=[ \t]+[А-ЯЁ]))",
    re.IGNORECASE,
)
# A line holding only a number ("2", "- 3 -") is a page's number, never part of an item.
PAGE_NUMBER = re.compile(rf"[ \t]*[{DASHES}]?[ \t]*\d{{1,3}}[ \t]*[{DASHES}]?[ \t]*")
INLINE_ITEM = re.compile(r"(?:(?<=[.;!?»\")])|(?<=\s))\s*(?P<num>\d{1,2})\s?[.)]\s*(?=[А-ЯЁA-Z«\"])")


@dataclass(frozen=True)
class Reporter:
    item: int
    name: str
    role: Role | None


@dataclass
class Agenda:
    items: list[AgendaItem] = field(default_factory=list)
    reporters: list[Reporter] = field(default_factory=list)
    end: int | None = None  # where the agenda's items (and reporter lines) end, when text follows them in its block


class AgendaReader:
    def __init__(self, normalizer: NameNormalizer, roles: RoleReader) -> None:
        self.normalizer = normalizer
        self.roles = roles

    def read(self, text: str, block: Block | None, mentions: list[NameMention]) -> Agenda:
        agenda = Agenda()
        if block is None:
            return agenda
        self._text = text
        self._width = wrap_width(text)
        self._end = None
        self._mention_starts = {m.start for m in mentions}
        lines = [line for line in lines_of(text, block.start, block.end)]
        numbered = [line for line in lines if NUMBERED.match(line.text)]
        first_numbered = next((line for line in numbered if NUMBERED.match(line.text)["num"] == "1"), None)
        if first_numbered is not None:
            pieces = self._numbered(text, lines, first_numbered)
        elif any(BULLET.match(line.text) for line in lines):
            pieces = self._bulleted(lines)
        else:
            pieces = self._plain(lines)
        pieces = [p for piece in pieces for p in self._split_inline(text, *piece)]
        for number, (start, end, extra_start, extra_end) in enumerate(pieces, start=1):
            start, end = strip_span(text, start, end, " \t\r\n;")
            if end <= start:
                continue
            agenda.items.append(AgendaItem(number=len(agenda.items) + 1, text=squash(text[start:end]), span=Span(start=start, end=end)))
            if extra_end > extra_start:
                reporter = self._reporter(text, extra_start, extra_end, mentions, len(agenda.items))
                if reporter:
                    agenda.reporters.append(reporter)
        agenda.end = self._end
        return agenda

    def read_table(self, text: str, rows: list[TableRow], mentions: list[NameMention]) -> Agenda:
        """Items of a flattened table: each row's first line, up to the speaker named on it."""
        agenda = Agenda()
        for row in rows:
            end = row.item_end
            on_line = [m for m in mentions if row.item_start < m.start < row.item_end]
            if on_line:
                role = self.roles.before(text, row.item_start, on_line[0].start)
                end = role.start if role else on_line[0].start
            start, end = strip_span(text, row.item_start, end, " \t\r\n;,")
            if end > start:
                agenda.items.append(AgendaItem(number=row.number, text=squash(text[start:end]), span=Span(start=start, end=end)))
        return agenda

    # --- layouts ------------------------------------------------------------------------------
    def _numbered(self, text, lines, first):
        """Items numbered 1, 2, 3…; lines before "1." are a theme, unnumbered lines continue an item."""
        expected = 1
        started = False
        items: list[dict] = []
        previous_blank = False
        for line in lines:
            started = started or line is first
            if not started:
                continue
            m = NUMBERED.match(line.text)
            restart = m is not None and not line.text[m.end():m.end() + 1].isdigit() and (
                (int(m["num"]) == 1 and expected > 2) or (int(m["num"]) < expected and previous_blank))
            previous_blank = line.is_blank
            if restart or (ITEM_WORD_HEADING.match(line.text) and not m):
                # "1. Об итогах …\nСЛУШАЛИ: …" after the list: the count starts over, the proceedings begin;
                # so do they at "Вопрос 1. …".
                self._end = line.start
                break
            if m and int(m["num"]) == expected:
                items.append({"start": line.start + m.end(), "end": line.end, "rep_start": None, "rep_end": None})
                expected += 1
            elif items and not line.is_blank and not PAGE_NUMBER.fullmatch(line.text) and not (
                    # "…задолженность.\n28.06.2023": the second day's items follow (not "… с\n01.09.2023" wrapped)
                    is_date_line(line.text) and re.search(r"[.;!?»)]\s*$", text[items[-1]["start"]:items[-1]["end"]])):
                self._continue(text, items[-1], line)
        return [self._piece(item) for item in items]

    def _bulleted(self, lines):
        items: list[dict] = []
        for line in lines:
            m = BULLET.match(line.text)
            if m and not (items and self._starts_with_reporter(line)):
                items.append({"start": line.start + m.end(), "end": line.end, "rep_start": None, "rep_end": None})
            elif items and not line.is_blank:
                self._continue(None, items[-1], line)
        return [self._piece(item) for item in items]

    def _continue(self, text, item: dict, line) -> None:
        """A line under an item: the reporter ("Васинова Н.Д., методист …") and what follows it, or more of the item."""
        if item["rep_start"] is not None:
            item["rep_end"] = line.end
        elif self._wrapped(item["end"], line):
            item["end"] = line.end  # "… – докл.\nШевчук-Ляхова Д.А." in a PDF: the item's own line, wrapped
        elif self._starts_with_reporter(line):
            item["rep_start"], item["rep_end"] = line.start, line.end
        else:
            item["end"] = line.end

    @staticmethod
    def _piece(item: dict) -> tuple[int, int, int, int]:
        if item["rep_start"] is None:
            return item["start"], item["end"], item["end"], item["end"]
        return item["start"], item["end"], item["rep_start"], item["rep_end"]

    def _plain(self, lines):
        pieces = []
        for line in lines:
            if line.is_blank:
                continue
            # a PDF's line wrapped mid-item, an item's "с докладом:" going on with the title below
            wrapped = pieces and pieces[-1][3] == pieces[-1][1] and (
                self._wrapped(pieces[-1][1], line) or self._text[pieces[-1][0]:pieces[-1][1]].rstrip().endswith(":"))
            if pieces and not wrapped and self._starts_with_reporter(line):
                pieces[-1][2] = pieces[-1][2] if pieces[-1][3] > pieces[-1][2] else line.start
                pieces[-1][3] = line.end
                continue
            if wrapped or (pieces and line.text.lstrip()[:1].islower()):
                pieces[-1][1] = line.end
                pieces[-1][2] = pieces[-1][3] = line.end
                continue
            pieces.append([line.start, line.end, line.end, line.end])
        return [tuple(p) for p in pieces]

    def _wrapped(self, previous_end: int, line) -> bool:
        """Hard-wrapped text (a PDF): the line's first word would not have fit on the line ending at `previous_end`."""
        if self._width is None:
            return False
        previous = self._text[self._text.rfind("\n", 0, previous_end) + 1:previous_end].rstrip()
        if previous.endswith((".", "!", "?", ";", "»")) or self._text[previous_end:line.start].count("\n") > 1:
            return False  # an item (or its title) ends there
        first_word = line.text.split()[0] if line.text.split() else ""
        return len(previous) + 1 + len(first_word) > self._width * 0.9

    def _split_inline(self, text, start, end, extra_start, extra_end):
        """"1. Изучение … 2. Избрание …", "…литературе.2.Анализ…": items numbered inside running text
        (flattened or OCR'd documents) are cut at the next expected number."""
        segment = text[start:end]
        first = re.match(r"\s*1\s?[.)]\s*(?=[А-ЯЁA-Z«\"])", segment)
        pos = start + (first.end() if first else 0)
        cuts = []
        expected = 2
        for m in INLINE_ITEM.finditer(text, pos, end):
            if int(m["num"]) == expected:
                cuts.append((m.start("num"), m.end()))
                expected += 1
        if not cuts:
            return [(pos, end, extra_start, extra_end)]
        out = []
        for cut_start, cut_end in cuts:
            out.append((pos, cut_start, cut_start, cut_start))
            pos = cut_end
        out.append((pos, end, extra_start, extra_end))
        return out

    def _starts_with_reporter(self, line) -> bool:
        """A reporter line under an item: a reporter label, or a person (with or without a role before the
        name) opening the line: "Васинова Н.Д., методист …", "Н.Д. Васинова", "директор ЦДТ Яковлева Т.Б."."""
        if REPORTER_LABEL.match(line.text):
            return True
        if line.text.lstrip().startswith("("):
            return False  # "(педагог-психолог Гайдук В.В.)" wrapped from the item's line stays in the item
        opening = re.match(rf"[ \t{DASHES}•*]*", line.text)
        first = line.start + opening.end()
        if first in self._mention_starts:
            return True
        names = sorted(s for s in self._mention_starts if first < s < line.end)
        if not names:
            return False
        role = self.roles.before(self._text, first, names[0])
        return role is not None and role.start == first

    def _reporter(self, text, start, end, mentions, item) -> Reporter | None:
        inside = [m for m in mentions if start <= m.start < end]
        if not inside:
            return None
        mention = inside[0]
        name = self.normalizer.normalize(mention, NameContext(as_written=True))
        role = self.roles.after(text, mention.end, end)
        return Reporter(item, name, role)
