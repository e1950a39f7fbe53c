"""The offline basemap: the generator's shapefile reading and the committed outlines."""

from __future__ import annotations

import json
import struct
from pathlib import Path

from eventwire.web.app import STATIC
from eventwire.web.basemap import build, polygons

Ring = list[tuple[float, float]]

OUTER: Ring = [(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]  # clockwise: an outline
HOLE: Ring = [(2, 2), (4, 2), (4, 4), (2, 4), (2, 2)]  # counter-clockwise: a hole
ISLAND: Ring = [(20, 0), (20, 1), (21, 1), (21, 0), (20, 0)]


def _polygon_record(rings: list[Ring]) -> bytes:
    points = [p for r in rings for p in r]
    parts, at = [], 0
    for r in rings:
        parts.append(at)
        at += len(r)
    body = struct.pack("<i4d2i", 5, 0, 0, 21, 10, len(rings), len(points))
    body += struct.pack(f"<{len(parts)}i", *parts)
    body += b"".join(struct.pack("<2d", x, y) for x, y in points)
    return body


def write_shapefile(stem: Path, shapes: list[list[Ring]], names: list[tuple[str, str]]) -> None:
    records = b"".join(
        struct.pack(">2i", i + 1, len(rec) // 2) + rec
        for i, rec in enumerate(_polygon_record(s) for s in shapes))
    stem.with_suffix(".shp").write_bytes(b"\0" * 100 + records)
    fields = [(b"iso_a3", 3), (b"name", 20)]
    header = struct.pack("<4BIHH20x", 3, 124, 1, 1, len(names), 32 + 32 * len(fields) + 1,
                         1 + sum(w for _, w in fields))
    descr = b"".join(n.ljust(11, b"\0") + b"C" + b"\0" * 4 + bytes([w]) + b"\0" * 15
                     for n, w in fields)
    rows = b"".join(b" " + c.encode().ljust(3) + n.encode().ljust(20) for c, n in names)
    stem.with_suffix(".dbf").write_bytes(header + descr + b"\r" + rows + b"\x1a")


def test_generator_reads_outlines_holes_and_attributes(tmp_path: Path) -> None:
    write_shapefile(tmp_path / "tiny", [[OUTER, HOLE, ISLAND]], [("TST", "Testland")])
    (feature,) = build(tmp_path / "tiny")["features"]
    assert feature["properties"] == {"iso_a3": "TST", "name": "Testland"}
    coords = feature["geometry"]["coordinates"]
    assert len(coords) == 2  # the square with its hole, and the island
    assert len(coords[0]) == 2 and coords[0][1][0] == [2, 2]
    assert coords[1][0][0] == [20, 0]


def test_rounding_drops_repeated_points() -> None:
    ring = [[0.001, 0.001], [0.002, 0.002], [0.0, 5.0], [5.0, 5.0], [5.0, 0.0], [0.001, 0.001]]
    (poly,) = polygons([ring])
    assert poly[0][:2] == [[0.0, 0.0], [0.0, 5.0]]


def test_committed_outlines_cover_the_world() -> None:
    world = json.loads((STATIC / "basemap" / "countries.geojson").read_text("utf-8"))
    by_code = {f["properties"]["iso_a3"]: f for f in world["features"]}
    assert len(world["features"]) > 170
    india = [p for poly in by_code["IND"]["geometry"]["coordinates"] for p in poly[0]]
    lons, lats = [p[0] for p in india], [p[1] for p in india]
    assert min(lons) < 77.2 < max(lons) and min(lats) < 28.6 < max(lats)  # New Delhi inside
    assert {"USA", "RUS", "UKR", "KEN", "CHN", "BRA"} <= set(by_code)
