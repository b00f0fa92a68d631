"""The Elasticsearch index: the same documents, queries and answers as the SQLite index, on a cluster.

Layout. Per level one index, written and read through an alias: `<prefix>-protocols` and
`<prefix>-decisions`, plus `<prefix>-labels` (the first label seen for each facet key, as the SQLite
index keeps it). The indices of one generation are named `<prefix>-v<MAPPING_VERSION>-<stamp>-<level>`
and get their settings and mappings from an index template; a rebuild fills a new generation and
moves all three aliases to it in one `_aliases` request, so searches switch atomically.

Matching is on the lemmas the extraction made (documents arrive analyzed): each search field has a
`lemmas.<field>` text field whose analyzer splits the lemma text exactly where SQLite's FTS5
`unicode61` tokenizer does (at anything but letters and digits: spaces, and the hyphen inside
"северо-западный"), so both backends match the same documents; positions make phrases work, and
prefixes are `prefix` queries on those terms. `text.<field>` holds the original text with the
built-in `russian` analyzer, for ad-hoc queries in Kibana and the like; the service never queries it.

Highlights are made by `search_api.snippets` from the hit's stored text, lemmas and token offsets,
the same code the SQLite index uses, so both return identical snippets. Order, ties, facet
semantics and labels follow `SqliteIndex` (see base.py for the contract).

The request bodies are built by pure functions (`index_template`, `text_query`, `search_body`,
`scan_body`, `facet_aggregations`, `bulk_actions`, `alias_swap_actions`) so they can be checked
without a server.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from elastic_transport import Transport
from elasticsearch import AuthorizationException, BadRequestError, Elasticsearch, NotFoundError
from elasticsearch import __versionstr__ as CLIENT_VERSION
from elasticsearch.helpers import streaming_bulk

from protocols.settings import Settings
from search_api.index.base import (
    FACET_FIELDS,
    SEARCH_FIELDS,
    SNIPPET_FIELDS,
    AnalyzedText,
    Facet,
    FacetBucket,
    FacetRequest,
    Filters,
    Hit,
    IndexDoc,
    IndexedProtocol,
    Keyword,
    Level,
    OrQuery,
    PhraseQuery,
    QueryNode,
    SearchIndex,
    SearchRequest,
    SearchResult,
    TermQuery,
    query_terms,
)
from search_api.snippets import best_highlight

if TYPE_CHECKING:
    from search_api.service import ProtocolService

log = logging.getLogger(__name__)

# Bump when the mappings change: a new version needs a rebuild (`protocols reindex --to elasticsearch`).
MAPPING_VERSION = 1
LABELS = "labels"
BOOTSTRAP_STAMP = "initial"
SCAN_PAGE = 1000
SCAN_KEEP_ALIVE = "2m"
# The most a cardinality aggregation counts exactly.
CARDINALITY_PRECISION = 40_000
INDEX_BATCH = 200
# Lucene refuses terms over 32766 bytes; a Cyrillic character takes two.
KEY_MAX_CHARS = 8000
# What FTS5's unicode61 tokenizer treats as separators: everything but letters and digits.
TOKEN_SEPARATORS_JAVA = r"[^\p{L}\p{N}]+"
TOKEN = re.compile(r"[^\W_]+")
# Facets counted from the date itself, for timelines; their keys are the date's year and month,
# which is how `search_api.documents` makes the year and month keywords.
DATE_FACETS = {"year": ("year", "yyyy"), "month": ("month", "yyyy-MM")}


class IndexingError(RuntimeError):
    """Elasticsearch refused some documents of a bulk request."""

    def __init__(self, failures: list[dict[str, Any]]) -> None:
        self.failures = failures
        first = failures[0] if failures else {}
        super().__init__(f"{len(failures)} document(s) not indexed; first: {first}")


# ---------------------------------------------------------------- names


def alias_name(prefix: str, part: str) -> str:
    """`part` is a level ("protocols", "decisions") or "labels"."""
    return f"{prefix}-{part}"


def generation_name(prefix: str, stamp: str) -> str:
    return f"{prefix}-v{MAPPING_VERSION}-{stamp}"


def new_stamp(now: dt.datetime | None = None) -> str:
    """A generation stamp that sorts by time: UTC down to microseconds."""
    return (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%d%H%M%S%f")


@dataclass(frozen=True, slots=True)
class Targets:
    """Where one index instance reads and writes: aliases normally, a generation's indices while it is built."""

    protocols: str
    decisions: str
    labels: str

    def of(self, level: Level) -> str:
        return self.protocols if level is Level.PROTOCOLS else self.decisions

    @classmethod
    def aliases(cls, prefix: str) -> Targets:
        return cls(*(alias_name(prefix, part) for part in (Level.PROTOCOLS.value, Level.DECISIONS.value, LABELS)))

    @classmethod
    def generation(cls, prefix: str, stamp: str) -> Targets:
        base = generation_name(prefix, stamp)
        return cls(f"{base}-{Level.PROTOCOLS.value}", f"{base}-{Level.DECISIONS.value}", f"{base}-{LABELS}")

    def pairs(self, prefix: str) -> list[tuple[str, str]]:
        """(alias, index) for the three indices of a generation."""
        aliases = Targets.aliases(prefix)
        return [(aliases.protocols, self.protocols), (aliases.decisions, self.decisions), (aliases.labels, self.labels)]


# ---------------------------------------------------------------- settings and mappings


def _all_search_fields() -> list[str]:
    return list(dict.fromkeys(name for fields in SEARCH_FIELDS.values() for name in fields))


def _all_facet_fields() -> list[str]:
    return list(dict.fromkeys(name for fields in FACET_FIELDS.values() for name in fields))


def index_settings(shards: int, replicas: int, max_result_window: int) -> dict[str, Any]:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "max_result_window": max(10_000, max_result_window),
        "analysis": {
            "tokenizer": {
                "lemma_tokens": {"type": "pattern", "pattern": TOKEN_SEPARATORS_JAVA},
            },
            "analyzer": {
                "lemmas": {"type": "custom", "tokenizer": "lemma_tokens", "filter": ["lowercase"]},
            },
        },
    }


def document_mappings() -> dict[str, Any]:
    """Mappings of the protocol and decision indices (one mapping: each level fills its own fields)."""
    keyword = {"type": "keyword", "ignore_above": KEY_MAX_CHARS}
    return {
        "dynamic": "strict",
        "properties": {
            "id": {"type": "keyword"},
            "protocol_id": {"type": "keyword"},
            "ordinal": {"type": "integer"},
            "date": {"type": "date", "format": "strict_date"},
            "keywords": {
                "properties": {
                    name: {"properties": {"key": keyword, "label": keyword}} for name in _all_facet_fields()
                }
            },
            "lemmas": {
                "properties": {name: {"type": "text", "analyzer": "lemmas"} for name in _all_search_fields()}
            },
            "text": {
                "properties": {name: {"type": "text", "analyzer": "russian"} for name in _all_search_fields()}
            },
            # Token offsets of every field, for snippets: kept in _source, not indexed.
            "offsets": {"type": "object", "enabled": False},
            "display": {"type": "object", "enabled": False},
            # A protocol's decision ids, so a re-index removes the decisions it no longer has.
            "stored": {"type": "object", "enabled": False},
        },
    }


def labels_mappings() -> dict[str, Any]:
    return {
        "dynamic": "strict",
        "properties": {
            "field": {"type": "keyword"},
            "key": {"type": "keyword", "ignore_above": KEY_MAX_CHARS},
            "label": {"type": "keyword", "index": False},
        },
    }


def template_name(prefix: str) -> str:
    return f"{prefix}-v{MAPPING_VERSION}"


def index_template(prefix: str, *, shards: int = 1, replicas: int = 0, max_result_window: int = 10_000) -> dict[str, Any]:
    """The body of `PUT _index_template/<prefix>-v<N>` for the protocol and decision indices."""
    pattern = generation_name(prefix, "*")
    return {
        "index_patterns": [f"{pattern}-{Level.PROTOCOLS.value}", f"{pattern}-{Level.DECISIONS.value}"],
        "priority": 200,
        "version": MAPPING_VERSION,
        "_meta": {"description": "protocols search index (search_api.index.elasticsearch)"},
        "template": {
            "settings": index_settings(shards, replicas, max_result_window),
            "mappings": document_mappings(),
        },
    }


def labels_index_body(*, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    return {
        "settings": {"number_of_shards": shards, "number_of_replicas": replicas},
        "mappings": labels_mappings(),
    }


# ---------------------------------------------------------------- documents


def _ordinal(doc: IndexDoc) -> int:
    return int(doc.display.get("ordinal") or 0)


def document_source(doc: IndexDoc, decision_ids: Sequence[str] | None = None) -> dict[str, Any]:
    """The stored form of a document: everything `get` gives back, plus what search and snippets need."""
    source: dict[str, Any] = {
        "id": doc.id,
        "protocol_id": doc.protocol_id,
        "ordinal": _ordinal(doc),
        "date": doc.date.isoformat() if doc.date else None,
        "keywords": {name: [{"key": k.key, "label": k.label} for k in values] for name, values in doc.keywords.items()},
        "lemmas": {name: t.lemma_text() for name, t in doc.fields.items()},
        "text": {name: t.text for name, t in doc.fields.items()},
        "offsets": {name: {"starts": t.starts, "ends": t.ends} for name, t in doc.fields.items()},
        "display": doc.display,
    }
    if decision_ids is not None:
        source["stored"] = {"decision_ids": list(decision_ids)}
    return source


def analyzed_from_source(source: Mapping[str, Any], name: str) -> AnalyzedText:
    lemmas = source.get("lemmas", {}).get(name) or ""
    offsets = source.get("offsets", {}).get(name) or {}
    return AnalyzedText(source["text"][name], lemmas.split(), offsets.get("starts", []), offsets.get("ends", []))


def document_from_source(source: Mapping[str, Any], level: Level) -> IndexDoc:
    return IndexDoc(
        id=source["id"],
        level=level,
        protocol_id=source["protocol_id"],
        date=dt.date.fromisoformat(source["date"]) if source.get("date") else None,
        keywords={
            name: [Keyword(v["key"], v["label"]) for v in values] for name, values in source["keywords"].items()
        },
        fields={name: analyzed_from_source(source, name) for name in source["text"]},
        display=source.get("display", {}),
    )


def label_id(field: str, key: str) -> str:
    """A label document's id: keys may be longer than the 512 bytes an _id allows."""
    return hashlib.sha1(f"{field}\0{key}".encode()).hexdigest()


def bulk_actions(
    bundle: IndexedProtocol, old_decision_ids: Iterable[str], targets: Targets, known_labels: set[tuple[str, str]]
) -> list[dict[str, Any]]:
    """The bulk actions that replace one protocol: its documents, deletes of decisions it no longer
    has, and a `create` of each facet label not known yet (create keeps the first label, like SQLite)."""
    new_ids = [d.id for d in bundle.decisions]
    actions: list[dict[str, Any]] = [
        {"_op_type": "index", "_index": targets.protocols, "_id": bundle.protocol.id,
         "_source": document_source(bundle.protocol, new_ids)}
    ]
    actions += [
        {"_op_type": "index", "_index": targets.decisions, "_id": d.id, "_source": document_source(d)}
        for d in bundle.decisions
    ]
    keep = set(new_ids)
    actions += [
        {"_op_type": "delete", "_index": targets.decisions, "_id": old}
        for old in old_decision_ids if old not in keep
    ]
    for doc in (bundle.protocol, *bundle.decisions):
        for name, values in doc.keywords.items():
            for value in values:
                if (name, value.key) in known_labels:
                    continue
                known_labels.add((name, value.key))
                actions.append({
                    "_op_type": "create", "_index": targets.labels, "_id": label_id(name, value.key),
                    "_source": {"field": name, "key": value.key, "label": value.label},
                })
    return actions


def _benign_bulk_failure(item: Mapping[str, Any]) -> bool:
    """A delete of a document already gone, or a label created already: both the wanted end state."""
    op, result = next(iter(item.items()))
    if op == "delete" and result.get("status") == 404:
        return True
    return op == "create" and result.get("status") == 409


# ---------------------------------------------------------------- queries


def _tokens(lemma: str) -> list[str]:
    """How the `lemmas` analyzer splits a lemma (as FTS5 does): "северо-западный" is two tokens."""
    return TOKEN.findall(lemma.lower())


def _field_clauses(node: TermQuery | PhraseQuery, level: Level) -> list[dict[str, Any]]:
    clauses = []
    for name, weight in SEARCH_FIELDS[level].items():
        field = f"lemmas.{name}"
        if isinstance(node, PhraseQuery):
            clauses.append({"match_phrase": {field: {"query": " ".join(node.lemmas), "boost": weight}}})
        elif node.prefix:
            if len(_tokens(node.lemma)) > 1:
                # FTS5 reads "северо-за"* as the phrase северо + за*; so does match_phrase_prefix.
                clauses.append({"match_phrase_prefix": {field: {"query": node.lemma, "max_expansions": 1000, "boost": weight}}})
            else:
                clauses.append({"prefix": {field: {"value": node.lemma.lower(), "boost": weight}}})
        elif len(_tokens(node.lemma)) > 1:
            clauses.append({"match_phrase": {field: {"query": node.lemma, "boost": weight}}})
        else:
            clauses.append({"match": {field: {"query": node.lemma, "boost": weight}}})
    return clauses


def text_query(node: QueryNode, level: Level) -> dict[str, Any]:
    """A query tree as an Elasticsearch query: a word or phrase matches in any search field of the
    level, each field boosted by its weight; AND, OR and NOT are bool must, should and must_not."""
    if isinstance(node, (TermQuery, PhraseQuery)):
        return {"bool": {"should": _field_clauses(node, level), "minimum_should_match": 1}}
    if isinstance(node, OrQuery):
        return {"bool": {"should": [text_query(n, level) for n in node.should], "minimum_should_match": 1}}
    must = [text_query(n, level) for n in node.must] or [{"match_all": {}}]
    query: dict[str, Any] = {"must": must}
    if node.must_not:
        query["must_not"] = [text_query(n, level) for n in node.must_not]
    return {"bool": query}


def has_positive_terms(node: QueryNode | None) -> bool:
    return bool(query_terms(node))


def keyword_filter(field: str, keys: Sequence[str]) -> dict[str, Any]:
    return {"terms": {f"keywords.{field}.key": list(keys)}}


def date_filter(filters: Filters) -> dict[str, Any] | None:
    if not (filters.date_from or filters.date_to):
        return None
    bounds: dict[str, str] = {}
    if filters.date_from:
        bounds["gte"] = filters.date_from.isoformat()
    if filters.date_to:
        bounds["lte"] = filters.date_to.isoformat()
    return {"range": {"date": bounds}}


def _check_fields(request: SearchRequest, *, facets: bool = True) -> None:
    known = FACET_FIELDS[request.level]
    for name in request.filters.terms:
        if name not in known:
            raise ValueError(f"unknown filter field {name!r} for {request.level.value}")
    for facet in request.facets if facets else ():
        if facet.field not in known:
            raise ValueError(f"unknown facet field {facet.field!r}")


def _bool_filter(clauses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def sort_clauses(request: SearchRequest) -> list[dict[str, Any]]:
    """Score first for relevance (when the query has words to score), then date with undated documents
    last either way, then protocol id and ordinal: the SQLite index's order, total and stable."""
    descending = request.sort != "date_asc"
    clauses: list[dict[str, Any]] = []
    if request.sort == "relevance" and has_positive_terms(request.query):
        clauses.append({"_score": {"order": "desc"}})
    clauses += [
        {"date": {"order": "desc" if descending else "asc", "missing": "_last"}},
        {"protocol_id": {"order": "asc"}},
        {"ordinal": {"order": "asc"}},
    ]
    return clauses


def _query_and_post_filter(
    request: SearchRequest, post_fields: Sequence[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The main query (words, date range, filters on fields without a facet) and the post filter
    (filters on faceted fields, which each such facet must count without its own)."""
    filters = request.filters
    main_filters: list[dict[str, Any]] = []
    if (dates := date_filter(filters)) is not None:
        main_filters.append(dates)
    post: list[dict[str, Any]] = []
    for name, keys in filters.terms.items():
        (post if name in post_fields else main_filters).append(keyword_filter(name, keys))
    if request.query is None:
        query = _bool_filter(main_filters)
    else:
        query = {"bool": {"must": [text_query(request.query, request.level)], "filter": main_filters}}
        if not main_filters:
            del query["bool"]["filter"]
    return query, post


def facet_aggregations(request: SearchRequest, post_fields: Sequence[str]) -> dict[str, Any]:
    """One filter aggregation per facet, holding the filters on the other faceted fields (the ones on
    the facet's own field left out), with a terms aggregation inside; year and month facets count a
    date_histogram instead. `dates` holds min and max of the date over every match."""
    aggs: dict[str, Any] = {}
    for facet in request.facets:
        others = [
            keyword_filter(name, keys) for name, keys in request.filters.terms.items()
            if name in post_fields and name != facet.field
        ]
        inner: dict[str, Any] = {"values": _values_aggregation(facet)}
        if facet.field not in DATE_FACETS:
            inner["distinct"] = {
                "cardinality": {"field": f"keywords.{facet.field}.key", "precision_threshold": CARDINALITY_PRECISION}
            }
        aggs[f"facet_{facet.field}"] = {"filter": _bool_filter(others), "aggs": inner}
    every = [keyword_filter(name, keys) for name, keys in request.filters.terms.items() if name in post_fields]
    aggs["dates"] = {
        "filter": _bool_filter(every),
        "aggs": {
            "min": {"min": {"field": "date", "format": "strict_date"}},
            "max": {"max": {"field": "date", "format": "strict_date"}},
        },
    }
    return aggs


def _values_aggregation(facet: FacetRequest) -> dict[str, Any]:
    if facet.field in DATE_FACETS:
        interval, pattern = DATE_FACETS[facet.field]
        # Every non-empty bucket comes back (decades of months at most); size and order are applied here.
        return {"date_histogram": {"field": "date", "calendar_interval": interval, "format": pattern, "min_doc_count": 1}}
    order = [{"_count": "desc"}, {"_key": "asc"}] if facet.order == "count" else [{"_key": "asc"}]
    # Elasticsearch refuses size 0; a facet of size 0 is all `other`, trimmed on the way back.
    terms: dict[str, Any] = {"field": f"keywords.{facet.field}.key", "size": max(1, facet.size), "order": order}
    if facet.include:
        terms["include"] = list(facet.include)
    return {"terms": terms}


def _source_fields(request: SearchRequest) -> list[str]:
    fields = ["id", "protocol_id", "date", "display"]
    if request.highlight and has_positive_terms(request.query):
        for name in SNIPPET_FIELDS[request.level]:
            fields += [f"text.{name}", f"lemmas.{name}", f"offsets.{name}"]
    return fields


def search_body(request: SearchRequest) -> dict[str, Any]:
    """The body of one search: a page of hits, the exact total, facets and the date range."""
    _check_fields(request)
    post_fields = [f.field for f in request.facets if f.field in request.filters.terms]
    query, post = _query_and_post_filter(request, post_fields)
    body: dict[str, Any] = {
        "query": query,
        "sort": sort_clauses(request),
        "from": request.offset,
        "size": request.limit,
        "track_total_hits": True,
        "_source": {"includes": _source_fields(request)},
        "aggs": facet_aggregations(request, post_fields),
    }
    if post:
        body["post_filter"] = {"bool": {"filter": post}}
    return body


def scan_body(request: SearchRequest, pit_id: str, search_after: list[Any] | None, size: int = SCAN_PAGE) -> dict[str, Any]:
    """One page of a scan over a point in time: every filter in the query, no facets, no snippets."""
    _check_fields(request, facets=False)
    query, post = _query_and_post_filter(request, ())
    assert not post
    body: dict[str, Any] = {
        "query": query,
        "sort": sort_clauses(request),
        "size": size,
        "track_total_hits": False,
        "_source": {"includes": ["id", "protocol_id", "date", "display"]},
        "pit": {"id": pit_id, "keep_alive": SCAN_KEEP_ALIVE},
    }
    if search_after is not None:
        body["search_after"] = search_after
    return body


def alias_swap_actions(prefix: str, new: Targets, current: Mapping[str, Sequence[str]]) -> list[dict[str, Any]]:
    """`_aliases` actions moving each alias from the indices it points at (`current[alias]`) to `new`'s."""
    actions: list[dict[str, Any]] = []
    for alias, index in new.pairs(prefix):
        actions += [{"remove": {"index": old, "alias": alias}} for old in current.get(alias, ()) if old != index]
        actions.append({"add": {"index": index, "alias": alias}})
    return actions


# ---------------------------------------------------------------- answers


def _date_facet(facet: FacetRequest, buckets: list[tuple[str, int]]) -> Facet:
    """A year or month facet from all its histogram buckets: ordered, included and capped here."""
    distinct = len(buckets)
    if facet.include:
        wanted = set(facet.include)
        buckets = [b for b in buckets if b[0] in wanted]
    ordered = sorted(buckets) if facet.order == "key" else sorted(buckets, key=lambda b: (-b[1], b[0]))
    return Facet(
        field=facet.field,
        buckets=[FacetBucket(key, key, count) for key, count in ordered[: facet.size]],
        other=sum(count for _, count in ordered[facet.size:]),
        distinct=distinct,
    )


def facets_from_response(
    request: SearchRequest, aggregations: Mapping[str, Any], labels: Mapping[tuple[str, str], str]
) -> dict[str, Facet]:
    facets: dict[str, Facet] = {}
    for facet in request.facets:
        aggregation = aggregations[f"facet_{facet.field}"]
        values = aggregation["values"]
        if facet.field in DATE_FACETS:
            buckets = [(b["key_as_string"], b["doc_count"]) for b in values["buckets"] if b["doc_count"] > 0]
            facets[facet.field] = _date_facet(facet, buckets)
            continue
        buckets = [
            FacetBucket(b["key"], labels.get((facet.field, b["key"]), b["key"]), b["doc_count"]) for b in values["buckets"]
        ]
        shown = buckets[: facet.size]
        other = values.get("sum_other_doc_count", 0) + sum(b.count for b in buckets[facet.size:])
        distinct = int(aggregation.get("distinct", {}).get("value") or 0)
        facets[facet.field] = Facet(field=facet.field, buckets=shown, other=other, distinct=max(distinct, len(buckets)))
    return facets


def _date_value(aggregation: Mapping[str, Any]) -> dt.date | None:
    text = aggregation.get("value_as_string")
    return dt.date.fromisoformat(text[:10]) if aggregation.get("value") is not None and text else None


def hit_from_response(request: SearchRequest, raw: Mapping[str, Any], scored: bool) -> Hit:
    source = raw["_source"]
    highlights = []
    terms = query_terms(request.query)
    if request.highlight and terms:

        def field(name: str) -> AnalyzedText | None:
            return analyzed_from_source(source, name) if name in source.get("text", {}) else None

        found = best_highlight(request.level, field, terms)
        if found:
            highlights.append(found)
    score = raw.get("_score")
    if score is None and scored and raw.get("sort"):
        score = raw["sort"][0]
    return Hit(
        id=source["id"],
        protocol_id=source["protocol_id"],
        score=float(score) if scored and score is not None else None,
        date=dt.date.fromisoformat(source["date"]) if source.get("date") else None,
        display=source.get("display", {}),
        highlights=highlights,
    )


# ---------------------------------------------------------------- the connection


class CompatibleTransport(Transport):
    """Asks the server for the REST API of its own major version.

    The client marks every request `compatible-with=<client major>`; a 9.x client talking to an 8.x
    server is refused (400 media_type_header_exception). Before its first request this transport reads
    the server's version from `GET /` (plain JSON, which every version accepts) and rewrites the
    marker to it, unless a version is given (PROTOCOLS_ES_COMPATIBLE_WITH).
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.compatible_with: int | None = None
        self._negotiated = False
        self._lock = threading.Lock()

    def pin(self, version: int) -> None:
        """Use this compatibility version, without asking the server."""
        self.compatible_with = version
        self._negotiated = True

    def perform_request(self, method: str, target: str, *, headers: Any = None, **kwargs: Any) -> Any:  # type: ignore[override]
        if not self._negotiated and headers is not None:
            self._negotiate(headers)
        if self.compatible_with is not None and headers is not None:
            headers = compatible_headers(headers, self.compatible_with)
        return super().perform_request(method, target, headers=headers, **kwargs)

    def _negotiate(self, headers: Any) -> None:
        with self._lock:
            if self._negotiated:
                return
            plain = headers.copy()
            plain["accept"] = "application/json"
            plain.pop("content-type", None)
            meta, body = super().perform_request("GET", "/", headers=plain)
            # A refusal (403 for a key without the monitor privilege) leaves the client's own version.
            self.compatible_with = compatibility_for(body if 200 <= meta.status < 300 else None)
            self._negotiated = True


CLIENT_MAJOR = int(CLIENT_VERSION.partition(".")[0])
COMPATIBLE_MARKER = re.compile(r"compatible-with=\d+")


def compatibility_for(info: Any, client_major: int = CLIENT_MAJOR) -> int | None:
    """The version to ask for, given the body of `GET /`: the server's major if older than the client's."""
    if not isinstance(info, Mapping):
        return None
    number = str(info.get("version", {}).get("number", ""))
    if not number[:1].isdigit():
        return None
    server_major = int(number.partition(".")[0])
    return server_major if server_major < client_major else None


def compatible_headers(headers: Any, version: int) -> Any:
    """A copy of request headers asking for REST compatibility with `version`."""
    headers = headers.copy()
    for name in ("accept", "content-type"):
        value = headers.get(name)
        if value:
            headers[name] = COMPATIBLE_MARKER.sub(f"compatible-with={version}", value)
    return headers


def make_client(settings: Settings) -> Elasticsearch:
    if not settings.es_url:
        raise ValueError("не задан PROTOCOLS_ES_URL: укажите адрес кластера Elasticsearch")
    options: dict[str, Any] = {
        "request_timeout": settings.es_request_timeout,
        "retry_on_timeout": True,
        "max_retries": 3,
        "verify_certs": settings.es_verify_certs,
        "transport_class": CompatibleTransport,
    }
    if settings.es_ca_certs:
        options["ca_certs"] = str(settings.es_ca_certs)
    if settings.es_api_key:
        options["api_key"] = settings.es_api_key.get_secret_value()
    elif settings.es_username:
        password = settings.es_password.get_secret_value() if settings.es_password else ""
        options["basic_auth"] = (settings.es_username, password)
    client = Elasticsearch(settings.es_url, **options)
    if settings.es_compatible_with is not None and isinstance(client.transport, CompatibleTransport):
        client.transport.pin(settings.es_compatible_with)
    return client


# ---------------------------------------------------------------- the index


class ElasticsearchIndex(SearchIndex):
    name = "elasticsearch"

    def __init__(self, client: Elasticsearch, settings: Settings, targets: Targets | None = None) -> None:
        self.client = client
        self.settings = settings
        self.prefix = settings.es_index_prefix
        self.targets = targets or Targets.aliases(self.prefix)
        self._known_labels: set[tuple[str, str]] = set()

    @classmethod
    def from_settings(cls, settings: Settings) -> ElasticsearchIndex:
        index = cls(make_client(settings), settings)
        index.ensure()
        return index

    # ------------------------------------------------------------ generations and aliases

    def ensure(self) -> None:
        """Install the index template and, on a new cluster, the first generation behind the aliases."""
        self.client.indices.put_index_template(name=template_name(self.prefix), body=self._template())
        aliases = Targets.aliases(self.prefix)
        if all(self.client.indices.exists_alias(name=a).body for a in (aliases.protocols, aliases.decisions, aliases.labels)):
            live = self.current_indices()[aliases.protocols]
            if not all(name.startswith(generation_name(self.prefix, "")) for name in live):
                log.warning(
                    "the live indices %s have an older mapping than version %s: run `protocols reindex --to elasticsearch`",
                    live, MAPPING_VERSION,
                )
            return
        # A fixed name for the first generation: processes starting together create it once.
        initial = Targets.generation(self.prefix, BOOTSTRAP_STAMP)
        self._create_indices(initial, tolerate_existing=True)
        missing = [
            {"add": {"index": index, "alias": alias}}
            for alias, index in initial.pairs(self.prefix)
            if not self.client.indices.exists_alias(name=alias).body
        ]
        if missing:
            self.client.indices.update_aliases(actions=missing)

    def _template(self) -> dict[str, Any]:
        s = self.settings
        return index_template(self.prefix, shards=s.es_shards, replicas=s.es_replicas, max_result_window=s.max_result_window)

    def _create_indices(self, targets: Targets, *, tolerate_existing: bool = False) -> None:
        labels = labels_index_body(shards=self.settings.es_shards, replicas=self.settings.es_replicas)
        for name, body in ((targets.protocols, None), (targets.decisions, None), (targets.labels, labels)):
            try:
                if body is None:
                    self.client.indices.create(index=name)
                else:
                    self.client.indices.create(index=name, body=body)
            except BadRequestError as error:
                if not (tolerate_existing and error.error == "resource_already_exists_exception"):
                    raise

    def new_generation(self) -> ElasticsearchIndex:
        """A fresh, empty generation to fill (not searched until `promote`)."""
        targets = Targets.generation(self.prefix, new_stamp())
        self._create_indices(targets)
        return ElasticsearchIndex(self.client, self.settings, targets)

    def discard(self) -> None:
        """Delete this instance's own indices (a generation that will not be promoted)."""
        if self.targets == Targets.aliases(self.prefix):
            raise ValueError("refusing to discard the live indices behind the aliases")
        names = [index for _, index in self.targets.pairs(self.prefix)]
        self.client.indices.delete(index=",".join(names), ignore_unavailable=True)

    def current_indices(self) -> dict[str, list[str]]:
        """alias -> the indices it points at (none for an alias not there)."""
        found: dict[str, list[str]] = {}
        for alias, _ in Targets.aliases(self.prefix).pairs(self.prefix):
            try:
                found[alias] = sorted(self.client.indices.get_alias(name=alias).body)
            except NotFoundError:
                found[alias] = []
        return found

    def promote(self, generation: ElasticsearchIndex, *, drop_old: bool = True) -> list[str]:
        """Point the aliases at `generation` in one atomic `_aliases` request; returns the old indices
        (deleted unless `drop_old` is false)."""
        generation.refresh()
        current = self.current_indices()
        self.client.indices.update_aliases(actions=alias_swap_actions(self.prefix, generation.targets, current))
        new_names = {index for _, index in generation.targets.pairs(self.prefix)}
        old = sorted({index for indices in current.values() for index in indices} - new_names)
        if drop_old and old:
            self.client.indices.delete(index=",".join(old))
        return old

    def drop(self) -> None:
        """Delete every index and alias of this prefix, and its template (for tests and teardown)."""
        # By name: clusters refuse wildcard deletes (action.destructive_requires_name).
        found = self.client.indices.get(index=generation_name(self.prefix, "*"), expand_wildcards="all")
        if found.body:
            self.client.indices.delete(index=",".join(sorted(found.body)))
        try:
            self.client.indices.delete_index_template(name=template_name(self.prefix))
        except NotFoundError:
            pass

    # ------------------------------------------------------------ writing

    def index(self, protocols: Iterable[IndexedProtocol]) -> None:
        iterator = iter(protocols)
        while batch := list(itertools.islice(iterator, INDEX_BATCH)):
            old = self._decision_ids([bundle.id for bundle in batch])
            actions = [
                action
                for bundle in batch
                for action in bulk_actions(bundle, old.get(bundle.id, ()), self.targets, self._known_labels)
            ]
            try:
                self._bulk(actions)
            except BaseException:
                self._known_labels.clear()  # some labels may not have been created after all
                raise
        if len(self._known_labels) > 500_000:
            self._known_labels.clear()

    def _decision_ids(self, protocol_ids: list[str]) -> dict[str, list[str]]:
        """The decision ids stored with each protocol (a realtime get: sees writes not yet refreshed)."""
        response = self.client.mget(index=self.targets.protocols, ids=protocol_ids, source_includes=["stored"]).body
        return {
            doc["_id"]: doc.get("_source", {}).get("stored", {}).get("decision_ids", [])
            for doc in response["docs"]
            if doc.get("found")
        }

    def _bulk(self, actions: list[dict[str, Any]]) -> None:
        failures = []
        for ok, item in streaming_bulk(
            self.client, actions, chunk_size=self.settings.es_bulk_chunk_size, raise_on_error=False, max_retries=3
        ):
            if not ok and not _benign_bulk_failure(item):
                failures.append(item)
        if failures:
            raise IndexingError(failures)

    def delete(self, protocol_id: str) -> bool:
        old = self._decision_ids([protocol_id])
        if protocol_id not in old:
            return False
        actions = [{"_op_type": "delete", "_index": self.targets.protocols, "_id": protocol_id}]
        actions += [{"_op_type": "delete", "_index": self.targets.decisions, "_id": d} for d in old[protocol_id]]
        self._bulk(actions)
        return True

    def clear(self) -> None:
        # delete_by_query sees what is searchable: make the latest writes so first.
        self.refresh()
        for target in (self.targets.protocols, self.targets.decisions):
            self.client.delete_by_query(
                index=target, query={"match_all": {}}, conflicts="proceed", refresh=True, wait_for_completion=True
            )

    def refresh(self) -> None:
        self.client.indices.refresh(index=",".join((self.targets.protocols, self.targets.decisions, self.targets.labels)))

    def close(self) -> None:
        self.client.close()

    # ------------------------------------------------------------ reading

    def count(self, level: Level = Level.PROTOCOLS) -> int:
        return int(self.client.count(index=self.targets.of(level))["count"])

    def get(self, doc_id: str, level: Level = Level.PROTOCOLS) -> IndexDoc | None:
        try:
            response = self.client.get(index=self.targets.of(level), id=doc_id)
        except NotFoundError:
            return None
        return document_from_source(response.body["_source"], level)

    def search(self, request: SearchRequest) -> SearchResult:
        response = self.client.search(index=self.targets.of(request.level), body=search_body(request)).body
        aggregations = response.get("aggregations", {})
        labels = self._labels(request, aggregations)
        scored = request.sort == "relevance" and has_positive_terms(request.query)
        dates = aggregations.get("dates", {})
        return SearchResult(
            total=int(response["hits"]["total"]["value"]),
            hits=[hit_from_response(request, raw, scored) for raw in response["hits"]["hits"]],
            facets=facets_from_response(request, aggregations, labels),
            date_min=_date_value(dates.get("min", {})),
            date_max=_date_value(dates.get("max", {})),
        )

    def _labels(self, request: SearchRequest, aggregations: Mapping[str, Any]) -> dict[tuple[str, str], str]:
        wanted = [
            (facet.field, bucket["key"])
            for facet in request.facets if facet.field not in DATE_FACETS
            for bucket in aggregations[f"facet_{facet.field}"]["values"]["buckets"]
        ]
        if not wanted:
            return {}
        response = self.client.mget(index=self.targets.labels, ids=[label_id(f, k) for f, k in wanted]).body
        labels: dict[tuple[str, str], str] = {}
        for doc in response["docs"]:
            if doc.get("found"):
                source = doc["_source"]
                labels[(source["field"], source["key"])] = source["label"]
        return labels

    def scan(self, request: SearchRequest) -> Iterator[Hit]:
        plain = SearchRequest(level=request.level, query=request.query, sort=request.sort, highlight=False)
        scored = request.sort == "relevance" and has_positive_terms(request.query)
        pit_id = self.client.open_point_in_time(index=self.targets.of(request.level), keep_alive=SCAN_KEEP_ALIVE)["id"]
        try:
            search_after = None
            while True:
                response = self.client.search(body=scan_body(request, pit_id, search_after)).body
                pit_id = response.get("pit_id", pit_id)
                hits = response["hits"]["hits"]
                if not hits:
                    return
                for raw in hits:
                    yield hit_from_response(plain, raw, scored)
                search_after = hits[-1]["sort"]
        finally:
            try:
                self.client.close_point_in_time(id=pit_id)
            except (NotFoundError, AuthorizationException):
                pass


# ---------------------------------------------------------------- copying the store in


@dataclass
class CopyReport:
    indices: list[str]
    copied: int
    caught_up: int
    removed: int
    dropped_indices: list[str]


def copy_store(
    service: ProtocolService, target: ElasticsearchIndex, progress: Callable[[int, int], None] | None = None,
    *, drop_old: bool = True,
) -> CopyReport:
    """Copy every stored protocol into a new generation of `target`, then move the aliases to it.

    Searches keep answering from the old generation until the swap. Writes that land meanwhile go to
    the old generation, so after the swap the protocols added to (or deleted from) the store during
    the copy are indexed into (or deleted from) the new one.
    """
    before = set(service.store.ids())
    generation = target.new_generation()
    try:
        copied = service.rebuild_index(target=generation, progress=progress)
    except BaseException:
        generation.discard()
        raise
    dropped = target.promote(generation, drop_old=drop_old)
    after = set(service.store.ids())
    added = sorted(after - before)
    bundles = []
    for protocol_id in added:
        record = service.store.get(protocol_id)
        if record is None:
            continue
        keys = service.store.measure_keys(protocol_id)
        labels = service.store.measure_labels([k for k in keys if k])
        bundles.append(service.documents.build(protocol_id, record, keys, labels))
    target.index(bundles)
    removed = [protocol_id for protocol_id in sorted(before - after) if target.delete(protocol_id)]
    target.refresh()
    return CopyReport(
        indices=[index for _, index in generation.targets.pairs(target.prefix)],
        copied=copied, caught_up=len(bundles), removed=len(removed), dropped_indices=dropped,
    )

