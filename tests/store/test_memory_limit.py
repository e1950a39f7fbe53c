"""The store's writer bounds DuckDB's cache by the ``db_memory_mb`` setting, so an ingest's
memory does not grow with the store (DuckDB would otherwise cache up to 80% of RAM)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from eventwire.settings import get_settings
from eventwire.store import Store


@pytest.fixture
def fresh_settings() -> Iterator[None]:
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def _limit_mib(path: Path) -> float:
    with Store(path) as store:
        row = store.con.execute("SELECT current_setting('memory_limit')").fetchone()
    assert row is not None
    value, unit = str(row[0]).split()
    return float(value) * {"MiB": 1, "GiB": 1024}[unit]


def test_default_limit(tmp_path: Path, fresh_settings: None,
                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVENTWIRE_DB_MEMORY_MB", raising=False)
    assert 50 < _limit_mib(tmp_path / "a.duckdb") <= 64  # 64 MB


def test_limit_from_the_environment(tmp_path: Path, fresh_settings: None,
                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_DB_MEMORY_MB", "256")
    assert 200 < _limit_mib(tmp_path / "b.duckdb") <= 256
