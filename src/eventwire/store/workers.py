"""Coding on several local cores for ``eventwire ingest --workers N``: worker processes run
the pipeline over batches (spaCy ``nlp.pipe`` inside each), the calling process stays the one
writer of the store.

Results come back in input order. At most ``2 × workers`` batches are in flight, so memory
stays flat however long the input is (``Pool.imap`` would read the whole input ahead).

How the workers start: on Linux, forked from this process once it has loaded the pipeline, so
they share its models (copy-on-write) and start at once, as spaCy's own ``n_process`` workers
do. Spawned workers would each load the models again (about 5 s of CPU each, on the cores the
coding needs). Forking is safe only while this process runs no other thread that could hold a
lock at the fork: :class:`Workers` is therefore started before the store opens (DuckDB runs
its own threads), and falls back to spawn when a Python thread is running (a web server, a
progress monitor) or on another system.
"""

from __future__ import annotations

import multiprocessing
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from types import TracebackType
from typing import Any

from eventwire.pipeline import Pipeline, Result, default_pipeline, frozen_heap, warm_pipeline
from eventwire.records import Document, Rejected

_PIPELINE: Pipeline | None = None


def _init() -> None:
    global _PIPELINE  # noqa: PLW0603 - one pipeline per worker process, built once
    _PIPELINE = default_pipeline()  # inherited, already loaded, when forked


def code_batch(items: list[Document | Rejected]) -> list[Result]:
    """Code a batch in a worker; read rejections pass through in place."""
    pipeline = _PIPELINE or default_pipeline()
    docs = [i for i in items if isinstance(i, Document)]
    coded = iter(pipeline.pipe(docs, batch_size=max(1, len(docs))))
    return [slim(next(coded)) if isinstance(i, Document) else i for i in items]


def slim(result: Result) -> Result:
    """Drop what the store does not keep (the spaCy Doc, raw input, the stages' working
    state: a fifth of the pickled bytes) before pickling back."""
    if isinstance(result, Document):
        result.nlp = None
        result.raw_html = result.raw_text = None
        result.mentions, result.role_mismatches = [], []
    return result


def start_method() -> str:
    """"fork" where it is safe (Linux, no other Python thread running), else "spawn"."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return "fork"
    return "spawn"  # pragma: no cover - other systems, or threads running


class Workers:
    """``n`` worker processes coding batches of ``batch_size`` documents; a context manager.

    Start it before opening the store (see the module's docstring for why).
    """

    def __init__(self, n: int, batch_size: int = 16, method: str | None = None) -> None:
        self.n, self.batch_size = n, batch_size
        self.method = method or start_method()
        context = multiprocessing.get_context(self.method)
        if self.method != "fork":
            self._pool = context.Pool(n, initializer=_init)
            return
        warm_pipeline()  # loaded once here, shared by every worker
        with frozen_heap():  # frozen in the workers for good (see frozen_heap)
            self._pool = context.Pool(n, initializer=_init)

    def code(self, items: Iterable[Document | Rejected]) -> Iterator[Result]:
        """Code ``items``; yields results in input order."""
        pending: deque[AsyncResult[list[Result]]] = deque()
        for batch in _batches(items, self.batch_size):
            pending.append(self._pool.apply_async(code_batch, (batch,)))
            if len(pending) >= 2 * self.n:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def close(self) -> None:
        self._pool.terminate()
        self._pool.join()

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


def code_parallel(items: Iterable[Document | Rejected], workers: int,
                  batch_size: int = 16) -> Iterator[Result]:
    """Code ``items`` in ``workers`` processes started for them; yields results in order.

    The processes are spawned: this may run with a store already open, whose threads a
    fork would copy mid-lock.
    """
    with Workers(workers, batch_size, method="spawn") as pool:
        yield from pool.code(items)


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
