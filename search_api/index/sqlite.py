"""The embedded index: SQLite FTS5 over lemmas, with facets and filters counted in memory.

Layout (one file, `settings.index_path`, WAL), per level L ∈ {p: protocols, d: decisions}:
- `L_docs`: rowid, id, protocol_id, date (days since 1970), display JSON, payload (zlib JSON: each
  field's original text, lemmas and token offsets, and the keywords), never-reused rowids;
- `L_fts`: a contentless FTS5 table of the lemmas, one column per searchable field (bm25 weights
  from `SEARCH_FIELDS`); deleting feeds it the old lemmas from the payload;
- `L_kw`: (rowid, vid) pairs into `keywords` (vid, field, key, label);
- `changes`: a log of added and deleted rowids.

Filters and facet counts run on numpy columns (live flags, dates, keyword pairs) that each process
keeps in memory and brings up to date from `changes` before a search, so other processes' writes are
seen at once and no per-row Python work happens in a query: FTS5 gives the matching rowids in one
`group_concat`, numpy masks them by the filters and counts every facet with `bincount`.

Ranking is FTS5 bm25 with the field weights. Scoring costs about a microsecond per match, so when a
query matches more than `RANK_WINDOW` documents only those matching in the weighted fields (title,
agenda, decisions; or text and responsible for decisions) are scored, ahead of the rest, which
follow newest first.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3
import threading
import zlib
from array import array
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from protocols.settings import Settings
from search_api.index.base import (
    FACET_FIELDS,
    SEARCH_FIELDS,
    AndQuery,
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

BUSY_TIMEOUT_MS = 60_000
RANK_WINDOW = 10_000
NO_DATE = np.iinfo(np.int32).min
EPOCH = dt.date(1970, 1, 1)
TABLE = {Level.PROTOCOLS: "p", Level.DECISIONS: "d"}
# Fields whose matches outrank the body when a query matches too many documents to score them all.
STRONG_FIELDS = {
    Level.PROTOCOLS: ("title", "agenda", "decisions"),
    Level.DECISIONS: ("text", "responsible"),
}
WRITE_BATCH = 200
LOAD_CHUNK = 100_000


def _schema() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS keywords (vid INTEGER PRIMARY KEY, field TEXT NOT NULL, key TEXT NOT NULL,"
        " label TEXT NOT NULL, UNIQUE(field, key))",
        "CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, level TEXT NOT NULL,"
        " rowid_ INTEGER NOT NULL, op INTEGER NOT NULL)",
    ]
    for level, t in TABLE.items():
        columns = ", ".join(SEARCH_FIELDS[level])
        statements += [
            f"CREATE TABLE IF NOT EXISTS {t}_docs (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
            " protocol_id TEXT NOT NULL, ordinal INTEGER NOT NULL, okey INTEGER NOT NULL, date INTEGER,"
            " display TEXT NOT NULL,"
            " payload BLOB NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {t}_docs_protocol ON {t}_docs(protocol_id)",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5({columns}, content='', prefix='3',"
            " tokenize='unicode61 remove_diacritics 0')",
            f"INSERT INTO {t}_fts({t}_fts, rank) VALUES ('rank', 'bm25({', '.join(map(str, SEARCH_FIELDS[level].values()))})')",
            f"CREATE TABLE IF NOT EXISTS {t}_kw (rowid_ INTEGER NOT NULL, vid INTEGER NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {t}_kw_rowid ON {t}_kw(rowid_)",
        ]
    return statements


# ---------------------------------------------------------------- encoding


def _days(date: dt.date | None) -> int | None:
    return (date - EPOCH).days if date else None


def _date(days: int | None) -> dt.date | None:
    return EPOCH + dt.timedelta(days=days) if days is not None else None


def _ints(values: list[int]) -> str:
    return base64.b64encode(array("i", values).tobytes()).decode("ascii")


def _unints(text: str) -> list[int]:
    values = array("i")
    values.frombytes(base64.b64decode(text))
    return values.tolist()


def _encode_payload(doc: IndexDoc) -> bytes:
    data = {
        "fields": {
            name: [t.text, t.lemma_text(), _ints(t.starts), _ints(t.ends)] for name, t in doc.fields.items()
        },
        "keywords": {name: [[k.key, k.label] for k in values] for name, values in doc.keywords.items()},
    }
    return zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)


@dataclass(slots=True)
class _Payload:
    fields: dict[str, list]
    keywords: dict[str, list]

    @classmethod
    def decode(cls, blob: bytes) -> _Payload:
        data = json.loads(zlib.decompress(blob))
        return cls(data["fields"], data["keywords"])

    def lemma_text(self, name: str) -> str:
        return self.fields[name][1] if name in self.fields else ""

    def field(self, name: str) -> AnalyzedText | None:
        return self.analyzed(name) if name in self.fields else None

    def analyzed(self, name: str) -> AnalyzedText:
        text, lemmas, starts, ends = self.fields[name]
        return AnalyzedText(text, lemmas.split() if lemmas else [], _unints(starts), _unints(ends))


def _protocol_order_key(protocol_id: str) -> int:
    """An int that sorts like the id (ids are hex prefixes of sha256)."""
    try:
        return int(protocol_id[:15].ljust(15, "0"), 16)
    except ValueError:
        return int.from_bytes(protocol_id.encode("utf-8")[:7].ljust(7, b"\0"), "big")


# ---------------------------------------------------------------- MATCH strings


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def match_expression(node: QueryNode) -> str:
    """FTS5 syntax for a parsed query: every token quoted, every group parenthesized."""
    if isinstance(node, TermQuery):
        return _quote(node.lemma) + ("*" if node.prefix else "")
    if isinstance(node, PhraseQuery):
        return _quote(" ".join(node.lemmas))
    if isinstance(node, OrQuery):
        return "(" + " OR ".join(f"({match_expression(n)})" for n in node.should) + ")"
    positive = "(" + " AND ".join(f"({match_expression(n)})" for n in node.must) + ")"
    return positive + "".join(f" NOT ({match_expression(n)})" for n in node.must_not)


# ---------------------------------------------------------------- in-memory columns


class _Columns:
    """Per level, by rowid: live flag, date, order key, ordinal; per keyword field (rowid, value) pairs.

    Copy-on-write: a search holds one snapshot; catching up with new changes makes a new one.
    """

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.live = np.zeros(0, dtype=bool)
        self.date = np.zeros(0, dtype=np.int32)
        self.order = np.zeros(0, dtype=np.int64)
        self.ordinal = np.zeros(0, dtype=np.int32)
        self.pairs: dict[str, tuple[np.ndarray, np.ndarray]] = {
            f: (np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int32)) for f in fields
        }
        self.dead = 0

    def copy(self) -> _Columns:
        other = _Columns(())
        other.live, other.date, other.order, other.ordinal = (
            self.live.copy(), self.date.copy(), self.order.copy(), self.ordinal.copy()
        )
        other.pairs = dict(self.pairs)  # pair arrays are replaced, never changed in place
        other.dead = self.dead
        return other

    def grow(self, size: int) -> None:
        if size <= len(self.live):
            return
        size = max(size, int(len(self.live) * 1.25) + 1024)
        for name, fill in (("live", False), ("date", NO_DATE), ("order", 0), ("ordinal", 0)):
            old = getattr(self, name)
            new = np.full(size, fill, dtype=old.dtype)
            new[: len(old)] = old
            setattr(self, name, new)


class _Vocabulary:
    """Keyword values. Global vids map to a field and a dense per-field index; per field the keys and
    labels by index (append-only, so a search's snapshot of columns always finds its values)."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.field_code: dict[str, int] = {}
        self.vid_field = np.full(0, -1, dtype=np.int32)
        self.vid_index = np.full(0, -1, dtype=np.int32)
        self.max_vid = 0
        self.keys: dict[str, list[str]] = {}
        self.labels: dict[str, list[str]] = {}
        self.index_of: dict[str, dict[str, int]] = {}
        self._ranks: dict[str, np.ndarray] = {}

    def add(self, rows: list[tuple[int, str, str, str]]) -> None:
        if not rows:
            return
        top = max(r[0] for r in rows)
        if top >= len(self.vid_field):
            size = max(top + 1, int(len(self.vid_field) * 1.5) + 1024)
            for name in ("vid_field", "vid_index"):
                old = getattr(self, name)
                new = np.full(size, -1, dtype=np.int32)
                new[: len(old)] = old
                setattr(self, name, new)
        for vid, field, key, label in rows:
            code = self.field_code.setdefault(field, len(self.fields))
            if code == len(self.fields):
                self.fields.append(field)
            keys = self.keys.setdefault(field, [])
            self.index_of.setdefault(field, {})[key] = len(keys)
            self.vid_field[vid] = code
            self.vid_index[vid] = len(keys)
            keys.append(key)
            self.labels.setdefault(field, []).append(label)
        self.max_vid = max(self.max_vid, top)

    def key_ranks(self, field: str) -> np.ndarray:
        """Each value's position in key order (to break count ties and order by key without Python sorts)."""
        keys = self.keys.get(field, [])
        ranks = self._ranks.get(field)
        if ranks is None or len(ranks) != len(keys):
            order = np.argsort(np.array(keys, dtype=object), kind="stable") if keys else np.zeros(0, dtype=np.int64)
            ranks = np.empty(len(keys), dtype=np.int64)
            ranks[order] = np.arange(len(keys))
            self._ranks[field] = ranks
        return ranks


def _top(keys: list[np.ndarray], needed: int | None) -> np.ndarray:
    """Indices of the `needed` smallest rows by keys (primary first), in order; all rows if None."""
    n = len(keys[0])
    if needed is None or n <= max(4 * needed, 2048):
        order = np.lexsort(keys[::-1])
        return order if needed is None else order[:needed]
    primary = keys[0]
    kth = np.partition(primary, needed - 1)[needed - 1]
    better = np.flatnonzero(primary < kth)
    better = better[np.lexsort([k[better] for k in keys][::-1])]
    tied = np.flatnonzero(primary == kth)
    rest = needed - len(better)
    if len(keys) > 1:
        tied = tied[_top([k[tied] for k in keys[1:]], rest)]
    return np.concatenate([better, tied[:rest]])


class SqliteIndex(SearchIndex):
    name = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()
        self._lock = threading.RLock()
        self._vids: dict[tuple[str, str], int] = {}
        self._vocabulary = _Vocabulary()
        self._columns = {level: _Columns(FACET_FIELDS[level]) for level in Level}
        self._change_seq = -1
        with self._write() as db:
            for statement in _schema():
                db.execute(statement)

    @classmethod
    def from_settings(cls, settings: Settings) -> SqliteIndex:
        return cls(settings.index_path)

    # ------------------------------------------------------------ connections

    @property
    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("PRAGMA cache_size = -131072")
            db.execute("PRAGMA mmap_size = 1073741824")
            self._local.db = db
        return db

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._db
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    # ------------------------------------------------------------ writing

    def index(self, protocols: Iterable[IndexedProtocol]) -> None:
        batch: list[IndexedProtocol] = []
        for bundle in protocols:
            batch.append(bundle)
            if len(batch) >= WRITE_BATCH:
                self._index_batch(batch)
                batch = []
        if batch:
            self._index_batch(batch)

    def _index_batch(self, batch: list[IndexedProtocol]) -> None:
        with self._write() as db:
            for bundle in batch:
                self._delete_protocol(db, bundle.id)
                self._insert(db, bundle.protocol)
                for decision in bundle.decisions:
                    self._insert(db, decision)

    def _insert(self, db: sqlite3.Connection, doc: IndexDoc) -> None:
        t = TABLE[doc.level]
        fields = SEARCH_FIELDS[doc.level]
        cursor = db.execute(
            f"INSERT INTO {t}_docs(id, protocol_id, ordinal, okey, date, display, payload) VALUES (?,?,?,?,?,?,?)",
            (doc.id, doc.protocol_id, self._ordinal(doc), _protocol_order_key(doc.protocol_id), _days(doc.date),
             json.dumps(doc.display, ensure_ascii=False, default=str), _encode_payload(doc)),
        )
        rowid = cursor.lastrowid
        lemma_texts = [doc.fields[f].lemma_text() if f in doc.fields else "" for f in fields]
        db.execute(
            f"INSERT INTO {t}_fts(rowid, {', '.join(fields)}) VALUES (?{', ?' * len(fields)})", (rowid, *lemma_texts)
        )
        pairs = [
            (rowid, self._vid(db, name, value))
            for name, values in doc.keywords.items()
            for value in values
        ]
        db.executemany(f"INSERT INTO {t}_kw(rowid_, vid) VALUES (?, ?)", pairs)
        db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, ?, 1)", (t, rowid))

    @staticmethod
    def _ordinal(doc: IndexDoc) -> int:
        return int(doc.display.get("ordinal") or 0)

    def _vid(self, db: sqlite3.Connection, field: str, value: Keyword) -> int:
        if field not in FACET_FIELDS[Level.DECISIONS] and field not in FACET_FIELDS[Level.PROTOCOLS]:
            raise ValueError(f"unknown keyword field {field!r}")
        vid = self._vids.get((field, value.key))
        if vid is None:
            db.execute("INSERT OR IGNORE INTO keywords(field, key, label) VALUES (?, ?, ?)", (field, value.key, value.label))
            vid = db.execute("SELECT vid FROM keywords WHERE field = ? AND key = ?", (field, value.key)).fetchone()[0]
            self._vids[(field, value.key)] = vid
        return vid

    def delete(self, protocol_id: str) -> bool:
        with self._write() as db:
            return self._delete_protocol(db, protocol_id)

    def _delete_protocol(self, db: sqlite3.Connection, protocol_id: str) -> bool:
        found = False
        for level, t in TABLE.items():
            fields = SEARCH_FIELDS[level]
            rows = db.execute(f"SELECT rowid, payload FROM {t}_docs WHERE protocol_id = ?", (protocol_id,)).fetchall()
            for rowid, blob in rows:
                payload = _Payload.decode(blob)
                db.execute(
                    f"INSERT INTO {t}_fts({t}_fts, rowid, {', '.join(fields)}) VALUES ('delete', ?{', ?' * len(fields)})",
                    (rowid, *[payload.lemma_text(f) for f in fields]),
                )
                db.execute(f"DELETE FROM {t}_kw WHERE rowid_ = ?", (rowid,))
                db.execute(f"DELETE FROM {t}_docs WHERE rowid = ?", (rowid,))
                db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, ?, -1)", (t, rowid))
                found = True
        return found

    def clear(self) -> None:
        with self._write() as db:
            for t in TABLE.values():
                db.execute(f"INSERT INTO {t}_fts({t}_fts) VALUES ('delete-all')")
                db.execute(f"DELETE FROM {t}_kw")
                db.execute(f"DELETE FROM {t}_docs")
                db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, 0, 0)", (t,))

    # ------------------------------------------------------------ reading

    def count(self, level: Level = Level.PROTOCOLS) -> int:
        return self._db.execute(f"SELECT count(*) FROM {TABLE[level]}_docs").fetchone()[0]

    def get(self, doc_id: str, level: Level = Level.PROTOCOLS) -> IndexDoc | None:
        t = TABLE[level]
        row = self._db.execute(
            f"SELECT id, protocol_id, date, display, payload FROM {t}_docs WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        payload = _Payload.decode(row[4])
        return IndexDoc(
            id=row[0],
            level=level,
            protocol_id=row[1],
            date=_date(row[2]),
            keywords={f: [Keyword(k, label) for k, label in values] for f, values in payload.keywords.items()},
            fields={name: payload.analyzed(name) for name in payload.fields},
            display=json.loads(row[3]),
        )

    def search(self, request: SearchRequest) -> SearchResult:
        columns, vocabulary = self._snapshot(request.level)
        matched, scores = self._match(request, columns)
        filter_masks = self._filter_masks(request.filters, columns, vocabulary, request.level)
        final = matched
        for mask in filter_masks.values():
            final = final & mask
        total = int(final.sum())
        facets = {f.field: self._facet(f, matched, final, filter_masks, columns, vocabulary) for f in request.facets}
        date_min, date_max = self._date_range(final, columns)
        hits: list[Hit] = []
        if request.limit > 0 and total > request.offset:
            rowids = self._ordered(request, final, scores, columns, request.offset + request.limit)[request.offset:]
            hits = self._hits(request, rowids, scores)
        return SearchResult(total=total, hits=hits, facets=facets, date_min=date_min, date_max=date_max)

    def scan(self, request: SearchRequest) -> Iterator[Hit]:
        columns, vocabulary = self._snapshot(request.level)
        matched, scores = self._match(request, columns)
        final = matched
        for mask in self._filter_masks(request.filters, columns, vocabulary, request.level).values():
            final = final & mask
        rowids = self._ordered(request, final, scores, columns, None)
        plain = SearchRequest(level=request.level, highlight=False)
        for start in range(0, len(rowids), 500):
            yield from self._hits(plain, rowids[start:start + 500], scores)

    # ------------------------------------------------------------ matching

    def _match(self, request: SearchRequest, columns: _Columns) -> tuple[np.ndarray, np.ndarray | None]:
        """The live documents matching the query, and bm25 scores when the order is by relevance."""
        live = columns.live
        if request.query is None:
            return live.copy(), None
        t = TABLE[request.level]
        node = request.query
        if isinstance(node, AndQuery) and not node.must:
            excluded = self._rowids(t, match_expression(OrQuery(node.must_not)), len(live))
            return live & ~excluded, None
        expression = match_expression(node)
        matched = live & self._rowids(t, expression, len(live))
        scores = self._scores(request, expression, matched) if request.sort == "relevance" else None
        return matched, scores

    def _rowids(self, t: str, expression: str, size: int) -> np.ndarray:
        (found,) = self._db.execute(f"SELECT group_concat(rowid) FROM {t}_fts WHERE {t}_fts MATCH ?", (expression,)).fetchone()
        mask = np.zeros(size, dtype=bool)
        if found:
            rowids = np.array(found.split(","), dtype=np.int64)
            mask[rowids[rowids < size]] = True
        return mask

    def _scores(self, request: SearchRequest, expression: str, matched: np.ndarray) -> np.ndarray:
        """bm25 (higher is better) for every match, or past RANK_WINDOW for matches in the strong fields."""
        t = TABLE[request.level]
        if int(matched.sum()) > RANK_WINDOW:
            strong = " ".join(STRONG_FIELDS[request.level])
            sql = f"SELECT rowid, rank FROM {t}_fts WHERE {t}_fts MATCH ? ORDER BY rank LIMIT {RANK_WINDOW}"
            rows = self._db.execute(sql, (f"{{{strong}}} : ({expression})",)).fetchall()
        else:
            rows = self._db.execute(f"SELECT rowid, rank FROM {t}_fts WHERE {t}_fts MATCH ?", (expression,)).fetchall()
        scores = np.full(len(matched), np.nan)
        if rows:
            found = np.array(rows, dtype=np.float64)
            rowids = found[:, 0].astype(np.int64)
            inside = rowids < len(matched)
            scores[rowids[inside]] = -found[inside, 1]
        return scores

    # ------------------------------------------------------------ filters and facets

    def _filter_masks(
        self, filters: Filters, columns: _Columns, vocabulary: _Vocabulary, level: Level
    ) -> dict[str, np.ndarray]:
        masks: dict[str, np.ndarray] = {}
        size = len(columns.live)
        for field, keys in filters.terms.items():
            if field not in FACET_FIELDS[level]:
                raise ValueError(f"unknown filter field {field!r} for {level.value}")
            index_of = vocabulary.index_of.get(field, {})
            wanted = np.array([index_of[k] for k in keys if k in index_of], dtype=np.int32)
            docs, values = columns.pairs[field]
            mask = np.zeros(size, dtype=bool)
            if len(wanted):
                mask[docs[np.isin(values, wanted)]] = True
            masks[field] = mask
        if filters.date_from or filters.date_to:
            low = _days(filters.date_from) if filters.date_from else NO_DATE + 1
            high = _days(filters.date_to) if filters.date_to else np.iinfo(np.int32).max
            masks["\0date"] = (columns.date >= low) & (columns.date <= high)
        return masks

    @staticmethod
    def _facet(
        request: FacetRequest, matched: np.ndarray, final: np.ndarray, filter_masks: dict[str, np.ndarray],
        columns: _Columns, vocabulary: _Vocabulary,
    ) -> Facet:
        field = request.field
        if field not in columns.pairs:
            raise ValueError(f"unknown facet field {field!r}")
        selected = final
        if field in filter_masks:
            selected = matched
            for name, mask in filter_masks.items():
                if name != field:
                    selected = selected & mask
        docs, values = columns.pairs[field]
        keys = vocabulary.keys.get(field, [])
        counts = np.bincount(values[selected[docs]], minlength=len(keys))
        present = np.flatnonzero(counts)
        distinct = len(present)
        if request.include:
            index_of = vocabulary.index_of.get(field, {})
            wanted = np.array(sorted({index_of[k] for k in request.include if k in index_of}), dtype=np.int64)
            present = wanted[counts[wanted] > 0] if len(wanted) else wanted
        ranks = vocabulary.key_ranks(field)[: len(counts)]
        if request.order == "key":
            chosen = present[_top([ranks[present]], request.size)]
        else:
            chosen = present[_top([-counts[present], ranks[present]], request.size)]
        labels = vocabulary.labels.get(field, [])
        buckets = [FacetBucket(keys[i], labels[i], int(counts[i])) for i in chosen.tolist()]
        other = int(counts[present].sum()) - sum(b.count for b in buckets)
        return Facet(field=field, buckets=buckets, other=other, distinct=distinct)

    @staticmethod
    def _date_range(final: np.ndarray, columns: _Columns) -> tuple[dt.date | None, dt.date | None]:
        dates = columns.date[final]
        dates = dates[dates != NO_DATE]
        if not len(dates):
            return None, None
        return _date(int(dates.min())), _date(int(dates.max()))

    # ------------------------------------------------------------ ordering and hits

    @staticmethod
    def _ordered(
        request: SearchRequest, final: np.ndarray, scores: np.ndarray | None, columns: _Columns, needed: int | None
    ) -> list[int]:
        """Matching rowids in the request's order (the first `needed` of them, or all)."""
        candidates = np.flatnonzero(final)
        if not len(candidates):
            return []
        dates = columns.date[candidates].astype(np.int64)
        descending = request.sort != "date_asc"
        # Documents without a date go last either way.
        date_key = np.where(dates == NO_DATE, np.iinfo(np.int64).max, -dates if descending else dates)
        keys = [date_key, columns.order[candidates], columns.ordinal[candidates].astype(np.int64)]
        if scores is not None:
            score = scores[candidates]
            keys.insert(0, np.where(np.isnan(score), np.inf, -score))
        return candidates[_top(keys, needed)].tolist()

    def _hits(self, request: SearchRequest, rowids: list[int], scores: np.ndarray | None) -> list[Hit]:
        if not rowids:
            return []
        t = TABLE[request.level]
        marks = ",".join("?" * len(rowids))
        rows = {
            r[0]: r for r in self._db.execute(
                f"SELECT rowid, id, protocol_id, date, display, payload FROM {t}_docs WHERE rowid IN ({marks})", rowids
            )
        }
        terms = query_terms(request.query)
        hits = []
        for rowid in rowids:
            row = rows.get(rowid)
            if row is None:
                continue
            highlights = []
            if request.highlight and terms:
                payload = _Payload.decode(row[5])
                found = best_highlight(request.level, payload.field, terms)
                if found:
                    highlights.append(found)
            score = None
            if scores is not None and not np.isnan(scores[rowid]):
                score = float(scores[rowid])
            hits.append(Hit(
                id=row[1], protocol_id=row[2], score=score, date=_date(row[3]),
                display=json.loads(row[4]), highlights=highlights,
            ))
        return hits

    # ------------------------------------------------------------ keeping columns current

    def _snapshot(self, level: Level) -> tuple[_Columns, _Vocabulary]:
        with self._lock:
            self._catch_up()
            return self._columns[level], self._vocabulary

    def _catch_up(self) -> None:
        db = self._db
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
        if last == self._change_seq:
            return
        db.execute("BEGIN")
        try:
            self._vocabulary.add(db.execute(
                "SELECT vid, field, key, label FROM keywords WHERE vid > ? ORDER BY vid", (self._vocabulary.max_vid,)
            ).fetchall())
            changes = db.execute(
                "SELECT level, rowid_, op FROM changes WHERE seq > ? AND seq <= ? ORDER BY seq", (self._change_seq, last)
            ).fetchall()
            first_time = self._change_seq < 0
            for level, t in TABLE.items():
                mine = [(rowid, op) for lvl, rowid, op in changes if lvl == t]
                columns = self._columns[level]
                if first_time or any(op == 0 for _, op in mine) or columns.dead > max(10_000, columns.live.sum()):
                    self._columns[level] = self._load(db, level)
                elif mine:
                    self._columns[level] = self._apply(db, level, mine)
        finally:
            db.execute("COMMIT")
        self._change_seq = last

    def _load(self, db: sqlite3.Connection, level: Level) -> _Columns:
        columns = _Columns(FACET_FIELDS[level])
        t = TABLE[level]
        (top,) = db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}_docs").fetchone()
        for low in range(0, top + 1, LOAD_CHUNK):
            self._load_range(db, t, columns, f"BETWEEN {low} AND {low + LOAD_CHUNK - 1}")
        return columns

    def _apply(self, db: sqlite3.Connection, level: Level, changes: list[tuple[int, int]]) -> _Columns:
        columns = self._columns[level].copy()
        t = TABLE[level]
        removed = {rowid for rowid, op in changes if op == -1}
        fresh = [rowid for rowid, op in changes if op == 1 and rowid not in removed]
        for start in range(0, len(fresh), 900):
            chunk = fresh[start:start + 900]
            self._load_range(db, t, columns, f"IN ({','.join(map(str, chunk))})")
        dead = [r for r in removed if r < len(columns.live) and columns.live[r]]
        if dead:
            columns.live[dead] = False
            columns.dead += len(dead)
        return columns

    def _load_range(self, db: sqlite3.Connection, t: str, columns: _Columns, rowids: str) -> None:
        """Read docs and keyword pairs whose rowid is `rowids` (an SQL condition on integers we made)."""
        (docs,) = db.execute(
            f"SELECT group_concat(rowid || ',' || coalesce(date, {NO_DATE}) || ',' || okey || ',' || ordinal)"
            f" FROM {t}_docs WHERE rowid {rowids}"
        ).fetchone()
        if not docs:
            return
        table = np.array(docs.split(","), dtype=np.int64).reshape(-1, 4)
        columns.grow(int(table[:, 0].max()) + 1)
        at = table[:, 0]
        columns.live[at] = True
        columns.date[at] = table[:, 1]
        columns.order[at] = table[:, 2]
        columns.ordinal[at] = table[:, 3]
        (pairs,) = db.execute(f"SELECT group_concat(rowid_ || ',' || vid) FROM {t}_kw WHERE rowid_ {rowids}").fetchone()
        if not pairs:
            return
        kw = np.array(pairs.split(","), dtype=np.int64).reshape(-1, 2)
        codes = self._vocabulary.vid_field[kw[:, 1]]
        indexes = self._vocabulary.vid_index[kw[:, 1]]
        for field in columns.pairs:
            code = self._vocabulary.field_code.get(field)
            if code is None:
                continue
            chosen = codes == code
            if not chosen.any():
                continue
            old_docs, old_values = columns.pairs[field]
            columns.pairs[field] = (
                np.concatenate([old_docs, kw[chosen, 0].astype(np.int32)]),
                np.concatenate([old_values, indexes[chosen]]),
            )
