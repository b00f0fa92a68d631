"""Extraction speed: CPU milliseconds per protocol and per pipeline stage.

    python bench/extract_speed.py [--repeat 5] [--gold corpus/gold]

Target (issue 3): <= 130 ms CPU for a typical two-page protocol. Models are loaded once before
timing (as in a worker process); each protocol is extracted `--repeat` times and the median of
its runs is reported, so a cold cache does not count against one protocol. Prints figures for the
two seed renderings read by the PDF reader (two and three pages) and for every gold text.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extract.pipeline import STAGES, Extractor  # noqa: E402
from ingest.reading import protocol_from_text, read_file  # noqa: E402


def measure(extractor: Extractor, protocol, repeat: int) -> tuple[float, dict[str, float]]:
    """Median total CPU ms over `repeat` runs, and the per-stage CPU ms of the median run."""
    runs = []
    for _ in range(repeat):
        timings: dict[str, float] = {}
        started = time.process_time()
        extractor.extract(protocol, timings)
        runs.append(((time.process_time() - started) * 1000, {k: v * 1000 for k, v in timings.items()}))
    runs.sort(key=lambda run: run[0])
    return runs[len(runs) // 2]


def stage_line(stages: dict[str, float]) -> str:
    return "  ".join(f"{name} {stages.get(name, 0.0):5.1f}" for name in STAGES)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--gold", type=Path, default=ROOT / "corpus" / "gold")
    args = parser.parse_args()

    started = time.process_time()
    extractor = Extractor()
    extractor.warm_up()
    print(f"models loaded in {(time.process_time() - started) * 1000:.0f} ms CPU (once per process)")
    print("per-stage CPU ms: " + ", ".join(STAGES))

    samples = ROOT / "corpus" / "samples"
    for name in ("seed-004-typed.pdf", "seed-000-typed.pdf"):
        path = samples / name
        if not path.exists():
            print(f"{name}: not found (make samples)")
            continue
        protocol = read_file(path)
        total, stages = measure(extractor, protocol, args.repeat)
        print(f"{name:<24} {len(protocol.pages)} pages {len(protocol.text):>6} chars  total {total:6.1f} ms   {stage_line(stages)}")

    totals, per_kchar, by_stage, names = [], [], {name: [] for name in STAGES}, []
    for text_path in sorted(args.gold.glob("*.txt")):
        if not text_path.with_name(text_path.name[:-4] + ".gold.json").exists():
            continue
        text = text_path.read_text(encoding="utf-8")
        total, stages = measure(extractor, protocol_from_text(text, text_path.name), args.repeat)
        totals.append(total)
        names.append(f"{text_path.name}, {len(text)} chars")
        per_kchar.append(total / max(1, len(text)) * 1000)
        for name in STAGES:
            by_stage[name].append(stages.get(name, 0.0))
    if totals:
        print(f"gold texts: {len(totals)}  median {statistics.median(totals):.1f} ms  mean {statistics.mean(totals):.1f} ms  "
              f"max {max(totals):.1f} ms ({names[totals.index(max(totals))]})  median {statistics.median(per_kchar):.1f} ms per 1000 characters")
        print("gold mean per stage: " + stage_line({name: statistics.mean(values) for name, values in by_stage.items()}))


if __name__ == "__main__":
    main()
