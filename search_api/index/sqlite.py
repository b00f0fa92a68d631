"""The embedded index: SQLite FTS5 over lemmas; filters from SQL postings, facets counted in memory.

Layout (one file, `settings.index_path`, WAL), per level L ∈ {p: protocols, d: decisions}:
- `L_docs`: rowid (never reused), id, protocol_id, ordinal, order key, date (days since 1970),
  display and keywords (zlib JSON), the keyword value ids, and the analyzed fields packed (original text,
  lemmas, token offsets): the snippet fields apart, so a page of hits unpacks only those;
- `L_fts`: a contentless FTS5 table of the lemmas, one column per searchable field and a twin column
  of its adjacent token pairs (a phrase is a lookup of its pairs, not a position check over the long
  position lists of its words); deleting feeds it the old lemmas;
- `L_kw`: postings (value id, rowid) for filters; `keywords`: (vid, field, key, label);
- `changes`: a log of added and deleted rowids, so every process sees the others' writes.

A search: FTS5 gives the matching rowids in one `group_concat`; filters are postings from SQL and a
date range; numpy intersects them and counts every facet with `bincount` over per-field arrays of
(rowid, value) pairs that each process keeps in memory and brings up to date from `changes` (a
snapshot per search, copy-on-write, so readers never see a half-applied change). The arrays are also
saved next to the index (`index.sqlite3.p-columns.npz`, `.d-…`) so a new process loads them and
applies only the changes since, instead of reading every keyword from SQL.

Ranking is FTS5 bm25 with the field weights. FTS5 scores every match (one to a few microseconds
each) and cannot score a chosen subset, so past `RANK_WINDOW` matches relevance is coarser: the
documents matching in the weighted fields (title, agenda, decisions; a decision's own text and
responsible) come first, newest first, then the rest, newest first; their hits carry no score. A
query matching more than `TIER_LIMIT` documents (a word like "года") lists them newest first.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
import threading
import time
import zlib
from array import array
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from protocols.settings import Settings
from protocols.sqlite import SqliteDatabase
from search_api.index.base import (
    FACET_FIELDS,
    SEARCH_FIELDS,
    SNIPPET_FIELDS,
    AndQuery,
    AnalyzedText,
    Facet,
    FacetBucket,
    FacetRequest,
    Filters,
    Highlight,
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
from search_api.snippets import cut, matched_in_lemma_text

RANK_WINDOW = 2_000
NO_DATE = np.iinfo(np.int32).min
EPOCH = dt.date(1970, 1, 1)
TABLE = {Level.PROTOCOLS: "p", Level.DECISIONS: "d"}
# Fields whose matches are scored first when a query matches too many documents to score them all.
STRONG_FIELDS = {
    Level.PROTOCOLS: ("title", "agenda", "decisions"),
    Level.DECISIONS: ("text", "responsible"),
}
WRITE_BATCH = 200
LOAD_CHUNK = 200_000
# Past this many changes since the saved or held columns, loading them all from SQL is cheaper.
FULL_LOAD_CHANGES = 200_000
# Save the columns next to the index every this many changes applied, so a new process starts fast.
SAVE_EVERY_CHANGES = 20_000
# Past this many matches, relevance is newest first: a word this common ("года") says little about
# what a document is about, and reading its weighted-field matches costs as much as the search.
TIER_LIMIT = 40_000
# Facets count by runs (`_Runs`) once the selected documents outnumber half the runs (measured break-even).
RUNS_SHARE = 2.0
# What FTS5's unicode61 tokenizer keeps as tokens: runs of letters and digits.
TOKEN = re.compile(r"[^\W_]+")
# Each searchable field has a twin column of its adjacent token pairs, one token each ("ǂучебныйǂгод"):
# a phrase is then looked up as a pair (or a chain of pairs), not verified position by position over
# the long position lists of two common words. "ǂ" is a letter to the tokenizer and never part of a
# lemma; alone, it ends the twin so that it has as many tokens as its field, which keeps bm25 the same
# (the twins double every length and the average alike, and bm25 only sees their ratio).
PAIR = "ǂ"
PAIRS_SUFFIX = "_pairs"
# How long opening the index waits for another process rebuilding its full-text tables.
MIGRATION_WAIT_SECONDS = 3600


def _fts_columns(level: Level) -> list[str]:
    fields = list(SEARCH_FIELDS[level])
    return fields + [f + PAIRS_SUFFIX for f in fields]


def _pairs(tokens: list[str]) -> list[str]:
    return [f"{PAIR}{a}{PAIR}{b}" for a, b in zip(tokens, tokens[1:])]


def _pairs_text(lemma_text: str) -> str:
    """The twin column of a field's lemma text: its token pairs, then the closing "ǂ"."""
    tokens = TOKEN.findall(lemma_text)
    return " ".join([*_pairs(tokens), PAIR]) if tokens else ""


def _fts_values(lemma_texts: list[str]) -> list[str]:
    return [*lemma_texts, *map(_pairs_text, lemma_texts)]


def _schema() -> list[str]:
    statements = [
        "CREATE TABLE IF NOT EXISTS keywords (vid INTEGER PRIMARY KEY, field TEXT NOT NULL, key TEXT NOT NULL,"
        " label TEXT NOT NULL, UNIQUE(field, key))",
        "CREATE TABLE IF NOT EXISTS changes (seq INTEGER PRIMARY KEY AUTOINCREMENT, level TEXT NOT NULL,"
        " rowid_ INTEGER NOT NULL, op INTEGER NOT NULL)",
        "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        "INSERT OR IGNORE INTO meta(key, value) VALUES ('identity', lower(hex(randomblob(16))))",
    ]
    for level, t in TABLE.items():
        columns = ", ".join(_fts_columns(level))
        statements += [
            f"CREATE TABLE IF NOT EXISTS {t}_docs (rowid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE,"
            " protocol_id TEXT NOT NULL, ordinal INTEGER NOT NULL, okey INTEGER NOT NULL, date INTEGER,"
            " display BLOB NOT NULL, kw BLOB NOT NULL, keywords BLOB NOT NULL, fields BLOB NOT NULL,"
            " snippet BLOB NOT NULL)",
            f"CREATE INDEX IF NOT EXISTS {t}_docs_protocol ON {t}_docs(protocol_id)",
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {t}_fts USING fts5({columns}, content='',"
            " tokenize='unicode61 remove_diacritics 0')",
            f"CREATE TABLE IF NOT EXISTS {t}_kw (vid INTEGER NOT NULL, rowid_ INTEGER NOT NULL,"
            " PRIMARY KEY (vid, rowid_)) WITHOUT ROWID",
        ]
    return statements


# ---------------------------------------------------------------- encoding


def _days(date: dt.date | None) -> int | None:
    return (date - EPOCH).days if date else None


def _date(days: int | None) -> dt.date | None:
    return EPOCH + dt.timedelta(days=days) if days is not None else None


class _Fields:
    """Analyzed fields packed for storage: per field its name, text and lemmas (UTF-8) and token offsets
    delta-encoded (gap before each token, token length) as uint16 (uint32 if a gap is larger), zlib'd.
    Binary, not JSON: unpacking a page of hits is on every search's path."""

    def __init__(self, parts: dict[str, tuple[str, bytes, np.ndarray]]) -> None:
        self.parts = parts

    @staticmethod
    def pack(fields: dict[str, AnalyzedText]) -> bytes:
        out = []
        for name, field in fields.items():
            starts = np.array(field.starts, dtype=np.int64)
            ends = np.array(field.ends, dtype=np.int64)
            gaps = starts - np.concatenate([[0], ends[:-1]]) if len(starts) else starts
            deltas = np.concatenate([gaps, ends - starts])
            wide = bool(len(deltas) and deltas.max() > 0xFFFF)
            for data in (name.encode("utf-8"), field.text.encode("utf-8"), field.lemma_text().encode("utf-8")):
                out += [len(data).to_bytes(4, "little"), data]
            out += [len(starts).to_bytes(4, "little"), bytes([wide]), deltas.astype(np.uint32 if wide else np.uint16).tobytes()]
        return zlib.compress(b"".join(out), 6)

    @classmethod
    def unpack(cls, blob: bytes) -> _Fields:
        raw = zlib.decompress(blob)
        parts: dict[str, tuple[str, bytes, np.ndarray]] = {}
        at = 0

        def chunk() -> bytes:
            nonlocal at
            size = int.from_bytes(raw[at:at + 4], "little")
            at += 4 + size
            return raw[at - size:at]

        while at < len(raw):
            name, text, lemmas = chunk().decode("utf-8"), chunk().decode("utf-8"), chunk()
            count = int.from_bytes(raw[at:at + 4], "little")
            dtype = np.uint32 if raw[at + 4] else np.uint16
            at += 5
            deltas = np.frombuffer(raw, dtype=dtype, count=2 * count, offset=at)
            at += deltas.nbytes
            parts[name] = (text, lemmas, deltas)
        return cls(parts)

    def lemma_text(self, name: str) -> str:
        return self.parts[name][1].decode("utf-8") if name in self.parts else ""

    def offsets(self, name: str) -> tuple[np.ndarray, np.ndarray]:
        _, _, deltas = self.parts[name]
        count = len(deltas) // 2
        lengths = deltas[count:].astype(np.int64)
        ends = np.cumsum(deltas[:count].astype(np.int64) + lengths)
        return ends - lengths, ends

    def analyzed(self, name: str) -> AnalyzedText:
        text, lemmas, _ = self.parts[name]
        starts, ends = self.offsets(name)
        return AnalyzedText(text, lemmas.decode("utf-8").split(), starts.tolist(), ends.tolist())

    def highlight(self, name: str, terms: list) -> Highlight | None:
        if name not in self.parts:
            return None
        text, lemmas, _ = self.parts[name]
        found = matched_in_lemma_text(lemmas, terms)
        if not found:
            return None
        starts, ends = self.offsets(name)
        return cut(name, text, starts, ends, found)


def _pack_json(value: object) -> bytes:
    return zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str).encode("utf-8"), 6)


def _unpack_json(blob: bytes) -> dict:
    return json.loads(zlib.decompress(blob))


def _protocol_order_key(protocol_id: str) -> int:
    """An int that sorts like the id (ids are hex prefixes of sha256)."""
    try:
        return int(protocol_id[:15].ljust(15, "0"), 16)
    except ValueError:
        return int.from_bytes(protocol_id.encode("utf-8")[:7].ljust(7, b"\0"), "big")


def _ints(text: str | None, dtype=np.int64) -> np.ndarray:
    """Numbers from a `group_concat`: one C parse instead of a row per Python tuple."""
    return np.fromstring(text, dtype=dtype, sep=",") if text else np.zeros(0, dtype=dtype)


# ---------------------------------------------------------------- MATCH strings


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _phrase_expression(text: str, prefix: bool = False) -> str:
    """Words that are several tokens to FTS5 (a phrase, "северо-западный") as a chain of pairs in the
    twin columns: the same documents and the same hit counts as the phrase in the fields."""
    tokens = TOKEN.findall(text)
    quoted = _quote(" ".join(_pairs(tokens))) if len(tokens) > 1 else _quote(text)
    return quoted + ("*" if prefix else "")


def match_expression(node: QueryNode) -> str:
    """FTS5 syntax for a parsed query: every token quoted, every group parenthesized."""
    if isinstance(node, TermQuery):
        return _phrase_expression(node.lemma, node.prefix)
    if isinstance(node, PhraseQuery):
        return _phrase_expression(" ".join(node.lemmas))
    if isinstance(node, OrQuery):
        return "(" + " OR ".join(f"({match_expression(n)})" for n in node.should) + ")"
    positive = "(" + " AND ".join(f"({match_expression(n)})" for n in node.must) + ")"
    return positive + "".join(f" NOT ({match_expression(n)})" for n in node.must_not)


# ---------------------------------------------------------------- in-memory columns


class _Runs:
    """A keyword field's documents grouped in runs: documents in a row with the same values (the
    decisions of one protocol share its schools and speakers). Counting each run's values once,
    weighted by how many of its documents are selected, visits a fraction of the pairs."""

    __slots__ = ("of_doc", "values", "of_pair", "count")

    def __init__(self, of_doc: np.ndarray, values: np.ndarray, of_pair: np.ndarray, count: int) -> None:
        self.of_doc = of_doc  # by rowid: its run, -1 for a document without values
        self.values = values  # each run's values, run after run
        self.of_pair = of_pair  # the run of each of those values
        self.count = count

    @classmethod
    def build(cls, docs: np.ndarray, values: np.ndarray, size: int) -> _Runs:
        """Runs of (rowid, value) pairs in rowid order, each document's values in one stable order."""
        lengths = np.bincount(docs, minlength=size)[:size] if len(docs) else np.zeros(size, dtype=np.int64)
        listed = np.flatnonzero(lengths)
        own = lengths[listed]
        starts = np.cumsum(own) - own
        same = np.zeros(len(listed), dtype=bool)
        if len(listed) > 1:
            # A document continues the run when it has as many values as the one before and each equals
            # the value as many places back (that document's, in the same place).
            back = np.arange(len(values)) - np.repeat(own, own)
            equal = np.zeros(len(values), dtype=bool)
            equal[back >= 0] = values[back >= 0] == values[back[back >= 0]]
            same[1:] = own[1:] == own[:-1]
            same &= np.logical_and.reduceat(equal, starts)
            same[0] = False
        first = ~same
        run = np.cumsum(first) - 1
        of_doc = np.full(size, -1, dtype=np.int32)
        of_doc[listed] = run
        kept = np.repeat(first, own)
        return cls(of_doc, values[kept], np.repeat(run[first], own[first]).astype(np.int32), int(first.sum()))

    def extended(self, newer: _Runs, size: int) -> _Runs:
        """These runs, then the runs of documents added after them."""
        of_doc = np.full(size, -1, dtype=np.int32)
        of_doc[: len(self.of_doc)] = self.of_doc
        added = newer.of_doc >= 0
        of_doc[added] = newer.of_doc[added] + self.count
        return _Runs(
            of_doc, np.concatenate([self.values, newer.values]), np.concatenate([self.of_pair, newer.of_pair + self.count]),
            self.count + newer.count,
        )

    def counts(self, rowids: np.ndarray, size: int) -> np.ndarray:
        runs = self.of_doc[rowids]
        weights = np.bincount(runs[runs >= 0], minlength=self.count)
        return np.bincount(self.values, weights=weights[self.of_pair], minlength=size).astype(np.int64)


class _Pairs:
    """One keyword field's (rowid, value) pairs in rowid order; `indptr[rowid]` is where a rowid's
    pairs start. A field with at most one value per document also keeps `dense[rowid]` (-1: none);
    one with several keeps its runs (`_Runs`) when they save at least half the pairs."""

    __slots__ = ("docs", "values", "indptr", "dense", "runs")

    def __init__(self, docs: np.ndarray, values: np.ndarray, size: int) -> None:
        self.docs = docs
        self.values = values
        self.indptr = np.zeros(size + 1, dtype=np.int64)
        if len(docs):
            np.cumsum(np.bincount(docs, minlength=size)[:size], out=self.indptr[1:])
        self.dense = self._dense(size)
        self.runs = self._runs(_Runs.build(docs, values, size)) if self.dense is None else None

    def _runs(self, runs: _Runs) -> _Runs | None:
        return runs if 2 * len(runs.values) <= len(self.values) else None

    def _dense(self, size: int) -> np.ndarray | None:
        if len(self.docs) and np.diff(self.indptr).max() > 1:
            return None
        dense = np.full(size, -1, dtype=np.int32)
        dense[self.docs] = self.values
        return dense

    def appended(self, docs: np.ndarray, values: np.ndarray, size: int) -> _Pairs:
        """These pairs plus newer ones: rowids only grow, so the new pairs go after the old."""
        pairs = _Pairs.__new__(_Pairs)
        pairs.docs = np.concatenate([self.docs, docs])
        pairs.values = np.concatenate([self.values, values])
        old = len(self.indptr) - 1
        pairs.indptr = np.empty(size + 1, dtype=np.int64)
        pairs.indptr[: old + 1] = self.indptr
        pairs.indptr[old + 1:] = self.indptr[-1]
        if len(docs):
            pairs.indptr[1:] += np.cumsum(np.bincount(docs, minlength=size)[:size])
        pairs.dense = pairs._dense(size) if self.dense is not None else None
        pairs.runs = None
        if self.runs is not None and pairs.dense is None:
            pairs.runs = pairs._runs(self.runs.extended(_Runs.build(docs, values, size), size))
        return pairs

    def counts(self, selected: np.ndarray, rowids: np.ndarray | None, size: int) -> np.ndarray:
        """How many selected documents have each value; `rowids` are the selected ones: their pairs are
        visited (faster than masking all pairs at any share up to a half, past which facets count the
        complement), or, without them, all pairs are masked."""
        if self.dense is not None:
            values = self.dense[rowids] if rowids is not None else self.dense[selected]
            return np.bincount(values[values >= 0], minlength=size)
        if self.runs is not None and rowids is not None and len(rowids) * RUNS_SHARE > self.runs.count:
            return self.runs.counts(rowids, size)
        if rowids is not None:
            starts = self.indptr[rowids]
            lengths = self.indptr[rowids + 1] - starts
            total = int(lengths.sum())
            if total == 0:
                return np.zeros(size, dtype=np.int64)
            shifts = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
            return np.bincount(self.values[shifts + np.arange(total)], minlength=size)
        return np.bincount(self.values[selected[self.docs]], minlength=size)


class _Columns:
    """Per level, by rowid: live flag, date, order key, ordinal; per keyword field its pairs.

    A search holds one snapshot; catching up with new changes makes a new one (copy-on-write), so a
    snapshot never changes and can cache the facet counts over all its live documents.
    """

    def __init__(self, fields: tuple[str, ...], size: int = 0) -> None:
        self.size = size
        self.live = np.zeros(size, dtype=bool)
        self.date = np.full(size, NO_DATE, dtype=np.int32)
        self.order = np.zeros(size, dtype=np.int64)
        self.ordinal = np.zeros(size, dtype=np.int32)
        empty = np.zeros(0, dtype=np.int32)
        self.pairs: dict[str, _Pairs] = {f: _Pairs(empty, empty, size) for f in fields}
        self.dead = 0
        self._all_counts: dict[str, np.ndarray] = {}
        self._live_count: int | None = None

    @property
    def live_count(self) -> int:
        if self._live_count is None:
            self._live_count = int(self.live.sum())
        return self._live_count

    def counts_of_all(self, field: str, size: int) -> np.ndarray:
        """The facet counts over every live document (computed once per snapshot)."""
        counts = self._all_counts.get(field)
        if counts is None:
            counts = self._all_counts[field] = self.pairs[field].counts(self.live, None, size)
        if len(counts) < size:
            counts = self._all_counts[field] = np.concatenate([counts, np.zeros(size - len(counts), dtype=counts.dtype)])
        return counts

    ARRAYS = ("live", "date", "order", "ordinal")

    def save(self, path: Path, seq: int, identity: str) -> None:
        """Write this snapshot (as of change `seq`) next to the index, atomically."""
        arrays = {name: getattr(self, name) for name in self.ARRAYS}
        for field, pairs in self.pairs.items():
            arrays[f"{field}__docs"] = pairs.docs
            arrays[f"{field}__values"] = pairs.values
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        with tmp.open("wb") as out:
            np.savez(out, seq=np.array([seq, self.size, self.dead]), identity=np.array([identity]), **arrays)
        os.replace(tmp, path)

    @classmethod
    def restore(cls, path: Path, identity: str, fields: tuple[str, ...]) -> tuple[_Columns, int] | None:
        """A saved snapshot and the change it reflects, or None if there is none for this index."""
        try:
            with np.load(path) as saved:
                if str(saved["identity"][0]) != identity:
                    return None
                seq, size, dead = (int(x) for x in saved["seq"])
                columns = cls((), 0)
                columns.size, columns.dead = size, dead
                for name in cls.ARRAYS:
                    setattr(columns, name, saved[name])
                columns.pairs = {f: _Pairs(saved[f"{f}__docs"], saved[f"{f}__values"], size) for f in fields}
        except (OSError, KeyError, ValueError):  # missing, partial or from another version: load from SQL
            return None
        return columns, seq


class _Vocabulary:
    """Keyword values: global vids map to a field and a dense per-field index; per field the keys and
    labels by index (append-only, so a search's snapshot always finds its values)."""

    def __init__(self) -> None:
        self.fields: list[str] = []
        self.field_code: dict[str, int] = {}
        self.vid_field = np.full(0, -1, dtype=np.int32)
        self.vid_index = np.full(0, -1, dtype=np.int32)
        self.max_vid = 0
        self.keys: dict[str, list[str]] = {}
        self.labels: dict[str, list[str]] = {}
        self.vids: dict[str, dict[str, int]] = {}

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
            self.vids.setdefault(field, {})[key] = vid
            self.vid_field[vid] = code
            self.vid_index[vid] = len(keys)
            keys.append(key)
            self.labels.setdefault(field, []).append(label)
        self.max_vid = max(self.max_vid, top)


class _Ranking:
    """Relevance by rowid (higher first, NaN: below every ranked one); `scored`: values are bm25."""

    __slots__ = ("values", "scored")

    def __init__(self, values: np.ndarray, *, scored: bool) -> None:
        self.values = values
        self.scored = scored


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

    def __init__(self, path: Path, *, rank_window: int = RANK_WINDOW, tier_limit: int = TIER_LIMIT) -> None:
        self.path = Path(path)
        self.rank_window = rank_window
        self.tier_limit = tier_limit
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # A large page cache and memory-mapped reads: facet columns are scanned on every query.
        self._database = SqliteDatabase(self.path, pragmas=("cache_size = -131072", "mmap_size = 1073741824"))
        self._lock = threading.RLock()
        self._vids: dict[tuple[str, str], int] = {}
        self._vocabulary = _Vocabulary()
        self._columns = {level: _Columns(FACET_FIELDS[level]) for level in Level}
        self._change_seq = -1
        self._unsaved: dict[Level, int] = {}
        deadline = time.monotonic() + MIGRATION_WAIT_SECONDS
        while True:
            try:
                self._prepare()
                break
            except sqlite3.OperationalError as error:
                # Another process holds the write lock longer than the busy timeout: it is bringing
                # an older index up to date (minutes, once). Wait for it rather than fail.
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise

    def _prepare(self) -> None:
        with self._database.write() as db:
            for statement in _schema():
                db.execute(statement)
            for level, t in TABLE.items():
                if PAIRS_SUFFIX not in " ".join(r[1] for r in db.execute(f"PRAGMA table_info({t}_fts)")):
                    self._rebuild_fts(db, level)
                # Written once: rewriting FTS5's config under another connection's open table breaks it.
                rank = f"bm25({', '.join(map(str, list(SEARCH_FIELDS[level].values()) * 2))})"
                if db.execute(f"SELECT v FROM {t}_fts_config WHERE k = 'rank'").fetchone() != (rank,):
                    db.execute(f"INSERT INTO {t}_fts({t}_fts, rank) VALUES ('rank', ?)", (rank,))

    @staticmethod
    def _rebuild_fts(db: sqlite3.Connection, level: Level) -> None:
        """An index made before the pair columns: its full-text table again, from the lemmas kept with
        each document (a few minutes per 100,000 protocols, once)."""
        t = TABLE[level]
        fields = list(SEARCH_FIELDS[level])
        columns = _fts_columns(level)
        db.execute(f"DROP TABLE IF EXISTS {t}_fts")
        db.execute(
            f"CREATE VIRTUAL TABLE {t}_fts USING fts5({', '.join(columns)}, content='',"
            " tokenize='unicode61 remove_diacritics 0')"
        )
        insert = f"INSERT INTO {t}_fts(rowid, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})"
        last = 0
        while rows := db.execute(
            f"SELECT rowid, fields, snippet FROM {t}_docs WHERE rowid > ? ORDER BY rowid LIMIT 1000", (last,)
        ).fetchall():
            for rowid, other, snippet in rows:
                packed = _Fields({**_Fields.unpack(other).parts, **_Fields.unpack(snippet).parts})
                db.execute(insert, (rowid, *_fts_values([packed.lemma_text(f) for f in fields])))
            last = rows[-1][0]

    @classmethod
    def from_settings(cls, settings: Settings) -> SqliteIndex:
        return cls(settings.index_path)

    def close(self) -> None:
        self._database.close()

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
        try:
            with self._database.write() as db:
                for bundle in batch:
                    self._delete_protocol(db, bundle.id)
                    self._insert(db, bundle.protocol)
                    for decision in bundle.decisions:
                        self._insert(db, decision)
        except BaseException:
            self._vids.clear()  # value ids taken in the rolled-back transaction do not exist
            raise

    def _insert(self, db: sqlite3.Connection, doc: IndexDoc) -> None:
        t = TABLE[doc.level]
        fields = SEARCH_FIELDS[doc.level]
        vids = [self._vid(db, doc.level, name, value) for name, values in doc.keywords.items() for value in values]
        snippet_fields = SNIPPET_FIELDS[doc.level]
        keywords = {name: [[k.key, k.label] for k in values] for name, values in doc.keywords.items()}
        cursor = db.execute(
            f"INSERT INTO {t}_docs(id, protocol_id, ordinal, okey, date, display, kw, keywords, fields, snippet)"
            " VALUES (?,?,?,?,?,?,?,?,?,?)",
            (doc.id, doc.protocol_id, int(doc.display.get("ordinal") or 0), _protocol_order_key(doc.protocol_id),
             _days(doc.date), _pack_json(doc.display), array("i", vids).tobytes(), _pack_json(keywords),
             _Fields.pack({n: f for n, f in doc.fields.items() if n not in snippet_fields}),
             _Fields.pack({n: f for n, f in doc.fields.items() if n in snippet_fields})),
        )
        rowid = cursor.lastrowid
        lemma_texts = [doc.fields[f].lemma_text() if f in doc.fields else "" for f in fields]
        columns = _fts_columns(doc.level)
        db.execute(
            f"INSERT INTO {t}_fts(rowid, {', '.join(columns)}) VALUES (?{', ?' * len(columns)})",
            (rowid, *_fts_values(lemma_texts)),
        )
        db.executemany(f"INSERT OR IGNORE INTO {t}_kw(vid, rowid_) VALUES (?, ?)", [(vid, rowid) for vid in vids])
        db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, ?, 1)", (t, rowid))

    def _vid(self, db: sqlite3.Connection, level: Level, field: str, value: Keyword) -> int:
        if field not in FACET_FIELDS[level]:
            raise ValueError(f"unknown keyword field {field!r} for {level.value}")
        vid = self._vids.get((field, value.key))
        if vid is None:
            db.execute("INSERT OR IGNORE INTO keywords(field, key, label) VALUES (?, ?, ?)", (field, value.key, value.label))
            vid = db.execute("SELECT vid FROM keywords WHERE field = ? AND key = ?", (field, value.key)).fetchone()[0]
            self._vids[(field, value.key)] = vid
        return vid

    def delete(self, protocol_id: str) -> bool:
        with self._database.write() as db:
            return self._delete_protocol(db, protocol_id)

    def _delete_protocol(self, db: sqlite3.Connection, protocol_id: str) -> bool:
        found = False
        for level, t in TABLE.items():
            fields = SEARCH_FIELDS[level]
            columns = _fts_columns(level)
            rows = db.execute(
                f"SELECT rowid, kw, fields, snippet FROM {t}_docs WHERE protocol_id = ?", (protocol_id,)
            ).fetchall()
            for rowid, kw, other, snippet in rows:
                packed = _Fields({**_Fields.unpack(other).parts, **_Fields.unpack(snippet).parts})
                db.execute(
                    f"INSERT INTO {t}_fts({t}_fts, rowid, {', '.join(columns)}) VALUES ('delete', ?{', ?' * len(columns)})",
                    (rowid, *_fts_values([packed.lemma_text(f) for f in fields])),
                )
                vids = array("i")
                vids.frombytes(kw)
                db.executemany(f"DELETE FROM {t}_kw WHERE vid = ? AND rowid_ = ?", [(vid, rowid) for vid in vids])
                db.execute(f"DELETE FROM {t}_docs WHERE rowid = ?", (rowid,))
                db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, ?, -1)", (t, rowid))
                found = True
        return found

    def clear(self) -> None:
        with self._database.write() as db:
            for t in TABLE.values():
                db.execute(f"INSERT INTO {t}_fts({t}_fts) VALUES ('delete-all')")
                db.execute(f"DELETE FROM {t}_kw")
                db.execute(f"DELETE FROM {t}_docs")
                db.execute("INSERT INTO changes(level, rowid_, op) VALUES (?, 0, 0)", (t,))

    # ------------------------------------------------------------ reading

    def count(self, level: Level = Level.PROTOCOLS) -> int:
        return self._database.connection.execute(f"SELECT count(*) FROM {TABLE[level]}_docs").fetchone()[0]

    def get(self, doc_id: str, level: Level = Level.PROTOCOLS) -> IndexDoc | None:
        t = TABLE[level]
        row = self._database.connection.execute(
            f"SELECT id, protocol_id, date, display, keywords, fields, snippet FROM {t}_docs WHERE id = ?", (doc_id,)
        ).fetchone()
        if row is None:
            return None
        packed = _Fields({**_Fields.unpack(row[5]).parts, **_Fields.unpack(row[6]).parts})
        return IndexDoc(
            id=row[0],
            level=level,
            protocol_id=row[1],
            date=_date(row[2]),
            keywords={f: [Keyword(k, label) for k, label in values] for f, values in _unpack_json(row[4]).items()},
            fields={name: packed.analyzed(name) for name in packed.parts},
            display=_unpack_json(row[3]),
        )

    def search(self, request: SearchRequest) -> SearchResult:
        columns, vocabulary = self._snapshot(request.level)
        matched, ranking = self._match(request, columns)
        filter_masks = self._filter_masks(request.filters, columns, vocabulary, request.level)
        final = matched
        for mask in filter_masks.values():
            final = final & mask
        final_rowids = np.flatnonzero(final)
        everything = request.query is None
        facets = {
            f.field: self._facet(f, everything, matched, final, final_rowids, filter_masks, columns, vocabulary)
            for f in request.facets
        }
        date_min, date_max = self._date_range(final_rowids, columns)
        total = len(final_rowids)
        hits: list[Hit] = []
        if request.limit > 0 and total > request.offset:
            rowids = self._ordered(request, final_rowids, ranking, columns, request.offset + request.limit)
            hits = self._hits(request, rowids[request.offset:], ranking)
        return SearchResult(total=total, hits=hits, facets=facets, date_min=date_min, date_max=date_max)

    def scan(self, request: SearchRequest) -> Iterator[Hit]:
        columns, vocabulary = self._snapshot(request.level)
        matched, ranking = self._match(request, columns)
        final = matched
        for mask in self._filter_masks(request.filters, columns, vocabulary, request.level).values():
            final = final & mask
        rowids = self._ordered(request, np.flatnonzero(final), ranking, columns, None)
        plain = SearchRequest(level=request.level, highlight=False)
        for start in range(0, len(rowids), 500):
            yield from self._hits(plain, rowids[start:start + 500], ranking)

    # ------------------------------------------------------------ matching

    def _match(self, request: SearchRequest, columns: _Columns) -> tuple[np.ndarray, _Ranking | None]:
        """The live documents matching the query, and their ranking when the order is by relevance.

        The matches are read first without scores: bm25 of a few thousand rows costs more than reading
        a hundred thousand rowids, so scores are read (a second pass) only for small match sets."""
        live = columns.live
        if request.query is None:
            return live.copy(), None
        t = TABLE[request.level]
        node = request.query
        if isinstance(node, AndQuery) and not node.must:
            excluded = self._mask(self._rowids(t, match_expression(OrQuery(node.must_not))), columns.size)
            return live & ~excluded, None
        expression = match_expression(node)
        matched = live & self._mask(self._rowids(t, expression), columns.size)
        count = int(matched.sum())
        if request.sort != "relevance" or count == 0:
            return matched, None
        if count > self.rank_window:
            return matched, self._tiers(request, expression, matched, columns)
        found, ranks = self._database.connection.execute(
            f"SELECT group_concat(r), group_concat(s) FROM"
            f" (SELECT rowid AS r, rank AS s FROM {t}_fts WHERE {t}_fts MATCH ? LIMIT -1)",
            (expression,),
        ).fetchone()
        rowids, ranks = _ints(found), _ints(ranks, np.float64)
        values = np.full(columns.size, np.nan)
        inside = rowids < columns.size
        values[rowids[inside]] = -ranks[inside]
        return matched, _Ranking(values, scored=True)

    def _rowids(self, t: str, expression: str) -> np.ndarray:
        (found,) = self._database.connection.execute(f"SELECT group_concat(rowid) FROM {t}_fts WHERE {t}_fts MATCH ?", (expression,)).fetchone()
        return _ints(found)

    @staticmethod
    def _mask(rowids: np.ndarray, size: int) -> np.ndarray:
        mask = np.zeros(size, dtype=bool)
        mask[rowids[rowids < size]] = True
        return mask

    def _tiers(self, request: SearchRequest, expression: str, matched: np.ndarray, columns: _Columns) -> _Ranking | None:
        """Past RANK_WINDOW matches (FTS5 can only score every match, a microsecond or more each): the
        matches in the weighted fields above the rest; None (newest first) past TIER_LIMIT matches."""
        if int(matched.sum()) > self.tier_limit:
            return None
        t = TABLE[request.level]
        values = np.full(len(matched), np.nan)
        weighted = [c for f in STRONG_FIELDS[request.level] for c in (f, f + PAIRS_SUFFIX)]
        strong = self._rowids(t, f"{{{' '.join(weighted)}}} : ({expression})")
        values[strong[strong < len(values)]] = 1.0
        return _Ranking(values, scored=False)

    # ------------------------------------------------------------ filters and facets

    def _filter_masks(
        self, filters: Filters, columns: _Columns, vocabulary: _Vocabulary, level: Level
    ) -> dict[str, np.ndarray]:
        masks: dict[str, np.ndarray] = {}
        t = TABLE[level]
        for field, keys in filters.terms.items():
            if field not in FACET_FIELDS[level]:
                raise ValueError(f"unknown filter field {field!r} for {level.value}")
            known = vocabulary.vids.get(field, {})
            vids = [known[k] for k in keys if k in known]
            found = None
            if vids:
                marks = ",".join("?" * len(vids))
                (found,) = self._database.connection.execute(f"SELECT group_concat(rowid_) FROM {t}_kw WHERE vid IN ({marks})", vids).fetchone()
            masks[field] = self._mask(_ints(found), columns.size)
        if filters.date_from or filters.date_to:
            low = _days(filters.date_from) if filters.date_from else NO_DATE + 1
            high = _days(filters.date_to) if filters.date_to else np.iinfo(np.int32).max
            masks["\0date"] = (columns.date >= low) & (columns.date <= high)
        return masks

    @staticmethod
    def _facet(
        request: FacetRequest, everything: bool, matched: np.ndarray, final: np.ndarray, final_rowids: np.ndarray,
        filter_masks: dict[str, np.ndarray], columns: _Columns, vocabulary: _Vocabulary,
    ) -> Facet:
        """`everything`: no query, so a facet with no filter but its own counts all live documents."""
        field = request.field
        if field not in columns.pairs:
            raise ValueError(f"unknown facet field {field!r}")
        others = [mask for name, mask in filter_masks.items() if name != field]
        keys = vocabulary.keys.get(field, [])
        pairs = columns.pairs[field]
        if everything and not others:
            counts = columns.counts_of_all(field, len(keys))
        else:
            selected, rowids = final, final_rowids
            if field in filter_masks:
                selected = matched
                for mask in others:
                    selected = selected & mask
                rowids = np.flatnonzero(selected)
            if len(rowids) > columns.live_count / 2:
                # Most documents: count the few left out and subtract them from the counts of all.
                left_out = columns.live & ~selected
                counts = columns.counts_of_all(field, len(keys)) - pairs.counts(left_out, np.flatnonzero(left_out), len(keys))
            else:
                counts = pairs.counts(selected, rowids, len(keys))
        present = np.flatnonzero(counts)
        distinct = len(present)
        if request.include:
            known = vocabulary.vids.get(field, {})
            wanted = np.array(sorted({int(vocabulary.vid_index[known[k]]) for k in request.include if k in known}), dtype=np.int64)
            present = wanted[counts[wanted] > 0] if len(wanted) else wanted
        if request.order == "key":
            chosen = sorted(present.tolist(), key=keys.__getitem__)[: request.size]
        else:
            # The cut-off takes ties in the order values were first indexed; what is shown is ordered
            # by count, then key.
            top = present[_top([-counts[present], present], request.size)].tolist()
            chosen = sorted(top, key=lambda i: (-counts[i], keys[i]))
        labels = vocabulary.labels.get(field, [])
        buckets = [FacetBucket(keys[i], labels[i], int(counts[i])) for i in chosen]
        other = int(counts[present].sum()) - sum(b.count for b in buckets)
        return Facet(field=field, buckets=buckets, other=other, distinct=distinct)

    @staticmethod
    def _date_range(rowids: np.ndarray, columns: _Columns) -> tuple[dt.date | None, dt.date | None]:
        dates = columns.date[rowids]
        dates = dates[dates != NO_DATE]
        if not len(dates):
            return None, None
        return _date(int(dates.min())), _date(int(dates.max()))

    # ------------------------------------------------------------ ordering and hits

    @staticmethod
    def _ordered(
        request: SearchRequest, candidates: np.ndarray, ranking: _Ranking | None, columns: _Columns, needed: int | None
    ) -> list[int]:
        """Matching rowids in the request's order (the first `needed` of them, or all)."""
        if not len(candidates):
            return []
        descending = request.sort != "date_asc"
        if needed is not None and not (ranking is not None and ranking.scored) and len(candidates) > max(4 * needed, 2048):
            # Only documents up to the needed-th date (tier and date) can make the page: keep those
            # (one cheap key: int32 dates, undated last) and order just them by every key.
            days = columns.date[candidates]
            first = ~days if descending else days.view(np.uint32) + np.uint32(0x7FFFFFFF)
            if ranking is not None:
                first = np.where(np.isnan(ranking.values[candidates]), 1 << 32, 0) + first.astype(np.int64)
            candidates = candidates[first <= np.partition(first, needed - 1)[needed - 1]]
        dates = columns.date[candidates].astype(np.int64)
        # A non-negative key below 2**33, documents without a date last either way.
        date_key = np.where(dates == NO_DATE, 2**32 + 1, 2**31 - dates if descending else dates + 2**31)
        keys = [date_key, columns.order[candidates], columns.ordinal[candidates].astype(np.int64)]
        if ranking is not None and ranking.scored:
            score = ranking.values[candidates]
            keys.insert(0, np.where(np.isnan(score), np.inf, -score))
        elif ranking is not None:
            # Weighted-field matches first, then the rest, each newest first: one key, few ties.
            keys[0] = np.where(np.isnan(ranking.values[candidates]), 2**34, 0) + date_key
        return candidates[_top(keys, needed)].tolist()

    def _hits(self, request: SearchRequest, rowids: list[int], ranking: _Ranking | None) -> list[Hit]:
        if not rowids:
            return []
        t = TABLE[request.level]
        terms = query_terms(request.query) if request.highlight else []
        snippet_column = "snippet" if terms else "NULL"
        marks = ",".join("?" * len(rowids))
        rows = {
            r[0]: r for r in self._database.connection.execute(
                f"SELECT rowid, id, protocol_id, date, display, {snippet_column} FROM {t}_docs WHERE rowid IN ({marks})",
                rowids,
            )
        }
        hits = []
        for rowid in rowids:
            row = rows.get(rowid)
            if row is None:  # deleted since the snapshot
                continue
            highlights = []
            if terms:
                packed = _Fields.unpack(row[5])
                found = next(filter(None, (packed.highlight(n, terms) for n in SNIPPET_FIELDS[request.level])), None)
                if found:
                    highlights.append(found)
            score = None
            if ranking is not None and ranking.scored and not np.isnan(ranking.values[rowid]):
                score = float(ranking.values[rowid])
            hits.append(Hit(
                id=row[1], protocol_id=row[2], score=score, date=_date(row[3]),
                display=_unpack_json(row[4]), highlights=highlights,
            ))
        return hits

    # ------------------------------------------------------------ keeping columns current

    def _snapshot(self, level: Level) -> tuple[_Columns, _Vocabulary]:
        with self._lock:
            self._catch_up()
            return self._columns[level], self._vocabulary

    def _catch_up(self) -> None:
        db = self._database.connection
        (last,) = db.execute("SELECT coalesce(max(seq), 0) FROM changes").fetchone()
        if last == self._change_seq:
            return
        db.execute("BEGIN")
        try:
            self._vocabulary.add(db.execute(
                "SELECT vid, field, key, label FROM keywords WHERE vid > ? ORDER BY vid", (self._vocabulary.max_vid,)
            ).fetchall())
            for level, t in TABLE.items():
                self._columns[level] = self._caught_up(db, level, last)
        finally:
            db.execute("COMMIT")
        self._change_seq = last

    def _caught_up(self, db: sqlite3.Connection, level: Level, last: int) -> _Columns:
        """The level's columns as of change `last`: from what this process has, else from the snapshot
        saved next to the index, plus the changes since; a full load when that is cheaper or needed."""
        t = TABLE[level]
        path = self.path.with_name(f"{self.path.name}.{t}-columns.npz")
        if self._change_seq >= 0:
            columns, since = self._columns[level], self._change_seq
        else:
            restored = _Columns.restore(path, self._identity(db), FACET_FIELDS[level])
            columns, since = restored if restored and restored[1] <= last else (None, -1)
        changes = []
        if columns is not None:
            changes = db.execute(
                "SELECT rowid_, op FROM changes WHERE level = ? AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
                (t, since, last, FULL_LOAD_CHANGES + 1),
            ).fetchall()
        if (
            columns is None or len(changes) > FULL_LOAD_CHANGES or any(op == 0 for _, op in changes)
            or columns.dead > max(10_000, columns.size // 4)
        ):
            columns = self._load(db, level)
            columns.save(path, last, self._identity(db))
            return columns
        if not changes:
            return columns
        columns = self._apply(db, level, columns, changes)
        self._unsaved[level] = self._unsaved.get(level, 0) + len(changes)
        if self._unsaved[level] >= SAVE_EVERY_CHANGES:
            columns.save(path, last, self._identity(db))
            self._unsaved[level] = 0
        return columns

    def _identity(self, db: sqlite3.Connection) -> str:
        """This index file's identity: saved columns belong to it and to no rebuilt or copied one."""
        (value,) = db.execute("SELECT value FROM meta WHERE key = 'identity'").fetchone()
        return value

    def _load(self, db: sqlite3.Connection, level: Level) -> _Columns:
        t = TABLE[level]
        (top,) = db.execute(f"SELECT coalesce(max(rowid), 0) FROM {t}_docs").fetchone()
        columns = _Columns(FACET_FIELDS[level], top + 1)
        for low in range(0, top + 1, LOAD_CHUNK):
            (docs,) = db.execute(
                f"SELECT group_concat(rowid || ',' || coalesce(date, {NO_DATE}) || ',' || okey || ',' || ordinal)"
                f" FROM {t}_docs WHERE rowid BETWEEN ? AND ?", (low, low + LOAD_CHUNK - 1),
            ).fetchone()
            self._fill(columns, _ints(docs).reshape(-1, 4))
        chunks = []
        (max_vid,) = db.execute(f"SELECT coalesce(max(vid), 0) FROM {t}_kw").fetchone()
        for low in range(0, max_vid + 1, LOAD_CHUNK // 10):
            (pairs,) = db.execute(
                f"SELECT group_concat(rowid_ || ',' || vid) FROM {t}_kw WHERE vid BETWEEN ? AND ?",
                (low, low + LOAD_CHUNK // 10 - 1),
            ).fetchone()
            chunks.append(_ints(pairs).reshape(-1, 2))
        kw = np.concatenate(chunks) if chunks else np.zeros((0, 2), dtype=np.int64)
        kw = kw[np.argsort(kw[:, 0], kind="stable")]
        for field, (docs, values) in self._split_pairs(kw).items():
            columns.pairs[field] = _Pairs(docs, values, columns.size)
        return columns

    def _apply(self, db: sqlite3.Connection, level: Level, old: _Columns, changes: list[tuple[int, int]]) -> _Columns:
        """A new snapshot: the old one plus the rows added since, minus those deleted."""
        t = TABLE[level]
        removed = {rowid for rowid, op in changes if op == -1}
        fresh = sorted(rowid for rowid, op in changes if op == 1 and rowid not in removed)
        rows = []
        for start in range(0, len(fresh), 900):
            chunk = fresh[start:start + 900]
            rows += db.execute(
                f"SELECT rowid, coalesce(date, {NO_DATE}), okey, ordinal, kw FROM {t}_docs"
                f" WHERE rowid IN ({','.join('?' * len(chunk))}) ORDER BY rowid", chunk,
            ).fetchall()
        size = max(old.size, (rows[-1][0] + 1) if rows else 0)
        if size > old.size:
            size = max(size, int(old.size * 1.25) + 1024)
        columns = _Columns((), 0)
        columns.size = size
        for name, fill in (("live", False), ("date", NO_DATE), ("order", 0), ("ordinal", 0)):
            values = np.full(size, fill, dtype=getattr(old, name).dtype)
            values[: old.size] = getattr(old, name)
            setattr(columns, name, values)
        columns.dead = old.dead
        self._fill(columns, np.array([r[:4] for r in rows], dtype=np.int64).reshape(-1, 4))
        kw = np.array(
            [(r[0], vid) for r in rows for vid in np.frombuffer(r[4], dtype=np.int32).tolist()], dtype=np.int64
        ).reshape(-1, 2)
        added = self._split_pairs(kw)
        empty = np.zeros(0, dtype=np.int32)
        columns.pairs = {
            field: pairs.appended(*added.get(field, (empty, empty)), size) for field, pairs in old.pairs.items()
        }
        dead = [r for r in removed if r < size and columns.live[r]]
        if dead:
            columns.live[dead] = False
            columns.dead += len(dead)
        return columns

    @staticmethod
    def _fill(columns: _Columns, table: np.ndarray) -> None:
        if not len(table):
            return
        at = table[:, 0]
        columns.live[at] = True
        columns.date[at] = table[:, 1]
        columns.order[at] = table[:, 2]
        columns.ordinal[at] = table[:, 3]

    def _split_pairs(self, kw: np.ndarray) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """(rowid, vid) pairs in rowid order -> per field (rowids, value indexes)."""
        if not len(kw):
            return {}
        codes = self._vocabulary.vid_field[kw[:, 1]]
        indexes = self._vocabulary.vid_index[kw[:, 1]]
        split = {}
        for code, field in enumerate(self._vocabulary.fields):
            chosen = codes == code
            if chosen.any():
                split[field] = (kw[chosen, 0].astype(np.int32), indexes[chosen])
        return split
