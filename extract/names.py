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

from extract.lemmas import fold
from extract.morph import CASES, Morphology, case_of
from extract.text import DASHES

# A surname may carry a particle written apart ("Де Лука", "фон Берг", "ван Дейк"); such surnames do not decline.
PARTICLE = r"(?:[Дд]е|[Дд]и|[Дд]а|[Дд]ель|[Дд]ос|[Вв]ан|[Фф]он|[Лл]е|[Лл]а|Мак|Аль|Эль|Ибн|Бен)"
SURNAME = rf"(?:{PARTICLE}[ \t](?=[А-ЯЁ][а-яё]))?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?"
CAPS_SURNAME = r"[А-ЯЁ]{3,}(?:-[А-ЯЁ]{3,})?"
INITIAL = r"(?:Дж|[А-ЯЁ])"
# (a PDF line may break between the two initials: "Гриценко Т.\nА., Самарина Л.Л.")
INITIALS = rf"{INITIAL}\.(?:[ \t]?|[ \t]*\n[ \t]*(?={INITIAL}\.[ \t]*(?:[,;)\n]|$))){INITIAL}\.|{INITIAL}\.[ \t]?{INITIAL}(?![а-яёА-ЯЁ.])"

# Not inside a word or an abbreviation ("им.С.А."), but glued to a list number is fine ("1.Т.В. Сокирко").
NOT_AFTER_WORD = r"(?<![А-Яа-яЁё])(?<![А-Яа-яЁё]\.)"
# A name may break over a PDF line ("Иванова\nИ.И., учитель"), but initials alone on a line are the
# stamp's place ("М.П.") or a signature's, not this surname's; nor are initials opening a line that holds
# their own surname and nothing else (a signature column: "Члены:   К.С. Петрова\n         Д.В. Орлов").
SURNAME_INITIALS = re.compile(
    rf"{NOT_AFTER_WORD}(?<![А-Яа-яЁё]-)(?P<surname>{SURNAME}|{CAPS_SURNAME})(?:[ \t]{{1,3}}|[ \t]*\n[ \t]*"
    rf"(?=(?:{INITIALS})(?![ \t]?{SURNAME}[ \t]*(?:\n|$))[ \t]*[^\s]))(?P<initials>{INITIALS})"
)
# "Лебедь А.", "Уилсон Дж.": one initial, then no other initial and no lower-case word going on ("Корпус Б. здания").
SURNAME_INITIAL = re.compile(
    rf"{NOT_AFTER_WORD}(?<![А-Яа-яЁё]-)(?P<surname>{SURNAME})[ \t](?P<initial>{INITIAL})\.(?![ \t]?{INITIAL}\.|[А-Яа-яЁё])"
    rf"(?=[ \t]*(?:[,;()\t\n]|[{DASHES}]|\.?$|\.?[ \t]+[А-ЯЁ(]|[ \t]+(?:и|–)[ \t]))"
)
# (the surname may open the next line of a PDF, "… по УВР Н.Г.\nСорокину", when no initials of its own follow it)
INITIALS_SURNAME = re.compile(
    rf"{NOT_AFTER_WORD}(?P<initials>{INITIALS})(?:[ \t]?|[ \t]*\n[ \t]*(?={SURNAME}(?![а-яё])(?![ \t]*{INITIAL}\.)))(?P<surname>{SURNAME})(?![а-яё])"
)
# A quick filter before pymorphy3's Patr tag decides: every case of -ович/-евич/-ич ("Ильича", "Кузьмичу") and
# -овна/-евна/-ична/-инична.
PATRONYMIC_HINT = re.compile(r"[А-ЯЁ][а-яё]+(?:ич(?:а|у|ем|е)?|[вч]н(?:а|ы|е|у|ой|ою))(?![а-яё])")
WORD = re.compile(r"[А-Яа-яЁё]+(?:-[А-Яа-яЁё]+)?")
PUPIL_BEFORE = re.compile(
    r"(?i)(?:обучающ|учащ|ученик|ученица|ученицы|воспитанни|студент|выпускни)[а-яё]*(?:[ \t]+\d{1,2}(?:[ \t]*[«\"]?[А-Яа-я][»\"]?)?"
    r"(?:[ \t]+[а-яё]+)?)?[ \t]+$"
)
# The usual surname endings in any case ("Пестов", "Пестова", "Ильину", "Вяземского"), for words the dictionary
# reads otherwise ("пестов" as a plural of "пест").
SURNAME_SHAPE = re.compile(r"[А-ЯЁ][а-яё]+(?:ов|ев|ёв|ин|ын)(?:а|у|ым|ой|е|ых)?|[А-ЯЁ][а-яё]+[сц]к(?:ий|ая|ого|ой|ому|им|ую)")

# Verbs whose subject is the name: "выступила Иванова И.И.", "выступили воспитатели Жукова-Бельская И.М. и …".
NOMINATIVE_VERBS = re.compile(
    r"^(?:выступил|выступал|доложил|сообщил|проинформировал|рассказал|отметил|докладывал|представил|ознакомил"
    r"|познакомил|предложил|огласил|подвел|подвёл|открыл|поделил)(?:а|и|ось|ась|ись|ся)?$"
)
ACCUSATIVE_GOVERNORS = re.compile(r"^(?:слушали|заслушали|заслушать|слушать|избрать|избрали|назначить|назначили|наградить|поблагодарить)$")
DATIVE_GOVERNORS = re.compile(
    r"^(?:предоставили|предоставить|предоставлено|предоставляется|поручить|поручили|рекомендовать|рекомендовали"
    r"|объявить|объявили|вручить|вручили|выразить|выразили|направить|поручено|рекомендовано)$"
)
GENITIVE_GOVERNORS = re.compile(
    r"^(?:(?:со)?доклад|(?:со)?доклада|(?:со)?докладу|выступление|выступления|сообщение|сообщения|информация|информацию|информации"
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
        if _role_or_title_word(m["surname"], morphology):
            continue
        if clash:
            # "Слушали Н.Г. Сорокину" against "Гетман Р.Б. Проведены …": the likelier surname wins, and
            # on a tie the surname written first (the usual order).
            if all(_surname_score(m["surname"], morphology) > _surname_score(f.surname, morphology) for f in clash):
                found = [f for f in found if f not in clash]
            else:
                continue
        found.append(mention)
    return sorted(found, key=lambda f: f.start)


def _surname_score(word: str, morphology: Morphology) -> int:
    """How likely a capitalized word is a surname: known surname 3, unknown word 2, other noun or
    adjective 1, a verb, participle, preposition or role word 0."""
    if morphology.likelihood(word, "Surn") >= 0.1:
        return 3
    if _role_or_title_word(word, morphology):
        return 0
    parses = morphology.parse(word.lower())
    if not parses or not parses[0].is_known:
        return 2
    if parses[0].tag.POS in ("VERB", "INFN", "PRTS", "PRTF", "GRND", "ADVB", "PREP", "CONJ", "PRCL", "NPRO", "INTJ", "PRED"):
        return 0
    return 1


def _role_or_title_word(word: str, morphology: Morphology) -> bool:
    """"И.О. Директора" is no name; "С.П. Голуб" and "А.Р. Ковтун" are, though they are dictionary words."""
    from extract.roles import ROLE_LEMMAS

    parses = morphology.parse(word.lower())
    return bool(parses) and parses[0].normal_form.replace("ё", "е") in ROLE_LEMMAS and not morphology.has_tag(word, "Surn")


def find_full_names(text: str, morphology: Morphology, ner_spans, start: int = 0, end: int | None = None) -> list[NameMention]:
    """Full names: "Виктор Семенович Лыков", "Кузьмину Ольгу Павловну", "Орлова Максима" (a pupil, no patronymic).

    Around a patronymic, the surname is the word natasha's NER puts in the same PER span, else the
    surname-like neighbour. Without a patronymic, a first name and a known surname next to each other
    count only when NER agrees. `ner_spans(start, end)` is called only for such places, so the NER
    model runs where it can help.
    """
    end = len(text) if end is None else end
    words = [(w.group(), w.start()) for w in WORD.finditer(text, start, end)]
    out: list[NameMention] = []
    for i, (word, pos) in enumerate(words):
        if not word[:1].isupper() or any(o.start <= pos < o.end for o in out):
            continue
        if PATRONYMIC_HINT.fullmatch(word) and morphology.has_tag(word, "Patr"):
            mention = _around_patronymic(text, morphology, ner_spans, words, i)
        elif _first_name(word, morphology) and not (i + 1 < len(words) and morphology.has_tag(words[i + 1][0], "Patr")):
            mention = _name_and_surname(text, morphology, ner_spans, words, i)
        else:
            mention = None
        if mention is not None and not any(o.start < mention.end and mention.start < o.end for o in out):
            out.append(mention)
    return out


def _adjacent(text: str, a: tuple[str, int], b: tuple[str, int]) -> bool:
    """Two words with only white space (no line break) between them (a tab too: "Фамилия<TAB>Имя<TAB>Отчество" columns)."""
    first, second = (a, b) if a[1] < b[1] else (b, a)
    gap = text[first[1] + len(first[0]):second[1]]
    return len(gap) <= 3 and not gap.strip() and gap.count("\n") <= 1


def _first_name(word: str, morphology: Morphology) -> bool:
    return any("Name" in p.tag and p.score >= 0.5 for p in morphology.parse(word))


def _around_patronymic(text, morphology, ner_spans, words, i) -> NameMention | None:
    word, pos = words[i]
    if i == 0 or not _adjacent(text, words[i - 1], words[i]):
        return None
    first = words[i - 1]
    if not (first[0][:1].isupper() and morphology.has_tag(first[0], "Name")):
        return None
    region = _line_region(text, pos)
    per = [(s, e) for s, e in ner_spans(*region) if s <= first[1] < e or s <= pos < e]
    surname = None
    # "Сапожников Егор Ильич МБОУ «…»" (a table row read without its tabs): an abbreviation in capitals is no
    # surname of a name written in lower case
    capitals = first[0].isupper() and len(first[0]) > 1

    def caps_ok(w) -> bool:
        return capitals or not (w[0].isupper() and len(w[0]) > 1)

    def label_below(w) -> bool:
        # "… Лилия Рашитовна\nСекретарь собрания – …": the next line's role label (even one that is a surname too)
        from extract.roles import ROLE_LEMMAS

        parses = morphology.parse(w[0].lower())
        return w[1] > pos and "\n" in text[pos:w[1]] and bool(parses) and parses[0].normal_form.replace("ё", "е") in ROLE_LEMMAS

    if per:
        s, e = per[0]
        inside = [w for w in words if s <= w[1] < e and w[1] not in (first[1], pos) and caps_ok(w) and not label_below(w)]
        surname = inside[0] if inside and (_adjacent(text, inside[0], first) or _adjacent(text, inside[0], words[i])) else None
    if surname is None:
        before = words[i - 2] if i >= 2 else None
        after = words[i + 1] if i + 1 < len(words) else None
        if after and caps_ok(after) and not label_below(after) and _adjacent(text, words[i], after) \
                and _surname_like(text, after, morphology, first=False):
            surname = after
        elif before and _adjacent(text, before, first) and _surname_like(text, before, morphology):
            surname = before
    if surname is None:
        return None
    particle = re.search(rf"(?<![А-Яа-яЁё]){PARTICLE}[ \t]$", text[max(0, surname[1] - 6):surname[1]])
    if particle is not None:
        # "Де Лука Анну Марковну": the particle is part of the surname.
        surname = (text[surname[1] - len(particle.group()):surname[1]] + surname[0], surname[1] - len(particle.group()))
    span_start = min(surname[1], first[1])
    span_end = max(surname[1] + len(surname[0]), pos + len(word))
    return NameMention(span_start, span_end, surname[0], surname[1], _initial(first[0]) + _initial(word), "full", first[0], word)


def _name_and_surname(text, morphology, ner_spans, words, i) -> NameMention | None:
    """"Орлов Максим", "Орлова Максима", "Максим Орлов": a first name next to a known surname, NER agreeing."""
    word, pos = words[i]
    for j in (i - 1, i + 1):
        if not 0 <= j < len(words):
            continue
        other = words[j]
        if not (other[0][:1].isupper() and _adjacent(text, words[i], other) and _may_be_surname(other[0], word, morphology)):
            continue
        if _first_name(other[0], morphology) or morphology.has_tag(other[0], "Patr"):
            continue
        region = _line_region(text, pos)
        span_start, span_end = min(pos, other[1]), max(pos + len(word), other[1] + len(other[0]))
        # A table cell holding just the two words ("7 | Дорош Олеся | представитель обучающихся") is a
        # name whatever NER says (it misses rare surnames there); elsewhere NER must agree.
        line_start = text.rfind("\n", 0, span_start) + 1
        alone_in_cell = re.search(r"\|[ \t]*$", text[line_start:span_start]) is not None and re.match(r"[ \t]*(?:\||\n|$)", text[span_end:]) is not None
        # "обучающийся 8 класса Котов Денис": a pupil named right after the word for one
        pupil = PUPIL_BEFORE.search(text[max(line_start, span_start - 40):span_start]) is not None
        if alone_in_cell or pupil or any(s <= span_start and span_end <= e for s, e in ner_spans(*region)):
            return NameMention(span_start, span_end, other[0], other[1], _initial(word), "full", word, None)
    return None


def _may_be_surname(word: str, first_name: str, morphology: Morphology) -> bool:
    """A known surname, a word the dictionary does not know ("Пестов"), or one in the first name's case ("Лебедю
    Арсению": a common noun used as a surname agrees with the first name). NER decides the rest."""
    if morphology.has_tag(word, "Surn") or not morphology.is_known_common_word(word) or SURNAME_SHAPE.fullmatch(word):
        return True
    name_cases = {case_of(p) for p in morphology.parse(first_name) if "Name" in p.tag}
    return any(p.tag.POS == "NOUN" and case_of(p) in name_cases and "Geox" not in p.tag for p in morphology.parse(word))


def find_single_initial_names(text: str, morphology: Morphology, ner_spans, taken: list[NameMention]) -> list[NameMention]:
    """"Лебедь А. (обучающийся 10 класса)", "Уилсон Дж. (ассистент учителя)": a surname with one initial (a pupil
    or a foreigner without a patronymic). A known surname or a two-letter initial counts; another word only when
    natasha's NER reads the two as a person ("Корпус Б." is no name)."""
    out = []
    for m in SURNAME_INITIAL.finditer(text):
        if any(t.start < m.end() and m.start() < t.end for t in taken):
            continue
        surname = m["surname"]
        if _role_or_title_word(surname, morphology):
            continue
        likely = m["initial"] == "Дж" or morphology.likelihood(surname, "Surn") >= 0.1
        if not likely and not any(s <= m.start() and m.end() - 1 <= e for s, e in ner_spans(*_line_region(text, m.start()))):
            continue
        out.append(NameMention(m.start(), m.end(), surname, m.start("surname"), format_initials(m["initial"]), "surname_initials"))
    return out


def _line_region(text: str, offset: int) -> tuple[int, int]:
    """The line around `offset`, at most 300 characters either side: the window NER reads."""
    start = text.rfind("\n", 0, offset) + 1
    if not text[start:offset].strip() and start > 0:
        start = text.rfind("\n", 0, start - 1) + 1  # a name opening a wrapped line may have begun on the line before
    start = max(start, offset - 300)
    end = text.find("\n", offset)
    end = len(text) if end < 0 else end
    return start, min(end, offset + 300)


def _initial(word: str) -> str:
    return ("Дж" if word.startswith("Дж") else word[0]) + "."


def _surname_like(text: str, word: tuple[str, int], morphology: Morphology, *, first: bool = True) -> bool:
    """A capitalized word that can be a surname: a known one, an unknown word, or (inside a sentence,
    where capitals mean names) any word that is not a first name or patronymic: "… цикла Седых Анну"."""
    value, pos = word
    if not value[:1].isupper() or morphology.has_tag(value, "Patr"):
        return False
    if morphology.likelihood(value, "Surn") >= 0.1 or SURNAME_SHAPE.fullmatch(value):
        return True
    if morphology.pos(value) in ("VERB", "INFN", "PRTS", "ADVB", "CONJ", "PREP", "PRCL"):
        return False  # "… Алла Анатольевна\nПрисутствовали:"
    if not morphology.is_known_common_word(value):
        return True
    before = text[max(0, pos - 3):pos]
    if re.search(r"[А-Яа-яЁё,][ \t]*$", before):
        return True
    if not first:
        return False
    # A list line opening with it: "4. Сорока Анна Павловна – учитель-логопед".
    line_start = text.rfind("\n", 0, pos) + 1
    return re.fullmatch(r"[ \t]*(?:\d{1,3}[.)]?[ \t]*\|?|[-–—•*]|\|)?[ \t]*", text[line_start:pos]) is not None  # "9. | Кузнец …"


class NameNormalizer:
    """Nominative "Фамилия И.О." for a mention, given what its context says."""

    def __init__(self, morphology: Morphology, known: tuple[str, ...] = ()) -> None:
        self.morph = morphology
        self.known: dict[str, list[str]] = {}
        for name in known:
            surname, _, initials = name.rpartition(" ")
            if surname and surname not in self.known.setdefault(initials, []):
                self.known[initials].append(surname)

    def knowing(self, names) -> "NameNormalizer":
        """A normalizer for one document that knows the nominatives the document writes itself.

        A surname in an oblique case is ambiguous ("Бережного" is of Бережной or Бережный, "Ногтевой" of
        Ногтева or Ногтевая); the attendance list, the agenda's reporter lines or the signatures often
        write the same person in the nominative, and that spelling wins where it declines to the form read.
        """
        return NameNormalizer(self.morph, tuple(names))

    def normalize(self, mention: NameMention, context: NameContext | None = None) -> str:
        context = context or NameContext()
        cases, gender = context.cases, context.gender
        if mention.form == "full":
            cases, gender = self._full_name_grammar(mention, cases, gender)
        elif context.as_written:
            cases = frozenset({"nomn"})
        as_written = context.as_written and mention.form != "full"
        known = None if as_written else self._known_nominative(mention.surname, mention.initials)
        surname = known or self.surname_nominative(
            mention.surname, cases, gender, as_written=as_written, certain=mention.form == "full" and bool(gender),
        )
        return f"{surname} {mention.initials}"

    def _known_nominative(self, surname: str, initials: str) -> str | None:
        """The document's own nominative of this person (same initials, a surname that declines to `surname`)."""
        for candidate in self.known.get(initials, ()):
            if self._declines_to(candidate, surname):
                return candidate
        return None

    def _declines_to(self, nominative: str, form: str) -> bool:
        nominative, form = fold(nominative), fold(form)
        if nominative == form:
            return True
        parts, forms = nominative.split("-"), form.split("-")
        if len(parts) != len(forms) or " " in nominative:
            return False
        return all(p == f or f in self._forms(p) for p, f in zip(parts, forms))

    def _forms(self, word: str) -> set[str]:
        return {fold(f.word) for p in self.morph.parse(word) if p.tag.POS in ("NOUN", "ADJF") for f in p.lexeme}

    def gender_of(self, mention: NameMention, context: NameContext | None = None) -> str | None:
        context = context or NameContext()
        if mention.form == "full":
            return self._full_name_grammar(mention, context.cases, context.gender)[1]
        return context.gender

    def _full_name_grammar(self, mention: NameMention, cases, gender):
        """Case and gender from the first name and patronymic, which decline unambiguously."""
        source, grammeme = (mention.patronymic, "Patr") if mention.patronymic else (mention.first_name, "Name")
        readings = [
            (case_of(p), str(p.tag.gender))
            for p in self.morph.parse(source or "")
            if grammeme in p.tag and case_of(p)
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

    def surname_nominative(self, surname: str, cases: frozenset[str] | None, gender: str | None, *,
                           as_written: bool = False, certain: bool = False) -> str:
        """The nominative of a surname read in one of `cases` with `gender` (either may be unknown).

        `certain`: the case and gender come from a first name and patronymic, so a surname that
        pymorphy cannot read in that case is declined by its ending ("Голуба Сергея" -> "Голуб").
        """
        if " " in surname:
            return surname  # "Де Лука": a surname with a particle does not decline
        if "-" in surname:
            if gender is None and re.search(r"(?:ая|яя)(?:-|$)", surname):
                gender = "femn"  # "Жукова-Бельская": the adjectival part shows a woman's surname, the other agrees
            return "-".join(
                self.surname_nominative(part, cases, gender, as_written=as_written, certain=certain) for part in surname.split("-")
            )
        word = surname.capitalize() if surname.isupper() else surname
        if as_written:
            # Lists and signatures are nominative; pymorphy knows too few surnames to re-derive them (Скиба, Седых).
            return word
        readings = self._readings(word)
        fitting = [r for r in readings if (not gender or r[2] in (gender, "ms-f", None))]
        if gender == "femn" and not fitting and re.search(r"[бвгджзклмнпрстфхцчшщь]$", word):
            return word  # a woman's surname ending in a consonant does not decline ("Рудь", "Гутник")
        if gender != "masc" and cases and cases & {"gent", "datv", "ablt", "loct"} and not any("Surn" in r[0].tag for r in readings):
            # "Ногтевой Ирине", "Масловой": a woman's -ова/-ева/-ина surname, not the adjective ("ногтевая")
            # pymorphy3 reads when it does not know the surname; adjectival -овая surnames are far rarer.
            m = re.fullmatch(r"(.+(?:ов|ев|ёв|ин|ын))(?:ой|ою)", word)
            if m and (gender == "femn" or not any(r[1] in cases and r[2] == "masc" and r[0].tag.POS == "NOUN" for r in readings)):
                return m.group(1) + "а"
        nominative_adjective = any(r[1] == "nomn" and r[0].tag.POS == "ADJF" for r in fitting)
        if cases and not any(r[1] in cases for r in fitting) and not (cases <= {"nomn"}) and not nominative_adjective:
            # pymorphy has no reading in this case (and gender): decline by the ending ("Скибу" -> "Скиба").
            for g in ([gender] if gender in ("masc", "femn") else ["femn", "masc"]):
                for case in sorted(cases):
                    form = _suffix_nominative(word.lower(), case, g)
                    if form != word.lower():
                        return _restore_case(form, word)
        if not readings:
            return word
        if cases is not None and cases <= {"nomn"} and any(r[1] == "nomn" for r in fitting):
            return word
        if certain and cases and gender and not any(r[1] in cases for r in fitting):
            case = next(iter(sorted(cases)))
            return _restore_case(_suffix_nominative(word.lower(), case, gender), word)
        pool = fitting or readings
        if cases:
            by_case = [r for r in pool if r[1] in cases]
            if by_case:
                pool = by_case
            elif any(r[1] == "nomn" for r in pool):
                pool = [r for r in pool if r[1] == "nomn"]
        if not gender and cases and not (cases & {"nomn"}):
            pool = [r for r in pool if r[1] != "nomn"] or pool
        # Surnames first, then adjectival ones ("Осадчую" -> "Осадчая"), then people's names, then the rest.
        pool.sort(key=lambda r: (r[3], r[1] != "nomn" if not cases else False, -r[0].score))
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
        """(parse, case, gender, rank) for singular noun/adjective readings of `word`; lower rank is likelier a surname."""
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
            if "Surn" in tag:
                rank = 0
            elif tag.POS == "ADJF" and "Poss" not in tag:
                rank = 1
            elif "Name" in tag or "anim" in tag or tag.POS == "ADJF":
                rank = 2
            else:
                rank = 3
            out.append((p, case, gender, rank))
        return out


# Endings of declined surnames by gender and case, for surnames pymorphy cannot decline itself.
_ENDINGS = {
    ("femn", "accs"): [("скую", "ская"), ("цкую", "цкая"), ("ую", "ая"), ("у", "а"), ("ю", "я")],
    ("femn", "gent"): [("ской", "ская"), ("цкой", "цкая"), ("чей", "чая"), ("щей", "щая"), ("жей", "жая"), ("шей", "шая"),
                       ("ой", "а"), ("ы", "а"), ("и", "я")],
    ("femn", "datv"): [("ской", "ская"), ("цкой", "цкая"), ("чей", "чая"), ("щей", "щая"), ("ой", "а"), ("е", "а")],
    ("femn", "ablt"): [("ской", "ская"), ("чей", "чая"), ("щей", "щая"), ("ой", "а"), ("ою", "а")],
    ("masc", "gent"): [("ского", "ский"), ("цкого", "цкий"), ("ого", "ой"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("я", "ь"), ("а", "")],
    ("masc", "accs"): [("ского", "ский"), ("цкого", "цкий"), ("ого", "ой"), ("ова", "ов"), ("ева", "ев"), ("ина", "ин"), ("я", "ь"), ("а", "")],
    ("masc", "datv"): [("скому", "ский"), ("цкому", "цкий"), ("ому", "ой"), ("ову", "ов"), ("еву", "ев"), ("ину", "ин"), ("ю", "ь"), ("у", "")],
    ("masc", "ablt"): [("ским", "ский"), ("овым", "ов"), ("евым", "ев"), ("иным", "ин"), ("ем", "ь"), ("ом", "")],
}


def _suffix_nominative(word: str, case: str | None, gender: str | None) -> str:
    for ending, replacement in _ENDINGS.get((gender or "", case or ""), []):
        if word.endswith(ending) and len(word) > len(ending) + 2:
            return word[: -len(ending)] + replacement
    return word


def _restore_case(form: str, original: str) -> str:
    return "-".join(part[:1].upper() + part[1:] for part in form.split("-"))


def context_gender(text: str, mention: NameMention, morphology: Morphology, *, limit: int = 160) -> str | None:
    """The gender the words around a name show: "которая", "проинформировала", "Она …", "выступила X"."""
    after = text[mention.end:mention.end + limit]
    cut = re.search(r"\n\s*\n|(?<=[а-яё0-9»)]{3}[.!?])\s+(?=[А-ЯЁ])(?!(?:Он|Она)\b)", after)
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


# "Информация представлена Орловой О.О., методистом": a short passive participle asks for its agent in the instrumental
INSTRUMENTAL_GOVERNORS = re.compile(r"^(?:представлен|озвучен|доложен|сделан|подготовлен)[аоы]?$")


def governor_cases(words_before: list[str]) -> frozenset[str] | None:
    """The case the nearest governing word before a name asks for, if any."""
    for word in reversed(words_before):
        w = word.lower()
        if INSTRUMENTAL_GOVERNORS.match(w):
            return frozenset({"ablt"})
        if ACCUSATIVE_GOVERNORS.match(w):
            return frozenset({"accs"})
        if NOMINATIVE_VERBS.match(w):
            return frozenset({"nomn"})
        if DATIVE_GOVERNORS.match(w):
            return frozenset({"datv"})
        if GENITIVE_GOVERNORS.match(w):
            return frozenset({"gent"})
    return None
