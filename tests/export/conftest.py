"""Export fixtures: a store holding the hand-built sample documents of tests/store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.records import Document
from eventwire.store import Reader, Store

SAMPLES = Path(__file__).resolve().parents[1] / "store" / "sample_documents.json"


@pytest.fixture
def docs() -> list[Document]:
    """Two coded documents written for the tests (Geneva talks, Nairobi arrests)."""
    docs = [Document.from_dict(d) for d in json.loads(SAMPLES.read_text(encoding="utf-8"))]
    docs[0].source, docs[0].author, docs[0].site = "geneva.txt", "A. Writer", "news.example.org"
    docs[1].source = "nairobi.jsonl"
    return docs


@pytest.fixture
def db(tmp_path: Path, docs: list[Document]) -> Path:
    path = tmp_path / "export.duckdb"
    with Store(path) as store:
        store.write_all(docs)
    return path


@pytest.fixture
def reader(db: Path) -> Iterator[Reader]:
    with Reader(db) as r:
        yield r
