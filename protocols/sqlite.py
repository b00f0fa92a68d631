"""SQLite connections as the store, the index and the batch tracker all use them.

One connection per thread and per process (a connection must never cross a fork), in WAL mode so
readers don't block the writer, and write transactions taken up front (BEGIN IMMEDIATE) so
concurrent writers from several workers queue on the busy timeout instead of failing mid-way.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BUSY_TIMEOUT_MS = 60_000


class SqliteDatabase:
    def __init__(self, path: Path, *, pragmas: tuple[str, ...] = (), row_factory=None) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._pragmas = pragmas
        self._row_factory = row_factory
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        if self._row_factory is not None:
            db.row_factory = self._row_factory
        db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
        for pragma in self._pragmas:
            db.execute(f"PRAGMA {pragma}")
        return db

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection in this process, opened on first use."""
        db = getattr(self._local, "db", None)
        if db is None or self._local.pid != os.getpid():
            db = self._local.db = self._connect()
            self._local.pid = os.getpid()
        return db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        db = self.connection
        db.execute("BEGIN IMMEDIATE")
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        db.execute("COMMIT")

    def close(self) -> None:
        """Close this thread's connection (others close with their threads)."""
        db = getattr(self._local, "db", None)
        if db is not None and self._local.pid == os.getpid():
            db.close()
        self._local.db = None
