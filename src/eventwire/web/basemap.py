"""Build the offline basemap: country outlines as a small GeoJSON file.

The page draws these outlines when no tile server is configured or reachable, so the map works
with no internet. The source is Natural Earth's 1:110m admin-0 countries (public domain) as
shipped inside the ``geopandas`` 0.14.x wheel on PyPI
(``geopandas/datasets/naturalearth_lowres/naturalearth_lowres.{shp,dbf}``). This is a
developer tool, run once; the output is committed::

    pip download --no-deps geopandas==0.14.4 && unzip geopandas-0.14.4-*.whl 'geopandas/datasets/*'
    python -m eventwire.web.basemap geopandas/datasets/naturalearth_lowres/naturalearth_lowres \\
        src/eventwire/web/static/basemap/countries.geojson

Only the two formats' documented layouts are read (ESRI shapefile polygons, dBase III
records), so no shapefile library is needed.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path
from typing import Any

Ring = list[list[float]]

#: shapefile shape types that hold polygons (plain, Z and M variants share the 2-D layout).
POLYGON_TYPES = frozenset({5, 15, 25})


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The records of a dBase III file as dicts of stripped strings."""
    data = path.read_bytes()
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    names, widths, pos = [], [], 32
    while data[pos] != 0x0D:
        names.append(data[pos : pos + 11].split(b"\0")[0].decode("ascii").lower())
        widths.append(data[pos + 16])
        pos += 32
    rows = []
    for i in range(count):
        rec = data[header_len + i * record_len : header_len + (i + 1) * record_len]
        rows.append(_dbf_fields(rec[1:], names, widths))  # byte 0 is the deletion flag
    return rows


def _dbf_fields(rec: bytes, names: list[str], widths: list[int]) -> dict[str, str]:
    out, at = {}, 0
    for name, width in zip(names, widths, strict=True):
        out[name] = rec[at : at + width].decode("utf-8", "replace").strip()
        at += width
    return out


def read_polygons(path: Path) -> list[list[Ring]]:
    """Each shapefile record's rings as lists of [lon, lat] points."""
    data, pos, shapes = path.read_bytes(), 100, []
    while pos + 8 <= len(data):
        _num, words = struct.unpack(">II", data[pos : pos + 8])
        content = data[pos + 8 : pos + 8 + 2 * words]
        pos += 8 + 2 * words
        shapes.append(_rings(content))
    return shapes


def _rings(content: bytes) -> list[Ring]:
    (shape_type,) = struct.unpack("<i", content[:4])
    if shape_type not in POLYGON_TYPES:
        return []
    n_parts, n_points = struct.unpack("<ii", content[36:44])
    parts = list(struct.unpack(f"<{n_parts}i", content[44 : 44 + 4 * n_parts])) + [n_points]
    base = 44 + 4 * n_parts
    xy = struct.unpack(f"<{2 * n_points}d", content[base : base + 16 * n_points])
    points = [[xy[2 * i], xy[2 * i + 1]] for i in range(n_points)]
    return [points[a:b] for a, b in zip(parts, parts[1:], strict=False)]


def _signed_area(ring: Ring) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False)) / 2


def _simplify(ring: Ring, digits: int) -> Ring:
    """Round coordinates and drop repeated points: 110m outlines need no more precision."""
    out: Ring = []
    for x, y in ring:
        p = [round(x, digits), round(y, digits)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def polygons(rings: list[Ring], digits: int = 2) -> list[list[Ring]]:
    """Group rings into polygons: clockwise rings are outlines, the others holes of the last."""
    groups: list[list[Ring]] = []
    for ring in rings:
        small = _simplify(ring, digits)
        if len(small) < 4:
            continue
        if _signed_area(ring) <= 0 or not groups:  # shapefile outer rings run clockwise
            groups.append([small])
        else:
            groups[-1].append(small)
    return groups


def feature(props: dict[str, str], rings: list[Ring]) -> dict[str, Any] | None:
    """One GeoJSON country feature (iso_a3 and name), or None for an empty shape."""
    groups = polygons(rings)
    if not groups:
        return None
    return {
        "type": "Feature",
        "properties": {"iso_a3": props.get("iso_a3", ""), "name": props.get("name", "")},
        "geometry": {"type": "MultiPolygon", "coordinates": groups},
    }


def build(stem: Path) -> dict[str, Any]:
    """The FeatureCollection of the shapefile ``stem`` (.shp and .dbf beside each other)."""
    records = read_dbf(stem.with_suffix(".dbf"))
    shapes = read_polygons(stem.with_suffix(".shp"))
    feats = [feature(p, r) for p, r in zip(records, shapes, strict=True)]
    return {"type": "FeatureCollection", "features": [f for f in feats if f]}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m eventwire.web.basemap SHAPEFILE_STEM OUT.geojson", file=sys.stderr)
        return 2
    collection = build(Path(argv[0]))
    Path(argv[1]).write_text(json.dumps(collection, separators=(",", ":")), encoding="utf-8")
    print(f"{len(collection['features'])} countries -> {argv[1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
