"""`protocols show FILE [--json]` on real sample files: the record with the full text and page spans,
and a bad file's error code."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from ingest.reading import read_file
from protocols.cli import app

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"


def test_show_json_prints_full_text_and_page_spans(seed_texts):
    path = SAMPLES / "seed-004-typed.pdf"
    result = CliRunner().invoke(app, ["show", str(path), "--json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    read = read_file(path)
    assert record["text"] == read.text
    assert " ".join(record["text"].split()) == " ".join(seed_texts["004"].replace("**", "").split())
    assert record["pages"] == [page.model_dump() for page in read.pages]
    assert len(record["pages"]) >= 2
    assert record["source"]["format"] == "pdf"
    assert record["source"]["filename"] == "seed-004-typed.pdf"
    assert record["source"]["size"] == path.stat().st_size
    for page in record["pages"]:
        assert record["text"][page["start"] : page["end"]].strip()


def test_show_prints_a_readable_record_for_docx():
    result = CliRunner().invoke(app, ["show", str(SAMPLES / "seed-000-typed.docx")])
    assert result.exit_code == 0, result.output
    assert "seed-000-typed.docx (docx," in result.stdout


def test_show_reports_a_bad_file_with_its_code():
    result = CliRunner().invoke(app, ["show", str(SAMPLES / "bad" / "scan.pdf")])
    assert result.exit_code == 2
    assert "[no_text_layer]" in result.stderr
    assert "scan.pdf" in result.stderr
