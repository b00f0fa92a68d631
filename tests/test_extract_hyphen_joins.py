"""PDF line-end hyphens as extraction sees them: a word broken anywhere is joined whole, a compound keeps
its hyphen (the rule is ingest.hyphenation.HyphenJoiner's; extraction's verbatim agenda and decisions
depend on it)."""

from __future__ import annotations

import pymorphy3
import pytest

from ingest.hyphenation import HyphenJoiner


@pytest.fixture(scope="module")
def joiner() -> HyphenJoiner:
    return HyphenJoiner(pymorphy3.MorphAnalyzer())


@pytest.mark.parametrize(
    ("upper", "lower", "expected"),
    [
        # Fragments pymorphy3 only guesses at are not the halves of a compound.
        ("получили неудовлетво-", "рительные оценки", ("получили неудовлетворительные", "оценки")),
        ("признать удовлетво-", "рительной работу", ("признать удовлетворительной", "работу")),
        ("по неудовлетворитель-", "ным результатам", ("по неудовлетворительным", "результатам")),
        ("для самостоятель-", "ной работы", ("для самостоятельной", "работы")),
        # Real compounds of two words keep their hyphen.
        ("организационно-", "методическое сопровождение", ("организационно-методическое", "сопровождение")),
        ("физкультурно-", "оздоровительной работы", ("физкультурно-оздоровительной", "работы")),
        ("эмоционально-", "волевой сферы", ("эмоционально-волевой", "сферы")),
        ("психолого-", "педагогического консилиума", ("психолого-педагогического", "консилиума")),
        # A noun's stem and a noun are one solid word, even one the dictionary lacks.
        ("нарушения звуко-", "произношения у детей", ("нарушения звукопроизношения", "у детей")),
        ("режим видео-", "конференции", ("режим видеоконференции", "")),
        ("умножение четырех-", "значного числа", ("умножение четырехзначного", "числа")),
        ("на внутри-", "школьном контроле", ("на внутришкольном", "контроле")),
        ("меж-", "районного семинара", ("межрайонного", "семинара")),
    ],
)
def test_broken_words_and_compounds(joiner, upper, lower, expected):
    assert joiner.join(upper, lower) == expected
