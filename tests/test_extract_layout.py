"""Page furniture: running headers, footers and page numbers are no part of a protocol's content."""

from __future__ import annotations

import re

import pytest

from extract.layout import furniture, mask_furniture
from ingest.reading import protocol_from_text

HEAD = "МБОУ «СОШ № 4»\n\nПРОТОКОЛ № 7\nзаседания педагогического совета\nот 28.02.2022\n\n" + "Присутствовали: 20 человек.\n" * 20


@pytest.mark.parametrize(
    ("page_break", "furniture_lines"),
    [
        ("\n                                                   Стр. 1 из 3\n\nМБОУ «СОШ № 4», протокол № 7 от 28.02.2022\n",
         ["Стр. 1 из 3", "МБОУ «СОШ № 4», протокол № 7 от 28.02.2022"]),
        ("\n                              - 2 -\n", ["- 2 -"]),
        ("\n                                        3\n________________________________\nПротокол педсовета № 7\n",
         ["3", "________________________________", "Протокол педсовета № 7"]),
    ],
)
def test_page_furniture_lines(page_break, furniture_lines):
    text = HEAD + "Решили:\n1. Утвердить план работы на\n" + page_break + "март.\n2. Принять к сведению."
    assert [text[s:e].strip() for s, e in furniture(text)] == furniture_lines
    masked = mask_furniture(text)
    assert len(masked) == len(text)
    # the page broke a sentence: it reads on over one line break, as a wrapped line does
    assert re.search(r"на\s*\nмарт\.", masked) and re.search(r"работы на \s*\n", masked)


def test_lines_like_furniture_in_the_body_stay():
    text = HEAD + "Решили:\n1. Утвердить протокол № 3 от 12.01.2022 заседания комиссии.\n2. Провести 2 семинара."
    assert furniture(text) == []


def test_a_decision_broken_by_a_page_goes_on(extractor):
    text = (HEAD + "Повестка дня:\n1. О плане.\n\nСлушали: Иванову И.И.\nРешили:\n1. Утвердить план работы\n"
            "                                                   Страница 1 из 2\n"
            "______________________________________________\nМБОУ «СОШ № 4». Протокол № 7 от 28.02.2022\n\n"
            "на март.\n2. Принять к сведению.")
    protocol = extractor.extract(protocol_from_text(text, "case.txt"))
    assert [d.text for d in protocol.decisions] == ["Утвердить план работы на март.", "Принять к сведению."]
    first = protocol.decisions[0]
    assert text[first.span.start:first.span.end].startswith("Утвердить план работы")
    assert [s.name for s in protocol.schools] == ["МБОУ «СОШ № 4»"]


def test_a_running_header_at_a_readers_page_break():
    page_two = len(HEAD) + len("Решили:\n1. Утвердить план работы\n")
    text = HEAD + "Решили:\n1. Утвердить план работы\nПротокол № 7 от 28.02.2022, стр. 2\nна март."
    assert [text[s:e] for s, e in furniture(text, (page_two,))] == ["Протокол № 7 от 28.02.2022, стр. 2"]


def test_a_footer_with_the_title_and_the_page_on_one_line():
    text = HEAD + "Решили:\n1. Утвердить план работы\nПротокол № 7 от 28.02.2022                стр. 1 из 2\nна март."
    assert [text[s:e].strip() for s, e in furniture(text)] == ["Протокол № 7 от 28.02.2022                стр. 1 из 2"]


@pytest.mark.parametrize(
    ("footer", "is_furniture"),
    [
        # the title repeated with a bare page number pushed right
        ("Протокол № 7 педагогического совета МБОУ «СОШ № 4»        3", True),
        ("Протокол № 7 от 28.02.2022\t2", True),
        # a body line naming the protocol with a number at its end, no gap before it: it stays
        ("Протокол № 7 подписан всеми 3", False),
        # a gap before a number on a line that does not repeat the title: it stays
        ("Протокол № 12 комиссии        3", False),
    ],
)
def test_a_footer_with_the_title_and_a_bare_page_number(footer, is_furniture):
    text = HEAD + "Решили:\n1. Утвердить план работы.\n\n\n" + footer + "\n\n\n2. Принять к сведению."
    assert [text[s:e].strip() for s, e in furniture(text)] == ([footer] if is_furniture else [])
