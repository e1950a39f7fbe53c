"""Exports of the store in the event-data ecosystem's formats.

========================  ================================================================
format                    what
========================  ================================================================
``plover``                PLOVER JSONL, one event record per line (the manual's JSON record)
``gdelt-events``          GDELT 2.0 event table, 61 tab-separated columns, one row per dyad
                          of each event cluster (its first report, with the cluster's counts)
``gdelt-mentions``        GDELT 2.0 mentions table, 16 tab-separated columns, one row per dyad
                          of each original article's report of a cluster
``gkg``                   GDELT GKG 2.1-style rows, 27 tab-separated columns, one per document
``phoenix``               Phoenix event data, 26 tab-separated columns, one row per dyad
``parquet``               Parquet dataset partitioned by event date (needs an output directory)
``csv``                   the ``eventwire events`` listing as CSV
========================  ================================================================
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from eventwire.errors import UsageError
from eventwire.store import EventFilter, Reader

FORMATS: tuple[str, ...] = (
    "plover", "gdelt-events", "gdelt-mentions", "gkg", "phoenix", "parquet", "csv",
)  # fmt: skip


@contextmanager
def _output(path: Path | None) -> Iterator[TextIO]:
    if path is None:
        yield sys.stdout
        return
    with path.open("w", encoding="utf-8", newline="") as out:
        yield out


def _tsv(rows: Iterable[list[Any]], out: TextIO, header: tuple[str, ...] | None) -> int:
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE,
                        escapechar=None, quotechar=None)
    if header:
        writer.writerow(header)
    n = 0
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
        n += 1
    return n


def _tabular(reader: Reader, fmt: str, flt: EventFilter, fips: bool) -> Iterator[list[Any]]:
    from eventwire.export import gdelt, phoenix

    # GDELT keeps one event across articles (the store's clusters); Phoenix one per article
    if fmt == "gdelt-events":
        yield from gdelt.events_table(reader, flt, fips)
    elif fmt == "gdelt-mentions":
        yield from gdelt.mentions_table(reader, flt)
    else:
        for stored, ev in reader.event_records(flt):
            yield from phoenix.rows(stored, ev)


def _gkg(reader: Reader, flt: EventFilter, fips: bool) -> Iterator[list[Any]]:
    from eventwire.export import gkg

    ids = _document_ids(reader, flt)
    for n, stored in enumerate(reader.documents(ids), start=1):
        yield gkg.row(stored, n, fips)


def _document_ids(reader: Reader, flt: EventFilter) -> list[str] | None:
    """All documents when there is no filter; else those with at least one matching event."""
    if flt == EventFilter():
        return None
    return list(dict.fromkeys(stored.document.id for stored, _ in reader.event_records(flt)))


def header_of(fmt: str) -> tuple[str, ...]:
    """The column names of a tab-separated format, in the published order."""
    from eventwire.export import gdelt, gkg, phoenix

    return {"gdelt-events": gdelt.EVENT_COLUMNS, "gdelt-mentions": gdelt.MENTION_COLUMNS,
            "gkg": gkg.COLUMNS, "phoenix": phoenix.COLUMNS}[fmt]


def export(reader: Reader, fmt: str, flt: EventFilter | None = None, output: Path | None = None,
           fips: bool = False, header: bool = False) -> int:
    """Write the store's events (or documents, for ``gkg``) in ``fmt``; returns rows written.

    ``output`` is a file (stdout when None), a directory for ``parquet``. GDELT and Phoenix
    files have no header line, like the originals; ``header=True`` adds one.
    """
    flt = flt or EventFilter()
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}",
                         code="E502")
    if fmt == "parquet":
        return _parquet(reader, flt, output)
    with _output(output) as out:
        return _write(reader, fmt, flt, out, fips, header)


def _parquet(reader: Reader, flt: EventFilter, output: Path | None) -> int:
    from eventwire.export.tabular import write_parquet

    if output is None:
        raise UsageError("--format parquet needs --output DIRECTORY", code="E501")
    return write_parquet(reader.event_records(flt), output)


def _write(reader: Reader, fmt: str, flt: EventFilter, out: TextIO, fips: bool,
           header: bool) -> int:
    from eventwire.export import plover, tabular

    if fmt == "plover":
        return plover.write(reader.event_records(flt), out)
    if fmt == "csv":
        return tabular.write_events_csv(reader, flt, out)
    rows = _gkg(reader, flt, fips) if fmt == "gkg" else _tabular(reader, fmt, flt, fips)
    return _tsv(rows, out, header_of(fmt) if header else None)
