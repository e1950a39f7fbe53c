"""Benchmark the store: documents written per second and events exported per second.

    python bench/store.py [--docs N]

Documents are synthetic coded records (10 events, 20 entities each). The baseline, measured in
the same run, is writing the same records as JSONL to a file (what ``eventwire code`` does):
the ratio says what the transactional, indexed store costs on top of plain serialisation.
Exports are compared with the same baseline.
"""

from __future__ import annotations

import argparse
import io
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from eventwire.export import export
from eventwire.records import Actor, Document, Entity, Event, EventPlace
from eventwire.store import Reader, Store


def synthetic(n: int) -> list[Document]:
    """``n`` coded documents with plausible sizes."""
    usa, rus = Actor("Washington", "United States", "USA", "GOV"), Actor("Moscow", "Russia", "RUS",
                                                                         "GOV")
    place = EventPlace("Delhi", "Delhi", 1273294, 28.65, 77.23, "IND", "city")
    sentence = "The United States urged Russia to return to talks in Delhi on Thursday. "
    docs = []
    for i in range(n):
        text = sentence * 20
        ents = [Entity("United States", "GPE", k * len(sentence) + 4, k * len(sentence) + 17, usa)
                for k in range(20)]
        evs = [Event(f"{i}-{k}", "REQUEST", [usa], [rus], sentence.strip(), k * len(sentence),
                     (k + 1) * len(sentence) - 1, k, date=f"2023-03-{1 + k % 28:02d}",
                     date_resolution="day", event_loc=place, cameo="100", confidence=0.8)
               for k in range(10)]
        docs.append(Document(id=f"doc-{i}", pub_date="2023-03-02", text=text, entities=ents,
                             events=evs, source=f"doc-{i}.txt"))
    return docs


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=300)
    n = parser.parse_args().docs
    docs = synthetic(n)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"

        def jsonl() -> None:
            with (Path(tmp) / "out.jsonl").open("w", encoding="utf-8") as out:
                for d in docs:
                    out.write(json.dumps(d.to_dict(), ensure_ascii=False) + "\n")

        def store() -> None:
            with Store(db) as s:
                s.write_all(docs)

        def gdelt() -> None:
            with Reader(db) as r:
                export(r, "gdelt-events")

        base = timed(jsonl)
        write = timed(store)
        with Reader(db) as r:
            exported = timed(lambda: export(r, "plover", output=Path(tmp) / "p.jsonl"))
            listed = timed(lambda: r.events())
        import contextlib
        with contextlib.redirect_stdout(io.StringIO()):
            gd = timed(gdelt)
    events = n * 10
    print(f"JSONL baseline   {n / base:10.0f} docs/s")
    print(f"store writes     {n / write:10.0f} docs/s   ratio {base / write:.3f} of baseline")
    print(f"PLOVER export    {events / exported:10.0f} events/s")
    print(f"GDELT export     {events / gd:10.0f} events/s")
    print(f"events listing   {events / listed:10.0f} events/s")


if __name__ == "__main__":
    main()
