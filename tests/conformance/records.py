"""Filled records for the index conformance suite, built from corpus/gold annotations and their texts.

The suite tests the index, not extraction, so its documents come from the gold values (each given
its span in the text where it is found) rather than from whatever the extractor makes of them today.
School keys use a local normalization: a backend never interprets keys, it only matches them.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from extract.lemmas import fold
from ingest.reading import protocol_from_text
from protocols.model import (
    AgendaItem,
    DateValue,
    Decision,
    MeetingProtocol,
    Person,
    School,
    Span,
    Speaker,
    TextValue,
)

GOLD_DIR = Path(__file__).resolve().parents[2] / "corpus" / "gold"


def gold_school_key(name: str) -> str:
    return re.sub(r"[^0-9a-zа-я]+", " ", fold(name)).strip()


def _pattern(value: str) -> re.Pattern[str]:
    words = [re.escape(w) for w in value.split()]
    return re.compile(r"\s+".join(words), re.IGNORECASE)


def locate(text: str, value: str, after: int = 0) -> Span:
    """Where `value` is written (white space may differ), else where its first word's stem is, else [0, 0)."""
    match = _pattern(value).search(text, after) or _pattern(value).search(text)
    if match:
        return Span(start=match.start(), end=match.end(), page=1)
    stem = value.split()[0][:5] if value.split() else ""
    at = text.lower().find(stem.lower(), after) if stem else -1
    if at >= 0:
        return Span(start=at, end=at + len(stem), page=1)
    return Span(start=0, end=0, page=1)


def gold_record(txt: Path) -> MeetingProtocol:
    text = txt.read_text(encoding="utf-8")
    gold = json.loads(txt.with_name(txt.name.removesuffix(".txt") + ".gold.json").read_text(encoding="utf-8"))
    protocol = protocol_from_text(text, txt.name)

    def value(name: str) -> TextValue | None:
        return TextValue(value=gold[name], span=locate(text, gold[name])) if gold.get(name) else None

    date = None
    if gold.get("date"):
        date = DateValue(value=dt.date.fromisoformat(gold["date"]), raw=gold["date"], span=Span(start=0, end=0, page=1))
    cursor = 0
    decisions = []
    for item in gold["decisions"]:
        span = locate(text, item["text"], cursor)
        cursor = span.end
        decisions.append(Decision(
            text=item["text"], agenda_item=item.get("agenda_item"), responsible=item.get("responsible"),
            deadline=item.get("deadline"), span=span,
        ))
    return protocol.model_copy(update={
        "extractor_version": "gold",
        "doc_type": value("doc_type"),
        "number": value("number"),
        "organization": value("organization"),
        "date": date,
        "participants": [Person(name=n, raw=n, span=locate(text, n)) for n in gold["participants"]],
        "schools": [School(name=n, key=gold_school_key(n), span=locate(text, n)) for n in gold["schools"]],
        "agenda": [AgendaItem(number=i, text=a, span=locate(text, a)) for i, a in enumerate(gold["agenda"], 1)],
        "speakers": [
            Speaker(name=s["name"], raw=s["name"] or "", role=s.get("role"), agenda_item=s.get("agenda_item"),
                    span=locate(text, s["name"] or s.get("role") or ""))
            for s in gold["speakers"]
        ],
        "decisions": decisions,
    })


def gold_texts() -> list[Path]:
    return sorted(p for p in GOLD_DIR.glob("*.txt") if p.with_name(p.name.removesuffix(".txt") + ".gold.json").exists())
