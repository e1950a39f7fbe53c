"""Score event coding on PETRARCH2's unit-test records (``PETR.UnitTest.records.xml``).

Each record is a sentence with gold (source, target, CAMEO code) triples, written for the
fictional actors and the verb patterns of the ``PETR.Validate.*`` dictionaries next to it.
As PETRARCH2 itself was scored, eventwire runs with those dictionaries: the actor and agent
dictionaries through the actors stage's PETRARCH importer, the verb dictionary through
:func:`eventwire.coding.petrarch_verbs.load_petrarch_verbs`. Compound actors expand to one
triple per (actor, recipient) pair; "032:033" codes add the reciprocal triple.

Figures: triple precision, recall and F1 at full-code and at CAMEO root level (first two
digits), records coded exactly right, and crashes (exceptions while coding a record).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventwire.coding.coder import Coded, code_document
from eventwire.coding.lexicon import Lexicon
from eventwire.coding.petrarch_verbs import load_petrarch_verbs
from eventwire.errors import EvaluationError
from eventwire.pipeline import Stage, default_pipeline
from eventwire.records import Actor, Document

Triple = tuple[str, str, str]
RECORD = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S)
CODING = re.compile(r"<EventCoding\b([^>]*)>")
ATTR = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


@dataclass
class Record:
    """One unit-test sentence with its gold triples."""

    id: str
    date: str
    text: str
    gold: list[Triple] = field(default_factory=list)


def _attrs(text: str) -> dict[str, str]:
    return dict(ATTR.findall(text))


def load_records(path: Path) -> list[Record]:
    """The unit-test records of a PETRARCH validation file."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise EvaluationError(f"cannot read {path}: {exc}", code="E602") from exc
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    out = []
    for head, body in RECORD.findall(text):
        attrs = _attrs(head)
        words = re.search(r"<Text>(.*?)</Text>", body, re.S)
        date = attrs.get("date", "")
        rec = Record(attrs.get("id", ""), f"{date[:4]}-{date[4:6]}-{date[6:8]}",
                     " ".join(words.group(1).split()) if words else "")  # fmt: skip
        for coding in CODING.findall(body):
            a = _attrs(coding)
            if "eventcode" in a:
                rec.gold.append((a.get("sourcecode", ""), a.get("targetcode", ""), a["eventcode"]))
        out.append(rec)
    if not out:
        raise EvaluationError(f"no <Sentence> records in {path}", code="E602")
    return out


def actor_code(actor: Actor) -> str:
    """An actor's CAMEO-style code (country + agent), as the dictionaries wrote it."""
    try:
        from eventwire.actorkb import cameo_code

        raw = str(cameo_code(actor))
    except (ImportError, AttributeError):
        raw = (actor.code or "---") + (actor.sector or "")
    # an agent code ("~GOV" after the country, "NGO~" before it) still needs its country
    if raw.startswith("~"):
        return (actor.code or "---") + raw[1:]
    if raw.endswith("~"):
        return raw[:-1] + (actor.code or "---")
    return raw


def triples(coded: Coded) -> list[Triple]:
    """The CAMEO triples of one coded act (compounds expanded, reciprocal codes added)."""
    sources = [c for a in coded.actors for c in actor_code(a).split("/")] or ["---"]
    targets = [c for a in coded.recipients for c in actor_code(a).split("/")] or ["---"]
    if sources == targets == ["---"]:
        return []  # PETRARCH codes no event without a coded party
    code, _, back = coded.cameo.partition(":")
    if back and targets == ["---"] and len(sources) > 1:  # "X and Y agree": each to the other
        return [(s, t, code) for s in sources for t in sources if s != t]
    out = [(s, t, code) for s in sources for t in targets]
    if back:
        out += [(t, s, back) for s in sources for t in targets]
    return out


def _actors_stage(directory: Path) -> Stage:
    """The actors stage loaded with the PETR.Validate actor and agent dictionaries only."""
    from eventwire.actorkb_import import petrarch_kb
    from eventwire.stages.actors import ActorsStage

    kb = petrarch_kb([directory / "PETR.Validate.actors.txt"],
                     [directory / "PETR.Validate.agents.txt"], builtin=False)  # fmt: skip
    return ActorsStage(kb=kb)


def code_record(rec: Record, stages: list[Stage], lexicon: Lexicon) -> list[Triple]:
    """Run the stages up to dates on a record's sentence and code it with the lexicon."""
    doc = Document(id=rec.id, text=rec.text, raw_text=rec.text, pub_date=rec.date)
    for stage in stages:
        doc = stage(doc)
    return [t for coded in code_document(lexicon, doc) for t in triples(coded)]


def _prf(gold: Counter[Triple], pred: Counter[Triple]) -> dict[str, float]:
    tp = sum((gold & pred).values())
    p = tp / sum(pred.values()) if pred else 0.0
    r = tp / sum(gold.values()) if gold else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _root(t: Triple) -> Triple:
    return (t[0], t[1], t[2][:2])


def _stages(directory: Path) -> list[Stage]:
    actors = _actors_stage(directory)
    stages = [s for s in default_pipeline("dates").stages if s.name != "extract"]
    return [actors if s.name == "actors" else s for s in stages]


def evaluate(path: Path) -> dict[str, Any]:
    """Figures on the PETRARCH2 unit-test records at ``path`` (file or its directory)."""
    if not path.exists():
        raise EvaluationError(f"reference data not found: {path}", code="E601")
    file = path / "PETR.UnitTest.records.xml" if path.is_dir() else path
    records = load_records(file)
    lexicon = load_petrarch_verbs(file.parent / "PETR.Validate.verbs.txt")
    stages = _stages(file.parent)
    gold: Counter[Triple] = Counter()
    pred: Counter[Triple] = Counter()
    exact, crashes = 0, 0
    for rec in records:
        try:
            got = code_record(rec, stages, lexicon)
        except Exception:  # a crash is a figure here, not a reason to stop
            crashes, got = crashes + 1, []
        gold.update(rec.gold)
        pred.update(got)
        exact += Counter(got) == Counter(rec.gold)
    return {
        "records": len(records),
        "gold_triples": sum(gold.values()),
        "predicted_triples": sum(pred.values()),
        "full": _prf(gold, pred),
        "root": _prf(Counter(map(_root, gold.elements())), Counter(map(_root, pred.elements()))),
        "exact_records": exact,
        "crashes": crashes,
    }


def format_report(result: dict[str, Any]) -> str:
    """The figures as a short text report (PETRARCH2's own: P 0.53, R 0.33, F1 0.41)."""
    full, root = result["full"], result["root"]
    return "\n".join([
        f"PETRARCH2 unit-test records: {result['records']} "
        f"({result['gold_triples']} gold triples, {result['predicted_triples']} predicted)",
        f"  full code  P {full['precision']:.3f}  R {full['recall']:.3f}  F1 {full['f1']:.3f}"
        "   (PETRARCH2: P 0.53 R 0.33 F1 0.41)",
        f"  root code  P {root['precision']:.3f}  R {root['recall']:.3f}  F1 {root['f1']:.3f}",
        f"  records exactly right {result['exact_records']}   crashes {result['crashes']}",
    ])  # fmt: skip
