"""Coding on several local cores for ``eventwire ingest --workers N``: worker processes run
the pipeline over batches (spaCy ``nlp.pipe`` inside each), the calling process stays the one
writer of the store.

Results come back in input order. At most ``2 × workers`` batches are in flight, so memory
stays flat however long the input is (``Pool.imap`` would read the whole input ahead).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from multiprocessing.pool import AsyncResult
from typing import Any

from eventwire.pipeline import Pipeline, Result, default_pipeline
from eventwire.records import Document, Rejected

_PIPELINE: Pipeline | None = None


def _init() -> None:
    global _PIPELINE  # noqa: PLW0603 - one pipeline per worker process, built once
    _PIPELINE = default_pipeline()


def code_batch(items: list[Document | Rejected]) -> list[Result]:
    """Code a batch in a worker; read rejections pass through in place."""
    pipeline = _PIPELINE or default_pipeline()
    docs = [i for i in items if isinstance(i, Document)]
    coded = iter(pipeline.pipe(docs, batch_size=max(1, len(docs))))
    return [slim(next(coded)) if isinstance(i, Document) else i for i in items]


def slim(result: Result) -> Result:
    """Drop what the store does not keep (the spaCy Doc, raw input) before pickling back."""
    if isinstance(result, Document):
        result.nlp = None
        result.raw_html = result.raw_text = None
    return result


def code_parallel(items: Iterable[Document | Rejected], workers: int,
                  batch_size: int = 16) -> Iterator[Result]:
    """Code ``items`` in ``workers`` processes; yields results in input order."""
    context = multiprocessing.get_context("spawn")  # no fork of the writer's DuckDB threads
    with context.Pool(workers, initializer=_init) as pool:
        pending: deque[AsyncResult[list[Result]]] = deque()
        for batch in _batches(items, batch_size):
            pending.append(pool.apply_async(code_batch, (batch,)))
            if len(pending) >= 2 * workers:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
