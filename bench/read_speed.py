"""Reading speed over the corpus: pages/s for PDF, documents/s for .docx (and the writers' speed).

    python bench/read_speed.py [--seconds 3] [--no-gold]

Reads the good files of corpus/samples/ and, unless --no-gold, every corpus/gold/*.txt rendered by
corpus/documents.py as .docx (typed and Word numbering) and .pdf into a temporary folder. Each set
is read over and over for at least --seconds after one warm-up pass (which loads the hyphenation
dictionary), through `ingest.reading.read_file`, the whole path an upload takes.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.documents import docx_bytes, pdf_bytes  # noqa: E402
from ingest.reading import read_file  # noqa: E402


def timed_rounds(paths: list[Path], seconds: float) -> tuple[int, float, int]:
    """(rounds, elapsed seconds, pages per round) reading every path once per round."""
    pages = sum(len(read_file(path).pages) for path in paths)  # warm-up
    rounds, start = 0, time.perf_counter()
    while True:
        for path in paths:
            read_file(path)
        rounds += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return rounds, elapsed, pages


def render_gold(folder: Path) -> tuple[list[Path], list[Path], float, float]:
    """Every gold text as .docx (typed and automatic numbering) and .pdf; also the writers' seconds."""
    docx_paths, pdf_paths = [], []
    docx_seconds = pdf_seconds = 0.0
    for text_path in sorted((ROOT / "corpus" / "gold").glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        for numbering in ("typed", "auto"):
            start = time.perf_counter()
            data = docx_bytes(text, numbering=numbering)
            docx_seconds += time.perf_counter() - start
            path = folder / f"{text_path.stem}-{numbering}.docx"
            path.write_bytes(data)
            docx_paths.append(path)
        start = time.perf_counter()
        data, _ = pdf_bytes(text)
        pdf_seconds += time.perf_counter() - start
        path = folder / f"{text_path.stem}.pdf"
        path.write_bytes(data)
        pdf_paths.append(path)
    return docx_paths, pdf_paths, docx_seconds, pdf_seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="minimum time per measurement")
    parser.add_argument("--no-gold", action="store_true", help="only corpus/samples, not the rendered gold texts")
    args = parser.parse_args()

    samples = ROOT / "corpus" / "samples"
    docx_paths = sorted(samples.glob("*.docx"))
    pdf_paths = sorted(samples.glob("*.pdf"))
    with tempfile.TemporaryDirectory() as tmp:
        if not args.no_gold:
            gold_docx, gold_pdf, docx_seconds, pdf_seconds = render_gold(Path(tmp))
            print(
                f"writers: {len(gold_docx) / docx_seconds:.0f} .docx/s, {len(gold_pdf) / pdf_seconds:.0f} .pdf/s "
                f"({len(gold_pdf)} gold texts)"
            )
            docx_paths += gold_docx
            pdf_paths += gold_pdf
        rounds, elapsed, pages = timed_rounds(pdf_paths, args.seconds)
        print(
            f"PDF:  {len(pdf_paths)} files, {pages} pages, {rounds} rounds in {elapsed:.1f} s: "
            f"{rounds * pages / elapsed:.1f} pages/s ({1000 * elapsed / (rounds * pages):.1f} ms/page)"
        )
        rounds, elapsed, _ = timed_rounds(docx_paths, args.seconds)
        documents = rounds * len(docx_paths)
        print(
            f"DOCX: {len(docx_paths)} files, {rounds} rounds in {elapsed:.1f} s: "
            f"{documents / elapsed:.1f} documents/s ({1000 * elapsed / documents:.1f} ms/document)"
        )


if __name__ == "__main__":
    main()
