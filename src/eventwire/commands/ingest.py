"""``eventwire ingest``: code articles and store them in the embedded DuckDB store."""

from __future__ import annotations

import argparse
import sys

from eventwire.commands._options import iso_date
from eventwire.store.ingest import ingest


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="code articles and store them in a DuckDB file",
        description="Code articles (.txt, .html, .jsonl, directories; '-' for stdin) and store "
        "documents, entities, places, dates, quotes, flags and events in a DuckDB file. "
        "Re-ingesting a document with the same id replaces it. Rejected documents are "
        "recorded in the store and reported on stderr; the exit code is 1 if any were rejected.",
    )
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files or directories ('-' = stdin)")
    p.add_argument("--db", metavar="PATH", help="store file (default: setting 'db', "
                   "./eventwire.duckdb)")
    p.add_argument("--pub-date", metavar="YYYY-MM-DD",
                   help="publication date for inputs without one")
    p.add_argument("--batch-size", type=int, metavar="N", help="documents per pipeline batch")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    summary = ingest(args.inputs, args.db, iso_date(args.pub_date), args.batch_size)
    print(f"eventwire: {summary.line()}", file=sys.stderr)
    return 1 if summary.rejected else 0
