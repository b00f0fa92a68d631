"""Splitting a protocol's text into sections: header, attendance, agenda, per-item blocks, decisions.

Section markers are found by spaCy `span_ruler` patterns (`MARKER_PATTERNS`) and then judged by
their place in the text: a marker word counts when it opens a line, is followed by a colon, or (for
the unambiguous ones: Присутствовали, Слушали, Решили…) is capitalized, since flattened documents
lose their line breaks. Weak markers (Решение, Председатель, Приложение, a bare Повестка) must open
a line and either end it or be followed by a colon or a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from extract.lemmas import fold
from extract.text import DASHES, at_line_start, line_start_of

ORDINALS = {
    "перв": 1, "втор": 2, "трет": 3, "четверт": 4, "четвёрт": 4, "пят": 5, "шест": 6, "седьм": 7,
    "восьм": 8, "девят": 9, "десят": 10, "одиннадцат": 11, "двенадцат": 12,
}
ORDINAL = {"LOWER": {"REGEX": r"^(?:" + "|".join(ORDINALS) + r")(?:ому|ьему|ему)$|^\d{1,2}(?:-?м?у)?$"}}
ITEM_WORDS = [
    {"LOWER": {"IN": ["вопросу", "пункту"]}, "OP": "?"},
    {"LOWER": {"IN": ["повестки", "порядка"]}, "OP": "?"},
    {"LOWER": {"IN": ["дня", "заседания", "собрания", "совещания"]}, "OP": "?"},
    {"IS_PUNCT": True, "OP": "?"},
]
# "По второму вопросу поделилась опытом …", "Информация по третьему вопросу представлена Орловой О.О.": a report
# verb after the item, active or passive (its presenter then in the instrumental)
HEARD_VERB = (r"^(?:слушали|заслушали|выступил[аи]?|выступала?|докладывал[аи]?|доложил[аи]?|заслушали|поделил(?:ся|ась|ись)"
              r"|представлен[аоы]?|озвучен[аоы]?|доложен[аоы]?|сделан[аоы]?)$")
DECIDED_VERB = ["решили", "постановили", "решение", "приняли", "рекомендовали"]
# "По второму и третьему вопросам": one mention for several items.
MORE_ORDINALS = [{"LOWER": {"IN": ["и", ","]}}, ORDINAL, {"LOWER": {"IN": ["вопросам", "пунктам"]}}]
# Scanned protocols come with OCR slips in their headings ("Присутствовапи:", "Слушапи:", "Прнсутствовали:"): "л"
# read as "п" is the usual one, "и" read as "н" the next. The unambiguous marker words are matched with it allowed.
PRESENT_WORD = r"^пр[ин]сутствова[лп](?:и|о|а|н)?$"
ABSENT_WORD = r"^отсутствова[лп](?:и|о|а|н)?$"
HEARD_WORD = r"^(?:за)?слуша[лп]и$"
DECIDED_WORD = r"^(?:реши[лп]и|постанови[лп]и)$"
# "…, педагогический совет РЕШИЛ:", "Педсовет постановил:", "Собрание решило:": the body's own verb, with a colon.
BODY_DECIDED_WORD = r"^(?:решил[ао]?|постановил[ао]?|решило|постановило)$"

MARKER_PATTERNS = [
    {"label": "present", "pattern": [{"LOWER": {"REGEX": PRESENT_WORD}}]},
    {"label": "present", "pattern": [{"LOWER": {"IN": ["присутствующие", "присутствуют"]}}]},
    {"label": "present", "pattern": [{"LOWER": {"IN": ["члены", "участники"]}}]},
    {"label": "head", "pattern": [{"LOWER": {"IN": ["руководитель", "заведующий", "заведующая", "директор"]}}]},
    {"label": "absent", "pattern": [{"LOWER": {"REGEX": ABSENT_WORD}}]},
    {"label": "absent", "pattern": [{"LOWER": {"IN": ["отсутствующие", "отсутствуют"]}}]},
    {"label": "invited", "pattern": [{"LOWER": {"REGEX": r"^приглаш[её]нн?(?:ые|ый|ая|ы|а)?$"}}]},
    {"label": "moderators", "pattern": [{"LOWER": {"IN": ["модераторы", "модератор"]}}]},
    {"label": "chair", "pattern": [{"LOWER": {"IN": ["председатель", "председательствующий", "председательствовал", "председательствовала"]}}]},
    {"label": "secretary", "pattern": [{"LOWER": {"IN": ["секретарь", "секретарь:"]}}]},
    # "Заместитель председателя: …": present, on a line of its own like the chair
    {"label": "deputy_chair", "pattern": [{"LOWER": {"IN": ["заместитель", "зам", "зам."]}}, {"ORTH": ".", "OP": "?"},
                                          {"LOWER": {"IN": ["председателя", "председателя:"]}}]},
    {"label": "secretary", "pattern": [{"LOWER": "протокол"}, {"LOWER": {"REGEX": r"^в[её]л[аи]?$"}}]},
    {"label": "agenda", "pattern": [{"LOWER": "повестка"}]},
    {"label": "agenda", "pattern": [{"LOWER": "на"}, {"LOWER": "повестке"}, {"LOWER": "дня"}]},
    {"label": "agenda", "pattern": [{"LOWER": "вопросы"}, {"LOWER": {"IN": ["для", "к"]}}, {"LOWER": {"IN": ["обсуждения", "рассмотрению"]}}]},
    {"label": "agenda", "pattern": [{"LOWER": {"IN": ["рассматриваемые", "обсуждаемые"]}}, {"LOWER": "вопросы"}]},
    {"label": "agenda", "pattern": [{"LOWER": "вопросы"}, {"LOWER": "повестки"}, {"LOWER": "дня", "OP": "?"}]},
    {"label": "agenda", "pattern": [{"LOWER": "повестка"}, {"LOWER": "дня"}]},
    {"label": "agenda", "pattern": [{"LOWER": "порядок"}, {"LOWER": "дня"}]},
    {"label": "heard", "pattern": [{"LOWER": {"REGEX": HEARD_WORD}}]},
    # "Слово предоставили …", "Слово для информации было предоставлено …"
    {"label": "heard", "pattern": [
        {"LOWER": "слово"}, {"LOWER": "для", "OP": "?"},
        {"LOWER": {"IN": ["информации", "доклада", "выступления", "отчёта", "отчета", "сообщения"]}, "OP": "?"},
        {"LOWER": "было", "OP": "?"}, {"LOWER": {"REGEX": r"^предостав(?:или|лено|ляется)$"}},
    ]},
    {"label": "heard_item", "pattern": [{"LOWER": "по"}, ORDINAL, *ITEM_WORDS, {"LOWER": {"REGEX": HEARD_VERB}}]},
    {"label": "heard_item", "pattern": [{"LOWER": "по"}, ORDINAL, *MORE_ORDINALS, *ITEM_WORDS[1:], {"LOWER": {"REGEX": HEARD_VERB}}]},
    {"label": "item_ref", "pattern": [{"LOWER": "по"}, ORDINAL, {"LOWER": {"IN": ["вопросу", "пункту"]}}]},
    {"label": "item_ref", "pattern": [{"LOWER": "по"}, ORDINAL, *MORE_ORDINALS]},
    # "По вопросу № 2 слушали …", "По пункту 3 повестки дня выступила …"
    {"label": "heard_item", "pattern": [
        {"LOWER": "по"}, {"LOWER": {"IN": ["вопросу", "пункту"]}}, {"ORTH": "№", "OP": "?"}, ORDINAL, *ITEM_WORDS[1:],
        {"LOWER": {"REGEX": HEARD_VERB}},
    ]},
    {"label": "item_ref", "pattern": [{"LOWER": "по"}, {"LOWER": {"IN": ["вопросу", "пункту"]}}, {"ORTH": "№", "OP": "?"}, ORDINAL]},
    # "По вопросам 1 и 2 слушали …", "по пунктам 2, 3 повестки"
    {"label": "heard_item", "pattern": [
        {"LOWER": "по"}, {"LOWER": {"IN": ["вопросам", "пунктам"]}}, ORDINAL, *MORE_ORDINALS[:2], *ITEM_WORDS[1:],
        {"LOWER": {"REGEX": HEARD_VERB}},
    ]},
    {"label": "item_ref", "pattern": [{"LOWER": "по"}, {"LOWER": {"IN": ["вопросам", "пунктам"]}}, ORDINAL, *MORE_ORDINALS[:2]]},
    {"label": "speaker_verb", "pattern": [{"LOWER": {"REGEX": r"^(?:выступил|выступила|докладывал|докладывала)$"}}]},
    # "Информировала заместитель директора Петрова А.А.: …", "Проинформировал Ильин К.К. о …"
    {"label": "speaker_verb", "pattern": [{"LOWER": {"REGEX": r"^(?:про)?информировал[аи]?$"}}]},
    # "О питании проинформировала медсестра …": the topic before the report verb
    {"label": "speaker_verb", "pattern": [
        {"LOWER": {"IN": ["о", "об", "обо"]}}, {"IS_ALPHA": True, "OP": "{1,4}"},
        {"LOWER": {"REGEX": r"^(?:(?:про)?информировал[аи]?|доложил[аи]?|сообщил[аи]?|рассказал[аи]?)$"}},
    ]},
    # "Доложила …", "Сообщил …", "Отчиталась …" opening an item
    {"label": "speaker_verb", "pattern": [{"LOWER": {"REGEX": r"^(?:доложил[аи]?|сообщил[аи]?|отчитал(?:ся|ась|ись))$"}}]},
    # "С информацией выступила …", "С докладом выступил …": the report named before its verb
    # "С сообщениями из опыта работы выступили …": the report named before its verb, maybe with its topic
    {"label": "speaker_verb", "pattern": [
        {"LOWER": "с"}, {"LOWER": {"REGEX": r"^(?:информаци(?:ей|ями)|доклад(?:ом|ами)|сообщени(?:ем|ями)|отч[её]т(?:ом|ами)|презентаци(?:ей|ями))$"}},
        {"IS_LOWER": True, "IS_ALPHA": True, "OP": "{0,3}"},
        {"LOWER": {"REGEX": r"^(?:выступил|выступила|выступали|выступили)$"}},
    ]},
    {"label": "discussed", "pattern": [{"LOWER": {"IN": ["выступили", "выступления"]}}]},
    {"label": "discussed", "pattern": [{"LOWER": "в"}, {"LOWER": {"IN": ["обсуждении", "прениях"]}}]},
    {"label": "decided", "pattern": [{"LOWER": {"IN": ["решили", "постановили", "решение", "решения", "постановление", "рекомендовано"]}}]},
    {"label": "decided", "pattern": [{"LOWER": {"REGEX": DECIDED_WORD}}]},
    {"label": "body_decided", "pattern": [{"LOWER": {"REGEX": BODY_DECIDED_WORD}}]},
    # "Решено:", "Предложено:", "По итогам обсуждения решено:"
    {"label": "decided", "pattern": [{"LOWER": {"IN": ["решено", "постановлено", "предложено"]}}]},
    {"label": "decided", "pattern": [
        {"LOWER": "по"}, {"LOWER": "итогам"}, {"LOWER": {"IN": ["обсуждения", "рассмотрения"]}, "OP": "?"},
        {"LOWER": "было", "OP": "?"}, {"LOWER": {"IN": ["решено", "постановлено", "принято"]}}, {"LOWER": "решение", "OP": "?"},
    ]},
    {"label": "decided", "pattern": [{"LOWER": "приняли"}, {"LOWER": "решение"}]},
    {"label": "decided_item", "pattern": [{"LOWER": "по"}, ORDINAL, *ITEM_WORDS, {"LOWER": {"IN": DECIDED_VERB}}]},
    {"label": "attachment", "pattern": [{"LOWER": {"IN": ["приложение", "приложения"]}}]},
    # "Ход заседания:" opens the proceedings: the agenda is over, the items' blocks follow.
    {"label": "proceedings", "pattern": [
        {"LOWER": "ход"},
        {"LOWER": {"IN": ["заседания", "собрания", "совещания", "педсовета", "совета", "конференции", "семинара", "работы"]}},
    ]},
]

ATTENDANCE_KINDS = {"present", "absent", "invited", "moderators", "chair", "secretary", "head"}
BLOCK_KIND = {
    "present": "present", "absent": "absent", "invited": "invited", "moderators": "moderators",
    "chair": "chair", "secretary": "secretary", "head": "head", "deputy_chair": "present", "agenda": "agenda",
    "heard": "heard", "heard_item": "heard", "speaker_verb": "heard",
    "discussed": "discussed", "decided": "decided", "decided_item": "decided", "attachment": "attachment",
    "proceedings": "proceedings",
}
# Marker words that open a section wherever they stand capitalized (flattened text loses line breaks),
# in every form ("Приглашена:", "Присутствовал:") and with the OCR slips of "п" for "л" and "н" for "и".
STRONG_WORD = re.compile(
    r"(?:пр[ин]сутствова[лп][иоан]?|отсутствова[лп][иоан]?|(?:за)?слуша[лп]и|реши[лп]и|постанови[лп]и|выступили"
    r"|приглаш[её]нн?(?:ые|ый|ая|ы|а)?|модераторы|слово)"
)
SPEECH_START = re.compile(
    r"\s*(?:[-–—•]\s*)?(?:выступлени|(?:со)?доклад|сообщени|информаци|отчет|отчёт|слушали|заслушали|слово)", re.IGNORECASE
)
SENTENCE_ADVERB = re.compile(r"(?:^|[.!?][ \t]+|\n[ \t]*)(?:[Тт]акже|[Дд]алее|[Зз]атем|[Кк]роме того,?)[ \t]+$")
ALSO = re.compile(r"(?i)(?:^|[\s.])также[ \t]+(?=\S)|^[ \t]+также(?![а-яё])", re.MULTILINE)
TITLE_LINE = re.compile(r"(?im)^[ \t]*протокол(?![а-яё])")
SENTENCE_LEAD = re.compile(r"[ \t]*(?P<lead>[А-ЯЁ][а-яё]+(?:[ \t]+[а-яё]+){0,3})[ \t]+")
QUALIFIER = re.compile(r"[ \t]+(?:[А-Яа-яЁё]+[ \t]*){1,3}:", re.IGNORECASE)
AGENDA_QUALIFIER = re.compile(r"[ \t]*(?:[а-яё]+[ \t]*){0,4}(?=:|[ \t]*$)", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Marker:
    """A validated section marker: its label, where it is, where its content starts."""

    label: str
    start: int
    end: int
    agenda_item: int | None = None
    more_items: tuple[int, ...] = ()  # "По второму и третьему вопросам": the items after the first


@dataclass(frozen=True)
class Block:
    """A character range [start, end) of the text with what it is.

    kind is one of: "present", "absent", "invited", "moderators", "chair", "secretary" (attendance);
    "agenda"; "heard" (Слушали / выступили as presenters), "discussed" (Выступили: discussants),
    "decided" (Решили / Постановили / Решение); "attachment".
    """

    kind: str
    start: int
    end: int
    agenda_item: int | None = None
    explicit_item: bool = False
    marker_start: int | None = None
    governor: str | None = None  # the marker words that govern the block's first name ("Слушали", "выступила")
    more_items: tuple[int, ...] = ()  # further agenda items one mention covers ("По второму и третьему вопросам")
    opened_by_heading: bool = False  # begun by a body line repeating an agenda item ("5. Разное."): no governing marker
    also: bool = False  # "Слушали также …", "Также слово было предоставлено …": one more presenter of the same item

    @property
    def items_covered(self) -> tuple[int, ...]:
        return ((self.agenda_item,) if self.agenda_item is not None else ()) + self.more_items


@dataclass
class Sections:
    header: Block
    attendance: list[Block] = field(default_factory=list)
    agenda: Block | None = None
    items: list[Block] = field(default_factory=list)
    attachments: list[Block] = field(default_factory=list)
    table_rows: list["TableRow"] = field(default_factory=list)

    def blocks(self, kind: str) -> list[Block]:
        return [b for b in [*self.attendance, *self.items, *self.attachments] if b.kind == kind]

    def agenda_item_at(self, offset: int) -> int | None:
        """The agenda item whose discussion block holds `offset`, if known."""
        for block in self.items:
            if block.start <= offset < block.end:
                return block.agenda_item
        return None

    @property
    def body_start(self) -> int:
        return self.header.end


@dataclass(frozen=True)
class TableRow:
    """One row of a flattened "Повестка | Выступления | Решение" table: item line, speeches, decisions."""

    number: int
    start: int
    end: int
    item_start: int
    item_end: int


def ordinal_value(word: str) -> int | None:
    word = word.lower()
    digits = re.match(r"\d+", word)
    if digits:
        return int(digits.group())
    for stem, value in sorted(ORDINALS.items(), key=lambda kv: -len(kv[0])):
        if word.startswith(stem):
            return value
    return None


def _rest_of_line(text: str, offset: int) -> str:
    end = text.find("\n", offset)
    return text[offset:len(text) if end < 0 else end]


def _colon_after(text: str, offset: int) -> int | None:
    """The offset just past a colon (or a heading dash) right after `offset`, if there is one; a remark in
    parentheses may stand before it ("РЕШИЛИ (единогласно):")."""
    m = re.match(rf"[ \t]*(?:\*\*)?[ \t]*(?:\([^()\n]{{1,40}}\)[ \t]*)?(:|[{DASHES}](?=\s))", text[offset:offset + 50])
    return offset + m.end() if m else None


def _after_sentence_end(text: str, offset: int) -> bool:
    return re.search(r"[.!?»)][ \t]+$|^\s*$", text[max(0, offset - 3):offset] or "") is not None


def validate_markers(text: str, spans: list[tuple[str, int, int]], name_starts: set[int] | None = None) -> list[Marker]:
    """The marker spans that really open a section, longest first where they overlap, in text order."""
    name_starts = name_starts or set()
    chosen: list[Marker] = []
    spans = sorted(spans, key=lambda s: (s[1], -(s[2] - s[1])))
    taken_until = -1
    # "Приложение 3 / к приказу … от 11.04.2023 № 88-о" above the title: the order's stamp, not the attachments
    title = TITLE_LINE.search(text)
    for label, start, end in spans:
        if start < taken_until:
            continue
        if label == "attachment" and title is not None and start < title.start():
            continue
        marker = _judge(text, label, start, end, name_starts)
        if marker is not None:
            chosen.append(marker)
            taken_until = end
    return chosen


def _judge(text: str, label: str, start: int, end: int, name_starts: set[int]) -> Marker | None:
    word = text[start:end]
    first = word.split()[0]
    line_start = at_line_start(text, start)
    colon = _colon_after(text, end)
    rest = _rest_of_line(text, end).strip(" \t*:.")
    capital = first[:1].isupper()
    if label in ("heard_item", "decided_item", "item_ref"):
        if label == "item_ref" and not (line_start or _after_sentence_end(text, start)):
            return None
        items = _ordinals_of(word)
        if label == "heard_item":
            # "Опытом работы по второму вопросу поделилась …": the words opening the line before the reference are
            # the speech's, not the previous block's
            lead = SENTENCE_LEAD.fullmatch(text, line_start_of(text, start), start)
            start = lead.start("lead") if lead else start
        return Marker(label, start, colon or end, items[0] if items else None, tuple(items[1:]))
    if label == "proceedings":
        if line_start or (capital and colon and _after_sentence_end(text, start)):
            return Marker(label, start, colon or end)
        return None
    if label == "agenda":
        if not (line_start or capital or colon):
            return None
        if word.lower() == "повестка" or word.lower() == "повестка дня" and not colon:
            m = AGENDA_QUALIFIER.match(text, end)
            qualifier_end = m.end() if m else end
            colon = _colon_after(text, qualifier_end)
            if colon is None and word.lower() == "повестка":
                after = _rest_of_line(text, qualifier_end).strip(" \t*")
                if after or not line_start:
                    return None
            return Marker(label, start, colon or qualifier_end)
        return Marker(label, start, colon or end)
    strong = STRONG_WORD.fullmatch(first.lower()) is not None
    if SENTENCE_ADVERB.search(text[max(0, start - 20):start]):
        # "Также слово было предоставлено …", "Далее выступила …": an adverb opening the sentence before the marker
        line_start = capital = True
    if strong and (line_start or colon or capital):
        return Marker(label, start, colon or end, _numbered_item(text, start))
    sentence_start = line_start or _after_sentence_end(text, start)
    if label in ("head", "chair", "secretary") and line_start and _signature_line(text, end, name_starts):
        return Marker(label, start, end)  # "Директор _______ Ж.П. Никитина", "Председатель совета      М.Б. Белоусова"
    if label == "head" or first.lower() in ("члены", "участники"):
        # "Руководитель РМО: Голуб С.П.", "Члены методического совета: …" - only as a labelled line.
        short = re.fullmatch(r"[ \t]*[А-ЯЁ][а-яё]{1,3}\.[ \t]*", text[line_start_of(text, start):start]) if label == "head" else None
        if short is not None:
            line_start = True  # "Кл. руководитель: …": an abbreviated adjective before the label word
        if not line_start:
            return None
        qualified = colon or (m.end() if (m := QUALIFIER.match(text, end)) else None)
        if qualified is None or (label == "head" and not any(qualified <= s < qualified + 40 for s in name_starts)):
            return None
        return Marker(label, line_start_of(text, start) if short else start, qualified)
    if label in ("chair", "secretary", "speaker_verb", "moderators", "deputy_chair"):
        if not (line_start or (capital and sentence_start)) or (label == "deputy_chair" and not colon):
            return None  # (a deputy chair only as a labelled line: "Заместитель председателя: …")
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        named = any(end <= s < min(line_end, end + 60) for s in name_starts)
        qualified = QUALIFIER.match(text, end)
        numbered = _numbered_item(text, start) if label == "speaker_verb" else None  # "2. Информировала …"
        if colon or (line_start and not rest) or named or word.lower().startswith("протокол") or numbered is not None:
            return Marker(label, start, colon or (qualified.end() if qualified else end), numbered)
        return None
    if label == "body_decided":
        # a verb in the singular is a heading only with its colon, wherever it stands
        return Marker("decided", start, colon) if colon is not None and text[colon - 1] == ":" else None
    if label in ("decided", "attachment", "discussed", "present", "absent", "invited"):
        flattened = label != "attachment" and capital and colon is not None and _after_sentence_end(text, start)
        if not line_start and not flattened:
            return None  # "… принято решение о …": a heading only where a line (or, flattened, a sentence) starts
        if colon or not rest:
            return Marker(label, start, colon or end, _numbered_item(text, start))
        qualified = QUALIFIER.match(text, end)
        if qualified and label in ("decided", "discussed", "present", "invited", "absent"):
            return Marker(label, start, qualified.end(), _numbered_item(text, start))
        if label == "attachment" and re.match(r"[ \t]*(?:№\s*)?\d{1,2}\b", text[end:end + 8]):
            return Marker(label, start, end, None)
        if label == "decided" and first.isupper() and len(first) > 3:
            return Marker(label, start, end, _numbered_item(text, start))
    return None


def _ordinals_of(words: str) -> list[int]:
    """The item numbers a reference names: "По второму и третьему вопросам" -> [2, 3]."""
    out = []
    for word in re.findall(r"[А-Яа-яЁё0-9-]+", words)[1:]:
        if re.fullmatch(ORDINAL["LOWER"]["REGEX"], word.lower()):
            value = ordinal_value(word)
            if value is not None:
                out.append(value)
    return out


def _signature_line(text: str, end: int, name_starts: set[int]) -> bool:
    """The rest of the line is a few words, then underscores or a wide gap, then a name."""
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    names = [s for s in name_starts if end <= s < line_end]
    if not names:
        return False
    gap = text[end:max(names)]
    return re.search(r"_{3,}|\S\s{4,}\S?$|\t", gap) is not None and len(re.findall(r"[А-Яа-яЁё]+", gap)) <= 5


def _numbered_item(text: str, start: int) -> int | None:
    """"2. Слушали:" - the number opening the marker's line, when there is one."""
    prefix = text[line_start_of(text, start):start]
    m = re.fullmatch(r"\s*(\d{1,2})[.)]\s*", prefix)
    return int(m.group(1)) if m else None


def split_sections(text: str, markers: list[Marker] | None = None) -> Sections:
    """Find the sections of `text`. Never fails: a text without markers is all header."""
    markers = markers or []
    if not markers:
        return Sections(header=Block("header", 0, len(text)))
    header = Block("header", 0, _block_end(text, markers[0].start))
    sections = Sections(header=header)
    table = _table_header(text, markers)
    open_kind: str | None = None
    open_governor = ""
    list_kind: str | None = None
    for i, marker in enumerate(markers):
        end = _block_end(text, markers[i + 1].start) if i + 1 < len(markers) else len(text)
        if table is not None and i in table:
            continue
        marker_text = text[marker.start:marker.end]
        if open_kind in ("present", "invited", "moderators", "absent"):
            list_kind = open_kind
        elif open_kind not in ("chair", "secretary", "head"):
            list_kind = None
        previous_kind = list_kind
        if marker.label == "item_ref":
            # "По второму вопросу:" heads that item's decisions inside a common decision block;
            # "По второму вопросу слово предоставили …" opens the item's discussion.
            sub_heading = open_kind == "decided" and marker_text.rstrip().endswith(":") and not _speech_follows(text, marker.end)
            kind = "decided" if sub_heading else "heard"
            governor = open_governor if open_kind == "heard" else ""
            block = Block(kind, marker.end, end, marker.agenda_item, True, marker.start, f"{governor} {marker_text}",
                          more_items=marker.more_items)
            if not sub_heading:
                open_kind = "heard"
        else:
            kind = BLOCK_KIND[marker.label]
            explicit = marker.agenda_item is not None
            if marker.label == "speaker_verb" and open_kind == "heard" and not explicit:
                # "Слушали: Иванову …\nВыступила Петрова …" (or "ВЫСТУПИЛА: …") before the item's decision:
                # the presenter was heard already, this is a discussant.
                kind = "discussed"
            elif kind == "discussed" and open_kind in ("decided", "agenda") and re.match(r"(?i)выступили", marker_text) \
                    and not marker_text.rstrip().endswith(":"):
                # "Выступили учителя Петрова А.А. и Сидорова В.В. с отчётом" opening an item: no one was heard
                # on it yet, so they present it.
                kind = "heard"
            also = kind == "heard" and not explicit and ALSO.search(text[max(0, marker.start - 8):marker.start] + " " + text[marker.end:marker.end + 8]) is not None
            block = Block(kind, marker.end, end, marker.agenda_item, explicit, marker.start, marker_text,
                          more_items=marker.more_items, also=also)
            open_kind = kind
            open_governor = marker_text
        if kind in ATTENDANCE_KINDS:
            sections.attendance.extend(b for b in _attendance_blocks(text, block, previous_kind) if b.kind != "other")
        elif kind == "agenda":
            if sections.agenda is None:
                sections.agenda = block
            else:
                sections.items.append(Block("heard", block.start, block.end, marker_start=block.marker_start))
        elif kind == "attachment":
            sections.attachments.append(block)
        else:
            sections.items.append(block)
    if table is not None:
        sections.table_rows = _table_rows(text, markers, table)
    return sections


def _speech_follows(text: str, offset: int) -> bool:
    """"По третьему вопросу:\nвыступление учителя-логопеда …" opens a speech; "…:\n- Информацию принять к
    сведению." is a decision (it has an infinitive)."""
    if not SPEECH_START.match(text, offset):
        return False
    line_end = text.find("\n", offset + 2)
    first_line = text[offset:len(text) if line_end < 0 else line_end]
    first_line = re.split(r"(?<=[а-яё]{3}[.!?])\s", first_line, maxsplit=1)[0]
    return re.search(r"[а-яё]{2,}(?:ть|ться|чь|сти|зти)(?![а-яё])", first_line) is None


def _block_end(text: str, next_marker: int) -> int:
    """A block ends where the next marker's line starts, when the marker opens it ("2. СЛУШАЛИ:")."""
    if at_line_start(text, next_marker):
        return line_start_of(text, next_marker)
    return next_marker


def _attendance_blocks(text: str, block: Block, previous_kind: str | None) -> list[Block]:
    """Chair and secretary name one person on their line; what follows goes back to the list before it
    (or, after a closing signature, to nothing)."""
    if block.kind not in ("chair", "secretary", "head"):
        return [block]
    first_line_end = text.find("\n", block.start)
    if first_line_end < 0 or first_line_end >= block.end:
        return [block]
    if not text[block.start:first_line_end].strip(" \t:*_"):
        # "Председатель:" alone on its line: the name is on the next non-blank line.
        nxt = re.search(r"\S[^\n]*", text[first_line_end:block.end])
        if nxt is None:
            return [block]
        first_line_end = first_line_end + nxt.end()
    while first_line_end < block.end:
        # "Председатель: Сафина Э.М. (председатель родительского\nкомитета группы)": a wrapped line goes on
        line = text[block.start:first_line_end]
        nxt = re.match(r"\n[ \t]*(\S)[^\n]*", text[first_line_end:block.end])
        if nxt is None or not (nxt.group(1).islower() or line.count("(") > line.count(")")):
            break
        first_line_end += nxt.end()
    own = Block(block.kind, block.start, first_line_end, marker_start=block.marker_start)
    if not text[first_line_end:block.end].strip():
        return [own]
    rest_kind = previous_kind if previous_kind in ("present", "invited", "moderators", "absent") else "other"
    return [own, Block(rest_kind, first_line_end, block.end)]


def _table_header(text: str, markers: list[Marker]) -> set[int] | None:
    """Indices of markers forming a flattened table header ("Повестка", "Выступления", "Решение", one per line)."""
    for i in range(len(markers) - 1):
        run = [i]
        j = i
        while j + 1 < len(markers) and not text[markers[j].end:markers[j + 1].start].strip(" \t\r\n:*|"):
            j += 1
            run.append(j)
        kinds = {BLOCK_KIND.get(markers[k].label) for k in run}
        if len(run) >= 2 and "agenda" in kinds and kinds & {"discussed", "decided"} and _table_rows(text, markers, set(run)):
            return set(run)
    return None


ROW_START = re.compile(r"^[ \t]*(\d{1,2})([.)])[ \t]*(?=\S)", re.MULTILINE)


def _table_rows(text: str, markers: list[Marker], header: set[int]) -> list[TableRow]:
    """Rows of a flattened table: lines numbered in the style of the first row, counting 1, 2, 3…"""
    body_start = markers[max(header)].end
    later = [m.start for k, m in enumerate(markers) if k > max(header)]
    body_end = later[0] if later else len(text)
    starts = list(ROW_START.finditer(text, body_start, body_end))
    if not starts or starts[0].group(1) != "1":
        return []
    style = starts[0].group(2)
    rows_at = []
    expected = 1
    for m in starts:
        if m.group(2) == style and int(m.group(1)) == expected:
            rows_at.append(m)
            expected += 1
    rows = []
    for k, m in enumerate(rows_at):
        end = rows_at[k + 1].start() if k + 1 < len(rows_at) else body_end
        line_end = text.find("\n", m.end())
        line_end = end if line_end < 0 or line_end > end else line_end
        rows.append(TableRow(int(m.group(1)), m.start(), end, m.end(), line_end))
    return rows


ENTRY_NUMBER = re.compile(r"(?m)^[ \t*]*(\d{1,2})[.)][ \t]*(?=\S)")


def split_numbered_entries(text: str, sections: Sections, agenda_size: int, entry_starts: set[int]) -> Sections:
    """A common "СЛУШАЛИ:" block listing one speech per item ("1. Латышеву …", "2. Гребенюк …") is split
    into one block per item. An entry counts when a name, a role or a report word opens it
    (`entry_starts`, offsets where one begins); the numbers must run 1, 2, 3… within the agenda."""
    if agenda_size < 2:
        return sections
    items = []
    for block in sections.items:
        if block.kind != "heard":
            items.append(block)
            continue
        entries = []
        expected = block.agenda_item + 1 if block.explicit_item and block.agenda_item else 1
        opening = re.match(r"[ \t:]*(\d{1,2})[.)][ \t]*(?=\S)", text[block.start:block.end])
        if opening and not block.explicit_item and 1 <= int(opening.group(1)) <= agenda_size:
            # "Слушали:2.Учителя …": the number right after the marker is the item's.
            entries.append((block.start, int(opening.group(1))))
            expected = int(opening.group(1)) + 1
        for m in ENTRY_NUMBER.finditer(text, block.start, block.end):
            if entries and m.start() <= entries[0][0] + len(opening.group(0) if opening else ""):
                continue
            number = int(m.group(1))
            at_start = not text[block.start:m.start()].strip(" \t\n:")
            if number != expected or number > agenda_size:
                continue
            if not any(m.end() <= s <= m.end() + 60 for s in entry_starts):
                continue
            if entries or at_start or number == expected:
                entries.append((m.start(), number))
                expected = number + 1
        if not entries or (len(entries) == 1 and block.agenda_item == entries[0][1]):
            items.append(block)
            continue
        if text[block.start:entries[0][0]].strip(" \t\n:"):
            items.append(replace(block, end=entries[0][0]))
        for k, (start, number) in enumerate(entries):
            end = entries[k + 1][0] if k + 1 < len(entries) else block.end
            items.append(replace(block, start=start, end=end, agenda_item=number, explicit_item=True))
    sections.items = _reporter_runs(text, items, agenda_size, entry_starts)
    return sections


TOP_ENTRY = re.compile(r"(?m)^[ \t*]*(\d{1,2})[.)](?!\d)[ \t]*(?=\S)")
RELATIVE_CLAUSE = re.compile(r"(?<![а-яё])котор(?:ый|ая|ые|ого|ой)(?![а-яё])", re.IGNORECASE)
INFINITIVE = re.compile(r"[а-яё]{2,}(?:ть|ться|чь|сти|зти)(?![а-яё])")


def _reporter_runs(text: str, items: list[Block], agenda_size: int, entry_starts: set[int]) -> list[Block]:
    """"Слушали:\n1. Сокирко Т.В., … которая …\nРешили:\n1.1. …\n2. Учителя-дефектолога Бабенко Н.А., которая …":
    one "Слушали:" heading over a numbered run of reporters, with each item's decisions between them. A
    line numbered as the run's next item that opens with a person and reports (a relative clause or a
    report word, no infinitive) is that item's speech, not a decision."""
    out: list[Block] = []
    run: Block | None = None
    numbered = False
    for block in items:
        if block.kind == "heard":
            if block.agenda_item is not None or not block.also:  # "Слушали также …" goes on with the item heard
                run = block if block.agenda_item is not None else None
                numbered = _opens_numbered(text, block)
            out.append(block)
            continue
        if block.kind != "decided" or run is None:
            out.append(block)
            continue
        cut = None
        for m in TOP_ENTRY.finditer(text, block.start, block.end):
            if int(m.group(1)) != run.agenda_item + 1 or int(m.group(1)) > agenda_size:
                continue
            if not any(m.end() <= s <= m.end() + 60 for s in entry_starts):
                continue
            sentence = re.split(r"(?<=[а-яё]{3}[.!?])\s+(?=[А-ЯЁ])", text[m.end():block.end], maxsplit=1)[0]
            # Under a numbered run of reporters a relative clause tells a speech; after any item's speech, a line
            # numbered as the next item that opens with a report word ("4. Информация Ткаченко И.Ю., …") is one.
            reports = SPEECH_START.match(sentence) or (numbered and RELATIVE_CLAUSE.search(sentence))
            if INFINITIVE.search(sentence) is None and reports:
                cut = m
                break
        if cut is None:
            out.append(block)
            continue
        if text[block.start:cut.start()].strip():
            out.append(replace(block, end=cut.start()))
        run = Block("heard", cut.end(), block.end, int(cut.group(1)), True, cut.start(), run.governor)
        numbered = True
        out.append(run)
    return out


def _opens_numbered(text: str, block: Block) -> bool:
    """The block's content opens with its entry number ("Слушали:\n1.Т.В. Сокирко …")."""
    m = re.match(r"[ \t:\n]*(\d{1,2})[.)](?!\d)", text[block.start:block.end])
    return m is not None and block.agenda_item is not None and int(m.group(1)) == block.agenda_item


def assign_agenda_items(sections: Sections, agenda_size: int) -> Sections:
    """Give unnumbered heard/decided blocks their agenda item where the structure shows it.

    One item: everything belongs to it. The first speech after the agenda is on item 1; a later
    speech moves to the next item only after a decision block closed the previous one (per-item
    structure); a single decision block after the speeches on several items gathers the decisions of
    all of them, so its decisions get no item (and a warning). A single block with speeches after it
    closes the item before it (the rest of the text lost its decisions, or they were never taken).
    """
    heard = [b for b in sections.items if b.kind == "heard"]
    heard_items = {item for b in heard for item in b.items_covered}
    decided = [b for b in sections.items if b.kind == "decided" and not b.explicit_item]
    gathered = len(decided) == 1 and len(heard_items) >= 2 and all(b.start < decided[0].start for b in heard)
    current: int | None = None
    last: int | None = None  # the last item the speeches so far covered ("По первому и второму вопросам": 2)
    heard_seen = False
    closed = False
    items = []
    for block in sections.items:
        item = block.agenda_item
        if item is None and agenda_size == 1:
            item = 1
        elif item is None and block.kind == "heard" and block.also and heard_seen:
            item = current  # "Слушали также …": another presenter of the item being heard
        elif item is None and block.kind == "heard":
            if not heard_seen and agenda_size >= 1:
                item = 1
            elif closed and last is not None and last < agenda_size:
                item = last + 1
        elif item is None and block.kind == "discussed":
            item = current
        elif item is None and block.kind == "decided" and not gathered:
            item = current
        if block.kind == "heard":
            heard_seen = True
            closed = False
            current = item
            last = max((item, *block.more_items)) if item is not None else item
        elif block.kind == "decided":
            closed = True
            if item is not None:
                current = item
                last = max(last or item, item)
        items.append(replace(block, agenda_item=item))
    sections.items = items
    return sections


def _heading_key(value: str) -> str:
    """An agenda item or a body line compared loosely: letters and digits, lower case, ё as е."""
    return " ".join(re.findall(r"[а-яёa-z0-9]+", fold(value)))


HEADING_NUMBER = re.compile(r"[ \t*]*(?:(\d{1,2})[.)][ \t]*)?[ \t*]*")
# "Вопрос 1.", "Вопрос № 2:", "ВОПРОС 3", "2 вопрос.", "Второй вопрос:": a body line heading an item by its number.
ITEM_WORD_HEADING = re.compile(
    r"[ \t*]*(?:(?:вопрос|пункт)[ \t]*№?[ \t]*(?P<number>\d{1,2})|(?P<before>\d{1,2})[ \t]*(?:-?[йм])?[ \t]*вопрос"
    r"|(?P<word>" + "|".join(ORDINALS) + r")[а-яё]*[ \t]+вопрос)[ \t*]*[.:)]?[ \t*]*",
    re.IGNORECASE,
)


def mark_item_headings(text: str, sections: Sections, agenda: list[str], agenda_end: int | None = None) -> Sections:
    """Body lines that repeat an agenda item head that item's part of the protocol.

    "5. РАЗНОЕ." (then "СЛУШАЛИ: …") gives the next block its item; "Разное. Лысенко О.В.
    проинформировала …" or "Разное: родители выразили …" open a block of that item themselves, in
    which only a name opening the block is a presenter (there is no "слушали" to govern it). A
    numbered line must carry the item's number; an unnumbered one must give the item's whole text.
    """
    keys = [_heading_key(item) for item in agenda]
    if not any(keys):
        return sections
    items: list[Block] = []
    pending: int | None = None
    blocks = list(sections.items)
    if agenda_end is not None and sections.agenda is not None and agenda_end < sections.agenda.end:
        # The agenda's block ran on past its list into the first item's heading.
        blocks.insert(0, Block("proceedings", agenda_end, sections.agenda.end))
        sections.agenda = replace(sections.agenda, end=agenda_end)
    for block in blocks:
        if pending is not None and not block.explicit_item:
            block = replace(block, agenda_item=pending, explicit_item=True)
        pending = None
        cuts = [cut for line in _lines(text, block.start, block.end) if (cut := _heading(text, line, keys))]
        if not cuts:
            items.append(block)
            continue
        if text[block.start:cuts[0][0]].strip():
            items.append(replace(block, end=cuts[0][0]))
        for k, (line_start, content_start, item) in enumerate(cuts):
            end = cuts[k + 1][0] if k + 1 < len(cuts) else block.end
            if text[content_start:end].strip(" \t\r\n.:;"):
                items.append(Block("heard", content_start, end, item, True, line_start, "", opened_by_heading=True))
            else:
                pending = item
    sections.items = items
    return sections


def mark_titled_speeches(text: str, sections: Sections, agenda: list[str]) -> Sections:
    """"Выступила педагог-психолог Соловей Н.И. с сообщением «Адаптация ребенка к школе: …»" after another item's
    speech: a speech titled with an agenda item's words presents that item; it is no discussant of the one before."""
    keys = [_heading_key(item) for item in agenda]
    items = []
    for block in sections.items:
        if block.kind == "discussed" and not block.explicit_item and re.match(r"(?i)выступил", block.governor or ""):
            sentence = re.split(r"(?<=[а-яё»)][.!?])\s", text[block.start:block.end], maxsplit=1)[0]
            for title in re.finditer(r"«([^«»]*(?:«[^«»]*»[^«»]*)*)»|[\"“]([^\"“”\n]+)[\"”]", sentence):
                key = _heading_key(title.group(1) or title.group(2))
                item = next((k for k, item_key in enumerate(keys, start=1) if _same_title(key, item_key)), None)
                if item is not None:
                    block = replace(block, kind="heard", agenda_item=item, explicit_item=True)
                    break
        items.append(block)
    sections.items = items
    return sections


def _same_title(title: str, item: str) -> bool:
    """A speech's title names an agenda item: the same words, or (three words at least) one begins the other."""
    if not title or not item:
        return False
    return title == item or (len(title.split()) >= 3 and (item.startswith(title + " ") or title.startswith(item + " ")))


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out, pos = [], start
    while pos < end:
        line_end = text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        out.append((pos, line_end))
        pos = line_end + 1
    return out


def _heading(text: str, line: tuple[int, int], keys: list[str]) -> tuple[int, int, int] | None:
    """(line start, where the item's content starts, item) when the line opens with an agenda item's text."""
    start, end = line
    worded = ITEM_WORD_HEADING.match(text, start, end)
    if worded is not None:
        number = ordinal_value(worded["number"] or worded["before"] or worded["word"])
        if number is None or not 1 <= number <= len(keys):
            return None
        rest = text[worded.end():end]
        if not rest.strip(" \t*.:;") or _heading(text, (worded.end(), end), keys) is not None:
            # "Вопрос 2." alone, or "Вопрос 1. Об итогах олимпиады." with the item's words
            inner = _heading(text, (worded.end(), end), keys)
            return start, inner[1] if inner else end, number
        return None
    m = HEADING_NUMBER.match(text, start, end)
    number = int(m.group(1)) if m.group(1) else None
    body_start = m.end()
    for item, key in enumerate(keys, start=1):
        if not key or (number is not None and number != item):
            continue
        # The item's words, in order, opening the line, then the line's end or a full stop or colon.
        words = key.split()
        pattern = r"[\W_]*?".join(re.escape(w).replace("е", "[её]") for w in words)
        hit = re.match(rf"(?:\*\*)?{pattern}[»\")]*(?:\*\*)?[ \t]*(?:[.:;]|(?=\n)|$)", text[body_start:end], re.IGNORECASE)
        if hit is None:
            continue
        content = body_start + hit.end()
        if number is None and text[content:end].strip() and not text[body_start + hit.end() - 1] in ".:":
            continue
        return start, content, item
    return None
