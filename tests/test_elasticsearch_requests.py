"""What the Elasticsearch index would send, checked without a server: the template and mappings, the
query for every kind of query node, filters, facets that leave out their own filter, the date
histogram of measure timelines, snippets, paging, scans, bulk actions and the alias swap.

The conformance suite (tests/conformance) runs the same index against a real cluster when
PROTOCOLS_ES_URL is set; these tests pin the bodies so a change to them is a deliberate one.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from typing import Any

import pymorphy3
import pytest
from elastic_transport import HttpHeaders

from extract.lemmas import Lemmatizer
from protocols.settings import Settings
from search_api.documents import DocumentBuilder
from search_api.index import backend_class
from search_api.index import elasticsearch as es
from search_api.index.base import (
    FACET_FIELDS,
    SEARCH_FIELDS,
    AndQuery,
    FacetRequest,
    Filters,
    IndexedProtocol,
    Level,
    OrQuery,
    PhraseQuery,
    SearchRequest,
    TermQuery,
    query_terms,
)
from search_api.snippets import best_highlight
from tests.conformance.records import gold_record, gold_texts

PROTOCOL_FIELDS = ["lemmas.title", "lemmas.agenda", "lemmas.decisions", "lemmas.body"]


@pytest.fixture(scope="module")
def lemmatizer() -> Lemmatizer:
    return Lemmatizer(pymorphy3.MorphAnalyzer())


@pytest.fixture(scope="module")
def bundles(lemmatizer: Lemmatizer) -> list[IndexedProtocol]:
    """Index documents of the gold protocols, as the service builds them."""
    builder = DocumentBuilder(lemmatizer)
    built = []
    for n, path in enumerate(gold_texts()[:6]):
        record = gold_record(path)
        keys = [f"measure_{i % 3}" if i % 2 == 0 else None for i in range(len(record.decisions))]
        built.append(builder.build(f"{n:016x}", record, keys))
    return built


def term(lemma: str, field: str, boost: float, kind: str = "match") -> dict[str, Any]:
    return {kind: {field: {"query": lemma, "boost": boost}}}


def should(*clauses: dict[str, Any]) -> dict[str, Any]:
    return {"bool": {"should": list(clauses), "minimum_should_match": 1}}


# ---------------------------------------------------------------- template and mappings


def test_the_backend_is_registered() -> None:
    assert backend_class("elasticsearch") is es.ElasticsearchIndex
    assert es.ElasticsearchIndex.name == "elasticsearch"


def test_template_applies_to_both_levels_of_every_generation_of_its_prefix() -> None:
    template = es.index_template("protocols", shards=2, replicas=1, max_result_window=1000)
    assert template["index_patterns"] == ["protocols-v1-*-protocols", "protocols-v1-*-decisions"]
    assert template["version"] == es.MAPPING_VERSION
    settings = template["template"]["settings"]
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == (2, 1)
    assert settings["max_result_window"] == 10_000  # never below what paging and PIT pages need
    assert es.index_template("p", max_result_window=50_000)["template"]["settings"]["max_result_window"] == 50_000
    # A generation's indices match the template; another prefix's do not.
    generation = es.Targets.generation("protocols", es.new_stamp(dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC)))
    assert generation.protocols == "protocols-v1-20250301120000000000-protocols"
    assert generation.labels == "protocols-v1-20250301120000000000-labels"


def test_lemma_analyzer_splits_where_fts5_unicode61_does() -> None:
    analysis = es.index_template("protocols")["template"]["settings"]["analysis"]
    assert analysis == {
        "tokenizer": {"lemma_tokens": {"type": "pattern", "pattern": r"[^\p{L}\p{N}]+"}},
        "analyzer": {"lemmas": {"type": "custom", "tokenizer": "lemma_tokens", "filter": ["lowercase"]}},
    }


def test_mappings_have_lemma_and_russian_text_fields_keyword_facets_and_dates() -> None:
    mappings = es.index_template("protocols")["template"]["mappings"]
    assert mappings["dynamic"] == "strict"
    props = mappings["properties"]
    search_fields = {name for fields in SEARCH_FIELDS.values() for name in fields}
    assert set(props["lemmas"]["properties"]) == search_fields == set(props["text"]["properties"])
    for name in search_fields:
        assert props["lemmas"]["properties"][name] == {"type": "text", "analyzer": "lemmas"}
        assert props["text"]["properties"][name] == {"type": "text", "analyzer": "russian"}
    facet_fields = {name for fields in FACET_FIELDS.values() for name in fields}
    assert set(props["keywords"]["properties"]) == facet_fields
    for name in facet_fields:
        sub = props["keywords"]["properties"][name]["properties"]
        assert sub["key"]["type"] == "keyword" and sub["label"]["type"] == "keyword"
        assert sub["key"]["ignore_above"] * 3 < 32766  # a key never hits Lucene's term limit in UTF-8
    assert props["date"] == {"type": "date", "format": "strict_date"}
    for name in ("id", "protocol_id"):
        assert props[name] == {"type": "keyword"}
    assert props["ordinal"] == {"type": "integer"}
    assert props["offsets"] == {"type": "object", "enabled": False}
    assert props["display"] == {"type": "object", "enabled": False}
    assert props["stored"] == {"type": "object", "enabled": False}


def test_labels_index_keeps_label_unindexed() -> None:
    body = es.labels_index_body(shards=1, replicas=0)
    assert body["mappings"]["properties"]["label"] == {"type": "keyword", "index": False}
    assert body["mappings"]["properties"]["key"]["type"] == "keyword"


def test_lemma_tokens_match_fts5_on_the_corpus(bundles: list[IndexedProtocol]) -> None:
    """The choice between match and match_phrase rests on this: Python's split of a lemma must be
    FTS5 unicode61's (which the ES pattern tokenizer reproduces)."""
    lemmas = sorted({
        lemma for bundle in bundles for doc in (bundle.protocol, *bundle.decisions)
        for text in doc.fields.values() for lemma in text.lemmas
    } | {"северо-западный", "ф-3", "2021-2022", "ё-моё"})
    assert any("-" in lemma for lemma in lemmas)
    db = sqlite3.connect(":memory:")
    db.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='unicode61 remove_diacritics 0')")
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    for n, lemma in enumerate(lemmas):
        db.execute("INSERT INTO t(rowid, x) VALUES (?, ?)", (n, lemma))
    fts = {n: [] for n in range(len(lemmas))}
    for doc, token in db.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
        fts[doc].append(token)
    assert [es._tokens(lemma) for lemma in lemmas] == [fts[n] for n in range(len(lemmas))]


# ---------------------------------------------------------------- documents


def test_documents_round_trip_through_their_stored_form(bundles: list[IndexedProtocol]) -> None:
    for bundle in bundles:
        source = json.loads(json.dumps(es.document_source(bundle.protocol, [d.id for d in bundle.decisions])))
        assert es.document_from_source(source, Level.PROTOCOLS) == bundle.protocol
        assert source["stored"] == {"decision_ids": [d.id for d in bundle.decisions]}
        assert source["lemmas"]["body"] == " ".join(bundle.protocol.fields["body"].lemmas)
        assert source["text"]["body"] == bundle.protocol.fields["body"].text
        for decision in bundle.decisions:
            stored = json.loads(json.dumps(es.document_source(decision)))
            assert es.document_from_source(stored, Level.DECISIONS) == decision
            assert stored["ordinal"] == decision.display["ordinal"]
            assert "stored" not in stored


def test_bulk_replaces_a_protocol_removes_stale_decisions_and_creates_labels_once(bundles: list[IndexedProtocol]) -> None:
    bundle = next(b for b in bundles if len(b.decisions) >= 2)
    targets = es.Targets.aliases("protocols")
    known: set[tuple[str, str]] = set()
    stale = [f"{bundle.id}-{n}" for n in range(1, len(bundle.decisions) + 3)]
    actions = es.bulk_actions(bundle, stale, targets, known)
    documents = [a for a in actions if a["_op_type"] == "index"]
    assert [(a["_index"], a["_id"]) for a in documents] == (
        [("protocols-protocols", bundle.id)] + [("protocols-decisions", d.id) for d in bundle.decisions]
    )
    deletes = [(a["_index"], a["_id"]) for a in actions if a["_op_type"] == "delete"]
    assert deletes == [("protocols-decisions", old) for old in stale[len(bundle.decisions):]]
    creates = [a for a in actions if a["_op_type"] == "create"]
    pairs = {(name, k.key) for doc in (bundle.protocol, *bundle.decisions) for name, ks in doc.keywords.items() for k in ks}
    assert {(a["_source"]["field"], a["_source"]["key"]) for a in creates} == pairs == known
    assert all(a["_index"] == "protocols-labels" and a["_id"] == es.label_id(a["_source"]["field"], a["_source"]["key"])
               for a in creates)
    # The first label of a key is the one kept: a second pass sends no label at all.
    again = es.bulk_actions(bundle, [], targets, known)
    assert not [a for a in again if a["_op_type"] in ("create", "delete")]


def test_benign_bulk_failures_are_only_missing_deletes_and_existing_labels() -> None:
    assert es._benign_bulk_failure({"delete": {"status": 404, "result": "not_found"}})
    assert es._benign_bulk_failure({"create": {"status": 409, "error": {"type": "version_conflict_engine_exception"}}})
    assert not es._benign_bulk_failure({"index": {"status": 400, "error": {"type": "mapper_parsing_exception"}}})
    assert not es._benign_bulk_failure({"index": {"status": 404, "error": {"type": "index_not_found_exception"}}})
    assert not es._benign_bulk_failure({"create": {"status": 429}})


# ---------------------------------------------------------------- queries


def test_a_word_matches_in_every_field_with_its_weight() -> None:
    assert es.text_query(TermQuery("наставничество"), Level.PROTOCOLS) == should(
        term("наставничество", "lemmas.title", 4.0),
        term("наставничество", "lemmas.agenda", 4.0),
        term("наставничество", "lemmas.decisions", 3.0),
        term("наставничество", "lemmas.body", 1.0),
    )
    assert es.text_query(TermQuery("школа"), Level.DECISIONS) == should(
        term("школа", "lemmas.text", 4.0), term("школа", "lemmas.responsible", 2.0), term("школа", "lemmas.agenda", 1.0),
    )


def test_boosts_are_the_search_field_weights() -> None:
    for level in Level:
        clauses = es.text_query(TermQuery("слово"), level)["bool"]["should"]
        got = {field.removeprefix("lemmas."): spec["boost"] for c in clauses for field, spec in c["match"].items()}
        assert got == SEARCH_FIELDS[level]


def test_phrase_prefix_and_hyphenated_words() -> None:
    assert es.text_query(PhraseQuery(("принять", "к", "сведение")), Level.DECISIONS) == should(
        term("принять к сведение", "lemmas.text", 4.0, "match_phrase"),
        term("принять к сведение", "lemmas.responsible", 2.0, "match_phrase"),
        term("принять к сведение", "lemmas.agenda", 1.0, "match_phrase"),
    )
    assert es.text_query(TermQuery("настав", prefix=True), Level.DECISIONS) == should(
        {"prefix": {"lemmas.text": {"value": "настав", "boost": 4.0}}},
        {"prefix": {"lemmas.responsible": {"value": "настав", "boost": 2.0}}},
        {"prefix": {"lemmas.agenda": {"value": "настав", "boost": 1.0}}},
    )
    # FTS5 reads a hyphenated lemma as a phrase of its parts; so must Elasticsearch.
    assert es.text_query(TermQuery("северо-западный"), Level.DECISIONS)["bool"]["should"][0] == term(
        "северо-западный", "lemmas.text", 4.0, "match_phrase"
    )
    assert es.text_query(TermQuery("северо-за", prefix=True), Level.DECISIONS)["bool"]["should"][0] == {
        "match_phrase_prefix": {"lemmas.text": {"query": "северо-за", "max_expansions": 1000, "boost": 4.0}}
    }


def test_and_or_not_become_bool_clauses() -> None:
    a, b, c = TermQuery("совет"), TermQuery("педагогический"), PhraseQuery(("учебный", "план"))
    q = lambda node: es.text_query(node, Level.PROTOCOLS)  # noqa: E731
    assert es.text_query(AndQuery((a, OrQuery((b, c))), (TermQuery("родитель"),)), Level.PROTOCOLS) == {
        "bool": {
            "must": [q(a), {"bool": {"should": [q(b), q(c)], "minimum_should_match": 1}}],
            "must_not": [q(TermQuery("родитель"))],
        }
    }
    assert es.text_query(AndQuery((a, b)), Level.PROTOCOLS) == {"bool": {"must": [q(a), q(b)]}}
    # Only NOT at the top: everything but.
    assert es.text_query(AndQuery((), (a,)), Level.PROTOCOLS) == {"bool": {"must": [{"match_all": {}}], "must_not": [q(a)]}}


# ---------------------------------------------------------------- search bodies


def test_plain_listing_is_match_all_newest_first_with_exact_total() -> None:
    body = es.search_body(SearchRequest(offset=40, limit=20))
    assert body == {
        "query": {"match_all": {}},
        "sort": [
            {"date": {"order": "desc", "missing": "_last"}},
            {"protocol_id": {"order": "asc"}},
            {"ordinal": {"order": "asc"}},
        ],
        "from": 40,
        "size": 20,
        "track_total_hits": True,
        "_source": {"includes": ["id", "protocol_id", "date", "display"]},
        "aggs": {"dates": {
            "filter": {"match_all": {}},
            "aggs": {
                "min": {"min": {"field": "date", "format": "strict_date"}},
                "max": {"max": {"field": "date", "format": "strict_date"}},
            },
        }},
    }


def test_sort_orders() -> None:
    tail = [{"protocol_id": {"order": "asc"}}, {"ordinal": {"order": "asc"}}]
    word = TermQuery("совет")
    assert es.sort_clauses(SearchRequest(query=word)) == [
        {"_score": {"order": "desc"}}, {"date": {"order": "desc", "missing": "_last"}}, *tail,
    ]
    assert es.sort_clauses(SearchRequest(query=word, sort="date_asc")) == [
        {"date": {"order": "asc", "missing": "_last"}}, *tail,
    ]
    assert es.sort_clauses(SearchRequest(query=word, sort="date_desc"))[0] == {"date": {"order": "desc", "missing": "_last"}}
    # Nothing to score: relevance falls back to the date.
    assert es.sort_clauses(SearchRequest(query=AndQuery((), (word,))))[0] == {"date": {"order": "desc", "missing": "_last"}}


def test_filters_without_facets_go_into_the_query() -> None:
    request = SearchRequest(
        query=TermQuery("совет"),
        filters=Filters({"school": ("mbou sh 16", "mbou sh 32"), "kind": ("педсовет",)},
                        date_from=dt.date(2021, 1, 1), date_to=dt.date(2021, 12, 31)),
    )
    body = es.search_body(request)
    assert body["query"] == {"bool": {
        "must": [es.text_query(TermQuery("совет"), Level.PROTOCOLS)],
        "filter": [
            {"range": {"date": {"gte": "2021-01-01", "lte": "2021-12-31"}}},
            {"terms": {"keywords.school.key": ["mbou sh 16", "mbou sh 32"]}},
            {"terms": {"keywords.kind.key": ["педсовет"]}},
        ],
    }}
    assert "post_filter" not in body
    assert es.search_body(SearchRequest(filters=Filters(date_to=dt.date(2020, 5, 1))))["query"] == {
        "bool": {"filter": [{"range": {"date": {"lte": "2020-05-01"}}}]}
    }


def test_each_facet_counts_without_its_own_filter() -> None:
    school = {"terms": {"keywords.school.key": ["mbou sh 16"]}}
    speaker = {"terms": {"keywords.speaker.key": ["Иванова А.А.", "Петров П.П."]}}
    kind = {"terms": {"keywords.kind.key": ["педсовет"]}}
    request = SearchRequest(
        filters=Filters({"school": ("mbou sh 16",), "speaker": ("Иванова А.А.", "Петров П.П."), "kind": ("педсовет",)},
                        date_from=dt.date(2020, 9, 1)),
        facets=(FacetRequest("school", 10), FacetRequest("speaker", 5, "key"), FacetRequest("participant", 3)),
    )
    body = es.search_body(request)
    # Filters on faceted fields filter the hits after the aggregations; the rest filter everything.
    assert body["query"] == {"bool": {"filter": [{"range": {"date": {"gte": "2020-09-01"}}}, kind]}}
    assert body["post_filter"] == {"bool": {"filter": [school, speaker]}}

    def cardinality(field: str) -> dict[str, Any]:
        return {"cardinality": {"field": f"keywords.{field}.key", "precision_threshold": 40_000}}

    assert body["aggs"]["facet_school"] == {
        "filter": {"bool": {"filter": [speaker]}},
        "aggs": {
            "values": {"terms": {"field": "keywords.school.key", "size": 10, "order": [{"_count": "desc"}, {"_key": "asc"}]}},
            "distinct": cardinality("school"),
        },
    }
    assert body["aggs"]["facet_speaker"] == {
        "filter": {"bool": {"filter": [school]}},
        "aggs": {
            "values": {"terms": {"field": "keywords.speaker.key", "size": 5, "order": [{"_key": "asc"}]}},
            "distinct": cardinality("speaker"),
        },
    }
    # No filter of its own: the participant facet counts what the hits are.
    assert body["aggs"]["facet_participant"]["filter"] == {"bool": {"filter": [school, speaker]}}
    assert body["aggs"]["dates"]["filter"] == {"bool": {"filter": [school, speaker]}}


def test_facet_include_and_unknown_fields() -> None:
    body = es.search_body(SearchRequest(level=Level.DECISIONS, facets=(FacetRequest("measure", 2, include=("a", "b")),)))
    assert body["aggs"]["facet_measure"]["aggs"]["values"]["terms"]["include"] == ["a", "b"]
    assert es.search_body(SearchRequest(facets=(FacetRequest("school", 0),)))["aggs"]["facet_school"]["aggs"]["values"][
        "terms"]["size"] == 1
    with pytest.raises(ValueError, match="responsible"):
        es.search_body(SearchRequest(level=Level.PROTOCOLS, facets=(FacetRequest("responsible"),)))
    with pytest.raises(ValueError, match="protocol"):
        es.search_body(SearchRequest(level=Level.PROTOCOLS, filters=Filters({"protocol": ("x",)})))


def test_measure_timeline_counts_years_and_months_with_a_date_histogram() -> None:
    """The request the service makes for GET /measures/{key}: decisions of one measure, by year,
    month and school, oldest first."""
    measure = {"terms": {"keywords.measure.key": ["принять_информация_к_сведение"]}}
    request = SearchRequest(
        level=Level.DECISIONS, sort="date_asc", limit=20,
        filters=Filters({"measure": ("принять_информация_к_сведение",)}),
        facets=(FacetRequest("year", 600, "key"), FacetRequest("month", 600, "key"), FacetRequest("school", 20)),
    )
    body = es.search_body(request)
    assert body["query"] == {"bool": {"filter": [measure]}}
    assert body["aggs"]["facet_year"] == {
        "filter": {"match_all": {}},
        "aggs": {"values": {"date_histogram": {"field": "date", "calendar_interval": "year", "format": "yyyy", "min_doc_count": 1}}},
    }
    assert body["aggs"]["facet_month"]["aggs"] == {
        "values": {"date_histogram": {"field": "date", "calendar_interval": "month", "format": "yyyy-MM", "min_doc_count": 1}}
    }
    assert body["sort"][0] == {"date": {"order": "asc", "missing": "_last"}}


def test_snippet_fields_are_fetched_only_for_highlights() -> None:
    word = TermQuery("совет")
    assert es.search_body(SearchRequest(query=word))["_source"]["includes"] == [
        "id", "protocol_id", "date", "display", "text.body", "lemmas.body", "offsets.body",
    ]
    assert es.search_body(SearchRequest(level=Level.DECISIONS, query=word))["_source"]["includes"][4:] == [
        "text.text", "lemmas.text", "offsets.text", "text.agenda", "lemmas.agenda", "offsets.agenda",
        "text.responsible", "lemmas.responsible", "offsets.responsible",
    ]
    assert es.search_body(SearchRequest(query=word, highlight=False))["_source"]["includes"] == ["id", "protocol_id", "date", "display"]
    assert es.search_body(SearchRequest(query=AndQuery((), (word,))))["_source"]["includes"] == ["id", "protocol_id", "date", "display"]


def test_scan_pages_through_a_point_in_time_with_search_after() -> None:
    request = SearchRequest(
        level=Level.DECISIONS, query=TermQuery("совет"), filters=Filters({"school": ("s",)}),
        offset=100, limit=5, facets=(FacetRequest("school"),),
    )
    first = es.scan_body(request, "PIT-1", None)
    assert first == {
        "query": {"bool": {"must": [es.text_query(TermQuery("совет"), Level.DECISIONS)],
                           "filter": [{"terms": {"keywords.school.key": ["s"]}}]}},
        "sort": es.sort_clauses(request),
        "size": es.SCAN_PAGE,
        "track_total_hits": False,
        "_source": {"includes": ["id", "protocol_id", "date", "display"]},
        "pit": {"id": "PIT-1", "keep_alive": es.SCAN_KEEP_ALIVE},
    }
    after = es.scan_body(request, "PIT-2", [3.5, 1614556800000, "abc", 2, 17])
    assert after["search_after"] == [3.5, 1614556800000, "abc", 2, 17]
    assert after["pit"]["id"] == "PIT-2"
    assert "from" not in after and "aggs" not in after and "post_filter" not in after


def test_the_alias_swap_is_one_request_for_all_three_aliases() -> None:
    new = es.Targets.generation("protocols", "20250301120000000000")
    current = {
        "protocols-protocols": ["protocols-v1-initial-protocols"],
        "protocols-decisions": ["protocols-v1-initial-decisions"],
        "protocols-labels": ["protocols-v1-initial-labels"],
    }
    assert es.alias_swap_actions("protocols", new, current) == [
        {"remove": {"index": "protocols-v1-initial-protocols", "alias": "protocols-protocols"}},
        {"add": {"index": "protocols-v1-20250301120000000000-protocols", "alias": "protocols-protocols"}},
        {"remove": {"index": "protocols-v1-initial-decisions", "alias": "protocols-decisions"}},
        {"add": {"index": "protocols-v1-20250301120000000000-decisions", "alias": "protocols-decisions"}},
        {"remove": {"index": "protocols-v1-initial-labels", "alias": "protocols-labels"}},
        {"add": {"index": "protocols-v1-20250301120000000000-labels", "alias": "protocols-labels"}},
    ]
    # Aliases not there yet (a fresh cluster): only adds.
    assert [next(iter(a)) for a in es.alias_swap_actions("protocols", new, {})] == ["add"] * 3


# ---------------------------------------------------------------- answers


def _filtered(source: dict[str, Any], includes: list[str]) -> dict[str, Any]:
    """What `_source.includes` leaves of a document."""
    out: dict[str, Any] = {}
    for path in includes:
        head, _, rest = path.partition(".")
        if head not in source:
            continue
        if rest:
            if rest in source[head]:
                out.setdefault(head, {})[rest] = source[head][rest]
        else:
            out[head] = source[head]
    return out


def test_hits_carry_the_same_snippets_as_the_shared_highlighter(bundles: list[IndexedProtocol]) -> None:
    query = OrQuery((TermQuery("решение"), TermQuery("протокол"), PhraseQuery(("принять", "к", "сведение"))))
    for level in Level:
        request = SearchRequest(level=level, query=query)
        includes = es.search_body(request)["_source"]["includes"]
        docs = [b.protocol for b in bundles] if level is Level.PROTOCOLS else [d for b in bundles for d in b.decisions]
        marked: set[str] = set()
        for doc in docs:
            raw = {"_id": doc.id, "_score": 2.5, "_source": _filtered(es.document_source(doc), includes),
                   "sort": [2.5, 0, doc.protocol_id, 0]}
            hit = es.hit_from_response(request, json.loads(json.dumps(raw)), scored=True)
            expected = best_highlight(level, doc.fields.get, query_terms(query))
            assert hit.highlights == ([expected] if expected else [])
            assert (hit.id, hit.protocol_id, hit.date, hit.display, hit.score) == (doc.id, doc.protocol_id, doc.date, doc.display, 2.5)
            marked |= {expected.field} if expected else set()
        # Decisions fall back to their agenda item when their own text has no match.
        assert marked == ({"body"} if level is Level.PROTOCOLS else {"text", "agenda"})
    plain = es.hit_from_response(SearchRequest(sort="date_desc"), {"_source": {"id": "x", "protocol_id": "x", "date": None, "display": {}}, "_score": None}, scored=False)
    assert (plain.score, plain.date, plain.highlights) == (None, None, [])


def test_facets_are_read_with_first_labels_cap_and_other() -> None:
    request = SearchRequest(level=Level.DECISIONS, facets=(
        FacetRequest("school", 2), FacetRequest("month", 2, "count"), FacetRequest("year", 10, "key", include=("2019", "2021")),
        FacetRequest("kind", 0),
    ))
    histogram_months = [
        {"key_as_string": "2020-01", "key": 1577836800000, "doc_count": 3},
        {"key_as_string": "2020-02", "key": 1580515200000, "doc_count": 0},
        {"key_as_string": "2020-03", "key": 1583020800000, "doc_count": 5},
        {"key_as_string": "2021-03", "key": 1614556800000, "doc_count": 3},
    ]
    aggregations = {
        "facet_school": {"doc_count": 9, "distinct": {"value": 4}, "values": {"sum_other_doc_count": 3, "buckets": [
            {"key": "mbou sh 16", "doc_count": 5}, {"key": "mbou sh 32", "doc_count": 2},
        ]}},
        "facet_month": {"doc_count": 11, "values": {"buckets": histogram_months}},
        "facet_year": {"doc_count": 11, "values": {"buckets": [
            {"key_as_string": "2019", "doc_count": 1}, {"key_as_string": "2020", "doc_count": 8},
            {"key_as_string": "2021", "doc_count": 3},
        ]}},
        "facet_kind": {"doc_count": 11, "distinct": {"value": 1}, "values": {"sum_other_doc_count": 0, "buckets": [
            {"key": "педсовет", "doc_count": 11},
        ]}},
    }
    labels = {("school", "mbou sh 16"): "МБОУ «СШ № 16»"}
    facets = es.facets_from_response(request, aggregations, labels)
    school = facets["school"]
    assert [(b.key, b.label, b.count) for b in school.buckets] == [
        ("mbou sh 16", "МБОУ «СШ № 16»", 5), ("mbou sh 32", "mbou sh 32", 2),
    ]
    assert (school.other, school.distinct) == (3, 4)
    month = facets["month"]
    assert [(b.key, b.count) for b in month.buckets] == [("2020-03", 5), ("2020-01", 3)]  # count desc, then key
    assert (month.other, month.distinct) == (3, 3)
    year = facets["year"]
    assert [(b.key, b.label, b.count) for b in year.buckets] == [("2019", "2019", 1), ("2021", "2021", 3)]
    assert (year.other, year.distinct) == (0, 3)
    assert (facets["kind"].buckets, facets["kind"].other) == ([], 11)


def test_date_range_comes_from_min_and_max() -> None:
    assert es._date_value({"value": 1614556800000.0, "value_as_string": "2021-03-01"}) == dt.date(2021, 3, 1)
    assert es._date_value({"value": None}) is None


# ---------------------------------------------------------------- connection


def test_compatibility_follows_an_older_server() -> None:
    assert es.compatibility_for({"version": {"number": "8.17.4"}}, client_major=9) == 8
    assert es.compatibility_for({"version": {"number": "9.1.0"}}, client_major=9) is None
    assert es.compatibility_for({"version": {"number": "8.17.4"}}, client_major=8) is None
    assert es.compatibility_for(None, client_major=9) is None
    headers = HttpHeaders({
        "Accept": "application/vnd.elasticsearch+json; compatible-with=9",
        "Content-Type": "application/vnd.elasticsearch+x-ndjson; compatible-with=9",
        "Authorization": "ApiKey secret",
    })
    rewritten = es.compatible_headers(headers, 8)
    assert rewritten["accept"] == "application/vnd.elasticsearch+json; compatible-with=8"
    assert rewritten["content-type"] == "application/vnd.elasticsearch+x-ndjson; compatible-with=8"
    assert rewritten["authorization"] == "ApiKey secret"
    assert headers["accept"].endswith("compatible-with=9")  # the client's own headers stay untouched


def test_client_is_configured_from_settings_without_contacting_the_server() -> None:
    settings = Settings(es_url="https://es.example:9200", es_username="elastic", es_password="s3cret",
                        es_compatible_with=8, es_request_timeout=12.5)
    client = es.make_client(settings)
    try:
        assert isinstance(client.transport, es.CompatibleTransport)
        assert client.transport.compatible_with == 8
        assert "s3cret" not in repr(settings)
    finally:
        client.close()
    with pytest.raises(ValueError, match="PROTOCOLS_ES_URL"):
        es.make_client(Settings(es_url=None))
