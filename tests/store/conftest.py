"""Store fixtures: hand-built coded documents (no spaCy) and a fresh store per test."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.records import Document
from eventwire.store import Store

SAMPLES = Path(__file__).with_name("sample_documents.json")


def load_samples() -> list[Document]:
    """Two coded documents written for these tests (Geneva talks, Nairobi arrests)."""
    docs = [Document.from_dict(d) for d in json.loads(SAMPLES.read_text(encoding="utf-8"))]
    docs[0].source, docs[0].author, docs[0].site = "geneva.txt", "A. Writer", "news.example.org"
    docs[1].source = "nairobi.jsonl"
    return docs


@pytest.fixture
def docs() -> list[Document]:
    return load_samples()


@pytest.fixture
def store(tmp_path: Path, docs: list[Document]) -> Iterator[Store]:
    """A store holding the two sample documents."""
    with Store(tmp_path / "test.duckdb") as s:
        s.write_all(docs)
        yield s
