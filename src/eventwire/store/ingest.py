"""Code inputs and write every result to the store: what ``eventwire ingest`` does."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from eventwire.errors import StoreError
from eventwire.inputs import read_inputs
from eventwire.pipeline import Result, frozen_heap
from eventwire.records import Document, Rejected
from eventwire.settings import get_settings
from eventwire.sources.fetch import Fetcher
from eventwire.store.duck import Store
from eventwire.store.workers import Workers, code_parallel

Item = Document | Rejected


@dataclass
class IngestSummary:
    """What an ingest run stored and rejected."""

    db: Path
    stored: int = 0
    events: int = 0
    rejected: Counter[str] = field(default_factory=Counter)

    @property
    def n_rejected(self) -> int:
        return sum(self.rejected.values())

    def line(self) -> str:
        """One human line: "stored 3 documents (7 events) in x.duckdb; rejected 1 (E101 1)"."""
        text = (f"stored {_n(self.stored, 'document')} ({_n(self.events, 'event')}) "
                f"in {self.db}")
        if self.rejected:
            codes = ", ".join(f"{c} {n}" for c, n in sorted(self.rejected.items()))
            text += f"; rejected {self.n_rejected} ({codes})"
        return text


def store_results(results: Iterable[Result], store: Store, log: TextIO | None = None,
                  commit_size: int | None = None) -> IngestSummary:
    """Write each coded document or rejection to ``store``; report rejections on ``log``.

    Results are committed ``commit_size`` at a time (default: the ``commit_size`` setting). A
    document the store cannot take becomes a rejection of stage "store" (E402), and the others
    of its batch are still stored.
    """
    commit_size = commit_size or get_settings().commit_size
    summary = IngestSummary(db=store.path)
    batch: list[Result] = []
    for result in results:
        batch.append(result)
        if len(batch) >= commit_size:
            _commit(batch, store, summary, log)
            batch = []
    _commit(batch, store, summary, log)
    return summary


def _commit(batch: list[Result], store: Store, summary: IngestSummary,
            log: TextIO | None) -> None:
    try:
        store.write_batch(batch)
        done = batch
    except StoreError:  # find the document at fault; store the rest one by one
        done = [_write_one(item, store) for item in batch]
    for result in done:
        if isinstance(result, Document):
            summary.stored += 1
            summary.events += len(result.events)
            continue
        summary.rejected[result.code] += 1
        if log is not None:
            print(_rejection(result), file=log)


def _write_one(item: Result, store: Store) -> Result:
    try:
        store.write(item)
        return item
    except StoreError as err:
        rej = Rejected(item.id, item.source, "store", err.code, err.message)
        store.write(rej)
        return rej


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _rejection(rej: Rejected) -> str:
    return (f"eventwire: rejected {rej.source or rej.id}: {rej.code}: {rej.reason} "
            f"(stage {rej.stage})")


@dataclass
class IngestOptions:
    """How to read, code and store: batch sizes, worker processes, resuming, fetching from the
    web. Sizes left None come from the settings ``batch_size`` and ``commit_size``."""

    batch_size: int | None = None  # documents per pipeline batch
    commit_size: int | None = None  # documents per store transaction
    workers: int = 1
    resume: bool = False  # skip inputs already stored (after a crash or an interrupted run)
    fetcher: Fetcher | None = None
    show_progress: bool = True


def ingest(inputs: Sequence[str], db: str | Path | None = None, pub_date: str | None = None,
           batch_size: int | None = None, log: TextIO | None = sys.stderr,
           options: IngestOptions | None = None) -> IngestSummary:
    """Read ``inputs``, code them with the default pipeline and store the results in ``db``.

    Every committed batch stays committed if the run is killed; running it again stores each
    document exactly once (a document is replaced by id), and ``options.resume`` skips the
    documents already stored instead of coding them again.
    """
    opts = options or IngestOptions(batch_size=batch_size)
    with ExitStack() as stack:
        # Workers first: they fork from this process before the store's threads exist.
        size = opts.batch_size or get_settings().batch_size
        workers = stack.enter_context(Workers(opts.workers, size)) if opts.workers > 1 else None
        store = stack.enter_context(Store(db))
        items = read_inputs(inputs, pub_date, fetcher=opts.fetcher)
        if opts.resume:
            items = skip_stored(items, store)
        # Why no total on resume: the skipped inputs would never reach the bar.
        counted = None if opts.resume else inputs
        return store_results(_freeze_on_first(code_items(items, opts, counted, workers), stack),
                             store, log, opts.commit_size)


def _freeze_on_first(results: Iterable[Result], stack: ExitStack) -> Iterator[Result]:
    """``results``; once the first arrives, what lives (the loaded models, whether this
    process or its workers coded it) is frozen out of garbage collection until ``stack``
    closes, after the last write: see :func:`eventwire.pipeline.frozen_heap`. Not before the
    first: in one process the models load with the first batch, and a run with nothing to
    code need not load them."""
    for n, result in enumerate(results):
        if n == 0:
            stack.enter_context(frozen_heap())
        yield result


def code_items(items: Iterable[Item], opts: IngestOptions, inputs: Sequence[str] | None = None,
               workers: Workers | None = None) -> Iterator[Result]:
    """Coded documents and rejections, in input order, with a progress bar on a terminal
    (its total estimated from ``inputs``, the paths the items are read from, when given).

    With ``opts.workers`` > 1 the coding runs in ``workers`` when given, else in processes
    started for it."""
    from eventwire.runners.local import progress, run_pipeline  # loads spaCy only when used

    if workers is not None:
        results = workers.code(items)
    elif opts.workers > 1:
        results = code_parallel(items, opts.workers,
                                opts.batch_size or get_settings().batch_size)
    else:
        results = run_pipeline(items, opts.batch_size)
    return progress(results, inputs=inputs) if opts.show_progress else results


def skip_stored(items: Iterable[Item], store: Store) -> Iterator[Item]:
    """The items not yet in ``store``: known by id when they have one, else by source."""
    rows = store.con.execute("SELECT id, source FROM documents").fetchall()
    ids, sources = {r[0] for r in rows}, {r[1] for r in rows if r[1]}
    for item in items:
        if isinstance(item, Document) and (item.id in ids if item.id else item.source in sources):
            continue
        yield item
