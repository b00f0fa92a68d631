"""Reading one file into a `MeetingProtocol` (source, text, pages) with the best-matching reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.errors import EmptyDocument, TooLarge, UnsupportedFormat
from ingest.readers.base import Reader
from protocols.model import MeetingProtocol, Page, Source
from protocols.settings import Settings, get_settings

HEAD_BYTES = 8192


def available_readers() -> list[type[Reader]]:
    from ingest.readers.docx import DocxReader
    from ingest.readers.pdf import PdfReader

    return [DocxReader, PdfReader]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def choose_reader(path: Path, head: bytes) -> type[Reader]:
    scored = [(reader.match(path, head), reader) for reader in available_readers()]
    score, reader = max(scored, key=lambda pair: pair[0])
    if score <= 0:
        raise UnsupportedFormat(
            "Формат файла не поддерживается: ожидается .docx или .pdf (определяется по содержимому)",
            filename=path.name,
        )
    return reader


def read_file(path: Path, *, settings: Settings | None = None, filename: str | None = None) -> MeetingProtocol:
    """Read `path` into a record with text and pages; data problems raise `IngestError`."""
    settings = settings or get_settings()
    path = Path(path)
    name = filename or path.name
    size = path.stat().st_size
    if size == 0:
        raise EmptyDocument("Файл пуст (0 байт)", filename=name)
    if size > settings.max_file_bytes:
        raise TooLarge(
            f"Файл слишком большой: {size} байт, предел {settings.max_file_bytes} байт", filename=name
        )
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES)
    reader_cls = choose_reader(path, head)
    read = reader_cls(settings).read(path)
    if not read.text.strip():
        raise EmptyDocument("В документе нет текста", filename=name)
    source = Source(filename=name, sha256=sha256_of(path), size=size, format=reader_cls.format)
    return MeetingProtocol(source=source, text=read.text, pages=read.pages)


def protocol_from_text(text: str, filename: str) -> MeetingProtocol:
    """A record for a plain text (the gold annotations' .txt), one page long; not a reader for uploads."""
    data = text.encode("utf-8")
    source = Source(filename=filename, sha256=hashlib.sha256(data).hexdigest(), size=len(data), format="txt")
    return MeetingProtocol(source=source, text=text, pages=[Page(number=1, start=0, end=len(text))])
