"""Snippets cut from the original text, with the words whose lemmas match the query marked.

Backend-neutral: a field's `AnalyzedText` maps each lemma to its [start, end) in the original text,
so matching happens on lemmas and marking on what the document actually says.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence

from search_api.index.base import SNIPPET_FIELDS, AnalyzedText, Highlight, Level, TermQuery

SNIPPET_CHARS = 260
LEAD_CHARS = 70
MAX_CANDIDATES = 400
SPACES = re.compile(r"\s+")


def matched_tokens(text: AnalyzedText, terms: Sequence[TermQuery]) -> list[tuple[int, str]]:
    """(token index, term lemma) of every token matching a term."""
    exact = {t.lemma for t in terms if not t.prefix}
    prefixes = tuple(t.lemma for t in terms if t.prefix)
    found: list[tuple[int, str]] = []
    for i, lemma in enumerate(text.lemmas):
        if lemma in exact:
            found.append((i, lemma))
        elif prefixes and lemma.startswith(prefixes):
            found.append((i, next(p for p in prefixes if lemma.startswith(p))))
    return found


def highlight(field: str, text: AnalyzedText, terms: Sequence[TermQuery], *, size: int = SNIPPET_CHARS) -> Highlight | None:
    """The window of about `size` characters holding the most distinct query terms, or None if none match."""
    found = matched_tokens(text, terms)
    if not found:
        return None
    candidates = found[:MAX_CANDIDATES]
    best_start, best_score = 0, (-1, -1)
    for i, (token, _) in enumerate(candidates):
        limit = text.starts[token] + size - LEAD_CHARS
        inside = [term for tok, term in candidates[i:] if text.ends[tok] <= limit]
        score = (len(set(inside)), len(inside))
        if score > best_score:
            best_start, best_score = i, score
    first = candidates[best_start][0]
    begin = _word_start(text.text, max(0, text.starts[first] - LEAD_CHARS))
    end = _word_end(text.text, min(len(text.text), begin + size))
    matches = [(text.starts[t], text.ends[t]) for t, _ in found if text.starts[t] >= begin and text.ends[t] <= end]
    return Highlight(field=field, snippet=_render(text.text, begin, end, matches), matches=matches)


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
