"""The embedded DuckDB store: one writer (:class:`Store`), any number of :class:`Reader`s.

Documents are written in transactions of one document or a batch (``write_all``; an ingest
commits the ``commit_size`` setting's number, 256 by default), so a crash never loses a
document that was already committed, and loses at most the batch being written.
Re-ingesting a document with the same id **replaces** it: its old rows are deleted and the new
coding inserted in the same transaction (the latest pipeline wins), and any earlier rejection
of that id is dropped.
Rejections are appended to ``rejected``.

DuckDB lets one process hold a file open read-write while other processes cannot open it at
all, and a process cannot open the same file twice with different modes. So readers in other
processes open the file read-only once the writer is done; readers in the writer's process
use :meth:`Store.reader`, which shares the writer's database through a separate cursor.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import duckdb
import pyarrow as pa

from eventwire.dedup import link_articles
from eventwire.errors import StoreError
from eventwire.records import Document, Event, Rejected
from eventwire.settings import get_settings
from eventwire.store.articles import StoredArticles
from eventwire.store.query import EventFilter, events_sql
from eventwire.store.rows import Row, document_rows, rejected_row
from eventwire.store.schema import BANDS_SINCE, CHILD_TABLES, DDL, SCHEMA_VERSION

T = TypeVar("T")

#: Rows per INSERT statement.
_CHUNK = 200


def default_path() -> Path:
    """The store path from settings (``db``; default ``./eventwire.duckdb``)."""
    return Path(get_settings().db)


def content_id(text: str) -> str:
    """A stable id for a document that came without one: a hash of its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def _connect(path: Path, read_only: bool) -> duckdb.DuckDBPyConnection:
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except (duckdb.Error, OSError) as exc:
        mode = "read-only" if read_only else "for writing"
        hint = ""
        if "lock" in str(exc).lower():  # DuckDB: one writing process excludes all others
            hint = " (another process, e.g. 'eventwire ingest', is writing it; retry when done)"
        raise StoreError(f"cannot open store {path} {mode}{hint or damage_hint(exc, path)}: "
                         f"{exc}", code="E401") from exc


#: Words of DuckDB errors that mean the file itself is damaged, not the query.
_DAMAGE = ("corrupt", "checksum", "not a valid duckdb", "invalid database", "serialization")


def damage_hint(exc: BaseException, path: Path | str) -> str:
    """A pointer to ``eventwire doctor`` when ``exc`` reads like a damaged store file."""
    text = str(exc).lower()
    if any(word in text for word in _DAMAGE):
        return (f" (the file may be damaged: 'eventwire doctor --db {path}' checks it, "
                "--repair rebuilds it)")
    return ""


@dataclass
class StoredDocument:
    """A document read back from the store, with where it came from and when it was stored."""

    document: Document
    source: str
    ingested_at: datetime


class Store:
    """The one writer of a store file; creates the tables on first use."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.con = _connect(self.path, read_only=False)
        # DuckDB caches up to 80% of RAM by default: the writer's memory would grow with the
        # store. A bounded cache keeps an ingest flat (evicted pages are read back on demand).
        self.con.execute(f"SET memory_limit = '{int(get_settings().db_memory_mb)}MB'")
        self._schemas: dict[str, pa.Schema] = {}
        self.articles = StoredArticles(self.con, self._insert)
        self._migrate()

    def _migrate(self) -> None:
        for statement in DDL:
            self.con.execute(statement)
        row = _first(self.con, "SELECT max(version) FROM schema_version")
        found = row[0] if row else None
        if found is None or found < SCHEMA_VERSION:  # new tables were created above
            if found is not None and found < BANDS_SINCE:  # links kept without band keys
                self.articles.rebuild_bands()
            self.con.execute("INSERT INTO schema_version VALUES (?, ?)", [SCHEMA_VERSION, _now()])
        elif found > SCHEMA_VERSION:
            raise StoreError(f"store {self.path} has schema version {found}, newer than this "
                             f"eventwire ({SCHEMA_VERSION}); upgrade eventwire", code="E401")

    def write(self, item: Document | Rejected) -> str:
        """Store one coded document or rejection in its own transaction; returns its id."""
        return self.write_batch([item])[0]

    def write_batch(self, items: Sequence[Document | Rejected]) -> list[str]:
        """Store several items in one transaction (all or none); returns their ids."""
        try:
            return self._write(items)
        except duckdb.Error as exc:
            self._rollback()
            what = ", ".join(i.id or i.source for i in items[:3])
            what += " ..." if len(items) > 3 else ""
            raise StoreError(f"cannot write {what}{damage_hint(exc, self.path)}: {exc}",
                             code="E402") from exc

    def write_all(self, items: Iterable[Document | Rejected],
                  batch_size: int = 32) -> tuple[int, int]:
        """Store every item, ``batch_size`` per transaction; returns (documents, rejections)."""
        stored = rejected = 0
        for batch in _batches(items, batch_size):
            self.write_batch(batch)
            stored += sum(isinstance(item, Document) for item in batch)
            rejected += sum(isinstance(item, Rejected) for item in batch)
        return stored, rejected

    def _write(self, items: Sequence[Document | Rejected]) -> list[str]:
        at = _now()
        docs = {(d.id or content_id(d.text)): d for d in items if isinstance(d, Document)}
        self.con.execute("BEGIN TRANSACTION")
        for rej in (r for r in items if isinstance(r, Rejected)):
            self.con.execute("DELETE FROM rejected WHERE id = ? AND source = ?",
                             [rej.id, rej.source])
            self._insert("rejected", [rejected_row(rej, at)])
        if docs:
            self._replace(docs, at)
        self.con.execute("COMMIT")
        return [i.id if isinstance(i, Rejected) else (i.id or content_id(i.text)) for i in items]

    def _replace(self, docs: dict[str, Document], at: datetime) -> None:
        """Delete the earlier versions of ``docs`` and insert them with all their rows."""
        ids = list(docs)
        if self.con.execute("SELECT 1 FROM documents WHERE list_contains(?, id) LIMIT 1",
                            [ids]).fetchall():
            for table in CHILD_TABLES:  # fixed names, never user input
                self.con.execute(f"DELETE FROM {table} WHERE list_contains(?, doc_id)", [ids])
            self.con.execute("DELETE FROM documents WHERE list_contains(?, id)", [ids])
        tables: dict[str, list[Row]] = {t: [] for t in ("documents", *CHILD_TABLES)}
        for doc_id, doc in docs.items():
            for table, rows in document_rows(doc, doc_id, at).items():
                tables[table].extend(rows)
        for table, rows in tables.items():
            self._insert(table, rows)
        self.con.execute("DELETE FROM rejected WHERE list_contains(?, id)", [ids])
        self._link(docs)

    def _link(self, docs: dict[str, Document]) -> None:
        """Record which stored article each document copies (exact or near), if any."""
        link_articles([(doc_id, doc.text) for doc_id, doc in docs.items()], self.articles)

    def _insert(self, table: str, rows: list[Row]) -> None:
        """Insert rows through an Arrow table: one statement per table and batch, far faster
        than bound VALUES parameters (DuckDB binds each parameter one by one)."""
        if not rows:
            return
        try:
            data = _arrow_rows(rows, self._arrow_schema(table))
        except (pa.ArrowException, TypeError, ValueError, OverflowError):
            self._insert_values(table, rows)  # a value Arrow cannot type: bind it plainly
            return
        self.con.register("_eventwire_rows", data)
        try:
            self.con.execute(f"INSERT INTO {table} SELECT * FROM _eventwire_rows")  # fixed names
        finally:
            self.con.unregister("_eventwire_rows")

    def _arrow_schema(self, table: str) -> pa.Schema:
        if table not in self._schemas:
            cols = self.con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position", [table]).fetchall()
            self._schemas[table] = pa.schema([(name, _ARROW[kind]) for name, kind in cols])
        return self._schemas[table]

    def _insert_values(self, table: str, rows: list[Row]) -> None:
        """Insert rows with multi-row VALUES statements (DuckDB's executemany runs one
        statement per row, over ten times slower)."""
        for at in range(0, len(rows), _CHUNK):
            chunk = rows[at:at + _CHUNK]
            marks = "(" + ", ".join("?" * len(chunk[0])) + ")"
            values = ", ".join([marks] * len(chunk))
            self.con.execute(f"INSERT INTO {table} VALUES {values}",  # fixed table names
                             [v for row in chunk for v in row])

    def _rollback(self) -> None:
        with contextlib.suppress(duckdb.Error):  # no transaction was open
            self.con.execute("ROLLBACK")

    def reader(self) -> Reader:
        """A reader over this store in this process (its own cursor, sees committed data)."""
        return Reader(connection=self.con.cursor())

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class Reader:
    """Read-only queries over a store: events, documents, rejections and counts."""

    def __init__(self, path: str | Path | None = None, *,
                 connection: duckdb.DuckDBPyConnection | None = None) -> None:
        if connection is None:
            self.path = Path(path) if path is not None else default_path()
            if not self.path.is_file():
                raise StoreError(f"no store at {self.path}: run 'eventwire ingest' first",
                                 code="E401")
            connection = _connect(self.path, read_only=True)
        self.con = connection

    def relation(self, flt: EventFilter | None = None,
                 limit: int | None = None) -> duckdb.DuckDBPyRelation:
        """The events matching ``flt`` as a DuckDB relation (columns of ``EVENT_COLUMNS``)."""
        sql, params = events_sql(flt or EventFilter(), limit)
        return self.con.sql(sql, params=params)

    def events(self, flt: EventFilter | None = None,
               limit: int | None = None) -> list[dict[str, Any]]:
        """The events matching ``flt`` as plain dicts, oldest first."""
        rel = self.relation(flt, limit)
        return [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]

    def document(self, doc_id: str) -> StoredDocument:
        """One stored document; raises StoreError E403 if there is none with that id."""
        row = _first(self.con, f"SELECT {_DOC_COLUMNS} FROM documents WHERE id = ?", [doc_id])
        if row is None:
            raise StoreError(f"no document with id {doc_id!r} in the store", code="E403")
        return _stored(row)

    def documents(self, doc_ids: Iterable[str] | None = None) -> Iterator[StoredDocument]:
        """Stored documents in id order (all, or those of ``doc_ids``)."""
        if doc_ids is None:
            # a cursor of its own: the caller may query the store between two batches
            cur = self.con.cursor()
            cur.execute(f"SELECT {_DOC_COLUMNS} FROM documents ORDER BY id")
            while batch := cur.fetchmany(256):
                yield from (_stored(row) for row in batch)
            cur.close()
            return
        for doc_id in doc_ids:
            yield self.document(doc_id)

    def event_records(
        self, flt: EventFilter | None = None
    ) -> Iterator[tuple[StoredDocument, Event]]:
        """Each matching event with its document, grouped by document, in text order."""
        where, params = (flt or EventFilter()).where()
        keys = self.con.execute(
            f"SELECT e.doc_id, e.idx FROM events e JOIN documents d ON d.id = e.doc_id{where} "
            "ORDER BY e.doc_id, e.idx", params).fetchall()
        current: StoredDocument | None = None
        for doc_id, idx in keys:
            if current is None or current.document.id != doc_id:
                current = self.document(doc_id)
            yield current, current.document.events[idx]

    def rejected(self) -> list[Rejected]:
        """Every rejection recorded, oldest first."""
        rows = self.con.execute(
            'SELECT id, source, stage, code, reason FROM rejected ORDER BY "at", id').fetchall()
        return [Rejected(*row) for row in rows]

    def counts(self) -> dict[str, int]:
        """Number of rows in each table."""
        out = {}
        for table in ("documents", *CHILD_TABLES, "rejected"):  # fixed names
            row = _first(self.con, f"SELECT count(*) FROM {table}")
            out[table] = int(row[0]) if row else 0
        return out

    def schema_version(self) -> int:
        row = _first(self.con, "SELECT max(version) FROM schema_version")
        return int(row[0]) if row and row[0] is not None else 0

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


#: Arrow types of the DuckDB column types the tables use.
_ARROW: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(), "INTEGER": pa.int32(), "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(), "DATE": pa.date32(), "TIMESTAMP": pa.timestamp("us"),
    "VARCHAR[]": pa.list_(pa.string()), "UINTEGER[]": pa.list_(pa.uint32()),
}  # fmt: skip


def _arrow_rows(rows: list[Row], schema: pa.Schema) -> pa.Table:
    columns = list(zip(*rows, strict=True))
    arrays = [pa.array(col, type=kind) for col, kind in zip(columns, schema.types, strict=True)]
    return pa.Table.from_arrays(arrays, schema=schema)


def _batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= max(1, size):
            yield batch
            batch = []
    if batch:
        yield batch


def _first(con: duckdb.DuckDBPyConnection, sql: str,
           params: list[Any] | None = None) -> tuple[Any, ...] | None:
    """The first row of a query, reading the result to its end (DuckDB wants that)."""
    rows = con.execute(sql, params or []).fetchall()
    return rows[0] if rows else None


_DOC_COLUMNS = "doc_json, source, ingested_at, author, site"


def _stored(row: tuple[Any, ...]) -> StoredDocument:
    doc = Document.from_dict(json.loads(row[0]))
    # fields outside the JSON contract travel in their own columns
    doc.source, doc.author, doc.site = row[1] or "", row[3], row[4]
    return StoredDocument(doc, doc.source, row[2])


def _now() -> datetime:
    # naive UTC: DuckDB's TIMESTAMP has no zone, and every writer uses UTC
    return datetime.now(UTC).replace(tzinfo=None)
