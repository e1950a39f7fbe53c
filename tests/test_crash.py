"""Crash safety: ``kill -9`` in the middle of an ingest, rerun it, and every document is stored
exactly once with nothing committed lost. Also: several workers store what one worker does."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline
from eventwire.store import Reader
from eventwire.store.ingest import IngestOptions, ingest

LEADERS = ["the president of Freedonia", "Sylvania's prime minister", "the Ruritanian king",
           "the foreign minister of Elbonia", "the defence minister of Latveria"]
ACTS = ["met {b} in {city} on Monday to discuss the border",
        "accused {b} of moving troops towards {city}",
        "promised {b} new loans during talks in {city}",
        "criticised {b} after a protest in {city} turned violent"]
CITIES = ["Marlow", "Tarnhelm", "Ostrava", "Kingsport", "Valmy"]
TOTAL, EMPTY_EVERY = 240, 12


def article(i: int) -> str:
    a, b = LEADERS[i % 5], LEADERS[(i * 3 + 1) % 5]
    act = ACTS[i % 4].format(b=b, city=CITIES[(i // 4) % 5])
    return f"Report number {i}.\n\n{a[0].upper()}{a[1:]} {act}, officials said on day {i}.\n"


def write_corpus(folder: Path) -> int:
    """TOTAL files, every EMPTY_EVERY-th empty (a rejection, reported when committed)."""
    folder.mkdir()
    for i in range(TOTAL):
        text = "" if i % EMPTY_EVERY == 5 else article(i)
        (folder / f"doc{i:04d}.txt").write_text(text)
    return TOTAL - len([i for i in range(TOTAL) if i % EMPTY_EVERY == 5])


def kill_mid_ingest(corpus: Path, db: Path) -> None:
    """Start ``eventwire ingest`` and kill -9 it once two batches with rejections committed."""
    cmd = [sys.executable, "-m", "eventwire", "ingest", str(corpus), "--db", str(db),
           "--batch-size", "8", "--commit-size", "8"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env,
                            text=True)
    assert proc.stderr is not None
    seen = 0
    for line in proc.stderr:
        seen += "rejected" in line and "E101" in line  # printed after its batch is committed
        if seen >= 3:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.stderr.close()
    assert proc.wait(timeout=300) == -signal.SIGKILL, "ingest ended before it could be killed"


def stored_sources(db: Path) -> list[str]:
    with Reader(db) as reader:
        return [r[0] for r in reader.con.execute("SELECT source FROM documents").fetchall()]


def test_kill_9_then_rerun_stores_each_document_exactly_once(
        nlp_pipeline: Pipeline, tmp_path: Path) -> None:
    good = write_corpus(tmp_path / "corpus")
    db = tmp_path / "store.duckdb"
    kill_mid_ingest(tmp_path / "corpus", db)
    committed = stored_sources(db)
    assert 0 < len(committed) < good
    for resume in (True, False):  # resume skips what is stored; a plain rerun replaces it
        opts = IngestOptions(resume=resume, show_progress=False)
        summary = ingest([str(tmp_path / "corpus")], db, log=None, options=opts)
        assert summary.n_rejected == TOTAL - good
        final = stored_sources(db)
        assert len(final) == len(set(final)) == good
        assert set(committed) <= set(final)
    with Reader(db) as reader:
        counts = reader.counts()
        links = reader.con.execute("SELECT count(*) FROM article_links").fetchone()
    assert counts["rejected"] == TOTAL - good  # a rejection is recorded once, not per run
    assert links == (good,)


@pytest.mark.parametrize("workers", [2])
def test_workers_store_what_one_worker_stores(nlp_pipeline: Pipeline, tmp_path: Path,
                                              workers: int) -> None:
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(30):
        (corpus / f"d{i:02d}.txt").write_text(article(i) if i != 7 else "")
    results = {}
    for n in (1, workers):
        db = tmp_path / f"w{n}.duckdb"
        opts = IngestOptions(workers=n, batch_size=4, show_progress=False)
        summary = ingest([str(corpus)], db, log=None, options=opts)
        assert (summary.stored, summary.n_rejected) == (29, 1)
        with Reader(db) as reader:
            results[n] = [(s.document.source, s.document.to_dict()) for s in reader.documents()]
    assert results[workers] == results[1]
