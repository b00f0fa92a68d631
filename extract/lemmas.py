"""Lemmatized text for search: lowercase lemmas, ё folded to е. Queries and documents share it."""

from __future__ import annotations

import re
from functools import lru_cache

import pymorphy3

WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:-[0-9A-Za-zА-Яа-яЁё]+)*")


def fold(text: str) -> str:
    return text.lower().replace("ё", "е")


class Lemmatizer:
    """pymorphy3's most probable normal form per word, cached: archives repeat their vocabulary."""

    def __init__(self, morph: pymorphy3.MorphAnalyzer) -> None:
        self._morph = morph
        self.lemma = lru_cache(maxsize=200_000)(self._lemma)

    def _lemma(self, word: str) -> str:
        word = fold(word)
        if len(word) == 1 or not re.search(r"[а-я]", word):
            # A lone letter is an initial ("Н.Д.") or a list letter ("а)"), never a word: pymorphy3 would
            # read "д" as "далее", "т" as "так", "е" as "быть", and a query for "Д." would match "далее".
            return word
        return fold(self._morph.parse(word)[0].normal_form)

    def is_known(self, word: str) -> bool:
        """Whether the dictionary knows `word` (abbreviations and most names it does not)."""
        return self._morph.word_is_known(fold(word))

    def tokens(self, text: str) -> list[tuple[str, int, int]]:
        """(lemma, start, end) for every word of `text`."""
        return [(self.lemma(m.group()), m.start(), m.end()) for m in WORD.finditer(text)]

    def lemmatize(self, text: str) -> str:
        return " ".join(lemma for lemma, _, _ in self.tokens(text))
