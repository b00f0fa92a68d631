"""The ingest task queue: huey on SQLite in the data folder by default, on Redis when PROTOCOLS_QUEUE_URL is set.

The batch store, not the queue, is the record of what is left to do: a task only carries a file's id.
Huey takes a task off the queue before running it, so a worker killed mid-file loses that task; the
sweep (when consumers start, and every minute) gives such files back to the queue, and re-sends
queued files whose task is missing (a Redis without persistence, a crash between recording a batch
and queuing it). Running a file's task twice is harmless (see `ingest.processing`).
"""

from __future__ import annotations

import logging
import shutil
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from huey import Huey, RedisHuey, SqliteHuey, crontab
from huey.consumer import Consumer

from ingest.batches import BatchStore, this_worker
from ingest.processing import FileProcessor, Result
from protocols.settings import Settings

log = logging.getLogger(__name__)

QUEUE_NAME = "protocols-ingest"
# A file whose bytes another file is storing right now waits this long before it looks again.
WAIT_FOR_TWIN_SECONDS = 1.0
# A queued file younger than this may simply not have reached the queue yet.
QUEUE_GRACE_SECONDS = 1.0
HEALTH_CHECK_SECONDS = 5.0

ProcessorFactory = Callable[[Settings, BatchStore], FileProcessor]


@contextmanager
def serve_consumers(settings: Settings) -> Iterator[None]:
    """`settings.serve_workers` consumer processes beside the API server (none when it is 0)."""
    if settings.serve_workers == 0:
        yield
        return
    with IngestQueue(settings).consumers(settings.serve_workers, processes=True):
        yield


def make_huey(settings: Settings) -> Huey:
    if settings.queue_url:
        return RedisHuey(QUEUE_NAME, url=settings.queue_url, results=False)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(QUEUE_NAME, filename=str(settings.queue_path), results=False)


def service_processor(settings: Settings, batches: BatchStore) -> FileProcessor:
    """A processor over the search service: built once per worker process (it loads the NLP models)."""
    from search_api.service import ProtocolService

    return FileProcessor(batches, ProtocolService(settings), lease_seconds=settings.worker_lease_seconds)


@dataclass
class Sweep:
    requeued: list[int] = field(default_factory=list)  # taken by a worker that died
    resent: list[int] = field(default_factory=list)  # queued, but their task was missing
    failed: list[int] = field(default_factory=list)  # their workers died too often


class IngestQueue:
    """Queues batch files for workers and runs them; one per process, on one set of settings."""

    def __init__(self, settings: Settings, processor_factory: ProcessorFactory = service_processor) -> None:
        self.settings = settings
        self.batches = BatchStore(settings.batches_path)
        self.huey = make_huey(settings)
        self._processor_factory = processor_factory
        self._processor: FileProcessor | None = None
        self._processor_lock = threading.Lock()
        self._ingest_task = self.huey.task(name="ingest_file")(self._ingest)
        self.huey.periodic_task(crontab(minute="*"), name="sweep")(self.sweep)

    def processor(self) -> FileProcessor:
        """This process's processor (after a fork the child builds its own)."""
        with self._processor_lock:
            if self._processor is None or self._processor.worker != this_worker():
                self._processor = self._processor_factory(self.settings, self.batches)
            return self._processor

    def enqueue(self, item_ids: Iterable[int]) -> None:
        for item_id in item_ids:
            self._ingest_task(item_id)

    def _ingest(self, item_id: int) -> None:
        if self.processor().process(item_id) is Result.WAITING:
            self._ingest_task.schedule((item_id,), delay=WAIT_FOR_TWIN_SECONDS)

    def run_here(self, item_id: int) -> None:
        """Process one file in this process, without the queue (the sequential `ingest --jobs 1`)."""
        while self.processor().process(item_id) is Result.WAITING:
            time.sleep(WAIT_FOR_TWIN_SECONDS / 4)

    def sweep(self) -> Sweep:
        """Give files of dead workers back to the queue and re-send queued files that lost their task."""
        result = Sweep()
        result.requeued, result.failed = self.batches.requeue_orphans(
            self.settings.worker_lease_seconds, self.settings.ingest_max_attempts
        )
        self.enqueue(result.requeued)
        waiting = self.batches.queued_since(time.time() - QUEUE_GRACE_SECONDS)
        if waiting:
            with_task = self.task_item_ids()
            result.resent = [item_id for item_id in waiting if item_id not in with_task and item_id not in result.requeued]
            self.enqueue(result.resent)
        self._remove_finished_staging()
        if result.requeued or result.resent or result.failed:
            log.warning(
                "sweep: %d files of dead workers requeued, %d lost tasks re-sent, %d failed after too many attempts",
                len(result.requeued), len(result.resent), len(result.failed),
            )
        return result

    def task_item_ids(self) -> set[int]:
        """Ids of the files that have a task waiting in the queue (now or scheduled)."""
        tasks = [*self.huey.pending(), *self.huey.scheduled()]
        return {task.args[0] for task in tasks if isinstance(task, self._ingest_task.task_class)}

    def _remove_finished_staging(self) -> None:
        staging = self.settings.staging_dir
        if not staging.is_dir():
            return
        for folder in staging.iterdir():
            if folder.is_dir() and self.batches.is_finished(folder.name):
                shutil.rmtree(folder, ignore_errors=True)

    @contextmanager
    def consumers(self, workers: int, *, processes: bool | None = None) -> Iterator[Consumer]:
        """Run `workers` consumers inside this program until the block ends (then finish files in hand)."""
        self.sweep()
        use_processes = workers > 1 if processes is None else processes
        consumer = EmbeddedConsumer(
            self.huey, workers=workers, worker_type="process" if use_processes else "thread",
            initial_delay=0.05, backoff=1.5, max_delay=1.0,
        )
        consumer.start()
        try:
            yield consumer
        finally:
            consumer.stop(graceful=True)

    def run_worker(self, workers: int) -> None:
        """Run consumers in the foreground until SIGINT or SIGTERM (`protocols worker`)."""
        self.sweep()
        consumer = self.huey.create_consumer(
            workers=workers, worker_type="process" if workers > 1 else "thread", initial_delay=0.05, backoff=1.5,
            max_delay=1.0, health_check_interval=HEALTH_CHECK_SECONDS,
        )
        consumer.run()


class EmbeddedConsumer(Consumer):
    """A huey consumer started inside another program, which keeps its own signal handling.

    Huey's own main loop (signals, health checks) is not run here, so a thread restarts workers that died.
    """

    def _set_signal_handlers(self) -> None:
        """The host program (uvicorn, the CLI) owns SIGINT and SIGTERM."""

    def start(self) -> None:
        super().start()
        self._monitor = threading.Thread(target=self._watch_workers, name="huey-health", daemon=True)
        self._monitor.start()

    def _watch_workers(self) -> None:
        while not self.stop_flag.wait(HEALTH_CHECK_SECONDS):
            self.check_worker_health()
