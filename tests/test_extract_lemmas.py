"""The lemmatizer search shares with extraction: lowercase lemmas, ё folded; a lone letter is itself."""

from __future__ import annotations

import pymorphy3
import pytest

from extract.lemmas import Lemmatizer


@pytest.fixture(scope="module")
def lemmatizer() -> Lemmatizer:
    return Lemmatizer(pymorphy3.MorphAnalyzer())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Initials stay letters (pymorphy3 alone reads "Д" as "далее", "Т" as "так", "Е" as "быть").
        ("Д.Т. Ершову", "д т ершов"),
        ("Е.Ш. Кох", "е ш кох"),
        ("т.е. и т.д.", "т е и т д"),
        ("пункт а) и б)", "пункт а и б"),
        ("Ё", "е"),
        # Everything else as before: words to their lemma, numbers and Latin as written.
        ("Заслушали методистов", "заслушать методист"),
        ("СОШ №5 и Zoom", "сош 5 и zoom"),
        ("ещё", "ещё".replace("ё", "е")),
    ],
)
def test_lemmatize(lemmatizer, text, expected):
    assert lemmatizer.lemmatize(text) == expected


def test_single_letter_tokens_keep_their_offsets(lemmatizer):
    assert lemmatizer.tokens("В.Д. Петров") == [("в", 0, 1), ("д", 2, 3), ("петров", 5, 11)]
