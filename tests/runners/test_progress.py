"""The progress bar: quiet when piped, a total (hence an ETA) from the inputs on a terminal."""

from __future__ import annotations

import io
import re
import sys
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

from eventwire.inputs import read_inputs
from eventwire.pipeline import Result
from eventwire.records import Document, Rejected
from eventwire.runners import local
from eventwire.store.ingest import IngestOptions, code_items

STORY = "Fredonia's foreign minister met the Sylvanian ambassador on Monday."
# tqdm's "[elapsed<remaining, rate]" appears only when the bar has a total.
ETA = re.compile(r"\[\d\d:\d\d<\d\d:\d\d")


class Terminal(io.StringIO):
    """A text stream that says it is a terminal, so tqdm draws to it."""

    def isatty(self) -> bool:
        return True


def _results(n: int) -> Iterator[Result]:
    """A stream without a length, as the pipeline gives: tqdm cannot take a total from it."""
    return (Document(id=f"d{i}", raw_text=STORY) for i in range(n))


def _folder(tmp_path: Path, n: int) -> Path:
    for i in range(n):
        (tmp_path / f"{i}.txt").write_text(f"{STORY} {i}")
    return tmp_path


def test_bar_shows_the_estimated_total_and_remaining_time(tmp_path: Path) -> None:
    out = Terminal()
    inputs = [str(_folder(tmp_path, 4))]
    assert len(list(local.progress(_results(4), out, inputs=inputs))) == 4
    text = out.getvalue()
    assert "4/4" in text and "100%" in text
    assert ETA.search(text)


def test_bar_leaves_no_thread_running() -> None:
    # A thread left behind (tqdm's monitor) would make the next ingest spawn its workers.
    before = threading.active_count()
    list(local.progress(_results(3), Terminal()))
    assert threading.active_count() == before


def test_bar_without_inputs_shows_rate_only() -> None:
    out = Terminal()
    list(local.progress(_results(3), out))
    text = out.getvalue()
    assert "3doc" in text and "/3" not in text
    assert not ETA.search(text)


def test_bar_past_its_estimate_falls_back_to_count_and_rate(tmp_path: Path) -> None:
    out = Terminal()
    inputs = [str(_folder(tmp_path, 2))]
    rejected = Rejected("x", "x.txt", "read", "E101", "empty document")
    results = iter([*_results(4), rejected])
    assert len(list(local.progress(results, out, inputs=inputs))) == 5
    final = out.getvalue().split("\r")[-1]
    assert "5doc" in final and "rejected=1" in final
    assert "/2" not in final and "%" not in final  # no 250% bar, no negative ETA


def test_bar_is_quiet_and_counts_nothing_when_piped(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def never(*_: object, **__: object) -> int:
        raise AssertionError("the estimate must not run when nothing is shown")

    monkeypatch.setattr(local, "estimate_total", never)
    out = io.StringIO()
    assert len(list(local.progress(_results(2), out, inputs=[str(tmp_path)]))) == 2
    assert out.getvalue() == ""


def _uncoded(items: Iterable[Document | Rejected], batch_size: int | None = None
             ) -> Iterator[Result]:
    """Stands in for the spaCy pipeline: the bar only counts what passes through."""
    yield from items


def test_code_inputs_gives_the_bar_its_total(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "run_pipeline", _uncoded)
    out = Terminal()
    monkeypatch.setattr(sys, "stderr", out)
    results = list(local.code_inputs([str(_folder(tmp_path, 3))]))
    assert len(results) == 3
    assert "3/3" in out.getvalue() and ETA.search(out.getvalue())


def test_ingest_code_items_gives_the_bar_its_total(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(local, "run_pipeline", _uncoded)
    out = Terminal()
    monkeypatch.setattr(sys, "stderr", out)
    inputs = [str(_folder(tmp_path, 3))]
    items = read_inputs(inputs)
    assert len(list(code_items(items, IngestOptions(), inputs))) == 3
    assert "3/3" in out.getvalue() and ETA.search(out.getvalue())


@pytest.mark.parametrize("resume", [False, True])
def test_ingest_counts_the_inputs_unless_resuming(tmp_path: Path, resume: bool,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.store import ingest as ingest_module

    seen: list[object] = []

    def record(items: object, opts: IngestOptions, inputs: object = None,
               workers: object = None) -> Iterator[Result]:
        seen.append(inputs)
        return iter(())

    monkeypatch.setattr(ingest_module, "code_items", record)
    inputs = [str(_folder(tmp_path, 1))]
    ingest_module.ingest(inputs, tmp_path / "s.duckdb",
                         options=IngestOptions(resume=resume))
    # Why none when resuming: skipped inputs never reach the bar, which would stop short.
    assert seen == [None if resume else inputs]
