"""PLOVER JSONL and Parquet read back with nothing lost; CSV and the export entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from eventwire.errors import UsageError
from eventwire.export import export, plover
from eventwire.export.tabular import read_parquet
from eventwire.records import Document
from eventwire.store import EVENT_COLUMNS, EventFilter, Reader

MANUAL_REQUIRED = ("id", "date", "actor", "event")  # "Required? Y" in the PLOVER JSON table


def _all_events(docs: list[Document]) -> list[tuple[str, dict[str, object]]]:
    return [(d.id, ev.to_dict()) for d in sorted(docs, key=lambda d: d.id) for ev in d.events]


def test_plover_jsonl_round_trip(reader: Reader, docs: list[Document], tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    assert export(reader, "plover", output=path) == 7
    lines = path.read_text(encoding="utf-8").splitlines()
    back = [(doc_id, ev.to_dict()) for doc_id, ev in plover.read(lines)]
    assert back == _all_events(docs)


def test_plover_records_use_the_manual_fields(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    export(reader, "plover", EventFilter(type="CONSULT"), path)
    [rec] = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert all(rec[k] is not None for k in MANUAL_REQUIRED)
    assert rec["event"] == ["CONSULT"] and rec["date"] == "2024-05-06"
    assert rec["actor"][0] == {"code": "FRA", "sector": "GOV", "entity_text": "Anne Moreau",
                               "identifier_id": None, "identifier_text": "Anne Moreau"}
    assert rec["event_loc"]["resolution"] == 4  # the manual's numeric level: city
    assert rec["event_loc"]["country"] == "Switzerland"
    assert rec["quad_code"] == 1 and rec["event_scale"] == 4.0
    assert rec["text_info"]["sequence"] == 1 and isinstance(rec["event_text"], list)
    assert rec["cite_info"]["url"] == "https://news.example.org/geneva"
    assert rec["coder"].startswith("eventwire")


def test_parquet_round_trip_partitioned_by_event_date(
    reader: Reader, docs: list[Document], tmp_path: Path
) -> None:
    out = tmp_path / "parquet"
    assert export(reader, "parquet", output=out) == 7
    parts = sorted(p.name for p in out.iterdir())
    assert parts == ["event_date=2024-05-01", "event_date=2024-05-06", "event_date=2024-06-01",
                     "event_date=unknown"]
    back = [(doc_id, ev.to_dict()) for doc_id, ev in read_parquet(out)]
    assert back == _all_events(docs)


def test_parquet_refuses_a_non_empty_directory(reader: Reader, tmp_path: Path) -> None:
    (tmp_path / "old.parquet").write_bytes(b"x")
    with pytest.raises(UsageError):
        export(reader, "parquet", output=tmp_path)
    with pytest.raises(UsageError):
        export(reader, "parquet")  # no directory at all


def test_parquet_reads_in_pandas(reader: Reader, tmp_path: Path) -> None:
    import pandas as pd

    export(reader, "parquet", EventFilter(actor="KEN"), tmp_path / "pq")
    frame = pd.read_parquet(tmp_path / "pq")
    assert sorted(frame["event"]) == ["ASSAULT", "COERCE"]
    assert list(frame["actor"].iloc[0][0].keys())[:3] == ["entity_text", "name", "code"]


def test_csv_export_is_the_events_listing(reader: Reader, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    assert export(reader, "csv", EventFilter.parse(since="2024-06-01"), path) == 2
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    assert list(rows[0]) == [name for name, _ in EVENT_COLUMNS]
    assert {r["event"] for r in rows} == {"COERCE", "ASSAULT"}
    assert rows[0]["mode"] in ("arrest", "crowd-control")


def test_unknown_format_is_E502(reader: Reader) -> None:
    with pytest.raises(UsageError) as err:
        export(reader, "excel")
    assert err.value.code == "E502"
