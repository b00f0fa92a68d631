"""Speed of the synthetic protocol generator (corpus/generate.py): texts/s, and files/s per format.

    python bench/generate_speed.py [--count 20000] [--files 200] [--seed 1]

The search benchmark generates 100k protocols, so the text path must stay well above 2,000 texts/s
on one core. Prints wall and CPU figures (CPU time is what other load on the machine does not skew).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from corpus.generate import generate_protocol, write_protocol  # noqa: E402


def timed(label: str, count: int, work) -> None:
    wall, cpu = time.perf_counter(), time.process_time()
    size = work()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    extra = f", {size / count / 1000:.1f} k characters each" if size else ""
    print(f"{label:<22} {count:>7} in {wall:6.2f} s: {count / wall:8.0f}/s wall, {count / cpu:8.0f}/s CPU{extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=20000, help="texts generated in memory")
    parser.add_argument("--files", type=int, default=200, help="files written per format")
    parser.add_argument("--seed", default="1")
    args = parser.parse_args()

    generate_protocol(args.seed, 0)  # warm-up: the people pool is built on first use
    timed("texts (in memory)", args.count, lambda: sum(len(generate_protocol(args.seed, i).text) for i in range(args.count)))
    with tempfile.TemporaryDirectory() as folder:
        for fmt in ("txt", "docx", "pdf"):
            out = Path(folder) / fmt
            out.mkdir()
            timed(f"{fmt} files", args.files, lambda: [write_protocol(generate_protocol(args.seed, i), out, fmt) for i in range(args.files)] and 0)


if __name__ == "__main__":
    main()
