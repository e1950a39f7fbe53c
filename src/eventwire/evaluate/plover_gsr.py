"""Score the events stage on the PLOVER gold standard sentences (``PLOVER_GSR_CAMEO.txt``).

Each gold record is one sentence with one event (PLOVER v0.5b1 labels, mapped to v2.0:
FIGHT→ASSAULT, DEMAND→REQUEST, DISAPPROVE→ACCUSE, INVESTIGATE→ACCUSE) and its source and
target actor codes. The sentence runs through the pipeline (nlp → events); the event with
the highest confidence is the prediction. Figures: event-type accuracy, macro-F1 over types,
actor and recipient code accuracy, and extra events per gold event.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from eventwire.actorkb import iso_code
from eventwire.errors import EvaluationError
from eventwire.pipeline import default_pipeline
from eventwire.records import Document, Event

#: v0.5b1 coded every intergovernmental body IGO; v2.0 actors may be UNO or EUR
IGO_V05 = {"IGO": {"IGO", "UNO", "EUR"}}
V05_TO_V2 = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE",
             "INVESTIGATE": "ACCUSE"}  # fmt: skip
NONE = "NONE"


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The gold records (documentation records dropped, labels mapped to PLOVER 2.0)."""
    if path.is_dir():
        path = path / "PLOVER_GSR_CAMEO.txt"
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise EvaluationError(f"cannot read PLOVER gold file {path}: {exc}", code="E602") from exc
    out = []
    for rec in records:
        if rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        out.append({**rec, "event": V05_TO_V2.get(rec["event"], rec["event"])})
    return out


def run_stages(doc: Document, failures: Counter[str]) -> Document:
    """Run nlp → events on a document with its ``text`` set (the sentences are clean text).

    A failing upstream stage is counted in ``failures`` and skipped, so that the score
    measures the events stage; a failure of the events stage itself is a crash.
    """
    for stage in default_pipeline("events").stages:
        if stage.name == "extract":
            continue
        try:
            doc = stage(doc)
        except Exception:
            failures[stage.name] += 1
            if stage.name in ("nlp", "events"):
                doc.events = []
                return doc
    return doc


def code_texts(
    texts: Iterable[tuple[str, str]], pub_date: str, failures: Counter[str]
) -> Iterator[list[Event]]:
    """Run the pipeline from nlp to events over (id, text) pairs; yields each one's events."""
    for doc_id, text in texts:
        doc = Document(id=doc_id, text=text, raw_text=text, pub_date=pub_date)
        yield run_stages(doc, failures).events


def _codes(actors: Iterable[Any]) -> set[str]:
    out = set()
    if isinstance(actors, dict):  # a few gold records give one actor, not a list
        actors = [actors]
    for a in actors or []:
        code = a.get("code") if isinstance(a, dict) else getattr(a, "code", None)
        if code:
            out.add(code)
    return out


def _score_one(gold: dict[str, Any], events: list[Event]) -> dict[str, Any]:
    best = max(events, key=lambda e: e.confidence) if events else None
    row = {"gold": gold["event"], "pred": best.event if best else NONE,
           "any": any(e.event == gold["event"] for e in events), "n": len(events)}  # fmt: skip
    for role, attr in (("source", "actor"), ("target", "recipient")):
        # The gold predates ISO codes in places (JAP, ITL): compare in eventwire's codes.
        want = {iso_code(c) for c in _codes(gold.get(role) or [])}
        if want:
            got = _codes(getattr(best, attr)) if best else set()
            wanted = {c for w in want for c in IGO_V05.get(w, {w})}
            row[role] = bool(wanted & got)
    return row


def _macro_f1(rows: list[dict[str, Any]]) -> tuple[float, dict[str, float]]:
    per: dict[str, float] = {}
    for label in sorted({r["gold"] for r in rows}):
        tp = sum(1 for r in rows if r["gold"] == label and r["pred"] == label)
        fp = sum(1 for r in rows if r["gold"] != label and r["pred"] == label)
        fn = sum(1 for r in rows if r["gold"] == label and r["pred"] != label)
        p = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[label] = 2 * p * rc / (p + rc) if p + rc else 0.0
    return sum(per.values()) / len(per), per


def _share(rows: list[dict[str, Any]], key: str) -> float:
    scored = [r[key] for r in rows if key in r]
    return sum(scored) / len(scored) if scored else 0.0


def evaluate(path: Path) -> dict[str, Any]:
    """Figures of the events stage on the PLOVER gold sentences at ``path``."""
    if not path.exists():
        raise EvaluationError(f"reference data not found: {path}", code="E601")
    gold = load_gold(path)
    texts = ((g["id"], g["text"]) for g in gold)
    failures: Counter[str] = Counter()
    coded = code_texts(texts, "2000-01-01", failures)
    rows = [_score_one(g, ev) for g, ev in zip(gold, coded, strict=True)]
    macro, per_type = _macro_f1(rows)
    confusion = Counter((r["gold"], r["pred"]) for r in rows if r["gold"] != r["pred"])
    return {
        "sentences": len(rows),
        "type_accuracy": sum(r["gold"] == r["pred"] for r in rows) / len(rows),
        "type_accuracy_any": sum(r["any"] for r in rows) / len(rows),
        "macro_f1": macro,
        "per_type_f1": per_type,
        "actor_accuracy": _share(rows, "source"),
        "recipient_accuracy": _share(rows, "target"),
        "no_event": sum(r["n"] == 0 for r in rows) / len(rows),
        "extra_per_gold": sum(max(0, r["n"] - 1) for r in rows) / len(rows),
        "stage_failures": dict(failures),
        "top_confusions": [f"{g}->{p}: {n}" for (g, p), n in confusion.most_common(12)],
    }


def format_report(result: dict[str, Any]) -> str:
    """The figures as a short text report."""
    lines = [
        f"PLOVER gold sentences: {result['sentences']}",
        f"  event-type accuracy (top event) {result['type_accuracy']:.3f}"
        f"   (any event) {result['type_accuracy_any']:.3f}",
        f"  macro-F1 over types             {result['macro_f1']:.3f}",
        f"  actor code accuracy             {result['actor_accuracy']:.3f}",
        f"  recipient code accuracy         {result['recipient_accuracy']:.3f}",
        f"  sentences with no event         {result['no_event']:.3f}",
        f"  extra events per gold event     {result['extra_per_gold']:.3f}",
        "  per-type F1: " + ", ".join(f"{k} {v:.2f}" for k, v in result["per_type_f1"].items()),
        "  top confusions: " + "; ".join(result["top_confusions"]),
        f"  stage failures (skipped upstream; events = crash): {result['stage_failures']}",
    ]
    return "\n".join(lines)
