"""Real .docx and .pdf files made from a protocol's text: the sample corpus, tests and benchmarks.

The input is a protocol text like `corpus/gold/*.txt`:
- lines as printed; blank lines separate paragraphs;
- `**…**` marks bold (it may span lines: a bold multi-line block is a title);
- numbered lines "1. …", "2) …", "3.1. …", "- 1) …" (a "- N)" item right after "N." items is
  nested one level under them) and bulleted lines "- …";
- an attendance list after a line like "Присутствовали:".

`write_docx` and `write_pdf` are deterministic (fixed metadata, dates and zip timestamps: the same
text gives the same bytes) and fast enough to render thousands of generated protocols.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

import docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.text.paragraph import Paragraph

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
FIXED_ZIP_TIME = (2000, 1, 1, 0, 0, 0)

NumberingMode = Literal["typed", "auto"]


# --- the protocol text as lines of bold/plain runs -------------------------------------------------


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False


@dataclass
class Line:
    runs: list[Run]

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)

    @property
    def all_bold(self) -> bool:
        return any(run.text.strip() for run in self.runs) and all(run.bold for run in self.runs if run.text.strip())

    def without_prefix(self, length: int) -> Line:
        """The line without its first `length` characters (a typed list number)."""
        runs, skip = [], length
        for run in self.runs:
            if skip >= len(run.text):
                skip -= len(run.text)
                continue
            runs.append(Run(run.text[skip:], run.bold))
            skip = 0
        return Line(runs)


def parse_lines(text: str) -> list[Line]:
    """The text's lines with `**` markers turned into bold runs; outer blank lines dropped."""
    lines, bold = [], False
    for raw in text.strip("\n").split("\n"):
        runs = []
        for i, piece in enumerate(raw.split("**")):
            if i:
                bold = not bold
            if piece:
                runs.append(Run(piece, bold))
        lines.append(Line(runs))
    return lines


ITEM = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<number>\d{1,3}(?:\.\d{1,3})*)(?P<close>[.)])\s+(?=\S)")
BULLET = re.compile(r"^(?P<indent>\s*)[-–•]\s+(?=\S)")
ATTENDANCE = re.compile(r"^\s*(Присутствовали|Присутствуют|Участники|Обозначили ОО)\b[^:]*:\s*$", re.IGNORECASE)
SECTION = re.compile(r"^\s*(Повестка|Слушали|Решили|Постановили|Отсутствовали|Приглашен|Выступили)", re.IGNORECASE)


@dataclass(frozen=True)
class ListItem:
    """A numbered line: its level (0-based), number, Word level text ("%1.", "- %2)") and prefix length."""

    level: int
    number: int
    template: str
    prefix: int


def list_item(text: str, previous: ListItem | None) -> ListItem | None:
    match = ITEM.match(text)
    if match is None:
        return None
    numbers = [int(n) for n in match["number"].split(".")]
    close, dash = match["close"], "- " if match["dash"] else ""
    if len(numbers) > 1:
        level = len(numbers) - 1
        template = ".".join(f"%{i + 1}" for i in range(len(numbers))) + close
    elif dash and previous is not None and previous.level == 0 and not previous.template.startswith("-"):
        level, template = 1, f"- %2{close}"
    elif dash and previous is not None and previous.level == 1 and previous.template.startswith("-"):
        level, template = 1, previous.template
    else:
        level, template = 0, f"{dash}%1{close}"
    return ListItem(level, numbers[-1], template, match.end())


# --- .docx ------------------------------------------------------------------------------------------


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_R = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml"

_TEMPLATE_PARTS = {
    "[Content_Types].xml": f"""<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="{_CT}.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="{_CT}.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="{_CT}.numbering+xml"/>
<Override PartName="/word/settings.xml" ContentType="{_CT}.settings+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
<Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/>
</Types>""",
    "_rels/.rels": f"""<Relationships xmlns="{_PKG_R}">
<Relationship Id="rId1" Type="{_R}/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
<Relationship Id="rId3" Type="{_R}/extended-properties" Target="docProps/app.xml"/>
</Relationships>""",
    "word/_rels/document.xml.rels": f"""<Relationships xmlns="{_PKG_R}">
<Relationship Id="rId1" Type="{_R}/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="{_R}/numbering" Target="numbering.xml"/>
<Relationship Id="rId3" Type="{_R}/settings" Target="settings.xml"/>
</Relationships>""",
    "word/document.xml": f"""<w:document xmlns:w="{_W}" xmlns:r="{_R}"><w:body>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/>
<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="708" w:footer="708" w:gutter="0"/>
</w:sectPr></w:body></w:document>""",
    "word/styles.xml": f"""<w:styles xmlns:w="{_W}">
<w:docDefaults><w:rPrDefault><w:rPr>
<w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/>
<w:sz w:val="24"/><w:szCs w:val="24"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/>
<w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>
<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:semiHidden/>
<w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>
<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>
<w:style w:type="numbering" w:default="1" w:styleId="NoList"><w:name w:val="No List"/><w:semiHidden/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="120"/><w:jc w:val="center"/>
<w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="28"/><w:szCs w:val="28"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/>
<w:qFormat/><w:pPr><w:ind w:left="720"/></w:pPr></w:style>
<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>
<w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/>
<w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>
</w:styles>""",
    "word/numbering.xml": f"""<w:numbering xmlns:w="{_W}"/>""",
    "word/settings.xml": f"""<w:settings xmlns:w="{_W}"><w:defaultTabStop w:val="708"/>
<w:characterSpacingControl w:val="doNotCompress"/></w:settings>""",
    "docProps/core.xml": """<cp:coreProperties
 xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>Протокол</dc:title><dc:creator>protocols corpus</dc:creator><cp:revision>1</cp:revision>
<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>
<dcterms:modified xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:modified>
</cp:coreProperties>""",
    "docProps/app.xml": """<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">
<Application>protocols corpus</Application></Properties>""",
}


def deterministic_zip(members: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of `members` in the given order with fixed timestamps: same content, same bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return out.getvalue()


@lru_cache(maxsize=1)
def _template() -> bytes:
    """A small Word package (A4, Times New Roman 12, the styles used here): python-docx's own default
    template carries 800 KB of styles that would make every document ten times slower to write."""
    header = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    return deterministic_zip((name, (header + xml).encode("utf-8")) for name, xml in _TEMPLATE_PARTS.items())


@dataclass
class _AbstractList:
    abstract_id: int
    templates: dict[int, str]
    bullet: bool = False
    num_id: int | None = None
    counters: list[int | None] = field(default_factory=lambda: [None] * 9)


class _WordLists:
    """Word numbering definitions for the lists of one document, written as numbering.xml at the end.

    Mirrors what Word keeps: counters per abstract definition; a list that goes on with the next
    number reuses its `w:num`; one that jumps or restarts gets a new `w:num` with a start override.
    """

    def __init__(self) -> None:
        self._abstracts: dict[str, _AbstractList] = {}
        self._nums: list[tuple[int, int, dict[int, int]]] = []  # (numId, abstractNumId, start overrides)

    def _new_num(self, abstract: _AbstractList, overrides: dict[int, int]) -> int:
        num_id = len(self._nums) + 1
        self._nums.append((num_id, abstract.abstract_id, overrides))
        abstract.num_id = num_id
        return num_id

    def _abstract(self, key: str, bullet: bool = False) -> _AbstractList:
        if key not in self._abstracts:
            self._abstracts[key] = _AbstractList(len(self._abstracts), {}, bullet)
        return self._abstracts[key]

    def bullet(self) -> tuple[int, int]:
        abstract = self._abstract("bullet", bullet=True)
        return (abstract.num_id or self._new_num(abstract, {})), 0

    def item(self, item: ListItem) -> tuple[int, int] | None:
        """(numId, ilvl) for a numbered line, or None when its level text clashes with its list's."""
        key = item.template if item.level == 0 else None
        if key is None:
            # A nested item belongs to the list of the last level-0 item.
            candidates = [a for a in self._abstracts.values() if not a.bullet and a.num_id is not None]
            if not candidates:
                return None
            abstract = max(candidates, key=lambda a: a.num_id or 0)
        else:
            abstract = self._abstract(key)
        known = abstract.templates.setdefault(item.level, item.template)
        if known != item.template:
            return None
        current = abstract.counters[item.level]
        expected = 1 if current is None else current + 1
        if abstract.num_id is None:
            num_id = self._new_num(abstract, {item.level: item.number} if item.number != 1 else {})
        elif item.number != expected:
            num_id = self._new_num(abstract, {item.level: item.number})
        else:
            num_id = abstract.num_id
        abstract.counters[item.level] = item.number
        for deeper in range(item.level + 1, 9):
            abstract.counters[deeper] = None
        return num_id, item.level

    def write(self, document: DocxDocument) -> None:
        if not self._nums:
            return
        numbering = document.part.numbering_part.element
        for abstract in sorted(self._abstracts.values(), key=lambda a: a.abstract_id):
            numbering.append(parse_xml(_abstract_xml(abstract)))
        for num_id, abstract_id, overrides in self._nums:
            override_xml = "".join(
                f'<w:lvlOverride w:ilvl="{level}"><w:startOverride w:val="{start}"/></w:lvlOverride>'
                for level, start in sorted(overrides.items())
            )
            numbering.append(
                parse_xml(f'<w:num {nsdecls("w")} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{override_xml}</w:num>')
            )


def _abstract_xml(abstract: _AbstractList) -> str:
    levels = []
    for level in range(9):
        indent = 360 + 360 * level
        if abstract.bullet:
            # Word's default bullet: a private-use glyph of the Symbol font.
            body = '<w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/>'
            run = '<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>'
        else:
            template = abstract.templates.get(level) or ".".join(f"%{i + 1}" for i in range(level + 1)) + "."
            body = f'<w:numFmt w:val="decimal"/><w:lvlText w:val="{template}"/>'
            run = ""
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/>{body}<w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{indent}" w:hanging="360"/></w:pPr>{run}</w:lvl>'
        )
    return (
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract.abstract_id}">'
        f'<w:multiLevelType w:val="{"hybridMultilevel" if abstract.bullet else "multilevel"}"/>{"".join(levels)}</w:abstractNum>'
    )


# Characters XML 1.0 cannot hold; a form feed (a page boundary in text exported from a PDF) is a page break.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def _add_runs(paragraph: Paragraph, line: Line) -> None:
    for run in line.runs:
        for n, piece in enumerate(run.text.split("\f")):
            if n:
                paragraph.add_run().add_break(WD_BREAK.PAGE)
            if piece or not n:
                paragraph.add_run(XML_ILLEGAL.sub("", piece)).bold = run.bold or None


def _set_numbering(paragraph: Paragraph, num_id: int, level: int) -> None:
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


@dataclass
class _AttendanceBlock:
    heading: Line
    groups: list[tuple[Line | None, list[Line]]]
    end: int  # index of the first line after the block (blank lines before the next section stay outside)


def _attendance_block(lines: list[Line], start: int) -> _AttendanceBlock | None:
    """The list after an attendance heading: groups of lines, each optionally under a sub-heading."""
    if not ATTENDANCE.match(lines[start].text):
        return None
    groups: list[tuple[Line | None, list[Line]]] = []
    i, end = start + 1, start + 1
    while i < len(lines):
        text = lines[i].text.strip()
        if not text:
            i += 1
            continue
        heading_in_capitals = text.isupper() and not any(ch.isdigit() for ch in text)
        if SECTION.match(text) or text.endswith(":") or heading_in_capitals:
            break
        nxt = next((line.text for line in lines[i + 1 :] if line.text.strip()), "")
        if not ITEM.match(text) and ITEM.match(nxt):
            groups.append((lines[i], []))
        elif not groups or (groups[-1][0] is None and not lines[i - 1].text.strip() and groups[-1][1]):
            groups.append((None, [lines[i]]))
        else:
            groups[-1][1].append(lines[i])
        i += 1
        end = i
    if not any(items for _, items in groups):
        return None
    return _AttendanceBlock(lines[start], groups, end)


def _add_attendance_table(document: DocxDocument, block: _AttendanceBlock) -> None:
    """The attendance list as a table: a title row merged across all columns, a group column merged
    down each group (when the list has sub-headings), the number ("1." as typed, else 1, 2, …) and the entry."""
    has_groups = any(heading is not None for heading, _ in block.groups)
    columns = 3 if has_groups else 2
    rows = sum(len(items) for _, items in block.groups)
    table = document.add_table(rows=rows + 1, cols=columns)
    table.style = document.styles["Table Grid"]
    title = table.cell(0, 0).merge(table.cell(0, columns - 1))
    title.paragraphs[0].add_run(block.heading.text.strip()).bold = True
    row, counter = 1, 0
    for heading, items in block.groups:
        if not items:
            continue
        if has_groups:
            group = table.cell(row, 0)
            if len(items) > 1:
                group = group.merge(table.cell(row + len(items) - 1, 0))
            group.paragraphs[0].add_run(heading.text.strip() if heading else "")
        for line in items:
            counter += 1
            text = line.text.strip()
            match = ITEM.match(text)
            number, entry = (match["number"] + match["close"], text[match.end() :]) if match else (str(counter), text)
            table.cell(row, columns - 2).paragraphs[0].add_run(number)
            table.cell(row, columns - 1).paragraphs[0].add_run(entry)
            row += 1


def docx_bytes(text: str, *, numbering: NumberingMode = "typed", attendance_table: bool = False) -> bytes:
    """A .docx of the protocol `text` (see the module doc for its conventions).

    numbering="typed": list numbers are typed in the text, as many protocols are written.
    numbering="auto": numbered and bulleted lines become Word list paragraphs (numbering.xml): a
    "- N)" item after "N." items is nested at level 1 with level text "- %2)"; a list continues over
    blank and other paragraphs as long as its numbers go on, and restarts with a start override.
    attendance_table=True: the list after "Присутствовали:" (or "Обозначили ОО …:") becomes a table
    with merged cells (see `_add_attendance_table`).
    A bold multi-line block becomes one "Heading 1" paragraph with line breaks; every other line
    is its own paragraph and every blank line an empty paragraph.
    """
    document = docx.Document(io.BytesIO(_template()))
    lists = _WordLists()
    lines = parse_lines(text)
    previous_item: ListItem | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        block = _attendance_block(lines, i) if attendance_table else None
        if block is not None:
            _add_attendance_table(document, block)
            i = block.end
            continue
        if line.all_bold and i + 1 < len(lines) and lines[i + 1].all_bold and (i == 0 or not lines[i - 1].text.strip()):
            title = [line]
            while i + len(title) < len(lines) and lines[i + len(title)].all_bold:
                title.append(lines[i + len(title)])
            paragraph = document.add_paragraph(style="Heading 1")
            for n, title_line in enumerate(title):
                if n:
                    paragraph.add_run().add_break()
                _add_runs(paragraph, title_line)
            i += len(title)
            continue
        paragraph = document.add_paragraph()
        item = list_item(line.text, previous_item)
        bullet = None if item else BULLET.match(line.text)
        placed = None
        if numbering == "auto" and item is not None:
            placed = lists.item(item)
            if placed is not None:
                previous_item = item
        elif numbering == "auto" and bullet is not None:
            placed = lists.bullet()
        if placed is not None:
            paragraph.style = document.styles["List Paragraph"]
            _set_numbering(paragraph, *placed)
            _add_runs(paragraph, line.without_prefix(item.prefix if item else bullet.end()))
        else:
            if item is not None:
                previous_item = item
            _add_runs(paragraph, line)
        i += 1
    lists.write(document)
    saved = io.BytesIO()
    document.save(saved)
    with zipfile.ZipFile(saved) as archive:
        return deterministic_zip((info.filename, archive.read(info)) for info in archive.infolist())


def write_docx(text: str, path: Path | str, *, numbering: NumberingMode = "typed", attendance_table: bool = False) -> Path:
    """Write `docx_bytes(text, …)` to `path`."""
    path = Path(path)
    path.write_bytes(docx_bytes(text, numbering=numbering, attendance_table=attendance_table))
    return path


# --- .pdf -------------------------------------------------------------------------------------------

PAGE_SIZE = (595.2756, 841.8898)  # A4 in points
VOWELS = set("аеёиоуыэюяaeiouy")
_NO_LINE_START = set("ьъй")
_WORD_CORE = re.compile(r"^([«(\"']*)([A-Za-zА-Яа-яЁё]+(?:-[A-Za-zА-Яа-яЁё]+)*)(.*)$")


@lru_cache(maxsize=1)
def _fonts() -> tuple[str, str]:
    """DejaVu Sans from corpus/fonts (Cyrillic, embedded), registered once per process."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("DejaVuSans", str(FONTS_DIR / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(FONTS_DIR / "DejaVuSans-Bold.ttf")))
    return "DejaVuSans", "DejaVuSans-Bold"


@dataclass
class PdfLayout:
    """What was printed: the lines of every page, and the words the writer hyphenated at a line end."""

    pages: list[list[str]] = field(default_factory=list)
    hyphenated: list[str] = field(default_factory=list)


def hyphenation_points(word: str) -> list[int]:
    """Where `word` may be broken at a line end: after the hyphen of a compound ("нормативно-|правовая"),
    else between syllables of a lowercase word of seven letters or more; never in a capitalized word."""
    match = _WORD_CORE.match(word)
    if match is None:
        return []
    lead, core = match.group(1), match.group(2)
    if "-" in core:
        return [len(lead) + i + 1 for i, ch in enumerate(core) if ch == "-"]
    if len(core) < 7 or not core[0].islower():
        return []
    lower = core.lower()
    points = []
    for i in range(3, len(core) - 2):
        left, right = lower[:i], lower[i:]
        if not (VOWELS & set(left)) or not (VOWELS & set(right)) or right[0] in _NO_LINE_START:
            continue
        before, after = lower[i - 1], lower[i]
        if (before in VOWELS and after not in VOWELS) or (before not in VOWELS and after not in VOWELS and lower[i - 2] in VOWELS):
            points.append(len(lead) + i)
    return points


def _words(line: Line) -> list[tuple[str, bool]]:
    words = []
    for run in line.runs:
        words.extend((word, run.bold) for word in run.text.split())
    return words


def pdf_bytes(
    text: str,
    *,
    font_size: float = 12.0,
    right_margin: float = 56.0,
    hyphenate: bool = True,
    user_password: str | None = None,
    owner_password: str | None = None,
) -> tuple[bytes, PdfLayout]:
    """A PDF of the protocol `text` with a real text layer (DejaVu Sans, embedded) and its layout.

    Every text line is a paragraph wrapped to the page width; a blank line leaves a blank line; a
    line that does not fit is continued on the next page. Words that do not fit at a line end are
    hyphenated where `hyphenation_points` allows (a compound at its own hyphen, no hyphen added).
    A password makes it encrypted (RC4 128): `user_password` to open it, `owner_password` alone
    only restricts editing (such a file opens without a password).
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    regular, bold = _fonts()
    out = io.BytesIO()
    encrypt = None
    if user_password is not None or owner_password is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(user_password or "", owner_password, canModify=0, strength=128)
    canvas = Canvas(out, pagesize=PAGE_SIZE, invariant=1, pageCompression=1, encrypt=encrypt)
    canvas.setTitle("Протокол")
    canvas.setAuthor("protocols corpus")
    canvas.setCreator("protocols corpus/documents.py")
    left_margin, top_margin, bottom_margin = 70.0, 56.0, 56.0
    leading = font_size * 1.25
    page_width, page_height = PAGE_SIZE
    layout = PdfLayout(pages=[[]])
    y = page_height - top_margin - font_size

    def width(word: str, is_bold: bool) -> float:
        return stringWidth(word, bold if is_bold else regular, font_size)

    def new_page() -> None:
        nonlocal y
        canvas.showPage()
        layout.pages.append([])
        y = page_height - top_margin - font_size

    def emit(printed: list[tuple[str, bool]], x: float) -> None:
        nonlocal y
        if y < bottom_margin:
            new_page()
        text_object = canvas.beginText(x, y)
        for n, (word, is_bold) in enumerate(printed):
            text_object.setFont(bold if is_bold else regular, font_size)
            text_object.textOut(("" if n == 0 else " ") + word)
        canvas.drawText(text_object)
        layout.pages[-1].append(" ".join(word for word, _ in printed))
        y -= leading

    for line in parse_lines(text):
        words = _words(line)
        if not words:
            if layout.pages[-1]:
                y -= leading
            continue
        indent = 18.0 if (ITEM.match(line.text) and line.text.lstrip().startswith("-")) or BULLET.match(line.text) else 0.0
        x = left_margin + indent
        available = page_width - right_margin - x
        printed: list[tuple[str, bool]] = []
        used = 0.0
        queue = list(words)
        while queue:
            word, is_bold = queue.pop(0)
            space = width(" ", is_bold) if printed else 0.0
            word_width = width(word, is_bold)
            if used + space + word_width <= available:
                printed.append((word, is_bold))
                used += space + word_width
                continue
            split = None
            if hyphenate:
                for point in reversed(hyphenation_points(word)):
                    head = word[:point] if word[point - 1] == "-" else word[:point] + "-"
                    if used + space + width(head, is_bold) <= available:
                        split = (head, word[point:])
                        break
            if split is not None:
                printed.append((split[0], is_bold))
                layout.hyphenated.append(word)
                queue.insert(0, (split[1], is_bold))
            elif not printed:
                # A single token wider than the line (a long link): cut it where the line ends.
                cut = max(1, next((n for n in range(len(word), 0, -1) if width(word[:n], is_bold) <= available), 1))
                printed.append((word[:cut], is_bold))
                queue.insert(0, (word[cut:], is_bold))
            else:
                queue.insert(0, (word, is_bold))
            emit(printed, x)
            printed, used = [], 0.0
        if printed:
            emit(printed, x)
    canvas.showPage()
    canvas.save()
    return out.getvalue(), layout


def write_pdf(text: str, path: Path | str, **options) -> PdfLayout:
    """Write `pdf_bytes(text, **options)` to `path`; returns what was printed where."""
    data, layout = pdf_bytes(text, **options)
    Path(path).write_bytes(data)
    return layout
