"""``eventwire code``: code articles and print one JSON document per line."""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from eventwire.commands._options import iso_date
from eventwire.records import Rejected
from eventwire.runners.local import code_inputs


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "code",
        help="code articles to JSONL on stdout",
        description="Code articles (.txt, .html, .jsonl, .csv, directories; '-' or nothing for "
        "stdin) and print one JSON document per line on stdout. Rejected documents are "
        "reported on stderr with their error code; the exit code is 1 if any were rejected.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT", help="files or directories ('-' = stdin)")
    p.add_argument(
        "--pub-date", metavar="YYYY-MM-DD", help="publication date for inputs without one"
    )
    p.add_argument("--pretty", action="store_true", help="indent the JSON (not JSONL then)")
    p.add_argument("--batch-size", type=int, metavar="N", help="documents per pipeline batch")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    counts: Counter[str] = Counter()
    pub_date = iso_date(args.pub_date)
    for result in code_inputs(args.inputs, pub_date, args.batch_size):
        if isinstance(result, Rejected):
            counts[result.code] += 1
            print(
                f"eventwire: rejected {result.source or result.id}: {result.code}: "
                f"{result.reason} (stage {result.stage})",
                file=sys.stderr,
            )
            continue
        json.dump(
            result.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None
        )
        sys.stdout.write("\n")
        sys.stdout.flush()
    return 1 if counts else 0
