"""Bulk ingest as the HTTP API and the CLI share it: hand in files as a batch, follow and list batches."""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from ingest.batches import BatchStore, BatchSummary
from ingest.errors import TooLarge
from ingest.processing import ProtocolIngestor
from ingest.queue import IngestQueue
from ingest.sources import SourceCollector, SourceItem
from protocols.settings import Settings

LABEL_LENGTH = 200
POLL_SECONDS = 0.25


class BulkIngest:
    def __init__(self, settings: Settings, queue: IngestQueue | None = None) -> None:
        self.settings = settings
        self.queue = queue or IngestQueue(settings)
        self.batches: BatchStore = self.queue.batches

    def submit_paths(self, paths: Sequence[Path], *, enqueue: bool = True) -> tuple[str, list[int]]:
        """A batch of local files, folders and archives; returns its id and the ids of files to process."""
        batch_id = self.batches.create_batch("cli", _label(str(path) for path in paths))
        collector = SourceCollector(self.settings, self.settings.staging_dir / batch_id)
        queued = self.batches.add_items(batch_id, collector.from_paths(paths))
        self.batches.seal(batch_id)
        if enqueue:
            self.queue.enqueue(queued)
        return batch_id, queued

    def run(
        self, batch_id: str, queued: Sequence[int], *, jobs: int, on_progress: Callable[[BatchSummary], None]
    ) -> BatchSummary:
        """Process a submitted batch here until it is finished: one file after another for `jobs=1`,
        else `jobs` worker processes on the queue (which also help with any other queued batch)."""
        if jobs == 1:
            on_progress(self._summary(batch_id))
            for item_id in queued:
                self.queue.run_here(item_id)
                on_progress(self._summary(batch_id))
            return self._summary(batch_id)
        self.queue.enqueue(queued)
        with self.queue.consumers(jobs, processes=True):
            while not self.batches.is_finished(batch_id):
                on_progress(self._summary(batch_id))
                time.sleep(POLL_SECONDS)
        summary = self._summary(batch_id)
        on_progress(summary)
        return summary

    def _summary(self, batch_id: str) -> BatchSummary:
        summary = self.batches.summary(batch_id)
        if summary is None:
            raise KeyError(batch_id)
        return summary

    def start_upload(self, label: str) -> tuple[str, Path]:
        """A batch whose files are arriving over HTTP, and the folder to receive them into."""
        batch_id = self.batches.create_batch("http", label[:LABEL_LENGTH])
        return batch_id, self.settings.staging_dir / batch_id / "upload"

    def finish_upload(self, batch_id: str, files: Sequence[tuple[str, Path, bool]], label: str = "") -> BatchSummary:
        """Record the received files `(name, path, over_limit)` (archives unpacked) and queue them."""
        collector = SourceCollector(self.settings, self.settings.staging_dir / batch_id)

        def items():
            for name, path, over_limit in files:
                display = name.replace("\\", "/").lstrip("/") or path.name
                if over_limit:
                    path.unlink(missing_ok=True)
                    yield SourceItem(
                        display,
                        error=TooLarge(f"Файл больше допустимых {self.max_upload_part_bytes} байт, приём прерван"),
                    )
                else:
                    yield from collector.from_file(path, display, staged=True)

        queued = self.batches.add_items(batch_id, items())
        self.batches.set_label(batch_id, label[:LABEL_LENGTH] or _label(name for name, _, _ in files))
        self.batches.seal(batch_id)
        self.queue.enqueue(queued)
        return self._summary(batch_id)

    def abandon_upload(self, batch_id: str) -> None:
        """An upload that could not be received: forget the batch and whatever arrived."""
        self.batches.discard(batch_id)
        shutil.rmtree(self.settings.staging_dir / batch_id, ignore_errors=True)

    def delete_protocol(self, service: ProtocolIngestor, protocol_id: str) -> bool:
        """Delete a stored protocol; its bytes may then be loaded anew (not reported as a duplicate)."""
        deleted = service.delete_protocol(protocol_id)
        if deleted:
            self.batches.release_protocol(protocol_id)
        return deleted

    @property
    def max_upload_part_bytes(self) -> int:
        """A part may be an archive, so it may be as large as an archive may unpack to."""
        return max(self.settings.max_file_bytes, self.settings.zip_max_total_bytes)


def _label(names) -> str:
    label = ", ".join(names)
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"
