"""Scoring flags against a labelled set of articles.

A set is JSON lines, one article each: ``id``, ``pub_date``, ``text`` and ``expect`` (the
flag kinds planted in it; empty for a clean article). Scores are per article and kind: a
kind counts as found when at least one flag of that kind is raised.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from eventwire.checks import KINDS
from eventwire.errors import EvaluationError
from eventwire.records import Document

Runner = Callable[[Document], Document]


def read_articles(path: Path) -> list[dict[str, Any]]:
    """The labelled articles of a JSON-lines file."""
    if not path.is_file():
        raise EvaluationError(f"no labelled article set at {path}", code="E601")
    try:
        return [json.loads(ln) for ln in path.read_text("utf-8").splitlines() if ln.strip()]
    except json.JSONDecodeError as exc:
        raise EvaluationError(f"cannot parse {path}: {exc}", code="E602") from exc


def _ratio(a: int, b: int) -> float:
    return a / b if b else 0.0


def score(pairs: Iterable[tuple[set[str], set[str]]]) -> dict[str, Any]:
    """Precision and recall per kind and the share of clean articles flagged.

    ``pairs`` holds, per article, the expected kinds and the kinds raised.
    """
    pairs = list(pairs)
    per_kind: dict[str, dict[str, float]] = {}
    for kind in KINDS:
        tp = sum(kind in exp and kind in got for exp, got in pairs)
        fp = sum(kind not in exp and kind in got for exp, got in pairs)
        fn = sum(kind in exp and kind not in got for exp, got in pairs)
        per_kind[kind] = {"tp": tp, "fp": fp, "fn": fn, "precision": _ratio(tp, tp + fp),
                          "recall": _ratio(tp, tp + fn)}
    clean = [got for exp, got in pairs if not exp]
    flagged = sum(bool(got) for got in clean)
    return {"articles": len(pairs), "planted": len(pairs) - len(clean), "clean": len(clean),
            "clean_flagged": flagged, "clean_flagged_rate": _ratio(flagged, len(clean)),
            "per_kind": per_kind}


def _default_runner() -> Runner:
    from eventwire.pipeline import default_pipeline

    pipeline = default_pipeline()

    def run(doc: Document) -> Document:
        out = pipeline.run(doc)
        if not isinstance(out, Document):
            raise EvaluationError(f"article {doc.id} was rejected: {out.reason}", code="E602")
        return out

    return run


def _run_set(path: Path, run: Runner) -> tuple[list[tuple[set[str], set[str]]], list[str]]:
    """Expected and raised kinds per article of one set, and the articles that differ."""
    pairs: list[tuple[set[str], set[str]]] = []
    misses: list[str] = []
    for art in read_articles(path):
        doc = run(Document(id=art["id"], raw_text=art["text"], pub_date=art.get("pub_date")))
        got = {f.kind for f in doc.flags}
        exp = set(art.get("expect", []))
        if got != exp:
            misses.append(f"{art['id']}: expected {sorted(exp)} got {sorted(got)}")
        pairs.append((exp, got))
    return pairs, misses


def evaluate(path: Path, run: Runner | None = None) -> dict[str, Any]:
    """Run every article of the set (through the default pipeline unless ``run`` is given)
    and score the flags it raises. A folder scores each ``*.jsonl`` set in it (under
    ``sets``) and their union (at the top level)."""
    run = run or _default_runner()
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    if not files:
        raise EvaluationError(f"no labelled article set in {path}", code="E601")
    everything: list[tuple[set[str], set[str]]] = []
    sets: dict[str, dict[str, Any]] = {}
    for file in files:
        pairs, misses = _run_set(file, run)
        sets[file.name] = {**score(pairs), "misses": misses}
        everything += pairs
    if not path.is_dir():
        return sets[files[0].name]
    result = score(everything)
    result["sets"] = sets
    result["misses"] = [f"{name}: {m}" for name, r in sets.items() for m in r["misses"]]
    return result


def _table(result: dict[str, Any]) -> list[str]:
    lines = [f"{'kind':<20}{'P':>7}{'R':>7}{'tp':>5}{'fp':>5}{'fn':>5}"]
    for kind, s in result["per_kind"].items():
        # A ratio over nothing (a set with no flag of a kind raised or planted) is shown as -.
        p = f"{s['precision']:.2f}" if s["tp"] + s["fp"] else "-"
        r = f"{s['recall']:.2f}" if s["tp"] + s["fn"] else "-"
        lines.append(f"{kind:<20}{p:>7}{r:>7}{s['tp']:>5}{s['fp']:>5}{s['fn']:>5}")
    lines.append(f"clean articles flagged: {result['clean_flagged']}/{result['clean']} "
                 f"({result['clean_flagged_rate']:.1%}); planted articles: {result['planted']}")
    return lines


def format_report(result: dict[str, Any]) -> str:
    """The scores as a small table (one per set and one for their union, for a folder)."""
    lines: list[str] = []
    for name, one in result.get("sets", {}).items():
        lines += [f"== {name}", *_table(one), ""]
    if "sets" in result:
        lines.append("== all sets")
    return "\n".join(lines + _table(result))
