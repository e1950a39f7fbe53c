"""Stages and the pipeline that runs them in a checked order.

A stage is a callable that takes a :class:`Document` and returns it, declaring the document
attributes it ``requires`` and ``assigns``. :class:`Pipeline` checks at build time that every
requirement is assigned by an earlier stage (or is given as input), like spaCy's
``requires/assigns`` analysis.

Documents that fail become :class:`Rejected` records; the batch goes on.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from functools import lru_cache

from eventwire.errors import EventwireError, StageError
from eventwire.records import Document, Rejected

log = logging.getLogger(__name__)

#: Attributes a document has before any stage runs.
INPUT_ATTRS: frozenset[str] = frozenset({"raw"})

STAGE_ORDER: tuple[str, ...] = (
    "extract", "nlp", "entities", "actors", "places", "dates", "events", "quotes", "checks",
)  # fmt: skip


class Stage:
    """Base class of a pipeline stage.

    Subclasses set ``name``, ``requires`` and ``assigns`` and implement ``__call__``.
    ``pipe`` processes a batch; override it where batching pays (the spaCy stage).
    """

    name: str = "stage"
    requires: tuple[str, ...] = ()
    assigns: tuple[str, ...] = ()

    def __call__(self, doc: Document) -> Document:  # pragma: no cover - abstract
        raise NotImplementedError

    def pipe(self, docs: Iterable[Document]) -> Iterator[Document]:
        for doc in docs:
            yield self(doc)


Result = Document | Rejected


class Pipeline:
    """An ordered list of stages, checked when built."""

    def __init__(self, stages: Sequence[Stage]) -> None:
        self.stages = list(stages)
        self._check_order()

    def _check_order(self) -> None:
        have = set(INPUT_ATTRS)
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in have]
            if missing:
                raise StageError(
                    f"stage '{stage.name}' requires {missing}, which no earlier stage assigns",
                    code="E300",
                )
            have.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [s.name for s in self.stages]

    def __call__(self, doc: Document) -> Document:
        """Run all stages on one document; raises :class:`EventwireError` on failure."""
        for stage in self.stages:
            doc = _run_stage(stage, doc)
        return doc

    def run(self, doc: Document) -> Result:
        """Run all stages on one document; a failure becomes a :class:`Rejected`."""
        for stage in self.stages:
            try:
                doc = _run_stage(stage, doc)
            except EventwireError as err:
                return _reject(doc, stage.name, err)
        return doc

    def pipe(self, docs: Iterable[Document], batch_size: int = 32) -> Iterator[Result]:
        """Process documents in batches, yielding each document or its rejection in order."""
        batch: list[Document] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._run_batch(batch)
                batch = []
        if batch:
            yield from self._run_batch(batch)

    def _run_batch(self, batch: list[Document]) -> list[Result]:
        results: list[Result] = list(batch)
        for stage in self.stages:
            live = [i for i, r in enumerate(results) if isinstance(r, Document)]
            if not live:
                break
            docs = [r for r in results if isinstance(r, Document)]
            out: list[Result]
            try:
                out = list(stage.pipe(docs))
            except Exception:  # isolate the failing document(s) one by one
                out = [self._one(stage, d) for d in docs]
            for i, r in zip(live, out, strict=True):
                results[i] = r
        return results

    @staticmethod
    def _one(stage: Stage, doc: Document) -> Result:
        try:
            return _run_stage(stage, doc)
        except EventwireError as err:
            return _reject(doc, stage.name, err)


def _run_stage(stage: Stage, doc: Document) -> Document:
    try:
        out = stage(doc)
    except EventwireError:
        raise
    except Exception as exc:  # a bug or third-party failure: wrap it at the boundary
        log.exception("stage %s failed on %s", stage.name, doc.id or doc.source)
        raise StageError(
            f"stage '{stage.name}' failed: {type(exc).__name__}: {exc}", code="E301"
        ) from exc
    out.done.add(stage.name)
    return out


def _reject(doc: Document, stage: str, err: EventwireError) -> Rejected:
    return Rejected(id=doc.id, source=doc.source, stage=stage, code=err.code, reason=err.message)


StageFactory = Callable[[], Stage]


def _factories() -> dict[str, StageFactory]:
    # Imported here so that importing eventwire stays cheap.
    from eventwire.stages import (
        actors,
        checks,
        dates,
        entities,
        events,
        extract,
        nlp,
        places,
        quotes,
    )

    return {
        "extract": extract.ExtractStage,
        "nlp": nlp.NlpStage,
        "entities": entities.EntitiesStage,
        "actors": actors.ActorsStage,
        "places": places.PlacesStage,
        "dates": dates.DatesStage,
        "events": events.EventsStage,
        "quotes": quotes.QuotesStage,
        "checks": checks.ChecksStage,
    }


#: A sentence that makes every stage load what it loads on first use (model, gazetteers).
WARM_UP = "The president of Kenya met the prime minister of India in Nairobi on Monday."


def warm_pipeline() -> Pipeline:
    """The default pipeline with its models and data loaded now rather than in a first batch."""
    pipeline = default_pipeline()
    pipeline.run(Document(raw_text=WARM_UP))
    return pipeline


@contextmanager
def frozen_heap() -> Iterator[None]:
    """Within it, the objects alive on entry are left out of garbage collection (gc.freeze).

    Why: a loaded pipeline is ~760k long-lived objects, and every full collection walks them
    all again, in a process that makes many short-lived objects (coding, unpickling and
    storing documents) about half of what unpickling costs. Freezing them before a fork also
    keeps the collector from writing to the pages the children share. On exit they are
    unfrozen, unless objects were frozen before (unfreezing would undo that too).
    """
    owner = gc.get_freeze_count() == 0
    if owner:
        gc.freeze()
    try:
        yield
    finally:
        if owner:
            gc.unfreeze()


@lru_cache(maxsize=4)
def default_pipeline(until: str = "checks") -> Pipeline:
    """The full pipeline (or its prefix up to ``until``), built once per process."""
    if until not in STAGE_ORDER:
        raise StageError(f"unknown stage '{until}'", code="E300")
    factories = _factories()
    names = STAGE_ORDER[: STAGE_ORDER.index(until) + 1]
    return Pipeline([factories[n]() for n in names])
