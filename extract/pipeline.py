"""The extraction pipeline: one `Extractor`, built once with its tools, filling a `MeetingProtocol`.

Page furniture (running headers, footers) is blanked out and Roman item numbers read as Arabic first
(`extract.layout`, offsets kept). Stages,
in order (each one module): spaCy rulers (section markers, organization anchors, role
heads) -> names -> organizations -> sections -> header -> agenda -> attendance -> speakers ->
decisions -> schools -> warnings. Every value carries its span; pages are set at the end.
"""

from __future__ import annotations

import re
import time
from contextlib import contextmanager

from natasha import Doc

from extract import EXTRACTOR_VERSION
from extract.agenda import AgendaReader
from extract.decisions import DecisionReader
from extract.header import HeaderReader
from extract.layout import arabic_item_numbers, mask_furniture
from extract.lemmas import Lemmatizer
from extract.names import NameNormalizer, find_full_names, find_name_mentions, find_single_initial_names
from extract.nlp import NlpTools
from extract.people import AttendanceReader
from extract.roles import RoleReader, widen_heads
from extract.schools import COMMISSION_ABBREVIATIONS, SUBDIVISION_ABBREVIATIONS, OrgReader, group_of, same_org
from extract.sections import (
    assign_agenda_items,
    mark_item_headings,
    mark_titled_speeches,
    split_numbered_entries,
    split_sections,
    validate_markers,
)
from extract.speakers import SpeakerReader
from extract.warnings import collect_warnings
from protocols.model import MeetingProtocol, School, Span

STAGES = ("spacy", "names", "orgs", "sections", "header", "agenda", "attendance", "speakers", "decisions", "schools", "warnings")


class Extractor:
    def __init__(self, tools: NlpTools | None = None) -> None:
        self.tools = tools or NlpTools()
        self.lemmatizer: Lemmatizer = self.tools.lemmatizer
        self.morphology = self.tools.morphology
        self.normalizer = NameNormalizer(self.morphology)
        self.orgs = OrgReader(self.lemmatizer, self.morphology)
        self.header = HeaderReader(self.morphology)

    def warm_up(self) -> None:
        """Load every model now (the first protocol would otherwise pay for it)."""
        self.tools.spacy_nlp("Протокол")
        self.tools.ner_tagger

    def extract(self, protocol: MeetingProtocol, timings: dict[str, float] | None = None) -> MeetingProtocol:
        """A copy of `protocol` with every extracted field filled from its text.

        `timings`, when given, receives the CPU seconds spent per stage (for the benchmark).
        """
        clock = _Clock(timings)
        # Running headers, footers and page numbers blanked out: a speech or decision broken by a page goes on.
        text = arabic_item_numbers(mask_furniture(protocol.text, tuple(page.start for page in protocol.pages[1:])))
        with clock("spacy"):
            marker_spans, anchors, heads = [], [], []
            if text.strip():
                doc = self.tools.spacy_nlp(text)
                marker_spans = [(s.label_, s.start_char, s.end_char) for s in doc.spans["markers"]]
                anchors = [(s.label_, s.start_char, s.end_char) for s in doc.spans["org_anchors"]]
                heads = widen_heads(text, [(s.start_char, s.end_char) for s in doc.spans["role_heads"]])
        with clock("names"):
            mentions = find_name_mentions(text, self.morphology)
            ner_spans = self._ner_spans(text)
            mentions += [
                m for m in find_full_names(text, self.morphology, ner_spans)
                if not any(o.start < m.end and m.start < o.end for o in mentions)
            ]
            mentions += find_single_initial_names(text, self.morphology, ner_spans, mentions)
            mentions.sort(key=lambda m: m.start)
        with clock("orgs"):
            orgs = self.orgs.read(text, anchors, {m.start for m in mentions})
            mentions = [m for m in mentions if not any(o.start <= m.start < o.end for o in orgs)]
        with clock("sections"):
            markers = validate_markers(text, marker_spans, {m.start for m in mentions})
            sections = split_sections(text, markers)
        with clock("header"):
            header = self.header.read(text, sections.header.end, orgs, [m.start for m in markers])
        roles = RoleReader(self.morphology, heads, [(o.start, o.end, o.name) for o in orgs])
        with clock("agenda"):
            agenda_reader = AgendaReader(self.normalizer, roles)
            if sections.table_rows:
                agenda = agenda_reader.read_table(text, sections.table_rows, mentions)
            else:
                agenda = agenda_reader.read(text, sections.agenda, mentions)
            mark_item_headings(text, sections, [item.text for item in agenda.items], agenda.end)
            mark_titled_speeches(text, sections, [item.text for item in agenda.items])
            entry_starts = {m.start for m in mentions} | {s for s, _ in heads} | {
                m.start() for m in re.finditer(r"(?i)(?:заслушали|слушали|доклад|информаци|выступлени|сообщени)", text)
            }
            split_numbered_entries(text, sections, len(agenda.items), entry_starts)
            assign_agenda_items(sections, len(agenda.items))
        with clock("attendance"):
            attendance = AttendanceReader(self.normalizer, roles).read(text, sections, mentions)
        # Names the document writes in the nominative itself settle the ambiguous oblique forms elsewhere.
        names = self.normalizer.knowing([p.name for p in attendance.participants] + [r.name for r in agenda.reporters])
        with clock("speakers"):
            speakers = SpeakerReader(names, roles, self.morphology).read(text, sections, mentions, agenda)
        with clock("decisions"):
            decisions = DecisionReader(self.morphology, names, [(o.start, o.end, o.name) for o in orgs]).read(
                text, sections, mentions, header.date.value if header.date else None
            )
        with clock("schools"):
            schools = self._schools(text, orgs)
        with clock("warnings"):
            warnings = collect_warnings(header, attendance, agenda, sections, decisions)
        fields = {
            "extractor_version": EXTRACTOR_VERSION,
            "doc_type": header.doc_type,
            "number": header.number,
            "date": header.date,
            "date_conflicts": header.date_conflicts,
            "time": header.time,
            "place": header.place,
            "format": header.format,
            "format_link": header.format_link,
            "organization": header.organization,
            "participants": attendance.participants,
            "participant_count": attendance.count,
            "schools": schools,
            "agenda": agenda.items,
            "speakers": speakers,
            "decisions": decisions,
            "warnings": [*protocol.warnings, *warnings],  # reading warnings stay first
        }
        result = protocol.model_copy(update=fields, deep=True)
        for value in _spans_of(result):
            value.page = result.page_of(value.start)
        return result

    def lemmatized_text(self, text: str) -> str:
        """The text search indexes: lowercase lemmas, ё folded to е."""
        return self.lemmatizer.lemmatize(text)

    def _ner_spans(self, text: str):
        """natasha PER spans of a region of `text`, run only when asked (around a patronymic), cached per region."""
        cache: dict[tuple[int, int], list[tuple[int, int]]] = {}

        def spans(start: int, end: int) -> list[tuple[int, int]]:
            if (start, end) not in cache:
                doc = Doc(text[start:end])
                doc.segment(self.tools.segmenter)
                doc.tag_ner(self.tools.ner_tagger)
                cache[(start, end)] = [(start + s.start, start + s.stop) for s in doc.spans if s.type == "PER"]
            return cache[(start, end)]

        return spans

    def _heads(self, a: str, b: str) -> bool:
        """A bare agency abbreviation that heads a fuller designation ("ПДН" and "ПДН ОМВД России по г. Озёрску",
        "ОДН" and "ОДН ОП № 2 УМВД России …"); a word is no abbreviation ("гимназия" does not head "гимназия №2")."""
        short, long_ = (a, b) if len(a) <= len(b) else (b, a)
        if " " in short or len(short) > 6 or long_.split()[0] != short:
            return False
        return "№" not in long_ or not self.lemmatizer.is_known(short)

    def _schools(self, text: str, orgs) -> list[School]:
        """Each organization once, in order of first mention: spellings share a key, a shortened mention
        ("отделом образования") joins the fuller one, a bare abbreviation ("СЮН", "МКУ «ИМЦ»") its full name."""
        groups: list[list] = []
        for org in orgs:
            for group in groups:
                if any(same_org(o.key, org.key) or org.abbreviates(o) or o.abbreviates(org) or self._heads(o.key, org.key) for o in group):
                    group.append(org)
                    break
            else:
                groups.append([org])
        schools = []
        for group in groups:
            if all(o.name in SUBDIVISION_ABBREVIATIONS | COMMISSION_ABBREVIATIONS for o in group):
                # "учете в ПДН" with no police department named: a subdivision, not an organization; "заключение
                # ПМПК" with no territory: a kind of commission
                continue
            first = group[0]
            full = [o for o in group if not any(o.abbreviates(p) for p in group if p is not o)]
            shown = max(full or group, key=lambda o: len(o.key.split()))
            if len(shown.key.split()) == len(first.key.split()) and first in full:
                shown = first
            schools.append(School(name=shown.name, key=shown.key, group=group_of(text, shown.start),
                                  span=Span(start=shown.start, end=shown.end)))
        return schools



class _Clock:
    def __init__(self, timings: dict[str, float] | None) -> None:
        self.timings = timings

    @contextmanager
    def __call__(self, stage: str):
        if self.timings is None:
            yield
            return
        started = time.process_time()
        try:
            yield
        finally:
            self.timings[stage] = self.timings.get(stage, 0.0) + time.process_time() - started


def _spans_of(protocol: MeetingProtocol):
    """Every Span in the record, to set its page once at the end."""

    def walk(obj):
        if isinstance(obj, Span):
            yield obj
        elif isinstance(obj, list):
            for item in obj:
                yield from walk(item)
        elif hasattr(obj, "__pydantic_fields__"):
            for name in obj.__pydantic_fields__:
                yield from walk(getattr(obj, name))

    yield from walk(protocol)
