"""The working text: page furniture blanked out, Roman item numbers read as Arabic, offsets kept.

Page furniture: running headers, footers, page numbers and rules that a PDF or a print leaves in the text.

"Страница 2 из 4", "- 3 -", an indented page number, a rule of underscores, and next to them a running
header that repeats the protocol's title line ("МКУ «ИМЦ». Протокол № 03/17 от 14.11.2017") or a line
repeated at every page break are not part of the protocol: a speech or a decision broken by a page goes
on after them. `mask_furniture` blanks them out with spaces, and where the page broke a sentence it leaves one
line break of the gap; the length never changes, so every offset into the masked text is an offset into the
original and spans stay exact.

Items numbered in Roman numerals ("II. СЛУШАЛИ:", "IV. Разное.") get Arabic numbers of the same length
("2.  СЛУШАЛИ:"), so every reader of numbered lines reads them.
"""

from __future__ import annotations

import re

from extract.text import DASHES, lines_of

# "Страница 1 из 4", "Стр. 2", "Лист 3 из 5", "- 3 -", "3/4"
PAGE_LABEL = re.compile(
    rf"[ \t]*(?:(?:страница|стр\.?|лист)[ \t]*\d{{1,3}}(?:[ \t]*(?:из|/)[ \t]*\d{{1,3}})?|[{DASHES}][ \t]*\d{{1,3}}[ \t]*[{DASHES}]"
    rf"|\d{{1,3}}[ \t]*/[ \t]*\d{{1,3}})[ \t]*",
    re.IGNORECASE,
)
# "Протокол № 7 от 28.02.2022          стр. 2 из 5": a footer line ending with its page label
PAGE_LABEL_AT_END = re.compile(r"(?i)(?:страница|стр\.?|лист)[ \t]*\d{1,3}(?:[ \t]*(?:из|/)[ \t]*\d{1,3})?[ \t]*$")
# "Протокол № 1 общего собрания … «Лицей № 2»     2": a footer pushing its bare page number far right
PAGE_NUMBER_AT_END = re.compile(r"(?:[ \t]{3,}|\t)\d{1,3}[ \t]*$")
RULE = re.compile(r"[ \t]*(?:_{8,}|-{8,}|={8,}|—{4,})[ \t]*")
# The end of a running header wrapped onto its own line: "от 14.03.2019", "№ 6 от 14.03.2019 г.".
HEADER_TAIL = re.compile(r"[ \t]*(?:№[ \t]?\S+[ \t]*)?(?:от[ \t]*)?\d{1,2}\.\d{1,2}\.\d{2,4}(?:[ \t]*г\.?)?[ \t]*")
SHORT_RULE = re.compile(r"[ \t]*(?:_{2,}|-{2,}|={2,})[ \t]*")
BARE_NUMBER = re.compile(r"[ \t]*\d{1,3}[ \t]*")
# A page number alone on its line, pushed far right or centred (a numbered list's "1" stands at the margin).
INDENTED_NUMBER = re.compile(r"[ \t]{12,}\d{1,3}[ \t]*")
# Where page furniture may start: the first page's head holds the title, which a running header repeats.
HEAD = 500
# A running header: a "Протокол" line with the number or date the title gives ("… Протокол № 6 от 14.03.2019").
TITLE_REPEAT = re.compile(r"(?i)протокол")
HEAD_TOKENS = re.compile(r"№\s?(\d[\w/.-]*)|\b(\d{1,2}\.\d{1,2}\.\d{2,4})")


def furniture(text: str, page_starts: tuple[int, ...] = ()) -> list[tuple[int, int]]:
    """Character ranges of the lines that are page furniture, in text order."""
    lines = lines_of(text)
    head = {token for m in HEAD_TOKENS.finditer(text, 0, HEAD) for token in m.groups() if token}
    marks = [
        PAGE_LABEL.fullmatch(line.text) is not None or RULE.fullmatch(line.text) is not None
        or INDENTED_NUMBER.fullmatch(line.text) is not None or "\f" in line.text
        or ((PAGE_LABEL_AT_END.search(line.text) is not None or PAGE_NUMBER_AT_END.search(line.text) is not None)
            and _repeats_title(line.text, head))
        for line in lines
    ]
    for k, line in enumerate(lines):
        # next to a rule or page label: the rest of a rule wrapped onto its own line ("__"), a bare page number ("1")
        beside = any(0 <= j < len(lines) and marks[j] and not BARE_NUMBER.fullmatch(lines[j].text) for j in (k - 1, k + 1))
        if not marks[k] and beside and (SHORT_RULE.fullmatch(line.text) or BARE_NUMBER.fullmatch(line.text)):
            marks[k] = True
    # Where a page ends or begins: a marked line, or a page break the reader knows.
    sides: list[tuple[int, int]] = []  # (boundary line, direction to look in)
    for k, marked in enumerate(marks):
        if marked:
            sides += [(k, -1), (k, 1)]
    for start in page_starts:
        k = next((j for j, line in enumerate(lines) if line.start >= start), None)
        if k is not None:
            sides += [(k - 1, 1), (k, -1)]
    groups = []  # the line next to a boundary, and that line with the one beyond it (a running header wrapped)
    for k, step in sides:
        first = _next_filled(lines, k, step)
        if first is None or marks[first]:
            continue
        groups.append(([first], step))
        second = first + step
        if 0 <= second < len(lines) and lines[second].text.strip() and not marks[second]:
            groups.append((sorted([first, second]), step))
    repeated: dict[str, set[int]] = {}  # a line repeated next to two page breaks (distinct lines, not one seen twice)
    for group, _ in groups:
        if len(group) == 1:
            repeated.setdefault(_squashed(lines[group[0]].text), set()).add(group[0])
    for group, step in sorted(groups, key=lambda g: len(g[0])):
        if any(marks[k] for k in group):
            continue
        value = _squashed(" ".join(lines[k].text for k in group))
        title_again = _repeats_title(value, head)
        if len(value) >= 12 and (title_again or (len(group) == 1 and len(repeated[value]) >= 2)):
            for k in group:
                marks[k] = True
            beyond = (max(group) if step > 0 else min(group)) + step
            if title_again and 0 <= beyond < len(lines) and HEADER_TAIL.fullmatch(lines[beyond].text):
                marks[beyond] = True  # "… Протокол заседания Совета № 6\nот 14.03.2019": the header's wrapped end
    # The document's own head (letterhead, title, a rule under them) is never furniture.
    return [(line.start, line.end) for line, marked in zip(lines, marks) if marked and line.text.strip() and line.start >= HEAD]


def mask_furniture(text: str, page_starts: tuple[int, ...] = ()) -> str:
    """`text` with its page furniture replaced by spaces (same length). Where a page break falls inside a sentence
    ("руководителя РМО учителей начальных / [footer] / классов Мирзоеву Н.К."), the blank lines it leaves are joined
    into one line break, so the sentence reads on as a wrapped line does."""
    ranges = furniture(text, page_starts)
    breaks = sorted({start for start, _ in ranges} | set(page_starts))
    if not ranges and not breaks:
        return text
    chars = list(text)
    for start, end in ranges:
        for i in range(start, end):
            chars[i] = " "
    masked = "".join(chars)
    for position in breaks:
        # the white space around the break (furniture is white space now): one gap of the text
        start = position
        while start > 0 and masked[start - 1].isspace():
            start -= 1
        end = position
        while end < len(masked) and masked[end].isspace():
            end += 1
        if masked.count("\n", start, end) < 2:
            continue
        before = masked[:start]
        if before and not before.endswith((".", "!", "?", ":", ";")) and re.match(r"[a-zа-яё]", masked[end:end + 1]):
            last_newline = masked.rfind("\n", start, end)  # one line break stays; the others become spaces
            for i in range(start, end):
                if chars[i] == "\n" and i != last_newline:
                    chars[i] = " "
            masked = "".join(chars)
    return masked


def _repeats_title(line: str, head: set[str]) -> bool:
    """A "Протокол" line with the number or date the document's head gives."""
    return TITLE_REPEAT.search(line) is not None and any(m.group(1) in head or m.group(2) in head for m in HEAD_TOKENS.finditer(line))


def _next_filled(lines, k: int, step: int) -> int | None:
    """The nearest non-blank line from line k + step on in the direction of `step`."""
    j = k + step
    while 0 <= j < len(lines) and not lines[j].text.strip():
        j += step
    return j if 0 <= j < len(lines) else None


def _squashed(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10, "XI": 11, "XII": 12}
ROMAN_ITEM = re.compile(r"(?m)^(?P<lead>[ \t*]*)(?P<roman>XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)(?P<sep>[.)])(?P<space>[ \t]+)(?=\S)")


def arabic_item_numbers(text: str) -> str:
    """Roman item numbers opening lines as Arabic ones, the length kept ("III. " -> "3.   ", "X. " -> "10."), when
    the text numbers its items that way (at least "I" and "II" open lines)."""
    found = list(ROMAN_ITEM.finditer(text))
    if not {"I", "II"} <= {m["roman"] for m in found}:
        return text
    chars = list(text)
    for m in found:
        width = m.end("space") - m.start("roman")
        arabic = f"{ROMAN[m['roman']]}{m['sep']}"
        if len(arabic) > width:
            continue
        replacement = arabic + " " * (width - len(arabic))
        chars[m.start("roman"):m.end("space")] = replacement
    return "".join(chars)
