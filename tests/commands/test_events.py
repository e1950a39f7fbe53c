"""``eventwire events``, ``show`` and ``export`` in-process over a hand-built store."""

from __future__ import annotations

import argparse
import csv
import io
import json
from pathlib import Path

import pytest

from eventwire.commands import events as events_command
from eventwire.commands import export as export_command
from eventwire.errors import StoreError, UsageError
from eventwire.records import Document
from eventwire.store import Store

SAMPLES = Path(__file__).resolve().parents[1] / "store" / "sample_documents.json"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "cmd.duckdb"
    with Store(path) as store:
        for record in json.loads(SAMPLES.read_text(encoding="utf-8")):
            store.write(Document.from_dict(record))
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    parser = argparse.ArgumentParser(prog="eventwire")
    sub = parser.add_subparsers()
    events_command.register(sub)
    export_command.register(sub)
    args = parser.parse_args(argv)
    code = int(args.func(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_events_table(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["events", "--db", str(db), "--actor", "FRA"], capsys)
    lines = out.splitlines()
    assert code == 0 and lines[0].split()[:4] == ["DATE", "EVENT", "ACTOR", "RECIPIENT"]
    assert lines[-1] == "(3 events)"
    assert any("CONSULT" in line and "FRA" in line and "Geneva" in line for line in lines)


def test_events_csv_and_jsonl(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["events", "--db", str(db), "--type", "coerce", "--format", "csv"], capsys)
    [row] = list(csv.DictReader(io.StringIO(out)))
    assert row["event"] == "COERCE" and row["actor"] == "KEN" and row["recipient"] == "KEN"
    _, out, _ = _run(["events", "--db", str(db), "--recipient", "BRA", "--format", "jsonl",
                      "--limit", "2"], capsys)
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == 2 and all(r["recipient"] == ["BRA"] for r in rows)
    assert rows[0]["pub_date"] == "2024-05-07"


def test_events_date_range(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = _run(["events", "--db", str(db), "--since", "2024-06", "--until", "2024-06-30",
                      "--format", "jsonl"], capsys)
    assert {json.loads(line)["event"] for line in out.splitlines()} == {"COERCE", "ASSAULT"}


def test_bad_filter_is_E501(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError) as err:
        _run(["events", "--db", str(db), "--since", "last week"], capsys)
    assert err.value.code == "E501"


def test_show_text_and_json(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["show", "geneva-talks", "--db", str(db)], capsys)
    assert code == 0 and out.startswith("geneva-talks  Ministers meet in Geneva")
    assert "events (5):" in out and "CONSULT" in out and "Anne Moreau (FRA/GOV)" in out
    assert "flag place_conflict" in out and "Anne Moreau (said)" in out
    _, out, _ = _run(["show", "nairobi-arrests", "--db", str(db), "--format", "json"], capsys)
    record = json.loads(out)
    assert record["id"] == "nairobi-arrests" and len(record["events"]) == 2


def test_show_unknown_id_is_E403(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError) as err:
        _run(["show", "nope", "--db", str(db)], capsys)
    assert err.value.code == "E403"


def test_missing_store_is_E401(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(StoreError) as err:
        _run(["events", "--db", str(tmp_path / "none.duckdb")], capsys)
    assert err.value.code == "E401"


def test_export_command(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["export", "--db", str(db), "--format", "gdelt-events", "--fips",
                         "--type", "CONSULT"], capsys)
    [line] = out.splitlines()
    cells = line.split("\t")
    assert code == 0 and len(cells) == 61 and cells[53] == "SZ"  # ActionGeo_CountryCode
    target = tmp_path / "plover.jsonl"
    code, _, err = _run(["export", "--db", str(db), "--format", "plover", "-o", str(target)],
                        capsys)
    assert code == 0 and "wrote 7 plover rows" in err
    assert len(target.read_text(encoding="utf-8").splitlines()) == 7
