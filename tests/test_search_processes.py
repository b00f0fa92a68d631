"""The store and index shared by separate processes: concurrent writers (as the ingest workers are),
and the `protocols ingest` / `protocols search` commands run as real subprocesses."""

from __future__ import annotations

import json
import multiprocessing
import os
import subprocess
import sys
from pathlib import Path

from protocols.settings import Settings
from search_api.index.base import Level
from search_api.service import ProtocolService

REPO = Path(__file__).resolve().parent.parent
SAMPLES = REPO / "corpus" / "samples"
FILES = sorted(p for p in SAMPLES.iterdir() if p.suffix in {".docx", ".pdf"})
PROTOCOLS = [str(Path(sys.executable).with_name("protocols"))]


def _ingest_all(data_dir: str, paths: list[str], start, results) -> None:
    service = ProtocolService(Settings(data_dir=Path(data_dir)))
    service.extractor.warm_up()
    start.wait()
    for path in paths:
        outcome = service.ingest_file(Path(path))
        results.put((Path(path).name, outcome.protocol_id, outcome.status))


def test_two_processes_ingesting_the_same_files_store_each_once(tmp_path):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    paths = [str(p) for p in FILES]
    workers = [
        context.Process(target=_ingest_all, args=(str(tmp_path), order, start, results))
        for order in (paths, paths[::-1])
    ]
    for worker in workers:
        worker.start()
    outcomes = [results.get(timeout=300) for _ in range(2 * len(paths))]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    by_file: dict[str, list[tuple[str, str]]] = {}
    for name, protocol_id, status in outcomes:
        by_file.setdefault(name, []).append((protocol_id, status))
    assert set(by_file) == {p.name for p in FILES}
    for name, pair in by_file.items():
        assert sorted(status for _, status in pair) == ["added", "duplicate"], name
        assert len({protocol_id for protocol_id, _ in pair}) == 1, name
    service = ProtocolService(Settings(data_dir=tmp_path))
    assert service.store.count() == len(FILES)
    assert service.index.count(Level.PROTOCOLS) == len(FILES)
    decisions = sum(len(service.store.measure_keys(pid)) for pid in service.store.ids())
    assert service.index.count(Level.DECISIONS) == decisions


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PROTOCOLS_DATA_DIR": str(data_dir)}
    return subprocess.run([*PROTOCOLS, *args], capture_output=True, text=True, env=env, timeout=300, cwd=REPO)


def test_cli_ingest_then_search(tmp_path):
    ingested = run("ingest", str(SAMPLES / "seed-000-typed.docx"), str(SAMPLES / "seed-004-typed.pdf"),
                   str(SAMPLES / "bad" / "corrupt.docx"), data_dir=tmp_path)
    assert ingested.returncode == 1  # one file failed, the others went in
    assert "corrupt.docx: [corrupt_file]" in ingested.stdout
    assert ingested.stdout.count("добавлен") == 2

    found = run("search", "наставничество", "--school", "МБОУ «СШ № 16»", "--json", data_dir=tmp_path)
    assert found.returncode == 0, found.stderr
    page = json.loads(found.stdout)
    assert page["total"] == 1
    assert page["hits"][0]["filename"] == "seed-000-typed.docx"
    assert "<mark>" in page["hits"][0]["snippet"]

    decisions = run("search", "принять к сведению", "--decisions", data_dir=tmp_path)
    assert decisions.returncode == 0 and "Найдено: 2" in decisions.stdout

    bad = run("search", '"незакрытая', data_dir=tmp_path)
    assert bad.returncode == 2 and "кавычка" in bad.stderr
