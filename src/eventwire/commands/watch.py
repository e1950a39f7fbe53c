"""``eventwire watch``: poll RSS/Atom feeds and store their new articles, until interrupted."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from eventwire.commands.ingest import add_fetch_options, fetcher_from
from eventwire.sources.watch import parse_every, watch


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "watch",
        help="poll feeds and store their new articles",
        description="Read the feeds listed in FEEDS_FILE (one URL or file path a line, '#' "
        "comments) every interval, code the entries not seen before and store them. A feed "
        "that is down or returns garbage is reported and skipped until the next round. "
        "Stop it with Ctrl-C; the store holds everything stored so far.",
    )
    p.add_argument("feeds_file", metavar="FEEDS_FILE", help="file listing the feeds")
    p.add_argument("--db", metavar="PATH", help="store file (default: setting 'db')")
    p.add_argument("--every", default="10m", metavar="DURATION",
                   help="time between rounds, e.g. 30s, 10m, 1h (default 10m)")
    p.add_argument("--once", action="store_true", help="one round, then exit")
    p.add_argument("--no-fetch-articles", dest="fetch_articles", action="store_false",
                   help="code the feed's own summary instead of fetching the linked page "
                   "when an entry holds only a teaser")
    add_fetch_options(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    every = parse_every(args.every)
    summary = watch(Path(args.feeds_file), args.db, every, fetcher_from(args), once=args.once,
                    log=sys.stderr, fetch_articles=args.fetch_articles)
    return 1 if summary.failed or summary.stored.rejected else 0
