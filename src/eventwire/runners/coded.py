"""Coded rows and the Parquet output of ``eventwire run``, shared by every engine.

:func:`code_row` is the one per-document step of every engine: it calls
:func:`eventwire.runners.local.code_document` and flattens the result into a row of
:data:`CODED_SCHEMA` (the full document record as JSON, or the rejection). Output tables are
built from coded rows with the same functions whatever the engine, so both engines write the
same records. The output directory holds three datasets::

    OUTPUT/documents/event_date=YYYY-MM-DD/*.parquet   one row per coded document
    OUTPUT/events/event_date=YYYY-MM-DD/*.parquet      one row per event (export's schema)
    OUTPUT/rejected/*.parquet                          one row per rejected document

A document's partition is the earliest date of its events (``unknown`` when none is dated);
an event's is its own date, as in ``eventwire export --format parquet``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from eventwire.errors import UsageError
from eventwire.export.tabular import SCHEMA as EVENT_SCHEMA
from eventwire.export.tabular import UNDATED, event_date, parquet_row
from eventwire.inputs.readers import Item
from eventwire.pipeline import Result
from eventwire.records import Document, Rejected
from eventwire.store.duck import StoredDocument

PARTITION = "event_date"
KINDS = ("documents", "events", "rejected")

_TEXT = ("doc_id", "source", "author", "site", "title", "url", "pub_date")
#: A coded document (``record`` set) or rejection (``code`` set), as engines pass it on.
CODED_SCHEMA = pa.schema(
    [(n, pa.string()) for n in _TEXT]
    + [("n_events", pa.int32()), ("record", pa.string()), ("stage", pa.string()),
       ("code", pa.string()), ("reason", pa.string()), (PARTITION, pa.string())]
)
#: The schema of a row of ``OUTPUT/documents``.
DOCUMENT_SCHEMA = pa.schema([CODED_SCHEMA.field(n) for n in (*_TEXT, "n_events", "record",
                                                             PARTITION)])
#: The schema of a row of ``OUTPUT/rejected``.
REJECTED_SCHEMA = pa.schema([(n, pa.string()) for n in ("id", "source", "stage", "code",
                                                        "reason")])
# parquet_row wants a stored document; when it was stored is not part of a Parquet row.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def code_row(item: Item) -> dict[str, Any]:
    """Code one read document (a read rejection passes through) into a coded row."""
    from eventwire.runners.local import code_document  # loads the pipeline only when used

    result = item if isinstance(item, Rejected) else code_document(item)
    return result_row(result)


def result_row(result: Result) -> dict[str, Any]:
    """A coded document or rejection as a row of :data:`CODED_SCHEMA`."""
    row: dict[str, Any] = dict.fromkeys(CODED_SCHEMA.names)
    if isinstance(result, Rejected):
        row.update(doc_id=result.id, source=result.source, stage=result.stage,
                   code=result.code, reason=result.reason, n_events=0)
        return row
    row.update(doc_id=result.id, source=result.source, author=result.author, site=result.site,
               title=result.title, url=result.url, pub_date=result.pub_date,
               n_events=len(result.events), record=json.dumps(result.to_dict()),
               event_date=document_date(result))
    return row


def document_date(doc: Document) -> str:
    """A document's partition: the earliest first day of its dated events, else ``unknown``."""
    dates = sorted(d for d in (event_date(ev) for ev in doc.events) if d != UNDATED)
    return dates[0] if dates else UNDATED


def coded_document(row: dict[str, Any]) -> Document:
    """The document of a coded (or documents-table) row, with its source, author and site."""
    doc = Document.from_dict(json.loads(row["record"]))
    doc.source, doc.author, doc.site = row["source"] or "", row["author"], row["site"]
    return doc


# --- output tables --------------------------------------------------------------------------


def documents_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """The ``documents`` rows of coded rows (rejections left out)."""
    kept = [{n: r[n] for n in DOCUMENT_SCHEMA.names} for r in rows if r["record"] is not None]
    return pa.Table.from_pylist(kept, schema=DOCUMENT_SCHEMA)


def events_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """The ``events`` rows of coded rows, in the schema of ``export --format parquet``."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if row["record"] is None:
            continue
        doc = coded_document(row)
        stored = StoredDocument(doc, doc.source, _EPOCH)
        out.extend(parquet_row(stored, ev) for ev in doc.events)
    return pa.Table.from_pylist(out, schema=EVENT_SCHEMA)


def rejected_table(rows: Iterable[dict[str, Any]]) -> pa.Table:
    """The ``rejected`` rows of coded rows."""
    kept = [{"id": r["doc_id"], "source": r["source"], "stage": r["stage"], "code": r["code"],
             "reason": r["reason"]} for r in rows if r["code"] is not None]
    return pa.Table.from_pylist(kept, schema=REJECTED_SCHEMA)


def output_tables(rows: list[dict[str, Any]]) -> dict[str, pa.Table]:
    """The three output tables of a batch of coded rows, by dataset name."""
    return {"documents": documents_table(rows), "events": events_table(rows),
            "rejected": rejected_table(rows)}


def prepare_output(directory: Path) -> None:
    """Create the output directory; E501 when it already holds files (runs would mix)."""
    if directory.exists() and any(directory.iterdir()):
        raise UsageError(f"output directory {directory} is not empty", code="E501")
    for kind in KINDS:
        (directory / kind).mkdir(parents=True, exist_ok=True)


def write_tables(tables: dict[str, pa.Table], directory: Path, part: int) -> None:
    """Write one batch's tables under ``directory`` (files ``part-<part>-<i>.parquet``)."""
    for kind, table in tables.items():
        if table.num_rows == 0:
            continue
        hive = [PARTITION] if PARTITION in table.schema.names else None
        ds.write_dataset(table, directory / kind, format="parquet", partitioning=hive,
                         partitioning_flavor="hive" if hive else None,
                         existing_data_behavior="overwrite_or_ignore",
                         basename_template=f"part-{part:06d}-{{i}}.parquet")


# --- reading the output back -----------------------------------------------------------------


def read_table(directory: Path, kind: str) -> pa.Table:
    """One dataset of a run's output (an empty table when the run wrote none of it)."""
    path = directory / kind
    if not path.is_dir() or not any(path.rglob("*.parquet")):
        empty = {"documents": DOCUMENT_SCHEMA, "rejected": REJECTED_SCHEMA}
        return (empty.get(kind) or EVENT_SCHEMA).empty_table()
    part = ds.partitioning(pa.schema([(PARTITION, pa.string())]), flavor="hive")
    return pq.read_table(path, partitioning=part if kind != "rejected" else None)


def read_output(directory: Path) -> Iterator[Result]:
    """The coded documents and rejections of a run's output, documents sorted by id."""
    if not (directory / "documents").is_dir():
        raise UsageError(f"{directory} is not the output of 'eventwire run' "
                         "(no documents/ folder)", code="E501")
    docs = read_table(directory, "documents").to_pylist()
    for row in sorted(docs, key=lambda r: (r["doc_id"] or "", r["source"] or "")):
        yield coded_document(row)
    for rej in sorted(read_table(directory, "rejected").to_pylist(),
                      key=lambda r: (r["source"] or "", r["id"] or "")):
        yield Rejected(rej["id"] or "", rej["source"] or "", rej["stage"], rej["code"],
                       rej["reason"] or "")
