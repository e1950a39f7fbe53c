"""Benchmark the places stage: documents per second, against spaCy parsing of the same texts.

    python bench/places.py [GeoWebNews.xml] [--docs N] [--repeat N]

Texts are the articles of GeoWebNews when a path is given (e.g.
``../shared/data/geo/GeoWebNews.xml``), else news-like paragraphs generated here from place
names. The baseline is the nlp stage (spaCy parse) on the same texts in the same run; the
places stage reuses those parses (and the entities and actors stages' output), as it does in
the pipeline. Gazetteer loading is timed separately: it happens once per process.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.gazetteer import get_gazetteer
from eventwire.records import Document
from eventwire.stages.actors import ActorsStage
from eventwire.stages.entities import EntitiesStage
from eventwire.stages.nlp import NlpStage
from eventwire.stages.places import PlacesStage

CITIES = ["Nairobi", "Geneva", "Paris", "Portland", "Kharkiv", "Lagos", "Mosul", "Lima",
          "Manila", "Georgia", "Texas", "Bavaria", "Mumbai", "Delhi", "Cork", "Aleppo"]
FRAMES = [
    "Officials in {a} said talks with delegates from {b} would resume next week.",
    "Protesters gathered outside the parliament in {a} on Tuesday, police said.",
    "The minister flew from {a} to {b} for the summit, where she met her counterpart.",
    "Flooding cut roads between {a} and {b}, and aid agencies from {c} sent teams.",
    "{n} farmers blocked highways near {a}, demanding lower fuel prices.",
]
NATIONS = ["Kenyan", "Irish", "Brazilian", "Ukrainian", "Indian"]


def generated(n: int, seed: int = 5) -> list[str]:
    """``n`` news-like texts of five to ten sentences each."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        sents = [rng.choice(FRAMES).format(a=rng.choice(CITIES), b=rng.choice(CITIES),
                                           c=rng.choice(CITIES), n=rng.choice(NATIONS))
                 for _ in range(rng.randint(5, 10))]
        texts.append("\n\n".join(sents))
    return texts


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", type=Path, help="GeoWebNews.xml (optional)")
    parser.add_argument("--docs", type=int, default=200, help="generated documents")
    parser.add_argument("--repeat", type=int, default=3, help="runs of the places stage")
    args = parser.parse_args()
    if args.path:
        from eventwire.evaluate.geo import load_gold

        texts = [a.text for a in load_gold(args.path)]
    else:
        texts = generated(args.docs)
    load_s = timed(get_gazetteer)
    nlp = NlpStage()
    nlp.model  # load the model outside the timing  # noqa: B018
    docs = [Document(id=str(i), text=t) for i, t in enumerate(texts)]
    parse_s = timed(lambda: list(nlp.pipe(docs)))
    ents, actors, places = EntitiesStage(), ActorsStage(), PlacesStage()
    docs = [actors(ents(d)) for d in docs]
    place_s = min(timed(lambda: [places(d) for d in docs]) for _ in range(args.repeat))
    n = len(docs)
    chars = sum(len(t) for t in texts)
    print(f"documents: {n} ({chars / n:.0f} characters each), toponyms resolved: "
          f"{sum(len(d.places) for d in docs)}")
    print(f"gazetteer load (once per process): {load_s:.2f} s")
    print(f"spaCy parse (baseline): {n / parse_s:8.1f} docs/s")
    print(f"places stage:           {n / place_s:8.1f} docs/s")
    print(f"ratio places/parse:     {parse_s / place_s:8.1f}x  (places adds "
          f"{100 * place_s / parse_s:.1f}% to parsing)")


if __name__ == "__main__":
    main()
