"""Regenerate corpus/samples/ from the seed protocols: `python corpus/make_samples.py` (`make samples`).

Good files (corpus/samples/): each seed as
  seed-NNN-typed.docx    list numbers typed in the text
  seed-NNN-autonum.docx  Word automatic numbering (numbering.xml), nested levels, restarts
  seed-NNN-table.docx    the attendance list as a table with merged cells
  seed-NNN-typed.pdf     a multi-page PDF with words hyphenated at line ends
and seed-004-owner-locked.pdf, a PDF restricted by an owner password only (it opens without one).

Bad files (corpus/samples/bad/), each failing with the code in BAD_FILES.

Output is deterministic: running it again rewrites the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import struct
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from corpus.documents import FONTS_DIR, PAGE_SIZE, deterministic_zip, docx_bytes, pdf_bytes  # noqa: E402

SAMPLES = ROOT / "corpus" / "samples"
BAD = SAMPLES / "bad"
SEEDS = {
    "000": ROOT / "corpus" / "gold" / "000_2d1f58a6737913fc.txt",
    "004": ROOT / "corpus" / "gold" / "004_6c2df33e76d030ba.txt",
}

# file name → the error code reading it must give (tests check the same table independently).
BAD_FILES = {
    "corrupt.docx": "corrupt_file",
    "broken-xml.docx": "corrupt_file",
    "entity-bomb.docx": "corrupt_file",
    "zip-bomb.docx": "too_large",
    "spreadsheet.docx": "unsupported_format",
    "legacy.doc": "unsupported_format",
    "rtf-named.docx": "unsupported_format",
    "encrypted.docx": "encrypted",
    "empty.docx": "empty_document",
    "no-text.docx": "empty_document",
    "encrypted.pdf": "encrypted",
    "scan.pdf": "no_text_layer",
    "text-named.pdf": "unsupported_format",
    "truncated.pdf": "corrupt_file",
    "empty.pdf": "empty_document",
    "blank.pdf": "empty_document",
}

# Margins tried in turn for a seed's PDF until its layout breaks a compound at its own hyphen
# ("нормативно-|правовая") and hyphenates an ordinary word: the reader must mend both.
RIGHT_MARGINS = [56.0 + step for step in (0, 4, -4, 8, -8, 12, -12, 16, -16, 20, 24, 28, 32)]
ZIP_BOMB_BYTES = 300 * 1024 * 1024


def seed_pdf(text: str) -> bytes:
    for margin in RIGHT_MARGINS:
        data, layout = pdf_bytes(text, right_margin=margin)
        compound_broken = any(word.startswith("нормативно-") for word in layout.hyphenated)
        word_broken = any("-" not in word for word in layout.hyphenated)
        if len(layout.pages) >= 2 and (compound_broken or "нормативно-" not in text) and word_broken:
            return data
    raise RuntimeError("no margin gives the line breaks the samples need")


def replaced_member(docx: bytes, name: str, data: bytes) -> bytes:
    """The .docx with one member's bytes replaced."""
    with zipfile.ZipFile(io.BytesIO(docx)) as source:
        return deterministic_zip((info.filename, data if info.filename == name else source.read(info)) for info in source.infolist())


def entity_bomb(document_xml: bytes) -> bytes:
    """Billion laughs: ten levels of entities, each ten of the one below, expanding to 10⁹ "lol"s."""
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    ]
    text = document_xml.decode("utf-8")
    root = text.index("<w:document")
    bomb = text[:root] + f"<!DOCTYPE w:document [{''.join(entities)}]>" + text[root:]
    bomb = bomb.replace("<w:t>", "<w:t>&lol9;", 1)
    return bomb.encode("utf-8")


def zip_bomb(docx: bytes) -> bytes:
    """A well-formed document.xml padded with 300 MiB of spaces, bzip2-packed into a few hundred bytes."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        document_xml = archive.read("word/document.xml")
    head, tail = document_xml.split(b"</w:body>")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            if info.filename != "word/document.xml":
                member.compress_type = zipfile.ZIP_DEFLATED
                target.writestr(member, source.read(info))
                continue
            member.compress_type = zipfile.ZIP_BZIP2
            with target.open(member, "w", force_zip64=True) as stream:
                stream.write(head)
                chunk = b" " * (1 << 20)
                for _ in range(ZIP_BOMB_BYTES // len(chunk)):
                    stream.write(chunk)
                stream.write(b"</w:body>" + tail)
    return out.getvalue()


def spreadsheet_zip() -> bytes:
    """An .xlsx-shaped package: a zip with content types, but no Word document in it."""
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return deterministic_zip(
        [
            (
                "[Content_Types].xml",
                (
                    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                    f'<Override PartName="/xl/workbook.xml" ContentType="{main}"/></Types>'
                ).encode(),
            ),
            (
                "_rels/.rels",
                (
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                    'Target="xl/workbook.xml"/></Relationships>'
                ).encode(),
            ),
            (
                "xl/workbook.xml",
                b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>',
            ),
        ]
    )


def ole_file(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (what .doc, .xls and encrypted Office files are) with these streams.

    512-byte sectors: sector 0 the FAT, sector 1 the directory, then each stream (padded to at least
    4096 bytes so no mini stream is needed). At most three streams.
    """
    assert 1 <= len(streams) <= 3
    free, end, fat_sector = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
    bodies = [data.ljust(max(4096, -(-len(data) // 512) * 512), b"\0") for data in streams.values()]
    fat = [fat_sector, end]
    starts = []
    for body in bodies:
        start, count = len(fat), len(body) // 512
        starts.append(start)
        fat += [start + i + 1 for i in range(count - 1)] + [end]
    assert len(fat) <= 128
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        encoded = name.encode("utf-16-le") + b"\0\0"
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\0" * 16 + b"\0" * 4 + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    directory = entry("Root Entry", 5, 1, free, end, 0)
    for n, name in enumerate(names):
        right = n + 2 if n + 1 < len(names) else free
        directory += entry(name, 2, free, right, starts[n], len(streams[name]))
    directory = directory.ljust(512, b"\0")

    header = (
        bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<109I", 0, *([free] * 108))
    )
    return header + struct.pack("<128I", *fat) + directory + b"".join(bodies)


def scan_pdf(text: str) -> bytes:
    """A page that is only a picture of text (as a scanner makes it): no text layer at all."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONTS_DIR / "DejaVuSans.ttf"), 26)
    y = 120
    for line in text.replace("**", "").strip().split("\n")[:40]:
        draw.text((140, y), line[:75], fill=0, font=font)
        y += 38
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE_SIZE, invariant=1)
    canvas.drawImage(ImageReader(image.convert("1")), 0, 0, width=PAGE_SIZE[0], height=PAGE_SIZE[1])
    canvas.showPage()
    canvas.save()
    return out.getvalue()


def blank_pdf(pages: int = 2) -> bytes:
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=PAGE_SIZE, invariant=1)
    for _ in range(pages):
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_bytes() != data:
        path.write_bytes(data)
    print(f"{path.relative_to(ROOT)}  {len(data)} bytes  sha256 {hashlib.sha256(data).hexdigest()[:12]}")


def main() -> None:
    texts = {seed: path.read_text(encoding="utf-8") for seed, path in SEEDS.items()}
    for seed, text in texts.items():
        write(SAMPLES / f"seed-{seed}-typed.docx", docx_bytes(text, numbering="typed"))
        write(SAMPLES / f"seed-{seed}-autonum.docx", docx_bytes(text, numbering="auto"))
        write(SAMPLES / f"seed-{seed}-table.docx", docx_bytes(text, attendance_table=True))
        write(SAMPLES / f"seed-{seed}-typed.pdf", seed_pdf(text))
    write(SAMPLES / "seed-004-owner-locked.pdf", pdf_bytes(texts["004"], owner_password="owner")[0])

    typed = (SAMPLES / "seed-004-typed.docx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(typed)) as archive:
        document_xml = archive.read("word/document.xml")
    write(BAD / "corrupt.docx", typed[: len(typed) // 2])
    cut = document_xml.rindex(b"<w:p>", 0, len(document_xml) * 3 // 5) + len(b"<w:p>")
    write(BAD / "broken-xml.docx", replaced_member(typed, "word/document.xml", document_xml[:cut]))
    write(BAD / "entity-bomb.docx", replaced_member(typed, "word/document.xml", entity_bomb(document_xml)))
    write(BAD / "zip-bomb.docx", zip_bomb(typed))
    write(BAD / "spreadsheet.docx", spreadsheet_zip())
    write(BAD / "legacy.doc", ole_file({"WordDocument": b"\xec\xa5" + b"\0" * 1022, "1Table": b"\0" * 512}))
    write(BAD / "encrypted.docx", ole_file({"EncryptionInfo": b"\x04\0\x04\0\x40\0\0\0", "EncryptedPackage": b"\0" * 8192}))
    write(BAD / "rtf-named.docx", b"{\\rtf1\\ansi\\ansicpg1251\\deff0 {\\fonttbl {\\f0 Times New Roman;}}\\f0 \\'cf\\'f0\\'ee\\'f2\\'ee\\'ea\\'ee\\'eb \\'b9 1\\par}")
    write(BAD / "empty.docx", b"")
    write(BAD / "no-text.docx", docx_bytes("\n\n"))
    write(BAD / "encrypted.pdf", pdf_bytes(texts["004"], user_password="secret", owner_password="owner")[0])
    write(BAD / "scan.pdf", scan_pdf(texts["004"]))
    write(BAD / "text-named.pdf", texts["004"].encode("utf-8"))
    seed_pdf_bytes = (SAMPLES / "seed-004-typed.pdf").read_bytes()
    write(BAD / "truncated.pdf", seed_pdf_bytes[: len(seed_pdf_bytes) * 2 // 3])
    write(BAD / "empty.pdf", b"")
    write(BAD / "blank.pdf", blank_pdf())
    assert {path.name for path in BAD.iterdir()} >= set(BAD_FILES)


if __name__ == "__main__":
    main()
