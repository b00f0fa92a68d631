"""Word .docx: paragraphs and tables in document order, with Word's automatic numbering put back.

The text (see CONTRACTS.md, "Reader text conventions"):
- one line per paragraph, "\\n" between paragraphs; an empty paragraph is an empty line; a line
  break inside a paragraph (`w:br`) is "\\n" too; headings are paragraphs like any other;
- a paragraph in an automatically numbered list starts with its number as Word shows it ("1. ",
  "3.1. ", "а) ", "- 1) "); bullets of any glyph are "- ";
- a table row is one line: its cells joined by " | "; inside a cell, paragraphs and line breaks
  become single spaces; a merged cell (horizontal or vertical) is given once, in its first row;
  rows without text are left out; a table nested in a cell is flattened into it with "; "
  between its cells;
- text boxes anchored in a paragraph follow it as their own lines; headers, footers, footnotes,
  comments and deleted (tracked) text are not read.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from docx.opc.part import Part
from docx.oxml.ns import qn
from lxml import etree

from ingest.errors import CorruptFile, EncryptedFile, TooLarge, UnsupportedFormat
from ingest.readers.base import Reader, ReadText, clean_text
from ingest.readers.docx_numbering import Numbering
from protocols.model import Page

CELL_SEPARATOR = " | "
NESTED_CELL_SEPARATOR = "; "

_DOCX_MAIN = b"wordprocessingml.document.main+xml"
# Macro-enabled documents and templates: python-docx refuses them, Word re-saves them as .docx.
_OTHER_WORD_MAINS = (
    b"ms-word.document.macroEnabled.main+xml",
    b"wordprocessingml.template.main+xml",
    b"ms-word.template.macroEnabledTemplate.main+xml",
)
_CONTENT_TYPES = "[Content_Types].xml"
_MAX_CONTENT_TYPES_BYTES = 1 << 20

W_DOCUMENT, W_BODY = qn("w:document"), qn("w:body")
W_P, W_TBL, W_TR, W_TC = qn("w:p"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
W_SDT, W_SDT_CONTENT, W_CUSTOM_XML = qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")
W_T, W_TAB, W_PTAB, W_BR, W_CR = qn("w:t"), qn("w:tab"), qn("w:ptab"), qn("w:br"), qn("w:cr")
W_NO_BREAK_HYPHEN, W_SYM, W_TXBX_CONTENT = qn("w:noBreakHyphen"), qn("w:sym"), qn("w:txbxContent")
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# ISO 29500 Strict documents use other namespaces, which python-docx does not read.
STRICT_DOCUMENT = "{http://purl.oclc.org/ooxml/wordprocessingml/main}document"

# Subtrees that hold no visible text of the paragraph: properties, deleted or moved-away text,
# and the VML copy of a drawing (its text box is read from the modern copy).
_SKIPPED = {
    qn("w:pPr"), qn("w:rPr"), qn("w:sdtPr"), qn("w:del"), qn("w:moveFrom"),
    qn("w:instrText"), qn("w:delText"), MC_FALLBACK,
}
_SIMPLE_CHARS = {W_TAB: "\t", W_PTAB: "\t", W_BR: "\n", W_CR: "\n", W_NO_BREAK_HYPHEN: "-"}


class DocxReader(Reader):
    format = "docx"
    extensions = (".docx", ".docm", ".dotx")

    @classmethod
    def match(cls, path: Path, head: bytes) -> int:
        if not head.startswith(b"PK"):
            return 0
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                content_types = _read_small(archive, _CONTENT_TYPES)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError):
            # Starts like a zip but is not a readable one: most likely a damaged .docx, which read() reports.
            return 50 if cls.has_own_extension(path) else 40
        if content_types and (_DOCX_MAIN in content_types or any(t in content_types for t in _OTHER_WORD_MAINS)):
            return 100
        if "word/document.xml" in names:
            return 90
        return 0

    def read(self, path: Path) -> ReadText:
        self._check_package(path)
        try:
            document = docx.Document(str(path))
        except etree.XMLSyntaxError as error:
            raise CorruptFile(f"Файл .docx повреждён: ошибка в XML ({error.msg})") from error
        except (PackageNotFoundError, KeyError) as error:
            raise CorruptFile(f"Файл .docx повреждён: не хватает частей документа ({error})") from error
        except (zipfile.BadZipFile, zlib.error, EOFError) as error:
            raise CorruptFile(f"Файл .docx повреждён: архив не распаковывается ({error})") from error
        if document.element.tag == STRICT_DOCUMENT:
            raise UnsupportedFormat(
                "Документ сохранён в формате «Strict Open XML»: сохраните его в Word как обычный документ .docx"
            )
        body = document.element.find(W_BODY)
        if document.element.tag != W_DOCUMENT or body is None:
            raise CorruptFile("Файл .docx повреждён: в основной части нет тела документа Word")
        numbering = Numbering(_numbering_element(document.part), document.styles.element)
        lines = list(_block_lines(body, numbering))
        text = clean_text("\n".join(lines)).strip()
        return ReadText(text=text, pages=[Page(number=1, start=0, end=len(text))])

    def _check_package(self, path: Path) -> None:
        """Refuse before parsing what would be unsafe or pointless to parse: bombs, DTDs, encryption."""
        try:
            with zipfile.ZipFile(path) as archive:
                infos = archive.infolist()
                unpacked = sum(info.file_size for info in infos)
                if unpacked > self.settings.docx_max_unpacked_bytes:
                    raise TooLarge(
                        f"Файл .docx распаковывается в {unpacked} байт, предел "
                        f"{self.settings.docx_max_unpacked_bytes} байт (похоже на zip-бомбу)"
                    )
                if any(info.flag_bits & 0x1 for info in infos):
                    raise EncryptedFile("Архив .docx зашифрован паролем: сохраните документ без пароля")
                content_types = _read_small(archive, _CONTENT_TYPES)
                if content_types is None:
                    raise CorruptFile("Файл .docx повреждён: в архиве нет [Content_Types].xml")
                if _DOCX_MAIN not in content_types:
                    if any(t in content_types for t in _OTHER_WORD_MAINS):
                        raise UnsupportedFormat(
                            "Это шаблон или документ Word с макросами (.dotx, .docm): сохраните его как обычный .docx"
                        )
                    raise CorruptFile("Файл .docx повреждён: в нём нет основной части документа Word")
                for info in infos:
                    if info.filename.endswith((".xml", ".rels")) and _declares_dtd(archive.read(info)):
                        raise CorruptFile(
                            f"Файл .docx отклонён: в части {info.filename} объявлен DTD (<!DOCTYPE>), "
                            "чего в документах Word не бывает; такие объявления используют для XML-бомб"
                        )
        except zipfile.BadZipFile as error:
            raise CorruptFile(f"Файл .docx повреждён: архив не читается ({error})") from error
        except (NotImplementedError, EOFError, ValueError, zlib.error, zipfile.LargeZipFile) as error:
            raise CorruptFile(f"Файл .docx повреждён: архив не распаковывается ({error})") from error


def _read_small(archive: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        info = archive.getinfo(name)
    except KeyError:
        return None
    if info.file_size > _MAX_CONTENT_TYPES_BYTES:
        return None
    return archive.read(info)


def _declares_dtd(xml: bytes) -> bool:
    if xml.startswith((b"\xff\xfe", b"\xfe\xff")):
        xml = xml.decode("utf-16", errors="replace").encode("utf-8")
    return b"<!DOCTYPE" in xml or b"<!ENTITY" in xml


def _numbering_element(part: Part) -> etree._Element | None:
    try:
        return part.part_related_by(RT.NUMBERING).element
    except KeyError:
        return None


def _block_lines(container: etree._Element, numbering: Numbering) -> Iterator[str]:
    """The lines of the paragraphs and tables directly in `container` (body, cell, text box), in order."""
    for child in container.iterchildren():
        yield from _block(child, numbering)


def _block(element: etree._Element, numbering: Numbering) -> Iterator[str]:
    tag = element.tag
    if tag == W_P:
        text, boxes = _paragraph_text(element)
        yield numbering.label(element) + text
        for box in boxes:
            yield from _block_lines(box, numbering)
    elif tag == W_TBL:
        yield from _table_lines(element, numbering, CELL_SEPARATOR)
    elif tag == W_SDT:
        content = element.find(W_SDT_CONTENT)
        if content is not None:
            yield from _block_lines(content, numbering)
    elif tag == W_CUSTOM_XML:
        yield from _block_lines(element, numbering)


def _paragraph_text(p: etree._Element) -> tuple[str, list[etree._Element]]:
    """The visible text of a paragraph (tracked insertions in, deletions out) and its text boxes."""
    parts: list[str] = []
    boxes: list[etree._Element] = []

    def walk(element: etree._Element) -> None:
        for child in element.iterchildren():
            tag = child.tag
            if tag == W_T:
                parts.append(child.text or "")
            elif tag in _SIMPLE_CHARS:
                parts.append(_SIMPLE_CHARS[tag])
            elif tag == W_SYM:
                parts.append(_symbol(child))
            elif tag == W_TXBX_CONTENT:
                boxes.append(child)
            elif tag in _SKIPPED or not isinstance(tag, str):
                continue
            else:
                walk(child)

    walk(p)
    return "".join(parts), boxes


def _symbol(sym: etree._Element) -> str:
    """A `w:sym` character; symbol-font codes (private use area) have no meaning as text."""
    try:
        code = int(sym.get(qn("w:char"), ""), 16)
    except ValueError:
        return ""
    return "" if 0xE000 <= code <= 0xF8FF or code < 0x20 else chr(code)


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl.iterchildren():
        if child.tag == W_TR:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _rows(content)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr.iterchildren():
        if child.tag == W_TC:
            yield child
        elif child.tag in (W_SDT, W_CUSTOM_XML):
            content = child.find(W_SDT_CONTENT) if child.tag == W_SDT else child
            if content is not None:
                yield from _cells(content)


def _continues_merge(tc: etree._Element) -> bool:
    """A cell that only continues a merge started above (vMerge) or to the left (legacy hMerge)."""
    tc_pr = tc.find(qn("w:tcPr"))
    if tc_pr is None:
        return False
    for tag in ("w:vMerge", "w:hMerge"):
        merge = tc_pr.find(qn(tag))
        if merge is not None and merge.get(qn("w:val"), "continue") == "continue":
            return True
    return False


def _table_lines(tbl: etree._Element, numbering: Numbering, separator: str) -> Iterator[str]:
    for tr in _rows(tbl):
        cells = []
        for tc in _cells(tr):
            if _continues_merge(tc):
                continue
            lines: list[str] = []
            for child in tc.iterchildren():
                if child.tag == W_TBL:
                    lines.extend(_table_lines(child, numbering, NESTED_CELL_SEPARATOR))
                else:
                    lines.extend(_block(child, numbering))
            cells.append(" ".join(" ".join(line.split()) for line in lines if line.strip()))
        if any(cells):
            yield separator.join(cells)
