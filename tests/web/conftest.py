"""Fixtures of the web tests: a store of hand-coded documents and an app over it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_samples import make_client, sample_documents, write_store

from eventwire.pipeline import default_pipeline
from eventwire.web.coding import Coder


@pytest.fixture(scope="session")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the three sample documents and one rejection."""
    return write_store(tmp_path_factory.mktemp("web") / "events.duckdb", sample_documents())


@pytest.fixture(scope="session")
def extract_coder() -> Coder:
    """A coder over the extract stage only: enough to test the coding endpoints' plumbing."""
    return Coder(default_pipeline(until="extract"))


@pytest.fixture(scope="session")
def client(store_path: Path, extract_coder: Coder) -> Iterator[TestClient]:
    """A read-only app over the sample store."""
    with make_client(store_path, extract_coder) as c:
        yield c
