"""``eventwire check``: a fact-checker's report of an article's self-contradictions.

Exit codes: 0 no flags, 3 flags raised, 1 some documents rejected (and no flags), 2 usage.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from eventwire.checks.common import CheckContext
from eventwire.commands._options import iso_date
from eventwire.records import Document, Flag, Rejected

EXIT_CLEAN, EXIT_REJECTED, EXIT_FLAGGED = 0, 1, 3
#: A sentence shown longer than this is cut around the flagged span.
MAX_SENTENCE = 240


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "check",
        help="report self-contradictions in articles (exit 3 when flags are raised)",
        description="Run the pipeline on articles and report their flags (location, speaker, "
        "role, date and number conflicts, removed boilerplate) with the sentences involved. "
        "Exit code 0 when clean, 3 when flags were raised, 1 when documents were rejected.",
    )
    p.add_argument("inputs", nargs="*", metavar="FILE", help="articles ('-' = stdin)")
    p.add_argument("--pub-date", metavar="YYYY-MM-DD",
                   help="publication date for inputs without one (role and date checks use it)")
    p.add_argument("--format", choices=("text", "json"), default="text",
                   help="readable report (default) or one JSON object of flags per document")
    p.set_defaults(func=run)


def _mark(text: str, sent: tuple[int, int], spans: list[tuple[int, int]]) -> str:
    """The sentence with each flagged span in [brackets], cut when long."""
    parts, at = [], sent[0]
    for a, b in sorted(spans):
        a, b = max(a, at), min(b, sent[1])
        parts += [text[at:a], f"[{text[a:b]}]"]
        at = b
    shown = " ".join("".join([*parts, text[at : sent[1]]]).split())
    if len(shown) > MAX_SENTENCE:
        lo = max(shown.index("[") - MAX_SENTENCE // 4, 0)
        shown = ("\u2026" if lo else "") + shown[lo : lo + MAX_SENTENCE] + "\u2026"
    return shown


def flag_lines(doc: Document, flag: Flag, ctx: CheckContext) -> list[str]:
    """One flag: its kind and message, then each sentence involved with its spans marked."""
    by_sentence: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for span in flag.spans:
        by_sentence.setdefault(ctx.sentence_at(span[0]), []).append(span)
    lines = [f"  [{flag.kind}] {flag.message}"]
    for sent, spans in sorted(by_sentence.items()):
        lines.append(f"      > {_mark(doc.text, sent, spans)}")
    return lines


def format_document(doc: Document) -> str:
    """The readable report of one document's flags."""
    name = doc.source or doc.id
    if not doc.flags:
        return f"{name}: no flags"
    ctx = CheckContext(doc)
    lines = [f"{name}: {len(doc.flags)} flag{'s' * (len(doc.flags) != 1)}"]
    for flag in doc.flags:
        lines += flag_lines(doc, flag, ctx)
    return "\n".join(lines)


def report(results: Iterable[Document | Rejected], out: TextIO, fmt: str = "text") -> int:
    """Write the report of every result to ``out``; return the exit code."""
    flagged = rejected = False
    for res in results:
        if isinstance(res, Rejected):
            rejected = True
            print(f"{res.source or res.id}: rejected: {res.code}: {res.reason}", file=out)
            continue
        flagged = flagged or bool(res.flags)
        if fmt == "json":
            json.dump({"id": res.id, "source": res.source,
                       "flags": [f.to_dict() for f in res.flags]}, out, ensure_ascii=False)
            out.write("\n")
        else:
            print(format_document(res), file=out)
    return EXIT_FLAGGED if flagged else EXIT_REJECTED if rejected else EXIT_CLEAN


def run(args: argparse.Namespace) -> int:
    from eventwire.runners.local import code_inputs

    pub_date = iso_date(args.pub_date)
    results = code_inputs(args.inputs, pub_date, show_progress=False)
    return report(results, sys.stdout, args.format)
