"""The service layer the HTTP routes, the CLI and the ingest workers share.

Ingest is read → extract → store → index. The store is the source of truth and idempotent on the
original's sha256; the index is derived from it, so a duplicate also makes sure its protocol is
indexed (a crash between storing and indexing heals on the next attempt). Deleting removes from
the index first for the same reason.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from extract import EXTRACTOR_VERSION
from extract.pipeline import Extractor
from ingest.errors import IngestError
from ingest.reading import protocol_from_text, read_file, sha256_of
from protocols.model import MeetingProtocol
from protocols.settings import Settings, get_settings
from search_api.documents import DocumentBuilder, keyword_key, squeeze
from search_api.errors import InvalidRequest, NotFound
from search_api.index import open_index
from search_api.index.base import (
    FACET_FIELDS,
    FacetRequest,
    Filters,
    Hit,
    Level,
    SearchIndex,
    SearchRequest,
    SearchResult,
)
from search_api.measures import MeasureKeyer
from search_api.params import SearchParams
from search_api.query import QueryParser
from search_api.schemas import (
    DecisionHit,
    DecisionMeasure,
    DecisionPage,
    FacetBucketOut,
    FacetOut,
    Health,
    HighlightOut,
    MeasureList,
    MeasureRef,
    MeasureSummary,
    MeasureTimeline,
    ProtocolHit,
    ProtocolPage,
    ProtocolView,
    StoredInfo,
)
from search_api.store import ProtocolStore

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
}
# Months in a measure's timeline: every month of 50 years fits.
TIMELINE_MONTHS = 600
EXPORT_COLUMNS = (
    ("decision_id", "id решения"), ("protocol_id", "id протокола"), ("date", "дата"), ("kind", "вид заседания"),
    ("protocol_number", "номер протокола"), ("organization", "организация"), ("filename", "файл"),
    ("agenda_item", "вопрос повестки"), ("agenda", "текст вопроса"), ("number", "номер решения"),
    ("text", "решение"), ("responsible", "ответственный"), ("deadline", "срок"), ("measure_key", "ключ меры"),
    ("measure", "мера"), ("named_schools", "организации в решении"), ("span_start", "начало в тексте"),
    ("span_end", "конец в тексте"),
)


# How a filter's values become facet keys (schools: ProtocolService._school_keys, with the extraction's lemmas).
FILTER_KEYS: dict[str, Callable[[str], str]] = {
    "school": squeeze, "speaker": squeeze, "participant": squeeze, "kind": keyword_key, "organization": keyword_key,
    "responsible": keyword_key, "measure": str.strip, "protocol": str.strip, "year": str.strip, "month": str.strip,
}


@dataclass(frozen=True)
class IngestOutcome:
    protocol_id: str
    status: Literal["added", "duplicate"]
    filename: str
    sha256: str
    duplicate_of: str | None = None
    decisions: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class OriginalFile:
    path: Path
    filename: str
    media_type: str
    size: int


@dataclass
class ReindexReport:
    total: int = 0
    done: int = 0
    failed: list[tuple[str, str, str]] = field(default_factory=list)


Progress = Callable[[int, int], None]


class ProtocolService:
    """One per process: it holds the store, the index and (lazily) the NLP models."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        store: ProtocolStore | None = None,
        index: SearchIndex | None = None,
        extractor: Extractor | None = None,
    ) -> None:
        self.settings = settings or get_settings()
        self.store = store or ProtocolStore.from_settings(self.settings)
        self.index = index or open_index(self.settings)
        self._extractor = extractor

    @cached_property
    def extractor(self) -> Extractor:
        return self._extractor or Extractor()

    @cached_property
    def documents(self) -> DocumentBuilder:
        return DocumentBuilder(self.extractor.lemmatizer)

    @cached_property
    def measure_keyer(self) -> MeasureKeyer:
        return MeasureKeyer(self.extractor.tools.morph, self.extractor.lemmatizer)

    @cached_property
    def query_parser(self) -> QueryParser:
        return QueryParser(self.extractor.lemmatizer, self.extractor.tools.morph)

    def close(self) -> None:
        self.index.close()
        self.store.close()

    # ------------------------------------------------------------ ingest

    def ingest_file(self, path: Path, filename: str | None = None) -> IngestOutcome:
        """Read, extract, store and index one .docx/.pdf; the same bytes again change nothing."""
        path = Path(path)
        name = filename or path.name
        sha = sha256_of(path)
        existing = self.store.find_by_sha256(sha)
        if existing is not None:
            return self._duplicate(existing, name, sha)
        protocol = read_file(path, settings=self.settings, filename=name)
        return self._ingest(protocol, lambda: self.store.save_original(path, protocol.source.sha256))

    def ingest_text(self, text: str, filename: str) -> IngestOutcome:
        """A plain-text protocol (the gold annotations' .txt); its UTF-8 bytes are kept as the original."""
        protocol = protocol_from_text(text, filename)
        existing = self.store.find_by_sha256(protocol.source.sha256)
        if existing is not None:
            return self._duplicate(existing, filename, protocol.source.sha256)
        data = text.encode("utf-8")
        return self._ingest(protocol, lambda: self.store.save_original_bytes(data, protocol.source.sha256))

    def _ingest(self, protocol: MeetingProtocol, save_original: Callable[[], Path]) -> IngestOutcome:
        extracted = self.extractor.extract(protocol)
        signatures = [self.measure_keyer.signature(d.text) for d in extracted.decisions]
        save_original()
        result = self.store.add(extracted, signatures)
        if not result.added:  # another worker stored the same bytes meanwhile
            return self._duplicate(result.protocol_id, extracted.source.filename, extracted.source.sha256)
        self._index_protocol(result.protocol_id, extracted, result.measure_keys)
        return IngestOutcome(
            protocol_id=result.protocol_id, status="added", filename=extracted.source.filename,
            sha256=extracted.source.sha256, decisions=len(extracted.decisions),
            warnings=[w.code for w in extracted.warnings],
        )

    def _duplicate(self, protocol_id: str, filename: str, sha: str) -> IngestOutcome:
        if self.index.get(protocol_id) is None:
            record = self.store.get(protocol_id)
            if record is not None:
                self._index_protocol(protocol_id, record, self.store.measure_keys(protocol_id))
        return IngestOutcome(protocol_id=protocol_id, status="duplicate", filename=filename, sha256=sha, duplicate_of=protocol_id)

    def _index_protocol(self, protocol_id: str, record: MeetingProtocol, measure_keys: list[str | None], target: SearchIndex | None = None) -> None:
        labels = self.store.measure_labels([k for k in measure_keys if k])
        (target or self.index).index([self.documents.build(protocol_id, record, measure_keys, labels)])

    def delete_protocol(self, protocol_id: str) -> bool:
        in_index = self.index.delete(protocol_id)
        in_store = self.store.delete(protocol_id)
        return in_index or in_store

    def reextract_all(self, progress: Progress | None = None, *, only_outdated: bool = False) -> ReindexReport:
        """Re-extract every stored original with the current extractor and re-index it."""
        ids = self.store.ids(extractor_version_not=EXTRACTOR_VERSION if only_outdated else None)
        report = ReindexReport(total=len(ids))
        for n, protocol_id in enumerate(ids, 1):
            info = self.store.info(protocol_id)
            if info is None:  # deleted meanwhile
                continue
            try:
                original = self.store.original_path(info.sha256)
                if info.format == "txt":
                    protocol = protocol_from_text(original.read_text(encoding="utf-8"), info.filename)
                else:
                    protocol = read_file(original, settings=self.settings, filename=info.filename)
                extracted = self.extractor.extract(protocol)
                signatures = [self.measure_keyer.signature(d.text) for d in extracted.decisions]
                keys = self.store.replace(protocol_id, extracted, signatures)
                self._index_protocol(protocol_id, extracted, keys)
                report.done += 1
            except IngestError as error:
                report.failed.append((protocol_id, error.code, error.message))
            except FileNotFoundError:
                report.failed.append((protocol_id, "missing", "Исходный файл не найден в хранилище"))
            if progress:
                progress(n, report.total)
        return report

    def rebuild_index(self, target: SearchIndex | None = None, progress: Progress | None = None) -> int:
        """Fill an index (this service's by default) from the store, without re-extracting."""
        target = target or self.index
        target.clear()
        total = self.store.count()
        count = 0
        batch = []
        for protocol_id, record, keys in self.store.iter_records():
            labels = self.store.measure_labels([k for k in keys if k])
            batch.append(self.documents.build(protocol_id, record, keys, labels))
            count += 1
            if len(batch) >= 200:
                target.index(batch)
                batch = []
                if progress:
                    progress(count, total)
        if batch:
            target.index(batch)
        target.refresh()
        if progress:
            progress(count, total)
        return count

    # ------------------------------------------------------------ reading

    def get_protocol(self, protocol_id: str) -> ProtocolView:
        info = self.store.info(protocol_id)
        record = self.store.get(protocol_id) if info else None
        if info is None or record is None:
            raise NotFound(f"Протокол {protocol_id} не найден")
        keys = self.store.measure_keys(protocol_id)
        labels = self.store.measure_labels([k for k in keys if k])
        return ProtocolView(
            id=protocol_id,
            stored=StoredInfo(
                sha256=info.sha256, filename=info.filename, format=info.format, size=info.size,
                extractor_version=info.extractor_version, added_at=info.added_at, updated_at=info.updated_at,
            ),
            decisions=[
                DecisionMeasure(
                    id=f"{protocol_id}-{ordinal}", ordinal=ordinal,
                    measure=MeasureRef(key=key, label=labels.get(key, key)) if key else None,
                )
                for ordinal, key in enumerate(keys, 1)
            ],
            record=record,
        )

    def original_file(self, protocol_id: str) -> OriginalFile:
        info = self.store.info(protocol_id)
        if info is None:
            raise NotFound(f"Протокол {protocol_id} не найден")
        path = self.store.original_path(info.sha256)
        if not path.exists():
            raise NotFound(f"Исходный файл протокола {protocol_id} не найден в хранилище")
        return OriginalFile(path=path, filename=info.filename, media_type=MEDIA_TYPES[info.format], size=info.size)

    def warm_up(self) -> None:
        """Open everything a search needs (the index's columns, the lemmatizer) before the first one."""
        self.search_protocols(SearchParams(q="протокол", limit=0))
        self.search_decisions(SearchParams(limit=0))

    def health(self) -> Health:
        return Health(
            status="ok", protocols=self.store.count(), indexed_protocols=self.index.count(Level.PROTOCOLS),
            indexed_decisions=self.index.count(Level.DECISIONS), index=self.index.name, extractor_version=EXTRACTOR_VERSION,
        )

    # ------------------------------------------------------------ search

    def search_protocols(self, params: SearchParams) -> ProtocolPage:
        request = self._request(params, Level.PROTOCOLS)
        result = self.index.search(request)
        return ProtocolPage(
            **self._page_info(result, request), hits=[self._protocol_hit(h) for h in result.hits],
            facets=self._facets_out(result),
        )

    def search_decisions(self, params: SearchParams) -> DecisionPage:
        request = self._request(params, Level.DECISIONS)
        result = self.index.search(request)
        return self._decision_page(result, request)

    def measures(self, params: SearchParams) -> MeasureList:
        """Measures among the decisions matching the query and filters, most frequent first."""
        limit, offset = self._window(params)
        decisions = self.index.search(self._request(
            params.model_copy(update={"limit": 0, "offset": 0}), Level.DECISIONS,
            facets=(FacetRequest("measure", offset + limit),),
        ))
        facet = decisions.facets["measure"]
        buckets = facet.buckets[offset:offset + limit]
        keys = tuple(b.key for b in buckets)
        protocol_counts: dict[str, int] = {}
        if keys:
            protocols = self.index.search(SearchRequest(
                level=Level.PROTOCOLS, filters=self._protocol_filters(params), limit=0, highlight=False,
                facets=(FacetRequest("measure", len(keys), include=keys),),
            ))
            protocol_counts = {b.key: b.count for b in protocols.facets["measure"].buckets}
        labels = self.store.measure_labels(list(keys))
        return MeasureList(
            total=facet.distinct, offset=offset, limit=limit,
            measures=[
                MeasureSummary(key=b.key, label=labels.get(b.key, b.label), decisions=b.count,
                               protocols=protocol_counts.get(b.key, 0))
                for b in buckets
            ],
        )

    def measure_timeline(self, key: str, params: SearchParams) -> MeasureTimeline:
        """How often one measure was decided: when, in how many protocols, for which schools, and where."""
        measure = self.store.measure(key)
        if measure is None:
            raise NotFound(f"Мера «{key}» не найдена")
        scoped = params.model_copy(update={"measure": [key]})
        if scoped.sort == "relevance" and not scoped.q:
            scoped = scoped.model_copy(update={"sort": "date_asc"})
        request = self._request(scoped, Level.DECISIONS, facets=(
            FacetRequest("year", TIMELINE_MONTHS, "key"),
            FacetRequest("month", TIMELINE_MONTHS, "key"),
            FacetRequest("school", self._facet_size(params)),
            FacetRequest("protocol", 1),
        ))
        result = self.index.search(request)
        facets = self._facets_out(result)
        return MeasureTimeline(
            key=key, label=measure.label,
            signature={"verb": measure.verb, "object": measure.object, "complement": measure.complement},
            decisions=result.total, protocols=result.facets["protocol"].distinct,
            first_date=result.date_min, last_date=result.date_max,
            by_year=facets["year"].buckets, by_month=facets["month"].buckets, by_school=facets["school"],
            occurrences=self._decision_page(result, request, facets={}),
        )

    def export_decisions(self, params: SearchParams, fmt: Literal["csv", "jsonl"]) -> Iterator[bytes]:
        """Every decision matching the query and filters (no page cap), streamed."""
        request = self._request(params.model_copy(update={"limit": 0, "offset": 0}), Level.DECISIONS, facets=())
        rows = self._export_rows(self.index.scan(request))
        if fmt == "jsonl":
            return (json.dumps(row, ensure_ascii=False).encode("utf-8") + b"\n" for row in rows)
        return self._csv(rows)

    def _export_rows(self, hits: Iterator[Hit]) -> Iterator[dict]:
        batch: list[Hit] = []
        for hit in hits:
            batch.append(hit)
            if len(batch) == 500:
                yield from self._export_batch(batch)
                batch = []
        yield from self._export_batch(batch)

    def _export_batch(self, hits: list[Hit]) -> Iterator[dict]:
        labels = self.store.measure_labels([h.display["measure"] for h in hits if h.display.get("measure")])
        for hit in hits:
            d = hit.display
            protocol = d.get("protocol", {})
            measure = d.get("measure")
            yield {
                "decision_id": hit.id, "protocol_id": hit.protocol_id, "date": protocol.get("date"),
                "kind": protocol.get("kind"), "protocol_number": protocol.get("number"),
                "organization": protocol.get("organization"), "filename": protocol.get("filename"),
                "agenda_item": d.get("agenda_item"), "agenda": d.get("agenda"), "number": d.get("number"),
                "text": d.get("text"), "responsible": d.get("responsible"), "deadline": d.get("deadline"),
                "measure_key": measure, "measure": labels.get(measure, measure) if measure else None,
                "named_schools": "; ".join(d.get("named_schools", [])),
                "span_start": d["span"]["start"], "span_end": d["span"]["end"],
            }

    @staticmethod
    def _csv(rows: Iterator[dict]) -> Iterator[bytes]:
        """UTF-8 with BOM, ";" between fields, CRLF: what Russian Excel opens as a table without asking."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
        writer.writerow([title for _, title in EXPORT_COLUMNS])
        yield "\ufeff".encode() + buffer.getvalue().encode("utf-8")
        for n, row in enumerate(rows, 1):
            if n % 200 == 1:
                buffer.seek(0)
                buffer.truncate()
            writer.writerow(["" if row[name] is None else row[name] for name, _ in EXPORT_COLUMNS])
            if n % 200 == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
        if buffer.getvalue():
            yield buffer.getvalue().encode("utf-8")

    # ------------------------------------------------------------ helpers

    def _window(self, params: SearchParams) -> tuple[int, int]:
        limit = self.settings.page_size if params.limit is None else params.limit
        if limit < 0 or limit > self.settings.max_page_size:
            raise InvalidRequest(f"limit должен быть от 0 до {self.settings.max_page_size}")
        if params.offset < 0:
            raise InvalidRequest("offset не может быть отрицательным")
        if params.offset + limit > self.settings.max_result_window:
            raise InvalidRequest(
                f"Можно пролистать не дальше {self.settings.max_result_window}-го результата: уточните запрос или"
                " фильтры, или выгрузите всё через /export/decisions.csv"
            )
        return limit, params.offset

    def _facet_size(self, params: SearchParams) -> int:
        size = self.settings.facet_size if params.facet_size is None else params.facet_size
        if size < 1 or size > self.settings.max_facet_size:
            raise InvalidRequest(f"facet_size должен быть от 1 до {self.settings.max_facet_size}")
        return size

    def _request(self, params: SearchParams, level: Level, *, facets: tuple[FacetRequest, ...] | None = None) -> SearchRequest:
        """`facets` None: every facet of the level, sized by the params (or none if they say so)."""
        limit, offset = self._window(params)
        if facets is None:
            size = self._facet_size(params)
            facets = tuple(FacetRequest(f, size) for f in FACET_FIELDS[level] if f != "protocol") if params.facets else ()
        query = self.query_parser.parse(params.q)
        return SearchRequest(
            level=level, query=query, filters=self._filters(params, level), sort=params.sort,
            offset=offset, limit=limit, facets=facets,
        )

    def _filters(self, params: SearchParams, level: Level) -> Filters:
        if params.date_from and params.date_to and params.date_from > params.date_to:
            raise InvalidRequest("date_from позже date_to")
        terms: dict[str, tuple[str, ...]] = {}
        for name in FILTER_KEYS:
            values = [v for v in self.filter_keys(name, [str(v) for v in getattr(params, name)]) if v]
            if not values:
                continue
            if name not in FACET_FIELDS[level]:
                raise InvalidRequest(f"Фильтр {name} не применяется к {'протоколам' if level is Level.PROTOCOLS else 'решениям'}")
            terms[name] = tuple(dict.fromkeys(values))
        return Filters(terms=terms, date_from=params.date_from, date_to=params.date_to)

    def filter_keys(self, field: str, values: list[str]) -> list[str]:
        """The facet keys that filter values select: a school's name as written selects its canonical key
        (and a key itself), names and kinds are normalized as the index's keywords are."""
        if field == "school":
            return self._school_keys(values)
        return [FILTER_KEYS[field](v) for v in values]

    def _protocol_filters(self, params: SearchParams) -> Filters:
        """The filters of a decision search that apply to protocols too."""
        return self._filters(params.model_copy(update={"responsible": [], "protocol": []}), Level.PROTOCOLS)

    def _school_keys(self, values: list[str]) -> list[str]:
        """A school filter takes a facet key or a name as written; both become the extraction's canonical key."""
        from extract.schools import org_key

        keys: list[str] = []
        for value in values:
            value = squeeze(value)
            if value:
                keys += [value, org_key(value, self.extractor.lemmatizer)]
        return keys

    @staticmethod
    def _page_info(result: SearchResult, request: SearchRequest) -> dict:
        return {
            "total": result.total, "offset": request.offset, "limit": request.limit,
            "date_min": result.date_min, "date_max": result.date_max,
        }

    def _facets_out(self, result: SearchResult) -> dict[str, FacetOut]:
        out = {}
        for name, facet in result.facets.items():
            labels = self.store.measure_labels([b.key for b in facet.buckets]) if name == "measure" else {}
            out[name] = FacetOut(
                buckets=[FacetBucketOut(key=b.key, label=labels.get(b.key, b.label), count=b.count) for b in facet.buckets],
                other=facet.other,
            )
        return out

    @staticmethod
    def _highlights(hit: Hit) -> tuple[str | None, list[HighlightOut]]:
        highlights = [HighlightOut(field=h.field, snippet=h.snippet, matches=h.matches) for h in hit.highlights]
        return (highlights[0].snippet if highlights else None), highlights

    def _protocol_hit(self, hit: Hit) -> ProtocolHit:
        d = hit.display
        snippet, highlights = self._highlights(hit)
        return ProtocolHit(
            id=hit.id, date=hit.date, title=d["title"], kind=d.get("kind"), number=d.get("number"),
            organization=d.get("organization"), filename=d["filename"], format=d["format"], schools=d.get("schools", []),
            agenda=d.get("agenda", []), decisions=d.get("decisions", 0), score=hit.score, snippet=snippet,
            highlights=highlights,
        )

    def _decision_hit(self, hit: Hit, labels: dict[str, str]) -> DecisionHit:
        d = hit.display
        snippet, highlights = self._highlights(hit)
        measure = d.get("measure")
        return DecisionHit(
            id=hit.id, protocol_id=hit.protocol_id, ordinal=d["ordinal"], number=d.get("number"), text=d["text"],
            responsible=d.get("responsible"), deadline=d.get("deadline"), agenda_item=d.get("agenda_item"),
            agenda=d.get("agenda"), date=hit.date, span=d["span"],
            measure=MeasureRef(key=measure, label=labels.get(measure, measure)) if measure else None,
            named_schools=d.get("named_schools", []), protocol=d["protocol"], score=hit.score, snippet=snippet,
            highlights=highlights,
        )

    def _decision_page(self, result: SearchResult, request: SearchRequest, facets: dict | None = None) -> DecisionPage:
        labels = self.store.measure_labels([h.display["measure"] for h in result.hits if h.display.get("measure")])
        return DecisionPage(
            **self._page_info(result, request), hits=[self._decision_hit(h, labels) for h in result.hits],
            facets=self._facets_out(result) if facets is None else facets,
        )


_services: dict[str, ProtocolService] = {}


def get_service(settings: Settings | None = None) -> ProtocolService:
    """One service per process and settings (it holds connections and NLP models)."""
    settings = settings or get_settings()
    key = settings.model_dump_json()
    if key not in _services:
        _services[key] = ProtocolService(settings)
    return _services[key]
