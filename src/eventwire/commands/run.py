"""``eventwire run``: code a corpus of shard files into Parquet, locally or on a Ray cluster."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventwire.commands._options import iso_date
from eventwire.runners.engines import ENGINES, RunSummary, get_engine
from eventwire.runners.shards import list_shards


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "run",
        help="code a corpus of shards into Parquet (local processes or a Ray cluster)",
        description="Code every document of the shard files (JSONL, Parquet with a text or "
        "html column, WARC, and the other input formats; maybe gzipped) and write documents, "
        "events and rejections as Parquet under OUTPUT, partitioned by event date. Load the "
        "result into a store with 'eventwire ingest --from-parquet OUTPUT'. Exit code 1 if "
        "any document was rejected.",
    )
    p.add_argument("--input", required=True, metavar="DIR_OR_GLOB",
                   help="a directory (read recursively), a file, or a glob such as 'x/*.jsonl'")
    p.add_argument("--output", required=True, metavar="PARQUET_DIR",
                   help="a new or empty output directory")
    p.add_argument("--engine", choices=ENGINES, default="local",
                   help="where to code: 'local' processes (default) or 'ray'")
    p.add_argument("--workers", type=int, metavar="N",
                   help="coding processes (local, default 1) or Ray actors (default: the "
                   "cluster's CPUs)")
    p.add_argument("--address", metavar="ADDRESS",
                   help="Ray cluster to join, e.g. 'ray://head:10001' or 'auto' (default: "
                   "start Ray on this machine)")
    p.add_argument("--pub-date", metavar="YYYY-MM-DD",
                   help="publication date for documents without one")
    p.set_defaults(func=run)


def run_corpus(input_spec: str, output: Path, engine: str = "local", workers: int | None = None,
               address: str | None = None, pub_date: str | None = None) -> RunSummary:
    """Code the shards ``input_spec`` names with ``engine`` and write them under ``output``."""
    shards = list_shards(input_spec)
    return get_engine(engine, workers, address).run(shards, output, pub_date)


def run(args: argparse.Namespace) -> int:
    summary = run_corpus(args.input, Path(args.output), args.engine, args.workers,
                         args.address, iso_date(args.pub_date))
    print(f"eventwire: {summary.line()}", file=sys.stderr)
    return 1 if summary.rejected else 0
