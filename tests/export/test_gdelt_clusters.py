"""GDELT exports of one event reported by several articles: one event row per cluster with
the cluster's counts, one mention row per original report (syndicated copies left out)."""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest

from eventwire.commands import export as export_command
from eventwire.export import export
from eventwire.export.gdelt import EVENT_COLUMNS, MENTION_COLUMNS
from eventwire.records import Actor, Document, Event, EventPlace, Tone
from eventwire.store import EventFilter, Reader, Store
from eventwire.store.query import clusters_relation

# Team-written reports of one meeting of two ministers, by three outlets, written in this
# order (the herald first, so the first report is not the first document id).
HERALD = ("Lakeland's foreign minister and Ostmark's foreign minister met in Port Ellis on "
          "Monday, the herald's correspondent reports, as a fishing dispute drags on.")
AGENCY = ("Ostmark's foreign minister held talks with her Lakeland counterpart in Port Ellis "
          "on Monday. The two ministers met again in the evening to draft a statement.")
BULLETIN = ("Port Ellis hosted a meeting of the Ostmark and Lakeland foreign ministers on "
            "Monday, the bulletin said, with quotas for the lake's fish on the table.")
CALM = "Lakeland's parliament approved the new budget on Tuesday after a short debate."


def _actor(code: str, name: str) -> Actor:
    return Actor(entity_text=name, name=name, code=code, sector="GOV")


def _meeting(eid: str, text: str, first: str) -> Event:
    """A reciprocal meeting (two actors, no recipient); ``first`` names the actor listed
    first, as each outlet lists them its own way."""
    lake, ost = _actor("LAK", "Lakeland minister"), _actor("OST", "Ostmark minister")
    actors = [lake, ost] if first == "LAK" else [ost, lake]
    place = EventPlace("Port Ellis", "Port Ellis", 4242, 10.0, 20.0, "LAK", "city")
    start = text.index("met") if "met" in text else 0
    return Event(id=eid, event="CONSULT", actor=actors, recipient=[], event_text=text[:40],
                 start=start, end=start + 3, sequence=1, date="2024-04-01",
                 date_resolution="day", event_loc=place, confidence=0.8)


def _doc(doc_id: str, text: str, site: str, tone: float, events: list[Event]) -> Document:
    return Document(id=doc_id, text=text, site=site, source=f"{doc_id}.txt",
                    url=f"https://{site}/{doc_id}", pub_date="2024-04-01", events=events,
                    tone=Tone(tone=tone))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "gdelt-clusters.duckdb"
    with Store(path) as store:
        store.write(_doc("z-herald", HERALD, "herald.example", -2.0,
                         [_meeting("h-1", HERALD, "LAK")]))
        agency_again = _meeting("a-2", AGENCY, "OST")
        agency_again.sequence = 2
        store.write(_doc("a-agency", AGENCY, "agency.example", 1.0,
                         [_meeting("a-1", AGENCY, "OST"), agency_again]))
        store.write(_doc("m-bulletin", BULLETIN, "bulletin.example", 4.0,
                         [_meeting("b-1", BULLETIN, "OST")]))
        # A syndicated copy of the agency story: linked to it, counted nowhere.
        store.write(_doc("c-copy", AGENCY, "copies.example", 9.0,
                         [_meeting("c-1", AGENCY, "OST")]))
        budget = Event(id="p-1", event="AGREE", actor=[_actor("LAK", "Lakeland parliament")],
                       recipient=[], event_text=CALM, start=0, end=10, sequence=1,
                       date="2024-04-02", date_resolution="day")
        store.write(_doc("p-parliament", CALM, "herald.example", 0.5, [budget]))
    return path


def _table(db: Path, fmt: str, flt: EventFilter | None = None) -> list[dict[str, str]]:
    out = db.with_suffix(f".{fmt}.tsv")
    with Reader(db) as reader:
        n = export(reader, fmt, flt, out, header=True)
    lines = out.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    assert header == list(EVENT_COLUMNS if fmt == "gdelt-events" else MENTION_COLUMNS)
    assert n == len(lines) - 1
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_one_event_row_per_cluster_pair_with_the_cluster_counts(db: Path) -> None:
    rows = _table(db, "gdelt-events")
    meeting = [r for r in rows if r["EventCode"] == "040"]
    # A reciprocal meeting is two pairs (LAK->OST, OST->LAK), each one GDELT event.
    assert sorted((r["Actor1Code"], r["Actor2Code"]) for r in meeting) == [
        ("LAKGOV", "OSTGOV"), ("OSTGOV", "LAKGOV")]
    for row in meeting:
        # 4 mentions (the agency twice) in 3 articles from 3 outlets; the copy is not counted
        assert (row["NumMentions"], row["NumSources"], row["NumArticles"]) == ("4", "3", "3")
        assert row["AvgTone"] == "1.0"  # mean of the articles' tones -2, 1 and 4 (not the copy)
        assert row["SOURCEURL"] == "https://herald.example/z-herald"  # the first stored report
    [budget] = [r for r in rows if r["Actor1Code"] == "LAKGOV" and r["Actor2Code"] == ""]
    assert (budget["NumMentions"], budget["NumSources"], budget["NumArticles"]) == ("1", "1", "1")
    assert budget["AvgTone"] == "0.5"
    assert len(rows) == 3


def test_counts_agree_with_the_clusters_listing(db: Path) -> None:
    with Reader(db) as reader:
        listing = clusters_relation(reader.con).fetchall()
    counts = {(str(m), str(s), str(a)) for *_, m, a, s, _c, _x, _d in listing}
    rows = _table(db, "gdelt-events")
    assert {(r["NumMentions"], r["NumSources"], r["NumArticles"]) for r in rows} == counts


def test_mentions_list_every_original_report_under_its_event(db: Path) -> None:
    events = _table(db, "gdelt-events")
    mentions = _table(db, "gdelt-mentions")
    by_event = Counter(m["GLOBALEVENTID"] for m in mentions)
    # every event row has as many mention rows as it counts mentions, and no mention is orphan
    assert by_event == {e["GLOBALEVENTID"]: int(e["NumMentions"]) for e in events}
    meeting_ids = {e["GLOBALEVENTID"] for e in events if e["EventCode"] == "040"}
    meeting_mentions = [m for m in mentions if m["GLOBALEVENTID"] in meeting_ids]
    assert sorted({m["MentionIdentifier"] for m in meeting_mentions}) == [
        "https://agency.example/a-agency", "https://bulletin.example/m-bulletin",
        "https://herald.example/z-herald"]
    assert all("copies.example" not in m["MentionIdentifier"] for m in mentions)
    agency = [m for m in meeting_mentions if m["MentionSourceName"] == "agency.example"]
    assert sorted(m["SentenceID"] for m in agency) == ["1", "1", "2", "2"]  # 2 reports x 2 pairs
    assert {m["MentionDocTone"] for m in agency} == {"1.0"}  # each mention keeps its own tone


def test_mention_pairs_point_at_the_event_row_of_the_same_codes(db: Path) -> None:
    events = {e["GLOBALEVENTID"]: e for e in _table(db, "gdelt-events")}
    bulletin = [m for m in _table(db, "gdelt-mentions")
                if m["MentionSourceName"] == "bulletin.example"]
    # The first report lists Lakeland first, the bulletin Ostmark: the bulletin's pairs
    # (OST->LAK, LAK->OST) are matched to the event rows by their codes, not their position.
    assert [events[m["GLOBALEVENTID"]]["Actor1Code"] for m in bulletin] == ["OSTGOV", "LAKGOV"]


def test_event_time_is_the_first_report_for_every_mention(db: Path) -> None:
    events = {e["GLOBALEVENTID"]: e for e in _table(db, "gdelt-events")}
    for mention in _table(db, "gdelt-mentions"):
        assert mention["EventTimeDate"] == events[mention["GLOBALEVENTID"]]["DATEADDED"]


@pytest.mark.parametrize("flt,codes", [
    (EventFilter(type="AGREE"), {"030"}),
    (EventFilter.parse(since="2024-04-02"), {"030"}),
    (EventFilter(actor="OST"), {"040"}),
    (EventFilter(doc_id="m-bulletin"), {"040"}),
])
def test_filters_select_whole_clusters(db: Path, flt: EventFilter, codes: set[str]) -> None:
    events = _table(db, "gdelt-events", flt)
    assert {e["EventCode"] for e in events} == codes
    mentions = _table(db, "gdelt-mentions", flt)
    assert {m["GLOBALEVENTID"] for m in mentions} == {e["GLOBALEVENTID"] for e in events}
    if flt.doc_id:  # a document's clusters come with every report of them, not its own only
        assert len({m["MentionIdentifier"] for m in mentions}) == 3


def test_avg_tone_skips_articles_without_tone(tmp_path: Path) -> None:
    path = tmp_path / "tone.duckdb"
    with Store(path) as store:
        store.write(_doc("t-1", HERALD, "herald.example", 3.0, [_meeting("h-1", HERALD, "LAK")]))
        untoned = _doc("t-2", BULLETIN, "bulletin.example", 0.0,
                       [_meeting("b-1", BULLETIN, "OST")])
        untoned.tone = None  # the tone stage did not run: no 0 to pull the mean down
        store.write(untoned)
    rows = _table(path, "gdelt-events")
    assert [(r["NumArticles"], r["AvgTone"]) for r in rows] == [("2", "3.0"), ("2", "3.0")]


# --- coded by the real pipeline, exported by the command --------------------------------------

REPORTS = [
    ("r1", "https://wire.example/r1", "Japan's foreign minister met Kenya's foreign minister in "
     "Nairobi on Thursday to discuss a port loan, officials said. The two ministers agreed to "
     "meet again next year."),
    ("r2", "https://daily.example/r2", "The Japanese foreign minister held talks with his Kenyan "
     "counterpart in Nairobi on Thursday. The meeting focused on financing for the port, a "
     "spokesman said."),
    ("r3", "https://herald.example/r3", "In Nairobi on Thursday, Japan's top diplomat met "
     "Kenya's foreign minister. Reporters were told the pair discussed the port and fisheries."),
]


def _export(db: Path, fmt: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, str]]:
    parser = argparse.ArgumentParser(prog="eventwire")
    export_command.register(parser.add_subparsers())
    args = parser.parse_args(["export", "--db", str(db), "--format", fmt, "--header",
                              "--type", "CONSULT"])
    assert int(args.func(args)) == 0
    lines = capsys.readouterr().out.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_ingested_reports_export_as_one_gdelt_event(
        ingest_reports: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    db = ingest_reports(REPORTS, "2024-03-08", "r9")
    [event] = [e for e in _export(db, "gdelt-events", capsys)
               if (e["Actor1CountryCode"], e["Actor2CountryCode"]) == ("JPN", "KEN")]
    assert (event["NumMentions"], event["NumSources"], event["NumArticles"]) == ("3", "3", "3")
    mentions = [m for m in _export(db, "gdelt-mentions", capsys)
                if m["GLOBALEVENTID"] == event["GLOBALEVENTID"]]
    assert sorted(m["MentionIdentifier"] for m in mentions) == [
        "https://daily.example/r2", "https://herald.example/r3", "https://wire.example/r1"]
