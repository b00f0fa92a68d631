"""Search latency at scale: p50/p95 per query kind at 10k and 100k generated protocols, index size,
indexing rate.

    python bench/search_speed.py --sizes 10000 100000 [--seed 7] [--queries 200] [--workdir var/bench]

Protocols come from `corpus.generate` (seeded). Running 100k of them through the full NLP extraction
would take hours on two cores, so each record is built from the generator's own metadata (header,
people, schools with keys, agenda, speakers, decisions, each given its span in the text) and then
goes the production way: measure signatures → the store (with measure assignment) → documents
lemmatized by the extraction's Lemmatizer → the SQLite index. The extraction's own speed is the
ingest benchmark's business; `--pipeline N` also times N protocols through the real extractor.

Queries run through the service layer (what the HTTP routes call, response models included), with
the API's default facets, after one warm-up query per kind. A built data directory is reused.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from corpus.generate import GeneratedProtocol, iter_protocols  # noqa: E402
from extract.pipeline import Extractor  # noqa: E402
from ingest.reading import protocol_from_text  # noqa: E402
from protocols.model import (  # noqa: E402
    AgendaItem,
    DateValue,
    Decision,
    MeetingProtocol,
    Person,
    School,
    Span,
    Speaker,
    TextValue,
)
from protocols.settings import Settings  # noqa: E402
from search_api.index.base import Level  # noqa: E402
from search_api.params import SearchParams  # noqa: E402
from search_api.service import ProtocolService  # noqa: E402

DONE_MARK = "complete"
BATCH = 500


def _locate(text: str, value: str, after: int = 0) -> Span:
    at = text.find(value, after)
    if at < 0:
        at = text.find(value)
    if at < 0:
        words = value.split()
        at = text.find(words[0], after) if words else -1
        return Span(start=max(at, 0), end=max(at, 0) + (len(words[0]) if at >= 0 else 0))
    return Span(start=at, end=at + len(value))


def record_from_meta(generated: GeneratedProtocol) -> MeetingProtocol:
    """A filled record from what the generator wrote, each value with its span in the text."""
    meta, text = generated.meta, generated.text
    protocol = protocol_from_text(text, f"{generated.filename_stem}.txt")

    def value(name: str) -> TextValue | None:
        return TextValue(value=meta[name], span=_locate(text, meta[name])) if meta.get(name) else None

    cursor = 0
    decisions = []
    for item in meta["decisions"]:
        span = _locate(text, item["text"], cursor)
        cursor = span.end
        decisions.append(Decision(
            text=item["text"], agenda_item=item.get("agenda_item"), responsible=item.get("responsible"),
            deadline=item.get("deadline"), span=span,
        ))
    date = meta.get("date")
    return protocol.model_copy(update={
        "extractor_version": "generator-meta",
        "doc_type": value("doc_type"), "number": value("number"), "organization": value("organization"),
        "date": DateValue(value=dt.date.fromisoformat(date), raw=date, span=Span(start=0, end=0)) if date else None,
        "participants": [Person(name=n, raw=n, span=_locate(text, n.split()[0])) for n in meta["participants"]],
        "schools": [
            School(name=n, key=k, span=_locate(text, n)) for n, k in zip(meta["schools"], meta["school_keys"], strict=False)
        ],
        "agenda": [AgendaItem(number=i, text=a, span=_locate(text, a)) for i, a in enumerate(meta["agenda"], 1)],
        "speakers": [
            Speaker(name=s["name"], raw=s["name"] or "", role=s.get("role"), agenda_item=s.get("agenda_item"),
                    span=_locate(text, (s["name"] or "").split()[0] if s["name"] else ""))
            for s in meta["speakers"]
        ],
        "decisions": decisions,
    })


def build(service: ProtocolService, count: int, seed: int) -> dict[str, float]:
    """Store and index `count` generated protocols; the time per stage."""
    timings = {"records": 0.0, "store": 0.0, "documents": 0.0, "index": 0.0}
    keyer, builder, store, index = service.measure_keyer, service.documents, service.store, service.index
    batch = []
    started = time.perf_counter()
    for n, generated in enumerate(iter_protocols(count, seed=seed), 1):
        t0 = time.perf_counter()
        record = record_from_meta(generated)
        t1 = time.perf_counter()
        signatures = [keyer.signature(d.text) for d in record.decisions]
        result = store.add(record, signatures)
        t2 = time.perf_counter()
        labels = store.measure_labels([k for k in result.measure_keys if k])
        batch.append(builder.build(result.protocol_id, record, result.measure_keys, labels))
        t3 = time.perf_counter()
        timings["records"] += t1 - t0
        timings["store"] += t2 - t1
        timings["documents"] += t3 - t2
        if len(batch) == BATCH or n == count:
            index.index(batch)
            batch = []
            timings["index"] += time.perf_counter() - t3
        if n % 10_000 == 0:
            elapsed = time.perf_counter() - started
            print(f"  {n} protocols, {n / elapsed:.0f}/s", flush=True)
    timings["total"] = time.perf_counter() - started
    return timings


def sizes_on_disk(settings: Settings) -> dict[str, int]:
    def size(path: Path) -> int:
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())

    return {"index": size(settings.index_path), "store": size(settings.db_path)}


def query_sets(count: int, seed: int, rng: random.Random, n: int) -> dict[str, list]:
    """Realistic queries drawn from the corpus itself: topic words, agenda phrases, its schools and dates."""
    sample = list(iter_protocols(min(count, 3000), seed=seed))
    topics = sorted({t for p in sample for t in p.meta["topics"]})
    words = sorted({w for t in topics for w in t.split() if len(w) > 3})
    agenda_words = sorted({
        w.lower() for p in sample for a in p.meta["agenda"] for w in re.findall(r"[А-Яа-яЁё]{6,}", a)
    })
    phrases = sorted({
        " ".join(pair) for p in sample for a in p.meta["agenda"]
        for pair in zip(re.findall(r"[А-Яа-яЁё]{4,}", a), re.findall(r"[А-Яа-яЁё]{4,}", a)[1:])
    })
    schools = sorted({k for p in sample for k in p.meta["school_keys"]})
    years = list(range(2010, 2027))
    return {
        "word": [rng.choice(words + agenda_words) for _ in range(n)],
        "phrase": [f'"{rng.choice(phrases)}"' for _ in range(n)],
        "school": [rng.choice(schools) for _ in range(n)],
        "year": [rng.choice(years) for _ in range(n)],
        "topic": [rng.choice(words) for _ in range(n)],
    }


def percentiles(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, int(round(0.95 * len(ordered))) - 1)]
    return statistics.median(ordered), p95, max(ordered)


def run_queries(service: ProtocolService, queries: dict[str, list], n: int, rng: random.Random) -> dict[str, tuple]:
    measures = service.measures(SearchParams(limit=100, facets=False)).measures
    measure_keys = [m.key for m in measures]
    kinds: dict[str, Callable[[int], object]] = {
        "one word": lambda i: service.search_protocols(SearchParams(q=queries["word"][i])),
        "phrase": lambda i: service.search_protocols(SearchParams(q=queries["phrase"][i])),
        "facets only": lambda i: service.search_protocols(SearchParams(limit=0)),
        "school + dates": lambda i: service.search_protocols(SearchParams(
            school=[queries["school"][i]],
            date_from=dt.date(queries["year"][i], 1, 1), date_to=dt.date(min(queries["year"][i] + 3, 2026), 12, 31),
        )),
        "word + school + dates": lambda i: service.search_protocols(SearchParams(
            q=queries["topic"][i], school=[queries["school"][i]],
            date_from=dt.date(queries["year"][i], 1, 1), date_to=dt.date(min(queries["year"][i] + 3, 2026), 12, 31),
        )),
        "decisions (word)": lambda i: service.search_decisions(SearchParams(q=queries["topic"][i])),
        "decisions (school)": lambda i: service.search_decisions(SearchParams(school=[queries["school"][i]])),
        "measure timeline": lambda i: service.measure_timeline(measure_keys[i % len(measure_keys)], SearchParams()),
        "measures list": lambda i: service.measures(SearchParams()),
    }
    documents = {"decisions (word)": service.index.count(Level.DECISIONS)}
    results = {}
    for name, run in kinds.items():
        run(0)  # warm-up: caches, columns
        samples = []
        totals = []
        for i in range(n):
            started = time.perf_counter()
            page = run(i)
            samples.append((time.perf_counter() - started) * 1000)
            totals.append(getattr(page, "total", getattr(page, "decisions", 0)))
        results[name] = (*percentiles(samples), statistics.median(totals))
        if name in ("one word", "phrase", "decisions (word)"):
            # Generic words ("года", "программы") match most documents: show them apart.
            limit = 0.3 * documents.get(name, service.index.count(Level.PROTOCOLS))
            for label, keep in (("≤30% of docs", lambda total: total <= limit), (">30% of docs", lambda total: total > limit)):
                part = [ms for ms, total in zip(samples, totals, strict=True) if keep(total)]
                if part:
                    results[f"  {name}, matching {label} ({len(part)})"] = (*percentiles(part), float("nan"))
    return results


def pipeline_rate(service: ProtocolService, n: int, seed: int) -> float:
    """Protocols per second through the real extractor (read from text, extract, store, index)."""
    started = time.perf_counter()
    for generated in iter_protocols(n, seed=seed + 1):
        service.ingest_text(generated.text, f"{generated.filename_stem}.txt")
    return n / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200, help="queries per kind")
    parser.add_argument("--workdir", type=Path, default=REPO / "var" / "bench")
    parser.add_argument("--pipeline", type=int, default=0, help="also time N protocols through the real extractor")
    args = parser.parse_args(argv)
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    for count in args.sizes:
        data_dir = args.workdir / f"search-{count}-seed{args.seed}"
        settings = Settings(data_dir=data_dir)
        extractor = Extractor()
        service = ProtocolService(settings, extractor=extractor)
        mark = data_dir / DONE_MARK
        print(f"\n== {count} protocols ({data_dir})")
        if not mark.exists():
            if service.store.count():
                raise SystemExit(f"{data_dir} holds an unfinished build: remove it and run again")
            timings = build(service, count, args.seed)
            mark.write_text(json.dumps(timings))
        else:
            timings = json.loads(mark.read_text())
            print("  (reusing the data built before)")
        sizes = sizes_on_disk(settings)
        print(f"  indexing: {count / timings['total']:.0f} protocols/s overall "
              f"(records from metadata {timings['records']:.0f} s, store {timings['store']:.0f} s, "
              f"documents {timings['documents']:.0f} s, index {timings['index']:.0f} s)")
        print(f"  protocols {service.store.count()}, decisions {service.index.count(Level.DECISIONS)}; "
              f"index {sizes['index'] / 2**20:.0f} MiB, store {sizes['store'] / 2**20:.0f} MiB")
        started = time.perf_counter()
        service.search_protocols(SearchParams(limit=0))
        service.search_decisions(SearchParams(limit=0))
        print(f"  cold start (loading facet columns of both levels): {(time.perf_counter() - started) * 1000:.0f} ms")
        rng = random.Random(args.seed)
        queries = query_sets(count, args.seed, rng, args.queries)
        results = run_queries(service, queries, args.queries, rng)
        print(f"  {'query kind':<50}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'median hits':>13}")
        for name, (p50, p95, worst, hits) in results.items():
            shown = "" if hits != hits else f"{hits:.0f}"  # NaN: a breakdown row
            print(f"  {name:<50}{p50:>9.1f}{p95:>9.1f}{worst:>9.1f}{shown:>13}")
        service.close()
    if args.pipeline:
        scratch = args.workdir / "pipeline"
        shutil.rmtree(scratch, ignore_errors=True)
        service = ProtocolService(Settings(data_dir=scratch), extractor=extractor)
        rate = pipeline_rate(service, args.pipeline, args.seed)
        print(f"\nfull pipeline (extract → store → index), {args.pipeline} protocols: {rate:.1f} protocols/s")
        service.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
