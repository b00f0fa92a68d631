"""The mixed batch the bulk-ingest tests send through the HTTP API and the CLI: good files (corpus
samples and documents rendered from gold texts) and every kind of bad input, with the status and
code each file must end with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from corpus.documents import docx_bytes, pdf_bytes
from tests.bulk_zips import cp866_entry, nested_zip, write_zip, zip_bytes
from tests.conftest import GOLD_DIR, SAMPLES_DIR

# Settings the mixed batch is made for: small limits, so oversized inputs stay small.
MAX_FILE_BYTES = 200_000
ZIP_MAX_TOTAL_BYTES = 4 * 1024 * 1024
ZIP_MAX_DEPTH = 2
BULK_ENV = {
    "PROTOCOLS_MAX_FILE_BYTES": str(MAX_FILE_BYTES),
    "PROTOCOLS_ZIP_MAX_TOTAL_BYTES": str(ZIP_MAX_TOTAL_BYTES),
    "PROTOCOLS_ZIP_MAX_DEPTH": str(ZIP_MAX_DEPTH),
}

# The bytes of seed-000-typed.docx arrive three times in the batch: one is stored, two are duplicates.
SEED_COPIES = ("batch/seed-000-typed.docx", "batch/копия seed-000.docx", "batch/archive.zip/копия.docx")


@dataclass(frozen=True)
class MixedBatch:
    root: Path  # run the CLI here: display paths start with "batch/"
    expected: dict[str, tuple[str, str | None]]  # display path -> (status, code), SEED_COPIES aside

    def files(self) -> list[Path]:
        """Every file under batch/ (what an upload sends), in a stable order."""
        return sorted(p for p in (self.root / "batch").rglob("*") if p.is_file())


def gold_text(stem: str) -> str:
    return (GOLD_DIR / f"{stem}.txt").read_text(encoding="utf-8")


def build_mixed_batch(root: Path) -> MixedBatch:
    batch = root / "batch"
    (batch / "bad").mkdir(parents=True)
    (batch / "generated").mkdir()
    expected: dict[str, tuple[str, str | None]] = {}

    def put(relative: str, data: bytes, status: str, code: str | None = None) -> None:
        path = batch / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        expected[f"batch/{relative}"] = (status, code)

    seed_docx = (SAMPLES_DIR / "seed-000-typed.docx").read_bytes()
    put("seed-000-typed.docx", seed_docx, "duplicate-or-done")
    put("копия seed-000.docx", seed_docx, "duplicate-or-done")
    put("seed-004-typed.pdf", (SAMPLES_DIR / "seed-004-typed.pdf").read_bytes(), "done")
    put("seed-004-owner-locked.pdf", (SAMPLES_DIR / "seed-004-owner-locked.pdf").read_bytes(), "done")
    put("generated/101.docx", docx_bytes(gold_text("101_shmo_nachalnye"), numbering="auto"), "done")
    put("generated/107.pdf", pdf_bytes(gold_text("107_gmo_matematika_sferum"))[0], "done")
    # a Word file named .pdf: the type is judged by content
    put("generated/на самом деле docx.pdf", docx_bytes(gold_text("110_mo_klassnyh_rukovoditeley")), "done")

    bad_samples = {
        "corrupt.docx": "corrupt_file",  # not a whole zip
        "broken-xml.docx": "corrupt_file",  # malformed document.xml
        "entity-bomb.docx": "corrupt_file",  # XML entity expansion
        "encrypted.pdf": "encrypted",
        "scan.pdf": "no_text_layer",  # image only: needs OCR
        "empty.docx": "empty_document",  # 0 bytes
        "text-named.pdf": "unsupported_format",  # plain text named .pdf
        "rtf-named.docx": "unsupported_format",  # RTF named .docx
    }
    for name, code in bad_samples.items():
        put(f"bad/{name}", (SAMPLES_DIR / "bad" / name).read_bytes(), "failed", code)

    # a readable PDF made larger than the limit by a trailing comment after %%EOF
    oversized = (SAMPLES_DIR / "seed-000-typed.pdf").read_bytes() + b"\n%" + b"x" * MAX_FILE_BYTES + b"\n"
    put("bad/oversized.pdf", oversized, "failed", "too_large")
    put("Thumbs.db", b"\0" * 64, "skipped", "skipped")

    good_in_zip = docx_bytes(gold_text("119_rmo_fizkultura"))
    archive = write_zip(
        batch / "archive.zip",
        [
            (cp866_entry("Протоколы 2021/Протокол педсовета №5.docx"), good_in_zip),
            ("вложенный.zip", zip_bytes({"внутри.pdf": pdf_bytes(gold_text("118_soveshchanie_zaveduyushchih_dou"))[0]})),
            ("глубже.zip", nested_zip(2, "слишком глубоко.docx", good_in_zip)),
            ("../вне архива.docx", good_in_zip),
            ("/абсолютный путь.docx", good_in_zip),
            ("бомба.docx", b"\0" * (2 * 1024 * 1024)),  # ratio about 1000:1
            ("__MACOSX/._копия.docx", b"resource fork"),
            ("копия.docx", seed_docx),
            ("desktop.ini", b"[.ShellClassInfo]"),
        ],
    )
    assert archive.stat().st_size < MAX_FILE_BYTES
    expected.update({
        "batch/archive.zip/Протоколы 2021/Протокол педсовета №5.docx": ("done", None),
        "batch/archive.zip/вложенный.zip/внутри.pdf": ("done", None),
        "batch/archive.zip/глубже.zip/level2.zip": ("failed", "archive_too_deep"),
        "batch/archive.zip/../вне архива.docx": ("failed", "unsafe_path"),
        "batch/archive.zip//абсолютный путь.docx": ("failed", "unsafe_path"),
        "batch/archive.zip/бомба.docx": ("failed", "zip_bomb"),
        "batch/archive.zip/копия.docx": ("duplicate-or-done", None),
        "batch/archive.zip/desktop.ini": ("skipped", "skipped"),
    })
    # each entry small enough to pass the ratio test, together over the total: a few KB unpacking to 5 MiB
    write_zip(batch / "huge.zip", {f"part{n}.pdf": b"\0" * (1024 * 1024) for n in range(5)})
    expected["batch/huge.zip"] = ("failed", "zip_bomb")
    return MixedBatch(root, expected)


def check_statuses(items: list[dict], batch: MixedBatch) -> None:
    """Every file has its expected status and code; the three copies of one file are stored once."""
    by_path = {item["path"]: item for item in items}
    assert set(by_path) == set(batch.expected), (set(by_path) ^ set(batch.expected))
    wrong = {
        path: (by_path[path]["status"], by_path[path]["code"], by_path[path]["message"])
        for path, (status, code) in batch.expected.items()
        if status != "duplicate-or-done" and (by_path[path]["status"], by_path[path]["code"]) != (status, code)
    }
    assert not wrong, wrong
    for path, (status, _) in batch.expected.items():
        item = by_path[path]
        if item["status"] == "failed" or item["status"] == "skipped":
            assert item["message"], path
        if status == "done":
            assert item["protocol_id"], path
    copies = [by_path[path] for path in SEED_COPIES]
    stored = [item for item in copies if item["status"] == "done"]
    assert len(stored) == 1, copies
    for item in copies:
        if item is not stored[0]:
            assert item["status"] == "duplicate"
            assert item["duplicate_of"]["item_id"] == stored[0]["id"]
            assert item["duplicate_of"]["protocol_id"] == stored[0]["protocol_id"]
    done = [item["protocol_id"] for item in items if item["status"] == "done"]
    assert len(done) == len(set(done))
