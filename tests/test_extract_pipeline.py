"""The whole pipeline on the two seeds: every rendering (.txt, .docx typed/auto-numbered/with a table,
.pdf) gives the seeds' gold record; every value points at its place in the text; `protocols show`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.evaluate import norm
from extract.text import squash
from ingest.reading import protocol_from_text, read_file
from protocols.cli import app

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "corpus" / "gold"
SAMPLES = ROOT / "corpus" / "samples"
SEED_GOLD = {"000": GOLD / "000_2d1f58a6737913fc", "004": GOLD / "004_6c2df33e76d030ba"}
RENDERINGS = sorted(SAMPLES.glob("seed-*.docx")) + sorted(SAMPLES.glob("seed-*.pdf"))


def as_gold(protocol) -> dict:
    """The record in the shape of a gold annotation (white space squashed, as the gold writes it)."""
    value = lambda v: None if v is None else norm(v.value if not hasattr(v.value, "isoformat") else v.value.isoformat())  # noqa: E731
    return {
        "doc_type": value(protocol.doc_type),
        "number": value(protocol.number),
        "date": value(protocol.date),
        "date_conflicts": [d.value.isoformat() for d in protocol.date_conflicts],
        "time": value(protocol.time),
        "place": value(protocol.place),
        "format": value(protocol.format),
        "organization": value(protocol.organization),
        "participants": [p.name for p in protocol.participants if p.attendance != "absent"],
        "participant_count": protocol.participant_count.value if protocol.participant_count else None,
        "schools": [norm(s.name) for s in protocol.schools],
        "agenda": [norm(a.text) for a in protocol.agenda],
        "speakers": [{"name": s.name, "role": norm(s.role), "agenda_item": s.agenda_item} for s in protocol.speakers],
        "decisions": [
            {"text": norm(d.text), "agenda_item": d.agenda_item, **({"responsible": d.responsible} if d.responsible else {})}
            for d in protocol.decisions
        ],
    }


def gold_record(seed: str) -> dict:
    gold = json.loads(SEED_GOLD[seed].with_suffix(".gold.json").read_text(encoding="utf-8"))
    gold.pop("notes", None)
    for key in ("doc_type", "number", "place", "format", "organization"):
        gold[key] = norm(gold.get(key))
    gold["schools"] = [norm(s) for s in gold["schools"]]
    gold["agenda"] = [norm(a) for a in gold["agenda"]]
    gold["speakers"] = [{**s, "role": norm(s["role"])} for s in gold["speakers"]]
    gold["decisions"] = [{**d, "text": norm(d["text"])} for d in gold["decisions"]]
    return gold


@pytest.mark.parametrize("seed", ["000", "004"])
def test_seed_text_gives_the_gold_record(extractor, seed):
    text = SEED_GOLD[seed].with_suffix(".txt").read_text(encoding="utf-8")
    protocol = extractor.extract(protocol_from_text(text, f"{seed}.txt"))
    assert as_gold(protocol) == gold_record(seed)


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_every_rendering_of_the_seeds_gives_the_gold_record(extractor, path):
    seed = path.name.split("-")[1]
    protocol = extractor.extract(read_file(path))
    assert as_gold(protocol) == gold_record(seed)


def test_samples_exist():
    """The renderings above come from `make samples`; without them this file would test nothing."""
    assert len(RENDERINGS) >= 8


@pytest.mark.parametrize("path", RENDERINGS, ids=lambda p: p.name)
def test_values_point_at_their_text(extractor, path):
    protocol = extractor.extract(read_file(path))
    text = protocol.text
    at = lambda span: text[span.start:span.end]  # noqa: E731
    assert at(protocol.number.span) == protocol.number.value
    assert at(protocol.date.span) == protocol.date.raw
    for item in protocol.agenda:
        assert squash(at(item.span)) == item.text
    for decision in protocol.decisions:
        assert squash(at(decision.span)) == decision.text
    for person in [*protocol.participants, *protocol.speakers]:
        assert squash(at(person.span)) == person.raw
    for school in protocol.schools:
        assert squash(at(school.span)).rstrip("»") == school.name.rstrip("»")
    for value in (protocol.doc_type, protocol.time, protocol.place, protocol.organization, protocol.participant_count):
        if value is not None:
            assert at(value.span).strip()
    pages = {p.number: p for p in protocol.pages}
    for decision in protocol.decisions:
        page = pages[decision.span.page]
        assert page.start <= decision.span.start < page.end


def test_reading_warnings_are_kept(extractor, seed_texts):
    protocol = protocol_from_text(seed_texts["000"], "000.txt")
    from protocols.model import ExtractionWarning

    protocol = protocol.model_copy(update={"warnings": [ExtractionWarning(code="page_without_text", message="Страница 2 без текста")]})
    codes = [w.code for w in extractor.extract(protocol).warnings]
    assert codes[0] == "page_without_text"
    assert {"date_conflict", "decision_without_item"} <= set(codes)


def test_lemmatized_text_for_search(extractor):
    assert extractor.lemmatized_text("Слушали методистов о наставничестве; решили: утвердить ЁЛКУ") == (
        "слушать методист о наставничество решить утвердить елка"
    )


def test_show_prints_the_extracted_record_in_russian():
    result = CliRunner().invoke(app, ["show", str(SAMPLES / "seed-004-typed.docx")])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Вид заседания: заседание муниципальной группы по организации работы со школами" in out
    assert "Номер: 1" in out and "Дата: 20.01.2021" in out
    assert "Ермачкова В.Н." in out and "Районный методический кабинет" in out
    assert "3.1. Подготовить методические материалы" in out


@pytest.mark.parametrize("text", ["", "   ", "x", "«««", "Слушали:", "№ № №", "Решили:\n1.\n2.\n- \n", "1. " * 50, "Председатель: " * 20])
def test_odd_texts_give_a_record_not_an_error(extractor, text):
    protocol = extractor.extract(protocol_from_text(text, "odd.txt"))
    assert protocol.text == text
    assert {w.code for w in protocol.warnings} >= {"no_date", "no_number"}
