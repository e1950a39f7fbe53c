"""``eventwire actors``: actor dictionaries.

    eventwire actors import-petrarch FILE... [--agents FILE] [--out PATH]
    eventwire actors import-wikidata FILE [--out PATH] [--offices-out PATH]
    eventwire actors lookup NAME [--date D] [--dict FILE]... [--json]

Imported dictionaries are written in the ``entities.tsv`` layout, which is also the user
dictionary format: load user dictionaries with ``--dict`` here, or for the pipeline with the
``EVENTWIRE_ACTOR_DICTIONARIES`` environment variable (paths joined by ``:``).
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from eventwire.actorkb import ActorKB, build_kb, get_kb
from eventwire.actorkb_import import (
    entries_to_rows,
    load_petrarch_actors,
    load_petrarch_agents,
    load_wikidata,
)
from eventwire.errors import UsageError

ENTRY_COLUMNS = ["name", "aliases", "code", "sector", "qid", "start", "end", "kind", "cameo"]
OFFICE_COLUMNS = ["person", "aliases", "qid", "country", "office", "start", "end"]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("actors", help="import actor dictionaries and look names up",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    acts = p.add_subparsers(dest="actors_command", metavar="ACTION")
    imp = acts.add_parser("import-petrarch", help="convert TABARI/PETRARCH actor dictionaries")
    imp.add_argument("files", nargs="+", type=Path, help="*.actors.txt files")
    imp.add_argument("--agents", type=Path, action="append", default=[],
                     help="a PETRARCH agents file to check and count")
    imp.add_argument("--out", type=Path, help="write the entries as TSV (default: summary only)")
    imp.set_defaults(func=run_import_petrarch)
    wd = acts.add_parser("import-wikidata", help="convert a JSON-lines Wikidata extract")
    wd.add_argument("file", type=Path)
    wd.add_argument("--out", type=Path, help="write the entries as TSV")
    wd.add_argument("--offices-out", type=Path, help="write the office terms as TSV")
    wd.set_defaults(func=run_import_wikidata)
    lk = acts.add_parser("lookup", help="show how a name resolves and from which evidence")
    lk.add_argument("name")
    lk.add_argument("--date", help="resolve as of this date (YYYY-MM-DD)")
    lk.add_argument("--dict", type=Path, action="append", default=[],
                    help="a user dictionary (CSV/TSV/YAML) to load first")
    lk.add_argument("--json", action="store_true", help="print JSON")
    lk.set_defaults(func=run_lookup)
    p.set_defaults(func=_no_action(p))


def _no_action(parser: argparse.ArgumentParser) -> Any:
    def run(args: argparse.Namespace) -> int:
        parser.print_help(sys.stderr)
        return 2
    return run


# --- plain functions ---------------------------------------------------------------------
def import_petrarch(files: Sequence[Path], agents: Sequence[Path] = ()) -> dict[str, Any]:
    """Entries of PETRARCH actor files as TSV rows, with counts."""
    rows: list[dict[str, str]] = []
    for path in files:
        _exists(path)
        rows.extend(entries_to_rows(load_petrarch_actors(path)))
    agent_rules = [r for path in agents for r in load_petrarch_agents(_exists(path))]
    return {"entries": len({(r["name"], r["kind"]) for r in rows}), "codes": len(rows),
            "dated": sum(1 for r in rows if r["start"] or r["end"]),
            "agents": len(agent_rules), "rows": rows}


def import_wikidata_file(path: Path) -> dict[str, Any]:
    """Entries and office terms of a Wikidata JSON-lines extract as TSV rows."""
    entries, offices = load_wikidata(_exists(path))
    office_rows = [{"person": t.person, "aliases": "", "qid": t.qid or "", "country": t.country,
                    "office": t.office, "start": t.start.isoformat() if t.start else "",
                    "end": t.end.isoformat() if t.end else ""} for t in offices]
    return {"entries": len(entries), "offices": len(offices),
            "rows": list(entries_to_rows(entries)), "office_rows": office_rows}


def lookup(name: str, date: str | None = None, dicts: Sequence[Path] = ()) -> dict[str, Any]:
    """How ``name`` resolves on ``date``: the actor, evidence and the person's office terms."""
    kb: ActorKB = build_kb([_exists(d) for d in dicts]) if dicts else get_kb()
    res = kb.lookup(name, date)
    if res is None:
        return {"name": name, "date": date, "found": False}
    a = res.actor
    terms = kb.offices_of(a.name) if res.entry.kind == "person" else []
    return {"name": name, "date": date, "found": True, "canonical": a.name, "code": a.code,
            "sector": a.sector, "identifier_id": a.identifier_id, "office": a.office,
            "evidence": res.evidence, "source": res.entry.source, "kind": res.entry.kind,
            "terms": [f"{t.country} {t.office} {t.start}..{t.end or ''}" for t in terms]}


def format_lookup(info: dict[str, Any]) -> str:
    if not info["found"]:
        return f"{info['name']}: not found"
    lines = [f"{info['name']} -> {info['canonical']}  {info['code'] or '-'} "
             f"{info['sector'] or '-'}  {info['identifier_id'] or ''}".rstrip()]
    lines += [f"  {k}: {info[k]}" for k in ("office", "evidence", "source", "kind") if info[k]]
    lines += [f"  term: {t}" for t in info["terms"]]
    return "\n".join(lines)


def write_tsv(rows: Iterable[dict[str, str]], columns: list[str], out: Path | None) -> str:
    """Rows as TSV, to ``out`` if given; returns the text."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, delimiter="\t", lineterminator="\n",
                            extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    if out is not None:
        try:
            out.write_text(buf.getvalue(), encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {out}: {exc}", code="E501") from exc
    return buf.getvalue()


def _exists(path: Path) -> Path:
    if not path.is_file():
        raise UsageError(f"no such file: {path}", code="E501")
    return path


# --- argparse entry points ----------------------------------------------------------------
def run_import_petrarch(args: argparse.Namespace) -> int:
    result = import_petrarch(args.files, args.agents)
    if args.out:
        write_tsv(result["rows"], ENTRY_COLUMNS, args.out)
    print(f"{result['entries']} entries, {result['codes']} codes ({result['dated']} date-bounded)"
          f", {result['agents']} agent phrases" + (f"; written to {args.out}" if args.out else ""))
    return 0


def run_import_wikidata(args: argparse.Namespace) -> int:
    result = import_wikidata_file(args.file)
    if args.out:
        write_tsv(result["rows"], ENTRY_COLUMNS, args.out)
    if args.offices_out:
        write_tsv(result["office_rows"], OFFICE_COLUMNS, args.offices_out)
    print(f"{result['entries']} entries, {result['offices']} office terms")
    return 0


def run_lookup(args: argparse.Namespace) -> int:
    info = lookup(args.name, args.date, args.dict)
    print(json.dumps(info, indent=2) if args.json else format_lookup(info))
    return 0 if info["found"] else 1
