"""Person names: finding them in the text and putting them into the nominative "Фамилия И.О.".

Forms found: "Васинову Н.Д.", "Кулагина О.Ю" (no final dot), "Шогенову Дж. М." (two-letter initial),
"Н.Г. Сорокину" (initials first), full names "Ирина Ивановна Иванова" / "Иванова Ирина Ивановна"
(natasha NER marks the PER span around a patronymic; pymorphy3's Name/Patr tags split it).

The nominative is chosen among pymorphy3's readings of the surname with what the context says:
the case the governing word asks for ("слушали" -> accusative, "выступила" -> nominative,
"доклад … Сидоровой" -> genitive, "слово предоставили" -> dative), the case of an agreeing role
("руководителя МО Титову"), and the gender a verb or pronoun shows ("проинформировала",
"которая", "Она …"). Initials carry no gender, which is where natasha's `normalize` goes wrong.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extract.morph import CASES, Morphology, case_of

SURNAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
CAPS_SURNAME = r"[А-ЯЁ]{3,}(?:-[А-ЯЁ]{3,})?"
INITIAL = r"(?:Дж|[А-ЯЁ])"
INITIALS = rf"{INITIAL}\.[ \t]?{INITIAL}\.|{INITIAL}\.[ \t]?{INITIAL}(?![а-яёА-ЯЁ.])"

SURNAME_INITIALS = re.compile(rf"(?<![А-Яа-яЁё.-])(?P<surname>{SURNAME}|{CAPS_SURNAME})[ \t]{{1,3}}(?:\n[ \t]*)?(?P<initials>{INITIALS})")
INITIALS_SURNAME = re.compile(rf"(?<![А-Яа-яЁё.])(?P<initials>{INITIALS})[ \t]?(?P<surname>{SURNAME})(?![а-яё])")
PATRONYMIC_HINT = re.compile(r"[А-ЯЁ][а-яё]+(?:вич|вна|ична|чна|ьич|вны|вне|вну|вной|вича|вичу|вичем|вичу)(?![а-яё])")
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")

NOMINATIVE_VERBS = re.compile(
    r"^(?:выступил|выступила|выступал|выступала|доложил|доложила|сообщил|сообщила|проинформировал|проинформировала"
    r"|рассказал|рассказала|отметил|отметила|докладывал|докладывала|представил|представила|ознакомил|ознакомила"
    r"|познакомил|познакомила|предложил|предложила|огласил|огласила|подвел|подвела|подвёл|открыл|открыла)$"
)
ACCUSATIVE_GOVERNORS = re.compile(r"^(?:слушали|заслушали|заслушать|слушать|избрать|избрали|назначить|назначили|наградить|поблагодарить)$")
DATIVE_GOVERNORS = re.compile(
    r"^(?:предоставили|предоставить|предоставлено|предоставляется|поручить|поручили|рекомендовать|рекомендовали"
    r"|объявить|объявили|вручить|вручили|выразить|выразили|направить|поручено|рекомендовано)$"
)
GENITIVE_GOVERNORS = re.compile(
    r"^(?:доклад|доклада|докладу|выступление|выступления|сообщение|сообщения|информация|информацию|информации"
    r"|отчет|отчёт|отчета|отчёта|слово|приветствие|предложение|предложения|кандидатуру|кандидатура|кандидатуры)$"
)


@dataclass(frozen=True)
class NameMention:
    """A person named in the text, as written; `normalize` gives the nominative."""

    start: int
    end: int
    surname: str
    surname_start: int
    initials: str
    form: str  # "surname_initials", "initials_surname", "full"
    first_name: str | None = None
    patronymic: str | None = None

    def raw(self, text: str) -> str:
        return text[self.start:self.end]


@dataclass(frozen=True)
class NameContext:
    """What the surrounding text says about a name's case and gender."""

    cases: frozenset[str] | None = None
    gender: str | None = None
    as_written: bool = False  # lists and signatures: the nominative as written, only reformatted


def format_initials(initials: str) -> str:
    """"Дж. М." -> "Дж.М.", "О.Ю" -> "О.Ю."."""
    parts = [p for p in re.split(r"[.\s]+", initials) if p]
    return "".join(f"{p}." for p in parts)


def find_name_mentions(text: str, morphology: Morphology, start: int = 0, end: int | None = None) -> list[NameMention]:
    """"Фамилия И.О." and "И.О. Фамилия" mentions in text[start:end] (full names come from `find_full_names`)."""
    end = len(text) if end is None else end
    found: list[NameMention] = []
    for m in SURNAME_INITIALS.finditer(text, start, end):
        surname = m["surname"]
        if surname.isupper() and not morphology.has_tag(surname.capitalize(), "Surn"):
            continue
        found.append(NameMention(m.start(), m.end(), surname, m.start("surname"), format_initials(m["initials"]), "surname_initials"))
    for m in INITIALS_SURNAME.finditer(text, start, end):
        mention = NameMention(m.start(), m.end(), m["surname"], m.start("surname"), format_initials(m["initials"]), "initials_surname")
        clash = [f for f in found if f.start < mention.end and mention.start < f.end]
        if morphology.is_known_common_word(m["surname"]) and not morphology.has_tag(m["surname"], "Surn"):
            continue
        if clash:
            # "Слушали Н.Г. Сорокину": the word before the initials is not a surname when it is a common word.
            if all(morphology.is_known_common_word(f.surname) for f in clash):
                found = [f for f in found if f not in clash]
            else:
                continue
        found.append(mention)
    return sorted(found, key=lambda f: f.start)


def find_full_names(text: str, morphology: Morphology, ner_spans, start: int = 0, end: int | None = None) -> list[NameMention]:
    """Full names around a patronymic: "Виктор Семенович Лыков", "Кузьмину Ольгу Павловну".

    `ner_spans(start, end)` gives natasha's PER spans for a region; it is called only for the
    sentences that hold a patronymic, so the NER model runs where it can help.
    """
    end = len(text) if end is None else end
    out: list[NameMention] = []
    for m in PATRONYMIC_HINT.finditer(text, start, end):
        if not morphology.has_tag(m.group(), "Patr"):
            continue
        sentence_start = max(start, _sentence_start(text, m.start()))
        sentence_end = min(end, _sentence_end(text, m.end()))
        if any(o.start <= m.start() < o.end for o in out):
            continue
        words = _words_around(text, sentence_start, sentence_end)
        idx = next((i for i, w in enumerate(words) if w[1] == m.start()), None)
        if idx is None or idx == 0:
            continue
        first = words[idx - 1]
        if not (first[0][:1].isupper() and morphology.has_tag(first[0], "Name")):
            continue
        per = [(s, e) for s, e in ner_spans(sentence_start, sentence_end) if s <= first[1] < e or s <= m.start() < e]
        surname = None
        if per:
            s, e = per[0]
            inside = [w for w in words if s <= w[1] < e and w[1] not in (first[1], m.start())]
            surname = inside[0] if inside else None
        if surname is None:
            before = words[idx - 2] if idx >= 2 else None
            after = words[idx + 1] if idx + 1 < len(words) else None
            if after and after[1] - m.end() <= 2 and _surname_like(after[0], morphology):
                surname = after
            elif before and first[1] - (before[1] + len(before[0])) <= 2 and _surname_like(before[0], morphology):
                surname = before
        if surname is None:
            continue
        span_start = min(surname[1], first[1])
        span_end = max(surname[1] + len(surname[0]), m.end())
        initials = _initial(first[0]) + _initial(m.group())
        out.append(NameMention(span_start, span_end, surname[0], surname[1], initials, "full", first[0], m.group()))
    return out


def _initial(word: str) -> str:
    return ("Дж" if word.startswith("Дж") else word[0]) + "."


def _surname_like(word: str, morphology: Morphology) -> bool:
    if not word[:1].isupper():
        return False
    return morphology.has_tag(word, "Surn") or not morphology.is_known_common_word(word)


def _words_around(text: str, start: int, end: int) -> list[tuple[str, int]]:
    return [(w.group(), w.start()) for w in WORD.finditer(text, start, end)]


def _sentence_start(text: str, offset: int) -> int:
    m = None
    for m in re.finditer(r"(?:[.!?]\s+(?=[А-ЯЁ«\"(])|\n\s*\n)", text[max(0, offset - 400):offset]):
        pass
    return max(0, offset - 400) + m.end() if m else max(0, offset - 400)


def _sentence_end(text: str, offset: int) -> int:
    m = re.search(r"[.!?](?=\s+[А-ЯЁ«\"(])|\n\s*\n", text[offset:offset + 400])
    return offset + m.start() + 1 if m else min(len(text), offset + 400)


class NameNormalizer:
    """Nominative "Фамилия И.О." for a mention, given what its context says."""

    def __init__(self, morphology: Morphology) -> None:
        self.morph = morphology

    def normalize(self, mention: NameMention, context: NameContext | None = None) -> str:
        context = context or NameContext()
        cases, gender = context.cases, context.gender
        if mention.form == "full":
            cases, gender = self._full_name_grammar(mention, cases, gender)
        elif context.as_written:
            cases = frozenset({"nomn"})
        surname = self.surname_nominative(mention.surname, cases, gender, as_written=context.as_written)
        return f"{surname} {mention.initials}"

    def gender_of(self, mention: NameMention, context: NameContext | None = None) -> str | None:
        context = context or NameContext()
        if mention.form == "full":
            return self._full_name_grammar(mention, context.cases, context.gender)[1]
        return context.gender

    def _full_name_grammar(self, mention: NameMention, cases, gender):
        """Case and gender from the first name and patronymic, which decline unambiguously."""
        readings = [
            (case_of(p), str(p.tag.gender))
            for p in self.morph.parse(mention.patronymic or "")
            if "Patr" in p.tag and case_of(p)
        ]
        first = {(case_of(p), str(p.tag.gender)) for p in self.morph.parse(mention.first_name or "") if "Name" in p.tag}
        both = [r for r in readings if r in first] or readings
        if both:
            found_cases = frozenset(c for c, _ in both)
            genders = {g for _, g in both}
            if len(genders) == 1:
                gender = genders.pop()
            if cases and found_cases & cases:
                cases = found_cases & cases
            else:
                cases = found_cases
        return cases, gender

    def surname_nominative(self, surname: str, cases: frozenset[str] | None, gender: str | None, *, as_written: bool = False) -> str:
        if "-" in surname:
            return "-".join(self.surname_nominative(part, cases, gender, as_written=as_written) for part in surname.split("-"))
        word = surname.capitalize() if surname.isupper() else surname
        if as_written:
            # Lists and signatures are nominative; pymorphy knows too few surnames to re-derive them (Скиба, Седых).
            return word
        readings = self._readings(word)
        if not readings:
            return word
        if cases is not None and cases <= {"nomn"} and any(
            r[1] == "nomn" and (not gender or r[2] in (gender, "ms-f", None)) for r in readings
        ):
            return word
        pool = readings
        if gender:
            pool = [r for r in pool if r[2] in (gender, "ms-f", None)] or pool
        if cases:
            by_case = [r for r in pool if r[1] in cases]
            if by_case:
                pool = by_case
            elif any(r[1] == "nomn" for r in pool):
                pool = [r for r in pool if r[1] == "nomn"]
        if not gender and cases and not (cases & {"nomn"}):
            pool = [r for r in pool if r[1] != "nomn"] or pool
        pool.sort(key=lambda r: (not r[3], r[1] != "nomn" if not cases else False, -r[0].score))
        parse, case, g, _ = pool[0]
        if case == "nomn" or "Fixd" in parse.tag:
            return word
        target = g if g in ("masc", "femn") else gender
        grammemes = {"nomn", "sing"} | ({target} if target else set())
        form = self.morph.inflect(word, grammemes, like=parse)
        if not form:
            form = _suffix_nominative(word.lower(), case, target)
        return _restore_case(form, word)

    def _readings(self, word: str):
        """(parse, case, gender, is_surname) for singular noun/adjective readings of `word`."""
        out = []
        for p in self.morph.parse(word):
            tag = p.tag
            if tag.POS not in ("NOUN", "ADJF") or tag.number == "plur":
                continue
            case = case_of(p)
            if case not in CASES:
                continue
            gender = "ms-f" if "ms-f" in tag else (str(tag.gender) if tag.gender else None)
            if gender == "neut":
                continue
            out.append((p, case, gender, "Surn" in tag))
        return out


_FEMININE_ENDINGS = [("ову", "ова"), ("еву", "ева"), ("ёву", "ёва"), ("ину", "ина"), ("ыну", "ына"),
                     ("ой", "а"), ("скую", "ская"), ("цкую", "цкая")]
_MASCULINE_ENDINGS = [("ова", "ов"), ("ева", "ев"), ("ину", "ин"), ("ина", "ин"), ("ову", "ов"), ("еву", "ев"),
                      ("ым", "") , ("ого", "ий"), ("ому", "ий")]


def _suffix_nominative(word: str, case: str | None, gender: str | None) -> str:
    table = _FEMININE_ENDINGS if gender == "femn" else _MASCULINE_ENDINGS
    for ending, replacement in table:
        if word.endswith(ending):
            return word[: -len(ending)] + replacement
    return word


def _restore_case(form: str, original: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))


def context_gender(text: str, mention: NameMention, morphology: Morphology, *, limit: int = 160) -> str | None:
    """The gender the words around a name show: "которая", "проинформировала", "Она …", "выступила X"."""
    after = text[mention.end:mention.end + limit]
    cut = re.search(r"\n\s*\n|(?<=[.!?])\s+(?=[А-ЯЁ])(?!(?:Он|Она)\b)", after)
    window = after[: cut.start()] if cut else after
    for w in WORD.finditer(window):
        word = w.group().lower()
        if word in ("которая", "она"):
            return "femn"
        if word in ("который", "он"):
            return "masc"
        gender = morphology.past_gender(word)
        if gender:
            return gender
        if re.fullmatch(r"[А-ЯЁ][а-яё]+", w.group()) and w.start() > 0 and SURNAME_INITIALS.match(window, w.start()):
            break
    next_sentence = re.match(r"\s*(?:[.!?]\s*)?(Она|Он)\b", text[mention.end:mention.end + 200][len(window):] or "")
    if next_sentence:
        return "femn" if next_sentence.group(1) == "Она" else "masc"
    before = text[max(0, mention.start - 60):mention.start]
    words = WORD.findall(before)
    for word in reversed(words[-4:]):
        gender = morphology.past_gender(word.lower())
        if gender:
            return gender
    return None


def governor_cases(words_before: list[str]) -> frozenset[str] | None:
    """The case the nearest governing word before a name asks for, if any."""
    for word in reversed(words_before):
        w = word.lower()
        if ACCUSATIVE_GOVERNORS.match(w):
            return frozenset({"accs"})
        if NOMINATIVE_VERBS.match(w):
            return frozenset({"nomn"})
        if DATIVE_GOVERNORS.match(w):
            return frozenset({"datv"})
        if GENITIVE_GOVERNORS.match(w):
            return frozenset({"gent"})
    return None
