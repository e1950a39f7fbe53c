"""A small corpus of shards written for the runner tests (texts written for these tests)."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

ARTICLES = [
    ("m1", "2024-05-14", "OSLO, May 14, 2024 - Norway's foreign minister met his Swedish "
     "counterpart in Oslo on Tuesday. The two ministers signed an agreement on border "
     "cooperation."),
    ("m2", "2024-06-03", "Farmers protested against new fuel taxes in Warsaw on Monday, 3 June "
     "2024. Polish police detained twelve protesters near the parliament."),
    ("m3", "2024-06-20", "The government of Ghana accused Togo on 19 June 2024 of sheltering "
     "armed rebels near the border."),
    ("m4", None, "A quiet week: no politics, only weather. Rain fell over the valley."),
]


def write_corpus(root: Path) -> Path:
    """Two JSONL shards (one with a malformed and one empty record) and one Parquet shard."""
    root.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps({"id": i, "pub_date": d, "text": t}) for i, d, t in ARTICLES[:2]]
    (root / "a.jsonl").write_text("\n".join([*lines, "{not json"]) + "\n", encoding="utf-8")
    empty = json.dumps({"id": "e1", "text": "   "})
    (root / "b.jsonl").write_text(empty + "\n", encoding="utf-8")
    rest = ARTICLES[2:]
    table = pa.table({"id": [a[0] for a in rest], "pub_date": [a[1] for a in rest],
                      "text": [a[2] for a in rest]})
    pq.write_table(table, root / "c.parquet")
    return root


def write_warc(path: Path, url: str, html: str) -> Path:
    """A gzipped WARC file holding one HTTP response record with an HTML page."""
    payload = html.encode("utf-8")
    http = (b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
            + f"Content-Length: {len(payload)}\r\n\r\n".encode() + payload)
    header = "\r\n".join([
        "WARC/1.0", "WARC-Type: response", f"WARC-Target-URI: {url}",
        "WARC-Date: 2024-06-03T08:00:00Z",
        "WARC-Record-ID: <urn:uuid:3f1c2a9e-0b7d-4a55-9a31-2c6e1d0f4b11>",
        "Content-Type: application/http; msgtype=response", f"Content-Length: {len(http)}",
    ]) + "\r\n\r\n"
    path.write_bytes(gzip.compress(header.encode() + http + b"\r\n\r\n"))
    return path
