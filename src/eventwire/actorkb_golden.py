"""Score actor resolution against golden mentions (a TSV of date, text, mention, code, sector).

Each row names one mention in a short text ("mention#2" for its second occurrence); the text
runs through the nlp, entities and actors stages once, and the actor found at the mention's
span (``Document.actor_at``) is compared with the expected PLOVER code and sector (an empty
cell expects none). Used by the golden test (``tests/stages/test_actors.py``) and by::

    python -c "from eventwire.actorkb_golden import score_file as s; \
               print(s('tests/data/actors/golden.tsv'))"
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.actorkb import iso_code, read_tsv
from eventwire.errors import UsageError
from eventwire.records import Actor, Document

Runner = Callable[[Document], Document]


@dataclass(frozen=True)
class GoldMention:
    date: str
    text: str
    mention: str
    code: str | None
    sector: str | None

    def span(self) -> tuple[int, int]:
        """Character span of the mention in the text (N-th occurrence with "#N")."""
        surface, _, nth = self.mention.partition("#")
        start = -1
        for _ in range(int(nth or 1)):
            start = self.text.find(surface, start + 1)
            if start < 0:
                raise UsageError(f"mention {self.mention!r} not in {self.text!r}", code="E501")
        return start, start + len(surface)


def load_golden(path: Path | str) -> list[GoldMention]:
    return [GoldMention(r["date"], r["text"], r["mention"], r.get("code") or None,
                        r.get("sector") or None) for r in read_tsv(Path(path))]


def default_runner() -> Runner:
    """nlp -> entities -> actors on a bare text document."""
    from eventwire.stages.actors import ActorsStage
    from eventwire.stages.entities import EntitiesStage
    from eventwire.stages.nlp import NlpStage

    stages = [NlpStage(), EntitiesStage(), ActorsStage()]

    def run(doc: Document) -> Document:
        for stage in stages:
            doc = stage(doc)
        return doc

    return run


def resolve_all(rows: Iterable[GoldMention], run: Runner) -> list[tuple[GoldMention, Actor | None]]:
    """Each golden mention with the actor found at its span."""
    docs: dict[tuple[str, str], Document] = {}
    out = []
    for row in rows:
        key = (row.date, row.text)
        if key not in docs:
            docs[key] = run(Document(id=f"golden-{len(docs)}", text=row.text, pub_date=row.date))
        out.append((row, docs[key].actor_at(*row.span())))
    return out


def score(rows: list[GoldMention], run: Runner | None = None) -> dict[str, Any]:
    """Country and sector accuracy over the golden mentions, with the misses."""
    results = resolve_all(rows, run or default_runner())
    code_ok = [r.code == (a.code if a else None) for r, a in results]
    sector_ok = [r.sector == (a.sector if a else None) for r, a in results]
    misses = [{"text": r.text[:80], "mention": r.mention, "expected": f"{r.code} {r.sector}",
               "got": f"{a.code} {a.sector}" if a else "none"}
              for (r, a), c, s in zip(results, code_ok, sector_ok, strict=True) if not (c and s)]
    n = len(results)
    return {"mentions": n, "texts": len({(r.date, r.text) for r in rows}),
            "country_accuracy": sum(code_ok) / n if n else 0.0,
            "sector_accuracy": sum(sector_ok) / n if n else 0.0, "misses": misses}


def score_file(path: Path | str) -> dict[str, Any]:
    return score(load_golden(path))


def plover_gsr_mentions(path: Path | str, run: Runner | None = None) -> dict[str, Any]:
    """Actor-code accuracy of the actors stage alone on the PLOVER gold sentences: each gold
    source/target ``actorText`` found in its sentence is looked up with ``actor_at``. The gold
    is v0.5b1: its IGO stands for any of IGO/UNO/EUR, and some codes are CAMEO's own (JAP),
    compared through :func:`eventwire.actorkb.iso_code`."""
    import json

    try:
        records = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UsageError(f"cannot read PLOVER gold {path}: {exc}", code="E501") from exc
    rows = [GoldMention(str(g.get("date") or "2000-01-01"), g["text"], a["actorText"], a["code"],
                        None)
            for g in records if isinstance(g, dict) and g.get("text")
            for role in ("source", "target")
            for a in _as_list(g.get(role)) if a.get("actorText") and a.get("code")
            and a["actorText"] in g["text"]]
    results = resolve_all(rows, run or default_runner())
    ok = [(a.code if a else None) in ({r.code, "UNO", "EUR"} if r.code == "IGO"
                                      else {iso_code(r.code or "")})
          for r, a in results]
    return {"mentions": len(ok), "country_accuracy": sum(ok) / len(ok) if ok else 0.0}


def _as_list(value: Any) -> list[dict[str, Any]]:
    items = value if isinstance(value, list) else [value] if value else []
    return [a for a in items if isinstance(a, dict)]
