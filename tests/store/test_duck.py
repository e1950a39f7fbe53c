"""The DuckDB store: round trip, replace on re-ingest, filters, rejections, crash safety."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import StoreError, UsageError
from eventwire.records import Document, Rejected
from eventwire.store import EventFilter, Reader, Store, content_id
from eventwire.store.rows import period
from eventwire.store.schema import SCHEMA_VERSION


def test_document_round_trips_through_the_store(store: Store, docs: list[Document]) -> None:
    reader = store.reader()
    for doc in docs:
        back = reader.document(doc.id)
        assert back.document.to_dict() == doc.to_dict()
        assert back.source == doc.source
    assert reader.document("geneva-talks").document.author == "A. Writer"


def test_counts_cover_every_table(store: Store) -> None:
    counts = store.reader().counts()
    assert counts == {
        "documents": 2, "entities": 9, "events": 7, "places": 3, "dates": 3, "quotes": 1,
        "flags": 1, "rejected": 0,
    }


def test_reingest_replaces_instead_of_duplicating(store: Store, docs: list[Document]) -> None:
    docs[0].events = docs[0].events[:2]
    docs[0].title = "Second coding"
    store.write(docs[0])
    reader = store.reader()
    assert reader.counts()["documents"] == 2
    assert reader.counts()["events"] == 4
    assert reader.document("geneva-talks").document.title == "Second coding"


def test_document_without_id_gets_a_content_id(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        doc_id = s.write(Document(text="A short body."))
        assert doc_id == content_id("A short body.")
        assert s.reader().document(doc_id).document.id == doc_id


def test_missing_document_is_E403(store: Store) -> None:
    with pytest.raises(StoreError) as err:
        store.reader().document("nope")
    assert err.value.code == "E403"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ({}, 7),
        ({"actor": "fra"}, 3),
        ({"actor": "FRA", "recipient": "BRA"}, 3),
        ({"recipient": "FRA"}, 1),
        ({"type": "consult"}, 1),
        ({"actor": "KEN", "type": "ASSAULT"}, 1),
        ({"since": "2024-06-15"}, 2),  # the June events (month resolution) overlap
        ({"until": "2024-05-31"}, 4),  # Geneva events with a date; the undated one drops out
        ({"since": "2024-05", "until": "2024-05"}, 4),
        ({"actor": "UNO"}, 1),
    ],
)
def test_event_filters(store: Store, raw: dict[str, str], expected: int) -> None:
    assert len(store.reader().events(EventFilter.parse(**raw))) == expected


def test_events_are_ordered_by_date_with_undated_last(store: Store) -> None:
    rows = store.reader().events()
    assert [r["event_id"] for r in rows][:2] == ["ev-geneva-3", "ev-geneva-1"]
    assert rows[-1]["date"] is None
    consult = next(r for r in rows if r["event"] == "CONSULT")
    assert consult["actor"] == ["FRA"] and consult["recipient"] == ["BRA"]
    assert consult["geonameid"] == 2660646 and consult["country"] == "CHE"
    assert consult["pub_date"] == date(2024, 5, 7)


def test_limit(store: Store) -> None:
    assert len(store.reader().events(limit=2)) == 2
    with pytest.raises(UsageError):
        store.reader().events(limit=-1)


@pytest.mark.parametrize(
    "raw", [{"actor": "Russia"}, {"type": "MEET"}, {"since": "March 2"}, {"until": "2024-13"}]
)
def test_bad_filter_values_are_usage_errors(raw: dict[str, str]) -> None:
    with pytest.raises(UsageError) as err:
        EventFilter.parse(**raw)
    assert err.value.code == "E501"


def test_filter_values_are_parameters_not_sql(store: Store) -> None:
    # a value that would break string-built SQL is just a document id that does not exist
    flt = EventFilter(doc_id="x' OR '1'='1")
    assert store.reader().events(flt) == []
    assert store.reader().counts()["events"] == 7


def test_rejections_are_stored_and_cleared_when_the_document_succeeds(
    store: Store, docs: list[Document]
) -> None:
    store.write(Rejected("geneva-talks", "geneva.txt", "extract", "E202", "only boilerplate"))
    store.write(Rejected("bad", "bad.bin", "read", "E102", "binary content"))
    store.write(Rejected("bad", "bad.bin", "read", "E102", "binary content"))
    assert [r.id for r in store.reader().rejected()] == ["geneva-talks", "bad"]
    store.write(docs[0])
    assert [r.code for r in store.reader().rejected()] == ["E102"]


def test_event_records_group_events_with_their_document(store: Store) -> None:
    pairs = list(store.reader().event_records(EventFilter(actor="KEN")))
    assert [ev.id for _, ev in pairs] == ["ev-nairobi-1", "ev-nairobi-2"]
    assert pairs[0][0] is pairs[1][0]  # the document is read once
    assert pairs[0][0].document.text.startswith("Police in Nairobi")


def test_read_only_reader_in_another_connection(tmp_path: Path, docs: list[Document]) -> None:
    path = tmp_path / "s.duckdb"
    with Store(path) as s:
        s.write_all(docs)
    with Reader(path) as reader:
        assert reader.schema_version() == SCHEMA_VERSION
        assert len(reader.events()) == 7
        with pytest.raises(duckdb.Error):  # read-only: no writes through a reader
            reader.con.execute("DELETE FROM events")


def test_reader_on_a_missing_file_is_E401(tmp_path: Path) -> None:
    with pytest.raises(StoreError) as err:
        Reader(tmp_path / "none.duckdb")
    assert err.value.code == "E401"


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    Store(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer"):
        Store(path)


def test_committed_documents_survive_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    script = (
        "import os, sys\n"
        "from eventwire.records import Document\n"
        "from eventwire.store import Store\n"
        "s = Store(sys.argv[1])\n"
        "s.write(Document(id='kept', text='Committed before the crash.'))\n"
        "s.con.execute('BEGIN TRANSACTION')\n"
        "s.con.execute(\"INSERT INTO documents (id, doc_json, ingested_at) "
        "VALUES ('lost', '{}', now())\")\n"
        "os._exit(9)\n"
    )
    proc = subprocess.run([sys.executable, "-c", script, str(path)], check=False)
    assert proc.returncode == 9
    with Reader(path) as reader:
        assert reader.document("kept").document.text == "Committed before the crash."
        assert reader.counts()["documents"] == 1


@settings(max_examples=60, deadline=None)
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)))
def test_period_covers_its_day_month_and_year(day: date) -> None:
    assert period(day.isoformat()) == (day, day)
    start, end = period(day.isoformat()[:7])
    assert start is not None and end is not None and start <= day <= end
    assert period(str(day.year)) == (date(day.year, 1, 1), date(day.year, 12, 31))


def test_period_of_nonsense_is_empty() -> None:
    assert period("2023-02-30") == (None, None)
    assert period("PRESENT_REF") == (None, None)
    assert period(None) == (None, None)


def _unstorable(doc: Document) -> Document:
    doc.places[0].geonameid = 2**70  # does not fit BIGINT: DuckDB refuses the row
    return doc


def test_a_failed_batch_writes_nothing(tmp_path: Path, docs: list[Document]) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        with pytest.raises(StoreError) as err:
            s.write_batch([docs[1], _unstorable(docs[0])])
        assert err.value.code == "E402"
        assert s.reader().counts()["documents"] == 0
        s.write(docs[1])  # the store is usable after the rollback
        assert s.reader().counts()["documents"] == 1


def test_batches_and_duplicates_in_one_batch(tmp_path: Path, docs: list[Document]) -> None:
    with Store(tmp_path / "s.duckdb") as s:
        assert s.write_all([docs[0], docs[1], docs[0]], batch_size=2) == (3, 0)
        assert s.reader().counts()["documents"] == 2
        assert s.reader().counts()["events"] == 7


def test_a_store_being_written_by_another_process_is_E401_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    script = "import sys\nfrom eventwire.store import Reader\nReader(sys.argv[1])\n"
    with Store(path):
        proc = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True,
                              text=True, check=False)
    assert proc.returncode != 0
    assert "E401" in proc.stderr and "another process" in proc.stderr
