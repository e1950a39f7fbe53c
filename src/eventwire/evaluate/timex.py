"""Score the dates stage on TimeML files (TempEval-3 TimeBank + AQUAINT).

For each ``.tml`` file the body of ``<TEXT>`` with its tags stripped is the document text and
the TIMEX3 whose ``functionInDocument`` is CREATION_TIME gives the publication date. Gold and
predicted TIMEX3 of type DATE and TIME are compared (the creation time itself is not scored):

- strict span: same start and end; relaxed span: the spans overlap (each gold matched once);
- value: a prediction counts when it overlaps a gold span and has the gold value.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import EvaluationError
from eventwire.records import DateExpr, Document

SCORED_TYPES = frozenset({"DATE", "TIME"})


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    value: str
    type: str


@dataclass
class TimeMLDoc:
    name: str
    text: str
    dct: str | None
    gold: list[Gold]


def _walk(elem: ET.Element, parts: list[str], gold: list[Gold], offset: int) -> int:
    """Append the element's text to ``parts``, recording TIMEX3 spans; return the new offset."""
    start = offset
    if elem.text:
        parts.append(elem.text)
        offset += len(elem.text)
    for child in elem:
        offset = _walk(child, parts, gold, offset)
        if child.tail:
            parts.append(child.tail)
            offset += len(child.tail)
    if elem.tag == "TIMEX3":
        text = "".join(parts)[start:offset]
        gold.append(Gold(start, offset, text, elem.get("value", ""), elem.get("type", "")))
    return offset


def read_timeml(path: Path) -> TimeMLDoc:
    """The text, creation date and gold TIMEX3 of one TimeML file."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise EvaluationError(f"cannot parse {path}: {exc}", code="E602") from exc
    body = root.find("TEXT")
    if body is None:
        raise EvaluationError(f"{path} has no <TEXT> element", code="E602")
    dct = next(
        (t.get("value") for t in root.iter("TIMEX3")
         if t.get("functionInDocument") == "CREATION_TIME"), None,
    )  # fmt: skip
    parts: list[str] = []
    gold: list[Gold] = []
    _walk(body, parts, gold, 0)
    return TimeMLDoc(path.name, "".join(parts), dct[:10] if dct else None, gold)


def _files(path: Path) -> list[Path]:
    if not path.exists():
        raise EvaluationError(f"reference data not found: {path}", code="E601")
    files = [path] if path.is_file() else sorted(path.rglob("*.tml"))
    if not files:
        raise EvaluationError(f"no .tml files under {path}", code="E601")
    return files


def _overlaps(a: DateExpr | Gold, b: DateExpr | Gold) -> bool:
    return a.start < b.end and b.start < a.end


def score_document(gold: list[Gold], pred: list[DateExpr]) -> Counter[str]:
    """Counts of gold, predicted, strict/relaxed span matches and value matches."""
    gold = [g for g in gold if g.type in SCORED_TYPES]
    pred = [p for p in pred if p.timex_type in SCORED_TYPES]
    counts: Counter[str] = Counter(gold=len(gold), pred=len(pred))
    used: set[int] = set()
    for p in pred:
        hits = [i for i, g in enumerate(gold) if _overlaps(p, g) and i not in used]
        if not hits:
            continue
        i = next((i for i in hits if gold[i].value == p.value), hits[0])
        used.add(i)
        counts["relaxed"] += 1
        counts["strict"] += gold[i].start == p.start and gold[i].end == p.end
        counts["value"] += gold[i].value == p.value
    return counts


def _prf(hit: int, pred: int, gold: int) -> dict[str, float]:
    p = hit / pred if pred else 0.0
    r = hit / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def _tag_all(docs: list[TimeMLDoc]) -> list[list[DateExpr]]:
    from eventwire.stages.dates import DatesStage
    from eventwire.stages.nlp import NlpStage

    records = [Document(id=d.name, text=d.text, pub_date=d.dct) for d in docs]
    parsed = list(NlpStage().pipe(records))
    stage = DatesStage()
    return [stage(doc).dates for doc in parsed]


def evaluate(path: Path) -> dict[str, Any]:
    """Span and value precision/recall/F1 over the DATE and TIME expressions under ``path``."""
    files = _files(path)
    docs = [read_timeml(f) for f in files]
    total: Counter[str] = Counter()
    by_corpus: dict[str, Counter[str]] = {}
    errors: list[dict[str, str]] = []
    for f, doc, pred in zip(files, docs, _tag_all(docs), strict=True):
        counts = score_document(doc.gold, pred)
        total.update(counts)
        by_corpus.setdefault(f.parent.name, Counter()).update(counts + Counter(documents=1))
        errors.extend(_errors(doc, pred))
    result = _figures(total)
    result["documents"] = len(docs)
    result["by_corpus"] = {name: _figures(c) | {"documents": c["documents"]}
                           for name, c in sorted(by_corpus.items())}  # fmt: skip
    result["errors"] = errors
    return result


def _figures(counts: Counter[str]) -> dict[str, Any]:
    return {
        "gold": counts["gold"],
        "predicted": counts["pred"],
        "strict_span": _prf(counts["strict"], counts["pred"], counts["gold"]),
        "relaxed_span": _prf(counts["relaxed"], counts["pred"], counts["gold"]),
        "value": _prf(counts["value"], counts["pred"], counts["gold"]),
    }


def _errors(doc: TimeMLDoc, pred: list[DateExpr]) -> list[dict[str, str]]:
    """Gold expressions missed or valued wrongly, and spurious predictions, for inspection."""
    gold = [g for g in doc.gold if g.type in SCORED_TYPES]
    pred = [p for p in pred if p.timex_type in SCORED_TYPES]
    out = []
    for g in gold:
        match = [p for p in pred if _overlaps(p, g)]
        if not any(p.value == g.value for p in match):
            got = "; ".join(f"{p.text}={p.value}" for p in match) or "-"
            out.append({"doc": doc.name, "dct": doc.dct or "", "gold": f"{g.text}={g.value}",
                        "got": got})  # fmt: skip
    for p in pred:
        if not any(_overlaps(p, g) for g in gold):
            out.append({"doc": doc.name, "dct": doc.dct or "", "gold": "-",
                        "got": f"{p.text}={p.value}"})  # fmt: skip
    return out


def format_report(result: dict[str, Any]) -> str:
    """The figures as a short table."""
    lines = [
        f"TIMEX3 DATE/TIME on {result['documents']} documents: "
        f"{result['gold']} gold, {result['predicted']} predicted",
        f"{'':<14}{'P':>8}{'R':>8}{'F1':>8}",
    ]
    for key in ("strict_span", "relaxed_span", "value"):
        s = result[key]
        lines.append(f"{key:<14}{s['precision']:>8.3f}{s['recall']:>8.3f}{s['f1']:>8.3f}")
    for name, part in result.get("by_corpus", {}).items():
        lines.append(
            f"  {name}: {part['documents']} documents, {part['gold']} gold, value F1 "
            f"{part['value']['f1']:.3f}, relaxed span F1 {part['relaxed_span']['f1']:.3f}"
        )
    lines.append("published value F1 (TempEval-3): HeidelTime 0.776, SUTime 0.674")
    return "\n".join(lines)
