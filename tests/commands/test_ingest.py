"""``eventwire ingest``: code, store, summarise, exit 1 on rejections, no duplicates."""

from __future__ import annotations

import argparse
import io
from collections.abc import Sequence
from pathlib import Path

import pytest

from eventwire.commands import ingest as ingest_command
from eventwire.pipeline import Pipeline
from eventwire.records import Document, Place, Rejected
from eventwire.settings import get_settings
from eventwire.store import Reader, Store
from eventwire.store.ingest import store_results

ARTICLE = (
    "Talks in Vienna\n\n"
    "Austrian Chancellor Karl Nehammer met Czech Prime Minister Petr Fiala in Vienna on "
    "Wednesday to discuss energy supplies.\n"
)


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="eventwire")
    ingest_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    return int(args.func(args))


def test_store_results_counts_and_reports() -> None:
    log = io.StringIO()
    results = [
        Document(id="a", text="One."),
        Rejected("b", "b.txt", "read", "E101", "empty document"),
        Document(id="c", text="Two."),
        Rejected("d", "d.txt", "read", "E104", "malformed JSONL line"),
    ]
    with Store(":memory:") as store:
        summary = store_results(results, store, log)
        assert store.reader().counts()["documents"] == 2
    assert (summary.stored, summary.n_rejected) == (2, 2)
    assert summary.line() == (
        "stored 2 documents (0 events) in :memory:; rejected 2 (E101 1, E104 1)")
    assert "rejected b.txt: E101: empty document (stage read)" in log.getvalue()


def test_ingest_end_to_end(nlp_pipeline: Pipeline, tmp_path: Path,
                           capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "vienna.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    db = tmp_path / "store.duckdb"
    argv = ["ingest", str(tmp_path / "in"), "--db", str(db), "--pub-date", "2024-03-13"]
    assert _run(argv) == 1
    err = capsys.readouterr().err
    assert "stored 1 document (" in err and "rejected 1 (E101 1)" in err
    assert _run(argv) == 1  # again: replaced, not duplicated
    with Reader(db) as reader:
        counts = reader.counts()
        assert counts["documents"] == 1 and counts["rejected"] == 1
        [stored] = list(reader.documents())
        doc = stored.document
        assert doc.pub_date == "2024-03-13" and stored.source.endswith("vienna.txt")
        assert "Nehammer" in doc.text and doc.entities
        assert len(reader.events()) == len(doc.events)
        assert [r.code for r in reader.rejected()] == ["E101"]


def test_bad_pub_date_is_a_usage_error(tmp_path: Path) -> None:
    from eventwire.errors import UsageError

    with pytest.raises(UsageError):
        _run(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--pub-date", "May"])


class _CountingStore(Store):
    """A store that records the size of each transaction it is asked to write."""

    def __init__(self) -> None:
        super().__init__(":memory:")
        self.transactions: list[int] = []

    def write_batch(self, items: Sequence[Document | Rejected]) -> list[str]:
        self.transactions.append(len(items))
        return super().write_batch(items)


def test_results_are_committed_commit_size_at_a_time() -> None:
    docs = [Document(id=f"d{i}", text=f"Text {i}.") for i in range(10)]
    with _CountingStore() as store:
        summary = store_results(docs, store, commit_size=4)
        assert store.transactions == [4, 4, 2]
        assert summary.stored == 10


def test_commit_size_defaults_to_its_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_COMMIT_SIZE", "3")
    get_settings.cache_clear()
    try:
        with _CountingStore() as store:
            store_results([Document(id=f"d{i}", text="Text.") for i in range(7)], store)
            assert store.transactions == [3, 3, 1]
    finally:
        monkeypatch.delenv("EVENTWIRE_COMMIT_SIZE")
        get_settings.cache_clear()


@pytest.mark.parametrize("flag", ["--batch-size", "--commit-size"])
def test_a_size_below_one_is_a_usage_error(tmp_path: Path, flag: str) -> None:
    from eventwire.errors import UsageError

    with pytest.raises(UsageError, match=flag):
        _run(["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), flag, "0"])


def test_a_document_the_store_refuses_becomes_a_rejection() -> None:
    # a GeoNames id that does not fit the store's BIGINT column
    bad = Document(id="bad", text="Too far.", places=[Place("X", 0, 1, geonameid=2**70)])
    good = [Document(id=f"g{i}", text="Fine.") for i in range(3)]
    with Store(":memory:") as store:
        summary = store_results([good[0], bad, good[1], good[2]], store, commit_size=2)
        reader = store.reader()
        assert reader.counts()["documents"] == 3
        [rej] = reader.rejected()
    assert (rej.id, rej.stage, rej.code) == ("bad", "store", "E402")
    assert summary.stored == 3 and summary.rejected == {"E402": 1}
