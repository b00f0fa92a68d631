"""The store: one SQLite database (WAL) of protocols, decisions, people, schools and measures, and the
original files on disk, content-addressed by sha256 (`originals/ab/cd/<sha256>`).

The store is the source of truth; the search index is derived from it and can be rebuilt. A
protocol's id is the first 16 hex digits of its original's sha256: stable across re-extraction,
re-indexing and rebuilds, and the same in every process. Adding is idempotent on sha256 (a UNIQUE
column), so two workers adding the same file race safely: one adds, the other sees a duplicate.
Every write is one `BEGIN IMMEDIATE` transaction; readers never block writers (WAL).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from protocols.model import MeetingProtocol
from protocols.settings import Settings
from protocols.sqlite import SqliteDatabase
from search_api.measures import MeasureSignature, choose_measure

ID_LENGTH = 16
STORE_SCHEMA_VERSION = 1

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS protocols (
    id TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    filename TEXT NOT NULL,
    format TEXT NOT NULL,
    size INTEGER NOT NULL,
    date TEXT,
    doc_type TEXT,
    number TEXT,
    organization TEXT,
    extractor_version TEXT,
    schema_version INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    record TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS protocols_date ON protocols(date);
CREATE INDEX IF NOT EXISTS protocols_extractor ON protocols(extractor_version);
CREATE TABLE IF NOT EXISTS measures (
    key TEXT PRIMARY KEY,
    verb TEXT NOT NULL,
    object TEXT NOT NULL,
    complement TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS measures_verb ON measures(verb);
CREATE TABLE IF NOT EXISTS decisions (
    protocol_id TEXT NOT NULL REFERENCES protocols(id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    number TEXT,
    text TEXT NOT NULL,
    agenda_item INTEGER,
    responsible TEXT,
    deadline TEXT,
    deadline_date TEXT,
    measure_key TEXT REFERENCES measures(key),
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (protocol_id, ordinal)
);
CREATE INDEX IF NOT EXISTS decisions_measure ON decisions(measure_key);
CREATE TABLE IF NOT EXISTS people (
    protocol_id TEXT NOT NULL REFERENCES protocols(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    role TEXT,
    relation TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS people_protocol ON people(protocol_id);
CREATE INDEX IF NOT EXISTS people_name ON people(name);
CREATE TABLE IF NOT EXISTS schools (
    protocol_id TEXT NOT NULL REFERENCES protocols(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    name TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS schools_protocol ON schools(protocol_id);
CREATE INDEX IF NOT EXISTS schools_key ON schools(key);
"""


def protocol_id_for(sha256: str) -> str:
    return sha256[:ID_LENGTH]


@dataclass(frozen=True)
class StoredProtocol:
    """What the store knows about a protocol besides its record."""

    id: str
    sha256: str
    filename: str
    format: str
    size: int
    extractor_version: str | None
    added_at: str
    updated_at: str


@dataclass(frozen=True)
class AddResult:
    protocol_id: str
    added: bool
    measure_keys: list[str | None]


@dataclass(frozen=True)
class Measure:
    key: str
    verb: str
    object: str
    complement: str
    label: str


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class ProtocolStore:
    """Thread-safe: each thread gets its own connection; each process may open its own store."""

    def __init__(self, db_path: Path, originals_dir: Path) -> None:
        self.db_path = Path(db_path)
        self.originals_dir = Path(originals_dir)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        self.originals_dir.mkdir(parents=True, exist_ok=True)
        self._database = SqliteDatabase(self.db_path, pragmas=("foreign_keys = ON",))
        self._create_schema()

    @classmethod
    def from_settings(cls, settings: Settings) -> ProtocolStore:
        return cls(settings.db_path, settings.originals_dir)

    def _create_schema(self) -> None:
        with self._database.write() as db:
            for statement in SCHEMA.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute(
                "INSERT OR IGNORE INTO meta(key, value) VALUES ('store_schema_version', ?)", (str(STORE_SCHEMA_VERSION),)
            )

    def close(self) -> None:
        self._database.close()

    # ------------------------------------------------------------ originals

    def original_path(self, sha256: str) -> Path:
        return self.originals_dir / sha256[:2] / sha256[2:4] / sha256

    def save_original(self, source: Path, sha256: str) -> Path:
        """Copy `source` to its content address (atomically; a no-op if it is there already)."""
        target = self.original_path(sha256)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        try:
            with os.fdopen(fd, "wb") as out, Path(source).open("rb") as src:
                shutil.copyfileobj(src, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return target

    def save_original_bytes(self, data: bytes, sha256: str) -> Path:
        target = self.original_path(sha256)
        if target.exists():
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".incoming-")
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.replace(tmp, target)
        return target

    # ------------------------------------------------------------ writing

    def add(self, protocol: MeetingProtocol, signatures: list[MeasureSignature | None]) -> AddResult:
        """Store a new protocol; if its sha256 is stored already, change nothing and say so."""
        sha = protocol.source.sha256
        with self._database.write() as db:
            row = db.execute("SELECT id FROM protocols WHERE sha256 = ?", (sha,)).fetchone()
            if row is not None:
                return AddResult(row[0], added=False, measure_keys=self._measure_keys(db, row[0]))
            protocol_id = protocol_id_for(sha)
            now = _now()
            db.execute(
                "INSERT INTO protocols(id, sha256, filename, format, size, date, doc_type, number, organization,"
                " extractor_version, schema_version, added_at, updated_at, record)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (protocol_id, sha, protocol.source.filename, protocol.source.format, protocol.source.size,
                 *self._header_columns(protocol), protocol.extractor_version, protocol.schema_version, now, now,
                 protocol.model_dump_json()),
            )
            keys = self._insert_children(db, protocol_id, protocol, signatures)
        return AddResult(protocol_id, added=True, measure_keys=keys)

    def replace(self, protocol_id: str, protocol: MeetingProtocol, signatures: list[MeasureSignature | None]) -> list[str | None]:
        """Replace a stored protocol's record (a re-extraction of the same original); returns measure keys."""
        with self._database.write() as db:
            row = db.execute("SELECT sha256 FROM protocols WHERE id = ?", (protocol_id,)).fetchone()
            if row is None:
                raise KeyError(protocol_id)
            if row[0] != protocol.source.sha256:
                raise ValueError(f"protocol {protocol_id}: the record is of another file")
            old_measures = self._measure_keys(db, protocol_id)
            db.execute(
                "UPDATE protocols SET date=?, doc_type=?, number=?, organization=?, extractor_version=?,"
                " schema_version=?, updated_at=?, record=? WHERE id=?",
                (*self._header_columns(protocol), protocol.extractor_version, protocol.schema_version, _now(),
                 protocol.model_dump_json(), protocol_id),
            )
            for table in ("decisions", "people", "schools"):
                db.execute(f"DELETE FROM {table} WHERE protocol_id = ?", (protocol_id,))
            keys = self._insert_children(db, protocol_id, protocol, signatures)
            self._drop_unused_measures(db, old_measures)
        return keys

    def delete(self, protocol_id: str) -> bool:
        """Remove a protocol, its rows and its original file."""
        with self._database.write() as db:
            row = db.execute("SELECT sha256 FROM protocols WHERE id = ?", (protocol_id,)).fetchone()
            if row is None:
                return False
            old_measures = self._measure_keys(db, protocol_id)
            db.execute("DELETE FROM protocols WHERE id = ?", (protocol_id,))
            self._drop_unused_measures(db, old_measures)
        self.original_path(row[0]).unlink(missing_ok=True)
        return True

    @staticmethod
    def _header_columns(protocol: MeetingProtocol) -> tuple:
        return (
            protocol.date.value.isoformat() if protocol.date else None,
            protocol.doc_type.value if protocol.doc_type else None,
            protocol.number.value if protocol.number else None,
            protocol.organization.value if protocol.organization else None,
        )

    def _insert_children(
        self, db: sqlite3.Connection, protocol_id: str, protocol: MeetingProtocol, signatures: list[MeasureSignature | None]
    ) -> list[str | None]:
        keys = [
            self._assign_measure(db, signature, decision.text) if signature else None
            for decision, signature in zip(protocol.decisions, signatures, strict=True)
        ]
        db.executemany(
            "INSERT INTO decisions(protocol_id, ordinal, number, text, agenda_item, responsible, deadline,"
            " deadline_date, measure_key, span_start, span_end) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                (protocol_id, ordinal, d.number, d.text, d.agenda_item, d.responsible, d.deadline,
                 d.deadline_date.isoformat() if d.deadline_date else None, key, d.span.start, d.span.end)
                for ordinal, (d, key) in enumerate(zip(protocol.decisions, keys, strict=True), start=1)
            ],
        )
        people = [(p.name, p.role, p.attendance, p.span) for p in protocol.participants]
        people += [(s.name, s.role, "speaker", s.span) for s in protocol.speakers if s.name]
        db.executemany(
            "INSERT INTO people(protocol_id, name, role, relation, span_start, span_end) VALUES (?,?,?,?,?,?)",
            [(protocol_id, name, role, relation, span.start, span.end) for name, role, relation, span in people],
        )
        db.executemany(
            "INSERT INTO schools(protocol_id, key, name, span_start, span_end) VALUES (?,?,?,?,?)",
            [(protocol_id, s.key, s.name, s.span.start, s.span.end) for s in protocol.schools],
        )
        return keys

    def _assign_measure(self, db: sqlite3.Connection, signature: MeasureSignature, text: str) -> str:
        """The measure a decision belongs to: a near-duplicate known one, or a new one (inside the write lock)."""
        known = [
            MeasureSignature(verb, obj, complement)
            for verb, obj, complement in db.execute(
                "SELECT verb, object, complement FROM measures WHERE verb = ?", (signature.verb,)
            )
        ]
        chosen = choose_measure(signature, known)
        label = " ".join(text.split())
        if chosen is None:
            db.execute(
                "INSERT INTO measures(key, verb, object, complement, label, created_at) VALUES (?,?,?,?,?,?)",
                (signature.key, signature.verb, signature.object, signature.complement, label, _now()),
            )
            return signature.key
        # The shortest wording reads best as the measure's name ("Информацию принять к сведению.").
        db.execute(
            "UPDATE measures SET label = ? WHERE key = ? AND length(label) > length(?) AND length(?) >= 12",
            (label, chosen.key, label, label),
        )
        return chosen.key

    @staticmethod
    def _measure_keys(db: sqlite3.Connection, protocol_id: str) -> list[str | None]:
        return [
            key for (key,) in db.execute(
                "SELECT measure_key FROM decisions WHERE protocol_id = ? ORDER BY ordinal", (protocol_id,)
            )
        ]

    @staticmethod
    def _drop_unused_measures(db: sqlite3.Connection, keys: list[str | None]) -> None:
        for key in {k for k in keys if k}:
            db.execute(
                "DELETE FROM measures WHERE key = ? AND NOT EXISTS (SELECT 1 FROM decisions WHERE measure_key = ?)",
                (key, key),
            )

    # ------------------------------------------------------------ reading

    def find_by_sha256(self, sha256: str) -> str | None:
        row = self._database.connection.execute("SELECT id FROM protocols WHERE sha256 = ?", (sha256,)).fetchone()
        return row[0] if row else None

    def info(self, protocol_id: str) -> StoredProtocol | None:
        row = self._database.connection.execute(
            "SELECT id, sha256, filename, format, size, extractor_version, added_at, updated_at"
            " FROM protocols WHERE id = ?",
            (protocol_id,),
        ).fetchone()
        return StoredProtocol(*row) if row else None

    def get(self, protocol_id: str) -> MeetingProtocol | None:
        row = self._database.connection.execute("SELECT record FROM protocols WHERE id = ?", (protocol_id,)).fetchone()
        return MeetingProtocol.model_validate_json(row[0]) if row else None

    def measure_keys(self, protocol_id: str) -> list[str | None]:
        """The measure of each decision of a protocol, in order."""
        return self._measure_keys(self._database.connection, protocol_id)

    def measure(self, key: str) -> Measure | None:
        row = self._database.connection.execute(
            "SELECT key, verb, object, complement, label FROM measures WHERE key = ?", (key,)
        ).fetchone()
        return Measure(*row) if row else None

    def measure_labels(self, keys: list[str]) -> dict[str, str]:
        labels: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            labels.update(self._database.connection.execute(f"SELECT key, label FROM measures WHERE key IN ({marks})", chunk).fetchall())
        return labels

    def ids(self, *, extractor_version_not: str | None = None) -> list[str]:
        """Every protocol id in the order they were added (optionally only those extracted by another version)."""
        if extractor_version_not is None:
            rows = self._database.connection.execute("SELECT id FROM protocols ORDER BY added_at, id")
        else:
            rows = self._database.connection.execute(
                "SELECT id FROM protocols WHERE extractor_version IS NOT ? ORDER BY added_at, id",
                (extractor_version_not,),
            )
        return [r[0] for r in rows]

    def count(self) -> int:
        return self._database.connection.execute("SELECT count(*) FROM protocols").fetchone()[0]

    def iter_records(self, batch: int = 200) -> Iterator[tuple[str, MeetingProtocol, list[str | None]]]:
        """(id, record, measure keys) of every stored protocol, in added order, read in batches."""
        ids = self.ids()
        for start in range(0, len(ids), batch):
            for protocol_id in ids[start:start + batch]:
                record = self.get(protocol_id)
                if record is not None:
                    yield protocol_id, record, self.measure_keys(protocol_id)
