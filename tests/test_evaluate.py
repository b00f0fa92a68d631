"""The scorer (known inputs give known precision, recall, F1), `protocols evaluate`, and the regression
threshold on corpus/gold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from extract.evaluate import FIELDS, Score, evaluate, load_gold, norm, score_file, score_lists
from extract.evaluation_run import run_evaluation
from ingest.reading import protocol_from_text
from protocols.cli import app

GOLD_DIR = Path(__file__).resolve().parent.parent / "corpus" / "gold"
# Measured macro F1 over corpus/gold: 1.000 on 69 protocols (39, then the 15 of the first held-out set, which
# scored 0.839 blind and 1.000 after the fixes, then the 15 of the second, 0.926 blind and 0.998 after; 0.998 on
# PDF renderings of the 69). New annotated protocols keep arriving; a drop below this threshold is a regression
# to look at.
MACRO_F1_THRESHOLD = 0.98


def test_score_lists_is_multiset_matching():
    score, diff = score_lists(["a", "a", "b", "c"], ["a", "b", "b", "d"])
    assert (score.tp, score.fp, score.fn) == (2, 2, 2)
    assert score.precision == 0.5 and score.recall == 0.5 and score.f1 == 0.5
    assert sorted(diff.missing) == ["a", "c"] and sorted(diff.spurious) == ["b", "d"]


@pytest.mark.parametrize(
    ("tp", "fp", "fn", "p", "r", "f1"),
    [
        (3, 1, 0, 0.75, 1.0, 6 / 7),
        (0, 0, 0, 1.0, 1.0, 1.0),
        (0, 2, 0, 0.0, 0.0, 0.0),  # nothing to find, something predicted: both figures 0
        (0, 0, 2, 0.0, 0.0, 0.0),  # nothing predicted, something missed
        (1, 1, 1, 0.5, 0.5, 0.5),
    ],
)
def test_score_figures(tp, fp, fn, p, r, f1):
    score = Score(tp, fp, fn)
    assert (score.precision, score.recall) == (p, r)
    assert score.f1 == pytest.approx(f1)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("« Положения о выплатах   »", "«Положения о выплатах»"),
        ("Журавлёва Н.Н.", "Журавлева Н.Н."),
        ("председатель п…", "председатель п"),
        ("учебный год.", "учебный год"),
        ("2017 – 2018", "2017 - 2018"),
    ],
)
def test_normalization_for_matching(a, b):
    assert norm(a) == norm(b)


def test_normalization_keeps_real_differences():
    assert norm("Иванова И.И.") != norm("Иванов И.И.")
    assert norm("МБОУ «СШ № 1»") != norm("МБОУ «СШ № 11»")


def gold_doc(**fields) -> dict:
    base = {"doc_type": None, "number": None, "date": None, "date_conflicts": [], "organization": None, "participants": [],
            "participant_count": None, "schools": [], "agenda": [], "speakers": [], "decisions": []}
    return {**base, **fields}


def test_score_file_on_a_known_record(extractor):
    text = ("Протокол № 7\nзаседания педагогического совета\nот 01.09.2021\n\nПрисутствовали: Иванова И.И., Петров П.П.\n\n"
            "Повестка дня:\n1. О плане.\n\nСлушали: Иванову И.И., директора, которая рассказала о плане.\n\n"
            "Решили:\n1. Утвердить план.\nОтветственный: Петров П.П.\n")
    protocol = extractor.extract(protocol_from_text(text, "known.txt"))
    gold = gold_doc(
        doc_type="Заседание педагогического совета", number="8", date="2021-09-01",
        participants=["Иванова И.И.", "Петров П.П.", "Сидорова С.С."],
        agenda=["О плане."],
        speakers=[{"name": "Иванова И.И.", "role": "директор", "agenda_item": 1}],
        decisions=[{"text": "Утвердить план.", "agenda_item": 1, "responsible": "Петров П.П."}],
    )
    scores = {name: score for name, (score, _) in score_file(gold, protocol, str.lower).items()}
    assert (scores["doc_type"].tp, scores["doc_type"].fp) == (1, 0)  # case-insensitive
    assert (scores["number"].tp, scores["number"].fp, scores["number"].fn) == (0, 1, 1)
    assert (scores["participants"].tp, scores["participants"].fn) == (2, 1)
    assert scores["speakers"].tp == 1 and scores["decisions"].tp == 1 and scores["decision_responsible"].tp == 1
    assert "time" not in scores  # the gold does not annotate it (no key): not scored
    assert "decision_deadline" not in scores  # no decision of the gold has a deadline key


def test_load_gold_pairs_texts_and_annotations(tmp_path):
    (tmp_path / "a.txt").write_text("Протокол № 1", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(gold_doc(number="1")), encoding="utf-8")
    (tmp_path / "b.gold.json").write_text(json.dumps(gold_doc()), encoding="utf-8")
    with pytest.raises(FileNotFoundError):
        load_gold([tmp_path])
    (tmp_path / "b.gold.json").unlink()
    (doc,) = load_gold([tmp_path])
    assert doc.name == "a.txt" and doc.gold["number"] == "1"
    assert [d.name for d in load_gold([tmp_path / "a.txt"])] == ["a.txt"]


def test_evaluate_command_prints_figures_json_and_errors(tmp_path):
    (tmp_path / "a.txt").write_text("Протокол № 1\nзаседания совета\nот 01.02.2021\n\nПовестка дня:\n1. Разное.", encoding="utf-8")
    (tmp_path / "a.gold.json").write_text(
        json.dumps(gold_doc(doc_type="заседание совета", number="2", date="2021-02-01", agenda=["Разное."])), encoding="utf-8"
    )
    runner = CliRunner()
    table = runner.invoke(app, ["evaluate", str(tmp_path), "--no-baseline", "--show-errors"])
    assert table.exit_code == 0, table.output
    assert "macro F1" in table.stdout and "number" in table.stdout
    assert "number: - '2'" in table.stdout and "number: + '1'" in table.stdout
    result = runner.invoke(app, ["evaluate", str(tmp_path), "--json"])
    figures = json.loads(result.stdout)
    assert figures["extractor"]["fields"]["date"]["f1"] == 1.0
    assert figures["extractor"]["fields"]["number"]["precision"] == 0.0
    assert figures["natasha_baseline"]["fields"]["doc_type"]["f1"] == 0.0


def test_extraction_on_the_gold_corpus_stays_above_the_threshold(extractor):
    docs = load_gold([GOLD_DIR])
    assert len(docs) >= 14
    from extract.evaluate import org_key_function

    report = evaluate(docs, lambda d: extractor.extract(protocol_from_text(d.text, d.name)), org_key_function(extractor.lemmatizer))
    low = {name: round(report.scores[name].f1, 3) for name in FIELDS if report.scores[name].support and report.scores[name].f1 < 0.9}
    assert report.macro_f1 >= MACRO_F1_THRESHOLD, (report.macro_f1, low)


def test_the_baseline_is_scored_in_the_same_run(extractor):
    out = run_evaluation([GOLD_DIR / "004_6c2df33e76d030ba.txt"], extractor=extractor)
    assert "natasha baseline" in out
    assert out.count("macro F1") == 1
