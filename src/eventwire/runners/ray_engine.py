"""The Ray engine: code a corpus on a Ray cluster with Ray Data (``pip install 'eventwire[ray]'``).

A shard is the unit of work: an actor reads it where it runs, so documents never cross the
cluster before they are coded, and reading needs no CPU slot of its own (a separate read
task would wait forever behind actors that hold every CPU of a small machine). The plan, in
Ray Data terms::

    from_items(shard paths)                      one row per shard file
      .map_batches(Coder, concurrency=N)         N actors, each loads the pipeline once, then
                                                 reads whole shards and codes their documents
      .materialize()                             coded rows, kept (or spilled) by Ray
      -> documents / events / rejected           write_parquet, partitioned by event date

Shard paths and the output directory must be visible to every node (a shared filesystem);
eventwire must be installed on every node, as for any Ray library code.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from eventwire.errors import StageError, UsageError
from eventwire.pipeline import WARM_UP
from eventwire.records import Document
from eventwire.runners.coded import (
    CODED_SCHEMA,
    KINDS,
    PARTITION,
    code_row,
    documents_table,
    events_table,
    prepare_output,
    rejected_table,
)
from eventwire.runners.engines import RunSummary, chunks
from eventwire.runners.shards import read_shard

#: Coded documents per block an actor hands back.
BATCH_SIZE = 16


def _ray() -> Any:
    """The ray module, or E302 telling how to install it."""
    try:
        import ray
        import ray.data  # noqa: F401 - Ray Data is the part eventwire uses
    except ImportError as exc:
        raise StageError("the Ray engine needs Ray: pip install 'eventwire[ray]'",
                         code="E302") from exc
    return ray


class Coder:
    """A Ray actor's coding step: loads the pipeline once, then codes whole shards."""

    def __init__(self) -> None:
        # Stages load their models and gazetteers on first use: code one sentence now, so
        # each actor loads them once, when it starts, and not inside its first batch.
        code_row(Document(raw_text=WARM_UP))

    def __call__(self, batch: pa.Table) -> Iterator[pa.Table]:
        for shard in batch.to_pylist():
            coded = map(code_row, read_shard(shard["path"], shard["pub_date"]))
            for rows in chunks(coded, BATCH_SIZE):  # small blocks keep memory flat
                yield pa.Table.from_pylist(rows, schema=CODED_SCHEMA)


def _table_step(build: Callable[[list[dict[str, Any]]], pa.Table]) -> Callable[[pa.Table],
                                                                             pa.Table]:
    """A ``map_batches`` function building an output table from a batch of coded rows."""

    def step(batch: pa.Table) -> pa.Table:
        return build(batch.to_pylist())

    return step


class RayEngine:
    """Code documents in Ray actors on a cluster (``address``) or a local Ray instance."""

    name = "ray"

    def __init__(self, workers: int | None = None, address: str | None = None) -> None:
        if workers is not None and workers < 1:
            raise UsageError(f"--workers must be at least 1, got {workers}", code="E501")
        self.workers = workers
        self.address = address

    def run(self, shards: Sequence[Path], output: Path,
            pub_date: str | None = None) -> RunSummary:
        """Code the shards' documents on Ray and write them under ``output``."""
        ray = _ray()
        prepare_output(output)
        started = self._connect(ray)
        try:
            coded = self._code(ray, shards, pub_date).materialize()
            self._write(coded, output)
            return self._summary(coded, output)
        finally:
            if started:
                ray.shutdown()

    def _connect(self, ray: Any) -> bool:
        """Join the cluster (or start a local instance); True when this run started Ray."""
        if ray.is_initialized():
            return False
        # Ray's INFO lines and progress bars would drown eventwire's own summary when piped.
        quiet = {"log_to_driver": False, "logging_level": logging.WARNING}
        if self.address:
            ray.init(address=self.address, **quiet)
        else:
            ray.init(num_cpus=self.workers or os.cpu_count() or 1, include_dashboard=False,
                     **quiet)
        ray.data.DataContext.get_current().enable_progress_bars = sys.stderr.isatty()
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        return True

    def _code(self, ray: Any, shards: Sequence[Path], pub_date: str | None) -> Any:
        # pub_date travels with each shard row, so the actors need no constructor arguments.
        paths = [{"path": str(p.resolve()), "pub_date": pub_date} for p in shards]
        items = ray.data.from_items(paths, override_num_blocks=len(paths))
        actors = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        pool = ray.data.ActorPoolStrategy(size=min(actors, len(paths)))
        return items.map_batches(Coder, batch_size=1, batch_format="pyarrow", num_cpus=1,
                                 compute=pool)

    def _write(self, coded: Any, output: Path) -> None:
        builders = {"documents": documents_table, "events": events_table,
                    "rejected": rejected_table}
        for kind in KINDS:
            table = coded.map_batches(_table_step(builders[kind]), batch_format="pyarrow")
            parts = [PARTITION] if kind != "rejected" else None
            table.write_parquet(str((output / kind).resolve()), partition_cols=parts)

    def _summary(self, coded: Any, output: Path) -> RunSummary:
        # Two small columns stream to the driver; the records stay on the cluster.
        summary = RunSummary(output)
        summary.add(coded.select_columns(["code", "n_events"]).iter_rows())
        return summary
