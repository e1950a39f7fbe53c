"""The local runner: read inputs, run the pipeline in batches, show progress.

``code_inputs`` is what ``eventwire code``, ``eventwire ingest`` and ``eventwire check``
share: it never raises for a bad document, it yields a :class:`Rejected` instead.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator, Sequence
from typing import TextIO

from tqdm import tqdm

from eventwire.inputs import read_inputs
from eventwire.inputs.estimate import estimate_total
from eventwire.pipeline import Result, default_pipeline
from eventwire.records import Document, Rejected
from eventwire.settings import get_settings


class _Bar(tqdm):  # type: ignore[type-arg]
    """A tqdm bar without tqdm's monitor thread.

    Why: the monitor is a thread that outlives the bar, and a process with a thread running
    cannot fork its ingest workers safely (see :func:`eventwire.store.workers.start_method`),
    so every ingest after the first (``eventwire watch``) would spawn them and load the models
    again. The monitor only adjusts redraw intervals on stalls, which a per-document bar does
    not need.
    """

    monitor_interval = 0


def code_document(doc: Document) -> Result:
    """Code one document with the default pipeline (picklable; one code path for all engines)."""
    return default_pipeline().run(doc)


def run_pipeline(
    items: Iterable[Document | Rejected], batch_size: int | None = None
) -> Iterator[Result]:
    """Run the default pipeline over read documents, passing read rejections through in order."""
    size = batch_size or get_settings().batch_size
    pipeline = default_pipeline()
    pending: list[Document] = []
    for item in items:
        if isinstance(item, Rejected):
            yield from pipeline.pipe(pending, batch_size=size)
            pending = []
            yield item
            continue
        pending.append(item)
        if len(pending) >= size:
            yield from pipeline.pipe(pending, batch_size=size)
            pending = []
    yield from pipeline.pipe(pending, batch_size=size)


def progress(
    results: Iterable[Result], stream: TextIO | None = None, unit: str = "doc",
    inputs: Sequence[str] | None = None,
) -> Iterator[Result]:
    """Wrap results in a progress bar with rate, shown only when ``stream`` is a terminal.

    With ``inputs`` (the paths read) the bar also gets an estimated total, hence an ETA
    (see :func:`eventwire.inputs.estimate.estimate_total`); past the estimate it shows the
    rate alone.
    """
    out = stream or sys.stderr
    shown = out.isatty()
    # Why only when shown: counting lines reads the inputs once more, for nobody when piped.
    total = estimate_total(inputs) if shown and inputs is not None else None
    bar = _Bar(results, unit=unit, file=out, disable=not shown, dynamic_ncols=True,
               total=total)
    rejected = 0
    for r in bar:
        if isinstance(r, Rejected):
            rejected += 1
            bar.set_postfix(rejected=rejected)
        yield r


def code_inputs(
    paths: Sequence[str],
    pub_date: str | None = None,
    batch_size: int | None = None,
    show_progress: bool = True,
) -> Iterator[Result]:
    """Read ``paths`` and code every document; bad documents come back as ``Rejected``."""
    results = run_pipeline(read_inputs(paths, pub_date), batch_size)
    return progress(results, inputs=paths) if show_progress else results
