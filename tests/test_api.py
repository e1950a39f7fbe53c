"""The Python API: eventwire.code() and eventwire.open(...).events() as DataFrame/Arrow."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pytest

import eventwire
from eventwire import api
from eventwire.errors import EventwireError, UsageError
from eventwire.pipeline import Pipeline
from eventwire.records import Document, Rejected
from eventwire.store import Store

SAMPLES = Path(__file__).parent / "store" / "sample_documents.json"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "api.duckdb"
    with Store(path) as store:
        for record in json.loads(SAMPLES.read_text(encoding="utf-8")):
            store.write(Document.from_dict(record))
        store.write(Rejected("x", "x.bin", "read", "E102", "binary content"))
    return path


def test_top_level_names_are_the_api() -> None:
    assert eventwire.code is api.code
    assert eventwire.open is api.open
    with pytest.raises(AttributeError):
        _ = eventwire.no_such_thing  # type: ignore[attr-defined]


def test_events_as_pandas(db: Path) -> None:
    with eventwire.open(db) as store:
        frame = store.events(actor="fra", since="2024-05")
    assert sorted(frame["event"]) == ["AID", "CONSULT", "REQUEST"]
    assert list(frame.columns[:5]) == ["doc_id", "event_id", "date", "date_resolution", "event"]
    consult = frame[frame["event"] == "CONSULT"].iloc[0]
    assert list(consult["recipient"]) == ["BRA"] and consult["location"] == "Geneva"


def test_events_as_arrow(db: Path) -> None:
    with eventwire.open(db) as store:
        table = store.events(type="ASSAULT", output="arrow")
    assert isinstance(table, pa.Table) and table.num_rows == 1
    assert table.column("actor").to_pylist() == [["KEN"]]


def test_polars_without_polars_is_a_usage_error(db: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "polars", None)  # import polars -> ImportError
    with eventwire.open(db) as store, pytest.raises(UsageError, match="pip install polars"):
        store.events(output="polars")


def test_bad_arguments_are_usage_errors(db: Path) -> None:
    with eventwire.open(db) as store:
        with pytest.raises(UsageError):
            store.events(type="MEETING")
        with pytest.raises(UsageError):
            store.events(output="excel")


def test_documents_and_rejections(db: Path) -> None:
    with eventwire.open(db) as store:
        assert [d.id for d in store.documents()] == ["geneva-talks", "nairobi-arrests"]
        assert store.document("nairobi-arrests").events[0].event == "COERCE"
        assert [r.code for r in store.rejected()] == ["E102"]


def test_code_runs_the_pipeline(nlp_pipeline: Pipeline) -> None:
    text = ("Ministers meet in Lisbon\n\nPortugal's prime minister met the president of Ghana "
            "in Lisbon on Tuesday, officials said.\n")
    doc = eventwire.code(text, pub_date="2024-02-06")
    assert isinstance(doc, Document)
    assert doc.pub_date == "2024-02-06" and "Ghana" in doc.text and doc.id
    for item in (*doc.entities, *doc.places, *doc.dates, *doc.quotes):
        assert doc.text[item.start:item.end] == item.text
    assert doc.done == set(nlp_pipeline.names)  # every stage ran


def test_code_errors_are_coded(nlp_pipeline: Pipeline) -> None:
    with pytest.raises(EventwireError) as err:
        eventwire.code("   ")
    assert err.value.code.startswith(("E1", "E2"))
    with pytest.raises(UsageError):
        eventwire.code("Some text.", pub_date="2 March")


def test_export_from_the_api(db: Path, tmp_path: Path) -> None:
    from eventwire.export.tabular import read_parquet

    with eventwire.open(db) as store:
        assert store.export("parquet", tmp_path / "pq", actor="KEN") == 2
        assert store.export("phoenix", tmp_path / "p.tsv", type="CONSULT", header=True) == 1
        with pytest.raises(UsageError):
            store.export("csv", tmp_path / "x.csv", country="KEN")  # not a filter
    assert [ev.event for _, ev in read_parquet(tmp_path / "pq")] == ["COERCE", "ASSAULT"]
    assert (tmp_path / "p.tsv").read_text(encoding="utf-8").startswith("EventID\tDate")
