"""GKG 2.1-style rows: 27 columns, names/places/dates/quotes/amounts with their offsets."""

from __future__ import annotations

from pathlib import Path

from eventwire.export import export, gkg
from eventwire.store import EventFilter, Reader

# Written from the GDELT Global Knowledge Graph 2.1 codebook, column order of the files.
CODEBOOK_COLUMNS = [
    "GKGRECORDID", "V2.1DATE", "V2SOURCECOLLECTIONIDENTIFIER", "V2SOURCECOMMONNAME",
    "V2DOCUMENTIDENTIFIER", "V1COUNTS", "V2.1COUNTS", "V1THEMES", "V2ENHANCEDTHEMES",
    "V1LOCATIONS", "V2ENHANCEDLOCATIONS", "V1PERSONS", "V2ENHANCEDPERSONS", "V1ORGANIZATIONS",
    "V2ENHANCEDORGANIZATIONS", "V1.5TONE", "V2.1ENHANCEDDATES", "V2GCAM", "V2.1SHARINGIMAGE",
    "V2.1RELATEDIMAGES", "V2.1SOCIALIMAGEEMBEDS", "V2.1SOCIALVIDEOEMBEDS", "V2.1QUOTATIONS",
    "V2.1ALLNAMES", "V2.1AMOUNTS", "V2.1TRANSLATIONINFO", "V2EXTRASXML",
]


def _rows(reader: Reader, tmp_path: Path, **kw: object) -> dict[str, dict[str, str]]:
    path = tmp_path / "gkg.tsv"
    export(reader, "gkg", kw.pop("flt", None), path, header=True, **kw)  # type: ignore[arg-type]
    lines = path.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = [dict(zip(header, line.split("\t"), strict=True)) for line in lines[1:]]
    return {r["V2DOCUMENTIDENTIFIER"]: r for r in rows}


def test_columns_follow_the_codebook() -> None:
    assert list(gkg.COLUMNS) == CODEBOOK_COLUMNS
    assert len(gkg.COLUMNS) == 27


def test_geneva_row(reader: Reader, tmp_path: Path) -> None:
    row = _rows(reader, tmp_path)["https://news.example.org/geneva"]
    text = reader.document("geneva-talks").document.text
    assert row["V2.1DATE"] == "20240507000000" and row["V2SOURCECOLLECTIONIDENTIFIER"] == "1"
    assert row["V2SOURCECOMMONNAME"] == "news.example.org"
    assert row["V1PERSONS"] == "Anne Moreau;Paulo Teixeira;Moreau"
    for item in row["V2ENHANCEDPERSONS"].split(";"):
        name, offset = item.rsplit(",", 1)
        assert text[int(offset):].startswith(name)
    assert row["V1ORGANIZATIONS"] == "The United Nations"
    loc = row["V2ENHANCEDLOCATIONS"].split("#")
    assert loc[0] == "4" and loc[1] == "Geneva" and loc[2] == "CHE" and loc[7] == "2660646"
    assert text[int(loc[8]):].startswith("Geneva")
    assert "PLOVER_CONSULT" in row["V1THEMES"].split(";")
    assert "PLOVER_CONTEXT_ENVIRONMENT" in row["V1THEMES"].split(";")
    assert row["V1.5TONE"].split(",")[0] == "-1.25" and row["V1.5TONE"].endswith(",64")
    monday = text.index("Monday")
    assert row["V2.1ENHANCEDDATES"] == f"4#5#6#2024#{monday}"  # the P10Y duration is left out
    offset, length, verb, quote = row["V2.1QUOTATIONS"].split("|")
    assert verb == "said" and text[int(offset):int(offset) + int(length)] == quote
    assert row["V2.1AMOUNTS"].split(";")[0] == f"5e+08,euros,{text.index('500 million')}"
    assert row["V2GCAM"] == "wc:64"
    assert row["V2EXTRASXML"] == (
        "<PAGE_TITLE>Ministers meet in Geneva</PAGE_TITLE><PAGE_AUTHORS>A. Writer</PAGE_AUTHORS>")


def test_nairobi_counts_and_month_dates(reader: Reader, tmp_path: Path) -> None:
    row = _rows(reader, tmp_path)["nairobi.jsonl"]
    text = reader.document("nairobi-arrests").document.text
    count = row["V2.1COUNTS"].split("#")
    assert count[:3] == ["ARREST", "40", "protesters"]
    assert text[int(count[-1]):].startswith("40 protesters")
    assert row["V1COUNTS"].startswith("ARREST#40#protesters")
    assert row["V2.1ENHANCEDDATES"] == f"2#6#0#2024#{text.index('June')}"
    assert row["V2SOURCECOLLECTIONIDENTIFIER"] == "3"  # no URL: a citation, not a web page
    assert row["V1.5TONE"] == ""  # no tone computed for this document


def test_fips_and_filters(reader: Reader, tmp_path: Path) -> None:
    rows = _rows(reader, tmp_path, fips=True, flt=EventFilter(actor="KEN"))
    assert list(rows) == ["nairobi.jsonl"]
    places = rows["nairobi.jsonl"]["V1LOCATIONS"].split(";")
    assert [p.split("#")[2] for p in places] == ["KE", "KE"]  # Nairobi, Kenya: unique places
    assert places[1].split("#")[0] == "1"  # Kenya: a country


def test_v1_locations_are_unique_v2_keeps_every_mention(reader: Reader) -> None:
    from dataclasses import replace

    stored = reader.document("nairobi-arrests")
    doc = stored.document
    doc.places.append(replace(doc.places[0], start=100, end=107))  # Nairobi named again
    row = dict(zip(gkg.COLUMNS, gkg.row(stored, 1), strict=True))
    assert len(row["V1LOCATIONS"].split(";")) == 2
    assert [loc.split("#")[-1] for loc in row["V2ENHANCEDLOCATIONS"].split(";")] == [
        "10", "70", "100"]
