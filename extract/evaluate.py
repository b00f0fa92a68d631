"""Scoring extraction against gold annotations (`corpus/gold/*.gold.json` beside `*.txt`).

Matching, per field (all strings first normalized: Unicode NFC, white space squashed, no space
inside guillemets, dashes unified, ё as е, a trailing ellipsis marking a cut-off text and trailing
".,;:" dropped):

- scalars (number, date, time, place, participant_count): exact after normalization; doc_type and
  format compare case-insensitively (headers capitalize at will: "РОДИТЕЛЬСКОГО КОМИТЕТА");
- organization and schools: by the canonical organization key (`extract.schools.org_key`), so a
  name matches in any case form and spelling of its quotes, spaces and "№"; a wrong extent still
  fails (the key keeps every word but the legal form);
- lists are multisets: date_conflicts (ISO dates), participants (names), agenda (item texts),
  speakers (name, role case-insensitively, agenda item), decisions (text, agenda item);
  decision_responsible and decision_deadline are (decision text, value) pairs of the decisions
  that have one, scored only on files whose gold annotates them.

A scalar counts as one item: gold X and prediction X is a true positive; a different prediction is
a false positive and a false negative; gold null and a prediction is a false positive. A field a
gold file does not annotate (no key) is not scored on that file. Counts are summed over files
(micro), and the macro F1 is the mean F1 of the fields that have any gold or predicted item.
Precision without predictions and recall without gold items are 1 only when the other side is empty
too, else 0 (so a field with only spurious predictions scores 0, not 1).
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from extract.schools import org_key
from protocols.model import MeetingProtocol

FIELDS = [
    "doc_type", "number", "date", "date_conflicts", "time", "place", "format", "organization",
    "participants", "participant_count", "schools", "agenda", "speakers", "decisions",
    "decision_responsible", "decision_deadline",
]
AUXILIARY = ["speakers_name"]  # reported, not in the macro F1
SCALARS = {"doc_type", "number", "date", "time", "place", "format", "organization", "participant_count"}


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Score") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def support(self) -> int:
        return self.tp + self.fp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else (1.0 if not self.fp else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class FieldDiff:
    missing: list = field(default_factory=list)  # in gold, not predicted
    spurious: list = field(default_factory=list)  # predicted, not in gold


@dataclass
class Report:
    scores: dict[str, Score]
    files: int
    diffs: dict[str, dict[str, FieldDiff]] = field(default_factory=dict)

    @property
    def macro_f1(self) -> float:
        scored = [self.scores[f].f1 for f in FIELDS if f in self.scores and self.scores[f].support]
        return sum(scored) / len(scored) if scored else 0.0

    def as_dict(self) -> dict:
        return {
            "files": self.files,
            "macro_f1": round(self.macro_f1, 4),
            "fields": {name: s.as_dict() for name, s in self.scores.items()},
        }


# --- normalization ---------------------------------------------------------------------------------
def norm(value) -> str | None:
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value)).replace("ё", "е").replace("Ё", "Е")
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"([«„“])\s+", r"\1", text)
    text = re.sub(r"\s+([»”])", r"\1", text)
    text = re.sub(r"[‐‑‒–—―]", "-", text)
    text = re.sub(r"\s*(?:…|\.\.\.)$", "", text)
    text = text.rstrip(" .,;:")
    return text


def norm_ci(value) -> str | None:
    text = norm(value)
    return text.casefold() if text is not None else None


# --- field values -------------------------------------------------------------------------------------
def gold_values(gold: dict, name: str, key_of: Callable[[str], str]) -> list | None:
    """The gold's items for a field, or None when the gold does not annotate it."""
    if name in ("decision_responsible", "decision_deadline"):
        attr = name.split("_", 1)[1]
        decisions = gold.get("decisions")
        if not decisions or not any(attr in d for d in decisions):
            return None
        return [(norm(d["text"]), _attr_norm(attr, d.get(attr))) for d in decisions if d.get(attr)]
    if name == "speakers_name":
        if "speakers" not in gold:
            return None
        return [norm(s.get("name")) for s in gold["speakers"]]
    if name not in gold:
        return None
    value = gold[name]
    if name in SCALARS:
        return [] if value is None else [_scalar(name, value, key_of)]
    if name == "date_conflicts":
        return [str(v) for v in value]
    if name == "participants":
        return [norm(v) for v in value]
    if name == "schools":
        return list(dict.fromkeys(key_of(v) for v in value))
    if name == "agenda":
        return [norm(v) for v in value]
    if name == "speakers":
        return [(norm(s.get("name")), norm_ci(s.get("role")), s.get("agenda_item")) for s in value]
    if name == "decisions":
        return [(norm(d["text"]), d.get("agenda_item")) for d in value]
    raise KeyError(name)


def predicted_values(protocol: MeetingProtocol, name: str, key_of: Callable[[str], str]) -> list:
    p = protocol
    if name in SCALARS:
        field_value = getattr(p, name)
        if field_value is None:
            return []
        value = field_value.value
        return [_scalar(name, value.isoformat() if name == "date" else value, key_of)]
    if name == "date_conflicts":
        return [d.value.isoformat() for d in p.date_conflicts]
    if name == "participants":
        return [norm(x.name) for x in p.participants if x.attendance != "absent"]
    if name == "schools":
        return list(dict.fromkeys(key_of(s.name) for s in p.schools))
    if name == "agenda":
        return [norm(a.text) for a in p.agenda]
    if name == "speakers":
        return [(norm(s.name), norm_ci(s.role), s.agenda_item) for s in p.speakers]
    if name == "speakers_name":
        return [norm(s.name) for s in p.speakers]
    if name == "decisions":
        return [(norm(d.text), d.agenda_item) for d in p.decisions]
    if name in ("decision_responsible", "decision_deadline"):
        attr = name.split("_", 1)[1]
        return [(norm(d.text), _attr_norm(attr, getattr(d, attr))) for d in p.decisions if getattr(d, attr)]
    raise KeyError(name)


def _attr_norm(attr: str, value):
    return norm_ci(value)


def _scalar(name: str, value, key_of):
    if name == "participant_count":
        return int(value)
    if name == "organization":
        return key_of(str(value))
    if name in ("doc_type", "format"):
        return norm_ci(value)
    return norm(value)


# --- scoring ----------------------------------------------------------------------------------------------
def score_lists(gold: list, predicted: list) -> tuple[Score, FieldDiff]:
    """Multiset matching of two item lists."""
    g, p = Counter(gold), Counter(predicted)
    common = g & p
    tp = sum(common.values())
    missing = list((g - p).elements())
    spurious = list((p - g).elements())
    return Score(tp, len(spurious), len(missing)), FieldDiff(missing, spurious)


def score_file(gold: dict, protocol: MeetingProtocol, key_of, fields=None) -> dict[str, tuple[Score, FieldDiff]]:
    out = {}
    for name in fields or (FIELDS + AUXILIARY):
        gold_items = gold_values(gold, name, key_of)
        if gold_items is None:
            continue
        out[name] = score_lists(gold_items, predicted_values(protocol, name, key_of))
    return out


@dataclass(frozen=True)
class GoldDoc:
    name: str
    text: str
    gold: dict


def load_gold(paths: list[Path]) -> list[GoldDoc]:
    """Gold documents from directories (every *.gold.json with its .txt) and single files (.gold.json or .txt)."""
    found: dict[Path, None] = {}
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for gold_path in sorted(path.glob("*.gold.json")):
                found[gold_path] = None
        elif path.name.endswith(".gold.json"):
            found[path] = None
        elif path.suffix == ".txt":
            found[path.with_name(path.name[:-4] + ".gold.json")] = None
        else:
            raise FileNotFoundError(f"not a gold annotation or its text: {path}")
    docs = []
    for gold_path in found:
        text_path = gold_path.with_name(gold_path.name[: -len(".gold.json")] + ".txt")
        if not gold_path.exists() or not text_path.exists():
            raise FileNotFoundError(f"gold annotation without its text (or text without gold): {gold_path}")
        docs.append(GoldDoc(text_path.name, text_path.read_text(encoding="utf-8"), json.loads(gold_path.read_text(encoding="utf-8"))))
    return docs


def evaluate(docs: list[GoldDoc], predict: Callable[[GoldDoc], MeetingProtocol], key_of: Callable[[str], str]) -> Report:
    totals: dict[str, Score] = {name: Score() for name in FIELDS + AUXILIARY}
    diffs: dict[str, dict[str, FieldDiff]] = {}
    for doc in docs:
        protocol = predict(doc)
        for name, (score, diff) in score_file(doc.gold, protocol, key_of).items():
            totals[name].add(score)
            if diff.missing or diff.spurious:
                diffs.setdefault(doc.name, {})[name] = diff
    return Report(totals, len(docs), diffs)


def org_key_function(lemmatizer) -> Callable[[str], str]:
    return lambda name: org_key(name, lemmatizer)


# --- presentation -------------------------------------------------------------------------------------------
def format_table(ours: Report, baseline: Report | None) -> str:
    head = f"{'field':<22}{'P':>7}{'R':>7}{'F1':>7}{'n':>6}"
    if baseline is not None:
        head += f"   | natasha baseline{'':2}{'P':>7}{'R':>7}{'F1':>7}"
    lines = [f"{ours.files} files", head, "-" * len(head)]
    for name in FIELDS + AUXILIARY:
        s = ours.scores[name]
        label = name if name not in AUXILIARY else f"{name} (aux)"
        row = f"{label:<22}{s.precision:>7.3f}{s.recall:>7.3f}{s.f1:>7.3f}{s.tp + s.fn:>6}"
        if baseline is not None:
            b = baseline.scores[name]
            row += f"   |{'':19}{b.precision:>7.3f}{b.recall:>7.3f}{b.f1:>7.3f}"
        lines.append(row)
    lines.append("-" * len(head))
    macro = f"{'macro F1':<22}{'':14}{ours.macro_f1:>7.3f}"
    if baseline is not None:
        macro += f"{'':6}   |{'':33}{baseline.macro_f1:>7.3f}"
    lines.append(macro)
    return "\n".join(lines) + "\n"


def format_errors(report: Report) -> str:
    lines = []
    for name, fields in sorted(report.diffs.items()):
        lines.append(f"== {name}")
        for field_name, diff in fields.items():
            for item in diff.missing:
                lines.append(f"  {field_name}: - {item!r}")
            for item in diff.spurious:
                lines.append(f"  {field_name}: + {item!r}")
    return "\n".join(lines) + ("\n" if lines else "")
