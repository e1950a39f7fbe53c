"""The local engine, shards and the Parquet output of ``eventwire run``."""

from __future__ import annotations

import argparse
import importlib.util
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from eventwire.commands import ingest as ingest_cmd
from eventwire.commands import run as run_cmd
from eventwire.errors import UsageError
from eventwire.export.tabular import read_parquet
from eventwire.pipeline import Pipeline
from eventwire.records import Document, Rejected
from eventwire.runners.coded import read_output
from eventwire.runners.engines import LocalEngine, get_engine
from eventwire.runners.shards import list_shards, read_shard
from eventwire.store import Reader

_spec = importlib.util.spec_from_file_location("corpus", Path(__file__).with_name("corpus.py"))
assert _spec and _spec.loader
corpus = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(corpus)


@pytest.fixture(scope="module")
def shards(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return corpus.write_corpus(tmp_path_factory.mktemp("shards"))  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def local_output(shards: Path, tmp_path_factory: pytest.TempPathFactory,
                 nlp_pipeline: Pipeline) -> Path:
    out = tmp_path_factory.mktemp("run") / "out"
    LocalEngine(workers=1).run(list_shards(str(shards)), out)
    return out


def test_list_shards_reads_directories_and_globs(shards: Path) -> None:
    assert [p.name for p in list_shards(str(shards))] == ["a.jsonl", "b.jsonl", "c.parquet"]
    assert [p.name for p in list_shards(str(shards / "*.parquet"))] == ["c.parquet"]
    with pytest.raises(UsageError, match="E501"):
        list_shards(str(shards / "*.nothing"))


def test_parquet_shard_rows_become_documents(shards: Path) -> None:
    items = list(read_shard(str(shards / "c.parquet")))
    assert [i.id for i in items] == ["m3", "m4"]
    assert isinstance(items[0], Document) and items[0].pub_date == "2024-06-20"
    assert items[1].source.endswith("c.parquet:2")


def test_parquet_shard_without_text_is_rejected(tmp_path: Path) -> None:
    pq.write_table(pa.table({"body": ["x"]}), tmp_path / "x.parquet")
    (item,) = read_shard(str(tmp_path / "x.parquet"))
    assert isinstance(item, Rejected) and item.code == "E105"


def test_warc_shards_are_read_like_the_other_inputs(tmp_path: Path) -> None:
    page = ("<html><body><article><p>Farmers blocked roads into Warsaw on Monday to protest "
            "against fuel taxes.</p></article></body></html>")
    corpus.write_warc(tmp_path / "crawl.warc.gz", "https://news.example/farmers", page)
    (shard,) = list_shards(str(tmp_path / "*.warc.gz"))
    (doc,) = read_shard(str(shard))
    assert isinstance(doc, Document) and doc.url == "https://news.example/farmers"
    assert doc.raw_html is not None and "Farmers blocked" in doc.raw_html


def test_output_holds_documents_events_and_rejections(local_output: Path) -> None:
    results = list(read_output(local_output))
    docs = {r.id: r for r in results if isinstance(r, Document)}
    assert set(docs) == {"m1", "m2", "m3", "m4"}
    assert sorted(r.code for r in results if isinstance(r, Rejected)) == ["E101", "E104"]
    events = read_parquet(local_output / "events")
    assert {doc_id for doc_id, _ in events} >= {"m1", "m2", "m3"}
    assert sum(len(d.events) for d in docs.values()) == len(events)


def test_documents_are_partitioned_by_earliest_event_date(local_output: Path) -> None:
    parts = {p.name for p in (local_output / "documents").iterdir()}
    assert "event_date=2024-05-14" in parts
    table = pq.read_table(local_output / "documents")
    by_id = dict(zip(table.column("doc_id").to_pylist(), table.column("event_date").to_pylist(),
                     strict=True))
    assert by_id["m1"] == "2024-05-14"
    assert by_id["m4"] == "unknown"  # no events, so no event date


def test_output_directory_must_be_new_or_empty(shards: Path, tmp_path: Path) -> None:
    (tmp_path / "old.txt").write_text("x")
    with pytest.raises(UsageError, match="E501"):
        LocalEngine().run(list_shards(str(shards)), tmp_path)


def test_two_processes_code_like_one(shards: Path, local_output: Path, tmp_path: Path) -> None:
    LocalEngine(workers=2).run(list_shards(str(shards)), tmp_path / "out")
    assert _records(tmp_path / "out") == _records(local_output)


def test_unknown_engine_and_bad_workers_are_usage_errors() -> None:
    with pytest.raises(UsageError, match="E502"):
        get_engine("spark")
    with pytest.raises(UsageError, match="E501"):
        get_engine("local", workers=0)
    with pytest.raises(UsageError, match="E501"):
        get_engine("local", address="auto")


def test_run_command_then_ingest_from_parquet(shards: Path, tmp_path: Path,
                                              nlp_pipeline: Pipeline) -> None:
    args = _parse(run_cmd, ["run", "--input", str(shards), "--output", str(tmp_path / "o")])
    assert args.func(args) == 1  # two records of the corpus are rejected
    db = tmp_path / "x.duckdb"
    args = _parse(ingest_cmd, ["ingest", "--from-parquet", str(tmp_path / "o"),
                               "--db", str(db)])
    assert args.func(args) == 1
    with Reader(db) as reader:
        assert reader.document("m2").document.events
        assert len(reader.rejected()) == 2


def test_ingest_takes_inputs_or_parquet_not_both(tmp_path: Path) -> None:
    args = _parse(ingest_cmd, ["ingest", "x.txt", "--from-parquet", str(tmp_path)])
    with pytest.raises(UsageError, match="E501"):
        args.func(args)


def _parse(module: Any, argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    module.register(parser.add_subparsers())
    return parser.parse_args(argv)


def _records(out: Path) -> list[dict[str, Any]]:
    """Every record of an output directory with its source, in a stable order."""
    return [{**r.to_dict(), "source": r.source} for r in read_output(out)]
