"""The synthetic protocol generator: deterministic per seed, varied, Russian that reads right, and
files the readers can read. Its speed is measured by bench/generate_speed.py, not asserted here."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
from collections import Counter

import pymorphy3
import pytest

from corpus.generate import FORMATS, format_date, generate_protocol, iter_protocols, main
from corpus.generate_names import (
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMIC_STEMS,
    given_name_forms,
    patronymic_forms,
    surname_forms,
)
from corpus.generate_schools import ALL_SCHOOLS, MUNICIPALITIES
from ingest.reading import read_file

SAMPLE = 200


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def sample():
    return list(iter_protocols(SAMPLE, seed=2024))


@pytest.fixture(scope="module")
def morph():
    return pymorphy3.MorphAnalyzer()


def test_same_seed_and_index_give_the_same_protocol():
    first = [generate_protocol(7, i) for i in range(40)]
    again = list(iter_protocols(40, seed=7))
    assert [(p.text, p.meta, p.filename_stem) for p in first] == [(p.text, p.meta, p.filename_stem) for p in again]
    # a protocol does not depend on the ones generated before it
    assert generate_protocol(7, 33).text == first[33].text
    assert list(iter_protocols(5, seed=7, start=30))[3].text == first[33].text
    # a Random instance is drawn from as is
    assert generate_protocol(random.Random(5), 1).text == generate_protocol(random.Random(5), 1).text


def test_other_seeds_give_other_protocols():
    texts = {generate_protocol(seed, 0).text for seed in range(20)}
    assert len(texts) == 20
    assert generate_protocol(7, 1).text != generate_protocol(7, 2).text
    assert generate_protocol("7", 1).text == generate_protocol(7, 1).text  # the seed is used as its text


def test_variety_in_a_sample(sample):
    meta = [p.meta for p in sample]
    assert len(Counter(m["kind"] for m in meta)) >= 12
    assert len(Counter(m["doc_type"] for m in meta)) >= 25
    assert len(Counter(m["style"]["date"] for m in meta)) >= 8
    assert len(Counter(m["style"]["header"] for m in meta)) >= 6
    assert len(Counter(m["style"]["attendance"] for m in meta)) >= 6
    assert len(Counter(m["style"]["decisions"] for m in meta)) >= 6
    assert len(Counter(m["style"]["number"] for m in meta)) >= 4
    assert {m["format"] for m in meta} >= {None, "очно", "ВКС", "онлайн"}
    assert {m["municipality"] for m in meta} == {m.key for m in MUNICIPALITIES}
    assert len({key for m in meta for key in m["school_keys"]}) >= 150
    assert len({name for m in meta for name in m["participants"]}) >= 600
    assert {"flattened", "ocr", "truncated"} <= {part for m in meta for part in m["noise"].split("+")}
    lengths = sorted(len(p.text) for p in sample)
    assert lengths[0] < 1500 and lengths[-1] > 9000, (lengths[0], lengths[-1])  # half a page … several pages
    assert all(len(set(m["agenda"])) == len(m["agenda"]) for m in meta), "no agenda item twice"
    years = {m["date"][:4] for m in meta}
    assert len(years) >= 15 and min(years) >= "2010" and max(years) <= "2026"
    measures = Counter(d["measure"] for m in meta for d in m["decisions"])
    assert len(measures) >= 40
    # one measure, several wordings
    wordings = {d["text"] for m in meta for d in m["decisions"] if d["measure"] == "accept_information"}
    assert len({w.split(" ")[0] for w in wordings}) >= 2


def test_meta_is_what_the_text_says(sample):
    checked = 0
    for protocol in sample:
        meta, flat = protocol.meta, squash(protocol.text)
        if "truncated" in meta["noise"]:
            continue
        checked += 1
        values = [*meta["agenda"], *meta["schools"], *(d["text"] for d in meta["decisions"])]
        values += [d["deadline"] for d in meta["decisions"] if "deadline" in d]
        values += [meta[key] for key in ("number", "organization") if meta[key]]
        for value in values:
            assert squash(value) in flat, (protocol.filename_stem, value)
        date = dt.date.fromisoformat(meta["date"])
        written = format_date(date, meta["style"]["date"])
        if meta["noise"] == "ocr":
            written = written.replace(" г.", "г.")
        assert written in protocol.text, (protocol.filename_stem, written)
        for name in meta["participants"] + [s["name"] for s in meta["speakers"]]:
            for part in name.split(" ")[0].split("-"):  # "Белявская-Сидорова" → "Белявскую-Сидорову"
                assert part[: max(3, len(part) - 2)] in protocol.text, (protocol.filename_stem, name)
        positions = [flat.find(squash(name)) for name in meta["schools"]]
        assert positions == sorted(positions), "organizations are listed in order of first mention"
    assert checked > SAMPLE * 0.8


CASE_TAGS = {"gen": "gent", "dat": "datv", "acc": "accs"}


def declines_as_dictionary_says(morph, forms: tuple[str, ...], grammeme: str) -> list[str]:
    """The oblique forms pymorphy3 does not read as that case of the same name (empty: all right)."""
    wrong = []
    for case, form in zip(("gen", "dat", "acc"), forms[1:]):
        readings = [p for p in morph.parse(form) if CASE_TAGS[case] in p.tag and grammeme in p.tag]
        if not any((p.inflect({"nomn"}) or p).word == forms[0].lower() for p in readings):
            wrong.append(f"{case}: {form}")
    return wrong


@pytest.mark.parametrize("name", FEMALE_NAMES + MALE_NAMES)
def test_given_names_decline_as_the_dictionary_says(morph, name):
    assert not declines_as_dictionary_says(morph, given_name_forms(name), "Name")


@pytest.mark.parametrize("stem", PATRONYMIC_STEMS)
@pytest.mark.parametrize("gender", ["m", "f"])
def test_patronymics_decline_as_the_dictionary_says(morph, stem, gender):
    assert not declines_as_dictionary_says(morph, patronymic_forms(stem, gender), "Patr")


@pytest.mark.parametrize(
    ("male", "female", "kind", "gender", "expected"),
    [
        ("Иванов", "Иванова", "ov", "f", ("Иванова", "Ивановой", "Ивановой", "Иванову")),
        ("Иванов", "Иванова", "ov", "m", ("Иванов", "Иванова", "Иванову", "Иванова")),
        ("Лозинский", "Лозинская", "sky", "f", ("Лозинская", "Лозинской", "Лозинской", "Лозинскую")),
        ("Лозинский", "Лозинская", "sky", "m", ("Лозинский", "Лозинского", "Лозинскому", "Лозинского")),
        ("Лозовой", "Лозовая", "sky", "m", ("Лозовой", "Лозового", "Лозовому", "Лозового")),
        ("Осадчий", "Осадчая", "soft_adj", "f", ("Осадчая", "Осадчей", "Осадчей", "Осадчую")),
        ("Мазур", "Мазур", "cons", "m", ("Мазур", "Мазура", "Мазуру", "Мазура")),
        ("Мазур", "Мазур", "cons", "f", ("Мазур",) * 4),
        ("Бондарь", "Бондарь", "cons", "m", ("Бондарь", "Бондаря", "Бондарю", "Бондаря")),
        ("Шевченко", "Шевченко", "indecl", "m", ("Шевченко",) * 4),
        ("Седых", "Седых", "indecl", "f", ("Седых",) * 4),
        ("Сорока", "Сорока", "a", "f", ("Сорока", "Сороки", "Сороке", "Сороку")),
        ("Шульга", "Шульга", "a", "m", ("Шульга", "Шульги", "Шульге", "Шульгу")),
        ("Цыбуля", "Цыбуля", "a", "f", ("Цыбуля", "Цыбули", "Цыбуле", "Цыбулю")),
    ],
)
def test_surnames_decline_by_their_class(male, female, kind, gender, expected):
    assert surname_forms(male, female, kind, gender) == expected


FULL_NAME = r"[А-ЯЁ][а-яё]+(?:-[А-ЯЁ][а-яё]+)? ([А-ЯЁ][а-яё]+) ([А-ЯЁ][а-яё]+(?:вич|вна|вича|вичу|вны|вне|вну|ична|ичну|ичны|ичне|ьича|ьичу))\b"
SPEAKER_CASES = {
    "accs": re.compile(r"(?<![А-Яа-я])(?:Слушали:|слушали) (?!информацию)(?:[а-яё-]+ ){0,4}?" + FULL_NAME),
    "datv": re.compile(r"Слово предоставили (?:[а-яё-]+ ){1,4}?" + FULL_NAME),
    "gent": re.compile(r"(?:Заслушали доклад|Слушали: информацию) (?:[а-яё-]+ ){1,4}?" + FULL_NAME),
}


def test_speaker_mentions_use_the_case_of_their_construction(sample, morph):
    """The given name and patronymic of a full-name mention after "Слушали:", "Слово
    предоставили", "Заслушали доклад" are, for pymorphy3, in the accusative, dative or genitive.
    (Surnames are checked by class in the table above: the dictionary does not know most of them.)"""
    seen, wrong = Counter(), []
    for protocol in sample:
        for case, pattern in SPEAKER_CASES.items():
            for match in pattern.finditer(protocol.text):
                seen[case] += 1
                for word, grammeme in ((match.group(1), "Name"), (match.group(2), "Patr")):
                    if not any(case in p.tag and grammeme in p.tag for p in morph.parse(word)):
                        wrong.append((case, match.group()))
    assert min(seen.values()) >= 5 and len(seen) == 3, seen
    assert not wrong, wrong[:10]


def test_pool_of_organizations():
    assert 280 <= len(ALL_SCHOOLS) <= 400
    keys = [s.key for s in ALL_SCHOOLS]
    assert len(set(keys)) == len(keys)
    kinds = Counter(s.kind for s in ALL_SCHOOLS)
    assert set(kinds) == {"school", "gymnasium", "lyceum", "kindergarten", "additional"}
    for school in ALL_SCHOOLS:
        assert school.full.startswith("Муниципальное ") and school.full_genitive.startswith("Муниципального ")
        assert school.spellings[0].count("«") == school.spellings[0].count("»")


def test_cli_writes_readable_files(tmp_path):
    assert main(["--count", "8", "--seed", "5", "--out", str(tmp_path), "--format", "mix", "--meta"]) == 0
    metas = [json.loads(line) for line in (tmp_path / "meta.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(metas) == 8
    suffixes = Counter(name.rsplit(".", 1)[1] for name in (m["file"] for m in metas))
    assert set(suffixes) == {"txt", "docx", "pdf"}
    for meta in metas:
        path = tmp_path / meta["file"]
        text = path.read_text(encoding="utf-8") if path.suffix == ".txt" else read_file(path).text
        flat = squash(text)
        if meta["noise"] == "none":
            for item in meta["agenda"]:
                assert squash(item) in flat, (path.name, item)
    assert set(FORMATS) == {"txt", "docx", "pdf", "mix"}


def test_cli_is_deterministic(tmp_path):
    for run in ("a", "b"):
        main(["--count", "5", "--seed", "9", "--out", str(tmp_path / run), "--format", "docx"])
    names = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert names == sorted(p.name for p in (tmp_path / "b").iterdir()) and len(names) == 5
    for name in names:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
