"""Speakers: the people presenting an item ("Слушали: Васинову Н.Д., методиста …", "выступила X").

A heard block's speakers are the name right after its marker and names opening a line of it
("Слушали:\n1. Иванову …\n2. Петрову …"); names inside the speech are not speakers. The role is
read before or after the name, and when the mention names none, the role the agenda gave the
same reporter is used.
"""

from __future__ import annotations

import re

from extract.agenda import Agenda
from extract.morph import Morphology, case_of
from extract.names import NOMINATIVE_VERBS, NameContext, NameMention, NameNormalizer, context_gender, governor_cases
from extract.roles import Role, RoleReader
from extract.sections import Block, Sections
from extract.text import DASHES, squash, wrap_width
from protocols.model import Speaker, Span

WORD = re.compile(r"[А-Яа-яЁё]+")
SENTENCE_END = re.compile(r"[.!?](?=\s+[А-ЯЁ«])|\n[ \t]*\n")
LINE_PREFIX = re.compile(rf"[\s{DASHES}•·*]*(?:\d{{1,2}}[.)]\s*)?")
# "2. Доклад учителя …", "Информация главного врача …", "Заслушали доклад руководителя …"
REPORT_PREFIX = re.compile(
    rf"[\s{DASHES}•·*:.]*(?:\d{{1,2}}[.)]\s*)?(?:(?:за)?слушали:?\s+)?(?:(?:со)?доклад|информаци[юя]|выступлени[ея]|сообщени[ея]|отч[её]т"
    rf"|(?:со)?докладчик[иа]?[ \t]*[:{DASHES}]|выступающ(?:ий|ая|ие)[ \t]*[:{DASHES}])?\s*",
    re.IGNORECASE,
)
COORDINATION = re.compile(r"\s*(?:\([^()]{0,100}\))?\s*(?:[,;]\s*(?:и\s+)?|\s+и\s+)")


class SpeakerReader:
    def __init__(self, normalizer: NameNormalizer, roles: RoleReader, morphology: Morphology) -> None:
        self.normalizer = normalizer
        self.roles = roles
        self.morph = morphology

    def read(self, text: str, sections: Sections, mentions: list[NameMention], agenda: Agenda) -> list[Speaker]:
        self.width = wrap_width(text)
        speakers: list[tuple[Speaker, Role | None]] = []
        for block in sections.items:
            if block.kind != "heard":
                continue
            found = self._block(text, block, mentions)
            speakers += found
            # "По второму и третьему вопросам слушали …": the reporter presents each of those items.
            for item in block.more_items:
                speakers += [(sp.model_copy(update={"agenda_item": item}), role) for sp, role in found]
        for row in sections.table_rows:
            speakers += self._table_row(text, row, mentions)
        return self._finish(text, speakers, agenda)

    def _block(self, text: str, block: Block, mentions: list[NameMention]):
        inside = [m for m in mentions if block.start <= m.start < block.end]
        out = []
        for k, mention in enumerate(inside):
            line_start = max(block.start, text.rfind("\n", 0, mention.start) + 1)
            lead = text[block.start:mention.start]
            # The first name of a "Слушали" block is its presenter; a block opened by an item heading
            # ("Разное: родители выразили благодарность … Фатхуллиной Г.М.") has no such governor.
            first_in_block = k == 0 and not block.opened_by_heading and len(lead) < 250 and not SENTENCE_END.search(_without_initials(lead))
            # A name opens an entry of the block: a list line, a new sentence, a numbered or bulleted line.
            # A line start alone does not tell (PDF lines break anywhere).
            listed = re.match(rf"[ \t]*(?:\d{{1,2}}[.)]|[{DASHES}•·*])", text[line_start:mention.start]) is not None
            prefix = REPORT_PREFIX.fullmatch(text[line_start:mention.start])
            opens_line = prefix is not None and (
                listed or line_start == block.start or not self._continues_into(text, line_start, report=bool(prefix.group().strip()))
            )
            seg_start = block.start if first_in_block else _entry_start(text, block.start, mention.start)
            if k > 0:
                seg_start = max(seg_start, inside[k - 1].end)  # a role never reaches back over another name
            role_before = self.roles.before(text, seg_start, mention.start)
            role_line = text.rfind("\n", 0, role_before.start) + 1 if role_before is not None else line_start
            role_prefix = REPORT_PREFIX.fullmatch(text[role_line:role_before.start]) if role_before is not None else None
            role_opens = role_before is not None and (
                (role_prefix is not None
                 and (role_line <= block.start or not self._continues_into(text, role_line, report=bool(role_prefix.group().strip()))))
                or self._oblique_role_opens_sentence(text, role_before, block.start)
            )
            labelled = prefix is not None and re.search(r"(?i)докладчик|выступающ", prefix.group()) is not None
            if not (first_in_block or role_opens or labelled) and opens_line and not self._reports(text, mention):
                # "Ищенко Р.Р. в голосовании участия не принимал", a table row "Давыдова Е.К.<TAB>учитель<TAB>5":
                # a name opening a line presents only with a role, a report verb or its topic after it.
                opens_line = False
            if listed and out and not first_in_block and _list_introduced_by_speech(text, block.start, line_start):
                # "…, которая сообщила, что поступили представления на:\n- Мельникову О.А., учителя …": a list the
                # presenter's speech introduced names its subjects, not more presenters
                continue
            if not (first_in_block or opens_line or role_opens):
                continue
            if any(sp.span.start == mention.start for sp, _ in out):
                continue
            limit = inside[k + 1].start if k + 1 < len(inside) else block.end
            out.append(self._speaker(text, mention, seg_start, limit, block, role_before))
            out += self._coordinated(text, out[-1], inside[k + 1:], block)
        # "Слушали: Иванову И.И. и Петрову П.П., учителей математики": the plural role is each one's.
        out = self.roles.share_group_roles(text, [sp.span for sp, _ in out], out)
        if not out:
            unnamed = self._unnamed(text, block)
            if unnamed:
                out.append(unnamed)
        return out

    def _speaker(self, text, mention, seg_start, limit, block: Block, role_before: Role | None, governor: str | None = None):
        sentence = SENTENCE_END.search(text, mention.end, limit)
        role_limit = sentence.start() + (1 if sentence and text[sentence.start()] in ".!?" else 0) if sentence else limit
        if re.match(r"[ \t]*\n[ \t]*[А-ЯЁ]", text[mention.end:mention.end + 40]):
            role_limit = mention.end  # "Докладчик: Орлов О.О.\nНаставники закреплены …": the name ends its line and sentence
        role = role_before or self.roles.after(text, mention.end, min(role_limit, limit))
        if role_before is not None:
            role = self._with_apposition(text, role_before, mention, min(role_limit, limit), next_name=limit)
        governor_text = (governor if governor is not None else block.governor or "") + " " + text[seg_start:mention.start]
        cases = governor_cases(WORD.findall(governor_text))
        role_cases, role_gender = self._role_grammar(text, role) if role else (None, None)
        if role is not None and role.start >= mention.end and "(" in text[mention.end:role.start]:
            role_cases = None  # "Сорокину Н.Г. (заместитель директора)": a bracketed role is a nominative label
        if role_cases and cases and not cases & role_cases:
            # a plural role over several names agrees with the verb: "выступили учителя Петрова А.А. и …"
            role_cases = self._role_grammar(text, role, plural=True)[0]
        if role_cases:
            cases = (cases & role_cases) or role_cases if cases else role_cases
        gender = context_gender(text, mention, self.morph) or role_gender
        name = self.normalizer.normalize(mention, NameContext(cases=cases, gender=gender))
        speaker = Speaker(
            name=name,
            raw=squash(mention.raw(text)),
            role=role.value if role else None,
            agenda_item=block.agenda_item,
            span=Span(start=mention.start, end=mention.end),
        )
        return speaker, role

    def _with_apposition(self, text: str, role: Role, mention: NameMention, limit: int, next_name: int) -> Role:
        """"Воспитателя С.Н. Пономаря, руководителя МО воспитателей, который …": a second role right after the
        name, in the same case as the first, is stated at the same mention; both are kept, in text order. A role
        right before the next name is that person's ("руководителя РМО … Ткача В.Н., руководителя РМО … Петрову А.И.")."""
        after = self.roles.after(text, mention.end, limit)
        if after is None or not re.fullmatch(r"[ \t]*,[ \t]*\n?[ \t]*", text[mention.end:after.start]):
            return role
        if not text[after.end:next_name].strip():
            return role
        before_cases, _ = self._role_grammar(text, role)
        after_cases, _ = self._role_grammar(text, after)
        if not before_cases or not after_cases or not (before_cases & after_cases) - {"nomn"}:
            return role
        return Role(role.start, after.end, f"{role.value}, {after.value}")

    def _reports(self, text: str, mention: NameMention) -> bool:
        """What follows a name opening a line makes it a presenter: a role ("Захарову Т.М., руководителя МО …",
        "Мочалину Л.А. – председателя …"), a report verb ("Лысенко О.В. проинформировала …") or a topic ("… о …").
        Not a row of a flattened table (cells split by tabs or bars)."""
        line_end = text.find("\n", mention.end)
        rest = text[mention.end:len(text) if line_end < 0 else line_end]
        if rest.count("\t") >= 2 or rest.count("|") >= 2 or re.match(r"[ \t]*(?:\t|\|)", rest):
            return False
        if re.match(rf"[ \t]*(?:,|\(|[{DASHES}])", rest) or re.match(r"[ \t]+об?(?![а-яё])", rest):
            return True
        return any(NOMINATIVE_VERBS.match(w.lower()) for w in WORD.findall(rest)[:3])

    def _continues_into(self, text: str, line_start: int, report: bool = False) -> bool:
        """The line before runs on into this one ("… воспитателя\nТарасенко Е.В."): a wrapped line, not a new entry.
        In hard-wrapped text (a PDF) a line filling the width runs on whatever it ends with, unless this line opens
        with a report word ("Информация директора …") after a sentence's end: that starts an entry."""
        line_before = text[text.rfind("\n", 0, max(0, line_start - 1)) + 1:max(0, line_start - 1)].rstrip()
        first_word = re.match(r"\S*", text[line_start:]).group()
        if report and line_before.endswith((".", "!", "?")):
            return False
        if self.width is not None and line_before.strip() and not line_before.endswith((";", ":")) \
                and len(line_before) + 1 + len(first_word) > self.width * 0.9:
            return True  # the line's first word would not have fit on the line before: the break is a wrap
        previous = text[max(0, line_start - 80):line_start].rstrip()
        if not previous or previous.endswith((".", ";", ":", "!", "?")):
            return False
        if re.search(rf"[,{DASHES}]$|(?:^|\s)(?:и|по|в|на|с|о|об|к|для|при)$", previous):
            return True
        last = re.search(r"([А-Яа-яЁё-]+)$", previous)
        return last is not None and last.group(1)[:1].islower() and self.morph.parse(last.group(1).lower())[0].tag.POS in ("NOUN", "ADJF", "PRTF", "VERB", "INFN")

    def _oblique_role_opens_sentence(self, text: str, role: Role, block_start: int) -> bool:
        """"…самоорганизации.Классного руководителя 5«Б» класса Ганиеву А.Ф.,которая …": a role in the accusative
        opening a sentence of a "Слушали" block is another object of "слушали", not someone mentioned in a speech."""
        if not re.search(r"[.!?]\s*$", text[max(block_start, role.start - 3):role.start]):
            return False
        cases, _ = self._role_grammar(text, role)
        return bool(cases) and "nomn" not in cases

    def _coordinated(self, text: str, first, following: list[NameMention], block: Block):
        """Speakers joined to the one before: "Лапину Н.А. и представителя обучающихся Орлова Максима",
        "руководителей ШМО Дмитриеву О.С. (…), Никифорова Г.А. (…) и Кох И.Р. (…)", "… и классных руководителей 5-х классов"."""
        speaker, role = first
        out = []
        pos = max(speaker.span.end, role.end if role else 0)
        shared = role if role is not None and role.end <= speaker.span.start else None
        for k, mention in enumerate(following):
            joint = COORDINATION.match(text, pos)
            if joint is None or joint.end() > mention.start:
                break
            own_role = self.roles.before(text, joint.end(), mention.start)
            if text[joint.end():own_role.start if own_role else mention.start].strip():
                break
            governor = block.governor or ""
            limit = following[k + 1].start if k + 1 < len(following) else block.end
            found = self._speaker(text, mention, joint.end(), limit, block, own_role or shared, governor=governor)
            if own_role is None and shared is not None:
                found = (found[0], shared)
            out.append(found)
            pos = max(found[0].span.end, found[1].end if found[1] else 0)
        joint = COORDINATION.match(text, pos)
        if joint is not None and re.search(r"(?:^|\s)и\s", f"{joint.group()} ") and not out:
            group = self.roles.after(text, joint.end(), min(block.end, joint.end() + 150))
            if group is not None and group.start == joint.end() and not any(group.start <= m.start < group.end + 3 for m in following):
                out.append((Speaker(name=None, raw=squash(text[group.start:group.end]), role=self._plural_role(text, group),
                                    agenda_item=block.agenda_item, span=Span(start=group.start, end=group.end)), group))
        return out

    def _plural_role(self, text: str, role: Role) -> str:
        """A group named by its role keeps the plural: "классных руководителей 1-8 классов" -> "классные руководители …"."""
        words = re.findall(r"[А-Яа-яЁё-]+", text[role.start:role.end])
        value = role.value
        for word in words:
            parses = self.morph.parse(word.lower())
            if parses and parses[0].tag.number == "plur" and parses[0].tag.POS in ("NOUN", "ADJF", "PRTF"):
                form = self.morph.inflect(word, {"nomn", "plur"}, like=parses[0])
                singular = self.morph.inflect(word, {"nomn", "sing"} | ({str(parses[0].tag.gender)} if parses[0].tag.gender else set()), like=parses[0])
                if form and singular and singular in value:
                    value = value.replace(singular, form, 1)
            if parses and parses[0].tag.POS == "NOUN":
                break
        return value

    def _role_grammar(self, text: str, role: Role, plural: bool = False):
        """Case and gender the role's head shows ("руководителя" gent/accs, "заведующую" accs femn); with
        `plural`, the cases of its plural readings too ("выступили учителя Петрова А.А. и …": nominative)."""
        for start in sorted(self.roles.head_starts):
            if role.start <= start < role.end:
                word = re.match(r"[А-Яа-яЁё-]+", text[start:])
                if not word:
                    return None, None
                parses = [p for p in self.morph.parse(word.group().lower())
                          if p.tag.POS in ("NOUN", "ADJF", "PRTF") and (plural or p.tag.number != "plur")]
                cases = frozenset(c for p in parses if (c := case_of(p)))
                genders = {str(p.tag.gender) if p.tag.gender else None for p in parses if p.tag.POS in ("ADJF", "PRTF")}
                gender = genders.pop() if len(genders) == 1 and None not in genders else None
                return (cases or None), gender
        return None, None

    def _unnamed(self, text: str, block: Block):
        """"Слушали: директора школы, который …" - a role and no name."""
        m = re.match(r"[\s:]*", text[block.start:block.end])
        start = block.start + (m.end() if m else 0)
        sentence = SENTENCE_END.search(text, start, block.end)
        end = sentence.start() if sentence else block.end
        role = self.roles.after(text, start, end)
        if role is None or role.start - start > 2:
            return None
        # "Слушали классных руководителей 5-9 классов, которые …": a group keeps the plural
        value = self._plural_role(text, role) if self.roles.is_group(text, role) else role.value
        return Speaker(name=None, raw=squash(text[role.start:role.end]), role=value, agenda_item=block.agenda_item,
                       span=Span(start=role.start, end=role.end)), role

    def _table_row(self, text: str, row, mentions: list[NameMention]):
        """Speeches in a table row: the first name of each paragraph, and one on the item line."""
        out = []
        block = Block("heard", row.start, row.end, agenda_item=row.number)
        paragraph_starts = [row.item_start] + [row.start + m.end() for m in re.finditer(r"\n[ \t]*\n[ \t]*", text[row.start:row.end])]
        paragraph_starts = sorted(set(paragraph_starts))
        for p_start in paragraph_starts:
            if re.match(r"\s*\d{1,2}\.\s", text[p_start:p_start + 5]):
                continue
            p_end = text.find("\n\n", p_start)
            p_end = row.end if p_end < 0 or p_end > row.end else p_end
            sentence = SENTENCE_END.search(text, p_start, p_end)
            first_sentence_end = sentence.start() if sentence else p_end
            inside = [m for m in mentions if p_start <= m.start < first_sentence_end]
            if not inside:
                continue
            mention = inside[0]
            role_before = self.roles.before(text, p_start if p_start != row.item_start else mention.start, mention.start)
            if role_before is None and p_start != row.item_start:
                role_before = self.roles.before(text, p_start, mention.start)
            out.append(self._speaker(text, mention, p_start, p_end, block, role_before, governor=""))
        return out

    def _finish(self, text: str, speakers, agenda: Agenda) -> list[Speaker]:
        """Roles from the agenda for speakers whose mention names none; a role cut by the text's end completed;
        one entry per person and agenda item."""
        result = []
        for speaker, role in speakers:
            if speaker.role is None and speaker.name:
                reporter = next(
                    (r for r in agenda.reporters if r.name == speaker.name and r.role and r.item == speaker.agenda_item), None
                ) or next((r for r in agenda.reporters if r.name == speaker.name and r.role), None)
                if reporter is not None:
                    speaker = speaker.model_copy(update={"role": reporter.role.value})
            elif role is not None and speaker.name and _cut_off(text, role.end):
                longer = [
                    s.role for s, _ in speakers
                    if s.name == speaker.name and s.role and s.role != speaker.role and s.role.startswith(speaker.role)
                ]
                if longer:
                    speaker = speaker.model_copy(update={"role": max(longer, key=len)})
            if speaker.name and any(s.name == speaker.name and s.agenda_item == speaker.agenda_item for s in result):
                continue  # "слушали Петрову А.А. … Петрова А.А. отметила …": one entry per person and item
            result.append(speaker)
        return result


def _entry_start(text: str, block_start: int, offset: int) -> int:
    """Where the sentence or list entry holding `offset` starts: a line broken mid-phrase
    ("… МБОУ «Лицей № 10»\nПрохоровой Е.А.") does not start one."""
    last = block_start
    for m in re.finditer(r"[.!?:;](?=\s)\s*|\n[ \t]*\n\s*|(?<=[.!?:;])\n\s*", text[block_start:offset]):
        last = block_start + m.end()
    line_start = text.rfind("\n", 0, offset) + 1
    if line_start > last and re.search(r"[.!?:;]\s*$", text[max(block_start, line_start - 3):line_start]):
        last = line_start
    return last


def _cut_off(text: str, offset: int) -> bool:
    """Only a few characters and no sentence end follow: the document was cut off right there."""
    rest = text[offset:].strip()
    return len(rest) < 30 and not re.search(r"[.!?]", rest)

def _without_initials(text: str) -> str:
    """Dots of initials and abbreviations are not sentence ends."""
    return re.sub(r"(?<![А-Яа-яЁё])[А-ЯЁа-яё]{1,4}\.", "", text)


def _list_introduced_by_speech(text: str, block_start: int, line_start: int) -> bool:
    """The nearest line above a list line that is not itself a list line ends with a colon after some words of
    its own: the list goes on that sentence."""
    for line in reversed(text[block_start:line_start].split("\n")):
        if not line.strip() or re.match(rf"[ \t]*(?:\d{{1,2}}[.)]|[{DASHES}•·*])", line):
            continue
        return line.rstrip().endswith(":") and len(re.findall(r"[А-Яа-яЁё]+", line)) >= 3
    return False
