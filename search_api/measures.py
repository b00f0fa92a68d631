"""Measures: decisions grouped so that paraphrases of one measure count together.

A decision's signature is the lemma of its main verb, of its direct object, and of the complement
that completes the verb or the object (a prepositional phrase such as "к сведению", or a genitive
noun): "Информацию принять к сведению" and "Принять к сведению и использованию в работе рассмотренную
информацию" both give (принять, информация, к сведение). Near-duplicates merge: a signature missing
the object or the complement joins a known measure that agrees on everything it has ("Принять к
сведению" joins the measure above). The store assigns measures inside its write transaction, so
concurrent workers agree; assignment depends on what is known already, which is why a re-index from
the originals recomputes it in the order protocols were added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pymorphy3

from extract.lemmas import WORD, Lemmatizer, fold

VERB_TAGS = {"INFN", "VERB", "PRTS"}
# Bracketed and quoted parts are names of documents and events, not the measure itself.
ASIDES = re.compile(r"\([^()]*\)|«[^«»]*»|\"[^\"]*\"|“[^“”]*”")
# A clause ends at ";" or at a full stop after a word of two letters or more (not after the initials
# in "Черных П.С." or the "г." of a year).
CLAUSE_END = re.compile(r";|(?<=[а-яёa-z]{2})(?<!\bгг)\.(?:\s|$)|:\s")
MODIFIERS = {"ADJF", "PRTF", "NUMR", "ADVB", "CONJ"}


@dataclass(frozen=True, slots=True)
class MeasureSignature:
    verb: str
    object: str = ""
    complement: str = ""

    @property
    def key(self) -> str:
        """URL-safe and readable: "принять_информация_к_сведение"."""
        return "_".join(part.replace(" ", "_") for part in (self.verb, self.object, self.complement) if part)


def choose_measure(signature: MeasureSignature, known: list[MeasureSignature]) -> MeasureSignature | None:
    """The known measure `signature` belongs to, or None for a new one.

    Compatible: the same verb, and object and complement each equal or missing on one side, with at
    least one of them present and equal. The most specific agreement wins, then the smallest key.
    """
    best: tuple[int, str] | None = None
    chosen = None
    for candidate in known:
        if candidate.key == signature.key:
            return candidate
        if candidate.verb != signature.verb:
            continue
        agreements = 0
        compatible = True
        for mine, theirs in ((signature.object, candidate.object), (signature.complement, candidate.complement)):
            if mine and theirs:
                if mine != theirs:
                    compatible = False
                    break
                agreements += 1
        if not compatible or agreements == 0:
            continue
        rank = (-agreements, candidate.key)
        if best is None or rank < best:
            best, chosen = rank, candidate
    return chosen


@dataclass(slots=True)
class _Token:
    lemma: str
    pos: str | None
    cases: frozenset[str]


class MeasureKeyer:
    """Signatures of decision texts; built once with the extraction's morphology and lemmatizer."""

    def __init__(self, morph: pymorphy3.MorphAnalyzer, lemmatizer: Lemmatizer) -> None:
        self._morph = morph
        self._lemmatizer = lemmatizer
        # Archives repeat their words and wordings ("Информацию принять к сведению."): parse each once.
        self.signature = lru_cache(maxsize=50_000)(self._signature)
        self._token = lru_cache(maxsize=200_000)(self._parse_token)

    def _parse_token(self, word: str) -> _Token:
        parses = self._morph.parse(fold(word))
        best = parses[0]
        pos = str(best.tag.POS) if best.tag.POS else ("NUMB" if "NUMB" in best.tag else None)
        if (len(word) == 1 and pos not in {"PREP", "CONJ", "PRCL"}) or {"Surn", "Name", "Patr"} & best.tag.grammemes:
            pos = "NAME"  # people are addressees, not what is decided
        cases = frozenset(str(p.tag.case) for p in parses if p.tag.POS == best.tag.POS and p.tag.case)
        lemma = fold(best.normal_form) if pos in VERB_TAGS else self._lemmatizer.lemma(word)
        return _Token(lemma, pos, cases)

    def _signature(self, text: str) -> MeasureSignature | None:
        """The signature of a decision, or None if it has no main verb."""
        clause = ASIDES.sub(" ", text)
        end = CLAUSE_END.search(clause)
        if end:
            clause = clause[: end.start()]
        tokens = [self._token(m.group()) for m in WORD.finditer(clause)]
        verb_at = next((i for i, t in enumerate(tokens) if t.pos in VERB_TAGS), None)
        if verb_at is None:
            return None
        verb = tokens[verb_at].lemma
        if verb_at > 0 and tokens[verb_at - 1].lemma == "не":
            verb = f"не {verb}"
        object_at = self._direct_object(tokens, verb_at)
        complement = self._complement(tokens, verb_at + 1)
        if not complement and object_at is not None:
            complement = self._complement(tokens, object_at + 1, genitive=True)
        return MeasureSignature(verb, tokens[object_at].lemma if object_at is not None else "", complement)

    @classmethod
    def _direct_object(cls, tokens: list[_Token], verb_at: int) -> int | None:
        """The first accusative noun after the verb, else before it ("Информацию … принять")."""
        after = cls._first_object(tokens, verb_at + 1, len(tokens))
        return after if after is not None else cls._first_object(tokens, 0, verb_at)

    @staticmethod
    def _first_object(tokens: list[_Token], start: int, end: int) -> int | None:
        """The first accusative noun in tokens[start:end] outside a prepositional phrase and not
        counted by a number ("2008 года")."""
        in_phrase = counted = False
        for i in range(start, end):
            token = tokens[i]
            if token.pos == "PREP":
                in_phrase = True
            elif token.pos == "NUMB":
                counted = True
            elif token.pos == "NOUN":
                if not in_phrase and not counted and "accs" in token.cases:
                    return i
                in_phrase = counted = False
            elif token.pos in VERB_TAGS:
                in_phrase = counted = False
        return None

    @staticmethod
    def _complement(tokens: list[_Token], at: int, *, genitive: bool = False) -> str:
        """A prepositional phrase ("к сведение") starting at `at`, or with `genitive` a genitive noun there."""
        if at >= len(tokens):
            return ""
        first = tokens[at]
        if first.pos == "PREP":
            for token in tokens[at + 1:]:
                if token.pos == "NOUN":
                    return f"{first.lemma} {token.lemma}"
                if token.pos not in MODIFIERS:
                    return ""
            return ""
        if genitive:
            for token in tokens[at:]:
                if token.pos == "NOUN":
                    return token.lemma if "gent" in token.cases else ""
                if token.pos not in MODIFIERS:
                    return ""
        return ""
