"""``eventwire evaluate NAME PATH``: score eventwire against reference data."""

from __future__ import annotations

import argparse
import importlib
import json
from pathlib import Path

from eventwire.errors import EvaluationError

#: evaluation name -> (module with evaluate(path) and format_report(result), what it scores)
EVALUATIONS: dict[str, tuple[str, str]] = {
    "plover-gsr": ("eventwire.evaluate.plover_gsr", "event types and actors on the PLOVER gold"),
    "petrarch": ("eventwire.evaluate.petrarch", "CAMEO triples on PETRARCH2's unit-test records"),
    "geo": ("eventwire.evaluate.geo", "toponym resolution on GeoWebNews"),
    "timex": ("eventwire.evaluate.timex", "TIMEX3 dates and times on TempEval-3 TimeML files"),
    "extraction": ("eventwire.evaluate.extraction", "body extraction on the Zyte benchmark"),
    "checks": ("eventwire.checks.score", "contradiction flags on a JSONL set of articles"),
}


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "evaluate",
        help="score eventwire on reference data",
        description="Score eventwire on reference data and print the figures.\n\n"
        + "\n".join(f"  {k:<12} {v[1]}" for k, v in EVALUATIONS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("name", choices=sorted(EVALUATIONS), help="which evaluation")
    p.add_argument("path", type=Path, help="reference file or directory")
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.path.exists():
        raise EvaluationError(f"reference data not found: {args.path}", code="E601")
    module = importlib.import_module(EVALUATIONS[args.name][0])
    result = module.evaluate(args.path)
    print(json.dumps(result, indent=2, default=str) if args.json else module.format_report(result))
    return 0
