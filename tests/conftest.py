"""Shared fixtures: the expensive objects load once per test session."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest

from eventwire.pipeline import Pipeline, default_pipeline
from eventwire.store.ingest import IngestOptions, ingest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="session")
def nlp_pipeline() -> Pipeline:
    """The full default pipeline (spaCy model, gazetteer and dictionaries loaded once)."""
    return default_pipeline()


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return EXAMPLES


#: Reports as (id, url, text); ingest them and a syndicated copy of the first into a store.
IngestReports = Callable[[Sequence[tuple[str, str, str]], str, str], Path]


@pytest.fixture
def ingest_reports(tmp_path: Path) -> IngestReports:
    """Ingest team-written reports of one story plus a verbatim copy of the first (id
    ``copy_id``), all published on ``day``; returns the store's path."""
    def run(reports: Sequence[tuple[str, str, str]], day: str, copy_id: str) -> Path:
        records = [{"id": i, "url": url, "text": text, "pub_date": day}
                   for i, url, text in reports]
        records.append({"id": copy_id, "url": f"https://copies.example/{copy_id}",
                        "text": reports[0][2], "pub_date": day})
        source = tmp_path / "reports.jsonl"
        source.write_text("".join(json.dumps(r) + "\n" for r in records))
        db = tmp_path / "coded.duckdb"
        summary = ingest([str(source)], db, log=None, options=IngestOptions(show_progress=False))
        assert summary.stored == len(records)
        return db
    return run
