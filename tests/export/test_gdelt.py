"""GDELT 2.0 events and mentions: the codebook's columns in order, and the values in them."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.export import export, gdelt
from eventwire.export.codes import dyads
from eventwire.records import Actor, Event
from eventwire.store import EventFilter, Reader

# Written from the GDELT 2.0 Event Database codebook (field order of the export files).
CODEBOOK_EVENT_COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
]
# Written from the GDELT 2.0 Mentions table codebook.
CODEBOOK_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]


def _table(reader: Reader, fmt: str, **kw: object) -> list[dict[str, str]]:
    path = Path(str(reader.path) + f".{fmt}.tsv")
    export(reader, fmt, kw.pop("flt", None), path, **kw)  # type: ignore[arg-type]
    return _parse(path.read_text(encoding="utf-8"))


def _parse(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_event_columns_follow_the_codebook() -> None:
    assert list(gdelt.EVENT_COLUMNS) == CODEBOOK_EVENT_COLUMNS
    assert len(gdelt.EVENT_COLUMNS) == 61


def test_mention_columns_follow_the_codebook() -> None:
    assert list(gdelt.MENTION_COLUMNS) == CODEBOOK_MENTION_COLUMNS
    assert len(gdelt.MENTION_COLUMNS) == 16


def test_files_have_no_header_unless_asked(reader: Reader, tmp_path: Path) -> None:
    export(reader, "gdelt-events", output=tmp_path / "e.tsv")
    lines = (tmp_path / "e.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and all(len(line.split("\t")) == 61 for line in lines)
    assert not lines[0].startswith("GLOBALEVENTID")


def test_consult_row_values(reader: Reader) -> None:
    rows = _table(reader, "gdelt-events", header=True)
    row = next(r for r in rows if r["EventCode"] == "040")
    assert row["SQLDATE"] == "20240506" and row["MonthYear"] == "202405" and row["Year"] == "2024"
    assert row["FractionDate"] == "2024.3479"  # day 127 of 2024
    assert (row["Actor1Code"], row["Actor1CountryCode"], row["Actor1Type1Code"]) == (
        "FRAGOV", "FRA", "GOV")
    assert row["Actor1Name"] == "ANNE MOREAU"
    assert (row["Actor2Code"], row["Actor2CountryCode"]) == ("BRAGOV", "BRA")
    assert (row["EventBaseCode"], row["EventRootCode"], row["QuadClass"]) == ("040", "04", "1")
    assert row["GoldsteinScale"] == "4.0"  # PLOVER score of CONSULT: Visit
    assert row["IsRootEvent"] == "1"
    assert row["ActionGeo_Type"] == "4" and row["ActionGeo_FullName"] == "Geneva, Switzerland"
    assert row["ActionGeo_CountryCode"] == "CHE" and row["ActionGeo_FeatureID"] == "2660646"
    assert row["Actor1Geo_Type"] == ""
    assert row["SOURCEURL"] == "https://news.example.org/geneva"
    assert len(row["DATEADDED"]) == 14
    assert row["AvgTone"] == "-1.25"


def test_fips_maps_geography_country_codes(reader: Reader) -> None:
    rows = _table(reader, "gdelt-events", header=True, fips=True)
    countries = {r["ActionGeo_CountryCode"] for r in rows}
    assert countries == {"SZ", "KE", ""}  # Switzerland and Kenya in FIPS 10-4; undated/unplaced
    assert {r["Actor1CountryCode"] for r in rows} >= {"FRA", "KEN"}  # actors stay CAMEO/ISO


def test_defaults_fill_missing_cameo_and_known_groups(reader: Reader) -> None:
    rows = _table(reader, "gdelt-events", header=True)
    aid = next(r for r in rows if r["EventRootCode"] == "07")
    assert aid["EventCode"] == "070" and aid["QuadClass"] == "2"
    assert aid["SQLDATE"] == "20240501"  # month resolution: first day of the month
    un = next(r for r in rows if r["Actor1Code"].startswith("UNO"))
    assert un["Actor1KnownGroupCode"] == "UNO" and un["Actor1CountryCode"] == ""
    assert un["Actor2Code"] == "" and un["SQLDATE"] == "20240507"  # undated: publication date
    assert un["IsRootEvent"] == "0"


def test_ids_are_stable_and_shared_with_mentions(reader: Reader) -> None:
    events = _table(reader, "gdelt-events", header=True)
    again = _table(reader, "gdelt-events", header=True)
    mentions = _table(reader, "gdelt-mentions", header=True)
    assert [r["GLOBALEVENTID"] for r in events] == [r["GLOBALEVENTID"] for r in again]
    assert {r["GLOBALEVENTID"] for r in events} == {r["GLOBALEVENTID"] for r in mentions}
    assert len({r["GLOBALEVENTID"] for r in events}) == len(events)


def test_mention_offsets_point_at_the_actors(reader: Reader) -> None:
    rows = _table(reader, "gdelt-mentions", header=True, flt=EventFilter(type="CONSULT"))
    [row] = rows
    doc = reader.document("geneva-talks").document
    a1, a2, act = (int(row[k]) for k in ("Actor1CharOffset", "Actor2CharOffset",
                                         "ActionCharOffset"))
    assert doc.text[a1:].startswith("Anne Moreau")
    assert doc.text[a2:].startswith("Paulo Teixeira")
    assert act == doc.events[0].start
    assert row["MentionSourceName"] == "news.example.org" and row["Confidence"] == "91"
    assert row["MentionDocLen"] == str(len(doc.text))


def test_filters_apply(reader: Reader) -> None:
    rows = _table(reader, "gdelt-events", header=True, flt=EventFilter(actor="KEN"))
    assert {r["EventRootCode"] for r in rows} == {"17", "18"}


def _actor(code: str) -> Actor:
    return Actor(code, code, code, "GOV")


@pytest.mark.parametrize(
    ("actors", "recipients", "pairs"),
    [
        (["USA"], ["RUS"], [("USA", "RUS")]),
        (["USA", "FRA"], ["RUS"], [("USA", "RUS"), ("FRA", "RUS")]),
        (["USA", "RUS"], [], [("USA", "RUS"), ("RUS", "USA")]),  # reciprocal meeting
        (["USA"], [], [("USA", None)]),
    ],
)
def test_dyads(actors: list[str], recipients: list[str],
               pairs: list[tuple[str, str | None]]) -> None:
    ev = Event("e", "CONSULT", [_actor(c) for c in actors], [_actor(c) for c in recipients],
               "text", 0, 4, 1)
    got = [(a.code if a else None, r.code if r else None) for a, r in dyads(ev)]
    assert got == pairs
