"""The ``eventwire`` command line: a thin wrapper over plain functions.

Each subcommand lives in ``eventwire.commands.<module>`` and exposes ``register(subparsers)``;
this module only assembles them, handles errors and sets exit codes:
0 all good, 1 some documents rejected, 2 usage error, 3 flags raised (``check``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from eventwire import __version__
from eventwire.errors import EventwireError

#: (module under eventwire.commands, help-group title), in the order shown by ``--help``.
COMMAND_MODULES: tuple[tuple[str, str], ...] = (
    ("code", "coding"),
    ("check", "coding"),
    ("ingest", "store"),
    ("watch", "store"),
    ("events", "store"),
    ("export", "store"),
    ("doctor", "store"),
    ("run", "scale"),
    ("serve", "serving"),
    ("actors", "dictionaries"),
    ("evaluate", "evaluation"),
)

EPILOG = """commands by purpose:
  coding        code, check
  store         ingest, watch, events, show, export, doctor
  scale         run --engine local|ray (Parquet in, Parquet out)
  serving       serve (HTTP API and web page)
  dictionaries  actors import-petrarch | import-wikidata | lookup
  evaluation    evaluate plover-gsr | petrarch | geo | timex | extraction | checks

Run 'eventwire COMMAND --help' for the options of one command."""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="eventwire",
        description="Code political events (PLOVER) and article knowledge records from news.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"eventwire {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress details")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module, _group in COMMAND_MODULES:
        importlib.import_module(f"eventwire.commands.{module}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING,
        format="eventwire: %(levelname)s: %(message)s",
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args))
    except EventwireError as err:
        print(f"eventwire: error: {err}", file=sys.stderr)
        return 2 if err.code.startswith(("E5", "E6")) else 1
    except KeyboardInterrupt:
        print("eventwire: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
