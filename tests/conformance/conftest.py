"""The index conformance suite runs every test once per backend.

`search_index` yields a fresh, empty index: SQLite in the test's tmp_path; Elasticsearch on the
cluster PROTOCOLS_ES_URL points at (credentials from the usual PROTOCOLS_ES_* variables), under an
index prefix of its own, skipped with a reason when no cluster is configured. Documents are built
by the real `DocumentBuilder` with the extraction's real lemmatizer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pymorphy3
import pytest

from extract.lemmas import Lemmatizer
from ingest.reading import protocol_from_text
from protocols.model import AgendaItem, DateValue, Decision, MeetingProtocol, Person, School, Span, Speaker, TextValue
from protocols.settings import Settings
from search_api.documents import DocumentBuilder
from search_api.index import backend_class
from search_api.index.base import IndexedProtocol, SearchIndex
from search_api.measures import MeasureKeyer, MeasureSignature, choose_measure
from search_api.query import QueryParser
from search_api.store import protocol_id_for
from tests.conformance.records import gold_record, gold_texts

BACKENDS = ["sqlite", "elasticsearch"]


@pytest.fixture(scope="session")
def morph() -> pymorphy3.MorphAnalyzer:
    return pymorphy3.MorphAnalyzer()


@pytest.fixture(scope="session")
def lemmatizer(morph) -> Lemmatizer:
    return Lemmatizer(morph)


@pytest.fixture(scope="session")
def parse(lemmatizer, morph):
    """The query parser the service uses: text -> query tree."""
    return QueryParser(lemmatizer, morph).parse


@pytest.fixture(params=BACKENDS)
def search_index(request, tmp_path: Path) -> Iterator[SearchIndex]:
    name = request.param
    configured = Settings()
    if name == "elasticsearch":
        if not configured.es_url:
            pytest.skip("Elasticsearch: no cluster here; set PROTOCOLS_ES_URL (and PROTOCOLS_ES_* credentials) to run the suite on one")
        settings = configured.model_copy(
            update={"data_dir": tmp_path, "index": name, "es_index_prefix": f"conformance-{uuid.uuid4().hex[:12]}"}
        )
    else:
        settings = Settings(data_dir=tmp_path, index=name)
    index = backend_class(name).from_settings(settings)
    yield index
    index.clear()
    if name == "elasticsearch":
        index.drop()  # the test's own prefix: its indices, aliases and template go with it
    index.close()


class Corpus:
    """Builds index documents the way the service does, with measures assigned as the store would."""

    def __init__(self, morph: pymorphy3.MorphAnalyzer, lemmatizer: Lemmatizer) -> None:
        self.builder = DocumentBuilder(lemmatizer)
        self.keyer = MeasureKeyer(morph, lemmatizer)
        self.known: list[MeasureSignature] = []

    def measure_keys(self, protocol: MeetingProtocol) -> list[str | None]:
        keys: list[str | None] = []
        for decision in protocol.decisions:
            signature = self.keyer.signature(decision.text)
            if signature is None:
                keys.append(None)
                continue
            chosen = choose_measure(signature, self.known)
            if chosen is None:
                self.known.append(signature)
                chosen = signature
            keys.append(chosen.key)
        return keys

    def documents(self, protocol: MeetingProtocol) -> IndexedProtocol:
        return self.builder.build(protocol_id_for(protocol.source.sha256), protocol, self.measure_keys(protocol))


@pytest.fixture(scope="session")
def corpus(morph, lemmatizer) -> Corpus:
    return Corpus(morph, lemmatizer)


@pytest.fixture(scope="session")
def gold_documents(morph, lemmatizer) -> list[IndexedProtocol]:
    """Every gold protocol of corpus/gold as index documents."""
    corpus = Corpus(morph, lemmatizer)
    return [corpus.documents(gold_record(path)) for path in gold_texts()]


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start=start, end=start + len(part), page=1)


def make_protocol(
    text: str,
    *,
    date: str | None = None,
    kind: str | None = None,
    schools: list[str] = (),
    agenda: list[str] = (),
    decisions: list[tuple[str, str | None]] = (),
    speakers: list[str] = (),
    participants: list[str] = (),
    name: str | None = None,
) -> MeetingProtocol:
    """A small record whose every value is written in `text` (spans point at it)."""
    protocol = protocol_from_text(text, name or f"{uuid.uuid5(uuid.NAMESPACE_URL, text).hex[:8]}.txt")
    return protocol.model_copy(update={
        "date": DateValue(value=dt.date.fromisoformat(date), raw=date, span=Span(start=0, end=0, page=1)) if date else None,
        "doc_type": TextValue(value=kind, span=_span(text, kind)) if kind else None,
        "schools": [School(name=s, key=s.lower(), span=_span(text, s)) for s in schools],
        "agenda": [AgendaItem(number=i, text=a, span=_span(text, a)) for i, a in enumerate(agenda, 1)],
        "decisions": [
            Decision(text=d, responsible=r, agenda_item=1 if agenda else None, span=_span(text, d)) for d, r in decisions
        ],
        "speakers": [Speaker(name=s, raw=s, agenda_item=1, span=_span(text, s)) for s in speakers],
        "participants": [Person(name=p, raw=p, span=_span(text, p)) for p in participants],
    })
