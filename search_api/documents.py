"""From a stored record to index documents: one per protocol, one per decision, analyzed with THE
extraction lemmatizer so documents and queries share their normalization on every backend."""

from __future__ import annotations

import re
from collections.abc import Iterable

from extract.lemmas import Lemmatizer, fold
from protocols.model import Decision, MeetingProtocol
from search_api.index.base import AnalyzedText, IndexDoc, IndexedProtocol, Keyword, Level

SPACES = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return SPACES.sub(" ", text).strip()


def keyword_key(text: str) -> str:
    """The filter key of a free-text keyword (kind of meeting, organization, responsible): folded, spaces squeezed."""
    return squeeze(fold(text))


def decision_id(protocol_id: str, ordinal: int) -> str:
    return f"{protocol_id}-{ordinal}"


def analyze(text: str, lemmatizer: Lemmatizer) -> AnalyzedText:
    tokens = lemmatizer.tokens(text)
    return AnalyzedText(
        text=text,
        lemmas=[t[0] for t in tokens],
        starts=[t[1] for t in tokens],
        ends=[t[2] for t in tokens],
    )


def _unique(values: Iterable[Keyword]) -> list[Keyword]:
    seen: dict[str, Keyword] = {}
    for value in values:
        if value.key and value.key not in seen:
            seen[value.key] = value
    return list(seen.values())


def _free_keyword(text: str | None) -> list[Keyword]:
    return [Keyword(keyword_key(text), squeeze(text))] if text and text.strip() else []


class DocumentBuilder:
    """Builds the documents of one protocol; holds the lemmatizer (built once, with its cache)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer

    def build(
        self,
        protocol_id: str,
        protocol: MeetingProtocol,
        measure_keys: list[str | None],
        measure_labels: dict[str, str] | None = None,
    ) -> IndexedProtocol:
        """`measure_keys[i]` is the measure of `protocol.decisions[i]` (from the store)."""
        labels = measure_labels or {}
        date = protocol.date.value if protocol.date else None
        time_keywords = (
            {"year": [Keyword(str(date.year), str(date.year))], "month": [Keyword(f"{date:%Y-%m}", f"{date:%Y-%m}")]}
            if date else {"year": [], "month": []}
        )
        schools = _unique(Keyword(s.key, squeeze(s.name)) for s in protocol.schools)
        speakers = _unique(Keyword(s.name, s.name) for s in protocol.speakers if s.name)
        participants = _unique(Keyword(p.name, p.name) for p in protocol.participants)
        kind = _free_keyword(protocol.doc_type.value if protocol.doc_type else None)
        organization = _free_keyword(protocol.organization.value if protocol.organization else None)
        measures = _unique(
            Keyword(key, labels.get(key) or squeeze(d.text)) for key, d in zip(measure_keys, protocol.decisions) if key
        )
        agenda_text = {item.number: item.text for item in protocol.agenda}
        title = " · ".join(
            v for v in (
                protocol.doc_type.value if protocol.doc_type else None,
                f"№ {protocol.number.value}" if protocol.number else None,
                protocol.organization.value if protocol.organization else None,
            ) if v
        )
        summary = {
            "id": protocol_id,
            "filename": protocol.source.filename,
            "format": protocol.source.format,
            "date": date.isoformat() if date else None,
            "number": protocol.number.value if protocol.number else None,
            "kind": protocol.doc_type.value if protocol.doc_type else None,
            "organization": protocol.organization.value if protocol.organization else None,
            "title": title or protocol.source.filename,
            "schools": [s.label for s in schools],
            "agenda": [item.text for item in protocol.agenda],
            "decisions": len(protocol.decisions),
        }
        protocol_doc = IndexDoc(
            id=protocol_id,
            level=Level.PROTOCOLS,
            protocol_id=protocol_id,
            date=date,
            keywords={
                "school": schools, "speaker": speakers, "participant": participants, "kind": kind,
                "organization": organization, "measure": measures, **time_keywords,
            },
            fields={
                "title": analyze(title, self.lemmatizer),
                "agenda": analyze("\n".join(item.text for item in protocol.agenda), self.lemmatizer),
                "decisions": analyze("\n".join(d.text for d in protocol.decisions), self.lemmatizer),
                "body": analyze(protocol.text, self.lemmatizer),
            },
            display=summary,
        )
        decisions = [
            self._decision_doc(
                protocol_id, ordinal, decision, protocol, measure_key, labels, summary,
                schools=schools, kind=kind, organization=organization,
                time_keywords=time_keywords, agenda_text=agenda_text,
            )
            for ordinal, (decision, measure_key) in enumerate(zip(protocol.decisions, measure_keys, strict=True), 1)
        ]
        return IndexedProtocol(protocol_doc, decisions)

    def _decision_doc(
        self, protocol_id: str, ordinal: int, decision: Decision, protocol: MeetingProtocol, measure_key: str | None,
        labels: dict[str, str], summary: dict, *, schools: list[Keyword], kind: list[Keyword],
        organization: list[Keyword], time_keywords: dict, agenda_text: dict[int, str],
    ) -> IndexDoc:
        named = self._named_schools(decision, protocol)
        item_speakers = [s for s in protocol.speakers if s.name and s.agenda_item == decision.agenda_item]
        speakers = _unique(
            Keyword(s.name, s.name) for s in (item_speakers or [s for s in protocol.speakers if s.name])
        )
        agenda = agenda_text.get(decision.agenda_item, "") if decision.agenda_item else ""
        measure = [Keyword(measure_key, labels.get(measure_key) or squeeze(decision.text))] if measure_key else []
        display = {
            "id": decision_id(protocol_id, ordinal),
            "protocol_id": protocol_id,
            "ordinal": ordinal,
            "number": decision.number,
            "text": decision.text,
            "responsible": decision.responsible,
            "deadline": decision.deadline,
            "agenda_item": decision.agenda_item,
            "agenda": agenda or None,
            "span": decision.span.model_dump(),
            "measure": measure[0].key if measure else None,
            "named_schools": [s.label for s in named],
            "protocol": {k: summary[k] for k in ("date", "kind", "number", "organization", "title", "filename")},
        }
        return IndexDoc(
            id=decision_id(protocol_id, ordinal),
            level=Level.DECISIONS,
            protocol_id=protocol_id,
            date=protocol.date.value if protocol.date else None,
            keywords={
                "school": _unique([*schools, *named]),
                "responsible": _free_keyword(decision.responsible),
                "speaker": speakers,
                "kind": kind,
                "organization": organization,
                "measure": measure,
                "protocol": [Keyword(protocol_id, summary["title"])],
                **time_keywords,
            },
            fields={
                "text": analyze(decision.text, self.lemmatizer),
                "responsible": analyze(decision.responsible or "", self.lemmatizer),
                "agenda": analyze(agenda, self.lemmatizer),
            },
            display=display,
        )

    @staticmethod
    def _named_schools(decision: Decision, protocol: MeetingProtocol) -> list[Keyword]:
        """Schools the decision names itself: a school's span inside it, or its name in its text or responsible."""
        own_text = fold(squeeze(f"{decision.text} {decision.responsible or ''}"))
        named = [
            Keyword(s.key, squeeze(s.name))
            for s in protocol.schools
            if decision.span.start <= s.span.start < decision.span.end or fold(squeeze(s.name)) in own_text
        ]
        return _unique(named)
