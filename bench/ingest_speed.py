"""Bulk ingest speed and memory: `protocols ingest FOLDER --jobs N` over generated .docx and .pdf protocols.

    python bench/ingest_speed.py [--count 2000] [--jobs 2] [--seed bench] [--cache DIR]

Renders `--count` protocols from `corpus.generate` (every other one .docx, the rest .pdf) once into a
cache folder (default ~/.cache/protocols-bench/ingest-<seed>-<count>), then runs the real command as
a subprocess on a fresh data folder (SQLite store, index and queue) and samples its process tree every
50 ms. Prints protocols/s over the whole run (start-up and model loading included) and over the
batch's own processing time, the CPU time per protocol (the figure to trust on a busy machine), and the
peak of the summed RSS (and PSS, which counts shared pages once) of all processes.
Targets on 2 cores: >= 15 protocols/s, <= 1 GB RSS.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.generate import generate_protocol, write_protocol  # noqa: E402

SAMPLE_SECONDS = 0.1
PSS_EVERY = 10  # PSS (smaps_rollup) is costly to read: every 10th sample


def _render(job: tuple[str, int, str]) -> None:
    seed, index, folder = job
    write_protocol(generate_protocol(seed, index), Path(folder), "docx" if index % 2 == 0 else "pdf")


def render_once(count: int, seed: str, folder: Path) -> Path:
    done = folder.with_name(folder.name + ".complete")  # beside the folder: everything inside is ingested
    if done.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(pool.map(_render, [(seed, index, str(folder)) for index in range(count)], chunksize=20))
    done.write_text(f"{count}\n")
    print(f"rendered {count} protocols into {folder} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return folder


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                ppid = int(f.read().rsplit(b")", 1)[1].split()[1])
        except (FileNotFoundError, ProcessLookupError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(entry))
    return children


def _tree(root: int) -> list[int]:
    children = _children()
    pids, stack = [], [root]
    while stack:
        pid = stack.pop()
        pids.append(pid)
        stack.extend(children.get(pid, []))
    return pids


def _kib(path: str, field: str) -> int:
    try:
        with open(path) as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        pass
    return 0


class TreeMemory:
    """Peak summed RSS and PSS of a process and all its descendants, sampled in a thread."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.peak_rss_kib = self.peak_pss_kib = self.peak_processes = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        sample = 0
        while not self._stop.wait(SAMPLE_SECONDS):
            pids = _tree(self.pid)
            rss = sum(_kib(f"/proc/{pid}/status", "VmRSS:") for pid in pids)
            self.peak_rss_kib = max(self.peak_rss_kib, rss)
            self.peak_processes = max(self.peak_processes, len(pids))
            sample += 1
            if sample % PSS_EVERY == 0:
                pss = sum(_kib(f"/proc/{pid}/smaps_rollup", "Pss:") for pid in pids)
                self.peak_pss_kib = max(self.peak_pss_kib, pss)


def _children_cpu() -> float:
    """User + system seconds of every finished descendant (each process adds its children's when it reaps them)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", default="bench")
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    cache = args.cache or Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "protocols-bench"
    folder = render_once(args.count, args.seed, cache / f"ingest-{args.seed}-{args.count}")
    files = sorted(p for p in folder.iterdir() if p.suffix in (".docx", ".pdf"))

    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as data_dir:
        env = os.environ | {"PROTOCOLS_DATA_DIR": data_dir, "PYTHONPATH": str(ROOT)}
        cpu_before = _children_cpu()
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "protocols", "ingest", str(folder), "--jobs", str(args.jobs), "--json"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        )
        with TreeMemory(process.pid) as memory:
            output, _ = process.communicate()
        wall = time.perf_counter() - started
        cpu = _children_cpu() - cpu_before
    report = json.loads(output)
    counts = {status: n for status, n in report["counts"].items() if n}
    print(f"files: {len(files)} ({sum(p.suffix == '.docx' for p in files)} .docx, {sum(p.suffix == '.pdf' for p in files)} .pdf),"
          f" --jobs {args.jobs}, {os.cpu_count()} cores; statuses: {counts}; exit code {process.returncode}")
    print(f"wall time: {wall:.1f} s -> {len(files) / wall:.1f} protocols/s (start-up and model loading included)")
    print(f"batch processing rate: {report['rate']:.1f} protocols/s (first file taken to last finished)")
    print(f"CPU time of all processes: {cpu:.0f} s = {cpu / len(files) * 1000:.0f} ms per protocol"
          f" -> {len(files) / (cpu / args.jobs):.1f} protocols/s with {args.jobs} otherwise idle cores; load average now"
          f" {os.getloadavg()[0]:.1f}")
    print(f"peak memory of {memory.peak_processes} processes: RSS sum {memory.peak_rss_kib / 1024:.0f} MiB,"
          f" PSS sum {memory.peak_pss_kib / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
