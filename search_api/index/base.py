"""The search index interface every backend implements, and its backend-neutral documents and queries.

Two levels of documents: one per protocol and one per decision. Documents arrive already analyzed
(lemmas and their offsets in the original text, made by `search_api.documents` with the extraction's
`Lemmatizer`), so a backend needs no NLP and morphology is the same on every backend. A query arrives
already parsed into lemmas (`search_api.query.parse_query`), so no user text reaches a backend's
query syntax.

Filter and facet semantics (the usual multi-select faceted search):
- values of one field are OR-ed (school A or school B), fields are AND-ed, dates are inclusive;
- the counts of facet F are computed over the documents matching the query and every filter except
  the filters on F itself, so a user can widen a selection; buckets are ordered by count (desc,
  then key asc) or by key (asc), and capped at the requested size; `other` sums the counts left off.
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Literal

from protocols.settings import Settings


class Level(StrEnum):
    PROTOCOLS = "protocols"
    DECISIONS = "decisions"


# Searchable fields per level with their bm25 weights: agenda and decisions rank above the body.
SEARCH_FIELDS: dict[Level, dict[str, float]] = {
    Level.PROTOCOLS: {"title": 4.0, "agenda": 4.0, "decisions": 3.0, "body": 1.0},
    Level.DECISIONS: {"text": 4.0, "responsible": 2.0, "agenda": 1.0},
}

# The fields a hit's snippet is cut from: the first one with a match (`snippets.best_highlight`).
SNIPPET_FIELDS: dict[Level, tuple[str, ...]] = {
    Level.PROTOCOLS: ("body",),
    Level.DECISIONS: ("text", "agenda", "responsible"),
}
SNIPPET_FIELD: dict[Level, str] = {level: fields[0] for level, fields in SNIPPET_FIELDS.items()}

# Keyword fields: filterable and facetable. "protocol" (decisions only) filters the decisions of one protocol.
FACET_FIELDS: dict[Level, tuple[str, ...]] = {
    Level.PROTOCOLS: ("school", "speaker", "participant", "kind", "organization", "year", "month", "measure"),
    Level.DECISIONS: (
        "school", "responsible", "speaker", "kind", "organization", "year", "month", "measure", "protocol",
    ),
}


# ---------------------------------------------------------------- documents


@dataclass(slots=True)
class AnalyzedText:
    """An original text and its tokens: lemma i spans text[starts[i]:ends[i]]."""

    text: str
    lemmas: list[str]
    starts: list[int]
    ends: list[int]

    def lemma_text(self) -> str:
        return " ".join(self.lemmas)


@dataclass(frozen=True, slots=True)
class Keyword:
    """A facet value: `key` is what filters match, `label` is what people read."""

    key: str
    label: str


@dataclass(slots=True)
class IndexDoc:
    """One searchable document: a protocol or a decision.

    `keywords` maps facet fields (FACET_FIELDS[level]) to values; `fields` maps searchable fields
    (SEARCH_FIELDS[level]) to analyzed text; `display` is the JSON-able summary returned with hits.
    """

    id: str
    level: Level
    protocol_id: str
    date: dt.date | None
    keywords: dict[str, list[Keyword]]
    fields: dict[str, AnalyzedText]
    display: dict[str, Any]


@dataclass(slots=True)
class IndexedProtocol:
    """The unit of indexing: a protocol document and all its decision documents."""

    protocol: IndexDoc
    decisions: list[IndexDoc] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.protocol.id


# ---------------------------------------------------------------- queries


@dataclass(frozen=True, slots=True)
class TermQuery:
    """One lemma; `prefix` matches every lemma starting with it."""

    lemma: str
    prefix: bool = False


@dataclass(frozen=True, slots=True)
class PhraseQuery:
    """Lemmas in this order, adjacent."""

    lemmas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AndQuery:
    """All of `must` and none of `must_not`; `must` may be empty only at the top of a query."""

    must: tuple[QueryNode, ...]
    must_not: tuple[QueryNode, ...] = ()


@dataclass(frozen=True, slots=True)
class OrQuery:
    should: tuple[QueryNode, ...]


QueryNode = TermQuery | PhraseQuery | AndQuery | OrQuery


def query_terms(node: QueryNode | None) -> list[TermQuery]:
    """The positive terms of a query (phrase words included), for highlighting."""
    if node is None:
        return []
    if isinstance(node, TermQuery):
        return [node]
    if isinstance(node, PhraseQuery):
        return [TermQuery(lemma) for lemma in node.lemmas]
    if isinstance(node, AndQuery):
        return [t for child in node.must for t in query_terms(child)]
    return [t for child in node.should for t in query_terms(child)]


@dataclass(frozen=True, slots=True)
class Filters:
    """`terms[field]` lists accepted keys of a keyword field; dates are inclusive bounds."""

    terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def without(self, field_name: str) -> Filters:
        """These filters minus the ones on `field_name` (for that field's facet counts)."""
        return Filters(
            {k: v for k, v in self.terms.items() if k != field_name}, self.date_from, self.date_to
        )


@dataclass(frozen=True, slots=True)
class FacetRequest:
    """`include`, when given, limits the buckets to these keys (ES: a terms aggregation's `include` list)."""

    field: str
    size: int = 20
    order: Literal["count", "key"] = "count"
    include: tuple[str, ...] = ()


Sort = Literal["relevance", "date_desc", "date_asc"]


@dataclass(frozen=True, slots=True)
class SearchRequest:
    """What to find. With no query every document matches; "relevance" then falls back to date_desc.

    Ties are broken by id, so paging is stable.
    """

    level: Level = Level.PROTOCOLS
    query: QueryNode | None = None
    filters: Filters = Filters()
    sort: Sort = "relevance"
    offset: int = 0
    limit: int = 20
    facets: tuple[FacetRequest, ...] = ()
    highlight: bool = True


# ---------------------------------------------------------------- results


@dataclass(slots=True)
class Highlight:
    """A snippet of a field's original text: `snippet` has matches wrapped in <mark>…</mark> and the
    rest HTML-escaped; `matches` are the matched words as [start, end) offsets into the field's text."""

    field: str
    snippet: str
    matches: list[tuple[int, int]]


@dataclass(slots=True)
class Hit:
    id: str
    protocol_id: str
    score: float | None
    date: dt.date | None
    display: dict[str, Any]
    highlights: list[Highlight] = field(default_factory=list)


@dataclass(slots=True)
class FacetBucket:
    key: str
    label: str
    count: int


@dataclass(slots=True)
class Facet:
    """`other` sums the counts left off the buckets; `distinct` is how many values have a count
    (ES: a cardinality aggregation, exact below its precision threshold)."""

    field: str
    buckets: list[FacetBucket]
    other: int = 0
    distinct: int = 0


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    facets: dict[str, Facet]
    date_min: dt.date | None = None
    date_max: dt.date | None = None


class SearchIndex(ABC):
    """A search backend. Implementations register in `search_api.index.BACKENDS`."""

    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def from_settings(cls, settings: Settings) -> SearchIndex:
        """Open (creating if needed) the index the settings point at."""

    @abstractmethod
    def index(self, protocols: Iterable[IndexedProtocol]) -> None:
        """Add or replace each protocol with all its decisions (old decisions of that protocol go)."""

    @abstractmethod
    def delete(self, protocol_id: str) -> bool:
        """Remove a protocol and its decisions; False if it was not there."""

    @abstractmethod
    def get(self, doc_id: str, level: Level = Level.PROTOCOLS) -> IndexDoc | None:
        """One document as indexed."""

    @abstractmethod
    def search(self, request: SearchRequest) -> SearchResult:
        """Hits of one page, the total, the requested facets and the date range of all matches."""

    def facets(
        self, level: Level, facets: Sequence[FacetRequest], filters: Filters = Filters(), query: QueryNode | None = None
    ) -> dict[str, Facet]:
        """Facet counts alone (a search with no hits)."""
        request = SearchRequest(level=level, query=query, filters=filters, limit=0, facets=tuple(facets), highlight=False)
        return self.search(request).facets

    @abstractmethod
    def scan(self, request: SearchRequest) -> Iterator[Hit]:
        """Every match in the request's order, beyond any page cap (for exports): hits without
        highlights; ignores offset, limit and facets."""

    @abstractmethod
    def count(self, level: Level = Level.PROTOCOLS) -> int:
        """How many documents of a level are indexed."""

    @abstractmethod
    def clear(self) -> None:
        """Remove every document."""

    def refresh(self) -> None:
        """Make everything indexed so far visible to searches (a no-op where that is immediate)."""

    def close(self) -> None:
        """Release connections."""
