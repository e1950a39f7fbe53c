"""Disk full: a write that does not fit fails with E402, every document committed before it
stays readable, and writing goes on once space is freed. Runs on a size-limited tmpfs, so it
needs root (it is skipped otherwise)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from eventwire.errors import StoreError
from eventwire.records import Document
from eventwire.store import Reader, Store


def _mount(point: Path, size: str, remount: bool = False) -> bool:
    options = f"remount,size={size}" if remount else f"size={size}"
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                          capture_output=True, check=False)
    return done.returncode == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MiB filesystem (tmpfs), unmounted after the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a size-limited filesystem needs root")
    point = tmp_path / "full"
    point.mkdir()
    if not _mount(point, "2m"):
        pytest.skip("tmpfs cannot be mounted here")
    yield point
    subprocess.run(["umount", str(point)], check=False)


def _fill(store: Store, make: Callable[..., Document]) -> tuple[list[str], StoreError]:
    written: list[str] = []
    for n in range(10_000):
        try:
            written.append(store.write(make(n, 40)))
        except StoreError as err:
            return written, err
    pytest.fail("a 2 MiB filesystem held 10,000 documents")


def test_disk_full_is_E402_and_loses_nothing_committed(
        small_disk: Path, document_for: Callable[..., Document]) -> None:
    path = small_disk / "events.duckdb"
    store = Store(path)
    written, err = _fill(store, document_for)
    assert err.code == "E402" and "space" in err.message.lower()
    assert written, "nothing fitted at all"
    store.close()
    with Reader(path) as reader:
        assert reader.counts()["documents"] == len(written)
        for doc_id in written:
            assert reader.document(doc_id).document.id == doc_id


def test_writing_resumes_once_space_is_freed(
        small_disk: Path, document_for: Callable[..., Document]) -> None:
    path = small_disk / "events.duckdb"
    store = Store(path)
    written, _err = _fill(store, document_for)
    assert _mount(small_disk, "64m", remount=True)
    store.write(document_for(99_999, 40))
    store.close()
    with Reader(path) as reader:
        assert reader.counts()["documents"] == len(written) + 1
        assert reader.document("doc-99999").document.id == "doc-99999"
