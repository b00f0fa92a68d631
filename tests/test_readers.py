"""The readers on real files: the seed protocols come back from every format, numbering and tables
are right, page spans are exact, and every bad file fails with its own code."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pdfplumber
import pytest
from docx.oxml import parse_xml

from corpus.documents import docx_bytes, pdf_bytes
from ingest.errors import IngestError
from ingest.hyphenation import HyphenJoiner
from ingest.readers.pdf import PAGE_SEPARATOR, shared_joiner
from ingest.reading import read_file
from protocols.settings import Settings

SAMPLES = Path(__file__).resolve().parent.parent / "corpus" / "samples"

# (sample, seed it renders)
SEED_SAMPLES = [
    ("seed-000-typed.docx", "000"),
    ("seed-000-autonum.docx", "000"),
    ("seed-000-typed.pdf", "000"),
    ("seed-004-typed.docx", "004"),
    ("seed-004-autonum.docx", "004"),
    ("seed-004-typed.pdf", "004"),
    ("seed-004-owner-locked.pdf", "004"),
]

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


def normalized(text: str) -> str:
    """Bold markers out, every run of white space one space."""
    return " ".join(text.replace("**", "").split())


def plain_gold(text: str) -> str:
    return text.replace("**", "").strip()


def letters(text: str) -> str:
    return re.sub(r"[^A-Za-zА-Яа-яЁё0-9]", "", text)


@pytest.fixture(scope="module")
def read_samples() -> dict[str, object]:
    return {name: read_file(SAMPLES / name) for name, _ in SEED_SAMPLES}


# --- the seeds come back --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "seed"), SEED_SAMPLES)
def test_seed_text_comes_back_from_every_format(name, seed, seed_texts, read_samples):
    protocol = read_samples[name]
    assert normalized(protocol.text) == normalized(seed_texts[seed])


@pytest.mark.parametrize("seed", ["000", "004"])
def test_typed_docx_gives_the_seed_text_exactly(seed, seed_texts, read_samples):
    assert read_samples[f"seed-{seed}-typed.docx"].text == plain_gold(seed_texts[seed])


@pytest.mark.parametrize("seed", ["000", "004"])
def test_automatic_numbering_gives_the_typed_numbers(seed, seed_texts, read_samples):
    # Word puts no indentation into the text: the typed " - 1)" of seed 004 comes back as "- 1)".
    expected = re.sub(r"(?m)^ +- ", "- ", plain_gold(seed_texts[seed]))
    assert read_samples[f"seed-{seed}-autonum.docx"].text == expected


def test_autonum_sample_really_uses_word_numbering():
    document = docx.Document(str(SAMPLES / "seed-004-autonum.docx"))
    numbered = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.numPr is not None]
    assert len(numbered) == 11  # 1 agenda item, 3 decisions, 7 sub-items
    assert not any(re.match(r"\s*-?\s*\d+[.)]", p.text) for p in numbered), "numbers must not be typed"
    numbering_xml = document.part.numbering_part.element.xml
    assert "w:startOverride" in numbering_xml  # "Решили: 1." restarts the list the agenda began


def test_seed_004_decisions_are_numbered_and_nested(read_samples):
    lines = read_samples["seed-004-autonum.docx"].text.split("\n")
    numbered = [re.match(r"(- )?\d+[.)]", line).group(0) for line in lines if re.match(r"(- )?\d+[.)] ", line)]
    assert numbered == ["1.", "1.", "2.", "3.", "- 1)", "- 2)", "- 3)", "- 4)", "- 5)", "- 6)", "- 7)"]


def test_seed_000_lists_restart_and_bullets_are_dashes(read_samples):
    text = read_samples["seed-000-autonum.docx"].text
    assert "\n3. МБОУ «СШ № 19»\n\nКластер ШсРНР: 10 (50%)\n\n1. МБОУ «СШ № 1»\n" in text
    assert "\n10. МБОУ «СШ № 40»\n" in text
    assert "\n- Факторы риска снижения результатов обучения. Пути решения проблем\n" in text
    assert "\nРешили:\n\n1. Принять к сведению" in text


# --- tables ---------------------------------------------------------------------------------------


def test_attendance_table_comes_back_in_place_with_merged_title_once(seed_texts):
    text = read_file(SAMPLES / "seed-004-table.docx").text
    expected = (
        "№ 1\n\n"
        "Присутствовали:\n"
        "1 | Ермачкова В.Н.\n2 | Бакулина М.И.\n3 | Сорокина Е.В.\n4 | Чурбакова О.М.\n"
        "5 | Афанаскина Т.А.\n6 | Колесниченко Е.В.\n7 | Баранова Т.Е.\n\n"
        "ПОВЕСТКА ДНЯ\n"
    )
    assert expected in text
    before, after = plain_gold(seed_texts["004"]).split("Присутствовали:")
    assert text.startswith(before)
    assert text.endswith(after[after.index("\n\nПОВЕСТКА ДНЯ") :])


def test_table_with_vertically_merged_group_cells(seed_texts):
    text = read_file(SAMPLES / "seed-000-table.docx").text
    assert (
        "Обозначили ОО в чате:\n"
        "Кластер ШНРО: 3 (50%) | 1. | МБОУ «СШ № 11» - 2 подключения\n"
        "2. | МБОУ «СШ № 14»\n"
        "3. | МБОУ «СШ № 19»\n"
        "Кластер ШсРНР: 10 (50%) | 1. | МБОУ «СШ № 1»\n"
        "2. | МБОУ «СШ № 5»\n"
    ) in text
    assert text.count("Кластер ШсРНР") == 1
    assert normalized(text.replace(" | ", " ")) == normalized(seed_texts["000"])


def test_merged_and_nested_cells_are_given_once(tmp_path):
    document = docx.Document()
    document.add_paragraph("До таблицы")
    table = document.add_table(rows=4, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Присутствовали"
    group = table.cell(1, 0).merge(table.cell(3, 0))
    group.text = "Учителя"
    for row, (name, role) in enumerate([("Иванова И.И.", "математика"), ("Петров П.П.", "физика"), ("Сидорова С.С.", "")], 1):
        table.cell(row, 1).text = name
        table.cell(row, 2).text = role
    role_cell = table.cell(3, 2)
    role_cell.paragraphs[0].add_run("история")
    role_cell.add_paragraph("и обществознание")
    inner = role_cell.add_table(rows=1, cols=2)
    inner.cell(0, 0).text = "5 класс"
    inner.cell(0, 1).text = "6 класс"
    document.add_paragraph("После таблицы")
    path = tmp_path / "merged.docx"
    document.save(str(path))
    assert read_file(path).text == (
        "До таблицы\n"
        "Присутствовали\n"
        "Учителя | Иванова И.И. | математика\n"
        "Петров П.П. | физика\n"
        "Сидорова С.С. | история и обществознание 5 класс; 6 класс\n"
        "После таблицы"
    )


# --- Word numbering, case by case -----------------------------------------------------------------

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text: str, num: int | None = None, level: int = 0, style: str | None = None) -> str:
    props = ""
    if style:
        props += f'<w:pStyle w:val="{style}"/>'
    if num is not None:
        props += f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num}"/></w:numPr>'
    return f"<w:p><w:pPr>{props}</w:pPr><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def level(ilvl: int, fmt: str = "decimal", text: str | None = None, start: int = 1, extra: str = "") -> str:
    text = text if text is not None else ".".join(f"%{i + 1}" for i in range(ilvl + 1)) + "."
    return f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>{extra}</w:lvl>'


def abstract(abstract_id: int, *levels: str) -> str:
    return f'<w:abstractNum w:abstractNumId="{abstract_id}">{"".join(levels)}</w:abstractNum>'


def num(num_id: int, abstract_id: int, overrides: str = "") -> str:
    return f'<w:num w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>{overrides}</w:num>'


def start_override(ilvl: int, start: int) -> str:
    return f'<w:lvlOverride w:ilvl="{ilvl}"><w:startOverride w:val="{start}"/></w:lvlOverride>'


def build_docx(path: Path, body: str, numbering: str = "", styles: str = "") -> Path:
    """A real .docx (python-docx's default package) with this body, numbering.xml and extra styles."""
    document = docx.Document()
    numbering_element = document.part.numbering_part.element
    for child in list(numbering_element):
        numbering_element.remove(child)
    for child in list(parse_xml(f"<w:numbering {W}>{numbering}</w:numbering>")):
        numbering_element.append(child)
    for child in list(parse_xml(f"<w:styles {W}>{styles}</w:styles>")):
        document.styles.element.append(child)
    section = document.element.body.sectPr
    for child in list(parse_xml(f"<w:body {W}>{body}</w:body>")):
        section.addprevious(child)
    document.save(str(path))
    return path


def read_body(tmp_path, body, numbering="", styles="") -> str:
    return read_file(build_docx(tmp_path / "case.docx", body, numbering, styles)).text


def test_list_continues_over_other_paragraphs(tmp_path):
    body = para("Первый", 1) + para("Второй", 1) + para("Текст между") + para("") + para("Третий", 1)
    assert read_body(tmp_path, body, abstract(0, level(0)) + num(1, 0)) == "1. Первый\n2. Второй\nТекст между\n\n3. Третий"


def test_start_override_restarts_and_plain_instances_continue(tmp_path):
    numbering = abstract(0, level(0, text="%1)")) + num(1, 0) + num(2, 0, start_override(0, 1)) + num(3, 0) + num(4, 0, start_override(0, 5))
    body = para("а", 1) + para("б", 1) + para("в", 2) + para("г", 2) + para("д", 3) + para("е", 4) + para("ж", 4)
    # numId 3 shares abstract 0 without an override: Word continues the running count (3), numId 4 starts at 5.
    assert read_body(tmp_path, body, numbering) == "1) а\n2) б\n1) в\n2) г\n3) д\n5) е\n6) ж"


def test_nested_levels_reset_when_a_shallower_level_advances(tmp_path):
    numbering = abstract(0, level(0), level(1), level(2)) + num(1, 0)
    body = (
        para("Раздел", 1) + para("Пункт", 1, 1) + para("Подпункт", 1, 2) + para("Пункт", 1, 1)
        + para("Раздел", 1) + para("Пункт", 1, 1) + para("Подпункт", 1, 2)
    )
    assert read_body(tmp_path, body, numbering) == (
        "1. Раздел\n1.1. Пункт\n1.1.1. Подпункт\n1.2. Пункт\n2. Раздел\n2.1. Пункт\n2.1.1. Подпункт"
    )


def test_number_formats_and_bullets(tmp_path):
    numbering = (
        abstract(0, level(0, "upperRoman", "%1."), level(1, "russianLower", "%2)"), level(2, "lowerLetter", "(%3)"))
        + abstract(1, level(0, "bullet", "\uf0b7"), level(1, "bullet", "o"))
        + abstract(2, level(0, "decimalZero", "%1"), level(1, "decimal", "%1.%2", extra="<w:isLgl/>"))
        + num(1, 0) + num(2, 1) + num(3, 2)
    )
    body = (
        para("Введение", 1) + para("Цели", 1) + para("один", 1, 1) + para("два", 1, 1) + para("три", 1, 1)
        + para("x", 1, 2) + para("Итоги", 1) + para("Пункт", 2) + para("Подпункт", 2, 1) + para("Код", 3)
        + para("Часть", 3, 1)
    )
    assert read_body(tmp_path, body, numbering) == (
        "I. Введение\nII. Цели\nа) один\nб) два\nв) три\n(a) x\nIII. Итоги\n- Пункт\n- Подпункт\n01 Код\n1.1 Часть"
    )


def test_letters_past_the_alphabet_and_russian_letters_skip_soft_signs(tmp_path):
    numbering = abstract(0, level(0, "lowerLetter", "%1)", start=26)) + abstract(1, level(0, "russianUpper", "%1.", start=9)) + num(1, 0) + num(2, 1)
    body = para("z", 1) + para("aa", 1) + para("И", 2) + para("К", 2)
    assert read_body(tmp_path, body, numbering) == "z) z\naa) aa\nИ. И\nК. К"


def test_numbering_from_paragraph_style_and_switched_off(tmp_path):
    styles = (
        '<w:style w:type="paragraph" w:styleId="Decision"><w:name w:val="Decision"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>'
        '<w:style w:type="paragraph" w:styleId="DecisionChild"><w:name w:val="Decision Child"/><w:basedOn w:val="Decision"/></w:style>'
    )
    off = '<w:p><w:pPr><w:pStyle w:val="Decision"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>Без номера</w:t></w:r></w:p>'
    body = para("Принять", style="Decision") + off + para("Поручить", style="DecisionChild") + para("Подпункт", 1, 1, style="Decision")
    numbering = abstract(0, level(0, text="%1."), level(1, "decimal", "%1.%2.")) + num(1, 0)
    assert read_body(tmp_path, body, numbering, styles) == "1. Принять\nБез номера\n2. Поручить\n2.1. Подпункт"


def test_level_restart_suffix_and_level_override(tmp_path):
    never_restart = '<w:lvlRestart w:val="0"/>'
    numbering = (
        abstract(0, level(0, text="%1.", extra='<w:suff w:val="nothing"/>'), level(1, text="%2)", extra=never_restart))
        + num(1, 0)
        + num(2, 0, '<w:lvlOverride w:ilvl="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperLetter"/>'
               '<w:lvlText w:val="Раздел %1:"/></w:lvl></w:lvlOverride>')
    )
    body = para("Один", 1) + para("а", 1, 1) + para("Два", 1) + para("б", 1, 1) + para("Три", 2)
    assert read_body(tmp_path, body, numbering) == "1.Один\n1) а\n2.Два\n2) б\nРаздел C: Три"


def test_document_order_tracked_changes_content_controls_and_text_boxes(tmp_path):
    body = (
        para("Начало")
        + "<w:p><w:r><w:t>Принять </w:t></w:r><w:ins><w:r><w:t>новое </w:t></w:r></w:ins>"
        "<w:del><w:r><w:delText>старое </w:delText></w:r></w:del><w:r><w:t>решение</w:t><w:br/><w:t>со\u00a0сроком</w:t>"
        "<w:tab/><w:t>до 01.09.2021</w:t></w:r></w:p>"
        + "<w:sdt><w:sdtPr/><w:sdtContent>" + para("В элементе управления") + "</w:sdtContent></w:sdt>"
        + '<w:p><w:r><w:t>С надписью</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml"><v:textbox>'
        "<w:txbxContent>" + para("Текст надписи") + "</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>"
        + "<w:tbl><w:tr><w:tc>" + para("Ячейка") + "</w:tc></w:tr></w:tbl>"
        + para("Конец")
    )
    assert read_body(tmp_path, body) == (
        "Начало\nПринять новое решение\nсо сроком\tдо 01.09.2021\nВ элементе управления\nС надписью\nТекст надписи\nЯчейка\nКонец"
    )


# --- PDF pages and hyphenation --------------------------------------------------------------------


@pytest.mark.parametrize("name", [n for n, _ in SEED_SAMPLES if n.endswith(".pdf")])
def test_pdf_pages_are_contiguous_and_each_is_its_page(name, read_samples):
    protocol = read_samples[name]
    text, pages = protocol.text, protocol.pages
    with pdfplumber.open(SAMPLES / name) as pdf:
        printed = [page.extract_text() for page in pdf.pages]
    assert len(pages) == len(printed) >= 2
    assert [p.number for p in pages] == list(range(1, len(pages) + 1))
    assert pages[0].start == 0 and pages[-1].end == len(text)
    for page, following in zip(pages, pages[1:]):
        assert text[page.end : following.start] == PAGE_SEPARATOR
    for page, page_text in zip(pages, printed):
        mine, theirs = letters(text[page.start : page.end]), letters(page_text)
        # Equal but for a word broken over the page end, which moves up to the page it starts on.
        assert abs(len(mine) - len(theirs)) < 25
        assert theirs[25:-25] in mine
    assert "".join(letters(text[p.start : p.end]) for p in pages) == "".join(letters(t) for t in printed)


def test_pdf_words_broken_at_line_ends_are_joined_and_compounds_kept():
    name = "seed-000-typed.pdf"
    with pdfplumber.open(SAMPLES / name) as pdf:
        printed = "\n".join(page.extract_text() for page in pdf.pages)
    broken = re.findall(r"([А-Яа-яЁё]+)-\n([а-яё]+)", printed)
    assert ("нормативно", "правовая") in broken or ("нормативно", "правовую") in broken, "the sample must break the compound"
    assert any(left != "нормативно" for left, _ in broken), "the sample must hyphenate an ordinary word"
    text = read_file(SAMPLES / name).text
    assert text.count("нормативно-правов") == 3
    assert "нормативноправов" not in text
    for left, right in broken:
        assert f"{left}{right}" in text or f"{left}-{right}" in text
    assert not re.search(r"[а-яё]-\n[а-яё]", text)


def test_pdf_words_placed_without_space_glyphs_stay_apart(tmp_path):
    """Producers often position each word instead of printing spaces; small print must not glue them."""
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas

    from corpus.documents import PAGE_SIZE, _fonts

    font, _ = _fonts()
    path = tmp_path / "positioned.pdf"
    canvas = Canvas(str(path), pagesize=PAGE_SIZE, invariant=1)
    y = 780.0
    for size in (8, 10, 14):
        x = 70.0
        for word in "Решили: принять информацию к сведению".split():
            canvas.setFont(font, size)
            canvas.drawString(x, y, word)
            x += stringWidth(word, font, size) + 0.25 * size
        y -= 2 * size
    canvas.showPage()
    canvas.save()
    assert read_file(path).text.split("\n") == ["Решили: принять информацию к сведению"] * 3


JOINS = [
    (("Системы наставничества: нормативно-", "правовая основа"), ("Системы наставничества: нормативно-правовая", "основа")),
    (("ИОМ обуча-", "ющихся."), ("ИОМ обучающихся.", "")),
    (("им. С.А. Лавоч-", "кина»"), ("им. С.А. Лавочкина»", "")),
    (("учебно-", "воспитательной работе"), ("учебно-воспитательной", "работе")),
    (("органи-", "зационно-методические условия"), ("организационно-методические", "условия")),
    (("организационно-", "методические условия"), ("организационно-методические", "условия")),
    (("социально-", "педагогической"), ("социально-педагогической", "")),
    (("обще-", "образовательных учреждений"), ("общеобразовательных", "учреждений")),
    (("кто-", "то пришёл"), ("кто-то", "пришёл")),
    (("по-", "русски,"), ("по-русски,", "")),
    (("заместители дирек-", "торов ОУ."), ("заместители директоров", "ОУ.")),
    (("север\u00ad", "ный"), ("северный", "")),
    (("института наставничества (тью-", "торства) процесса"), ("института наставничества (тьюторства)", "процесса")),
    (("слушали Васи-", "нову Н.Д."), ("слушали Васинову", "Н.Д.")),
]


@pytest.mark.parametrize(("lines", "expected"), JOINS)
def test_hyphen_joins(lines, expected):
    assert shared_joiner().join(*lines) == expected


@pytest.mark.parametrize(("upper", "lower"), [("Кластер -", "это"), ("МБОУ «СШ-", "№ 5»"), ("2020-", "2021 годы"), ("учитель", "физики")])
def test_not_a_broken_word(upper, lower):
    assert HyphenJoiner(shared_joiner().morph).join(upper, lower) is None


# --- source, detection by content, limits ---------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("seed-000-typed.docx", "docx"), ("seed-004-typed.pdf", "pdf")])
def test_source_fields(name, fmt):
    path = SAMPLES / name
    protocol = read_file(path)
    assert protocol.source.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert protocol.source.size == path.stat().st_size
    assert protocol.source.format == fmt
    assert protocol.source.filename == name
    assert read_file(path, filename="Протокол №2.docx").source.filename == "Протокол №2.docx"


@pytest.mark.parametrize(("sample", "new_name", "fmt"), [
    ("seed-004-typed.pdf", "protocol.docx", "pdf"),
    ("seed-004-typed.docx", "protocol.pdf", "docx"),
    ("seed-004-typed.docx", "protocol", "docx"),
])
def test_format_is_decided_by_content_not_name(tmp_path, sample, new_name, fmt, seed_texts):
    path = tmp_path / new_name
    shutil.copy(SAMPLES / sample, path)
    protocol = read_file(path)
    assert protocol.source.format == fmt
    assert normalized(protocol.text) == normalized(seed_texts["004"])


def test_pdf_magic_after_leading_junk_is_still_a_pdf(tmp_path, seed_texts):
    path = tmp_path / "mail-export.bin"
    path.write_bytes(b"From scanner@school\r\n\r\n" + (SAMPLES / "seed-004-typed.pdf").read_bytes())
    assert normalized(read_file(path).text) == normalized(seed_texts["004"])


def test_limits_give_too_large(tmp_path):
    small = Settings(data_dir=tmp_path, max_pdf_pages=1)
    with pytest.raises(IngestError) as pages:
        read_file(SAMPLES / "seed-004-typed.pdf", settings=small)
    assert pages.value.code == "too_large" and "страниц" in pages.value.message
    with pytest.raises(IngestError) as size:
        read_file(SAMPLES / "seed-004-typed.pdf", settings=Settings(data_dir=tmp_path, max_file_bytes=1000))
    assert size.value.code == "too_large"
    with pytest.raises(IngestError) as unpacked:
        read_file(SAMPLES / "seed-004-typed.docx", settings=Settings(data_dir=tmp_path, docx_max_unpacked_bytes=10_000))
    assert unpacked.value.code == "too_large"


def test_zip_that_is_not_a_word_document_is_unsupported(tmp_path):
    path = tmp_path / "protocol.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("protocol.txt", "Протокол № 1")
    with pytest.raises(IngestError) as error:
        read_file(path)
    assert error.value.code == "unsupported_format"


def test_docx_missing_its_document_part_is_corrupt(tmp_path):
    source = (SAMPLES / "seed-004-typed.docx").read_bytes()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, archive.read(info))
    path = tmp_path / "broken.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(IngestError) as error:
        read_file(path)
    assert error.value.code == "corrupt_file"


def test_strict_open_xml_document_is_unsupported_with_advice(tmp_path):
    source = (SAMPLES / "seed-004-typed.docx").read_bytes()
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(source)) as archive, zipfile.ZipFile(out, "w") as target:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"http://schemas.openxmlformats.org/wordprocessingml/2006/main", strict.encode())
            target.writestr(info, data)
    path = tmp_path / "strict.docx"
    path.write_bytes(out.getvalue())
    with pytest.raises(IngestError) as error:
        read_file(path)
    assert error.value.code == "unsupported_format"
    assert "Strict" in error.value.message


# --- bad files ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "code"), sorted(BAD_FILES.items()))
def test_bad_file_fails_with_its_code(name, code):
    with pytest.raises(IngestError) as error:
        read_file(SAMPLES / "bad" / name)
    assert error.value.code == code
    assert error.value.filename == name
    assert re.search("[А-Яа-я]", error.value.message), "messages are for people, in Russian"
    assert error.value.to_dict() == {"code": code, "message": error.value.message}


def test_every_bad_sample_has_an_expected_code():
    assert {path.name for path in (SAMPLES / "bad").iterdir()} == set(BAD_FILES)


def test_messages_say_what_to_do():
    def message(name: str) -> str:
        with pytest.raises(IngestError) as error:
            read_file(SAMPLES / "bad" / name)
        return error.value.message

    assert "скан" in message("scan.pdf") and "OCR" in message("scan.pdf")
    assert ".doc" in message("legacy.doc") and "сохраните как .docx" in message("legacy.doc")
    assert "текст" in message("text-named.pdf")
    assert "парол" in message("encrypted.pdf") and "парол" in message("encrypted.docx")


def test_a_scanned_page_in_a_text_pdf_is_kept_as_an_empty_page_with_a_warning(tmp_path, seed_texts):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(SAMPLES / "seed-004-typed.pdf"))
    writer.append(str(SAMPLES / "bad" / "scan.pdf"))
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as f:
        writer.write(f)
    protocol = read_file(path)
    assert len(protocol.pages) == 3
    last = protocol.pages[-1]
    assert last.start == last.end == len(protocol.text)
    assert normalized(protocol.text) == normalized(seed_texts["004"])
    assert [(w.code, w.span.page) for w in protocol.warnings] == [("page_without_text", 3)]


def test_pdf_whose_fonts_have_no_unicode_map_has_no_usable_text_layer(tmp_path):
    from pypdf import PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=str(SAMPLES / "seed-004-typed.pdf"))
    for page in writer.pages:
        for font in page["/Resources"]["/Font"].values():
            font.get_object().pop(NameObject("/ToUnicode"), None)
    path = tmp_path / "no-unicode.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(IngestError) as error:
        read_file(path)
    assert error.value.code == "no_text_layer"
    assert "Unicode" in error.value.message


# --- the writers are deterministic and the committed samples are what they write ------------------


def test_writers_are_deterministic(seed_texts):
    text = seed_texts["004"]
    assert docx_bytes(text, numbering="auto") == docx_bytes(text, numbering="auto")
    assert pdf_bytes(text)[0] == pdf_bytes(text)[0]


@pytest.mark.parametrize(("name", "options"), [
    ("seed-000-autonum.docx", {"numbering": "auto"}),
    ("seed-004-table.docx", {"attendance_table": True}),
])
def test_regenerated_samples_read_the_same(tmp_path, seed_texts, name, options):
    path = tmp_path / name
    path.write_bytes(docx_bytes(seed_texts[name[5:8]], **options))
    assert read_file(path).text == read_file(SAMPLES / name).text


LINE_KEYS = ("text", "x0", "x1", "top", "bottom", "doctop", "upright", "size")


def _form_and_offset_pdf() -> bytes:
    """A page whose words are drawn from a form XObject (as many producers do for headers and stamps),
    and a second page whose media box does not start at the origin."""
    from reportlab.pdfgen import canvas

    from corpus.documents import _fonts

    regular, _ = _fonts()
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(595, 842))
    pdf.beginForm("stamp")
    pdf.setFont(regular, 10)
    pdf.drawString(60, 800, "Протокол № 3 заседания педагогического совета")
    pdf.endForm()
    pdf.doForm("stamp")
    pdf.setFont(regular, 12)
    pdf.drawString(60, 760, "Присутствовали: 18 человек")
    pdf.showPage()
    pdf.setPageSize((500, 700))
    pdf.setFont(regular, 12)
    pdf.drawString(80, 600, "Решили: информацию принять к сведению.")
    pdf.showPage()
    pdf.save()
    # Shift the second page's media box: pdfplumber then moves its characters by the box's origin.
    return buffer.getvalue().replace(b"/MediaBox [ 0 0 500 700 ]", b"/MediaBox [ 20 30 520 730 ]")


@pytest.mark.parametrize("name", ["seed-000-typed.pdf", "seed-004-typed.pdf", "form-and-offset"])
def test_lean_page_characters_are_pdfplumbers_own(name, tmp_path):
    """The reader builds lines from its own lean character records: they must be pdfplumber's
    `page.chars`, key for key, whatever the page draws them through."""
    from ingest.readers.pdf import _page_chars

    path = SAMPLES / name
    if name == "form-and-offset":
        path = tmp_path / "form.pdf"
        path.write_bytes(_form_and_offset_pdf())
        assert b"/MediaBox [ 20 30 520 730 ]" in path.read_bytes()
    with pdfplumber.open(path) as pdf:
        compared = 0
        for page in pdf.pages:
            expected = [{key: char[key] for key in LINE_KEYS} for char in page.chars]
            assert _page_chars(page) == expected
            compared += len(expected)
    assert compared > 40
    if name == "form-and-offset":
        text = read_file(path).text
        assert "Протокол № 3 заседания педагогического совета" in text and "принять к сведению" in text


def test_a_form_feed_in_a_text_becomes_a_page_break_in_its_docx(tmp_path):
    """Texts exported from PDFs carry form feeds (and stray control characters) that XML cannot hold."""
    text = "ПРОТОКОЛ № 1\n\nРешили: принять к сведению.\n\fСтраница 2\x07 продолжается.\n"
    path = tmp_path / "form-feed.docx"
    path.write_bytes(docx_bytes(text))
    with zipfile.ZipFile(path) as archive:
        assert b'w:type="page"' in archive.read("word/document.xml")
    read = read_file(path).text
    assert "\f" not in read and "\x07" not in read
    assert read.split() == text.replace("\x07", "").split()
