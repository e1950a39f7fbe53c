"""The pipeline's contract: checked order, rejections instead of crashes, batches in order."""

from __future__ import annotations

import gc

import pytest

from eventwire.errors import InputError, StageError
from eventwire.pipeline import STAGE_ORDER, Pipeline, Stage, default_pipeline, frozen_heap
from eventwire.records import Document, Rejected


class _Adds(Stage):
    def __init__(self, name: str, requires: tuple[str, ...], assigns: tuple[str, ...]) -> None:
        self.name, self.requires, self.assigns = name, requires, assigns

    def __call__(self, doc: Document) -> Document:
        if doc.text == "boom":
            raise ValueError("kaboom")
        if doc.text == "bad":
            raise InputError("bad input", code="E101")
        doc.title = (doc.title or "") + self.name
        return doc


def test_order_is_checked_when_built() -> None:
    with pytest.raises(StageError) as err:
        Pipeline([_Adds("b", ("x",), ("y",)), _Adds("a", ("raw",), ("x",))])
    assert err.value.code == "E300"
    assert "requires ['x']" in str(err.value)


def test_default_pipeline_has_every_stage_in_order() -> None:
    assert default_pipeline().names == list(STAGE_ORDER)


def test_failures_become_rejections_and_the_batch_goes_on() -> None:
    pipe = Pipeline([_Adds("a", ("raw",), ("x",)), _Adds("b", ("x",), ("y",))])
    docs = [Document(id=str(i), text=t) for i, t in enumerate(["ok", "boom", "bad", "fine"])]
    out = list(pipe.pipe(docs, batch_size=3))
    assert [type(r).__name__ for r in out] == ["Document", "Rejected", "Rejected", "Document"]
    assert isinstance(out[1], Rejected) and out[1].code == "E301" and out[1].stage == "a"
    assert isinstance(out[2], Rejected) and out[2].code == "E101"
    assert isinstance(out[3], Document) and out[3].title == "ab"


def test_run_marks_stages_done() -> None:
    pipe = Pipeline([_Adds("a", ("raw",), ("x",))])
    doc = pipe.run(Document(id="1", text="ok"))
    assert isinstance(doc, Document) and doc.done == {"a"}


def test_frozen_heap_freezes_what_lives_and_unfreezes_after() -> None:
    assert gc.get_freeze_count() == 0
    with frozen_heap():
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0


def test_frozen_heap_leaves_an_earlier_freeze_alone() -> None:
    gc.freeze()
    try:
        before = gc.get_freeze_count()
        with frozen_heap():
            pass
        # not unfrozen (the count would be 0): someone else froze them. Not equal to before: a
        # frozen object that dies meanwhile (another thread's, a dropped reference) leaves it.
        assert gc.get_freeze_count() > before // 2
    finally:
        gc.unfreeze()
