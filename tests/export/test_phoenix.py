"""Phoenix: the codebook's 26 columns in order, and the values of a coded event."""

from __future__ import annotations

from pathlib import Path

from eventwire.export import export, phoenix
from eventwire.store import EventFilter, Reader

# Written from the Phoenix data codebook (Open Event Data Alliance), column order of the files.
CODEBOOK_COLUMNS = [
    "EventID", "Date", "Year", "Month", "Day", "SourceActorFull", "SourceActorEntity",
    "SourceActorRole", "SourceActorAttribute", "TargetActorFull", "TargetActorEntity",
    "TargetActorRole", "TargetActorAttribute", "EventCode", "EventRootCode", "PentaClass",
    "GoldsteinScore", "Issues", "Lat", "Lon", "LocationName", "StateName", "CountryCode",
    "SentenceID", "URLs", "NewsSources",
]


def _rows(reader: Reader, tmp_path: Path, flt: EventFilter | None = None) -> list[dict[str, str]]:
    path = tmp_path / "phoenix.tsv"
    export(reader, "phoenix", flt, path, header=True)
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    return [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]


def test_columns_follow_the_codebook() -> None:
    assert list(phoenix.COLUMNS) == CODEBOOK_COLUMNS
    assert len(phoenix.COLUMNS) == 26


def test_coerce_row(reader: Reader, tmp_path: Path) -> None:
    rows = _rows(reader, tmp_path, EventFilter(type="COERCE"))
    [row] = rows
    assert row["EventID"] == "ev-nairobi-1"
    assert (row["Date"], row["Year"], row["Month"], row["Day"]) == ("20240601", "2024", "6", "1")
    assert (row["SourceActorFull"], row["SourceActorEntity"], row["SourceActorRole"]) == (
        "KENCOP", "KEN", "COP")
    assert (row["TargetActorFull"], row["TargetActorRole"]) == ("KENCVL", "CVL")
    assert (row["EventCode"], row["EventRootCode"], row["PentaClass"]) == ("173", "17", "4")
    assert row["GoldsteinScore"] == "-7.0"  # PLOVER score of COERCE: Arrest
    assert row["Issues"] == "REPRESSION,1"
    assert (row["LocationName"], row["CountryCode"]) == ("Nairobi", "KEN")
    assert float(row["Lat"]) == -1.28333
    assert row["SentenceID"] == "nairobi-arrests-1"
    assert row["URLs"] == "nairobi.jsonl"  # no URL: the source stands in


def test_every_row_has_26_cells(reader: Reader, tmp_path: Path) -> None:
    export(reader, "phoenix", output=tmp_path / "p.tsv")
    lines = (tmp_path / "p.tsv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 7 and {len(line.split("\t")) for line in lines} == {26}
    support = next(line.split("\t") for line in lines if line.startswith("ev-geneva-5"))
    assert support[15] == "1" and support[9] == ""  # SUPPORT: verbal cooperation, no target
