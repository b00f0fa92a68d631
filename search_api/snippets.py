"""Snippets cut from the original text, with the words whose lemmas match the query marked.

Backend-neutral: a field's `AnalyzedText` maps each lemma to its [start, end) in the original text,
so matching happens on lemmas and marking on what the document actually says.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Callable, Sequence

import numpy as np

from search_api.index.base import SNIPPET_FIELDS, AnalyzedText, Highlight, Level, TermQuery

SNIPPET_CHARS = 260
LEAD_CHARS = 70
MAX_CANDIDATES = 400
SPACES = re.compile(r"\s+")


def matched_tokens(lemmas: Sequence[str], terms: Sequence[TermQuery]) -> list[tuple[int, str]]:
    """(token index, term lemma) of every token matching a term."""
    exact = {t.lemma for t in terms if not t.prefix}
    prefixes = tuple(t.lemma for t in terms if t.prefix)
    found: list[tuple[int, str]] = []
    for i, lemma in enumerate(lemmas):
        if lemma in exact:
            found.append((i, lemma))
        elif prefixes and lemma.startswith(prefixes):
            found.append((i, next(p for p in prefixes if lemma.startswith(p))))
    return found


def matched_in_lemma_text(lemma_text: bytes, terms: Sequence[TermQuery]) -> list[tuple[int, str]]:
    """`matched_tokens` over the space-joined lemmas as UTF-8: substring searches instead of a Python
    loop over every token (this runs for every hit of every page)."""
    if not terms or not lemma_text:
        return []
    padded = b" " + lemma_text + b" "
    found_at: dict[int, str] = {}
    for term in sorted(terms, key=lambda t: t.prefix):  # exact terms win a token over prefixes
        needle = b" " + term.lemma.encode("utf-8") + (b"" if term.prefix else b" ")
        at = padded.find(needle)
        while at >= 0:
            found_at.setdefault(at, term.lemma)
            at = padded.find(needle, at + 1)
    if not found_at:
        return []
    positions = sorted(found_at)
    spaces = np.flatnonzero(np.frombuffer(lemma_text, dtype=np.uint8) == 0x20)
    indexes = np.searchsorted(spaces, positions).tolist()
    return [(index, found_at[at]) for index, at in zip(indexes, positions, strict=True)]


def highlight(field: str, text: AnalyzedText, terms: Sequence[TermQuery], *, size: int = SNIPPET_CHARS) -> Highlight | None:
    """The window of about `size` characters holding the most distinct query terms, or None if none match."""
    return cut(field, text.text, text.starts, text.ends, matched_tokens(text.lemmas, terms), size=size)


def cut(
    field: str, text: str, starts: Sequence[int], ends: Sequence[int], found: list[tuple[int, str]],
    *, size: int = SNIPPET_CHARS,
) -> Highlight | None:
    """The snippet around the matched tokens `found` ((token index, term)): the window with the most
    distinct terms, then the most matches."""
    if not found:
        return None
    candidates = found[:MAX_CANDIDATES]
    # Sliding window over the candidates: [left, right) all end before left's start + the window.
    best_left, best_score = 0, (-1, -1)
    inside: Counter[str] = Counter()
    right = 0
    for left, (token, _) in enumerate(candidates):
        limit = int(starts[token]) + size - LEAD_CHARS
        right = max(right, left)
        while right < len(candidates) and int(ends[candidates[right][0]]) <= limit:
            inside[candidates[right][1]] += 1
            right += 1
        score = (len(inside), right - left)
        if score > best_score:
            best_left, best_score = left, score
        if right > left:
            term = candidates[left][1]
            inside[term] -= 1
            if not inside[term]:
                del inside[term]
    first = candidates[best_left][0]
    begin = _word_start(text, max(0, int(starts[first]) - LEAD_CHARS))
    end = _word_end(text, min(len(text), begin + size))
    matches = [
        (int(starts[t]), int(ends[t])) for t, _ in found if int(starts[t]) >= begin and int(ends[t]) <= end
    ]
    return Highlight(field=field, snippet=_render(text, begin, end, matches), matches=matches)


def _word_start(text: str, at: int) -> int:
    if at == 0:
        return 0
    space = text.find(" ", at)
    return space + 1 if 0 <= space < at + 20 else at


def _word_end(text: str, at: int) -> int:
    if at >= len(text):
        return len(text)
    space = text.rfind(" ", at - 20, at)
    return space if space > 0 else at


def _render(text: str, begin: int, end: int, matches: list[tuple[int, int]]) -> str:
    parts = ["…"] if begin > 0 else []
    at = begin
    for start, stop in matches:
        parts.append(html.escape(text[at:start], quote=False))
        parts.append(f"<mark>{html.escape(text[start:stop], quote=False)}</mark>")
        at = stop
    parts.append(html.escape(text[at:end], quote=False))
    if end < len(text):
        parts.append("…")
    return SPACES.sub(" ", "".join(parts)).strip()


def best_highlight(level: Level, field: Callable[[str], AnalyzedText | None], terms: Sequence[TermQuery]) -> Highlight | None:
    """The snippet of the first of the level's snippet fields that has a match; `field(name)` gives a field."""
    for name in SNIPPET_FIELDS[level]:
        text = field(name)
        if text is not None:
            found = highlight(name, text, terms)
            if found:
                return found
    return None
