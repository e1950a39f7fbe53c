"""Benchmark the dates stage: documents per second, against spaCy parsing of the same texts.

    python bench/dates.py [DIR_OF_TML_OR_TXT] [--repeat N]

Texts come from TimeML (``.tml``) or plain ``.txt`` files under DIR (default
``../shared/data/time``). The baseline is the nlp stage (spaCy parse) on the same texts in
the same run; the dates stage reuses those parses, as it does in the pipeline.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.records import Document
from eventwire.stages.dates import DatesStage
from eventwire.stages.nlp import NlpStage
from eventwire.timex import tag

ROOT = Path(__file__).resolve().parents[1]


def load_texts(path: Path) -> list[tuple[str, str | None]]:
    """(text, publication date) pairs from .tml or .txt files under ``path``."""
    from eventwire.evaluate.timex import read_timeml

    texts: list[tuple[str, str | None]] = []
    for f in sorted(path.rglob("*.tml")):
        doc = read_timeml(f)
        texts.append((doc.text, doc.dct))
    for f in sorted(path.rglob("*.txt")):
        texts.append((f.read_text(encoding="utf-8"), None))
    return texts


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Best wall-clock seconds of ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=ROOT.parent / "shared/data/time")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    texts = load_texts(args.path)
    if not texts:
        raise SystemExit(f"no .tml or .txt files under {args.path}")
    nlp, dates = NlpStage(), DatesStage()
    docs = [Document(id=str(i), text=t, pub_date=d) for i, (t, d) in enumerate(texts)]
    list(nlp.pipe(docs[:2]))  # load the model outside the timings
    spacy_s = timed(lambda: list(nlp.pipe(docs)), 1)
    stage_s = timed(lambda: [dates(d) for d in docs], args.repeat)
    tagger_s = timed(lambda: [tag(t, d) for t, d in texts], args.repeat)
    n, chars = len(docs), sum(len(t) for t, _ in texts)
    print(f"{n} documents, {chars / n:.0f} characters on average")
    rows = (
        ("spaCy parse (baseline)", spacy_s),
        ("dates stage (with tense)", stage_s),
        ("tagger alone", tagger_s),
    )
    for label, seconds in rows:
        print(f"{label:<26}{n / seconds:10.1f} docs/s {spacy_s / seconds:8.1f}x baseline")

if __name__ == "__main__":
    main()
