"""Small text helpers shared by the extraction stages: clean values, lines, spans."""

from __future__ import annotations

import re
from dataclasses import dataclass

from protocols.model import Span

UPPER = "А-ЯЁ"
LOWER = "а-яё"
LETTER = "А-Яа-яЁёA-Za-z"
DASHES = r"\-‐‑‒–—―"  # for character classes
OPEN_QUOTES = "«„“"
CLOSE_QUOTES = "»“”"
ALL_QUOTES = "«»„“”\""

_SPACE_RUN = re.compile(r"\s+")
_BOLD = re.compile(r"\*\*|__(?=\S)|(?<=\S)__")


def squash(text: str) -> str:
    """White space runs (line breaks included) to one space, ends stripped."""
    return _SPACE_RUN.sub(" ", text).strip()


def clean_value(text: str) -> str:
    """A value as a user reads it: white space squashed, markdown bold marks and edge punctuation dropped."""
    text = squash(_BOLD.sub("", text))
    return text.strip(" ,;")


def span(start: int, end: int) -> Span:
    return Span(start=start, end=end)


def strip_span(text: str, start: int, end: int, chars: str = " \t\r\n") -> tuple[int, int]:
    """Narrow [start, end) so it neither starts nor ends with any of `chars`."""
    while start < end and text[start] in chars:
        start += 1
    while end > start and text[end - 1] in chars:
        end -= 1
    return start, end


@dataclass(frozen=True)
class Line:
    """One line of the text: [start, end) without its line break."""

    start: int
    end: int
    text: str

    @property
    def stripped(self) -> str:
        return self.text.strip()

    @property
    def is_blank(self) -> bool:
        return not self.text.strip()


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of text[start:end] with absolute offsets."""
    end = len(text) if end is None else end
    out = []
    pos = start
    for m in re.finditer(r"\n", text[start:end]):
        line_end = start + m.start()
        out.append(Line(pos, line_end, text[pos:line_end]))
        pos = start + m.end()
    out.append(Line(pos, end, text[pos:end]))
    return out


def line_start_of(text: str, offset: int) -> int:
    return text.rfind("\n", 0, offset) + 1


def at_line_start(text: str, offset: int) -> bool:
    """Only white space, bold marks, bullets or an item number between the line start and `offset`."""
    prefix = text[line_start_of(text, offset):offset]
    return re.fullmatch(rf"[\s*_•·{DASHES}]*(?:\d{{1,2}}[.)]\s*)?[\s*_]*", prefix) is not None


def balance_quotes(value: str) -> str:
    """Close guillemets left open (a name cut by a line end or a typo), so spellings compare equal."""
    opened = value.count("«") - value.count("»")
    if opened > 0:
        value = value.rstrip() + "»" * opened
    return value


def first_upper_to_lower(value: str) -> str:
    """Lower the first letter of a phrase that starts a sentence, leaving abbreviations (МО, ДОУ) alone."""
    if not value:
        return value
    first = value.split(" ", 1)[0]
    letters = re.sub(rf"[^{LETTER}]", "", first)
    if len(letters) > 1 and letters.isupper():
        return value
    return value[0].lower() + value[1:]


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped text (a PDF's or a fixed-width print's lines) is broken at, or None when its lines
    are paragraphs. Wrapped text has many lines just short of one width; a line that long ends mid-paragraph."""
    lengths = sorted(len(line.rstrip()) for line in text.split("\n") if line.strip())
    if len(lengths) < 12:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1]
    if not 40 <= width <= 160 or lengths[-1] > width * 1.15:
        return None  # a paragraph per line: some lines run far longer than the rest
    full = sum(1 for n in lengths if n >= width * 0.8)
    return width if full >= len(lengths) * 0.4 else None
