"""The queue's guarantees in one process: a task delivered twice runs once, the sweep takes files from
dead workers (by pid on this host, by lease elsewhere) and gives up on files that keep killing them,
and a worker process builds its service (NLP models) once."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

from ingest.batches import INTERNAL_ERROR, ItemStatus
from ingest.processing import Result
from ingest.queue import IngestQueue
from ingest.sources import SourceItem
from protocols.settings import Settings
from tests.conftest import SAMPLES_DIR


@pytest.fixture
def queue(tmp_path) -> IngestQueue:
    return IngestQueue(Settings(data_dir=tmp_path / "var", worker_lease_seconds=0.5, ingest_max_attempts=3))


def submit(queue: IngestQueue, *names: str) -> tuple[str, list[int]]:
    batches = queue.batches
    batch_id = batches.create_batch("cli", "test")
    ids = batches.add_items(batch_id, [SourceItem(name, path=SAMPLES_DIR / name) for name in names])
    batches.seal(batch_id)
    return batch_id, ids


def dead_pid() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_a_task_delivered_twice_runs_once(queue):
    batch_id, (item_id,) = submit(queue, "seed-004-typed.docx")
    processor = queue.processor()
    assert processor.process(item_id) is Result.FINISHED
    assert processor.process(item_id) is Result.NOT_MINE  # the second delivery finds it done
    report = queue.batches.report(batch_id)
    assert [item.status for item in report.items] == [ItemStatus.DONE]
    assert report.items[0].attempts == 1
    assert processor.ingestor.store.count() == 1


def test_the_processor_and_its_models_are_built_once_per_process(queue):
    first = queue.processor()
    assert queue.processor() is first
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # a forked worker builds its own, then keeps it
        os.close(read)
        mine = queue.processor()
        os.write(write, b"1" if mine is not first and queue.processor() is mine else b"0")
        os._exit(0)
    os.close(write)
    answer = os.read(read, 1)
    os.waitpid(child, 0)
    assert answer == b"1"


def test_sweep_requeues_files_of_dead_workers_and_gives_up_after_max_attempts(queue):
    batch_id, (item_id,) = submit(queue, "seed-000-typed.docx")
    host = socket.gethostname()
    for attempt in (1, 2):
        queue.huey.flush()  # the task was taken by the worker that died
        assert queue.batches.claim(item_id, f"{host}:{dead_pid()}") is not None
        swept = queue.sweep()
        assert swept.requeued == [item_id] and not swept.failed
        assert queue.batches.item_status(item_id) is ItemStatus.QUEUED
        assert queue.task_item_ids() == {item_id}
    queue.huey.flush()
    assert queue.batches.claim(item_id, f"{host}:{dead_pid()}").attempts == 3
    swept = queue.sweep()
    assert swept.failed == [item_id] and not swept.requeued
    (item,) = queue.batches.report(batch_id).items
    assert (item.status, item.code) == (ItemStatus.FAILED, INTERNAL_ERROR)
    assert "3" in item.message
    assert queue.batches.is_finished(batch_id)


def test_sweep_leaves_live_workers_alone_and_uses_the_lease_for_other_hosts(queue):
    _, (mine, remote) = submit(queue, "seed-000-typed.docx", "seed-004-typed.pdf")
    queue.huey.flush()
    assert queue.batches.claim(mine, f"{socket.gethostname()}:{os.getpid()}")
    assert queue.batches.claim(remote, "another-host:12345")
    assert queue.sweep().requeued == []  # both heartbeats are fresh
    time.sleep(0.6)  # past the 0.5 s lease; this process keeps no heartbeat for `mine` either
    assert sorted(queue.sweep().requeued) == sorted([mine, remote])


def test_sweep_resends_queued_files_whose_task_is_gone(queue):
    _, ids = submit(queue, "seed-000-typed.docx", "seed-004-typed.pdf")
    queue.enqueue(ids[:1])
    time.sleep(1.1)  # past the grace a file just recorded gets before its task is expected
    assert queue.sweep().resent == ids[1:]
    assert queue.task_item_ids() == set(ids)
    assert queue.sweep().resent == []
