"""Bulk ingest as the HTTP API and the CLI share it: hand in files as a batch, follow and list batches."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path

from ingest.batches import BatchStore
from ingest.errors import TooLarge
from ingest.queue import IngestQueue
from ingest.sources import SourceCollector, SourceItem
from protocols.settings import Settings

LABEL_LENGTH = 200


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

    def start_upload(self, label: str) -> tuple[str, Path]:
        """A batch whose files are arriving over HTTP, and the folder to receive them into."""
        batch_id = self.batches.create_batch("http", label[:LABEL_LENGTH])
        return batch_id, self.settings.staging_dir / batch_id / "upload"

    def finish_upload(self, batch_id: str, files: Sequence[tuple[str, Path, bool]]) -> list[int]:
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
        if not self.batches.label(batch_id):
            self.batches.set_label(batch_id, _label(name for name, _, _ in files))
        self.batches.seal(batch_id)
        self.queue.enqueue(queued)
        return queued

    def abandon_upload(self, batch_id: str) -> None:
        """An upload that could not be received: forget the batch and whatever arrived."""
        self.batches.discard(batch_id)
        shutil.rmtree(self.settings.staging_dir / batch_id, ignore_errors=True)

    @property
    def max_upload_part_bytes(self) -> int:
        """A part may be an archive, so it may be as large as an archive may unpack to."""
        return max(self.settings.max_file_bytes, self.settings.zip_max_total_bytes)


def _label(names) -> str:
    label = ", ".join(names)
    return label if len(label) <= LABEL_LENGTH else label[: LABEL_LENGTH - 1] + "…"
