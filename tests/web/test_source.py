"""The server keeps answering while another process (an ingest) writes to the same store."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from eventwire.errors import StoreError, WebError
from eventwire.records import Document
from eventwire.web import source as source_module
from eventwire.web.coding import Coder
from eventwire.web.source import SnapshotSource, stamp, writer_active


@pytest.fixture
def db(fresh_store: Path) -> Path:
    return fresh_store


@pytest.fixture
def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """Look at the store file on every request (no 1 s throttle)."""
    monkeypatch.setattr(source_module, "CHECK_INTERVAL", 0.0)


@pytest.fixture
def app_client(db: Path, extract_coder: Coder, fresh: None,
               client_for: Callable[..., TestClient]) -> Iterator[TestClient]:
    with client_for(db, extract_coder) as c:
        yield c


def test_serving_goes_on_while_an_ingest_writes(db: Path, app_client: TestClient,
                                                ingest_process: Callable[[Path], Any]) -> None:
    assert app_client.get("/events").json()["total"] == 7  # snapshot taken before the ingest
    writer = ingest_process(db)
    try:
        assert writer_active(db)
        assert source_module._writer_active_duckdb(db)  # the check used where fcntl is missing
        during = app_client.get("/events")
        assert during.status_code == 200 and during.json()["total"] == 7
        status = app_client.get("/status").json()
        assert status["writer_active"] is True and status["snapshot_at"]
        assert app_client.get("/documents/talks-delhi").status_code == 200
    finally:
        writer.finish()
    assert not writer_active(db) and not source_module._writer_active_duckdb(db)
    after = app_client.get("/events").json()
    assert after["total"] == 9  # the ingest's document is served once it has finished
    assert app_client.get("/status").json()["writer_active"] is False


def test_busy_store_without_snapshot_is_retry_later(
        db: Path, extract_coder: Coder, fresh: None, client_for: Callable[..., TestClient],
        ingest_process: Callable[[Path], Any]) -> None:
    writer = ingest_process(db)
    try:
        with client_for(db, extract_coder) as c:
            resp = c.get("/events")
            assert resp.status_code == 503 and resp.headers["retry-after"] == "5"
            assert resp.json()["error"]["code"] == "E704"
    finally:
        writer.finish()


def test_missing_store_is_reported(tmp_path: Path, extract_coder: Coder,
                                   client_for: Callable[..., TestClient]) -> None:
    with client_for(tmp_path / "none.duckdb", extract_coder) as c:
        resp = c.get("/events")
        assert resp.status_code == 503 and resp.json()["error"]["code"] == "E401"
        assert c.get("/status").json()["counts"] is None  # the page still loads


def test_write_while_an_ingest_holds_the_store(db: Path, extra_document: Document,
                                               ingest_process: Callable[[Path], Any]) -> None:
    src = SnapshotSource(db)
    writer = ingest_process(db)
    try:
        with pytest.raises(WebError) as info:
            src.write(extra_document)
        assert info.value.code == "E704"
    finally:
        writer.finish()
        src.close()


def test_snapshot_unchanged_store_is_not_copied_again(db: Path, fresh: None,
                                                      extra_document: Document) -> None:
    src = SnapshotSource(db)
    try:
        first = src.refresh()
        assert src.refresh() is first
        assert first.stamp == stamp(db)
        src.write(extra_document)  # our own write: the next read sees it at once
        second = src.refresh()
        assert second is not first
        with src.reader() as reader:
            assert reader.counts()["documents"] == 3  # drones-odesa replaced, not added
    finally:
        src.close()
    assert not first.path.exists() and not second.path.exists()


def test_no_store_at_all(tmp_path: Path) -> None:
    src = SnapshotSource(tmp_path / "absent.duckdb")
    with pytest.raises(StoreError) as info, src.reader():
        pass
    assert info.value.code == "E401"
    src.close()
