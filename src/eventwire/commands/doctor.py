"""``eventwire doctor``: check a store file and, with ``--repair``, rebuild it from what can be
read (the damaged file is kept aside)."""

from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.store.doctor import Health, Repair, check, repair
from eventwire.store.duck import default_path


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser(
        "doctor",
        help="check (and repair) the store",
        description="Check a store: every table readable (block checksums), schema version, "
        "row counts and orphan rows. With --repair, move the file aside and copy every readable "
        "row into a fresh store at the same path. Exit code 0 when healthy (or fully repaired), "
        "1 when problems remain or rows were lost.",
    )
    p.add_argument("--db", metavar="PATH", help="store file (default: ./eventwire.duckdb)")
    p.add_argument("--repair", action="store_true",
                   help="rebuild the store from its readable rows; the old file is kept aside")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    path = Path(args.db) if args.db else default_path()
    if args.repair:
        done = repair(path)
        print(format_repair(done))
        return 0 if done.complete else 1
    health = check(path)
    print(format_health(health))
    return 0 if health.ok else 1


def format_health(health: Health) -> str:
    """A short report of a store's health, one fact per line."""
    lines = [f"store {health.path}: {'ok' if health.ok else 'PROBLEMS'}",
             f"schema version {health.schema_version}"]
    lines += [f"  {table:<15} {count:>10} rows" for table, count in health.counts.items()]
    lines += [f"problem: {p}" for p in health.problems]
    if not health.ok:
        lines.append("run 'eventwire doctor --repair' to rebuild it from its readable rows")
    return "\n".join(lines)


def format_repair(done: Repair) -> str:
    """A short report of a repair: rows copied and lost per table, where the old file went."""
    lines = [f"store {done.path} rebuilt; the old file is kept as {done.kept_aside}"]
    lines += [f"  {t:<15} {done.copied.get(t, 0):>10} copied {n:>8} lost"
              for t, n in done.lost.items()]
    lines += [f"dropped {n} rows of {t} that belong to no document"
              for t, n in done.orphans_dropped.items()]
    if done.relinked:
        lines.append(f"rebuilt the duplicate links of {done.relinked} documents")
    lines += [f"problem: {p}" for p in done.problems]
    if not done.complete:
        lines.append("some rows could not be saved; they remain in the old file")
    return "\n".join(lines)
