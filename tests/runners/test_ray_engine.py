"""The Ray engine on a local Ray cluster (127.0.0.1): same records as the local engine."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventwire.pipeline import Pipeline
from eventwire.runners.coded import read_output
from eventwire.runners.engines import LocalEngine
from eventwire.runners.shards import list_shards

ray = pytest.importorskip("ray")

# Ray Data copies its own context with settings it has deprecated; not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:ray")

from eventwire.runners.ray_engine import RayEngine  # noqa: E402 - needs ray

_spec = importlib.util.spec_from_file_location("corpus", Path(__file__).with_name("corpus.py"))
assert _spec and _spec.loader
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    """A Ray cluster of this machine only, shut down after the module's tests."""
    ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False,
             _node_ip_address="127.0.0.1")
    yield
    ray.shutdown()


def test_ray_and_local_engines_write_identical_records(
    tmp_path: Path, local_ray: None, nlp_pipeline: Pipeline
) -> None:
    shards = list_shards(str(corpus.write_corpus(tmp_path / "in")))
    ray_summary = RayEngine(workers=2).run(shards, tmp_path / "ray")
    local_summary = LocalEngine(workers=1).run(shards, tmp_path / "local")
    assert _records(tmp_path / "ray") == _records(tmp_path / "local")
    assert _events(tmp_path / "ray") == _events(tmp_path / "local")
    assert ray_summary == local_summary.__class__(tmp_path / "ray", local_summary.documents,
                                                  local_summary.events, local_summary.rejected)
    assert ray_summary.documents == 4 and sum(ray_summary.rejected.values()) == 2


def test_ray_engine_partitions_events_by_date(tmp_path: Path, local_ray: None) -> None:
    shards = list_shards(str(corpus.write_corpus(tmp_path / "in") / "a.jsonl"))
    RayEngine(workers=1).run(shards, tmp_path / "out")
    parts = {p.name for p in (tmp_path / "out" / "events").iterdir()}
    assert "event_date=2024-06-03" in parts


def _records(out: Path) -> list[dict[str, Any]]:
    return [{**r.to_dict(), "source": r.source} for r in read_output(out)]


def _events(out: Path) -> list[tuple[str, dict[str, Any]]]:
    from eventwire.export.tabular import read_parquet

    return [(doc_id, ev.to_dict()) for doc_id, ev in read_parquet(out / "events")]
