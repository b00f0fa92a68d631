"""pymorphy3 behind a per-word cache, with the few questions extraction asks of it."""

from __future__ import annotations

from functools import lru_cache

import pymorphy3
from pymorphy3.analyzer import Parse

CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
_CASE_ALIASES = {"gen1": "gent", "gen2": "gent", "acc2": "accs", "loc1": "loct", "loc2": "loct", "voct": "nomn"}


def case_of(parse: Parse) -> str | None:
    case = parse.tag.case
    return _CASE_ALIASES.get(case, case) if case else None


class Morphology:
    def __init__(self, morph: pymorphy3.MorphAnalyzer) -> None:
        self.morph = morph
        self.parse = lru_cache(maxsize=100_000)(self._parse)

    def _parse(self, word: str) -> tuple[Parse, ...]:
        return tuple(self.morph.parse(word))

    def has_tag(self, word: str, grammeme: str) -> bool:
        return any(grammeme in p.tag for p in self.parse(word))

    def likelihood(self, word: str, grammeme: str) -> float:
        """The share of `word`'s readings (by pymorphy3's score) that carry `grammeme`: "По" is a surname at 0.001."""
        return sum(p.score for p in self.parse(word) if grammeme in p.tag)

    def cases(self, word: str, pos: tuple[str, ...] = ("NOUN", "ADJF", "PRTF", "NPRO")) -> frozenset[str]:
        """The cases `word` can be in (singular readings of the given parts of speech)."""
        return frozenset(
            c for p in self.parse(word)
            if p.tag.POS in pos and p.tag.number != "plur" and (c := case_of(p))
        )

    def past_gender(self, word: str) -> str | None:
        """masc/femn of a past-tense verb or short participle ("проинформировала"), else None."""
        genders = {str(p.tag.gender) for p in self.parse(word) if p.tag.POS in ("VERB", "PRTS") and p.tag.gender in ("masc", "femn")}
        return genders.pop() if len(genders) == 1 else None

    def is_finite_verb(self, word: str) -> bool:
        parses = self.parse(word.lower())
        return bool(parses) and parses[0].tag.POS == "VERB" and parses[0].score >= 0.3

    def pos(self, word: str) -> str | None:
        parses = self.parse(word.lower())
        return str(parses[0].tag.POS) if parses and parses[0].tag.POS else None

    def is_known_common_word(self, word: str) -> bool:
        """A dictionary word that is not a name: "Директор", "Повестка"."""
        parses = self.parse(word)
        if not parses or not parses[0].is_known:
            return False
        return not any(g in p.tag for p in parses for g in ("Surn", "Name", "Patr"))

    def inflect(self, word: str, grammemes: set[str], *, like: Parse | None = None) -> str | None:
        """`word` put into `grammemes`, using the reading `like` when given."""
        parses = [like] if like is not None else list(self.parse(word.lower()))
        for p in parses:
            try:
                form = p.inflect(grammemes)
            except ValueError:
                form = None
            if form is not None:
                return "-".join(self._modern_plural(part) for part in form.word.split("-")) if "plur" in grammemes else form.word
        return None

    def _modern_plural(self, word: str) -> str:
        """Of two plural forms the dictionary lists alike ("учители", "учителя"), the one in -а/-я in use today."""
        for p in self.parse(word):
            if p.word != word or p.tag.number != "plur":
                continue
            twins = [f.word for f in p.lexeme if f.tag == p.tag]
            modern = [w for w in twins if w.endswith(("а", "я"))]
            if len(twins) > 1 and modern:
                return modern[0]
            break
        return word
