"""``eventwire events --clusters`` and ``EventStore.clusters()``: one event across articles."""

from __future__ import annotations

import argparse
import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire import api
from eventwire.commands import events as events_command
from eventwire.errors import UsageError
from eventwire.records import Actor, Document, Event, EventPlace
from eventwire.store import EventFilter, Store
from eventwire.store.query import CLUSTER_COLUMNS, clusters_sql

# Team-written reports of one meeting by three outlets, and an unrelated protest.
WIRE = ("Fredonia's foreign minister met the Sylvanian foreign minister in Fredonia City on "
        "Tuesday to discuss the river border. Both said the talks were useful and agreed to "
        "meet again in the spring. Later the ministers met a second time over dinner.")
DAILY = ("Talks in Fredonia City: the two neighbours' top diplomats sat down on Tuesday for "
         "their first meeting in a year, with the disputed river high on the agenda.")
HERALD = ("Sylvania's envoy and Fredonia's foreign minister held a meeting in the capital on "
          "Tuesday, the herald's correspondent reports, as tension over water grows.")
PROTEST = ("Sylvanian students rejected Fredonia's proposal at a rally on Friday, demanding "
           "that the border commission be scrapped before any new talks begin.")


def _actor(code: str) -> Actor:
    return Actor(entity_text=code, name=code, code=code, sector="GOV")


def _event(eid: str, kind: str, actor: str, recipient: str, day: str) -> Event:
    place = EventPlace("the capital", "Fredonia City", 101, 1.0, 2.0, "FRE", "city")
    return Event(id=eid, event=kind, actor=[_actor(actor)], recipient=[_actor(recipient)],
                 event_text="met", start=0, end=3, sequence=1, date=day,
                 date_resolution="day", event_loc=place)


def _meeting(eid: str) -> Event:
    return _event(eid, "CONSULT", "FRE", "SYL", "2024-03-05")


def _doc(doc_id: str, text: str, site: str, events: list[Event]) -> Document:
    return Document(id=doc_id, text=text, site=site, source=f"{doc_id}.txt",
                    url=f"https://{site}/{doc_id}", pub_date="2024-03-05", events=events)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "clusters.duckdb"
    with Store(path) as store:
        store.write_batch([
            _doc("wire-1", WIRE, "wire.example", [_meeting("w-1"), _meeting("w-2")]),
            _doc("daily-1", DAILY, "daily.example", [_meeting("d-1")]),
            _doc("herald-1", HERALD, "herald.example", [_meeting("h-1")]),
            _doc("protest-1", PROTEST, "wire.example",
                 [_event("p-1", "REJECT", "SYL", "FRE", "2024-03-01")]),
        ])
        # A syndicated copy whose id sorts first: counted as a copy, never the example.
        store.write(_doc("0-copy", WIRE, "copies.example", [_meeting("c-1")]))
    return path


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="eventwire")
    events_command.register(parser.add_subparsers())
    args = parser.parse_args(argv)
    code = int(args.func(args))
    return code, capsys.readouterr().out


def _jsonl(db: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, object]]:
    code, out = _run(["events", "--clusters", "--db", str(db), "--format", "jsonl", *extra],
                     capsys)
    assert code == 0
    return [json.loads(line) for line in out.splitlines()]


def test_clusters_table_most_articles_first(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["events", "--clusters", "--db", str(db)], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0].split() == ["EVENT", "ACTOR", "RECIPIENT", "DATE", "PLACE", "MENTIONS",
                                "ARTICLES", "SOURCES", "EXAMPLE"]
    # The meeting is later than the protest but reported by more articles, so it leads.
    assert lines[1].split() == ["CONSULT", "FRE", "SYL", "2024-03-05", "Fredonia", "City",
                                "4", "3", "3", "daily-1"]
    assert lines[2].split()[:4] == ["REJECT", "SYL", "FRE", "2024-03-01"]
    assert lines[-1] == "(2 clusters)"


def test_clusters_jsonl_counts_originals_and_names_copies(
        db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    meeting, protest = _jsonl(db, capsys)
    assert meeting == {
        "event": "CONSULT", "actor": ["FRE"], "recipient": ["SYL"], "date": "2024-03-05",
        "place": "Fredonia City", "mentions": 4, "articles": 3, "sources": 3, "copies": 1,
        "example_doc": "daily-1", "doc_ids": ["0-copy", "daily-1", "herald-1", "wire-1"],
    }
    assert (protest["articles"], protest["mentions"], protest["copies"]) == (1, 1, 0)


def test_clusters_csv_has_every_column(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, out = _run(["events", "--clusters", "--db", str(db), "--format", "csv"], capsys)
    reader = csv.DictReader(io.StringIO(out))
    assert reader.fieldnames == [name for name, _ in CLUSTER_COLUMNS]
    first = next(reader)
    assert first["doc_ids"] == "0-copy;daily-1;herald-1;wire-1" and first["sources"] == "3"


@pytest.mark.parametrize("extra,events", [
    (["--type", "reject"], ["REJECT"]),
    (["--actor", "FRE"], ["CONSULT"]),
    (["--recipient", "fre"], ["REJECT"]),
    (["--since", "2024-03-02"], ["CONSULT"]),
    (["--until", "2024-03"], ["CONSULT", "REJECT"]),
    (["--until", "2024-03-04"], ["REJECT"]),
    (["--limit", "1"], ["CONSULT"]),
    (["--type", "AID"], []),
])
def test_event_filters_apply_to_clusters(db: Path, capsys: pytest.CaptureFixture[str],
                                         extra: list[str], events: list[str]) -> None:
    assert [row["event"] for row in _jsonl(db, capsys, *extra)] == events


def test_bad_filter_is_a_usage_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(UsageError, match="E501"):
        _run(["events", "--clusters", "--db", str(db), "--type", "MEETING"], capsys)
    with pytest.raises(UsageError, match="E501"):
        clusters_sql(EventFilter(doc_id="wire-1"))


def test_api_clusters_frame(db: Path) -> None:
    with api.open(db) as store:
        frame = store.clusters()
        consult = store.clusters(type="CONSULT", output="arrow")
        none = store.clusters(since="2025")
    assert list(frame.columns) == [name for name, _ in CLUSTER_COLUMNS]
    assert frame["event"].tolist() == ["CONSULT", "REJECT"]
    assert frame["articles"].tolist() == [3, 1] and frame["sources"].tolist() == [3, 1]
    assert consult.num_rows == 1 and consult.column("example_doc").to_pylist() == ["daily-1"]
    assert len(none) == 0


# --- coded by the real pipeline ------------------------------------------------------------

REPORTS = [
    ("a", "https://wire.example/a", "France's foreign minister met Brazil's foreign minister in "
     "Geneva on Tuesday to discuss trade, officials said. The two ministers agreed to meet "
     "again in the autumn."),
    ("b", "https://daily.example/b", "The French foreign minister held talks with his "
     "Brazilian counterpart in Geneva on Tuesday. The meeting focused on a trade agreement "
     "between the two countries, a spokesman said."),
    ("c", "https://herald.example/c", "In Geneva on Tuesday, France's top diplomat met "
     "Brazil's foreign minister. Reporters were told the pair discussed climate finance and "
     "trade."),
]


def test_ingested_reports_of_one_meeting_form_one_cluster(
        ingest_reports: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    db = ingest_reports(REPORTS, "2024-03-06", "z")
    [meeting] = _jsonl(db, capsys, "--type", "CONSULT")
    assert (meeting["actor"], meeting["recipient"], meeting["date"]) == (["FRA"], ["BRA"],
                                                                         "2024-03-05")
    assert meeting["place"] == "Geneva"
    assert (meeting["articles"], meeting["sources"], meeting["copies"]) == (3, 3, 1)
    assert meeting["example_doc"] == "a"
