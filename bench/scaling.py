"""Benchmark `eventwire run`: throughput of the local and Ray engines with 1 and 2 workers.

    python bench/scaling.py [--docs N] [--shard-docs N] [--no-ray]

Codes the same generated news-like corpus (JSONL shards) with each engine and worker count and
prints documents per second, with the ratio against the baseline measured in the same run
(local engine, one worker). A one-document run of each engine gives its fixed start-up cost,
so the per-document cost is (time(N) - time(1)) / (N - 1). docs/scaling.md turns these
figures into a model for N nodes.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from eventwire.runners.engines import get_engine
from eventwire.runners.shards import list_shards

COUNTRIES = [("Kenya", "Nairobi", "Kenyan"), ("Peru", "Lima", "Peruvian"),
             ("Poland", "Warsaw", "Polish"), ("Vietnam", "Hanoi", "Vietnamese"),
             ("Ghana", "Accra", "Ghanaian"), ("Norway", "Oslo", "Norwegian"),
             ("Chile", "Santiago", "Chilean"), ("Egypt", "Cairo", "Egyptian")]
SENTENCES = [
    "{c1}'s foreign minister met his {n2} counterpart in {cap1} on {day} {date}.",
    "The two ministers discussed trade, energy and security along their shared border.",
    "{n1} officials said the talks were constructive and promised to meet again next month.",
    "Hundreds of protesters gathered outside the parliament in {cap2} to denounce rising "
    "fuel prices.",
    "{n2} police arrested {k} demonstrators after clashes near the central square.",
    "The government of {c2} accused {c1} of violating an earlier agreement on fishing rights.",
    "Opposition leaders called for an independent inquiry into the violence.",
    "{c1} announced it would send humanitarian aid to flood-hit regions of {c2}.",
    "Analysts said the visit signalled a thaw in relations after years of tension.",
    "The president of {c2} is expected to visit {cap1} later this year to sign a treaty.",
]


def article(rng: random.Random, n: int) -> dict[str, str]:
    """A generated article of 8-12 sentences about two random countries."""
    (c1, cap1, n1), (c2, cap2, n2) = rng.sample(COUNTRIES, 2)
    when = f"{rng.randint(1, 28)} March 2024"
    values = {"c1": c1, "cap1": cap1, "n1": n1, "c2": c2, "cap2": cap2, "n2": n2,
              "day": rng.choice(["Monday", "Tuesday", "Friday"]), "date": when,
              "k": str(rng.randint(5, 90))}
    body = [s.format(**values) for s in rng.sample(SENTENCES, rng.randint(8, 10))]
    paragraphs = "\n\n".join(" ".join(body[i:i + 3]) for i in range(0, len(body), 3))
    return {"id": f"bench-{n}", "pub_date": "2024-03-29", "text": paragraphs}


def write_corpus(root: Path, docs: int, shard_docs: int) -> Path:
    """``docs`` generated articles in JSONL shards of ``shard_docs`` lines."""
    rng = random.Random(11)
    root.mkdir(parents=True)
    for start in range(0, docs, shard_docs):
        lines = [json.dumps(article(rng, n)) for n in range(start, min(docs, start + shard_docs))]
        (root / f"shard-{start // shard_docs:04d}.jsonl").write_text("\n".join(lines) + "\n")
    return root


def timed_run(engine: str, workers: int, corpus: Path, out: Path) -> float:
    """Seconds for one `eventwire run` of ``corpus`` (output removed afterwards)."""
    start = time.perf_counter()
    get_engine(engine, workers).run(list_shards(str(corpus)), out)
    seconds = time.perf_counter() - start
    shutil.rmtree(out)
    return seconds


def measure(engine: str, workers: int, corpus: Path, one: Path, tmp: Path, docs: int) -> dict[
        str, float]:
    """Wall time, start-up cost (one-document run) and per-document cost of one setting."""
    fixed = timed_run(engine, workers, one, tmp / "o1")
    total = timed_run(engine, workers, corpus, tmp / "on")
    per_doc = max(total - fixed, 0.0) / (docs - 1)
    return {"seconds": total, "startup": fixed, "per_doc": per_doc, "docs_s": docs / total,
            "marginal_docs_s": 1 / per_doc if per_doc else float("inf")}


def load_pipeline() -> float:
    """Load the pipeline in this process (the one-worker local engine codes in-process)."""
    from eventwire.records import Document
    from eventwire.runners.local import code_document

    start = time.perf_counter()
    code_document(Document(raw_text="Kenya's president met Peru's president in Lima."))
    return time.perf_counter() - start


def start_ray() -> float:
    """Start a local Ray instance on this machine's two cores; returns seconds taken."""
    import ray

    start = time.perf_counter()
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False,
             logging_level=logging.WARNING)
    ray.data.DataContext.get_current().enable_progress_bars = False
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=120)
    parser.add_argument("--shard-docs", type=int, default=10)
    parser.add_argument("--no-ray", action="store_true", help="measure the local engine only")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="eventwire-scaling-"))
    corpus = write_corpus(tmp / "corpus", args.docs, args.shard_docs)
    one = write_corpus(tmp / "one", 1, 1)
    print(f"load average before: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    print(f"model load in this process (local engine, 1 worker, runs in-process): "
          f"{load_pipeline():.1f} s")
    settings = [("local", 1), ("local", 2)]
    if not args.no_ray:
        print(f"ray.init (2 CPUs): {start_ray():.1f} s")
        settings += [("ray", 1), ("ray", 2)]
    results = {s: measure(*s, corpus, one, tmp, args.docs) for s in settings}
    base = results[("local", 1)]["docs_s"]
    words = sum(len(json.loads(line)["text"].split()) for f in corpus.iterdir()
                for line in f.read_text().splitlines())
    print(f"{args.docs} generated articles ({words / args.docs:.0f} words on average) "
          f"in shards of {args.shard_docs}")
    print(f"{'engine':8}{'workers':>8}{'wall s':>9}{'startup s':>11}{'ms/doc':>9}{'docs/s':>9}"
          f"{'marginal docs/s':>17}{'vs local-1':>12}")
    for (engine, workers), r in results.items():
        print(f"{engine:8}{workers:>8}{r['seconds']:>9.1f}{r['startup']:>11.1f}"
              f"{1000 * r['per_doc']:>9.0f}{r['docs_s']:>9.2f}{r['marginal_docs_s']:>17.2f}"
              f"{r['docs_s'] / base:>11.2f}x")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
