"""``eventwire export``: the store's events in PLOVER, GDELT, Phoenix, Parquet or CSV form."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventwire.commands.events import add_filter_options, event_filter
from eventwire.export import FORMATS, export
from eventwire.store import Reader


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "export",
        help="export stored events as PLOVER, GDELT, GKG, Phoenix, Parquet or CSV",
        description="Export stored events. plover: PLOVER JSONL; gdelt-events / gdelt-mentions: "
        "GDELT 2.0 tables (61 / 16 tab-separated columns; one event row per actor-recipient "
        "pair of each cross-article event cluster, with its mention, source and article "
        "counts, and one mention row per report); "
        "gkg: GDELT GKG 2.1-style rows, one per document; phoenix: Phoenix 26-column rows; "
        "parquet: a dataset partitioned by event date (--output DIRECTORY); csv: the events "
        "listing. GDELT geography uses ISO alpha-3 country codes unless --fips is given.",
    )
    p.add_argument("--format", required=True, choices=FORMATS, help="export format")
    add_filter_options(p)
    p.add_argument("--output", "-o", type=Path, metavar="PATH",
                   help="output file (default stdout); a directory for parquet")
    p.add_argument("--fips", action="store_true",
                   help="FIPS 10-4 country codes in GDELT/GKG geography fields")
    p.add_argument("--header", action="store_true",
                   help="add a header line to GDELT/GKG/Phoenix files (the originals have none)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    flt = event_filter(args)
    with Reader(args.db) as reader:
        n = export(reader, args.format, flt, args.output, args.fips, args.header)
    if args.output is not None:
        print(f"eventwire: wrote {n} {args.format} rows to {args.output}", file=sys.stderr)
    return 0
