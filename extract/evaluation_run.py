"""The `protocols evaluate` service: run the extractor (and the natasha baseline) over gold files."""

from __future__ import annotations

import json
from pathlib import Path

from extract.baseline import NatashaBaseline
from extract.evaluate import evaluate, format_errors, format_table, load_gold, org_key_function
from extract.pipeline import Extractor
from ingest.reading import protocol_from_text


def run_evaluation(paths: list[Path], *, as_json: bool = False, show_errors: bool = False, with_baseline: bool = True,
                   extractor: Extractor | None = None) -> str:
    docs = load_gold(paths)
    extractor = extractor or Extractor()
    key_of = org_key_function(extractor.lemmatizer)
    ours = evaluate(docs, lambda d: extractor.extract(protocol_from_text(d.text, d.name)), key_of)
    base = None
    if with_baseline:
        natasha = NatashaBaseline(extractor.tools)
        base = evaluate(docs, lambda d: natasha.extract(protocol_from_text(d.text, d.name)), key_of)
    if as_json:
        data = {"extractor": ours.as_dict()}
        if base is not None:
            data["natasha_baseline"] = base.as_dict()
        if show_errors:
            data["errors"] = {
                name: {f: {"missing": d.missing, "spurious": d.spurious} for f, d in fields.items()}
                for name, fields in ours.diffs.items()
            }
        return json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n"
    out = format_table(ours, base)
    if show_errors:
        out += "\nErrors (- missed gold item, + spurious prediction):\n" + format_errors(ours)
    return out
