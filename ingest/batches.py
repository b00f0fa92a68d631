"""Batches and the status of every file in them, in one SQLite file shared by the API, CLI and workers.

A file goes `queued` -> `processing` -> `done` | `duplicate` | `failed`; files that are not documents
(system files, symlinks) are `skipped` from the start, and files refused before any worker sees them
(archive problems) are `failed` from the start. The move to `processing` is a compare-and-set, so a
task delivered twice runs once. `contents` maps a sha256 to the first file that claimed it: later
files with the same bytes are duplicates of that one, in whichever batch they come.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from ingest.sources import SourceItem
from protocols.sqlite import SqliteDatabase


class ItemStatus(StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    DUPLICATE = "duplicate"
    FAILED = "failed"
    SKIPPED = "skipped"


UNFINISHED = (ItemStatus.QUEUED, ItemStatus.PROCESSING)
INTERNAL_ERROR = "internal_error"

SCHEMA = """
CREATE TABLE IF NOT EXISTS batches (
    id TEXT PRIMARY KEY,
    origin TEXT NOT NULL,
    label TEXT NOT NULL,
    created_at REAL NOT NULL,
    sealed INTEGER NOT NULL DEFAULT 0,
    finished_at REAL
);
CREATE TABLE IF NOT EXISTS items (
    id INTEGER PRIMARY KEY,
    batch_id TEXT NOT NULL REFERENCES batches(id),
    seq INTEGER NOT NULL,
    display_path TEXT NOT NULL,
    path TEXT,
    staged INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL,
    code TEXT,
    message TEXT,
    sha256 TEXT,
    protocol_id TEXT,
    duplicate_of_item INTEGER REFERENCES items(id),
    attempts INTEGER NOT NULL DEFAULT 0,
    worker TEXT,
    heartbeat_at REAL,
    queued_at REAL NOT NULL,
    started_at REAL,
    finished_at REAL
);
CREATE INDEX IF NOT EXISTS items_batch ON items(batch_id, seq);
CREATE INDEX IF NOT EXISTS items_status ON items(status);
CREATE INDEX IF NOT EXISTS items_duplicate_of ON items(duplicate_of_item) WHERE duplicate_of_item IS NOT NULL;
CREATE TABLE IF NOT EXISTS contents (
    sha256 TEXT PRIMARY KEY,
    item_id INTEGER NOT NULL REFERENCES items(id),
    protocol_id TEXT
);
CREATE INDEX IF NOT EXISTS contents_protocol ON contents(protocol_id);
"""


def this_worker() -> str:
    """`host:pid:start` of the calling process: what a `processing` file records as its worker."""
    pid = os.getpid()
    return f"{socket.gethostname()}:{pid}:{_process_start(pid) or 0}"


def _process_start(pid: int) -> str | None:
    """When process `pid` started (clock ticks after boot, from /proc); None if it is gone or a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None
    if fields[0] in (b"Z", b"X"):  # a killed child not yet reaped is a zombie: dead
        return None
    return fields[19].decode()


def worker_dead(worker: str | None, heartbeat_at: float | None, lease_seconds: float) -> bool:
    """A worker is dead when its heartbeat is older than the lease, or at once when it ran on this
    host and its process is gone (the pid free, or reused by a process started at another time)."""
    if (heartbeat_at or 0) < time.time() - lease_seconds:
        return True
    host, _, rest = (worker or "").partition(":")
    pid, _, start = rest.partition(":")
    return host == socket.gethostname() and pid.isdigit() and _process_start(int(pid)) != start


# ---------------------------------------------------------------- reports


class DuplicateOf(BaseModel):
    """The stored file a duplicate has the same bytes as."""

    protocol_id: str | None = Field(description="the stored protocol; null while the first file is still being processed")
    item_id: int | None = Field(default=None, description="the first file with these bytes, if it came in a batch")
    batch_id: str | None = None
    display_path: str | None = None


class ItemReport(BaseModel):
    id: int
    path: str = Field(description="as the user sees it: folder/file.docx, archive.zip/entry.pdf")
    status: ItemStatus
    code: str | None = Field(default=None, description="for failed: machine-readable reason (too_large, zip_bomb, …)")
    message: str | None = Field(default=None, description="for failed and skipped: the reason, for people")
    protocol_id: str | None = Field(default=None, description="for done: the stored protocol")
    duplicate_of: DuplicateOf | None = None
    sha256: str | None = None
    attempts: int = 0
    started_at: float | None = None
    finished_at: float | None = None


class BatchSummary(BaseModel):
    id: str
    origin: str = Field(description='"http" or "cli"')
    label: str
    created_at: float
    finished_at: float | None
    state: str = Field(description='"receiving", "queued", "running" or "finished"')
    total: int
    counts: dict[ItemStatus, int]
    rate: float | None = Field(description="files finished per second since the first was taken")
    eta_seconds: float | None = Field(description="at the current rate, until the last file is finished")


class BatchReport(BatchSummary):
    items: list[ItemReport]
    items_offset: int
    items_total: int = Field(description="items matching the status filter")


@dataclass(frozen=True)
class ClaimedItem:
    """A file a worker has taken: read it from `path`."""

    id: int
    batch_id: str
    display_path: str
    path: Path
    staged: bool
    attempts: int


@dataclass(frozen=True)
class ContentClaim:
    """Who owns a sha256: `owner` is the claiming item itself or the first item with these bytes."""

    owner: int
    fresh: bool
    owner_status: ItemStatus
    protocol_id: str | None


# ---------------------------------------------------------------- the store


class BatchStore:
    """All reads and writes of batch state. Safe across threads and processes (one connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._database = SqliteDatabase(path, row_factory=sqlite3.Row)
        self._database.connection.executescript(SCHEMA)

    # ------------------------------------------------------------ batches

    def create_batch(self, origin: str, label: str) -> str:
        batch_id = uuid.uuid4().hex[:16]
        with self._database.write() as db:
            db.execute(
                "INSERT INTO batches (id, origin, label, created_at) VALUES (?, ?, ?, ?)",
                (batch_id, origin, label, time.time()),
            )
        return batch_id

    def label(self, batch_id: str) -> str | None:
        row = self._database.connection.execute("SELECT label FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return row["label"] if row else None

    def set_label(self, batch_id: str, label: str) -> None:
        with self._database.write() as db:
            db.execute("UPDATE batches SET label = ? WHERE id = ?", (label, batch_id))

    def discard(self, batch_id: str) -> None:
        """Forget a batch that never got its files (a broken upload)."""
        with self._database.write() as db:
            db.execute("DELETE FROM items WHERE batch_id = ?", (batch_id,))
            db.execute("DELETE FROM batches WHERE id = ?", (batch_id,))

    def add_items(self, batch_id: str, items: Iterable[SourceItem], *, chunk: int = 500) -> list[int]:
        """Record the files of a batch (in order); returns the ids of those to be queued."""
        queued: list[int] = []
        seq = self._database.connection.execute("SELECT COALESCE(MAX(seq), 0) FROM items WHERE batch_id = ?", (batch_id,)).fetchone()[0]
        pending: list[SourceItem] = []

        def flush() -> None:
            nonlocal seq
            now = time.time()
            with self._database.write() as db:
                for item in pending:
                    seq += 1
                    if item.error is not None:
                        status, code, message = ItemStatus.FAILED, item.error.code, item.error.message
                    elif item.skipped is not None:
                        status, code, message = ItemStatus.SKIPPED, "skipped", item.skipped
                    else:
                        status, code, message = ItemStatus.QUEUED, None, None
                    cursor = db.execute(
                        "INSERT INTO items (batch_id, seq, display_path, path, staged, status, code, message,"
                        " queued_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            batch_id, seq, item.display_path, str(item.path) if item.path else None,
                            int(item.staged), status, code, message, now,
                            None if status is ItemStatus.QUEUED else now,
                        ),
                    )
                    if status is ItemStatus.QUEUED:
                        queued.append(cursor.lastrowid)
            pending.clear()

        for item in items:
            pending.append(item)
            if len(pending) >= chunk:
                flush()
        flush()
        return queued

    def seal(self, batch_id: str) -> None:
        """Every file of the batch is recorded; the batch can finish once they all have."""
        with self._database.write() as db:
            db.execute("UPDATE batches SET sealed = 1 WHERE id = ?", (batch_id,))
            self._maybe_finish(db, batch_id)

    def _maybe_finish(self, db: sqlite3.Connection, batch_id: str) -> None:
        db.execute(
            "UPDATE batches SET finished_at = ? WHERE id = ? AND sealed = 1 AND finished_at IS NULL"
            " AND NOT EXISTS (SELECT 1 FROM items WHERE batch_id = ? AND status IN ('queued', 'processing'))",
            (time.time(), batch_id, batch_id),
        )

    # ------------------------------------------------------------ a worker's moves

    def claim(self, item_id: int, worker: str) -> ClaimedItem | None:
        """Take a queued file for processing; None if it is not queued (done, or taken by someone else)."""
        now = time.time()
        with self._database.write() as db:
            row = db.execute(
                "UPDATE items SET status = 'processing', worker = ?, attempts = attempts + 1, heartbeat_at = ?,"
                " started_at = COALESCE(started_at, ?) WHERE id = ? AND status = 'queued'"
                " RETURNING id, batch_id, display_path, path, staged, attempts",
                (worker, now, now, item_id),
            ).fetchone()
        if row is None:
            return None
        return ClaimedItem(row["id"], row["batch_id"], row["display_path"], Path(row["path"]), bool(row["staged"]), row["attempts"])

    def release(self, item_id: int) -> None:
        """Give a taken file back to the queue without counting the attempt (it waits for another file)."""
        with self._database.write() as db:
            db.execute(
                "UPDATE items SET status = 'queued', worker = NULL, heartbeat_at = NULL, attempts = attempts - 1"
                " WHERE id = ? AND status = 'processing'",
                (item_id,),
            )

    def beat(self, item_ids: Iterable[int], worker: str) -> None:
        ids = list(item_ids)
        if not ids:
            return
        with self._database.write() as db:
            db.executemany(
                "UPDATE items SET heartbeat_at = ? WHERE id = ? AND worker = ? AND status = 'processing'",
                [(time.time(), item_id, worker) for item_id in ids],
            )

    def claim_content(self, sha256: str, item_id: int, lease_seconds: float) -> ContentClaim:
        """Record `item_id` as the owner of these bytes unless another file already is.

        An owner whose attempt died (queued again, or processing under a dead worker) hands the bytes
        over: it may have stored them already, so the new owner's claim is not fresh.
        """
        with self._database.write() as db:
            cursor = db.execute("INSERT OR IGNORE INTO contents (sha256, item_id) VALUES (?, ?)", (sha256, item_id))
            fresh = cursor.rowcount == 1
            db.execute("UPDATE items SET sha256 = ? WHERE id = ?", (sha256, item_id))
            row = db.execute(
                "SELECT c.item_id, c.protocol_id, i.status, i.worker, i.heartbeat_at FROM contents c"
                " JOIN items i ON i.id = c.item_id WHERE c.sha256 = ?",
                (sha256,),
            ).fetchone()
            status = ItemStatus(row["status"])
            abandoned = status is ItemStatus.QUEUED or (
                status is ItemStatus.PROCESSING and worker_dead(row["worker"], row["heartbeat_at"], lease_seconds)
            )
            if row["item_id"] != item_id and abandoned:
                db.execute("UPDATE contents SET item_id = ? WHERE sha256 = ?", (item_id, sha256))
                return ContentClaim(item_id, False, ItemStatus.PROCESSING, row["protocol_id"])
        return ContentClaim(row["item_id"], fresh, status, row["protocol_id"])

    def finish_done(self, item_id: int, protocol_id: str) -> None:
        with self._database.write() as db:
            self._finish(db, item_id, ItemStatus.DONE, protocol_id=protocol_id)
            db.execute("UPDATE contents SET protocol_id = ? WHERE item_id = ?", (protocol_id, item_id))
            self._resolve_duplicates_of(db, item_id, protocol_id)

    def finish_duplicate(self, item_id: int, *, of_item: int | None, protocol_id: str | None) -> None:
        """Same bytes as `of_item` (a file of some batch) or as a protocol stored some other way."""
        with self._database.write() as db:
            if of_item is not None:
                protocol_id = protocol_id or db.execute(
                    "SELECT protocol_id FROM contents WHERE item_id = ?", (of_item,)
                ).fetchone()[0]
            self._finish(db, item_id, ItemStatus.DUPLICATE, protocol_id=protocol_id, duplicate_of_item=of_item)
            if of_item is None:
                db.execute("UPDATE contents SET protocol_id = ? WHERE item_id = ?", (protocol_id, item_id))
                self._resolve_duplicates_of(db, item_id, protocol_id)

    def finish_failed(self, item_id: int, code: str, message: str) -> None:
        """A failed file gives up its bytes' claim, so the same bytes sent again are tried again."""
        with self._database.write() as db:
            self._finish(db, item_id, ItemStatus.FAILED, code=code, message=message)
            db.execute("DELETE FROM contents WHERE item_id = ?", (item_id,))

    def _finish(self, db: sqlite3.Connection, item_id: int, status: ItemStatus, **values: object) -> None:
        values = {"status": status, "finished_at": time.time(), "worker": None, "heartbeat_at": None, **values}
        assignments = ", ".join(f"{name} = ?" for name in values)
        row = db.execute(
            f"UPDATE items SET {assignments} WHERE id = ? RETURNING batch_id", (*values.values(), item_id)
        ).fetchone()
        if row is not None:
            self._maybe_finish(db, row["batch_id"])

    def _resolve_duplicates_of(self, db: sqlite3.Connection, item_id: int, protocol_id: str | None) -> None:
        db.execute(
            "UPDATE items SET protocol_id = ? WHERE duplicate_of_item = ? AND protocol_id IS NULL",
            (protocol_id, item_id),
        )

    def release_protocol(self, protocol_id: str) -> None:
        """A deleted protocol's bytes are free again: sending the file anew stores it anew."""
        with self._database.write() as db:
            db.execute("DELETE FROM contents WHERE protocol_id = ?", (protocol_id,))

    # ------------------------------------------------------------ recovery

    def requeue_orphans(self, lease_seconds: float, max_attempts: int) -> tuple[list[int], list[int]]:
        """Files left `processing` by a dead worker (see `worker_dead`): back to `queued`, or `failed`
        after too many tries. Returns (requeued ids, failed ids)."""
        rows = self._database.connection.execute(
            "SELECT id, worker, heartbeat_at, attempts FROM items WHERE status = 'processing'"
        ).fetchall()
        requeued: list[int] = []
        failed: list[int] = []
        for row in rows:
            if not worker_dead(row["worker"], row["heartbeat_at"], lease_seconds):
                continue
            with self._database.write() as db:
                if row["attempts"] >= max_attempts:
                    changed = db.execute(
                        "SELECT 1 FROM items WHERE id = ? AND status = 'processing' AND worker IS ?",
                        (row["id"], row["worker"]),
                    ).fetchone()
                    if changed:
                        message = (
                            f"Обработка файла прерывалась {row['attempts']} раз(а): обработчик аварийно"
                            " завершался (сбой или нехватка памяти)"
                        )
                        self._finish(db, row["id"], ItemStatus.FAILED, code=INTERNAL_ERROR, message=message)
                        db.execute("DELETE FROM contents WHERE item_id = ?", (row["id"],))
                        failed.append(row["id"])
                    continue
                cursor = db.execute(
                    "UPDATE items SET status = 'queued', worker = NULL, heartbeat_at = NULL, queued_at = ?"
                    " WHERE id = ? AND status = 'processing' AND worker IS ?",
                    (time.time(), row["id"], row["worker"]),
                )
                if cursor.rowcount:
                    requeued.append(row["id"])
        return requeued, failed

    def queued_since(self, before: float) -> list[int]:
        """Queued files waiting since before `before` (for checking that each still has a task)."""
        rows = self._database.connection.execute(
            "SELECT id FROM items WHERE status = 'queued' AND queued_at < ? ORDER BY id", (before,)
        ).fetchall()
        return [row["id"] for row in rows]

    def touch_queued(self, item_ids: Iterable[int]) -> None:
        with self._database.write() as db:
            db.executemany(
                "UPDATE items SET queued_at = ? WHERE id = ? AND status = 'queued'",
                [(time.time(), item_id) for item_id in item_ids],
            )

    # ------------------------------------------------------------ reading

    def item_status(self, item_id: int) -> ItemStatus | None:
        row = self._database.connection.execute("SELECT status FROM items WHERE id = ?", (item_id,)).fetchone()
        return ItemStatus(row["status"]) if row else None

    def item_ids(self, batch_id: str) -> list[int]:
        rows = self._database.connection.execute("SELECT id FROM items WHERE batch_id = ? ORDER BY seq", (batch_id,)).fetchall()
        return [row["id"] for row in rows]

    def is_finished(self, batch_id: str) -> bool:
        row = self._database.connection.execute("SELECT finished_at FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return row is not None and row["finished_at"] is not None

    def summary(self, batch_id: str) -> BatchSummary | None:
        row = self._database.connection.execute("SELECT * FROM batches WHERE id = ?", (batch_id,)).fetchone()
        return self._summary(row) if row else None

    def report(
        self, batch_id: str, *, status: ItemStatus | None = None, offset: int = 0, limit: int = 1000
    ) -> BatchReport | None:
        summary = self.summary(batch_id)
        if summary is None:
            return None
        where, params = "i.batch_id = ?", [batch_id]
        if status is not None:
            where += " AND i.status = ?"
            params.append(status)
        db = self._database.connection
        items_total = db.execute(f"SELECT COUNT(*) FROM items i WHERE {where}", params).fetchone()[0]
        rows = db.execute(
            "SELECT i.*, d.batch_id AS dup_batch_id, d.display_path AS dup_display_path FROM items i"
            f" LEFT JOIN items d ON d.id = i.duplicate_of_item WHERE {where} ORDER BY i.seq LIMIT ? OFFSET ?",
            (*params, limit, offset),
        ).fetchall()
        return BatchReport(
            **summary.model_dump(), items=[_item_report(row) for row in rows], items_offset=offset, items_total=items_total
        )

    def finished_since(self, batch_id: str, since: float) -> list[ItemReport]:
        """Files of a batch that reached a final status at or after `since`, in the order they did."""
        rows = self._database.connection.execute(
            "SELECT i.*, d.batch_id AS dup_batch_id, d.display_path AS dup_display_path FROM items i"
            " LEFT JOIN items d ON d.id = i.duplicate_of_item"
            " WHERE i.batch_id = ? AND i.finished_at >= ? AND i.status NOT IN ('queued', 'processing')"
            " ORDER BY i.finished_at, i.seq",
            (batch_id, since),
        ).fetchall()
        return [_item_report(row) for row in rows]

    def list_batches(self, *, offset: int = 0, limit: int = 50) -> tuple[int, list[BatchSummary]]:
        db = self._database.connection
        total = db.execute("SELECT COUNT(*) FROM batches").fetchone()[0]
        rows = db.execute(
            "SELECT * FROM batches ORDER BY created_at DESC, id LIMIT ? OFFSET ?", (limit, offset)
        ).fetchall()
        return total, [self._summary(row) for row in rows]

    def _summary(self, batch: sqlite3.Row) -> BatchSummary:
        db = self._database.connection
        counts = {status: 0 for status in ItemStatus}
        for row in db.execute(
            "SELECT status, COUNT(*) AS n FROM items WHERE batch_id = ? GROUP BY status", (batch["id"],)
        ):
            counts[ItemStatus(row["status"])] = row["n"]
        timing = db.execute(
            "SELECT MIN(started_at) AS first, MAX(finished_at) AS last,"
            " SUM(started_at IS NOT NULL AND status NOT IN ('queued', 'processing')) AS worked"
            " FROM items WHERE batch_id = ?",
            (batch["id"],),
        ).fetchone()
        total = sum(counts.values())
        unfinished = counts[ItemStatus.QUEUED] + counts[ItemStatus.PROCESSING]
        rate = eta = None
        if timing["first"] is not None and timing["worked"]:
            until = batch["finished_at"] or time.time()
            elapsed = max(until - timing["first"], 1e-6)
            rate = timing["worked"] / elapsed
            eta = unfinished / rate if batch["finished_at"] is None else 0.0
        if batch["finished_at"] is not None:
            state = "finished"
        elif not batch["sealed"]:
            state = "receiving"
        elif timing["first"] is None:
            state = "queued"
        else:
            state = "running"
        return BatchSummary(
            id=batch["id"], origin=batch["origin"], label=batch["label"], created_at=batch["created_at"],
            finished_at=batch["finished_at"], state=state, total=total, counts=counts, rate=rate, eta_seconds=eta,
        )


def _item_report(row: sqlite3.Row) -> ItemReport:
    duplicate_of = None
    if row["status"] == ItemStatus.DUPLICATE:
        duplicate_of = DuplicateOf(
            protocol_id=row["protocol_id"], item_id=row["duplicate_of_item"], batch_id=row["dup_batch_id"],
            display_path=row["dup_display_path"],
        )
    return ItemReport(
        id=row["id"], path=row["display_path"], status=ItemStatus(row["status"]), code=row["code"],
        message=row["message"], protocol_id=row["protocol_id"] if row["status"] == ItemStatus.DONE else None,
        duplicate_of=duplicate_of, sha256=row["sha256"], attempts=row["attempts"], started_at=row["started_at"],
        finished_at=row["finished_at"],
    )
