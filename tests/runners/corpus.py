"""A small corpus of shards written for the runner tests (texts written for these tests)."""

from __future__ import annotations

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
