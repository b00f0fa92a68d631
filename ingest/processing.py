"""Processing one queued file of a batch: take it, hash it, store it once, record what happened.

Delivery is at least once (a task may run again after a crash), so every step is safe to repeat:
taking the file is a compare-and-set on its status; its bytes are claimed by content hash before
the service stores them, so two files with the same bytes are stored once whichever worker gets
them; and the service itself answers "duplicate" for bytes it already holds.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Protocol

from ingest.batches import INTERNAL_ERROR, BatchStore, ClaimedItem, ItemStatus, this_worker
from ingest.errors import IngestError
from ingest.reading import sha256_of

log = logging.getLogger(__name__)


class Outcome(Protocol):
    protocol_id: str
    status: str  # "added" | "duplicate"


class ProtocolIngestor(Protocol):
    """What bulk ingest needs from the service layer: store one file (read, extract, index), delete one."""

    def ingest_file(self, path: Path, filename: str | None = None) -> Outcome: ...

    def delete_protocol(self, protocol_id: str) -> bool: ...


class Result(Enum):
    FINISHED = "finished"  # the file reached a final status
    NOT_MINE = "not_mine"  # not queued any more: finished before, or another worker has it
    WAITING = "waiting"  # same bytes as a file still being processed: try again shortly


class Heartbeat:
    """Marks this process's files in progress as alive, so a sweep never takes them from a live worker."""

    def __init__(self, batches: BatchStore, worker: str, interval: float) -> None:
        self.batches = batches
        self.worker = worker
        self.interval = interval
        self._in_flight: set[int] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def track(self, item_id: int) -> None:
        with self._lock:
            self._in_flight.add(item_id)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ingest-heartbeat", daemon=True)
                self._thread.start()

    def untrack(self, item_id: int) -> None:
        with self._lock:
            self._in_flight.discard(item_id)

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            with self._lock:
                ids = list(self._in_flight)
            try:
                self.batches.beat(ids, self.worker)
            except sqlite3.OperationalError as error:  # a busy database delays one beat; the lease has room
                log.warning("heartbeat not recorded: %s", error)


class FileProcessor:
    """Processes queued files for one worker process; holds the service (and its NLP models) once."""

    def __init__(self, batches: BatchStore, ingestor: ProtocolIngestor, *, lease_seconds: float) -> None:
        self.batches = batches
        self.ingestor = ingestor
        self.lease_seconds = lease_seconds
        self.worker = this_worker()
        self.heartbeat = Heartbeat(batches, self.worker, lease_seconds / 4)

    def process(self, item_id: int) -> Result:
        item = self.batches.claim(item_id, self.worker)
        if item is None:
            return Result.NOT_MINE
        self.heartbeat.track(item.id)
        try:
            result = self._process(item)
        finally:
            self.heartbeat.untrack(item.id)
        if result is Result.FINISHED and item.staged:
            item.path.unlink(missing_ok=True)
        return result

    def _process(self, item: ClaimedItem) -> Result:
        try:
            sha256 = sha256_of(item.path)
        except FileNotFoundError:
            self.batches.finish_failed(item.id, "missing", "Файл исчез до обработки (удалён или перемещён)")
            return Result.FINISHED
        claim = self.batches.claim_content(sha256, item.id, self.lease_seconds)
        if claim.owner != item.id:
            if claim.owner_status in (ItemStatus.QUEUED, ItemStatus.PROCESSING):
                self.batches.release(item.id)
                return Result.WAITING
            self.batches.finish_duplicate(item.id, of_item=claim.owner, protocol_id=claim.protocol_id)
            return Result.FINISHED
        filename = PurePosixPath(item.display_path).name
        try:
            outcome = self.ingestor.ingest_file(item.path, filename=filename)
        except IngestError as error:
            self.batches.finish_failed(item.id, error.code, error.message)
            return Result.FINISHED
        except (OSError, MemoryError, sqlite3.Error):
            raise  # the machine, not the file: the item stays in progress and a sweep retries it
        except Exception as error:  # a bug met on one file must not stop the batch: record it, go on
            log.exception("ingesting %s failed", item.display_path)
            self.batches.finish_failed(item.id, INTERNAL_ERROR, f"Внутренняя ошибка обработки: {type(error).__name__}: {error}")
            return Result.FINISHED
        if outcome.status == "added" or not claim.fresh:
            # not fresh: an earlier attempt (of this file, or of the one it took over from) claimed the
            # bytes and may have stored them before it died
            self.batches.finish_done(item.id, outcome.protocol_id)
        else:
            self.batches.finish_duplicate(item.id, of_item=None, protocol_id=outcome.protocol_id)
        return Result.FINISHED
