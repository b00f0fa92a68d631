"""Roles of people ("методиста методического отдела МБУ ДО «ЦДО»") and their nominative.

A role is a head noun from `ROLE_LEMMAS` (found by the spaCy `role_heads` span ruler on pymorphy3
lemmas, so every case form matches), with the adjectives before it ("классного руководителя") and a
tail of dependents: genitive words, "по …" phrases, organization names, known abbreviations (МО,
УВР). Only the head phrase is put into the nominative; the tail is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.morph import Morphology, case_of
from extract.text import DASHES, first_upper_to_lower, squash

ROLE_LEMMAS = [
    "директор", "заместитель", "зам", "замдиректора", "методист", "учитель", "учитель-логопед",
    "учитель-дефектолог", "учитель-предметник", "логопед", "дефектолог", "педагог", "педагог-психолог",
    "педагог-организатор", "педагог-библиотекарь", "психолог", "руководитель", "председатель",
    "секретарь", "заведовать", "заведующий", "воспитатель", "специалист", "начальник", "инспектор",
    "член", "представитель", "тьютор", "советник", "консультант", "эксперт", "куратор",
    "библиотекарь", "преподаватель", "мастер", "завуч", "глава", "депутат", "бухгалтер", "экономист",
    "юрист", "инструктор", "концертмейстер", "медсестра", "врач", "фельдшер", "социолог",
    "организатор", "директриса", "учительница", "вожатый", "председательствующий", "старший", "главный",
    "ведущий", "уполномоченный", "методистка", "заведующая", "референт", "документовед", "делопроизводитель",
    "доцент", "профессор", "ректор", "проректор", "декан", "ассистент", "инженер", "лаборант", "начальница",
    "тренер", "офицер", "сестра", "медработник", "диспетчер", "администратор", "комендант", "завхоз",
    "логист", "программист", "сурдопедагог", "тифлопедагог", "олигофренопедагог", "нейропсихолог",
    "повар", "кладовщик", "сторож", "водитель", "вахтёр", "уборщица", "дворник", "кассир", "механик", "техник",
    "медик", "педиатр", "невролог", "участковый", "следователь", "прокурор", "юрисконсульт", "аналитик", "менеджер",
    "оператор", "хореограф", "хормейстер", "аккомпаниатор", "режиссёр", "староста", "атаман",
    "командир", "помощник", "стажёр", "наставник", "главврач", "диетолог", "санитар", "волонтёр", "сурдопереводчик",
    "переводчик",
]
ROLE_ABBREVIATIONS = ["зам", "зав", "рук", "нач", "пред", "и.о", "и.о.", "врио", "зам.директора", "зам.дир"]

ROLE_PATTERNS = [
    {"label": "role", "pattern": [{"LEMMA": {"IN": [lemma.replace("ё", "е") for lemma in ROLE_LEMMAS]}}]},
    {"label": "role_abbr", "pattern": [{"LOWER": {"IN": ROLE_ABBREVIATIONS}}]},
    # "ответственного за организацию питания": the adjective is the role only with what it is responsible for.
    {"label": "role", "pattern": [{"LEMMA": "ответственный"}, {"LOWER": "за"}]},
]

ROLE_ADJECTIVES = {
    "классный", "старший", "главный", "ведущий", "социальный", "музыкальный", "школьный", "районный",
    "муниципальный", "городской", "исполнительный", "ответственный", "технический", "научный",
    "методический", "первый", "генеральный", "региональный", "общественный", "медицинский",
}
# Abbreviations that belong to a role's tail ("руководитель МО", "зам. директора по УВР").
TAIL_ABBREVIATIONS = {
    "МО", "ШМО", "ГМО", "РМО", "ММО", "МС", "УВР", "ВР", "НМР", "УР", "ВВР", "АХЧ", "АХР", "ОУ", "ОО", "ДОУ",
    "ИКТ", "ОБЖ", "ИЗО", "МХК", "ОРКСЭ", "ОДНКНР", "ФГОС", "ГИА", "ОГЭ", "ЕГЭ", "ВПР", "НОО", "ООО", "СОО",
    "ДО", "ДОД", "ППк", "ПМПк", "ПМПК", "ППМС", "СПС", "ЦДО", "ИМЦ", "РМК", "ГУНО", "РОНО", "УО",
}
# Role adjectives written short before the head: "кл. руководитель", "ст. воспитатель", "гл. бухгалтер", "соц. педагог".
ADJECTIVE_ABBREVIATIONS = {"кл", "ст", "гл", "мл", "соц", "мед"}
WORD_ABBREVIATIONS = {"зам", "зав", "рук", "нач", "пред", "им", "шк", "каб", "уч", "доп", "обл", "гор", "р-на"} | ADJECTIVE_ABBREVIATIONS

HYPHENATED = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)*")
TOKEN = re.compile(
    r"(?P<abbr>(?:" + "|".join(WORD_ABBREVIATIONS) + r")\.)(?![а-яё])"
    r"|(?P<io>и\.\s?о\.)"
    r"|(?P<word>[А-Яа-яЁёA-Za-z]+(?:[-/][А-Яа-яЁёA-Za-z]+)*)"
    r"|(?P<num>№|\d+(?:[-–]\d+)?)"
    r"|(?P<punct>[«»\"(),.:;!?]|[" + DASHES + r"])"
    r"|(?P<newline>\n)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Role:
    start: int
    end: int
    value: str  # nominative, white space squashed


@dataclass(frozen=True)
class Tok:
    kind: str
    text: str
    start: int
    end: int


def tokens(text: str, start: int, end: int) -> list[Tok]:
    return [Tok(m.lastgroup, m.group(), m.start(), m.end()) for m in TOKEN.finditer(text, start, end)]


def widen_heads(text: str, heads: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Role heads as whole hyphenated words: the tokenizer splits "тренеру-преподавателю" and
    "офицерам-воспитателям", and either part may be the role word; the role is the compound."""
    out = []
    for start, end in heads:
        for m in HYPHENATED.finditer(text, max(0, start - 60), min(len(text), end + 60)):
            if m.start() <= start < m.end():
                if "-" in m.group():
                    start, end = m.start(), max(end, m.end())
                break
        out.append((start, end))
    return sorted(set(out))


# What may follow a second role in the nominative for it to be the same person's: a relative clause, a verb's
# colon, the end of the sentence or line. A name after it makes it the next person's role.
SECOND_ROLE_END = re.compile(r"[ \t]*(?:,[ \t]*котор|[.:;)]|\n|$)")
NAME_AHEAD = re.compile(r"[ \t]*[,–—-]?[ \t]*(?:[А-ЯЁ][а-яё]+[ \t]+[А-ЯЁ]\.|[А-ЯЁ]\.[ \t]?[А-ЯЁ]\.)")

class RoleReader:
    """Reads role phrases before or after a name and gives their nominative."""

    def __init__(self, morphology: Morphology, heads: list[tuple[int, int]], orgs: list[tuple[int, int, str]]) -> None:
        self.morph = morphology
        self.head_starts = {s: e for s, e in heads}
        self.orgs = sorted(orgs)

    # --- where a role is ---------------------------------------------------------------------
    def after(self, text: str, pos: int, limit: int, *, stop_at: set[int] | None = None) -> Role | None:
        """A role starting at `pos` (after ", ", " – ", "(" or a space), ending before `limit`."""
        stop_at = stop_at or set()
        m = re.match(rf"[ \t]*(?:,|\(|[{DASHES}])?[ \t]*(?:\n[ \t]*)?", text[pos:limit])
        start = pos + (m.end() if m else 0)
        head_end = self._head_phrase(text, start, limit)
        if head_end is None:
            return None
        end = self._tail(text, head_end, limit, stop_at)
        return self._role(text, start, end)

    def before(self, text: str, seg_start: int, name_start: int) -> Role | None:
        """The role right before a name ("руководителя МО Титову"), starting at a role head in [seg_start, name_start)."""
        candidates = sorted(s for s in self.head_starts if seg_start <= s < name_start)
        for s in candidates:
            start = self._adjectives_before(text, seg_start, s)
            head_end = self._head_phrase(text, start, name_start)
            if head_end is None:
                continue
            end = self._tail(text, head_end, name_start, set())
            if not text[end:name_start].strip(" \t\n," + DASHES):  # "учитель математики – Бойко Л.Л."
                return self._role(text, start, end)
        return None

    def _adjectives_before(self, text: str, seg_start: int, head_start: int) -> int:
        """Adjectives agreeing with the head: "классного руководителя", "кооптированный член"."""
        head = re.match(r"[А-Яа-яЁё-]+", text[head_start:])
        head_cases = self._cases(head.group()) if head else set()
        start = head_start
        toks = list(reversed(tokens(text, seg_start, head_start)))
        for k, tok in enumerate(toks):
            if tok.kind == "newline" and start == head_start and k + 1 < len(toks) and toks[k + 1].kind == "word" \
                    and toks[k + 1].text[:1].islower() and self._agrees(toks[k + 1].text, head_cases):
                continue  # "главного\nспециалиста": an adjective ending the line above, the line wrapped
            if tok.kind == "word" and tok.text[:1].islower() and self._agrees(tok.text, head_cases):
                start = tok.start
            elif tok.kind == "word" and self._lemmas(tok.text) & ROLE_ADJECTIVES:
                start = tok.start
            elif _adjective_abbreviation(tok):
                start = tok.start
            else:
                break
        return start

    def _agrees(self, word: str, cases: set[str]) -> bool:
        return any(p.tag.POS in ("ADJF", "PRTF") and case_of(p) in cases for p in self.morph.parse(word.lower()))

    def _cases(self, word: str) -> set[str]:
        return {c for p in self.morph.parse(word.lower()) if p.tag.POS in ("NOUN", "ADJF", "PRTF") and (c := case_of(p))}

    def _head_phrase(self, text: str, start: int, limit: int) -> int | None:
        """End of "[и.о.] [adjectives] HEAD" starting at `start`, or None if no role head starts there."""
        toks = tokens(text, start, limit)
        for i, tok in enumerate(toks):
            if tok.kind == "io" or (tok.kind == "newline" and i > 0):
                continue  # (after its first word a role may wrap: "главного\nспециалиста")
            if tok.start in self.head_starts:
                if self._adjective_head(tok.text) and self._head_follows(toks, i + 1):
                    continue
                return max(self.head_starts[tok.start], tok.end)
            if tok.kind == "word" and (self._lemmas(tok.text) & ROLE_ADJECTIVES or (tok.text[:1].islower() and self._is_adjective(tok.text))):
                continue
            if _adjective_abbreviation(tok):
                continue
            return None
        return None

    def _adjective_head(self, word: str) -> bool:
        return bool(self._lemmas(word) & {"старший", "главный", "ведущий", "исполнительный", "ответственный"})

    def _head_follows(self, toks: list[Tok], i: int) -> bool:
        """A role head comes next, maybe after adjectives: "старшую | медицинскую сестру", "главного | бухгалтера"."""
        while i < len(toks) and (toks[i].kind == "newline" or toks[i].kind == "word" and toks[i].start not in self.head_starts
                                 and toks[i].text[:1].islower() and self._is_adjective(toks[i].text)):
            i += 1  # (a line may wrap between the adjective and its head)
        return i < len(toks) and toks[i].start in self.head_starts

    def _is_adjective(self, word: str) -> bool:
        return any(p.tag.POS in ("ADJF", "PRTF") for p in self.morph.parse(word.lower()))

    def _lemmas(self, word: str) -> set[str]:
        return {p.normal_form.replace("ё", "е") for p in self.morph.parse(word.lower())}

    def _tail(self, text: str, pos: int, limit: int, stop_at: set[int]) -> int:
        """Extend over the role's dependents; stop at a clause boundary, a verb, a name or a new sentence."""
        end = pos
        toks = tokens(text, pos, limit)
        i = 0
        while i < len(toks):
            tok = toks[i]
            nxt = toks[i + 1] if i + 1 < len(toks) else None
            if tok.start in stop_at:
                break
            org = self._org_at(tok.start)
            if org is not None:
                end = org[1]
                while i < len(toks) and toks[i].start < org[1]:
                    i += 1
                continue
            if tok.kind == "newline":
                # A role broken over lines (and blank lines, in an agenda's reporter lines) goes on
                # when the next line continues it in lower case or with an organization.
                j = i
                while j < len(toks) and toks[j].kind == "newline":
                    j += 1
                following = toks[j] if j < len(toks) else None
                if following is not None and (
                    self._org_at(following.start) is not None
                    or (following.kind == "word" and following.text[:1].islower() and self._dependent(following.text))
                    # "председателя\nУправляющего совета": a capitalized dependent, not a name, and more on its line
                    or (following.kind == "word" and following.text[:1].isupper() and self._dependent(following.text)
                        and not self.morph.has_tag(following.text, "Surn") and not self.morph.has_tag(following.text, "Name")
                        and j + 1 < len(toks) and toks[j + 1].kind == "word" and toks[j + 1].text[:1].islower())
                    or (following.kind == "punct" and following.text == "«")
                    # "заместителю директора\nпо УВР": a preposition phrase wrapped onto the next line (or "учителей
                    # русского языка\nи литературы": a coordinated dependent)
                    or (following.kind == "word" and following.text.lower() in ("по", "при", "от", "и") and j + 1 < len(toks)
                        and toks[j + 1].kind in ("word", "abbr") and (self._dependent(toks[j + 1].text) or toks[j + 1].text in TAIL_ABBREVIATIONS))
                    or following.kind == "num"
                    or (following.kind == "word" and following.text in TAIL_ABBREVIATIONS)
                    or (following.kind == "word" and following.text.isupper() and 2 <= len(following.text) <= 6
                        and j + 1 < len(toks) and (toks[j + 1].text.isupper() or self._org_at(toks[j + 1].start) is not None))
                ):
                    i = j
                    continue
                break
            if tok.kind == "punct":
                if tok.text == "," and nxt is not None and nxt.kind == "word" and self._participle(nxt.text):
                    i += 1
                    continue
                if tok.text == "," and nxt is not None and nxt.kind == "num" and i + 2 < len(toks) and self._dependent(toks[i + 2].text):
                    i += 1  # "классных руководителей 1-8, 10 классов"
                    continue
                if tok.text == "," and nxt is not None and nxt.start in self.head_starts:
                    # "заведующего МАДОУ «…», председателя оргкомитета конкурса": a second role of the same person;
                    # in the nominative ("руководитель проекта, заместитель директора …, которая") only when no
                    # name follows it, which would make it the next person's role ("…, методист Орлова О.О.").
                    head_end = self._head_phrase(text, nxt.start, limit)
                    if head_end is not None and self._nominative_only(nxt.text):
                        after = self._tail(text, head_end, limit, stop_at)
                        if NAME_AHEAD.match(text, after) or not SECOND_ROLE_END.match(text, after):
                            head_end = None
                    if head_end is not None:
                        end = head_end
                        while i < len(toks) and toks[i].start < head_end:
                            i += 1
                        continue
                if tok.text in "«\"":
                    close = text.find("»" if tok.text == "«" else "\"", tok.end, limit)
                    if 0 < close and "\n" not in text[tok.end:close]:
                        end = close + 1
                        while i < len(toks) and toks[i].start <= close:
                            i += 1
                        continue
                break
            if tok.kind == "num":
                end = tok.end
                i += 1
                continue
            if tok.kind == "abbr":
                if tok.text.lower() == "им.":
                    break
                end = tok.end
                i += 1
                continue
            word = tok.text
            if (word.isupper() and len(word) >= 2) or word in TAIL_ABBREVIATIONS:  # "ППк", "ПМПк": mixed case
                # A known abbreviation, or an unknown one that leads on to another or to an organization
                # ("ВФСК ГТО МБУ ДО «…»"); not one that starts the speech ("директора школы ФОТ нашей школы").
                leads_on = nxt is None or (nxt.kind == "word" and nxt.text.isupper() and len(nxt.text) >= 2) or (
                    nxt is not None and self._org_at(nxt.start) is not None) or (nxt is not None and nxt.kind == "punct" and nxt.text in ",.;:)")
                # "председателя ПЦК\nпедагогики и психологии": the abbreviation's own dependent wrapped onto the next line
                after_break = toks[i + 2] if nxt is not None and nxt.kind == "newline" and i + 2 < len(toks) else None
                leads_on = leads_on or (after_break is not None and after_break.kind == "word" and after_break.text[:1].islower()
                                        and self._dependent(after_break.text))
                if word in TAIL_ABBREVIATIONS or (len(word) <= 6 and leads_on):
                    end = tok.end
                    i += 1
                    continue
                break
            if word[:1].isupper() and (self.morph.has_tag(word, "Surn") or self.morph.has_tag(word, "Name")) and not self._dependent(word):
                break
            if word.lower() in ("по", "при", "и", "от"):  # "член совета от обучающихся"
                if nxt is not None and nxt.kind == "newline" and i + 2 < len(toks):
                    nxt = toks[i + 2]  # "… отдела общего и\nдополнительного образования": the line breaks after "и"
                if nxt is not None and (nxt.kind in ("word", "abbr") and (self._dependent(nxt.text) or nxt.text in TAIL_ABBREVIATIONS or word.lower() == "по")):
                    if word.lower() == "и" and nxt.start in self.head_starts:
                        break  # "… и представителя обучающихся Орлова": another person's role
                    i += 1
                    continue
                break
            if self._dependent(word) or (tok.end >= len(text.rstrip()) and len(word) <= 3):
                end = tok.end
                i += 1
                continue
            break
        return end

    def _nominative_only(self, word: str) -> bool:
        return all(case_of(p) == "nomn" for p in self.morph.parse(word.lower()) if p.tag.POS in ("NOUN", "ADJF", "PRTF"))

    def _org_at(self, offset: int):
        for org in self.orgs:
            if org[0] == offset:
                return org
            if org[0] > offset:
                break
        return None


    def _dependent(self, word: str) -> bool:
        """A word that can hang on a role: an oblique-case noun, adjective or participle, not a finite verb."""
        parses = self.morph.parse(word.lower())
        if not parses:
            return False
        if parses[0].tag.POS in ("VERB", "INFN", "GRND", "ADVB", "CONJ", "PRCL", "PREP", "NPRO", "INTJ"):
            return False
        if word.lower() in ("который", "которая", "которые", "которого", "которой"):
            return False
        return any(
            p.tag.POS in ("NOUN", "ADJF", "PRTF", "NUMR") and case_of(p) in ("gent", "ablt", "datv", "loct", "accs")
            for p in parses
        )

    def _participle(self, word: str) -> bool:
        return any(p.tag.POS == "PRTF" for p in self.morph.parse(word.lower()))

    # --- roles shared by several people --------------------------------------------------------------
    def is_group(self, text: str, role: Role, case: str | None = None) -> bool:
        """The role's head is in the plural ("методисты", "учителей"; "учителя" in a nominative list), so it
        names several people. `case`: the case the context asks for, when known."""
        for start in sorted(self.head_starts):
            if role.start <= start < role.end:
                word = re.match(r"[А-Яа-яЁё-]+", text[start:])
                parses = [p for p in self.morph.parse(word.group().lower()) if p.tag.POS in ("NOUN", "ADJF", "PRTF")] if word else []
                if case is not None:
                    parses = [p for p in parses if case_of(p) == case]
                return bool(parses) and all(p.tag.number == "plur" for p in parses)
        return False

    def share_group_roles(self, text: str, mentions, found: list, case: str | None = None) -> list:
        """"Васинова Н.Д., Левина О.А., методисты МБУ ДО «ЦДО»": a plural role after the last of names joined by
        commas or "и" is each one's (in the singular, as `nominative` gives it), and so is one before the first
        ("учителя физики – Власенко Т.Т., Гущина Е.Е."). `found` holds (item, Role | None) pairs for
        `mentions`, items having a `role` field; the same list comes back with the roles shared."""
        out = list(found)
        joined = [re.fullmatch(r"\s*(?:,|и)\s*", text[mentions[j].end:mentions[j + 1].start]) is not None for j in range(len(out) - 1)]
        for k in range(len(out) - 1):
            item, role = out[k]
            if role is None or role.end > mentions[k].start or not self.is_group(text, role, case):
                continue
            j = k + 1
            while j < len(out) and out[j][1] is None and joined[j - 1]:
                out[j] = (out[j][0].model_copy(update={"role": item.role}), role)
                j += 1
        for k in range(len(out) - 1, 0, -1):
            item, role = out[k]
            if role is None or role.start < mentions[k].end or not self.is_group(text, role, case):
                continue
            j = k - 1
            while j >= 0 and out[j][1] is None and joined[j]:
                out[j] = (out[j][0].model_copy(update={"role": item.role}), role)
                j -= 1
        return out

    # --- its nominative ----------------------------------------------------------------------------
    def _role(self, text: str, start: int, end: int) -> Role | None:
        end = _trim_end(text, start, end)
        if end <= start:
            return None
        return Role(start, end, self.nominative(text, start, end))

    def nominative(self, text: str, start: int, end: int) -> str:
        """The role in the nominative: each head phrase inflected ("главному бухгалтеру" -> "главный бухгалтер",
        "…, председателя оргкомитета" -> "…, председатель оргкомитета"), organization names balanced, the rest as written."""
        toks = tokens(text, start, end)
        replacements: list[tuple[int, int, str]] = []
        k = 0
        expecting_head = True
        while k < len(toks):
            tok = toks[k]
            if tok.kind == "punct" and tok.text == ",":
                expecting_head = True
                k += 1
                continue
            if not expecting_head or tok.kind not in ("word", "abbr", "io"):
                expecting_head = expecting_head and tok.kind in ("io",)
                k += 1
                continue
            # Collect [adjectives] HEAD from here.
            phrase = []
            j = k
            while j < len(toks) and toks[j].kind in ("word", "abbr", "io", "newline"):
                t = toks[j]
                if t.kind == "newline":
                    j += 1  # "главного\nспециалиста": the phrase wraps
                    continue
                phrase.append(t)
                if t.start in self.head_starts and not (
                    self._adjective_head(t.text) and self._head_follows(toks, j + 1)
                ):
                    break
                j += 1
            else:
                phrase = []
            if phrase and phrase[-1].start in self.head_starts:
                head = phrase[-1]
                form, gender, plural = self._nominative_head(head.text)
                replacements.append((head.start, head.end, form))
                for adj in phrase[:-1]:
                    if adj.kind == "word":
                        replacements.append((adj.start, adj.end, self._nominative_adjective(adj.text, gender, plural)))
                k = j + 1
            else:
                k += 1
            expecting_head = False
        for org_start, org_end, name in self.orgs:
            if start <= org_start and org_end <= end:
                replacements.append((org_start, org_end, name))
        out, pos = [], start
        for s, e, form in sorted(replacements):
            if s < pos:
                continue
            out.append(text[pos:s])
            out.append(_keep_capital(form, text[s:e]))
            pos = e
        out.append(text[pos:end])
        return first_upper_to_lower(squash("".join(out)))

    def _nominative_head(self, word: str) -> tuple[str, str, bool]:
        """(nominative, gender, plural) of a role head; the gender stays as written ("заведующую" -> "заведующая")."""
        if word.endswith(".") or word.lower().rstrip(".") in WORD_ABBREVIATIONS or word.isupper():
            return word, "masc", False
        parses = [p for p in self.morph.parse(word.lower()) if p.tag.POS in ("NOUN", "ADJF", "PRTF")]
        if not parses:
            return word, "masc", False
        nominative = next((p for p in parses if case_of(p) == "nomn" and p.tag.number != "plur"), None)
        if nominative is not None:
            return word, str(nominative.tag.gender or "masc"), False
        # A person is never neuter: "ответственного" is "ответственный", not "ответственное".
        p = min(parses, key=lambda q: q.tag.gender == "neut")
        gender = str(p.tag.gender) if p.tag.gender else "masc"
        # Several people under one role ("руководителей ШМО Дмитриеву …, Никифорова …") each get the singular.
        form = self.morph.inflect(word, {"nomn", "sing"} | ({gender} if p.tag.POS != "NOUN" and p.tag.number != "plur" else set()), like=p)
        return form or word, gender, False

    def _nominative_adjective(self, word: str, gender: str, plural: bool) -> str:
        parses = [p for p in self.morph.parse(word.lower()) if p.tag.POS in ("ADJF", "PRTF")]
        if not parses or any(case_of(p) == "nomn" and p.tag.number != "plur" for p in parses):
            return word
        form = self.morph.inflect(word, {"nomn", "sing", gender if gender in ("masc", "femn", "neut") else "masc"}, like=parses[0])
        return form or word


def _adjective_abbreviation(tok: Tok) -> bool:
    return tok.kind == "abbr" and tok.text.lower().rstrip(".") in ADJECTIVE_ABBREVIATIONS


def _keep_capital(form: str, original: str) -> str:
    if original[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n,;:(" + DASHES:
        end -= 1
    return end
