"""The gold corpus stays well-formed and tied to its texts: every annotated string can be found in
the protocol it annotates, so a gold file cannot silently drift away from its .txt."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpus" / "gold"
GOLD_FILES = sorted(GOLD_DIR.glob("*.gold.json"))

REQUIRED = {
    "doc_type": (str, type(None)),
    "number": (str, type(None)),
    "date": (str, type(None)),
    "date_conflicts": (list,),
    "organization": (str, type(None)),
    "participants": (list,),
    "participant_count": (int, type(None)),
    "schools": (list,),
    "agenda": (list,),
    "speakers": (list,),
    "decisions": (list,),
    "notes": (str,),
}
# Annotated in the seed and in every file numbered 100 and up; the development files 001-032 predate them.
HEADER_DETAILS = {"time": (str, type(None)), "place": (str, type(None)), "format": (str, type(None))}
FORMATS = {"очно", "ВКС", "онлайн"}
# A surname may carry a particle written apart ("Де Лука") or be double-barrelled ("Крицкая-Ким").
PERSON = re.compile(r"^(?P<surname>(?:[А-ЯЁ][а-яё]{1,2} )?[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)?) (?:[А-ЯЁ][а-яё]?\.){1,2}$")


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def stem_found(word: str, text: str) -> bool:
    """A word of a normalized value (nominative) is found in some inflected form in the text."""
    word = word.strip("«»\"()., ").lower()
    if len(word) < 4:
        return True
    return word[: max(3, len(word) - 2)] in text.lower()


def surname_found(name: str, text: str) -> bool:
    surname = PERSON.match(name)
    assert surname, f"not a nominative 'Фамилия И.О.': {name!r}"
    return all(stem_found(part, text) for part in surname["surname"].split("-"))


def load(path: Path) -> tuple[dict, str]:
    text = path.with_name(path.name.removesuffix(".gold.json") + ".txt").read_text(encoding="utf-8")
    return json.loads(path.read_text(encoding="utf-8")), text


def test_corpus_is_large_enough():
    assert len(GOLD_FILES) >= 30
    assert {p.name.removesuffix(".gold.json") for p in GOLD_FILES} == {
        p.stem for p in GOLD_DIR.glob("*.txt")
    }, "every text has its gold and every gold its text"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_shape(path: Path):
    gold, _ = load(path)
    required = dict(REQUIRED)
    if "time" in gold or not path.name[:3].isdigit() or int(path.name[:3]) >= 100:
        required |= HEADER_DETAILS
    for key, types in required.items():
        assert key in gold, f"missing {key}"
        assert isinstance(gold[key], types), f"{key}: {type(gold[key]).__name__}"
    assert set(gold) <= set(REQUIRED) | set(HEADER_DETAILS), f"unknown keys {set(gold) - set(REQUIRED) - set(HEADER_DETAILS)}"
    for value in [gold["date"], *gold["date_conflicts"]]:
        if value is not None:
            assert dt.date.fromisoformat(value).isoformat() == value
    assert gold["date"] not in gold["date_conflicts"]
    if gold.get("time") is not None:
        assert re.fullmatch(r"(?:[01]\d|2[0-3]):[0-5]\d", gold["time"]), gold["time"]
    if gold.get("format") is not None:
        assert gold["format"] in FORMATS
    assert gold["participant_count"] is None or gold["participant_count"] > 0
    assert len(set(gold["participants"])) == len(gold["participants"]), "participants are deduplicated"
    assert len(set(gold["schools"])) == len(gold["schools"]), "schools are deduplicated"
    for speaker in gold["speakers"]:
        assert set(speaker) == {"name", "role", "agenda_item"}
    for decision in gold["decisions"]:
        assert {"text", "agenda_item"} <= set(decision) <= {"text", "agenda_item", "responsible", "deadline"}
        assert decision["text"].strip() == decision["text"] and decision["text"]
        for key in ("responsible", "deadline"):
            assert decision.get(key, "x"), f"{key} is present only with a value"
    items = [s["agenda_item"] for s in gold["speakers"]] + [d["agenda_item"] for d in gold["decisions"]]
    for item in items:
        if gold["agenda"]:
            assert item is None or 1 <= item <= len(gold["agenda"]), item
        else:
            assert item is None, "no agenda, so no agenda item"


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.name)
def test_gold_is_found_in_its_text(path: Path):
    gold, text = load(path)
    flat = squash(text)
    verbatim = [*gold["agenda"], *gold["schools"], *(d["text"] for d in gold["decisions"])]
    verbatim += [d["deadline"] for d in gold["decisions"] if "deadline" in d]
    verbatim += [gold[key] for key in ("number", "place") if gold.get(key)]
    for value in verbatim:
        assert squash(value) in flat, f"not in the text: {value!r}"
    names = [*gold["participants"], *(s["name"] for s in gold["speakers"] if s["name"])]
    for name in names:
        assert surname_found(name, text), f"surname not in the text: {name!r}"
    phrases = [gold[key] for key in ("doc_type", "organization") if gold[key]]
    phrases += [s["role"] for s in gold["speakers"] if s["role"]]
    for decision in gold["decisions"]:
        for party in filter(None, re.split(r",\s*", decision.get("responsible", ""))):
            if PERSON.match(party):
                assert surname_found(party, text), f"responsible not in the text: {party!r}"
            else:
                phrases.append(party)
    for phrase in phrases:
        missing = [w for w in re.findall(r"[А-Яа-яЁё]+", phrase) if not stem_found(w, text)]
        assert not missing, f"{phrase!r}: {missing} not in the text"
