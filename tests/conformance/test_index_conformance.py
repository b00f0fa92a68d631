"""What every SearchIndex backend must do, checked on a few small protocols whose every fact is known,
and on the gold corpus for scale. Assertions are on behaviour (which documents, in which order, with
which counts), never on a backend's internals or raw scores."""

from __future__ import annotations

import datetime as dt

import pytest

from search_api.index.base import (
    FacetRequest,
    Filters,
    IndexedProtocol,
    Level,
    SearchIndex,
    SearchRequest,
)
from tests.conformance.conftest import make_protocol

TEXTS = {
    "A": (
        "Педагогический совет. Школа № 1.\n"
        "Повестка дня: Об олимпиаде школьников.\n"
        "Слушали: Иванова А.А.\n"
        "Решили: Информацию принять к сведению. Провести школьный этап олимпиады."
    ),
    "B": (
        "Педагогический совет. Школа № 1, Школа № 2.\n"
        "Повестка дня: О разном.\n"
        "Выступили учителя: учёт успеваемости, развитие наставничества, подготовка команды к олимпиаде "
        "по математике в будущем году.\n"
        "Решили: Принять к сведению и использованию в работе рассмотренную информацию."
    ),
    "C": (
        "Совещание директоров. Школа № 2.\n"
        "Повестка дня: О наставниках.\n"
        "Наставники назначены приказом. Учет & контроль <важно>.\n"
        "Решили: Назначить наставников молодым педагогам."
    ),
    "D": "Протокол без даты. Информацию принять к сведению.",
}


@pytest.fixture(scope="module")
def small(corpus) -> dict[str, IndexedProtocol]:
    """Four protocols: A and B (педсоветы 2021), C (совещание 2022), D (no date)."""
    records = {
        "A": make_protocol(
            TEXTS["A"], date="2021-01-20", kind="Педагогический совет", schools=["Школа № 1"],
            agenda=["Об олимпиаде школьников."], speakers=["Иванова А.А."], participants=["Иванова А.А."],
            decisions=[("Информацию принять к сведению.", None), ("Провести школьный этап олимпиады.", "Заместитель директора")],
        ),
        "B": make_protocol(
            TEXTS["B"], date="2021-03-05", kind="Педагогический совет", schools=["Школа № 1", "Школа № 2"],
            agenda=["О разном."],
            decisions=[("Принять к сведению и использованию в работе рассмотренную информацию.", None)],
        ),
        "C": make_protocol(
            TEXTS["C"], date="2022-09-01", kind="Совещание директоров", schools=["Школа № 2"],
            agenda=["О наставниках."], decisions=[("Назначить наставников молодым педагогам.", "Школа № 2")],
        ),
        "D": make_protocol(TEXTS["D"], decisions=[("Информацию принять к сведению.", None)]),
    }
    return {name: corpus.documents(record) for name, record in records.items()}


@pytest.fixture
def index(search_index: SearchIndex, small) -> SearchIndex:
    search_index.index(small.values())
    search_index.refresh()
    return search_index


def names(small, ids) -> list[str]:
    by_id = {doc.id: name for name, doc in small.items()}
    return [by_id[i] for i in ids]


def found(index, small, text=None, parse=None, level=Level.PROTOCOLS, **request) -> list[str]:
    query = parse(text) if text is not None else None
    result = index.search(SearchRequest(level=level, query=query, limit=50, **request))
    if level is Level.PROTOCOLS:
        return names(small, [h.id for h in result.hits])
    return [h.id for h in result.hits]


def as_set(index, small, parse, text, **request) -> set[str]:
    return set(found(index, small, text, parse, **request))


# ---------------------------------------------------------------- documents in and out


def test_counts_and_get_round_trip(index, small):
    assert index.count(Level.PROTOCOLS) == 4
    assert index.count(Level.DECISIONS) == 5
    doc = small["A"].protocol
    got = index.get(doc.id)
    assert got is not None
    assert got.id == doc.id and got.protocol_id == doc.id and got.date == dt.date(2021, 1, 20)
    assert {f: [(k.key, k.label) for k in v] for f, v in got.keywords.items() if v} == {
        f: [(k.key, k.label) for k in v] for f, v in doc.keywords.items() if v
    }
    for name, field in doc.fields.items():
        assert got.fields[name].text == field.text
        assert got.fields[name].lemmas == field.lemmas
        assert got.fields[name].starts == field.starts and got.fields[name].ends == field.ends
    assert got.display == doc.display
    decision = small["A"].decisions[1]
    got_decision = index.get(decision.id, Level.DECISIONS)
    assert got_decision is not None and got_decision.display["text"] == "Провести школьный этап олимпиады."
    assert index.get("0000000000000000") is None


def test_indexing_again_replaces_the_protocol_and_its_decisions(index, small, corpus):
    bundle = small["A"]
    index.index([IndexedProtocol(bundle.protocol, bundle.decisions[:1])])
    index.refresh()
    assert index.count(Level.PROTOCOLS) == 4
    assert index.count(Level.DECISIONS) == 4
    assert index.get(bundle.decisions[1].id, Level.DECISIONS) is None


def test_delete_removes_a_protocol_with_its_decisions(index, small, parse):
    assert index.delete(small["A"].id) is True
    index.refresh()
    assert index.count(Level.PROTOCOLS) == 3 and index.count(Level.DECISIONS) == 3
    assert "A" not in as_set(index, small, parse, "олимпиада")
    assert found(index, small, "олимпиада", parse, level=Level.DECISIONS) == []
    assert index.delete(small["A"].id) is False


def test_clear_empties_both_levels(index):
    index.clear()
    index.refresh()
    assert index.count(Level.PROTOCOLS) == 0 and index.count(Level.DECISIONS) == 0
    assert index.search(SearchRequest()).total == 0


# ---------------------------------------------------------------- full text


def test_morphology_finds_other_forms(index, small, parse):
    assert as_set(index, small, parse, "наставничества") == {"B"}
    assert as_set(index, small, parse, "наставничество") == {"B"}
    assert as_set(index, small, parse, "олимпиадами") == {"A", "B"}
    assert as_set(index, small, parse, "наставник") == {"C"}


def test_yo_and_ye_are_one_letter(index, small, parse):
    assert as_set(index, small, parse, "учёт") == {"B", "C"}
    assert as_set(index, small, parse, "учет") == {"B", "C"}


def test_phrases_need_adjacent_words_in_order(index, small, parse):
    assert as_set(index, small, parse, '"принять к сведению"') == {"A", "B", "D"}
    assert as_set(index, small, parse, '"к сведению принять"') == set()
    assert as_set(index, small, parse, "к сведению принять") == {"A", "B", "D"}
    assert as_set(index, small, parse, '"школьного этапа олимпиады"') == {"A"}


def test_prefix_matches_word_beginnings(index, small, parse):
    assert as_set(index, small, parse, "настав*") == {"B", "C"}
    assert as_set(index, small, parse, "олимп*") == {"A", "B"}


def test_and_is_the_default_or_and_not_combine(index, small, parse):
    assert as_set(index, small, parse, "олимпиада математика") == {"B"}
    assert as_set(index, small, parse, "олимпиада OR наставник") == {"A", "B", "C"}
    assert as_set(index, small, parse, "олимпиада ИЛИ наставник") == {"A", "B", "C"}
    assert as_set(index, small, parse, "сведение -олимпиада") == {"D"}
    assert as_set(index, small, parse, "сведение NOT олимпиада") == {"D"}
    assert as_set(index, small, parse, "-олимпиада") == {"C", "D"}
    assert as_set(index, small, parse, "(олимпиада OR наставник) -математика") == {"A", "C"}
    assert as_set(index, small, parse, "несуществующееслово") == set()


def test_agenda_and_decisions_outrank_the_body(index, small, parse):
    # A has "олимпиада" in its agenda and a decision, B only once in the body.
    assert found(index, small, "олимпиада", parse) == ["A", "B"]
    result = index.search(SearchRequest(query=parse("олимпиада")))
    assert result.hits[0].score is not None and result.hits[0].score > result.hits[1].score


def test_snippets_mark_the_original_words(index, small, parse):
    hit = index.search(SearchRequest(query=parse("наставничество"))).hits[0]
    (highlight,) = hit.highlights
    body = small["B"].protocol.fields["body"].text
    assert "<mark>наставничества</mark>" in highlight.snippet
    assert [body[s:e] for s, e in highlight.matches] == ["наставничества"]

    hit = index.search(SearchRequest(query=parse("учёт наставник"), filters=Filters({"school": ("школа № 2",)}))).hits
    snippet = next(h for h in hit if h.id == small["C"].id).highlights[0].snippet
    assert "<mark>Учет</mark> &amp; контроль &lt;важно&gt;" in snippet
    assert "<mark>Наставники</mark>" in snippet

    hit = index.search(SearchRequest(query=parse("настав*"), filters=Filters({"school": ("школа № 2",)}), limit=5)).hits
    marked = {m for h in hit for m in h.highlights[0].snippet.split("<mark>")[1:]}
    assert {m.split("</mark>")[0] for m in marked} >= {"наставничества", "Наставники"}

    # A decision matches on its own text first, then through the agenda item it was taken under.
    in_text, under_item = index.search(SearchRequest(level=Level.DECISIONS, query=parse("олимпиада"))).hits
    assert in_text.id == small["A"].decisions[1].id and under_item.id == small["A"].decisions[0].id
    assert [(h.field, h.snippet) for h in in_text.highlights] == [("text", "Провести школьный этап <mark>олимпиады</mark>.")]
    assert [(h.field, h.snippet) for h in under_item.highlights] == [("agenda", "Об <mark>олимпиаде</mark> школьников.")]
    assert index.search(SearchRequest(query=parse("олимпиада"), highlight=False)).hits[0].highlights == []


# ---------------------------------------------------------------- filters, sorting, pages


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters({"school": ("школа № 2",)}), {"B", "C"}),
        (Filters({"school": ("школа № 1", "школа № 2")}), {"A", "B", "C"}),
        (Filters({"school": ("школа № 1",), "kind": ("совещание директоров",)}), set()),
        (Filters({"kind": ("педагогический совет",)}), {"A", "B"}),
        (Filters({"speaker": ("Иванова А.А.",)}), {"A"}),
        (Filters({"participant": ("Иванова А.А.",)}), {"A"}),
        (Filters({"year": ("2021",)}), {"A", "B"}),
        (Filters({"month": ("2021-03",)}), {"B"}),
        (Filters({"school": ("нет такой",)}), set()),
        (Filters(date_from=dt.date(2021, 3, 5)), {"B", "C"}),
        (Filters(date_to=dt.date(2021, 3, 5)), {"A", "B"}),
        (Filters(date_from=dt.date(2021, 1, 21), date_to=dt.date(2022, 8, 31)), {"B"}),
    ],
)
def test_filters(index, small, filters, expected):
    result = index.search(SearchRequest(filters=filters, limit=50))
    assert set(names(small, [h.id for h in result.hits])) == expected
    assert result.total == len(expected)


def test_filters_combine_with_the_query(index, small, parse):
    assert as_set(index, small, parse, "сведение", filters=Filters({"school": ("школа № 1",)})) == {"A", "B"}


def test_sorting_by_date_puts_undated_last(index, small, parse):
    assert found(index, small, sort="date_desc") == ["C", "B", "A", "D"]
    assert found(index, small, sort="date_asc") == ["A", "B", "C", "D"]
    # No query: relevance means newest first.
    assert found(index, small) == ["C", "B", "A", "D"]
    assert found(index, small, '"принять к сведению"', parse, sort="date_asc") == ["A", "B", "D"]


def test_pages_are_stable_and_do_not_overlap(index, small):
    first = index.search(SearchRequest(sort="date_desc", limit=2))
    second = index.search(SearchRequest(sort="date_desc", offset=2, limit=2))
    assert first.total == second.total == 4
    assert names(small, [h.id for h in first.hits]) == ["C", "B"]
    assert names(small, [h.id for h in second.hits]) == ["A", "D"]
    assert index.search(SearchRequest(offset=4, limit=2)).hits == []
    nothing = index.search(SearchRequest(limit=0))
    assert nothing.total == 4 and nothing.hits == []


def test_date_range_of_the_matches(index):
    result = index.search(SearchRequest(limit=0))
    assert (result.date_min, result.date_max) == (dt.date(2021, 1, 20), dt.date(2022, 9, 1))
    result = index.search(SearchRequest(limit=0, filters=Filters({"school": ("школа № 1",)})))
    assert (result.date_min, result.date_max) == (dt.date(2021, 1, 20), dt.date(2021, 3, 5))


def test_scan_returns_every_match_in_order(index, small, parse):
    hits = list(index.scan(SearchRequest(sort="date_asc", limit=1)))
    assert names(small, [h.id for h in hits]) == ["A", "B", "C", "D"]
    assert all(h.highlights == [] for h in hits)
    decisions = list(index.scan(SearchRequest(level=Level.DECISIONS, query=parse("сведение"), sort="date_asc")))
    assert [h.protocol_id for h in decisions] == [small["A"].id, small["B"].id, small["D"].id]
    assert decisions[0].display["text"] == "Информацию принять к сведению."


# ---------------------------------------------------------------- facets


def buckets(result, field):
    return [(b.key, b.count) for b in result.facets[field].buckets]


def test_facet_counts_order_and_labels(index):
    result = index.search(SearchRequest(limit=0, facets=(
        FacetRequest("school"), FacetRequest("kind"), FacetRequest("year", order="key"), FacetRequest("speaker"),
    )))
    assert buckets(result, "school") == [("школа № 1", 2), ("школа № 2", 2)]
    assert [b.label for b in result.facets["school"].buckets] == ["Школа № 1", "Школа № 2"]
    assert buckets(result, "kind") == [("педагогический совет", 2), ("совещание директоров", 1)]
    assert buckets(result, "year") == [("2021", 2), ("2022", 1)]
    assert buckets(result, "speaker") == [("Иванова А.А.", 1)]
    assert result.facets["school"].distinct == 2 and result.facets["school"].other == 0


def test_facet_counts_follow_the_other_filters_but_not_their_own(index):
    result = index.search(SearchRequest(
        filters=Filters({"school": ("школа № 2",)}), limit=0,
        facets=(FacetRequest("school"), FacetRequest("year", order="key"), FacetRequest("kind")),
    ))
    assert result.total == 2
    # Its own filter does not narrow the school facet: other schools stay selectable.
    assert buckets(result, "school") == [("школа № 1", 2), ("школа № 2", 2)]
    assert buckets(result, "year") == [("2021", 1), ("2022", 1)]
    assert buckets(result, "kind") == [("педагогический совет", 1), ("совещание директоров", 1)]

    result = index.search(SearchRequest(
        filters=Filters({"school": ("школа № 2",), "year": ("2021",)}), limit=0,
        facets=(FacetRequest("school"), FacetRequest("year", order="key")),
    ))
    assert result.total == 1
    assert buckets(result, "school") == [("школа № 1", 2), ("школа № 2", 1)]
    assert buckets(result, "year") == [("2021", 1), ("2022", 1)]


def test_facets_follow_the_query(index, parse):
    result = index.search(SearchRequest(query=parse("олимпиада"), limit=0, facets=(FacetRequest("school"),)))
    assert buckets(result, "school") == [("школа № 1", 2), ("школа № 2", 1)]


def test_facet_size_is_capped_and_the_rest_counted(index):
    result = index.search(SearchRequest(limit=0, facets=(FacetRequest("kind", size=1),)))
    assert buckets(result, "kind") == [("педагогический совет", 2)]
    assert result.facets["kind"].other == 1 and result.facets["kind"].distinct == 2
    result = index.search(SearchRequest(limit=0, facets=(FacetRequest("kind", size=5, include=("совещание директоров",)),)))
    assert buckets(result, "kind") == [("совещание директоров", 1)]


def test_facets_alone(index):
    facets = index.facets(Level.PROTOCOLS, [FacetRequest("month", order="key")])
    assert [(b.key, b.count) for b in facets["month"].buckets] == [("2021-01", 1), ("2021-03", 1), ("2022-09", 1)]


# ---------------------------------------------------------------- decisions and measures


def test_decisions_inherit_date_kind_and_schools(index, small, parse):
    result = index.search(SearchRequest(
        level=Level.DECISIONS, filters=Filters({"school": ("школа № 1",)}), sort="date_asc", limit=10,
        facets=(FacetRequest("responsible"), FacetRequest("kind"), FacetRequest("protocol")),
    ))
    assert [h.id for h in result.hits] == [d.id for d in (*small["A"].decisions, *small["B"].decisions)]
    assert result.hits[0].date == dt.date(2021, 1, 20)
    assert buckets(result, "responsible") == [("заместитель директора", 1)]
    assert buckets(result, "kind") == [("педагогический совет", 3)]
    assert result.facets["protocol"].distinct == 2
    # C's decision names Школа № 2 as its responsible party.
    result = index.search(SearchRequest(level=Level.DECISIONS, filters=Filters({"responsible": ("школа № 2",)})))
    assert [h.protocol_id for h in result.hits] == [small["C"].id]


def test_decisions_of_one_protocol(index, small):
    result = index.search(SearchRequest(level=Level.DECISIONS, filters=Filters({"protocol": (small["A"].id,)}), sort="date_asc"))
    assert [h.display["ordinal"] for h in result.hits] == [1, 2]


def test_measure_timeline_from_decision_facets(index, small):
    key = small["A"].decisions[0].keywords["measure"][0].key
    assert small["B"].decisions[0].keywords["measure"][0].key == key
    assert small["D"].decisions[0].keywords["measure"][0].key == key
    result = index.search(SearchRequest(
        level=Level.DECISIONS, filters=Filters({"measure": (key,)}), sort="date_asc", limit=10,
        facets=(FacetRequest("year", order="key"), FacetRequest("month", order="key"), FacetRequest("school"),
                FacetRequest("protocol", size=1), FacetRequest("measure")),
    ))
    assert result.total == 3
    assert [h.protocol_id for h in result.hits] == [small["A"].id, small["B"].id, small["D"].id]
    assert buckets(result, "year") == [("2021", 2)]
    assert buckets(result, "month") == [("2021-01", 1), ("2021-03", 1)]
    assert buckets(result, "school") == [("школа № 1", 2), ("школа № 2", 1)]
    assert result.facets["protocol"].distinct == 3
    assert (result.date_min, result.date_max) == (dt.date(2021, 1, 20), dt.date(2021, 3, 5))
    assert result.facets["measure"].buckets[0].key == key and result.facets["measure"].buckets[0].count == 3
    protocols = index.search(SearchRequest(filters=Filters({"measure": (key,)})))
    assert protocols.total == 3


# ---------------------------------------------------------------- at the scale of the gold corpus


def test_gold_corpus(search_index, gold_documents, parse):
    search_index.index(gold_documents)
    search_index.refresh()
    assert search_index.count(Level.PROTOCOLS) == len(gold_documents)
    assert search_index.count(Level.DECISIONS) == sum(len(d.decisions) for d in gold_documents)
    query = parse("наставничество")
    result = search_index.search(SearchRequest(query=query, limit=100, facets=(FacetRequest("year", size=100),)))
    expected = {d.id for d in gold_documents if "наставничество" in d.protocol.fields["body"].lemmas}
    assert {h.id for h in result.hits} == expected and result.total == len(expected) > 2
    by_id = {d.id: d for d in gold_documents}
    for hit in result.hits:
        body = by_id[hit.id].protocol.fields["body"].text
        assert hit.highlights and all(body[s:e].lower().startswith("наставничеств") for s, e in hit.highlights[0].matches)
    dated = sum(1 for h in result.hits if h.date)
    assert sum(b.count for b in result.facets["year"].buckets) == dated
    everything = search_index.search(SearchRequest(limit=0, facets=(FacetRequest("year", size=100),)))
    assert everything.total == len(gold_documents)


def test_searches_see_every_later_change(search_index, small, parse):
    """Facets, filters and text stay right while documents come and go between searches."""
    search_index.index([small["A"], small["B"]])
    search_index.refresh()
    facets = (FacetRequest("school"), FacetRequest("year", order="key"))
    first = search_index.search(SearchRequest(limit=10, facets=facets))
    assert first.total == 2 and buckets(first, "school") == [("школа № 1", 2), ("школа № 2", 1)]

    search_index.index([small["C"], small["D"]])
    search_index.refresh()
    second = search_index.search(SearchRequest(limit=10, facets=facets, filters=Filters({"school": ("школа № 2",)})))
    assert second.total == 2 and buckets(second, "year") == [("2021", 1), ("2022", 1)]
    assert buckets(second, "school") == [("школа № 1", 2), ("школа № 2", 2)]
    assert {h.id for h in search_index.search(SearchRequest(query=parse("наставник"))).hits} == {small["C"].id}

    search_index.delete(small["B"].id)
    search_index.index([small["A"]])  # replaced by itself: same documents, new internal ids
    search_index.refresh()
    third = search_index.search(SearchRequest(limit=10, facets=facets, sort="date_asc"))
    assert [h.id for h in third.hits] == [small["A"].id, small["C"].id, small["D"].id]
    assert buckets(third, "school") == [("школа № 1", 1), ("школа № 2", 1)]
    assert buckets(third, "year") == [("2021", 1), ("2022", 1)]
    decisions = search_index.search(SearchRequest(level=Level.DECISIONS, filters=Filters({"school": ("школа № 1",)})))
    assert {h.protocol_id for h in decisions.hits} == {small["A"].id} and decisions.total == 2
