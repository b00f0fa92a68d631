"""Extraction quality through the readers: the gold texts rendered as .pdf and .docx, read back, scored.

    python bench/extract_through_readers.py [--gold corpus/gold] [--formats pdf,docx-auto,docx-table] [--show-errors]

`protocols evaluate` scores the plain gold texts; real uploads are .docx and .pdf, whose readers
re-wrap lines (PDF), number lists automatically (Word) or turn attendance lists into tables. This
prints per-field F1 and the macro F1 per rendering (corpus/documents.py writes the files).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.documents import write_docx, write_pdf  # noqa: E402
from extract.evaluate import FIELDS, evaluate, format_errors, load_gold, org_key_function  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from ingest.reading import read_file  # noqa: E402

def as_pdf(text: str, stem: Path) -> Path:
    path = stem.with_suffix(".pdf")
    write_pdf(text, path)
    return path


RENDERINGS = {
    "pdf": as_pdf,
    "docx-typed": lambda text, stem: write_docx(text, stem.with_suffix(".docx")),
    "docx-auto": lambda text, stem: write_docx(text, stem.with_suffix(".docx"), numbering="auto"),
    "docx-table": lambda text, stem: write_docx(text, stem.with_suffix(".docx"), attendance_table=True),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold")
    parser.add_argument("--formats", default="pdf,docx-auto,docx-table")
    parser.add_argument("--show-errors", action="store_true", help="list what each rendering got wrong, per file")
    args = parser.parse_args()
    docs = load_gold([args.gold])
    extractor = Extractor()
    key_of = org_key_function(extractor.lemmatizer)
    with tempfile.TemporaryDirectory() as folder:
        for name in args.formats.split(","):
            render = RENDERINGS[name]

            def predict(doc, render=render):
                return extractor.extract(read_file(render(doc.text, Path(folder) / Path(doc.name).stem)))

            report = evaluate(docs, predict, key_of)
            fields = "  ".join(f"{field} {report.scores[field].f1:.3f}" for field in FIELDS if report.scores[field].support)
            print(f"{name:<11} {len(docs)} files  macro F1 {report.macro_f1:.3f}\n  {fields}")
            if args.show_errors:
                print(format_errors(report))


if __name__ == "__main__":
    main()
