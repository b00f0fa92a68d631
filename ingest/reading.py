"""Reading one file into a `MeetingProtocol` (source, text, pages) with the best-matching reader."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ingest.errors import EmptyDocument, IngestError, TooLarge, UnsupportedFormat
from ingest.readers.base import Reader, ReadText
from protocols.model import ExtractionWarning, MeetingProtocol, Page, Source, Span
from protocols.settings import Settings, get_settings

HEAD_BYTES = 8192
# Points the name adds to a reader whose content test already matched: breaks ties, never decides.
EXTENSION_BONUS = 5

# What a file that no reader takes looks like, to say so in the error (first bytes → description).
_KNOWN_OTHER_CONTENT = {
    b"\x89PNG": "изображение PNG",
    b"\xff\xd8\xff": "изображение JPEG",
    b"II*\x00": "изображение TIFF",
    b"MM\x00*": "изображение TIFF",
    b"GIF8": "изображение GIF",
    b"Rar!": "архив RAR",
    b"7z\xbc\xaf": "архив 7z",
    b"PK": "zip-архив, но не документ Word",
    b"<html": "страница HTML",
    b"<!DOCTYPE html": "страница HTML",
}


def available_readers() -> list[type[Reader]]:
    from ingest.readers.docx import DocxReader
    from ingest.readers.legacy import LegacyOfficeReader
    from ingest.readers.pdf import PdfReader

    return [DocxReader, PdfReader, LegacyOfficeReader]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def choose_reader(path: Path, head: bytes) -> type[Reader]:
    """The reader whose content test scores highest; the file name only breaks ties."""
    best_score, best = 0, None
    for reader in available_readers():
        score = reader.match(path, head)
        if score > 0 and reader.has_own_extension(path):
            score += EXTENSION_BONUS
        if score > best_score:
            best_score, best = score, reader
    if best is None:
        raise UnsupportedFormat(
            f"Формат файла не поддерживается: по содержимому это {_describe(head)}; нужен .docx или .pdf",
            filename=path.name,
        )
    return best


def _describe(head: bytes) -> str:
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    for magic, description in _KNOWN_OTHER_CONTENT.items():
        if stripped.startswith(magic.lower()):
            return description
    sample = head[:2048]
    for encoding in ("utf-8", "cp1251"):
        try:
            decoded = sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        if decoded and sum(ch.isprintable() or ch in "\r\n\t" for ch in decoded) / len(decoded) > 0.95:
            return "обычный текст, а не документ"
    return "не документ Word и не PDF"


def read_file(path: Path, *, settings: Settings | None = None, filename: str | None = None) -> MeetingProtocol:
    """Read `path` into a record with text and pages; data problems raise `IngestError`."""
    settings = settings or get_settings()
    path = Path(path)
    name = filename or path.name
    try:
        size = path.stat().st_size
        if size == 0:
            raise EmptyDocument("Файл пуст (0 байт)")
        if size > settings.max_file_bytes:
            raise TooLarge(f"Файл слишком большой: {size} байт, предел {settings.max_file_bytes} байт")
        with path.open("rb") as f:
            head = f.read(HEAD_BYTES)
        reader_cls = choose_reader(path, head)
        read = reader_cls(settings).read(path)
        if not read.text.strip():
            raise EmptyDocument("В документе нет текста")
    except IngestError as error:
        error.filename = name
        raise
    source = Source(filename=name, sha256=sha256_of(path), size=size, format=reader_cls.format)
    return MeetingProtocol(source=source, text=read.text, pages=read.pages, warnings=_warnings(read))


def _warnings(read: ReadText) -> list[ExtractionWarning]:
    """Reading warnings (a page without text) go on the record, pointing at their page."""
    warnings = []
    for warning in read.warnings:
        span = None
        if warning.page is not None:
            page = read.pages[warning.page - 1]
            span = Span(start=page.start, end=page.end, page=page.number)
        warnings.append(ExtractionWarning(code=warning.code, message=warning.message, span=span))
    return warnings


def protocol_from_text(text: str, filename: str) -> MeetingProtocol:
    """A record for a plain text (the gold annotations' .txt), one page long; not a reader for uploads."""
    data = text.encode("utf-8")
    source = Source(filename=filename, sha256=hashlib.sha256(data).hexdigest(), size=len(data), format="txt")
    return MeetingProtocol(source=source, text=text, pages=[Page(number=1, start=0, end=len(text))])
