"""Checking and repairing a store file: ``eventwire doctor``.

``check`` reads every row of every table (DuckDB verifies each block's checksum as it reads,
so a damaged block shows up as an unreadable table), compares the schema version and the
tables with this eventwire's, counts the rows and the orphans (child rows whose document is
gone). ``repair`` never edits the damaged file: it moves it (and its WAL) aside, creates a
fresh store at the same path and copies into it whatever can still be read, table by table and,
when a whole table fails, slice by slice, reporting the rows it could not save.
"""

from __future__ import annotations

import contextlib
import shutil
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import duckdb

from eventwire.dedup import link_articles
from eventwire.errors import StoreError
from eventwire.store.duck import Store
from eventwire.store.schema import CHILD_TABLES, SCHEMA_VERSION

#: Every table of the current schema, in the order they are checked and copied.
TABLES: tuple[str, ...] = ("schema_version", "documents", *CHILD_TABLES, "article_links",
                           "article_bands", "rejected")
#: Tables a repair rebuilds rather than copies: derived from the others.
DERIVED: tuple[str, ...] = ("article_bands",)
#: Tables whose ``doc_id`` must name a stored document.
DOC_TABLES: tuple[str, ...] = (*CHILD_TABLES, "article_links", "article_bands")
#: Rows per slice when a table cannot be copied whole.
SLICE = 1024


@dataclass
class Health:
    """What ``check`` found; ``ok`` when there is nothing to repair."""

    path: Path
    schema_version: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    orphans: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Repair:
    """What ``repair`` did: rows copied and lost per table, and where the old file went."""

    path: Path
    kept_aside: Path
    copied: dict[str, int] = field(default_factory=dict)
    lost: dict[str, int] = field(default_factory=dict)
    orphans_dropped: dict[str, int] = field(default_factory=dict)
    relinked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Nothing lost: every row copied, or (duplicate links) rebuilt from the documents."""
        lost = {t: n for t, n in self.lost.items() if n}
        if lost.get("article_links", 0) <= self.relinked:
            lost.pop("article_links", None)
        return not lost and not self.problems


def open_read_only(path: Path) -> duckdb.DuckDBPyConnection:
    """A read-only connection; StoreError E401 when the file is missing or not a store."""
    if not path.is_file():
        raise StoreError(f"no store at {path}", code="E401")
    try:
        return duckdb.connect(str(path), read_only=True)
    except (duckdb.Error, OSError) as exc:
        raise StoreError(f"cannot open store {path}: {exc}", code="E401") from exc


def check(path: Path) -> Health:
    """The health of the store at ``path``; raises E401 only when it cannot be opened at all."""
    health = Health(path)
    con = open_read_only(path)
    try:
        present = _tables(con)
        health.problems += [f"table {t} is missing" for t in TABLES if t not in present]
        for table in (t for t in TABLES if t in present):
            _check_table(con, table, health)
        _check_version(con, health)
        _check_orphans(con, present, health)
    finally:
        con.close()
    return health


def _tables(con: duckdb.DuckDBPyConnection, schema: str = "main") -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = ?", [schema]).fetchall()
    return {str(r[0]) for r in rows}


def _check_table(con: duckdb.DuckDBPyConnection, table: str, health: Health) -> None:
    # Why hash every row: count(*) comes from metadata; hashing reads (and checksums) each block.
    try:
        row = con.execute(f"SELECT count(*), sum(hash(x)) FROM {table} x").fetchall()[0]
    except duckdb.Error as exc:
        health.problems.append(f"table {table} cannot be read: {_short(exc)}")
        return
    health.counts[table] = int(row[0])


def _check_version(con: duckdb.DuckDBPyConnection, health: Health) -> None:
    try:
        row = con.execute("SELECT max(version) FROM schema_version").fetchall()[0]
    except duckdb.Error:
        return  # already reported as missing or unreadable
    health.schema_version = int(row[0]) if row[0] is not None else None
    if health.schema_version != SCHEMA_VERSION:
        health.problems.append(f"schema version {health.schema_version}, this eventwire "
                               f"writes {SCHEMA_VERSION}")


def _check_orphans(con: duckdb.DuckDBPyConnection, present: set[str], health: Health) -> None:
    if "documents" not in present:
        return
    for table in (t for t in DOC_TABLES if t in present):
        try:
            row = con.execute(f"SELECT count(*) FROM {table} WHERE doc_id NOT IN "
                              "(SELECT id FROM documents)").fetchall()[0]
        except duckdb.Error:
            continue  # unreadable tables are reported by _check_table
        if row[0]:
            health.orphans[table] = int(row[0])
            health.problems.append(f"{row[0]} rows of {table} belong to no document")


def repair(path: Path) -> Repair:
    """Move the store aside and copy what can be read into a fresh store at ``path``."""
    if not path.is_file():
        raise StoreError(f"no store at {path}: nothing to repair", code="E401")
    _refuse_if_in_use(path)
    aside = _move_aside(path)
    result = Repair(path, aside)
    with Store(path) as store:
        store.con.execute("DELETE FROM schema_version")  # the old rows are copied below
        try:
            store.con.execute(f"ATTACH '{_quoted(aside)}' AS old (READ_ONLY)")
        except duckdb.Error as exc:
            result.problems.append(f"nothing can be read from {aside}: {_short(exc)}")
            store.con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION])
            return result
        _copy_all(store.con, result)
        store.con.execute("DETACH old")
        result.relinked = _relink(store)
    return result


def _refuse_if_in_use(path: Path) -> None:
    """E401 when another process (an ingest) holds the store: moving it aside would lose
    what that process writes next."""
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.Error as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"store {path} is in use by another process (an ingest?); "
                             "repair it when that is done", code="E401") from exc


def _move_aside(path: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    aside = path.with_name(f"{path.name}.broken-{stamp}")
    shutil.move(path, aside)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():  # the log belongs with its database
        shutil.move(wal, aside.with_name(aside.name + ".wal"))
    return aside


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


def _copy_all(con: duckdb.DuckDBPyConnection, result: Repair) -> None:
    old = _tables_of(con, "old")
    for table in (t for t in TABLES if t not in DERIVED):
        if table not in old:
            result.problems.append(f"table {table} is missing from the old store")
            continue
        result.copied[table], result.lost[table] = _copy_table(con, table)
    if not con.execute("SELECT 1 FROM schema_version").fetchall():
        con.execute("INSERT INTO schema_version VALUES (?, now())", [SCHEMA_VERSION])
    _drop_orphans(con, result)


def _tables_of(con: duckdb.DuckDBPyConnection, catalog: str) -> set[str]:
    rows = con.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_catalog = ?", [catalog]).fetchall()
    return {str(r[0]) for r in rows}


def _copy_table(con: duckdb.DuckDBPyConnection, table: str) -> tuple[int, int]:
    """(rows copied, rows lost) of one table; whole first, then slice by slice."""
    total = int(con.execute(f"SELECT count(*) FROM old.{table}").fetchall()[0][0])
    try:
        con.execute(f"INSERT INTO main.{table} SELECT * FROM old.{table}")
        return total, 0
    except duckdb.Error:
        pass
    top = con.execute(f"SELECT max(rowid) FROM old.{table}").fetchall()[0][0]
    for low in range(0, int(top or 0) + 1, SLICE):
        with contextlib.suppress(duckdb.Error):  # a damaged slice is counted as lost
            con.execute(f"INSERT INTO main.{table} SELECT * FROM old.{table} "
                        "WHERE rowid >= ? AND rowid < ?", [low, low + SLICE])
    copied = int(con.execute(f"SELECT count(*) FROM main.{table}").fetchall()[0][0])
    return copied, total - copied


def _drop_orphans(con: duckdb.DuckDBPyConnection, result: Repair) -> None:
    # Why drop them: rows of a lost document cannot be shown without it; the old file keeps them.
    for table in DOC_TABLES:
        row = con.execute(f"SELECT count(*) FROM main.{table} WHERE doc_id NOT IN "
                          "(SELECT id FROM main.documents)").fetchall()[0]
        if row[0]:
            con.execute(f"DELETE FROM main.{table} WHERE doc_id NOT IN "
                        "(SELECT id FROM main.documents)")
            result.orphans_dropped[table] = int(row[0])


def _relink(store: Store) -> int:
    """Rebuild the band keys of the copied duplicate links, then the links of saved
    documents whose link rows were lost; returns how many documents were relinked."""
    store.articles.rebuild_bands()
    rows = store.con.execute("SELECT id, text FROM documents WHERE id NOT IN "
                             "(SELECT doc_id FROM article_links) ORDER BY id").fetchall()
    for at in range(0, len(rows), SLICE):
        link_articles([(str(d), str(t or "")) for d, t in rows[at:at + SLICE]], store.articles)
    return len(rows)


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:200]
