"""``eventwire ingest``: code articles and store them in the embedded DuckDB store."""

from __future__ import annotations

import argparse
import sys

from eventwire.commands._options import iso_date
from eventwire.errors import UsageError
from eventwire.settings import SETTINGS, load_settings
from eventwire.sources.fetch import Fetcher
from eventwire.store.ingest import IngestOptions, ingest


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "ingest",
        help="code articles and store them in a DuckDB file",
        description="Code articles (.txt, .html, .jsonl, .csv, maybe .gz; RSS/Atom feeds "
        ".rss/.atom/.xml; web archives .warc/.warc.gz; .urls files listing pages or feeds to "
        "fetch; http(s) URLs; directories; '-' for stdin) and store documents, entities, "
        "places, dates, quotes, flags and events in a DuckDB file. Re-ingesting a document "
        "with the same id replaces it; copies of stored articles are linked to them. Rejected "
        "documents are recorded in the store and reported on stderr; the exit code is 1 if "
        "any were rejected.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="files, directories or URLs ('-' = stdin)")
    p.add_argument("--from-parquet", metavar="DIR",
                   help="store the already coded output of 'eventwire run' instead of coding")
    p.add_argument("--db", metavar="PATH", help="store file (default: setting 'db', "
                   "./eventwire.duckdb)")
    p.add_argument("--pub-date", metavar="YYYY-MM-DD",
                   help="publication date for inputs without one")
    run_opts = p.add_argument_group("running")
    run_opts.add_argument("--batch-size", type=int, metavar="N",
                          help="documents per pipeline batch (default: setting batch_size, 64)")
    run_opts.add_argument("--commit-size", type=int, metavar="N",
                          help="documents per store transaction (default: setting commit_size, "
                          "256); a killed ingest loses at most the coded ones not yet committed")
    run_opts.add_argument("--workers", type=int, default=1, metavar="N",
                          help="coding processes on this machine (default 1)")
    run_opts.add_argument("--resume", action="store_true",
                          help="skip inputs already in the store (after a crash)")
    add_fetch_options(p)
    p.set_defaults(func=run)


#: The fetcher's flags: (flag, setting it overrides, metavar); help and default come from the
#: setting, so each default is declared once, in settings.py.
FETCH_FLAGS: tuple[tuple[str, str, str], ...] = (
    ("--timeout", "fetch_timeout", "SECONDS"),
    ("--deadline", "fetch_deadline", "SECONDS"),
    ("--retries", "fetch_retries", "N"),
    ("--per-host-interval", "fetch_per_host_interval", "SECONDS"),
    ("--fetch-max-bytes", "fetch_max_bytes", "N"),
    ("--user-agent", "fetch_user_agent", "TEXT"),
    ("--allow-private", "fetch_allow_private", ""),
)


def add_fetch_options(p: argparse.ArgumentParser) -> None:
    """Options of the web fetcher, shared with ``eventwire watch``; a flag not given leaves its
    setting (config file, ``EVENTWIRE_FETCH_*``, packaged default) in force."""
    web = p.add_argument_group("fetching URLs and feeds")
    declared = {s.name: s for s in SETTINGS}
    for flag, name, metavar in FETCH_FLAGS:
        setting = declared[name]
        shown = "eventwire/VERSION" if name == "fetch_user_agent" else setting.default
        text = f"{setting.help} (default {shown}; setting {name})".replace("%", "%%")
        if isinstance(setting.default, bool):
            web.add_argument(flag, dest=name, action=argparse.BooleanOptionalAction, help=text)
        else:
            web.add_argument(flag, dest=name, type=type(setting.default), metavar=metavar,
                             help=text)


def fetcher_from(args: argparse.Namespace) -> Fetcher:
    """The fetcher the fetch flags and settings describe; E501 for a value out of bounds."""
    flags = {name: getattr(args, name, None) for _flag, name, _metavar in FETCH_FLAGS}
    return Fetcher.from_settings(load_settings(flags))


def from_parquet(args: argparse.Namespace) -> int:
    """Store the documents and rejections of an ``eventwire run`` output directory."""
    from pathlib import Path

    from eventwire.runners.coded import read_output
    from eventwire.store import Store
    from eventwire.store.ingest import store_results

    if args.inputs:
        raise UsageError("give either INPUT files or --from-parquet DIR, not both", "E501")
    with Store(args.db) as store:
        summary = store_results(read_output(Path(args.from_parquet)), store, sys.stderr)
    print(f"eventwire: {summary.line()}", file=sys.stderr)
    return 1 if summary.rejected else 0


def run(args: argparse.Namespace) -> int:
    if args.from_parquet:
        return from_parquet(args)
    if not args.inputs:
        raise UsageError("no INPUT given (files, directories, URLs, '-' for stdin)", "E501")
    if args.workers < 1:
        raise UsageError(f"--workers expects a number >= 1, got {args.workers}", code="E501")
    for flag, value in (("--batch-size", args.batch_size), ("--commit-size", args.commit_size)):
        if value is not None and value < 1:
            raise UsageError(f"{flag} expects a number >= 1, got {value}", code="E501")
    opts = IngestOptions(batch_size=args.batch_size, commit_size=args.commit_size,
                         workers=args.workers, resume=args.resume, fetcher=fetcher_from(args))
    summary = ingest(args.inputs, args.db, iso_date(args.pub_date), options=opts)
    print(f"eventwire: {summary.line()}", file=sys.stderr)
    return 1 if summary.rejected else 0
