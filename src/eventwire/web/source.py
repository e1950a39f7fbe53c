"""Where the server reads from: a private snapshot of the store, refreshed when it changes.

DuckDB lets one process write a file while no other process may open it, not even read-only;
and a reader that held the file open would stop ``eventwire ingest`` from starting. So the
server never keeps the live store open: when the file has changed and no writer holds it, it
copies it (with its WAL, if a writer crashed) to a private snapshot and reads that. While an
ingest runs, requests go on being answered from the last snapshot, marked with its time; the
next request after the ingest ends picks up the new data. Writes made through the server open
the store only for the write and refresh the snapshot at once (read-your-writes).
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
import threading
import time
import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb

try:  # DuckDB locks its files with fcntl on POSIX systems
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

from eventwire.errors import StoreError, WebError
from eventwire.records import Document, Rejected
from eventwire.store import Reader, Store

log = logging.getLogger(__name__)

#: seconds between two looks at the store file's size and time (a stat, no lock).
CHECK_INTERVAL = 1.0


@dataclass(frozen=True)
class Stamp:
    """What identifies one state of the store file: size and modification time of db + WAL."""

    db: tuple[int, int] | None
    wal: tuple[int, int] | None


@dataclass
class Snapshot:
    """One private copy of the store and the read-only connection open on it."""

    path: Path
    con: duckdb.DuckDBPyConnection
    stamp: Stamp
    taken_at: datetime


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_size, st.st_mtime_ns


def _wal(path: Path) -> Path:
    return path.with_name(path.name + ".wal")


def stamp(path: Path) -> Stamp:
    """The current :class:`Stamp` of the store at ``path``."""
    return Stamp(_stat(path), _stat(_wal(path)))


def writer_active(path: Path) -> bool:
    """Whether another process holds the store open for writing."""
    if fcntl is None:
        return _writer_active_duckdb(path)
    try:
        fd = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.lockf(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)  # a writer's exclusive lock refuses this
    except OSError:
        return True
    else:
        fcntl.lockf(fd, fcntl.LOCK_UN)
        return False
    finally:
        os.close(fd)


def _writer_active_duckdb(path: Path) -> bool:
    # Where there is no fcntl (Windows), ask DuckDB itself: a read-only open fails while a
    # writer holds the file. The connection is closed at once.
    if not path.exists():
        return False
    try:
        duckdb.connect(str(path), read_only=True).close()
    except duckdb.IOException:
        return True
    except duckdb.Error:
        return False
    return False


class SnapshotSource:
    """Readers over a snapshot of the store at ``path``; also the server's occasional writer."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._dir: Path | None = None  # made with the first snapshot
        self._lock = threading.RLock()
        self._current: Snapshot | None = None
        self._retired: list[Snapshot] = []
        self._checked = 0.0
        self._generation = 0
        self.writer_active = False

    @contextlib.contextmanager
    def reader(self) -> Iterator[Reader]:
        """A reader over the freshest snapshot that could be taken (its own cursor)."""
        snap = self.refresh()
        cursor = snap.con.cursor()
        try:
            yield Reader(connection=cursor)
        finally:
            cursor.close()

    def refresh(self, force: bool = False) -> Snapshot:
        """The snapshot to read, copied anew if the store changed and no writer holds it."""
        with self._lock:
            now = time.monotonic()
            if force or self._current is None or now - self._checked >= CHECK_INTERVAL:
                self._checked = now
                self._update()
            if self._current is None:
                raise self._unavailable()
            return self._current

    def _update(self) -> None:
        current = stamp(self.path)
        self.writer_active = writer_active(self.path)
        if self._current is not None and current == self._current.stamp:
            return
        if self.writer_active or current.db is None:
            return
        snap = self._copy(current)
        if snap is not None:
            self._swap(snap)

    def _snapshot_dir(self) -> Path:
        if self._dir is None:
            self._dir = Path(tempfile.mkdtemp(prefix="eventwire-serve-"))
            # a server stopped without its shutdown hook still leaves no copies behind
            weakref.finalize(self, shutil.rmtree, self._dir, True)
        return self._dir

    def _copy(self, before: Stamp) -> Snapshot | None:
        self._generation += 1
        dest = self._snapshot_dir() / f"snapshot-{self._generation}.duckdb"
        shutil.copyfile(self.path, dest)
        if before.wal is not None:
            with contextlib.suppress(FileNotFoundError):
                shutil.copyfile(_wal(self.path), _wal(dest))
        if stamp(self.path) != before:  # a writer started during the copy: try again later
            _remove(dest)
            return None
        try:
            con = duckdb.connect(str(dest), read_only=True)
        except duckdb.Error as exc:
            log.warning("snapshot of %s unreadable, keeping the previous one: %s", self.path, exc)
            _remove(dest)
            return None
        return Snapshot(dest, con, before, datetime.now(UTC))

    def _swap(self, snap: Snapshot) -> None:
        # The snapshot before the previous one can go: requests are short, and each holds only
        # a cursor of the snapshot that was current when it started.
        for old in self._retired:
            _close(old)
        self._retired = [self._current] if self._current else []
        self._current = snap

    def _unavailable(self) -> WebError | StoreError:
        if self.writer_active:
            return WebError(f"store {self.path} is held by a running ingest and no snapshot "
                            "was taken yet; retry when it has finished", code="E704")
        return StoreError(f"no store at {self.path}: run 'eventwire ingest' first", code="E401")

    def status(self) -> dict[str, object]:
        """When the data being served was taken and whether an ingest holds the store."""
        snap = self._current
        return {
            "store": str(self.path),
            "snapshot_at": snap.taken_at.isoformat(timespec="seconds") if snap else None,
            "writer_active": self.writer_active,
        }

    def write(self, item: Document | Rejected) -> str:
        """Write one item with a short-lived writer, then refresh the snapshot to include it."""
        with self._lock:
            try:
                with Store(self.path) as store:
                    doc_id = store.write(item)
            except StoreError as exc:
                if exc.code == "E401" and writer_active(self.path):
                    raise WebError("the store is held by a running ingest; retry when it has "
                                   "finished", code="E704") from exc
                raise
            self.refresh(force=True)
            return doc_id

    def close(self) -> None:
        """Close every snapshot and delete the private copies."""
        with self._lock:
            for snap in [*self._retired, *([self._current] if self._current else [])]:
                _close(snap)
            self._current, self._retired = None, []
            if self._dir is not None:
                shutil.rmtree(self._dir, ignore_errors=True)


def _close(snap: Snapshot) -> None:
    with contextlib.suppress(duckdb.Error):
        snap.con.close()
    _remove(snap.path)


def _remove(path: Path) -> None:
    for p in (path, _wal(path)):
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
