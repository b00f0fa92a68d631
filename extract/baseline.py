"""A natasha-only baseline: what the library gives without this project's grammar.

PER spans normalized with `span.normalize(morph_vocab)` as participants, ORG spans as schools, the
first complete date of `DatesExtractor` as the protocol date. Every other field stays empty.
"""

from __future__ import annotations

import datetime as dt

from natasha import DatesExtractor, Doc, NewsMorphTagger

from extract.nlp import NlpTools
from extract.text import squash
from protocols.model import DateValue, MeetingProtocol, Person, School, Span


class NatashaBaseline:
    def __init__(self, tools: NlpTools) -> None:
        self.tools = tools
        self.morph_tagger = NewsMorphTagger(tools.embedding)
        self.dates = DatesExtractor(tools.morph_vocab)

    def extract(self, protocol: MeetingProtocol) -> MeetingProtocol:
        text = protocol.text
        doc = Doc(text)
        doc.segment(self.tools.segmenter)
        doc.tag_morph(self.morph_tagger)
        doc.tag_ner(self.tools.ner_tagger)
        people: dict[str, Person] = {}
        schools: dict[str, School] = {}
        for span in doc.spans:
            span.normalize(self.tools.morph_vocab)
            name = squash(span.normal or span.text)
            where = Span(start=span.start, end=span.stop)
            if span.type == "PER" and name not in people:
                people[name] = Person(name=name, raw=span.text, span=where)
            elif span.type == "ORG" and name not in schools:
                schools[name] = School(name=name, key=name.lower(), span=where)
        date = None
        for match in self.dates(text):
            fact = match.fact
            if fact.year and fact.month and fact.day:
                try:
                    value = dt.date(fact.year, fact.month, fact.day)
                except ValueError:
                    continue
                date = DateValue(value=value, raw=text[match.start:match.stop], span=Span(start=match.start, end=match.stop))
                break
        return protocol.model_copy(update={"participants": list(people.values()), "schools": list(schools.values()), "date": date})
