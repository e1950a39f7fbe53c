"""Worker processes for ``ingest --workers``: forked from the loaded pipeline before the store
opens, spawned when forking is not safe, and coding what one process codes."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.records import Document
from eventwire.stages.nlp import load_model
from eventwire.store import ingest as ingest_module
from eventwire.store.ingest import IngestOptions
from eventwire.store.workers import Workers, code_parallel, slim

linux_only = pytest.mark.skipif(sys.platform != "linux", reason="workers fork on Linux only")
TEXTS = ["The president of Kenya met the prime minister of India in Nairobi on Monday.",
         "Protesters marched in Lima on Friday; police arrested dozens.",
         "Germany accused Poland of breaking the trade agreement."]


def _models_loaded() -> bool:
    """In a worker: were the pipeline and its model there before it coded anything?"""
    return bool(default_pipeline.cache_info().currsize and load_model.cache_info().currsize)


@linux_only
def test_forked_workers_start_with_the_models_loaded(nlp_pipeline: Pipeline,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from eventwire.store import workers as workers_module

    warmed: list[bool] = []
    real = workers_module.warm_pipeline

    def warm() -> Pipeline:
        warmed.append(True)
        return real()

    monkeypatch.setattr(workers_module, "warm_pipeline", warm)
    # Forced: threads other tests leave behind (a test client's portal) make the default spawn.
    with Workers(2, method="fork") as workers:
        assert (workers.method, warmed) == ("fork", [True])  # loaded here, before the fork
        assert workers._pool.apply(_models_loaded)
        # The inherited models are frozen out of the workers' garbage collections.
        assert workers._pool.apply(gc.get_freeze_count) > 100_000
    assert gc.get_freeze_count() == 0  # this process collects them as before


THREAD_CHECK = """
import threading
from eventwire.store.workers import start_method
alone = start_method()
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
with_thread = start_method()
stop.set()
thread.join()
print(alone, with_thread, start_method())
"""


@linux_only
def test_a_running_thread_makes_workers_spawn() -> None:
    # In a fresh interpreter: this one runs threads other tests started.
    # A thread could hold a lock the forked child would inherit, so then spawn.
    out = subprocess.run([sys.executable, "-c", THREAD_CHECK], capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["fork", "spawn", "fork"]


def test_ingest_starts_its_workers_before_opening_the_store(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch
                                                            ) -> None:
    order: list[str] = []

    class SpyWorkers(Workers):
        def __init__(self, n: int, batch_size: int = 16, method: str | None = None) -> None:
            order.append("workers")
            super().__init__(n, batch_size, method="spawn")  # spawn: no model load needed

    class SpyStore(ingest_module.Store):
        def __init__(self, *args: object, **kwargs: object) -> None:
            order.append("store")
            super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(ingest_module, "Workers", SpyWorkers)
    monkeypatch.setattr(ingest_module, "Store", SpyStore)
    (tmp_path / "in").mkdir()
    summary = ingest_module.ingest([str(tmp_path / "in")], tmp_path / "s.duckdb", log=None,
                                   options=IngestOptions(workers=2, show_progress=False))
    assert (summary.stored, order) == (0, ["workers", "store"])


def test_spawned_workers_code_what_one_process_codes(nlp_pipeline: Pipeline) -> None:
    docs = [Document(raw_text=t, id=f"d{i}", pub_date="2024-03-04") for i, t in enumerate(TEXTS)]
    alone = [slim(nlp_pipeline.run(Document(raw_text=d.raw_text, id=d.id,
                                            pub_date=d.pub_date))) for d in docs]
    parallel = list(code_parallel(docs, workers=2, batch_size=2))
    assert [r.to_dict() for r in parallel] == [r.to_dict() for r in alone]


def test_slim_keeps_the_record_and_drops_the_working_state(nlp_pipeline: Pipeline) -> None:
    doc = nlp_pipeline.run(Document(raw_text=TEXTS[0], id="d0", pub_date="2024-03-04"))
    assert isinstance(doc, Document) and doc.mentions and doc.nlp is not None
    record = doc.to_dict()
    slim(doc)
    assert (doc.nlp, doc.raw_text, doc.mentions, doc.role_mismatches) == (None, None, [], [])
    assert doc.to_dict() == record


def test_ingest_stores_with_the_loaded_models_frozen(tmp_path: Path, nlp_pipeline: Pipeline,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # One process: the models are loaded before the freeze, so collections skip them.
    counts: list[int] = []

    class SpyStore(ingest_module.Store):
        def write_batch(self, items):  # type: ignore[no-untyped-def]
            counts.append(gc.get_freeze_count())
            return super().write_batch(items)

    monkeypatch.setattr(ingest_module, "Store", SpyStore)
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text)
    summary = ingest_module.ingest([str(folder)], tmp_path / "s.duckdb", log=None,
                                   options=IngestOptions(show_progress=False))
    assert summary.stored == 3
    assert counts and min(counts) > 100_000
    assert gc.get_freeze_count() == 0
