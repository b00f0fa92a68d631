"""A reproducible generator of realistic synthetic protocols, for load tests and benchmarks only.

Generated texts are NOT for quality evaluation (that is what corpus/gold/ is for): they repeat a
finite set of phrasings, and `meta` records what the generator meant to write, not a checked gold
annotation (a flattened or cut-off text may lose some of it).

    python corpus/generate.py --count 1000 --seed 7 --out /tmp/protocols --format txt|docx|pdf|mix

`generate_protocol(seed, index)` is a pure function of (seed, index): the same pair always gives
the same protocol, in any order and in any process, so a corpus can be generated in parallel or
regenerated in part. Variety: fifteen meeting kinds of schools, kindergartens and municipal bodies;
header, date, time, attendance, agenda, speaker and decision styles drawn independently; ~300
organizations of seven fictional municipalities written in several spellings; people with correct
gender forms and case inflection; measures in paraphrases; dates over 2010–2026; lengths from half
a page to about five pages; a few flattened, OCR-glued or cut-off texts as real archives have.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make `corpus` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from corpus.generate_content import (  # noqa: E402
    ACCEPT,
    CONTROL,
    GENERIC_SPEECH,
    GUEST_ROLES,
    HEAD_ROLES,
    KINDERGARTEN_ROLES,
    KINDS,
    MONTHS,
    MONTHS_NOM,
    MUNICIPAL_ADDRESSEES,
    MUNICIPAL_ROLES,
    SCHOOL_ADDRESSEES,
    SCHOOL_ROLES,
    SPEAKER_TAILS,
    SUBJECTS,
    TOPICS,
    Kind,
    Measure,
    Role,
)
from corpus.generate_names import Person, random_person  # noqa: E402
from corpus.generate_schools import MUNICIPALITIES, Municipality, School  # noqa: E402

FIRST_DAY = dt.date(2010, 1, 11).toordinal()
LAST_DAY = dt.date(2026, 12, 25).toordinal()
ORDINALS = ("первому", "второму", "третьему", "четвертому", "пятому", "шестому", "седьмому", "восьмому")
KIND_WEIGHTS = (14, 12, 9, 8, 4, 6, 9, 4, 5, 7, 5, 4, 4, 5, 4)
DATE_STYLES = ("dot", "dot_g", "dot_glued", "words", "words_g", "quoted", "slash", "iso", "short_year", "stray_space", "no_zero")
DATE_WEIGHTS = (24, 18, 6, 14, 6, 8, 3, 2, 3, 2, 4)
ATTENDANCE_STYLES = ("count", "lines", "comma", "table", "tabs", "numbered_full", "categories", "clusters")
DECISION_MARKERS = ("Решили:", "РЕШИЛИ:", "Постановили:", "ПОСТАНОВИЛИ:", "Решение:", "РЕШЕНИЕ:")
LETTER = "АБВГ"
NUMBER_CHOICES = tuple(range(1, 13))
WEEKDAY_SHIFT = (0, 0, 0, 0, 0, -1, -2)  # meetings fall on working days
SENTENCES_PER_ITEM = {  # how much a reporter says, by the protocol's length
    "short": ((2, 3, 4), (40, 40, 20)),
    "medium": ((3, 5, 8, 12), (30, 35, 25, 10)),
    "long": ((8, 12, 16, 20), (20, 35, 30, 15)),
}
MONTH_WEIGHTS = (6, 8, 9, 9, 9, 4, 1, 9, 11, 10, 10, 9)
EXTRA_PRESENT = {"school": (5, 40), "kindergarten": (5, 30), "municipal": (5, 45), "small": (0, 4)}
PRESCHOOL_TOPICS = ("summer", "safety", "meals", "fgos", "attestation", "mentoring")
PLURAL_ENDINGS = ("ли", "ты", "ки", "ры", "ые", "ие", "ги")  # "классные руководители", "учителя-предметники"
SCHOOL_PARTY = {"руководители ОО": "администрация школы", "руководители ГМО": "руководители ШМО", "руководитель ГМО": "руководитель ШМО"}


@dataclass
class GeneratedProtocol:
    """One generated protocol: its text, a file name stem and what the generator put in it."""

    text: str
    filename_stem: str
    meta: dict = field(default_factory=dict)


# Random.randint/choices cost microseconds each; these draw the same kind of values from one
# rng.random() call, which matters at 100k protocols.
def _below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def _between(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


@lru_cache(maxsize=None)
def _cumulative(weights: tuple) -> tuple[tuple[float, ...], float]:
    sums = tuple(accumulate(weights))
    return sums, sums[-1]


def _pick(rng: random.Random, options, weights: tuple | None = None):
    if weights is None:
        return options[int(rng.random() * len(options))]
    sums, total = _cumulative(weights)
    return options[bisect_right(sums, rng.random() * total)]


def format_date(day: dt.date, style: str) -> str:
    """A date the way protocols write it (see DATE_STYLES)."""
    d, m, y = day.day, day.month, day.year
    if style == "dot":
        return f"{d:02d}.{m:02d}.{y}"
    if style == "dot_g":
        return f"{d:02d}.{m:02d}.{y} г."
    if style == "dot_glued":
        return f"{d:02d}.{m:02d}.{y}г."
    if style == "words":
        return f"{d} {MONTHS[m - 1]} {y} года"
    if style == "words_g":
        return f"{d} {MONTHS[m - 1]} {y} г."
    if style == "quoted":
        return f"«{d:02d}» {MONTHS[m - 1]} {y} г."
    if style == "slash":
        return f"{d:02d}/{m:02d}/{y}"
    if style == "iso":
        return day.isoformat()
    if style == "short_year":
        return f"{d:02d}.{m:02d}.{y % 100:02d}"
    if style == "stray_space":
        return f"{d:02d} .{m:02d}.{y} г."
    return f"{d}.{m:02d}.{y} г."


def format_time(hour: int, minute: int, style: int) -> str:
    return (f"{hour}.{minute:02d}", f"{hour}:{minute:02d}", f"в {hour} ч. {minute:02d} мин.", f"{hour}-{minute:02d}")[style]


def _takes_genitive_plural(n: int) -> bool:
    """Counts that agree with a genitive plural ("15 педагогов", "7 предписаний"): not 1-4 or x1-x4."""
    return n % 10 in (0, 5, 6, 7, 8, 9) or 11 <= n % 100 <= 14


MANY_SMALL = tuple(n for n in range(5, 20) if _takes_genitive_plural(n))
MANY_MEDIUM = tuple(n for n in range(5, 41) if _takes_genitive_plural(n))
MANY_LARGE = tuple(n for n in range(40, 901) if _takes_genitive_plural(n))
PERCENTS_HIGH = tuple(f"{whole},{tenth}" for whole in range(40, 100) for tenth in range(10))
PERCENTS_MID = tuple(f"{whole},{tenth}" for whole in range(30, 81) for tenth in range(10))


def persons(n: int) -> str:
    """"человек" or "человека" as a count wants it (22 человека, 25 человек, 21 человек)."""
    return "человека" if n % 10 in (2, 3, 4) and not 12 <= n % 100 <= 14 else "человек"


def _academic_year(day: dt.date) -> int:
    return day.year if day.month >= 8 else day.year - 1


class _Builder:
    """Writes one protocol line by line and records its meta on the way."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.index = index
        self.lines: list[str] = []
        self.schools: dict[str, str] = {}  # key → first spelling written
        self.participants: dict[str, None] = {}
        self.speakers: list[dict] = []
        self.decisions: list[dict] = []
        self.agenda: list[str] = []
        self.roles: dict[str, Role] = {}  # a person keeps one role through the protocol
        self.control_written = False
        # the writer's habits, one per protocol
        self.intro = _below(rng, 8)
        self.decision_marker = _pick(rng, DECISION_MARKERS)
        self.decision_numbering = _pick(rng, ("dot", "paren", "nested", "dash"), (50, 20, 15, 15))
        self.label_style = _pick(rng, (0, 1, 2), (60, 25, 15))

    # --- helpers -----------------------------------------------------------------------------

    def school_mention(self, school: School) -> str:
        """A school's name as written here: its usual form, or another spelling when named again."""
        if school.key in self.schools and self.rng.random() < 0.35:
            text = _pick(self.rng, school.spellings)
        else:
            text = school.spellings[0]
        self.schools.setdefault(school.key, text)
        return text

    def org_mention(self, key: str, text: str) -> str:
        self.schools.setdefault(key, text)
        return text

    def with_orgs(self, role: Role) -> Role:
        """The role, its organizations recorded as mentioned: call where its text is written."""
        for key, text in role.orgs:
            self.schools.setdefault(key, text)
        return role

    def attend(self, person: Person) -> None:
        self.participants[person.key] = None

    def fill(self, template: str, item_fill: dict) -> str:
        if "{" not in template:
            return template
        if "{school}" in template:  # a school is recorded only when a sentence names it
            item_fill["school"] = self.school_mention(self.some_school())
        return template.format_map(item_fill)

    def some_school(self) -> School:
        """A general-education school of the municipality (not a kindergarten)."""
        schools = self.municipality.schools
        for _ in range(8):
            school = _pick(self.rng, schools)
            if school.kind in ("school", "gymnasium", "lyceum"):
                return school
        return schools[0]

    def person(self, **kw) -> Person:
        return random_person(self.rng, **kw)

    # --- the protocol --------------------------------------------------------------------------

    def build(self) -> GeneratedProtocol:
        rng = self.rng
        kind: Kind = _pick(rng, KINDS, KIND_WEIGHTS)
        self.kind = kind
        municipality: Municipality = _pick(rng, MUNICIPALITIES)
        self.municipality = municipality
        day = self._date(kind)
        self.day = day
        year0 = _academic_year(day)
        self.year_fill = {
            "year": f"{year0}-{year0 + 1}",
            "prev_year": f"{year0 - 1}-{year0}",
            "next_year": f"{year0 + 1}-{year0 + 2}",
        }
        self.subject = _pick(rng, SUBJECTS)
        self.cls = f"{_between(rng, 1, 11)} «{LETTER[_below(rng, 4)]}»"
        title_gen, doc_type = self._title(kind, municipality)
        host, body = self._host(kind, municipality)
        self.host = host

        self.length = _pick(rng, ("short", "medium", "long"), (30, 55, 15))
        if self.length == "long":
            n_items = _pick(rng, (4, 5, 6, 7, 8), (15, 25, 25, 20, 15))
        else:
            n_items = _pick(rng, (1, 2, 3, 4, 5, 6, 7), (10, 14, 26, 22, 14, 9, 5))
        topic_keys = list(PRESCHOOL_TOPICS if "дошкольн" in title_gen else kind.topics)
        rng.shuffle(topic_keys)
        topics = []  # round robin over the kind's topics while each has an unused agenda wording
        for round_ in range(8):
            topics += [TOPICS[key] for key in topic_keys if len(TOPICS[key].agenda) > round_]
        topics = topics[:n_items]
        n_items = len(topics)
        self.chair = self.person()
        self.secretary = self.person()
        members = [self.person() for _ in range(_between(rng, 3, 14))]
        self.members = members

        self._header(kind, municipality, title_gen, body, day)
        self._attendance(kind, municipality, members)
        self._agenda(topics)
        gathered = rng.random() < 0.35
        pending: list[tuple[int, list]] = []
        for i, topic in enumerate(topics, start=1):
            decisions = self._item(i, topic)
            if gathered:
                pending.append((i, decisions))
            else:
                self._write_decisions([(i, decisions)], per_item=True, n_items=n_items)
        if gathered:
            self._write_decisions(pending, per_item=False, n_items=n_items)
        if kind.votes and rng.random() < 0.5 and gathered:
            self._vote()
        self._signatures(kind)
        if rng.random() < 0.1:
            self.lines.append("")
            self.lines.append(f"Приложение: {_pick(rng, ('список присутствующих', 'презентация докладчика', 'план мероприятий', 'график проведения мероприятий'))} на {_between(rng, 1, 5)} л.")

        text = "\n".join(self.lines) + "\n"
        noise = "none"
        roll = rng.random()
        if roll < 0.03:
            text, noise = " ".join(line.strip() for line in text.split("\n") if line.strip()) + "\n", "flattened"
        elif roll < 0.06:
            text, noise = _ocr_glue(text), "ocr"
            self.agenda = [_ocr_glue(item) for item in self.agenda]
            self.schools = {key: _ocr_glue(name) for key, name in self.schools.items()}
            self.organization = self.organization and _ocr_glue(self.organization)
            for decision in self.decisions:
                for field_name in ("text", "responsible", "deadline"):
                    if field_name in decision:
                        decision[field_name] = _ocr_glue(decision[field_name])
        if rng.random() < 0.08:
            cut = _between(rng, len(text) * 2 // 5, len(text) - 1)
            text, noise = text[:cut], noise + "+truncated" if noise != "none" else "truncated"

        meta = {
            "kind": kind.key,
            "doc_type": doc_type,
            "number": self.number,
            "date": day.isoformat(),
            "time": self.time,
            "place": self.place,
            "format": self.format,
            "organization": self.organization,
            "municipality": municipality.key,
            "participants": list(self.participants),
            "participant_count": self.count,
            "schools": list(self.schools.values()),
            "school_keys": list(self.schools),
            "agenda": self.agenda,
            "topics": [t.label for t in topics],
            "speakers": self.speakers,
            "decisions": self.decisions,
            "style": self.style,
            "noise": noise,
            "length": self.length,
            "title": self.title,
        }
        stem = f"{self.index:06d}_{kind.key}_{day.isoformat()}"
        return GeneratedProtocol(text=text, filename_stem=stem, meta=meta)

    def _date(self, kind: Kind) -> dt.date:
        rng = self.rng
        year = _between(rng, 2010, 2026)
        month = 8 if kind.key == "pedsovet" and rng.random() < 0.3 else _pick(rng, range(1, 13), MONTH_WEIGHTS)
        day = dt.date(year, month, _between(rng, 1, 28))
        day = day + dt.timedelta(days=WEEKDAY_SHIFT[day.weekday()])
        return min(max(day, dt.date.fromordinal(FIRST_DAY)), dt.date.fromordinal(LAST_DAY))

    def _title(self, kind: Kind, municipality: Municipality) -> tuple[str, str]:
        titles = kind.titles
        if kind.key == "gmo":
            titles = titles[2:] if not municipality.urban else titles[:2]
        title_gen, doc_type = _pick(self.rng, titles)
        fill = {"subject": self.subject, "cls": self.cls}
        return title_gen.format_map(fill), doc_type.format_map(fill)

    def _host(self, kind: Kind, municipality: Municipality) -> tuple[School | None, tuple[str, str] | None]:
        """The school or kindergarten holding the meeting, or (key, name) of a municipal body."""
        rng = self.rng
        if kind.level == "municipal":
            if rng.random() < 0.5:
                return None, (f"{municipality.key}:authority", municipality.authority)
            return None, (f"{municipality.key}:center", municipality.center)
        wanted = ("kindergarten",) if kind.level == "kindergarten" else ("school", "gymnasium", "lyceum")
        candidates = [s for s in municipality.schools if s.kind in wanted]
        return _pick(rng, tuple(candidates)), None

    # --- header ------------------------------------------------------------------------------

    def _header(self, kind: Kind, municipality: Municipality, title_gen: str, body: tuple[str, str] | None, day: dt.date) -> None:
        rng, lines = self.rng, self.lines
        style: dict = {}
        self.style = style
        number = _pick(rng, NUMBER_CHOICES)
        number_style = _pick(rng, ("plain", "glued", "zero", "year", "none"), (60, 12, 8, 6, 14))
        self.number = {
            "plain": str(number), "glued": str(number), "zero": f"{number:02d}", "year": f"{number}/{day.year}", "none": None,
        }[number_style]
        sign = "№" if number_style == "glued" else "№ "
        no = f"{sign}{self.number}" if self.number else ""
        date_style = _pick(rng, DATE_STYLES, DATE_WEIGHTS)
        written_date = format_date(day, date_style)
        style.update(number=number_style, date=date_style)

        host = self.host
        in_title = ""
        letterhead: list[str] = []
        authority = (f"{municipality.key}:authority", municipality.authority)
        if host is not None:
            placement = _pick(rng, ("letterhead_full", "letterhead_short", "title", "upper"), (35, 25, 30, 10))
            style["host"] = placement
            if placement != "title" and rng.random() < 0.25:  # the parent authority above the school
                letterhead.append(self.org_mention(*authority))
            if placement == "title":
                in_title = " " + self.school_mention(host)
                self.organization = in_title.strip()
            elif placement == "letterhead_full":
                self.organization = self.org_mention(host.key, host.full)
                if rng.random() < 0.5:  # broken over two lines as letterheads are
                    head, _, rest = host.full.partition(" «")
                    letterhead += [head, "«" + rest]
                else:
                    letterhead.append(host.full)
            elif placement == "upper":
                self.organization = self.org_mention(host.key, host.full.upper())
                letterhead.append(self.organization)
            else:
                self.organization = self.school_mention(host)
                letterhead.append(self.organization)
        else:
            style["host"] = "municipal"
            key, name = body
            if key != authority[0] and rng.random() < 0.5:
                letterhead.append(self.org_mention(*authority))
            self.organization = self.org_mention(key, name.upper() if rng.random() < 0.3 else name)
            letterhead.append(self.organization)
        lines.extend(letterhead)
        if letterhead:
            lines.append("")

        header_style = _below(rng, 7) if self.number else _pick(rng, (2, 5))
        style["header"] = header_style
        title = title_gen + in_title
        protocol_word = _pick(rng, ("ПРОТОКОЛ", "Протокол"))
        if header_style == 0:
            block = [f"{protocol_word} {no}", title]
            lines.extend(block + ["", f"от {written_date}"])
        elif header_style == 1:
            block = [f"{protocol_word} {no}", title]
            lines.extend(block + [written_date])
        elif header_style == 2:
            block = [protocol_word, title]
            lines.extend(block + ["", f"от {written_date}" + (f" {no}" if no else "")])
        elif header_style == 3:
            block = [f"Протокол {title} {no} от {written_date}"]
            lines.extend(block)
        elif header_style == 4:
            block = [f"Протокол {no} от {written_date}", title]
            lines.extend(block)
        elif header_style == 5:
            block = [protocol_word, title]
            right = no if no else f"{self.municipality.town}"
            lines.extend(block + ["", f"{written_date}{' ' * _between(rng, 8, 50)}{right}"])
        else:
            block = [f"{protocol_word} {no}", title]
            lines.extend(block + ["", f"{self.municipality.town}{' ' * _between(rng, 8, 50)}{written_date}"])
        self.title = "\n".join(block)
        lines.append("")

        self.time = self.place = self.format = None
        if rng.random() < 0.45:
            hour, minute = _pick(rng, (9, 10, 11, 13, 14, 15, 15, 16, 17, 18)), _pick(rng, (0, 0, 0, 30, 15))
            label = _pick(rng, ("Время:", "Время проведения:", "Начало:", "Время начала:"))
            lines.append(f"{label} {format_time(hour, minute, _below(rng, 4))}")
            self.time = f"{hour:02d}:{minute:02d}"
        venue_roll = rng.random()
        if venue_roll < 0.2:
            platform = _pick(rng, ("Сферум", "Zoom", "Яндекс Телемост", "VK Звонки"))
            if rng.random() < 0.5:
                link = f"https://meet.example.ru/{_between(rng, 10**9, 10**10 - 1)}"
                lines.append(f"Формат проведения: ВКС ({platform}, ссылка: {link})")
                self.format = "ВКС"
            else:
                lines.append(f"Форма проведения: онлайн, платформа «{platform}»")
                self.format = "онлайн"
        elif venue_roll < 0.55:
            self.place = _pick(rng, ("актовый зал", "кабинет директора", "учительская", "методический кабинет",
                                    f"каб. {_between(rng, 101, 320)}", "библиотека", "конференц-зал"))
            lines.append(f"{_pick(rng, ('Место проведения:', 'Место:'))} {self.place}")
            if rng.random() < 0.3:
                lines.append("Форма проведения: очная")
                self.format = "очно"
        if header_style == 5 and not no:
            self.place = self.place or self.municipality.town
        if header_style == 6:
            self.place = self.place or self.municipality.town
        if lines[-1]:
            lines.append("")
        style["venue"] = self.format or ("place" if self.place else "none")

    # --- attendance --------------------------------------------------------------------------

    def _role(self, attendee: bool = False) -> Role:
        """A concrete role for a speaker, or (attendee=True) for a line of a municipal attendance list."""
        rng = self.rng
        if self.kind.level == "municipal":
            return self._resolve(_pick(rng, MUNICIPAL_ROLES[6:] if attendee and rng.random() < 0.8 else MUNICIPAL_ROLES))
        if self.kind.level == "kindergarten":
            return _pick(rng, KINDERGARTEN_ROLES)
        return self._resolve(_pick(rng, SCHOOL_ROLES))

    def _resolve(self, role: Role) -> Role:
        """The role with its subject, class, authority, centre and school filled in (one school for all cases)."""
        if "{" not in role.nom:
            return role
        m = self.municipality
        orgs = []
        fill = {
            "subject": self.subject,
            "cls": self.cls,
            "authority_short_gen": "управления образования" if m.urban else "отдела образования",
            "center_short": m.center_short,
            "school": "",
        }
        if "{center_short}" in role.nom:
            orgs.append((f"{m.key}:center", m.center_short))
        if "{school}" in role.nom:
            school = self.some_school()
            fill["school"] = school.spellings[0] if school.key not in self.schools else _pick(self.rng, school.spellings)
            orgs.append((school.key, fill["school"]))
        return Role(role.nom.format_map(fill), role.gen.format_map(fill), role.dat.format_map(fill), tuple(orgs))

    def _attendance(self, kind: Kind, municipality: Municipality, members: list[Person]) -> None:
        rng, lines = self.rng, self.lines
        if kind.level == "municipal":
            style = _pick(rng, ATTENDANCE_STYLES, (22, 10, 10, 14, 4, 4, 0, 20))
        elif kind.key in ("parents_class", "parents_school"):
            style = _pick(rng, ATTENDANCE_STYLES, (40, 5, 5, 0, 0, 0, 30, 0))
        else:
            style = _pick(rng, ATTENDANCE_STYLES, (25, 20, 20, 10, 6, 10, 4, 0))
        self.style["attendance"] = style
        self.count = None
        chair_label, secretary_label = _pick(rng, (("Председатель:", "Секретарь:"), ("Председатель –", "Секретарь –"),
                                                   ("Председатель заседания:", "Секретарь заседания:")))
        name_style = _pick(rng, ("short", "spaced", "full", "full_name_first", "initials_first"), (60, 8, 18, 6, 8))
        with_chair = rng.random() < 0.6
        role = HEAD_ROLES.get(kind.key) or HEAD_ROLES.get(kind.level) or self._resolve(MUNICIPAL_ROLES[0])
        self.roles[self.chair.key] = role
        if with_chair:
            lines.append(f"{chair_label} {self.chair.mention('nom', name_style)}, {self.with_orgs(role).nom}")
            lines.append(f"{secretary_label} {self.secretary.mention('nom', name_style)}")
            self.attend(self.chair)
            self.attend(self.secretary)

        def listed(person: Person) -> str:
            self.attend(person)
            return person.mention("nom", name_style)

        if style == "count":
            n = len(members) + _between(rng, *EXTRA_PRESENT[kind.level if kind.key not in ("shmo", "class_teachers") else "small"])
            self.count = n
            lines.append(_pick(rng, (f"Присутствовали: {n} {persons(n)}", f"Присутствовало: {n} чел.", f"Присутствовали {n} {persons(n)}.",
                                     f"Присутствовали: {n} из {n + _between(rng, 1, 5)} членов")))
        elif style in ("lines", "numbered_full"):
            lines.append("Присутствовали:")
            for i, person in enumerate(members, 1):
                role = self.with_orgs(self._role(attendee=True)).nom
                if style == "lines":
                    lines.append(f"{listed(person)} – {role}")
                else:
                    self.attend(person)
                    lines.append(f"{i}. {person.full('nom')} – {role}")
        elif style == "comma":
            names = ", ".join(listed(p) for p in members)
            lines.append("Присутствовали: " + names + ("" if names.endswith(".") else "."))
        elif style in ("table", "tabs"):
            sep = " | " if style == "table" else "\t"
            third = "ОО" if kind.level == "municipal" else "Должность"
            lines.append("Присутствовали:")
            lines.append(sep.join(("№", "ФИО", third)))
            for i, person in enumerate(members, 1):
                if kind.level == "municipal":
                    cell = self.school_mention(_pick(rng, municipality.schools))
                else:
                    cell = self.with_orgs(self._role()).nom
                lines.append(sep.join((str(i), listed(person), cell)))
            if rng.random() < 0.4:
                self.count = len(members)
                lines.append(f"Итого: {len(members)} {persons(len(members))}.")
        elif style == "categories":
            parents, teachers = _between(rng, 8, 60), _between(rng, 2, 12)
            lines.append("Присутствовали:")
            lines.append(f"родители (законные представители) – {parents}")
            lines.append(f"педагоги – {teachers}")
            lines.append("администрация школы")
        else:  # clusters of schools (municipal meetings)
            n = _between(rng, 12, 60)
            self.count = n
            lines.append(f"Присутствовали: {n} {persons(n)}")
            schools = rng.sample(municipality.schools, min(len(municipality.schools), _between(rng, 6, 14)))
            half = len(schools) // 2
            for title, group in (("Кластер 1:", schools[:half]), ("Кластер 2:", schools[half:])):
                lines.append(title)
                for i, school in enumerate(group, 1):
                    extra = f" – {_between(rng, 2, 3)} подключения" if rng.random() < 0.2 else ""
                    lines.append(f"{i}. {self.school_mention(school)}{extra}")
        if rng.random() < 0.25:
            absent = self.person()
            reason = _pick(rng, ("больничный", "курсы повышения квалификации", "отпуск", "командировка"))
            lines.append(f"Отсутствовали: {_between(rng, 1, 3)} ({absent.short()} – {reason})")
        if rng.random() < 0.25:
            guest = self.person()
            role = self._resolve(_pick(rng, GUEST_ROLES))
            self.attend(guest)
            lines.append(f"{_pick(rng, ('Приглашены:', 'Приглашена:' if guest.gender == 'f' else 'Приглашен:'))} "
                         f"{guest.short()}, {self.with_orgs(role).nom}")
            self.guest = (guest, role)
        else:
            self.guest = None
        lines.append("")

    # --- agenda ------------------------------------------------------------------------------

    def _item_fill(self, speaker_gen: str = "докладчика") -> dict:
        """Numbers and names for one item's sentences (see generate_content's placeholders)."""
        random_ = self.rng.random
        fill = dict(self.year_fill)
        fill.update(
            subject=self.subject,
            n=MANY_SMALL[int(random_() * len(MANY_SMALL))],
            n2=MANY_MEDIUM[int(random_() * len(MANY_MEDIUM))],
            n3=MANY_LARGE[int(random_() * len(MANY_LARGE))],
            n4=4 + int(random_() * 5),
            k=1 + int(random_() * 4),
            k2=1 + int(random_() * 9),
            pct=PERCENTS_HIGH[int(random_() * len(PERCENTS_HIGH))],
            pct2=PERCENTS_MID[int(random_() * len(PERCENTS_MID))],
            pct3=10 + int(random_() * 86),
            month=MONTHS[int(random_() * 12)],
            speaker_gen=speaker_gen,
        )
        return fill

    def _agenda(self, topics: list) -> None:
        rng, lines = self.rng, self.lines
        marker = _pick(rng, ("Повестка дня:", "ПОВЕСТКА ДНЯ:", "Повестка:", "Повестка заседания:", "Повестка дня", "ПОВЕСТКА"))
        numbering = _pick(rng, ("dot", "paren", "glued"), (75, 15, 10))
        self.style["agenda"] = numbering
        lines.append(marker)
        fill = self._item_fill()
        items: list[str] = []
        used: set[str] = set()
        for i, topic in enumerate(topics, 1):
            phrasing = _pick(rng, topic.agenda)
            while phrasing in used:  # a topic on the agenda twice is worded differently
                phrasing = _pick(rng, topic.agenda)
            used.add(phrasing)
            text = self.fill(phrasing, fill)
            if i == len(topics) and len(topics) > 2 and rng.random() < 0.15:
                text = "Разное."
            number = {"dot": f"{i}. ", "paren": f"{i}) ", "glued": f"{i}."}[numbering]
            lines.append(number + text)
            items.append(text)
        self.agenda = items
        lines.append("")

    # --- items -------------------------------------------------------------------------------

    def _speaker(self) -> tuple[Person, Role]:
        """A reporter: a member, the chair, the guest or someone else; one role per person."""
        rng = self.rng
        if self.guest and rng.random() < 0.2:
            return self.guest
        if rng.random() < 0.5 and self.members:
            person = _pick(rng, tuple(self.members))
        elif rng.random() < 0.3:
            person = self.chair
        else:
            person = self.person()
        if person.key not in self.roles:
            self.roles[person.key] = self._role()
        return person, self.roles[person.key]

    def _item(self, i: int, topic) -> list:
        """The item's reporter, speech and discussion; returns its decisions, written by the caller."""
        rng, lines = self.rng, self.lines
        person, role = self._speaker()
        f = person.gender == "f"
        which = "которая" if f else "который"
        tail = _pick(rng, SPEAKER_TAILS[:2] + SPEAKER_TAILS[3:])[0 if f else 1]
        role_nom, role_gen = role.nom, role.gen
        name_style = _pick(rng, ("short", "full", "initials_first", "spaced"), (65, 20, 10, 5))
        intro = self.intro if rng.random() < 0.85 else _below(rng, 8)  # one habit per writer, mostly
        ordinal = ORDINALS[i - 1] if i <= len(ORDINALS) else f"{i}-му"
        stated_role = role_nom
        if intro != 6:
            self.with_orgs(role)
        if intro == 0:
            lead = f"{i}. Слушали: {person.mention('acc', name_style)}, {role_gen}, {which} {tail}."
        elif intro == 1:
            lines.append(f"{i}. СЛУШАЛИ:")
            lead = f"{role_gen[0].upper()}{role_gen[1:]} {person.mention('acc', name_style)}, {which} {tail}."
        elif intro == 2:
            lead = f"По {ordinal} вопросу слушали {person.mention('acc', name_style)}, {role_gen}, {which} {tail}."
        elif intro == 3:
            lead = f"По {ordinal} вопросу выступил{'а' if f else ''} {role_nom} {person.mention('nom', name_style)}, {which} {tail}."
        elif intro == 4:
            lead = f"{i}. Слово предоставили {role.dat} {person.mention('dat', name_style)}, {which} {tail}."
        elif intro == 5:
            lead = f"{i}. Заслушали доклад {role_gen} {person.mention('gen', name_style)}."
        elif intro == 6:
            lead = f"По {ordinal} вопросу слушали {person.mention('acc', name_style)}, {which} {tail}."
            stated_role = None
        else:
            lead = f"{i}. Слушали: информацию {role_gen} {person.mention('gen', name_style)}."
        lead = lead.replace("..", ".")
        self.style.setdefault("speaker", intro)
        self.speakers.append({"name": person.key, "role": stated_role, "agenda_item": i})
        fill = self._item_fill(f"{role_gen} {person.short('gen')}")
        pool = list(topic.speech)
        rng.shuffle(pool)
        total = _pick(rng, *SENTENCES_PER_ITEM[self.length])
        if total > len(pool):
            pool += rng.sample(GENERIC_SPEECH, min(len(GENERIC_SPEECH), total - len(pool)))
        pool = pool[:total]
        n_paragraphs = max(1, min(len(pool) // 2, _pick(rng, (1, 2, 3, 4), (35, 35, 20, 10))))
        size = -(-len(pool) // n_paragraphs)
        for p in range(n_paragraphs):
            body = " ".join(self.fill(sentence, fill) for sentence in pool[p * size:(p + 1) * size])
            if body:
                lines.append(f"{lead} {body}" if p == 0 else body)
        if topic.remarks and rng.random() < 0.3:
            other = self.person()
            lines.append(_pick(rng, ("Выступили:", "ВЫСТУПИЛИ:", "В обсуждении приняли участие:")))
            lines.append(f"{other.short()}, {self.with_orgs(self._role()).nom}, "
                         f"предложил{'а' if other.gender == 'f' else ''} {_pick(rng, topic.remarks)}.")
        return self._decisions_for(topic, fill, role)

    def _deadline(self, kind: str) -> str:
        rng, day = self.rng, self.day
        if kind == "permanent" or (kind == "any" and rng.random() < 0.2):
            return _pick(rng, ("постоянно", "в течение года", "ежемесячно", "систематически"))
        if kind == "year":
            return f"в течение {self.year_fill['year']} учебного года"
        later = day + dt.timedelta(days=_between(rng, 5, 120))
        if rng.random() < 0.2:
            return f"{MONTHS_NOM[later.month - 1]} {later.year} г."
        return f"до {later.day:02d}.{later.month:02d}.{later.year}"

    def _decisions_for(self, topic, fill: dict, role: Role) -> list:
        """[(text, responsible, deadline, measure key, addressee lead-in or None, reporter's role if named)]."""
        rng = self.rng
        chosen: list[Measure] = [ACCEPT] if rng.random() < 0.6 else []
        topical = rng.sample(topic.measures, min(len(topic.measures), _between(rng, 1, 3)))
        addressees = MUNICIPAL_ADDRESSEES if self.kind.level == "municipal" else SCHOOL_ADDRESSEES
        lead = _pick(rng, addressees) if rng.random() < 0.2 else None
        chosen += topical
        if rng.random() < 0.08 and not self.control_written:
            chosen.append(CONTROL)
            self.control_written = True
        out = []
        for measure in chosen:
            phrasing = _pick(rng, measure.phrasings)
            named = role if "{speaker_gen}" in phrasing else None  # its organizations recorded when written
            text = self.fill(phrasing, fill).replace("..", ".")
            responsible = deadline = None
            if measure.responsible and rng.random() < 0.5:
                responsible = self.members[0].key if rng.random() < 0.3 and self.members else _pick(rng, measure.responsible)
                if self.kind.level != "municipal":
                    responsible = SCHOOL_PARTY.get(responsible, responsible)
            if measure.deadline != "none" and rng.random() < 0.55:
                deadline = self._deadline(measure.deadline)
            sub_lead = lead if (lead and measure in topical) else None
            out.append((text, responsible, deadline, measure.key, sub_lead, named))
        return out

    def _labels(self, responsible: str | None, deadline: str | None, label_style: int) -> tuple[str, list[str]]:
        """(suffix on the decision's line, extra lines) for responsible and deadline."""
        if not responsible and not deadline:
            return "", []
        if label_style == 0:
            extra = []
            if deadline:
                extra.append(f"Срок: {deadline}")
            if responsible:
                plural = "," in responsible or responsible.split(" ")[0].endswith(PLURAL_ENDINGS)
                extra.append(f"{'Ответственные:' if plural else 'Ответственный:'} {responsible}")
            return "", extra
        if label_style == 1:
            parts = [p for p in (responsible and f"отв. – {responsible}", deadline and f"срок – {deadline}") if p]
            return " (" + ", ".join(parts) + ").", []
        extra = []
        if responsible:
            extra.append(f"Отв.: {responsible}")
        if deadline:
            extra.append(f"Срок исполнения: {deadline}")
        return "", extra

    def _write_decisions(self, groups: list[tuple[int, list]], *, per_item: bool, n_items: int) -> None:
        rng, lines = self.rng, self.lines
        marker = self.decision_marker if per_item or rng.random() < 0.7 else "Решение собрания:"
        numbering, label_style = self.decision_numbering, self.label_style
        self.style.setdefault("decisions", ("per_item" if per_item else "gathered") + "/" + numbering)
        lines.append(marker)
        by_item = not per_item and n_items > 1 and rng.random() < 0.3
        counter = 0
        for item, decisions in groups:
            if by_item:
                lines.append(f"По {ORDINALS[item - 1] if item <= len(ORDINALS) else str(item) + '-му'} вопросу:")
            agenda_item = item if (per_item or by_item or n_items == 1) else None
            current_lead = None
            sub = 0
            for text, responsible, deadline, measure, lead, named in decisions:
                if named is not None:
                    self.with_orgs(named)
                if lead and lead != current_lead:
                    counter += 1
                    current_lead = lead
                    sub = 0
                    lines.append(f"{counter}. {lead[0]}:" if numbering != "dash" else f"{lead[0]}:")
                implied = None
                if lead:
                    sub += 1
                    prefix = f"{counter}.{sub}. " if numbering != "dash" else "- "
                    text = text[0].lower() + text[1:] if numbering == "dash" else text
                    implied = lead[1]  # the lead-in's addressee; an explicit label below wins
                else:
                    counter += 1
                    current_lead = None
                    prefix = {"dot": f"{counter}. ", "paren": f"{counter}) ",
                              "nested": f"{item}.{counter}. ", "dash": "- "}[numbering]
                suffix, extra = self._labels(responsible, deadline, label_style)
                if suffix:  # "… ВПР (отв. – …)." : the sentence's own full stop moves after the parenthesis
                    text = text.removesuffix(".")
                lines.append(prefix + text + suffix)
                lines.extend(extra)
                entry = {"text": text, "agenda_item": agenda_item, "measure": measure}
                if responsible or implied:
                    entry["responsible"] = responsible or implied
                if deadline:
                    entry["deadline"] = deadline
                self.decisions.append(entry)
            if numbering == "nested":
                counter = 0
        if per_item and self.kind.votes and rng.random() < 0.4:
            self._vote()
        lines.append("")

    def _vote(self) -> None:
        n = self.count or len(self.participants) or _between(self.rng, 5, 40)
        self.lines.append(_pick(self.rng, (
            f"Голосовали: «за» – {n}, «против» – 0, «воздержались» – 0.",
            "Голосовали: единогласно.",
            "Решение принято единогласно.",
            f"Голосовали: за – {n}, против – нет, воздержались – нет.",
        )))

    def _signatures(self, kind: Kind) -> None:
        rng, lines = self.rng, self.lines
        line = "_" * _between(rng, 6, 14)
        chair_title = {
            "pedsovet": "Председатель педагогического совета", "council": "Председатель Управляющего совета",
            "shmo": "Руководитель ШМО", "gmo": "Руководитель МО", "director": "Директор",
        }.get(kind.key, "Председатель")
        style = _below(rng, 3)
        if style == 0:
            lines.append(f"{chair_title} {line} {self.chair.initials_first()}")
            lines.append(f"Секретарь {line} {self.secretary.initials_first()}")
        elif style == 1:
            lines.append(f"{chair_title}{' ' * _between(rng, 10, 40)}{self.chair.initials_first()}")
            lines.append(f"Секретарь{' ' * _between(rng, 10, 40)}{self.secretary.initials_first()}")
        else:
            lines.append(f"{chair_title} {line} /{self.chair.short()}/")
            lines.append(f"Протокол вел{'а' if self.secretary.gender == 'f' else ''}: {self.secretary.short()}")
        self.attend(self.chair)
        self.attend(self.secretary)


def _ocr_glue(text: str) -> str:
    """OCR-like damage: paragraphs joined into lines, spaces lost after punctuation and before numbers."""
    return (
        text.replace("\n\n", "\n")
        .replace(", ", ",")
        .replace(": ", ":")
        .replace("№ ", "№")
        .replace(" г.", "г.")
    )


def generate_protocol(rng_or_seed: random.Random | int | str, index: int = 0) -> GeneratedProtocol:
    """Protocol number `index` of the corpus `rng_or_seed` (a seed, or a Random to draw from)."""
    rng = rng_or_seed if isinstance(rng_or_seed, random.Random) else random.Random(f"{rng_or_seed}:{index}")
    return _Builder(rng, index).build()


def iter_protocols(n: int, seed: int | str = 0, start: int = 0) -> Iterator[GeneratedProtocol]:
    """Protocols start … start+n-1 of the corpus `seed`."""
    for index in range(start, start + n):
        yield generate_protocol(seed, index)


FORMATS = ("txt", "docx", "pdf", "mix")


def write_protocol(protocol: GeneratedProtocol, out: Path, fmt: str) -> Path:
    """Write one protocol as .txt, .docx or .pdf (`mix` picks per protocol from its own seed)."""
    if fmt == "mix":
        fmt = ("docx", "docx", "pdf", "txt")[int(protocol.filename_stem[:6]) * 7919 % 4]
    path = out / f"{protocol.filename_stem}.{fmt}"
    if fmt == "txt":
        path.write_text(protocol.text, encoding="utf-8")
        return path
    from corpus.documents import write_docx, write_pdf  # lazy: reportlab and python-docx only when needed

    title = protocol.meta.get("title")
    marked = protocol.text.replace(title, f"**{title}**", 1) if title and protocol.meta.get("noise") == "none" else protocol.text
    if fmt == "docx":
        table = protocol.meta["style"].get("attendance") in ("lines", "numbered_full")
        write_docx(marked, path, numbering="auto" if int(protocol.filename_stem[:6]) % 3 == 0 else "typed", attendance_table=table)
    else:
        write_pdf(marked, path)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Генератор синтетических протоколов для нагрузочных тестов и бенчмарков.")
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", default="0")
    parser.add_argument("--start", type=int, default=0, help="index of the first protocol")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--format", choices=FORMATS, default="txt")
    parser.add_argument("--meta", action="store_true", help="also write meta.jsonl (what each protocol contains)")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    meta_file = (args.out / "meta.jsonl").open("w", encoding="utf-8") if args.meta else None
    try:
        for protocol in iter_protocols(args.count, args.seed, args.start):
            path = write_protocol(protocol, args.out, args.format)
            if meta_file:
                meta_file.write(json.dumps({"file": path.name, **protocol.meta}, ensure_ascii=False) + "\n")
    finally:
        if meta_file:
            meta_file.close()
    elapsed = time.perf_counter() - started
    print(f"{args.count} protocols ({args.format}) in {elapsed:.1f} s → {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
