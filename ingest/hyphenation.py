"""Words broken across lines of a PDF ("обуча-" / "ющихся") joined back, compounds kept whole.

A line ending in a hyphen (or a soft hyphen) followed by a line starting with a lowercase letter is
a broken word. pymorphy3's dictionary decides whether the hyphen belongs to the word:
- the hyphenated form is a dictionary word ("нормативно-правовая", "кто-то", "учебно-воспитательной",
  also when the dictionary has the solid spelling too): the hyphen stays;
- only the solid form is a dictionary word ("обучающихся", "общеобразовательных"): joined without
  it; except a long coordinating stem before an adjective, both halves dictionary words in their own
  right ("организационно-|методические"), whose solid form is a dictionary slip ("неудовлетво-|рительные"
  is no such pair: neither half is a word, only pymorphy3's guesses make them look like one);
- neither is: the hyphen stays when both parts are words or the first a compounding stem
  ("социально-педагогической", "психолого-"), otherwise the word is joined ("Лавоч-|кина").
A soft hyphen never stays. The rest of the word moves up to the first line, so the line structure
otherwise stays as printed.
"""

from __future__ import annotations

import re
from functools import cached_property

import pymorphy3

HYPHENS = "-\u2010\u00ad"
SOFT_HYPHEN = "\u00ad"

_LETTERS = "A-Za-zА-Яа-яЁё"
_BROKEN_END = re.compile(rf"([{_LETTERS}]+)([{HYPHENS}])[ \t]*$")
# The first word of the next line (group 1 decides) and all of its token up to the next space: the rest
# of a compound it starts ("зационно-методические") and punctuation glued to it move up with it.
_CONTINUATION = re.compile(rf"^[ \t]*([a-zа-яё][{_LETTERS}]*)\S*")
# Stems of counts that form solid compounds: "трёхзначный", "двухэтажный", "многодетный", "полугодие".
COUNT_STEMS = {"одно", "двух", "трех", "четырех", "пяти", "шести", "семи", "восьми", "девяти", "десяти", "много", "мало", "полу"}
# Prefixes written solid with any word ("внутришкольный", "межрайонный", "сверхурочный"), dictionary words or not.
SOLID_PREFIXES = {"внутри", "меж", "между", "сверх", "около", "после", "противо", "анти"}
# Endings that turn a compounding stem ("учебн-о", "психолог-о") into a dictionary word.
_STEM_ENDINGS = ("", "ый", "ий", "ой", "ский")


class HyphenJoiner:
    """Joins broken words; the morphological dictionary loads on the first broken word seen."""

    def __init__(self, morph: pymorphy3.MorphAnalyzer | None = None) -> None:
        if morph is not None:
            self.__dict__["morph"] = morph

    @cached_property
    def morph(self) -> pymorphy3.MorphAnalyzer:
        return pymorphy3.MorphAnalyzer()

    def _known(self, word: str) -> bool:
        return self.morph.word_is_known(word.lower().replace("ё", "е")) or self.morph.word_is_known(word.lower())

    def _compounding(self, part: str) -> bool:
        """A word, or a stem that forms compounds with a linking vowel: "учебно-", "северо-", "психолого-"."""
        if self._known(part):
            return True
        if len(part) > 3 and part[-1].lower() in "ое":
            stem = part[:-1]
            return any(self._known(stem + ending) for ending in _STEM_ENDINGS)
        return False

    def _is(self, word: str, parts_of_speech: set[str]) -> bool:
        return any(parse.tag.POS in parts_of_speech for parse in self.morph.parse(word.lower()))

    def keeps_hyphen(self, left: str, right: str) -> bool:
        """Whether "left-" at a line end and "right" on the next line form a hyphenated compound."""
        hyphenated = self._known(f"{left}-{right}")
        solid = self._known(left + right)
        if hyphenated:
            return True
        if solid:
            # Both halves must be dictionary words: pymorphy3 also *guesses* a reading for any fragment
            # ("неудовлетво" as an adverb, "рительные" as an adjective), which is no evidence of a compound.
            return (
                len(left) >= 8
                and left[-1].lower() in "ое"
                and self._known(left)
                and self._known(right)
                and self._is(left, {"ADVB", "ADJS"})
                and self._is(right, {"ADJF", "PRTF"})
            )
        if left.lower().replace("ё", "е") in COUNT_STEMS | SOLID_PREFIXES:
            return False  # "трех-|значного", "внутри-|школьном": a count stem or a prefix makes one solid word
        if self._noun_stem(left) and self._is(right, {"NOUN"}) and not self._is(right, {"ADJF", "PRTF"}):
            return False  # a noun stem and a noun make one solid word ("звуко-|произношения"), unlike "психолого-педагогической"
        return self._compounding(left) and self._known(right)

    def _noun_stem(self, part: str) -> bool:
        """"звуко", "водо": a noun's stem with a linking vowel, not an adjective's or adverb's ("учебно", "научно")."""
        if len(part) < 4 or part[-1].lower() not in "ое" or self._known(part):
            return False
        stem = part[:-1].lower()
        return self._known(stem) and self._is(stem, {"NOUN"}) and not any(self._known(stem + e) for e in _STEM_ENDINGS[1:])

    def join(self, upper: str, lower: str) -> tuple[str, str] | None:
        """(upper, lower) with a broken word mended, or None when the pair is not a broken word."""
        end = _BROKEN_END.search(upper)
        start = _CONTINUATION.match(lower)
        if end is None or start is None:
            return None
        left, hyphen, right = end.group(1), end.group(2), start.group(1)
        keep = hyphen != SOFT_HYPHEN and self.keeps_hyphen(left, right)
        joined = upper[: end.start(2)] + ("-" if keep else "") + start.group(0).lstrip(" \t")
        return joined, lower[start.end() :].lstrip(" \t")
