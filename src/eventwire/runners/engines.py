"""Engines behind ``eventwire run``: local processes (the default) or a Ray cluster.

An engine takes shard files and an output directory, codes every document with
:func:`eventwire.runners.coded.code_row` (the one per-document step) and writes the Parquet
datasets described in :mod:`eventwire.runners.coded`. Engines differ only in where that step
runs: :class:`LocalEngine` in a pool of worker processes on this machine,
:class:`eventwire.runners.ray_engine.RayEngine` in Ray actors across a cluster.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, Protocol

from eventwire.errors import UsageError
from eventwire.inputs.readers import Item
from eventwire.runners.coded import code_row, output_tables, prepare_output, write_tables
from eventwire.runners.shards import read_shard

ENGINES = ("local", "ray")
#: Coded rows per output file of the local engine.
PART_ROWS = 1000


@dataclass
class RunSummary:
    """What a run coded, found and rejected."""

    output: Path
    documents: int = 0
    events: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    def add(self, rows: Iterable[dict[str, Any]]) -> None:
        """Count a batch of coded rows."""
        for row in rows:
            if row["code"] is not None:
                self.rejected[row["code"]] += 1
            else:
                self.documents += 1
                self.events += row["n_events"]

    def line(self) -> str:
        """One human line: "coded 3 documents (7 events) into out/; rejected 1 (E101 1)"."""
        text = f"coded {self.documents} documents ({self.events} events) into {self.output}"
        if self.rejected:
            codes = ", ".join(f"{c} {n}" for c, n in sorted(self.rejected.items()))
            text += f"; rejected {sum(self.rejected.values())} ({codes})"
        return text


class Engine(Protocol):
    """Where documents are coded; ``run`` writes the output and returns what it did."""

    name: str

    def run(self, shards: Sequence[Path], output: Path,
            pub_date: str | None = None) -> RunSummary: ...


def read_shards(shards: Sequence[Path], pub_date: str | None) -> Iterator[Item]:
    """Every document of the shards, shard by shard, in file order."""
    for shard in shards:
        yield from read_shard(str(shard), pub_date)


def chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    """Consecutive lists of ``size`` rows (the last may be shorter)."""
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


class LocalEngine:
    """Code documents in ``workers`` processes on this machine (in-process for one worker)."""

    name = "local"

    def __init__(self, workers: int = 1, chunksize: int = 4) -> None:
        if workers < 1:
            raise UsageError(f"--workers must be at least 1, got {workers}", code="E501")
        self.workers = workers
        self.chunksize = chunksize

    def run(self, shards: Sequence[Path], output: Path,
            pub_date: str | None = None) -> RunSummary:
        """Code the shards' documents and write them under ``output``."""
        prepare_output(output)
        summary = RunSummary(output)
        items = read_shards(shards, pub_date)
        for part, rows in enumerate(chunks(self._coded(items), PART_ROWS)):
            write_tables(output_tables(rows), output, part)
            summary.add(rows)
        return summary

    def _coded(self, items: Iterator[Item]) -> Iterator[dict[str, Any]]:
        if self.workers == 1:
            yield from map(code_row, items)
            return
        # spawn, not fork: a forked child would inherit the threads of a library (Ray, tqdm)
        # mid-lock; each worker loads the model once (default_pipeline is cached per process).
        with mp.get_context("spawn").Pool(self.workers) as pool:
            yield from pool.imap(code_row, items, chunksize=self.chunksize)


def get_engine(name: str, workers: int | None = None, address: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``ray``); E502 for another name."""
    if name == "local":
        if address:
            raise UsageError("--address is for --engine ray", code="E501")
        return LocalEngine(1 if workers is None else workers)
    if name == "ray":
        from eventwire.runners.ray_engine import RayEngine

        return RayEngine(workers=workers, address=address)
    raise UsageError(f"unknown engine {name!r}; one of {', '.join(ENGINES)}", code="E502")
