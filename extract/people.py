"""Attendance: who was present, absent, invited, chairing, taking minutes; how many were present."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from extract.names import NameContext, NameMention, NameNormalizer
from extract.roles import RoleReader
from extract.sections import Block, Sections
from extract.text import squash
from protocols.model import CountValue, ExtractionWarning, Person, Span

ATTENDANCE = {
    "present": "present", "absent": "absent", "invited": "invited", "moderators": "moderator",
    "chair": "chair", "secretary": "secretary", "head": "head",
}
RANK = {"chair": 0, "secretary": 1, "head": 2, "moderator": 3, "invited": 4, "present": 5, "absent": 6}
COUNT_AFTER_MARKER = re.compile(
    r"[ \t]*\(?[ \t]*[:\-–—]?[ \t]*(?:\n[ \t]*)?(?:всего[ \t]*[:\-–—]?[ \t]*)?(?P<count>\d{1,4})(?![\d.,)])"
    r"(?P<unit>[ \t]*(?:чел|человек|член|участник|педагог|родител|учител|сотрудник|из)\w*\.?)?",
    re.IGNORECASE,
)
# "Присутствовали члены Управляющего совета (9 из 13):", "Присутствовали (18 чел.):": a count in parentheses
# on the attendance heading, before its colon.
COUNT_ON_HEADING = re.compile(
    r"[^\n:]{0,80}?\(\s*(?:всего\s*)?(?P<count>\d{1,4})\s*(?:из\s*\d{1,4}|чел\w*\.?|человек|участник\w*|член\w*)[^)\n]{0,30}\)",
    re.IGNORECASE,
)
# "Присутствовали: члены педагогического совета – 25 человек (список прилагается)": a count of people on the
# heading's line, before any name.
COUNT_ON_LINE = re.compile(
    r"[^\n]{0,80}?(?:[:\-–—]|^)[ \t]*(?P<count>\d{1,4})[ \t]*(?:чел\w*\.?|человек|член\w*|участник\w*|педагог\w*|учител\w*|"
    r"родител\w*|сотрудник\w*|работник\w*|представител\w*)(?![а-яё])",
    re.IGNORECASE,
)
CATEGORY_COUNT = re.compile(r"[ \t]*[,;][ \t]*[А-Яа-яЁё]+(?:[ \t]+[А-Яа-яЁё]+){0,3}[ \t]*[:\-–—][ \t]*\d{1,4}(?!\d|[.,]\d)")
COUNT_LABELLED = re.compile(
    r"(?:количество\s+(?:подключений|участников|присутствующих|присутствовавших|членов)|всего\s+присутствовал\w*|"
    r"\(всего(?=\s*\d+\s*(?:чел|человек|участник|подключени|член|педагог|родител|сотрудник))|"
    # "присутствовали 12 человек", "…, присутствовали – 12.", "(присутствует 10 из 12 членов)"
    r"(?<![а-яё])присутств(?:овал[иоа]?|ует|уют)(?=[ \t]*[:\-–—]?[ \t]*\d+\s*(?:[.,;)]|чел|человек|член|участник|педагог|родител|учител|сотрудник|работник|представител|из|$))|"
    r"итого(?:\s+присутствовал\w*)?|явочный\s+лист\w*|зарегистрировано|"
    # "Подключились: 23 педагога из 14 ОО": those connected to an online meeting are its attendance
    r"(?<![а-яё])подключил(?:ись|ось|ся|ась)(?=[ \t]*[:\-–—]?[ \t]*\d+\s*(?:чел|человек|член|участник|педагог|родител|учител|"
    r"сотрудник|работник|представител|слушател|пользовател|специалист|из|$))|"
    # "Кворум имеется (5 из 6 членов комиссии)": the members present out of all
    r"кворум(?:[ \t]+(?:имеется|есть|соблюд[её]н|обеспечен))?[ \t]*[:\-–—]?[ \t]*\((?=\s*\d{1,4}\s+из\s+\d)|"
    r"(?<![а-яё])всего(?=\s*[:\-–—]?\s*\d+\s*(?:чел|человек|член|участник|педагог|родител|учител|сотрудник|работник)))"
    r"\s*[:\-–—]?\s*(?P<count>\d{1,4})(?!\d|[.,]\d)",
    re.IGNORECASE,
)


@dataclass
class Attendance:
    participants: list[Person] = field(default_factory=list)
    count: CountValue | None = None
    warnings: list[ExtractionWarning] = field(default_factory=list)


class AttendanceReader:
    def __init__(self, normalizer: NameNormalizer, roles: RoleReader) -> None:
        self.normalizer = normalizer
        self.roles = roles

    def read(self, text: str, sections: Sections, mentions: list[NameMention]) -> Attendance:
        result = Attendance()
        by_name: dict[str, Person] = {}
        listed_present = 0
        for block in sections.attendance:
            attendance = ATTENDANCE[block.kind]
            inside = [m for m in mentions if block.start <= m.start < block.end]
            if block.kind == "present":
                listed_present += len(inside)
            found = [
                self._person(text, mention, attendance, inside[k + 1].start if k + 1 < len(inside) else block.end, block,
                             next_name=k + 1 < len(inside))
                for k, mention in enumerate(inside)
            ]
            for person, _ in self.roles.share_group_roles(text, inside, found, case="nomn"):
                known = by_name.get(person.name)
                if known is None:
                    by_name[person.name] = person
                elif RANK[attendance] < RANK[known.attendance]:
                    by_name[person.name] = known.model_copy(update={"attendance": attendance, "role": known.role or person.role})
        result.participants = sorted(by_name.values(), key=lambda p: p.span.start)
        result.count = self._count(text, sections)
        if result.count is not None and listed_present and listed_present != result.count.value:
            result.warnings.append(ExtractionWarning(
                code="count_mismatch",
                message=f"Указано присутствующих: {result.count.value}, а поимённо перечислено: {listed_present}",
                span=result.count.span,
            ))
        return result

    def _person(self, text: str, mention: NameMention, attendance: str, limit: int, block: Block, *, next_name: bool = False):
        """The person (nominative name, role, attendance) and the role as read, if any."""
        name = self.normalizer.normalize(mention, NameContext(as_written=True))
        line_end = text.find("\n", mention.end)
        line_end = limit if line_end < 0 else min(line_end, limit)
        if re.match(r"\n[ \t]*[а-яё]", text[line_end:line_end + 8]) and not re.search(r"[.;:]\s*$", text[mention.end:line_end]):
            # "(председатель родительского\nкомитета группы)": a role wrapped onto the next line goes on there
            next_end = text.find("\n", line_end + 1)
            line_end = min(limit, len(text) if next_end < 0 else next_end)
        role = self.roles.after(text, mention.end, line_end)
        if role is not None and next_name and limit <= line_end and re.fullmatch(r"[ \t]*", text[role.end:limit]):
            role = None  # "Пестова Л.А., педагог-психолог Гайдук В.В.": a role right before the next name is that one's
        if role is None:
            line_start = max(block.start, text.rfind("\n", 0, mention.start) + 1)
            role = self.roles.before(text, line_start, mention.start)
        return Person(
            name=name,
            raw=squash(mention.raw(text)),
            role=role.value if role else None,
            attendance=attendance,
            span=Span(start=mention.start, end=mention.end),
        ), role

    def _count(self, text: str, sections: Sections) -> CountValue | None:
        for block in sections.attendance:
            if block.kind != "present" or block.marker_start is None:
                continue
            m = COUNT_AFTER_MARKER.match(text, block.start)
            if m and m["unit"] and _category_before_named_people(text, m):
                return None  # "21 родитель (из 27), классный руководитель Орлова А.И., …": one category's count, no total
            if m and (m["unit"] or _ends_line(text, m.end())):
                return CountValue(value=int(m["count"]), span=Span(start=m.start("count"), end=m.end("count")))
            m = COUNT_ON_HEADING.match(text, block.marker_start)
            if m:
                return CountValue(value=int(m["count"]), span=Span(start=m.start("count"), end=m.end("count")))
            m = COUNT_ON_LINE.match(text, block.start)
            line_end = text.find("\n", block.start)
            rest = text[m.end():len(text) if line_end < 0 else line_end] if m else ""
            # one count for everyone, not counts by category ("родители – 214 человек, педагоги – 31 человек")
            # ("члены совета – 7 человек, приглашённые – 3": the second category's count without its unit)
            if m and not re.search(r"[А-ЯЁ]\.", text[block.start:m.start("count")]) and not COUNT_ON_LINE.match(rest) \
                    and not CATEGORY_COUNT.match(rest):
                return CountValue(value=int(m["count"]), span=Span(start=m.start("count"), end=m.end("count")))
        # A stated count stands before the agenda and the proceedings, whose counts ("(всего 9 чел.)" of pupils in
        # a speech) are not the attendance; without an agenda or items, up to the end of the attendance blocks.
        body = [b.start for b in sections.items] + ([sections.agenda.start] if sections.agenda else [])
        limit = min(body) if body else max([b.end for b in sections.attendance] + [sections.header.end])
        m = COUNT_LABELLED.search(text, 0, limit)
        if m:
            return CountValue(value=int(m["count"]), span=Span(start=m.start("count"), end=m.end("count")))
        return None


def _ends_line(text: str, offset: int) -> bool:
    rest = text[offset:offset + 40]
    return re.match(r"[ \t.]*(?:\n|$)", rest) is not None


# A count of one category of people ("родителей", "учащихся"), not of everyone ("человек", "участников", "членов").
CATEGORY_UNIT = re.compile(r"(?i)[ \t]*(?:родител|учител|педагог|сотрудник|учащ|обучающ|работник)")
NAMED_LATER = re.compile(r"[ \t]*(?:\([^()\n]*\))?[ \t]*,[^\n]*?[А-ЯЁ][а-яё]+(?:[ \t]+[А-ЯЁ][а-яё]+[ \t]+[А-ЯЁ][а-яё]+|[ \t]+[А-ЯЁ]\.[ \t]?[А-ЯЁ]\.)")


def _category_before_named_people(text: str, m: re.Match) -> bool:
    """The count's unit is one category and people named on the same line follow it."""
    return CATEGORY_UNIT.match(m["unit"]) is not None and NAMED_LATER.match(text, m.end()) is not None
