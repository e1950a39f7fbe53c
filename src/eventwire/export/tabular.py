"""Events as Parquet (a dataset partitioned by event date) and as flat CSV.

The Parquet rows keep every field of the event record in Arrow types (lists and structs, no
JSON strings), plus the document's id, title, URL, publication date and source, and ``idx``
(the event's position in its document) so that :func:`read_parquet` restores the order.
The partition column ``event_date`` is the first day of the event's date (YYYY-MM-DD), or
``unknown`` for undated events.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TextIO

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from eventwire.errors import UsageError
from eventwire.export.text import write_csv
from eventwire.records import Event
from eventwire.store import EVENT_COLUMNS, EventFilter, Reader
from eventwire.store.duck import StoredDocument
from eventwire.store.rows import period

UNDATED = "unknown"

_ACTOR = pa.struct([("entity_text", pa.string()), ("name", pa.string()), ("code", pa.string()),
                    ("sector", pa.string()), ("identifier_id", pa.string())])
_PLACE = pa.struct([("extracted_place", pa.string()), ("resolved_place", pa.string()),
                    ("geonameid", pa.int64()), ("lat", pa.float64()), ("lon", pa.float64()),
                    ("country_code", pa.string()), ("resolution", pa.string())])
_TONE = pa.struct([("tone", pa.float64()), ("positive", pa.float64()),
                   ("negative", pa.float64()), ("polarity", pa.float64()),
                   ("word_count", pa.int64())])

#: The schema of a Parquet event row.
SCHEMA = pa.schema([
    ("doc_id", pa.string()), ("idx", pa.int32()), ("title", pa.string()), ("url", pa.string()),
    ("pub_date", pa.string()), ("source", pa.string()),
    ("id", pa.string()), ("event", pa.string()), ("mode", pa.list_(pa.string())),
    ("context", pa.list_(pa.string())), ("actor", pa.list_(_ACTOR)),
    ("recipient", pa.list_(_ACTOR)), ("date", pa.string()), ("date_resolution", pa.string()),
    ("date_inherited", pa.bool_()), ("event_loc", _PLACE), ("event_text", pa.string()),
    ("text_info", pa.struct([("start", pa.int64()), ("end", pa.int64()),
                             ("sequence", pa.int64())])),
    ("aux", pa.list_(pa.string())), ("quad_code", pa.int64()), ("cameo", pa.string()),
    ("confidence", pa.float64()), ("tone", _TONE),
    ("size", pa.map_(pa.string(), pa.int64())), ("event_date", pa.string()),
])


def event_date(ev: Event) -> str:
    """The partition value of an event: the first day of its date, or ``unknown``."""
    start = period(ev.date)[0]
    return start.isoformat() if start else UNDATED


def parquet_row(stored: StoredDocument, ev: Event) -> dict[str, Any]:
    """One Parquet row: the event record plus its document's fields."""
    doc = stored.document
    row = ev.to_dict()
    row["size"] = list(row["size"].items())
    idx = next(i for i, e in enumerate(doc.events) if e is ev)
    row.update(doc_id=doc.id, idx=idx, title=doc.title, url=doc.url,
               pub_date=doc.pub_date, source=stored.source, event_date=event_date(ev))
    return row


def write_parquet(pairs: Iterable[tuple[StoredDocument, Event]], directory: Path) -> int:
    """Write events as a Parquet dataset under ``directory`` (hive partitions event_date=...)."""
    if directory.exists() and any(directory.iterdir()):
        # partitions of an earlier export would mix with this one
        raise UsageError(f"Parquet output directory {directory} is not empty", code="E501")
    rows = [parquet_row(s, ev) for s, ev in pairs]
    table = pa.Table.from_pylist(rows, schema=SCHEMA)
    directory.mkdir(parents=True, exist_ok=True)
    ds.write_dataset(table, directory, format="parquet", partitioning=["event_date"],
                     partitioning_flavor="hive", existing_data_behavior="overwrite_or_ignore",
                     basename_template="events-{i}.parquet")
    return len(rows)


def read_parquet(directory: Path) -> list[tuple[str, Event]]:
    """(document id, event) for every row of an eventwire Parquet dataset, in text order."""
    part = ds.partitioning(pa.schema([("event_date", pa.string())]), flavor="hive")
    rows = pq.read_table(directory, partitioning=part).to_pylist()
    rows.sort(key=lambda r: (r["doc_id"], r["idx"]))
    out = []
    for r in rows:
        r["size"] = dict(r["size"] or [])
        out.append((r["doc_id"], Event.from_dict(r)))
    return out


def write_events_csv(reader: Reader, flt: EventFilter, out: TextIO) -> int:
    """The events listing (one row per event, lists joined with ';') as CSV."""
    rows = reader.events(flt)
    write_csv(rows, [name for name, _ in EVENT_COLUMNS], out)
    return len(rows)
