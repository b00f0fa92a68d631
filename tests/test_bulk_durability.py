"""Nothing is lost: a worker killed with SIGKILL mid-batch and restarted lands every file exactly once;
the Redis-backed queue (a real redis-server) processes a batch and recovers tasks Redis lost."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from corpus.documents import docx_bytes, pdf_bytes
from ingest.batches import BatchStore, ItemStatus
from ingest.queue import IngestQueue
from protocols.settings import Settings
from search_api.store import ProtocolStore
from tests.conftest import GOLD_DIR, REPO_ROOT, SAMPLES_DIR

WAIT_SECONDS = 120


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    """A folder of distinct real protocols (.pdf and .docx from the gold texts), one copied twice."""
    folder = tmp_path_factory.mktemp("docs") / "batch"
    folder.mkdir()
    texts = sorted(GOLD_DIR.glob("*.txt"))[:14]
    for n, path in enumerate(texts):
        text = path.read_text(encoding="utf-8")
        if n % 2:
            (folder / f"{path.stem}.docx").write_bytes(docx_bytes(text))
        else:
            (folder / f"{path.stem}.pdf").write_bytes(pdf_bytes(text)[0])
    shutil.copy(folder / f"{texts[0].stem}.pdf", folder / "копия.pdf")
    (folder / "скан.pdf").write_bytes((SAMPLES_DIR / "bad" / "scan.pdf").read_bytes())
    return folder


def cli_env(data_dir: Path, **extra: str) -> dict[str, str]:
    return os.environ | {"PROTOCOLS_DATA_DIR": str(data_dir), "PYTHONPATH": str(REPO_ROOT), **extra}


def protocols(*args: str, env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "protocols", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=WAIT_SECONDS
    )


def start_worker(env: dict[str, str], log: Path, workers: int) -> subprocess.Popen:
    """`protocols worker` in its own process group, so one signal reaches its worker processes too."""
    return subprocess.Popen(
        [sys.executable, "-m", "protocols", "worker", "--workers", str(workers)],
        env=env, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_for(condition, what: str, timeout: float = WAIT_SECONDS, interval: float = 0.02):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out waiting for {what}")


def check_landed_once(settings: Settings, batch_id: str, folder: Path) -> dict:
    report = BatchStore(settings.batches_path).report(batch_id)
    by_name = {item.path.rsplit("/", 1)[-1]: item for item in report.items}
    assert report.state == "finished"
    assert (by_name["скан.pdf"].status, by_name["скан.pdf"].code) == (ItemStatus.FAILED, "no_text_layer")
    done = [item for item in report.items if item.status is ItemStatus.DONE]
    duplicates = [item for item in report.items if item.status is ItemStatus.DUPLICATE]
    assert len(done) == len(list(folder.iterdir())) - 2  # all but the copy and the scan
    assert len(duplicates) == 1
    assert len({item.protocol_id for item in done}) == len(done)
    assert duplicates[0].duplicate_of.protocol_id in {item.protocol_id for item in done}
    store = ProtocolStore.from_settings(settings)
    assert store.count() == len(done), "every distinct file stored exactly once"
    assert sorted(store.ids()) == sorted(item.protocol_id for item in done)
    return by_name


def test_worker_killed_mid_batch_loses_nothing(documents, tmp_path):
    data_dir = tmp_path / "var"
    env = cli_env(data_dir, PROTOCOLS_WORKER_LEASE_SECONDS="3")
    settings = Settings(data_dir=data_dir, worker_lease_seconds=3)
    submitted = protocols("ingest", "--detach", str(documents), env=env, cwd=tmp_path)
    assert submitted.returncode == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    batches = BatchStore(settings.batches_path)
    queue = IngestQueue(settings)
    total = batches.summary(batch_id).total
    assert len(queue.task_item_ids()) == total  # every file has its task in the queue

    log = tmp_path / "worker.log"
    worker = start_worker(env, log, workers=2)

    def busy_after_some_done():
        summary = batches.summary(batch_id)
        if summary.counts[ItemStatus.DONE] < 3:
            return None
        fresh = [
            item for item in batches.report(batch_id, status=ItemStatus.PROCESSING).items
            if time.time() - item.started_at < 0.05
        ]
        return fresh or None

    try:
        wait_for(busy_after_some_done, "a file taken a moment ago, with some done")
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()

    orphans = batches.report(batch_id, status=ItemStatus.PROCESSING).items
    assert orphans, "the kill left files in progress"
    assert batches.summary(batch_id).state != "finished"
    # huey took their tasks off the queue before running them: only the sweep can bring them back
    assert not {item.id for item in orphans} & queue.task_item_ids()

    restarted = start_worker(env, log, workers=2)
    try:
        wait_for(lambda: batches.is_finished(batch_id), "the batch to finish after the restart", interval=0.2)
    finally:
        restarted.send_signal(signal.SIGINT)  # graceful: finish the file in hand, then exit
        assert restarted.wait(timeout=60) == 0, log.read_text(errors="replace")

    by_name = check_landed_once(settings, batch_id, documents)
    for orphan in orphans:
        again = next(item for item in by_name.values() if item.id == orphan.id)
        assert again.status in (ItemStatus.DONE, ItemStatus.DUPLICATE)
        assert again.attempts == 2
    assert "requeued" in log.read_text(errors="replace")


# ---------------------------------------------------------------- Redis


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_url(tmp_path):
    binary = shutil.which("redis-server")
    if binary is None:
        pytest.skip("redis-server is not installed (.ci/run installs it from Debian)")
    import redis

    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        wait_for(lambda: _pings(client), "redis-server to answer", timeout=10, interval=0.05)
    except AssertionError:
        server.kill()
        pytest.skip("redis-server did not start")
    yield url
    client.close()
    server.terminate()
    server.wait(timeout=10)


def _pings(client) -> bool:
    import redis

    try:
        return client.ping()
    except redis.ConnectionError:
        return False


def test_redis_queue_processes_a_batch_and_recovers_lost_tasks(documents, tmp_path, redis_url):
    import redis

    data_dir = tmp_path / "var"
    settings = Settings(data_dir=data_dir, queue_url=redis_url)
    submitted = protocols("ingest", "--detach", str(documents), env=cli_env(data_dir, PROTOCOLS_QUEUE_URL=redis_url), cwd=tmp_path)
    assert submitted.returncode == 0, submitted.stderr
    batch_id = submitted.stdout.strip()
    queue = IngestQueue(settings)
    assert not settings.queue_path.exists(), "the SQLite queue is not used when a Redis URL is set"
    total = queue.batches.summary(batch_id).total
    assert queue.huey.pending_count() == total

    # Redis loses two tasks (a restart without persistence, say); the batch store still knows the files
    client = redis.Redis.from_url(redis_url)
    lost = [client.rpop(queue.huey.storage.queue_key) for _ in range(2)]
    assert all(lost) and queue.huey.pending_count() == total - 2
    time.sleep(1.1)  # past the grace a freshly queued file gets before it counts as lost

    with queue.consumers(2, processes=True):
        wait_for(lambda: queue.batches.is_finished(batch_id), "the batch to finish on the Redis queue", interval=0.2)
    assert queue.huey.pending_count() == 0
    check_landed_once(settings, batch_id, documents)

    shown = protocols("batches", batch_id, "--json", env=cli_env(data_dir, PROTOCOLS_QUEUE_URL=redis_url), cwd=tmp_path)
    assert json.loads(shown.stdout)["counts"]["done"] == total - 2
