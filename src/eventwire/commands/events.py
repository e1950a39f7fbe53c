"""``eventwire events`` lists stored events; ``eventwire show`` prints one stored document."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from eventwire.export.text import cell, format_document, format_table, write_csv, write_jsonl
from eventwire.store import EVENT_COLUMNS, EventFilter, Reader
from eventwire.store.query import CLUSTER_COLUMNS, clusters_relation

#: (column of a clusters listing, header, width, right-aligned) shown by the readable table.
CLUSTER_TABLE: tuple[tuple[str, str, int, bool], ...] = (
    ("event", "EVENT", 9, False),
    ("actor", "ACTOR", 9, False),
    ("recipient", "RECIPIENT", 9, False),
    ("date", "DATE", 10, False),
    ("place", "PLACE", 16, False),
    ("mentions", "MENTIONS", 8, True),
    ("articles", "ARTICLES", 8, True),
    ("sources", "SOURCES", 7, True),
    ("example_doc", "EXAMPLE", 24, False),
)


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "events",
        help="list stored events, filtered",
        description="List events from the store, oldest first. Filters combine with AND; "
        "--actor/--recipient match any code of the event's actors/recipients; --since/--until "
        "take YYYY, YYYY-MM or YYYY-MM-DD and keep events whose date overlaps the range. "
        "--clusters lists instead each event reported by several articles once (same type, "
        "actors, recipients, day and place) with its mentions, articles and sources, most "
        "articles first; syndicated copies are not counted.",
    )
    add_filter_options(p)
    p.add_argument("--clusters", action="store_true",
                   help="one row per event across articles, with mention/article/source "
                   "counts (the filters apply to the cluster; dates to its day)")
    p.add_argument("--format", choices=("table", "csv", "jsonl"), default="table",
                   help="output format (default: table)")
    p.add_argument("--limit", type=int, metavar="N", help="print at most N events or clusters")
    p.set_defaults(func=run_events)

    s = sub.add_parser("show", help="print one stored document with its events",
                       description="Print one stored document with its events, readable or "
                       "as the full JSON record.")
    s.add_argument("doc_id", metavar="DOC_ID", help="document id (see 'eventwire events')")
    s.add_argument("--db", metavar="PATH", help="store file (default: ./eventwire.duckdb)")
    s.add_argument("--format", choices=("text", "json"), default="text",
                   help="output format (default: text)")
    s.set_defaults(func=run_show)


def add_filter_options(p: argparse.ArgumentParser) -> None:
    """The store and event filter options shared by ``events`` and ``export``."""
    p.add_argument("--db", metavar="PATH", help="store file (default: ./eventwire.duckdb)")
    p.add_argument("--actor", metavar="CODE", help="actor code, e.g. RUS or IGO")
    p.add_argument("--recipient", metavar="CODE", help="recipient code, e.g. USA")
    p.add_argument("--type", metavar="EVENT", help="PLOVER event type, e.g. CONSULT")
    p.add_argument("--since", metavar="DATE", help="events on or after DATE")
    p.add_argument("--until", metavar="DATE", help="events on or before DATE")


def event_filter(args: argparse.Namespace) -> EventFilter:
    """The filter the command-line options describe (checked; E501 on a bad value)."""
    return EventFilter.parse(actor=args.actor, recipient=args.recipient, type=args.type,
                             since=args.since, until=args.until)


def run_events(args: argparse.Namespace) -> int:
    flt = event_filter(args)
    if args.clusters:
        return run_clusters(flt, args)
    with Reader(args.db) as reader:
        rows = reader.events(flt, args.limit)
    return _write(rows, args.format, format_table, [name for name, _ in EVENT_COLUMNS])


def run_clusters(flt: EventFilter, args: argparse.Namespace) -> int:
    """``eventwire events --clusters``: the clusters matching ``flt``, most articles first."""
    with Reader(args.db) as reader:
        rel = clusters_relation(reader.con, flt, args.limit)
        rows = [dict(zip(rel.columns, row, strict=True)) for row in rel.fetchall()]
    return _write(rows, args.format, format_clusters, [name for name, _ in CLUSTER_COLUMNS])


def _write(rows: list[dict[str, Any]], fmt: str, table: Callable[[Sequence[dict[str, Any]]], str],
           columns: list[str]) -> int:
    """Print ``rows`` as a table (``table`` formats it), CSV or JSON lines; exit code 0."""
    if fmt == "table":
        print(table(rows))
    elif fmt == "csv":
        write_csv(rows, columns, sys.stdout)
    else:
        write_jsonl(rows, sys.stdout)
    return 0


def format_clusters(rows: Sequence[dict[str, Any]]) -> str:
    """A fixed-width table of event clusters for the terminal."""
    lines = ["  ".join(_cell(h, w, right) for _, h, w, right in CLUSTER_TABLE).rstrip()]
    for row in rows:
        cells = (_cell(cell(row.get(k), "?"), w, right) for k, _, w, right in CLUSTER_TABLE)
        lines.append("  ".join(cells).rstrip())
    lines.append(f"({len(rows)} cluster{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(text: str, width: int, right: bool) -> str:
    text = text if len(text) <= width else text[: width - 1] + "…"
    return text.rjust(width) if right else text.ljust(width)


def run_show(args: argparse.Namespace) -> int:
    with Reader(args.db) as reader:
        stored = reader.document(args.doc_id)
    if args.format == "json":
        print(json.dumps(stored.document.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(format_document(stored))
    return 0
