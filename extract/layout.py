"""Page furniture: running headers, footers, page numbers and rules that a PDF or a print leaves in the text.

"Страница 2 из 4", "- 3 -", an indented page number, a rule of underscores, and next to them a running
header that repeats the protocol's title line ("МКУ «ИМЦ». Протокол № 03/17 от 14.11.2017") or a line
repeated at every page break are not part of the protocol: a speech or a decision broken by a page goes
on after them. `mask_furniture` blanks them out with spaces (line breaks kept), so every offset into the
masked text is an offset into the original and spans stay exact.
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
RULE = re.compile(r"[ \t]*(?:_{8,}|-{8,}|={8,}|—{4,})[ \t]*")
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
    marks = [
        PAGE_LABEL.fullmatch(line.text) is not None or RULE.fullmatch(line.text) is not None
        or INDENTED_NUMBER.fullmatch(line.text) is not None or "\f" in line.text
        for line in lines
    ]
    candidates: set[int] = set()
    for k, marked in enumerate(marks):
        if marked:
            candidates |= {_next_filled(lines, k, -1), _next_filled(lines, k, 1)}
    # Page breaks the reader knows: the last line of a page and the first of the next may be a footer or header.
    for start in page_starts:
        k = next((j for j, line in enumerate(lines) if line.start >= start), None)
        if k is not None:
            candidates |= {_next_filled(lines, k - 1, 1), _next_filled(lines, k, -1)}
    candidates = {k for k in candidates if k is not None and not marks[k]}
    head = {token for m in HEAD_TOKENS.finditer(text, 0, HEAD) for token in m.groups() if token}
    repeated: dict[str, int] = {}
    for k in candidates:
        repeated[_squashed(lines[k].text)] = repeated.get(_squashed(lines[k].text), 0) + 1
    for k in candidates:
        value = _squashed(lines[k].text)
        title_again = TITLE_REPEAT.search(value) and any(m.group(1) in head or m.group(2) in head for m in HEAD_TOKENS.finditer(value))
        if len(value) >= 12 and (title_again or repeated[value] >= 2):
            marks[k] = True
    # The document's own head (letterhead, title, a rule under them) is never furniture.
    return [(line.start, line.end) for line, marked in zip(lines, marks) if marked and line.text.strip() and line.start >= HEAD]


def mask_furniture(text: str, page_starts: tuple[int, ...] = ()) -> str:
    """`text` with its page furniture replaced by spaces (same length, same line breaks)."""
    ranges = furniture(text, page_starts)
    if not ranges:
        return text
    out, pos = [], 0
    for start, end in ranges:
        out.append(text[pos:start])
        out.append(re.sub(r"[^\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _next_filled(lines, k: int, step: int) -> int | None:
    """The nearest non-blank line from line k + step on in the direction of `step`."""
    j = k + step
    while 0 <= j < len(lines) and not lines[j].text.strip():
        j += step
    return j if 0 <= j < len(lines) else None


def _squashed(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()
