"""PDF with a text layer: text per page in reading order, pages kept as offsets into one text.

The text (see CONTRACTS.md, "Reader text conventions"):
- pages are joined by "\\n\\n"; `Page(number, start, end)` is the page's own text, without the
  separator, so `text[page.start:page.end]` is exactly what that page says;
- one line per printed line; a vertical gap of about a line or more (a paragraph break) becomes
  an empty line;
- a word broken at a line end is joined back (`ingest.hyphenation`), also across a page break (the
  word then belongs to the page where it starts).

Data problems: a password-protected PDF is `encrypted` (one that opens with the empty user password,
i.e. with only an owner password, is read); pages without characters but with images everywhere are
`no_text_layer` (a scan, it needs OCR); glyphs without Unicode mapping everywhere are
`no_text_layer` too; an unparsable file is `corrupt_file`; more than `max_pdf_pages` pages is
`too_large`. A single page that cannot be parsed is left empty with a warning.
"""

from __future__ import annotations

import re
import struct
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from statistics import median

import pdfplumber
from pdfminer.layout import LTChar, LTContainer
from pdfminer.pdfdocument import PDFEncryptionError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from ingest.errors import CorruptFile, EmptyDocument, EncryptedFile, NoTextLayer, TooLarge
from ingest.hyphenation import HyphenJoiner
from ingest.readers.base import Reader, ReadText, ReadWarning, clean_text
from protocols.model import Page
from protocols.settings import Settings

PAGE_SEPARATOR = "\n\n"
MAGIC = b"%PDF-"
MAGIC_WINDOW = 1024
# A gap between lines larger than this share of the line height is a paragraph break.
PARAGRAPH_GAP = 0.7
# A gap between letters wider than this share of the font size is a space. Many producers position
# words without space glyphs; pdfplumber's fixed 3 pt default glues the words of small print together.
WORD_GAP = 0.15
_UNMAPPED_GLYPH = re.compile(r"\(cid:\d+\)")
# What pdfminer raises when the bytes are not a well-formed PDF (besides its own PSException family).
_MALFORMED = (PSException, ValueError, KeyError, IndexError, TypeError, struct.error, zlib.error)


@lru_cache(maxsize=1)
def shared_joiner() -> HyphenJoiner:
    """One joiner per process: its dictionary takes a tenth of a second and some memory to load."""
    return HyphenJoiner()


@dataclass
class _Line:
    page: int
    text: str
    top: float
    bottom: float


@dataclass
class _Scan:
    page_count: int
    lines: list[_Line] = field(default_factory=list)
    warnings: list[ReadWarning] = field(default_factory=list)
    image_pages: int = 0
    unreadable_pages: int = 0


def _refuse_unusable(scan: _Scan) -> None:
    """Raise when there is nothing to read: no pages, broken pages only, a scan, or glyphs without Unicode."""
    if scan.page_count == 0:
        raise EmptyDocument("В PDF нет ни одной страницы")
    if scan.unreadable_pages == scan.page_count:
        raise CorruptFile("PDF повреждён: ни одна страница не читается")
    if not any(line.text.strip() for line in scan.lines):
        if scan.image_pages:
            raise NoTextLayer(
                "В PDF нет текстового слоя: это скан (страницы — изображения). "
                "Нужно распознавание текста (OCR), оно пока не поддерживается"
            )
        raise EmptyDocument("В PDF нет текста: страницы пустые")
    all_text = "".join(line.text for line in scan.lines)
    unmapped = sum(len(m) for m in _UNMAPPED_GLYPH.findall(all_text))
    if unmapped > 0.5 * len(all_text.replace(" ", "")):
        raise NoTextLayer(
            "Текстовый слой PDF не читается: шрифты без таблицы символов Unicode. "
            "Нужно распознавание текста (OCR), оно пока не поддерживается"
        )


class PdfReader(Reader):
    format = "pdf"
    extensions = (".pdf",)

    def __init__(self, settings: Settings, joiner: HyphenJoiner | None = None) -> None:
        super().__init__(settings)
        self.joiner = joiner or shared_joiner()

    @classmethod
    def match(cls, path: Path, head: bytes) -> int:
        at = head.find(MAGIC, 0, MAGIC_WINDOW + len(MAGIC))
        if at < 0:
            return 0
        # Some producers put junk (a mail header, a BOM) before the magic; readers accept it.
        return 100 if at == 0 else 90

    def read(self, path: Path) -> ReadText:
        scan = self._scan(path)
        _refuse_unusable(scan)
        self._join_broken_words(scan.lines)
        text, pages = _assemble(scan.lines, scan.page_count)
        return ReadText(text=text, pages=pages, warnings=tuple(scan.warnings))

    def _scan(self, path: Path) -> _Scan:
        """Every page's lines; a page that cannot be parsed is left empty with a warning."""
        try:
            pdf = pdfplumber.open(path)
        except PdfminerException as error:
            raise _data_error(error) from error
        with pdf:
            try:
                pages = pdf.pages
            except PdfminerException as error:
                raise _data_error(error) from error
            if len(pages) > self.settings.max_pdf_pages:
                raise TooLarge(f"В PDF {len(pages)} страниц, предел {self.settings.max_pdf_pages}")
            scan = _Scan(page_count=len(pages))
            for page in pages:
                try:
                    page_lines = _page_lines(page)
                    if not page_lines and page.images:
                        scan.image_pages += 1
                        scan.warnings.append(
                            ReadWarning("page_without_text", "Страница без текста, только изображение (скан?)", page.page_number)
                        )
                    scan.lines.extend(page_lines)
                except PdfminerException as error:
                    problem = _data_error(error)
                    if not isinstance(problem, CorruptFile):
                        raise problem from error
                    scan.unreadable_pages += 1
                    scan.warnings.append(
                        ReadWarning("page_unreadable", "Страница повреждена, её текст не прочитан", page.page_number)
                    )
                finally:
                    page.close()
        return scan

    def _join_broken_words(self, lines: list[_Line]) -> None:
        """Mend words broken at line ends, page ends included; an empty line (a paragraph break) stops it.

        A line that was only the end of a broken word is dropped rather than left as a false paragraph break.
        """
        emptied = set()
        for n, (upper, lower) in enumerate(zip(lines, lines[1:]), start=1):
            if not upper.text or not lower.text:
                continue
            mended = self.joiner.join(upper.text, lower.text)
            if mended is not None:
                upper.text, lower.text = mended
                if not lower.text:
                    emptied.add(n)
        lines[:] = [line for n, line in enumerate(lines) if n not in emptied]


def _page_lines(page: pdfplumber.page.Page) -> list[_Line]:
    """The printed lines of a page, with an empty line where a paragraph gap is."""
    chars = _page_chars(page)
    if not chars:
        return []
    textmap = pdfplumber.utils.chars_to_textmap(
        chars, layout_bbox=page.bbox, layout_width=page.width, layout_height=page.height, x_tolerance_ratio=WORD_GAP
    )
    raw: list[_Line] = []
    parts: list[str] = []
    top = bottom = None
    for text, char in [*textmap.tuples, ("\n", None)]:
        if char is None and text == "\n":
            line = "".join(parts).rstrip()
            if line.strip():
                raw.append(_Line(page.page_number, line, top if top is not None else 0.0, bottom or 0.0))
            parts, top, bottom = [], None, None
            continue
        parts.append(text)
        if char is not None:
            top = char["top"] if top is None else min(top, char["top"])
            bottom = char["bottom"] if bottom is None else max(bottom, char["bottom"])
    if not raw:
        return []
    height = median(line.bottom - line.top for line in raw) or 1.0
    lines = [raw[0]]
    for previous, line in zip(raw, raw[1:]):
        if line.top - previous.bottom > PARAGRAPH_GAP * height:
            lines.append(_Line(page.page_number, "", previous.bottom, line.top))
        lines.append(line)
    return lines


def _page_chars(page: pdfplumber.page.Page) -> list[dict]:
    """The page's characters with just what lines are built from, as pdfplumber's `page.chars` gives them.

    `page.chars` resolves every attribute of every glyph (colours, graphic state, font objects): half
    the cost of reading a PDF, for values the text does not use.
    """
    height, doctop = page.height, page.initial_doctop
    x_shift, top_shift = page.mediabox[0], page.mediabox[1]
    chars = []
    pending = [iter(page.layout)]
    while pending:
        for item in pending[-1]:
            if isinstance(item, LTContainer):  # a figure (form XObject): its glyphs are the page's
                pending.append(iter(item))
                break
            if isinstance(item, LTChar):
                top = height - item.y1 + top_shift
                chars.append({
                    "text": item.get_text(), "x0": item.x0 + x_shift, "x1": item.x1 + x_shift, "top": top,
                    "bottom": height - item.y0 + top_shift, "doctop": doctop + top, "upright": item.upright,
                    "size": item.size,
                })
        else:
            pending.pop()
    return chars


def _assemble(lines: list[_Line], page_count: int) -> tuple[str, list[Page]]:
    """One text from all pages and each page's character range in it."""
    texts = []
    for number in range(1, page_count + 1):
        page_text = "\n".join(line.text for line in lines if line.page == number)
        texts.append(clean_text(page_text).strip())
    pages = []
    offset = 0
    for number, page_text in enumerate(texts, start=1):
        if number > 1:
            offset += len(PAGE_SEPARATOR)
        pages.append(Page(number=number, start=offset, end=offset + len(page_text)))
        offset += len(page_text)
    return PAGE_SEPARATOR.join(texts), pages


def _data_error(error: PdfminerException) -> Exception:
    """The data error pdfplumber wrapped, as ours; anything that is not about the data, re-raised as it was."""
    cause = error.args[0] if error.args else error
    if isinstance(cause, PDFEncryptionError):
        return EncryptedFile("PDF защищён паролем: откройте его и сохраните без пароля")
    if isinstance(cause, _MALFORMED):
        return CorruptFile(f"PDF повреждён или обрезан, его структура не читается ({type(cause).__name__}: {cause})")
    if isinstance(cause, BaseException):
        return cause
    return CorruptFile(f"PDF повреждён, его структура не читается ({cause})")

