"""Benchmark ingest throughput: documents/s of spaCy parsing alone (a) and of the full
``eventwire ingest`` into a fresh DuckDB file (b), on the same generated news-like texts in
the same run, with the ratio b/a and each one's peak memory; then the same at ``--scale``
times the corpus, to show that memory stays flat as the corpus grows.

    python bench/throughput.py [--docs 2000] [--scale 10] [--workers 1] [--rounds 2]
                               [--skip-scaled]

Each measurement runs in a fresh process so that its peak resident memory (ru_maxrss, plus
the largest worker process with ``--workers``) is its own. The corpus is one JSONL file of
generated articles (fictional reports built from templates: leaders, countries, cities,
meetings, accusations, aid, protests) written to a temporary folder.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COUNTRIES = ["France", "Germany", "Kenya", "India", "Brazil", "Japan", "Egypt", "Turkey",
             "Mexico", "Nigeria", "Poland", "Vietnam", "Chile", "Ghana", "Canada", "Peru"]
CITIES = ["Paris", "Berlin", "Nairobi", "New Delhi", "Brasilia", "Tokyo", "Cairo", "Ankara",
          "Mexico City", "Abuja", "Warsaw", "Hanoi", "Santiago", "Accra", "Ottawa", "Lima"]
ROLES = ["President", "Prime Minister", "Foreign Minister", "Defence Minister",
         "Trade Minister", "Interior Minister"]
NAMES = ["Anna Keller", "Joseph Mwangi", "Ravi Menon", "Lucia Prado", "Kenji Sato",
         "Omar Farouk", "Elif Demir", "Diego Ramos", "Grace Okafor", "Piotr Nowak",
         "Linh Tran", "Sofia Rojas", "Kwame Mensah", "Claire Dubois", "Mateo Flores"]
LEADS = [
    "{a} met {b} in {city} on {day} to discuss trade and security, officials said.",
    "{a} accused {b} of violating a ceasefire near the border on {day}.",
    "{a} promised {b} new loans worth $2 billion during a visit to {city} on {day}.",
    "Thousands of protesters marched in {city} on {day} against rising fuel prices, "
    "and police arrested dozens of people.",
    "{a} said on {day} that {country} would impose sanctions on {b}'s government.",
    "{a} and {b} signed an agreement in {city} on {day} to expand cooperation on energy.",
]
BODY = [
    "The talks lasted several hours and ended with a joint statement.",
    "\"We want a fair deal for both our peoples,\" {a} told reporters after the meeting.",
    "Analysts said the move could strain relations between {country} and {other}.",
    "The opposition criticised the decision and called for a debate in parliament.",
    "Officials in {other} did not immediately respond to a request for comment.",
    "The two sides agreed to meet again next month in {city2}.",
    "Earlier this year, {country} recalled its ambassador after a dispute over fishing rights.",
    "Markets in {city} rose slightly after the announcement.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def person(rng: random.Random, country: str) -> str:
    return f"{country}'s {rng.choice(ROLES)} {rng.choice(NAMES)}"


def article(i: int) -> dict[str, str]:
    """One generated news-like article (deterministic in ``i``)."""
    rng = random.Random(i)
    c1, c2 = rng.sample(range(len(COUNTRIES)), 2)
    fill = {"a": person(rng, COUNTRIES[c1]), "b": person(rng, COUNTRIES[c2]),
            "country": COUNTRIES[c1], "other": COUNTRIES[c2], "city": CITIES[c1],
            "city2": CITIES[c2], "day": rng.choice(DAYS)}
    lead = rng.choice(LEADS).format(**fill)
    body = " ".join(s.format(**fill) for s in rng.sample(BODY, 5))
    paras = [f"{CITIES[c1].upper()} (Bench Wire) - {lead}", body, f"Report {i}."]
    return {"id": f"bench-{i}", "text": "\n\n".join(paras), "pub_date": "2024-03-04"}


def write_corpus(path: Path, n: int) -> None:
    with path.open("w") as out:
        for i in range(n):
            out.write(json.dumps(article(i)) + "\n")


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024  # kB on Linux; workers counted by their largest


def run_spacy(corpus: Path, workers: int) -> dict[str, float]:
    """(a) spaCy alone: nlp.pipe over the texts, batched, ``workers`` processes."""
    from eventwire.settings import get_settings
    from eventwire.stages.nlp import load_model

    nlp = load_model(get_settings().model)
    start = time.perf_counter()
    texts = (json.loads(line)["text"] for line in corpus.open())
    n = sum(1 for _ in nlp.pipe(texts, batch_size=64, n_process=workers))
    return {"docs": n, "seconds": time.perf_counter() - start, "peak_mb": peak_mb()}


def run_ingest(corpus: Path, workers: int) -> dict[str, float]:
    """(b) the full ingest into a fresh DuckDB file (model loads before the clock starts)."""
    from eventwire.pipeline import default_pipeline
    from eventwire.records import Document
    from eventwire.store.ingest import IngestOptions, ingest

    default_pipeline().run(Document(raw_text="Warm-up: leaders met in Paris on Monday."))
    db = corpus.with_suffix(f".{time.time_ns()}.duckdb")
    start = time.perf_counter()
    opts = IngestOptions(workers=workers, show_progress=False)
    summary = ingest([str(corpus)], db, log=None, options=opts)
    return {"docs": summary.stored, "seconds": time.perf_counter() - start,
            "peak_mb": peak_mb(), "events": summary.events}


def measure(phase: str, corpus: Path, workers: int) -> dict[str, float]:
    """Run one phase in a fresh process and return its figures."""
    cmd = [sys.executable, __file__, "--phase", phase, "--corpus", str(corpus),
           "--workers", str(workers)]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def report(n: int, folder: Path, workers: int, rounds: int = 1) -> dict[str, float]:
    """Measure (a) and (b) ``rounds`` times, alternating, so that a burst of load from
    elsewhere on the machine hits both; the ratio of the best rates is the figure, the median
    of the rounds' own ratios (each a back-to-back pair) a check on it."""
    corpus = folder / f"corpus-{n}.jsonl"
    write_corpus(corpus, n)
    best_a = best_b = 0.0
    peak_b = 0.0
    ratios: list[float] = []
    print(f"{n} documents, {workers} process(es):")
    for r in range(1, rounds + 1):
        a, b = measure("spacy", corpus, workers), measure("ingest", corpus, workers)
        rate_a, rate_b = a["docs"] / a["seconds"], b["docs"] / b["seconds"]
        best_a, best_b, peak_b = max(best_a, rate_a), max(best_b, rate_b), max(peak_b,
                                                                               b["peak_mb"])
        ratios.append(rate_b / rate_a)
        print(f"  round {r}: (a) spaCy parse alone:   {rate_a:8.1f} docs/s  "
              f"peak {a['peak_mb']:7.0f} MB")
        print(f"  round {r}: (b) full ingest, DuckDB: {rate_b:8.1f} docs/s  "
              f"peak {b['peak_mb']:7.0f} MB ({b['docs']:.0f} stored, {b['events']:.0f} events)"
              f"  ratio {rate_b / rate_a:.3f}")
    print(f"  ratio b/a (best rates over {rounds} round(s)): {best_b / best_a:.3f}")
    if rounds > 1:  # each round's pair ran back to back, so shares the machine's state
        print(f"  ratio b/a (median of the rounds' ratios):  {statistics.median(ratios):.3f}")
    return {"peak_b": peak_b}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=2000, help="corpus size (default 2000)")
    parser.add_argument("--scale", type=int, default=10, help="factor of the second corpus")
    parser.add_argument("--skip-scaled", action="store_true", help="only the first corpus")
    parser.add_argument("--workers", type=int, default=1,
                        help="processes for both (a) spaCy nlp.pipe and (b) ingest --workers")
    parser.add_argument("--rounds", type=int, default=2,
                        help="alternating (a)/(b) measurements; the best rates are compared")
    parser.add_argument("--phase", choices=["spacy", "ingest"], help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        run = run_spacy if args.phase == "spacy" else run_ingest
        print(json.dumps(run(args.corpus, args.workers)))
        return
    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        base = report(args.docs, Path(tmp), args.workers, args.rounds)
        if not args.skip_scaled:
            big = report(args.docs * args.scale, Path(tmp), args.workers, 1)
            print(f"peak memory of the full ingest at {args.scale}x / 1x: "
                  f"{big['peak_b'] / base['peak_b']:.3f}")


if __name__ == "__main__":
    main()
