"""The queue's guarantees in one process: a task delivered twice runs once, the sweep takes files from
dead workers (by pid on this host, by lease elsewhere) and gives up on files that keep killing them,
and a worker process builds its service (NLP models) once."""

from __future__ import annotations

import os
import socket
import subprocess
import time

import pytest

from ingest.batches import INTERNAL_ERROR, ItemStatus, this_worker
from ingest.processing import Result
from ingest.queue import IngestQueue
from ingest.reading import sha256_of
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
    assert queue.batches.claim(mine, this_worker())
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


def test_a_file_takes_over_bytes_whose_first_owner_died(queue):
    """The first file with some bytes died after claiming (maybe storing) them: its twin carries on
    instead of waiting for it, and the first, run again, finds itself a duplicate; stored once."""
    batch_id, (first, twin) = submit(queue, "seed-004-typed.pdf", "seed-004-typed.pdf")
    dead = f"{socket.gethostname()}:{dead_pid()}:0"
    taken = queue.batches.claim(first, dead)
    sha256 = sha256_of(taken.path)
    assert queue.batches.claim_content(sha256, first, 60).owner == first
    queue.processor().ingestor.ingest_file(taken.path)  # the dead attempt got as far as storing the file

    assert queue.processor().process(twin) is Result.FINISHED
    assert queue.sweep().requeued == [first]
    assert queue.processor().process(first) is Result.FINISHED
    items = {item.id: item for item in queue.batches.report(batch_id).items}
    assert items[twin].status is ItemStatus.DONE
    assert items[first].status is ItemStatus.DUPLICATE
    assert items[first].duplicate_of.item_id == twin
    assert items[first].duplicate_of.protocol_id == items[twin].protocol_id
    assert queue.processor().ingestor.store.count() == 1
