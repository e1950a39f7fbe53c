"""Benchmark `eventwire code` on one article: cold start and warm time per document.

    python bench/code.py [ARTICLE] [--pub-date D] [--repeat N]

Cold start is a fresh `eventwire code` process (imports, model and gazetteer loads, one
document). Per-document time is the whole pipeline on the same article in a warm process; the
baseline in the same run is spaCy parsing alone of the same text, so the ratio shows what the
stages after parsing cost. Default article: examples/manila-defence-pact.txt.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from eventwire.inputs import read_inputs
from eventwire.pipeline import default_pipeline
from eventwire.records import Document
from eventwire.settings import get_settings
from eventwire.stages.nlp import load_model

ROOT = Path(__file__).resolve().parents[1]


def cold_start(article: Path, pub_date: str) -> float:
    """Seconds for a fresh process to code one article."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "eventwire", "code", str(article), "--pub-date", pub_date],
        check=True, stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def best_of(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path,
                        default=ROOT / "examples" / "manila-defence-pact.txt")
    parser.add_argument("--pub-date", default="2024-07-08")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cold = cold_start(args.article, args.pub_date)
    [raw] = list(read_inputs([str(args.article)], args.pub_date))
    assert isinstance(raw, Document), raw
    pipeline = default_pipeline()
    pipeline.run(Document(raw_text=raw.raw_text, raw_html=raw.raw_html, pub_date=args.pub_date))

    def full() -> None:
        pipeline.run(Document(raw_text=raw.raw_text, raw_html=raw.raw_html,
                              pub_date=args.pub_date))

    text = default_pipeline("extract").run(
        Document(raw_text=raw.raw_text, raw_html=raw.raw_html))
    assert isinstance(text, Document)
    nlp = load_model(get_settings().model)
    parse = best_of(lambda: nlp(text.text), args.repeat)
    warm = best_of(full, args.repeat)
    print(f"article: {args.article.name} ({len(text.text)} characters)")
    print(f"cold start (new process, one document): {cold:.2f} s")
    print(f"warm, full pipeline per document:       {warm * 1000:.0f} ms")
    print(f"baseline, spaCy parse alone:            {parse * 1000:.0f} ms")
    print(f"ratio full / parse:                     {warm / parse:.2f}")


if __name__ == "__main__":
    main()
